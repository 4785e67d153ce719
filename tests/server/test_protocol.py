"""The wire format module: importable by the desktop client alone, strict, and round-tripping."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import uuid

import pytest

from salesdesk.domain.ids import uuid7
from salesdesk.domain.schema import ValidationError
from sync import protocol
from sync.protocol import (
    Change,
    FieldConflict,
    Op,
    OpResult,
    ProtocolError,
    PullPage,
    PushRequest,
    Summary,
    decode_fields,
    result_for_version,
    summarize,
)


def test_protocol_imports_without_the_server_stack_or_qt() -> None:
    code = (
        "import sys, sync.protocol; "
        "bad = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'fastapi', 'starlette', 'uvicorn', 'argon2', 'psycopg', 'PySide6', 'pydantic'}); "
        "print(','.join(bad))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == ""


def test_messages_round_trip() -> None:
    op = Op(
        uuid7(),
        "customer",
        uuid7(),
        "update",
        7,
        {"city": "上海"},
        dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC),
    )
    request = PushRequest(ops=(op,), client_id=uuid7())
    assert PushRequest.from_json(protocol.loads(protocol.dumps(request.to_json()))) == request
    conflict = FieldConflict("city", "天津", "北京", "经理", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    result = OpResult(op.op_id, "conflict", seq=9, conflicts=(conflict,))
    assert OpResult.from_json(result.to_json()) == result
    page = PullPage((Change(3, "customer", uuid7(), "remove"),), cursor=3, more=False)
    assert PullPage.from_json(protocol.loads(protocol.dumps(page.to_json()))) == page
    raw = protocol.page_json([protocol.dumps(c.to_json()) for c in page.changes], 3, False)
    assert PullPage.from_json(protocol.loads(raw)) == page
    summary = Summary(cursor=5, entities={"customer": summarize([(uuid7(), 5)])})
    assert Summary.from_json(summary.to_json()) == summary


def test_v1_results_carry_one_reason() -> None:
    rejected = OpResult(uuid7(), "rejected", code="not_allowed", message="only managers")
    v1 = result_for_version(rejected.to_json(), 1)
    assert v1["reason"] == "only managers" and "code" not in v1
    assert OpResult.from_json(v1).message == "only managers"
    assert result_for_version(rejected.to_json(), 2) == rejected.to_json()


def test_v1_push_requests_may_omit_the_client_id_v2_may_not() -> None:
    assert PushRequest.from_json({"ops": []}, version=1).client_id is None
    with pytest.raises(ProtocolError):
        PushRequest.from_json({"ops": []}, version=2)


def test_summaries_do_not_depend_on_order() -> None:
    rows = [(uuid7(), n) for n in range(50)]
    assert summarize(rows) == summarize(list(reversed(rows)))
    assert summarize(rows) != summarize(rows[1:])
    assert summarize([]).hash == "0" * 16


def test_summaries_of_ids_as_text_equal_those_of_uuids() -> None:
    """The server hashes ids as its driver returns them and the client from stored hex: both
    must give the hash of the UUIDs themselves."""
    from sync.protocol import id_text

    rows = [(uuid7(), n) for n in range(20)]
    assert summarize([(id_text(r.hex), n) for r, n in rows]) == summarize(rows)
    assert summarize([(id_text(r), n) for r, n in rows]) == summarize(rows)
    assert summarize([(id_text(r.hex.upper()), n) for r, n in rows]) == summarize(rows)
    assert summarize([(r.hex, n) for r, n in rows]) != summarize(rows)  # the text must be canonical


@pytest.mark.parametrize(
    "header, problem",
    [("1", None), ("2", None), ("0", "client_too_old"), ("3", "server_too_old")],
)
def test_versions(header: str, problem: str | None) -> None:
    found = protocol.version_problem(protocol.parse_version(header))
    assert (found[0] if found else None) == problem


def test_field_payloads_are_validated_by_the_entity_declarations() -> None:
    values = decode_fields("deal", {"amount": "12.50", "customer_id": str(uuid.uuid4())})
    assert str(values["amount"]) == "12.50"
    with pytest.raises(ValidationError) as caught:
        decode_fields("deal", {"amount": 12.5, "probability": 2**70, "nope": 1})
    assert set(caught.value.errors) == {"amount", "probability", "nope"}
    with pytest.raises(ValidationError):
        decode_fields("nothing", {})
