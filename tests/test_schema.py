"""Entity declarations: field types, validation, and the wire format round trip."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesdesk.domain.entities import Contact, Customer, Deal, PipelineStage
from salesdesk.domain.ids import uuid7, uuid7_time_ms
from salesdesk.domain.schema import ENTITIES, Kind, Merge, Note, Scope, ValidationError, entity_def
from salesdesk.domain.validators import check_credit_code, credit_code_check_char


def test_every_entity_declares_scope_title_and_merge_policies() -> None:
    for name, definition in ENTITIES.items():
        assert definition.name == name
        assert definition.title_field in definition.by_name
        if definition.scope in (Scope.OWNED, Scope.CHILD, Scope.PERSONAL, Scope.TEAM):
            assert definition.scope_field is not None
    assert entity_def("customer").field("owner_id").merge == Merge.SERVER_WINS
    assert entity_def("customer").field("notes").merge == Merge.APPEND
    assert entity_def("customer").field("name").merge == Merge.PLAIN
    assert entity_def("report_comment").append_only and entity_def("feedback").append_only


def test_money_is_decimal_never_float() -> None:
    spec = Deal.definition.field("amount")
    assert spec.clean("12,000.5") == Decimal("12000.50")
    assert spec.clean("¥3") == Decimal("3.00")
    with pytest.raises(ValidationError):
        spec.clean(0.1)
    with pytest.raises(ValidationError):
        spec.clean("1.005")
    with pytest.raises(ValidationError):
        spec.clean("-1")


def test_timestamps_must_be_aware_and_become_utc() -> None:
    spec = Deal.definition.field("stage_changed_at")
    shanghai = dt.timezone(dt.timedelta(hours=8))
    value = spec.clean(dt.datetime(2026, 11, 23, 9, 0, tzinfo=shanghai))
    assert value == dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC) and value.tzinfo == dt.UTC
    assert spec.clean("2026-11-23T09:00:00+08:00") == value
    with pytest.raises(ValidationError):
        spec.clean(dt.datetime(2026, 11, 23, 9, 0))  # naive


def test_wire_values_must_have_json_types() -> None:
    with pytest.raises(ValidationError) as error:
        PipelineStage.definition.fields_from_json({"position": "3", "active": "yes", "name": 5})
    assert set(error.value.errors) == {"position", "active", "name"}


def test_unknown_fields_and_system_columns_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        Customer.definition.clean_values({"nmae": "x", "rev": 5}, creating=False)
    assert error.value.errors["nmae"].code == "unknown_field"
    assert error.value.errors["rev"].code == "read_only"


storable = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
names = st.text(storable, min_size=1, max_size=40).filter(lambda s: s.strip() != "")


@given(
    name=names,
    tier=st.sampled_from(["A", "B", "C"]),
    latitude=st.none() | st.floats(min_value=-90, max_value=90, allow_nan=False),
    tags=st.lists(
        st.text(storable, min_size=1, max_size=10).filter(lambda s: s.strip() == s and s),
        max_size=5,
        unique=True,
    ),
)
def test_records_round_trip_through_the_wire_format(
    name: str, tier: str, latitude: float | None, tags: list[str]
) -> None:
    now = dt.datetime(2026, 11, 23, 8, 30, 15, 123456, tzinfo=dt.UTC)
    values = Customer.definition.clean_values(
        {"name": name, "tier": tier, "latitude": latitude, "tags": tags}, creating=True
    )
    note = Note(id=uuid7(), at=now, by=None, text="记录")
    record = Customer(
        id=uuid7(), rev=7, created_at=now, updated_at=now, **{**values, "notes": (note,)}
    )
    assert Customer.definition.from_json(record.to_json()) == record


def test_credit_codes() -> None:
    assert check_credit_code("91440300708461136T") is None
    assert check_credit_code("91440300708461136A") is not None  # wrong check character
    assert check_credit_code("9144030070846113") is not None  # too short
    body = "91350211MA2YGBXW0"
    assert check_credit_code(body + credit_code_check_char(body)) is None


def test_contact_mobile_rules() -> None:
    spec = Contact.definition.field("mobile")
    assert spec.clean("138 0013 8000") == "138 0013 8000"
    assert spec.clean("+86 138-0013-8000") == "+86 138-0013-8000"
    assert spec.clean("+44 20 7946 0958")
    for bad in ("12345", "23800138000", "phone"):
        with pytest.raises(ValidationError):
            spec.clean(bad)


def test_uuid7_ids_are_time_ordered_and_unique_across_threads() -> None:
    made: list[uuid.UUID] = []
    lock = threading.Lock()

    def burst() -> None:
        ids = [uuid7() for _ in range(5000)]
        assert ids == sorted(ids)  # increasing within one thread
        with lock:
            made.extend(ids)

    threads = [threading.Thread(target=burst) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(made)) == len(made) == 20000
    one = made[0]
    assert one.version == 7 and one.variant == uuid.RFC_4122
    assert one == uuid.UUID(str(one)) and hash(one) == hash(uuid.UUID(int=one.int))
    assert abs(uuid7_time_ms(one) / 1000 - dt.datetime.now(dt.UTC).timestamp()) < 60


def test_kinds_come_from_annotations() -> None:
    customer = Customer.definition
    assert customer.field("latitude").kind == Kind.FLOAT and customer.field("latitude").optional
    assert customer.field("tags").kind == Kind.TAGS
    assert customer.field("tier").kind == Kind.CHOICE
    assert Deal.definition.field("amount").kind == Kind.DECIMAL


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        ("customer", "name", "华为\x00技术"),  # PostgreSQL cannot store NUL
        ("customer", "name", "bad \ud800 surrogate"),
        ("customer", "tags", ["ok", "nul\x00"]),
        ("pipeline_stage", "position", 2**63),  # beyond a 64-bit integer
        ("pipeline_stage", "position", "9" * 40),
        ("customer", "latitude", 10**400),  # too big for a float
        ("deal", "stage_changed_at", "0001-01-01T00:00:00+05:00"),  # before year 1 in UTC
        (
            "deal",
            "stage_changed_at",
            dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5))),
        ),
    ],
)
def test_values_no_database_can_hold_are_clear_errors(
    entity: str, field: str, value: object
) -> None:
    with pytest.raises(ValidationError) as error:
        entity_def(entity).field(field).clean(value)
    assert field in error.value.errors


def test_a_note_with_an_impossible_date_is_refused() -> None:
    raw = [{"id": str(uuid7()), "at": "0001-01-01T00:00:00+05:00", "by": None, "text": "x"}]
    with pytest.raises(ValidationError):
        Customer.definition.field("notes").from_json(raw)
