"""Bad input gets a clear 4xx (never a 500) and writes nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from salesdesk.domain.ids import uuid7
from tests.server.conftest import WORLD_MAX_BODY, Client, Server, create, now_text, op, update

VERSION = {"X-SalesDesk-Protocol": "2"}


@pytest.fixture
def rep(world: Server) -> Iterator[Client]:
    admin = world.shared("admin")
    before = admin.summary()["entities"]
    yield world.shared("a1")
    assert admin.summary()["entities"] == before, "bad input must not write anything"


def raw_push(client: Client, body: bytes | str, **headers: str) -> Any:
    data = body.encode() if isinstance(body, str) else body
    return client.request(
        "POST",
        "/sync/push",
        data=data,
        headers={"Content-Type": "application/json", **headers},
    )


def envelope(*ops: dict[str, Any]) -> dict[str, Any]:
    return {"client_id": str(uuid7()), "ops": list(ops)}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ("{", 400, "malformed_json"),
        ("", 400, "malformed_json"),
        (b"\xff\xfe{}", 400, "malformed_json"),
        ('{"ops": [], "client_id": NaN}', 400, "malformed_json"),
        ('{"ops": [{"op_id": "\\u0000"}], "client_id": "x"}', 400, "malformed_json"),
        ('{"ops": [], "client_id": "\\ud800"}', 400, "malformed_json"),
        ("[" * 5000 + "]" * 5000, 400, "malformed_json"),
        ("[]", 422, "invalid_request"),
        ('{"ops": {}}', 422, "invalid_request"),
        ('{"ops": []}', 422, "invalid_request"),  # v2 needs client_id
        ('{"ops": [], "client_id": "not-a-uuid"}', 422, "invalid_request"),
        (
            '{"ops": [], "client_id": "' + str(uuid.uuid4()) + '", "extra": 1}',
            422,
            "invalid_request",
        ),
    ],
)
def test_malformed_bodies(rep: Client, body: str | bytes, status: int, code: str) -> None:
    response = raw_push(rep, body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


BAD_OPS: list[tuple[str, Any]] = [
    ("op_id", "123"),
    ("op_id", 5),
    ("row_id", None),
    ("entity", 7),
    ("kind", "upsert"),
    ("base_rev", "1"),
    ("base_rev", -1),
    ("base_rev", 2**70),
    ("base_rev", True),
    ("fields", []),
    ("created_at", "yesterday"),
    ("created_at", "0001-01-01T00:00:00+05:00"),
    ("surprise", 1),
]


@pytest.mark.parametrize(("key", "value"), BAD_OPS)
def test_malformed_ops_refuse_the_whole_batch(rep: Client, key: str, value: Any) -> None:
    good = create("customer", None, name="不该写入", owner_id=rep.user_id)
    bad = {**create("customer", None, name="坏", owner_id=rep.user_id), key: value}
    response = raw_push(rep, json.dumps(envelope(good, bad)))
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_request"
    assert "ops[1]" in response.json()["error"]["message"]


def test_duplicate_op_ids_in_one_batch_are_refused(rep: Client) -> None:
    one = create("customer", None, name="x", owner_id=rep.user_id)
    response = raw_push(rep, json.dumps(envelope(one, one)))
    assert response.status_code == 422


FIELD_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("customer", {"name": 123}, "name"),
    ("customer", {"name": "x" * 201}, "name"),
    ("customer", {"tier": "Z"}, "tier"),
    ("customer", {"latitude": "north"}, "latitude"),
    ("customer", {"latitude": 91.5}, "latitude"),
    ("customer", {"tags": "vip"}, "tags"),
    ("customer", {"notes": [{"text": "no id"}]}, "notes"),
    (
        "customer",
        {"notes": [{"id": str(uuid.uuid4()), "at": "0001-01-01T00:00:00+01:00", "text": "x"}]},
        "notes",
    ),
    ("customer", {"owner_id": "me"}, "owner_id"),
    ("customer", {"rev": 5}, "rev"),
    ("customer", {"colour": "red"}, "colour"),
    ("visit", {"route_order": 10**30}, "route_order"),
    ("task", {"due_at": "0001-01-01T00:00:00+05:00"}, "due_at"),
    ("deal", {"amount": 12.5}, "amount"),
    ("deal", {"amount": "1e30"}, "amount"),
    ("attachment", {"content": "%%%not base64"}, "content"),
]


@pytest.mark.parametrize(("entity", "fields", "field"), FIELD_CASES)
def test_bad_field_values_are_rejected_per_op_with_the_field(
    rep: Client, entity: str, fields: dict[str, Any], field: str
) -> None:
    sent = op("create", entity, None, fields)
    result = rep.push_one(sent)
    assert result["status"] == "rejected", result
    assert result["code"] in ("invalid", "unknown_entity")
    assert field in {e["field"] for e in result["errors"]}, result


def test_unknown_entities_are_rejected_per_op(rep: Client) -> None:
    sent = op("create", "spaceship", None, {"name": "x"})
    response = raw_push(rep, json.dumps(envelope(sent)))
    assert response.status_code == 200
    (result,) = response.json()["results"]
    assert (result["status"], result["code"]) == ("rejected", "unknown_entity")


def test_updates_with_wrong_types_are_rejected_and_change_nothing(world: Server) -> None:
    rep = world.login("a1")
    customer = uuid7()
    rep.push_one(create("customer", customer, name="类型检查", owner_id=rep.user_id))
    rep.sync()
    before = rep.row(customer)
    result = rep.push_one(update("customer", customer, before["rev"], city=5, tier="A"))
    assert (result["status"], result["code"]) == ("rejected", "invalid")
    rep.sync()
    assert rep.row(customer) == before


def test_oversized_bodies_get_413(rep: Client) -> None:
    big = "x" * (WORLD_MAX_BODY + 10)
    response = raw_push(rep, json.dumps(envelope(op("create", "customer", None, {"name": big}))))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it streams in
        yield b'{"client_id": "' + str(uuid.uuid4()).encode() + b'", "ops": [], "pad": "'
        for _ in range(WORLD_MAX_BODY // 65536 + 2):
            yield b"y" * 65536
        yield b'"}'

    response = rep.request(
        "POST", "/sync/push", data=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


def test_too_many_ops_in_one_batch(rep: Client) -> None:
    ops = [create("task", None, title=f"t{i}") for i in range(501)]
    response = raw_push(rep, json.dumps(envelope(*ops)))
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_many_ops"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/sync/pull", {"cursor": -1}),
        ("/sync/pull", {"cursor": "abc"}),
        ("/sync/pull", {"cursor": 2**70}),
        ("/sync/pull", {"limit": 0}),
        ("/sync/pull", {"limit": 10**9}),
        ("/sync/pull", {"max_bytes": 10}),
        ("/sync/ids", {}),
        ("/sync/ids", {"entity": "spaceship"}),
        ("/sync/ids", {"entity": "customer", "after": "nope"}),
        ("/sync/ids", {"entity": "customer", "limit": -5}),
    ],
)
def test_bad_query_parameters(rep: Client, path: str, params: dict[str, Any]) -> None:
    response = rep.request("GET", path, params=params)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["message"]


def test_unknown_routes_and_methods_answer_in_json(rep: Client) -> None:
    missing = rep.request("GET", "/sync/nothing")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    wrong = rep.request("DELETE", "/sync/push")
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"


def test_login_and_refresh_bodies_are_checked(rep: Client) -> None:
    for path, body in (
        ("/auth/login", "{"),
        ("/auth/login", json.dumps({"username": "a1"})),
        ("/auth/login", json.dumps({"username": ["a1"], "password": "x"})),
        ("/auth/login", json.dumps({"username": "a1\u0000", "password": "x"})),
        ("/auth/login", json.dumps({"username": "a" * 65, "password": "x"})),
        ("/auth/refresh", json.dumps({"refresh_token": 5})),
        ("/auth/refresh", json.dumps({})),
    ):
        response = rep.request(
            "POST", path, data=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code in (400, 422), (path, body, response.text)
    assert (
        rep.request("POST", "/auth/refresh", json={"refresh_token": "made-up"}).status_code == 401
    )


def test_created_at_is_required_and_checked(rep: Client) -> None:
    sent = create("task", None, title="x")
    sent["created_at"] = now_text().replace("Z", "+25:00")
    response = raw_push(rep, json.dumps(envelope(sent)))
    assert response.status_code == 422
