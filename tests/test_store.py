"""The local store: round trips, the write path's outbox capture, tombstones, permissions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from salesdesk.domain.entities import CHILDREN, Contact, Customer, Deal, Visit
from salesdesk.domain.schema import ENTITIES, Kind, Merge, ValidationError, entity_def
from salesdesk.store.store import (
    ChangeSet,
    NotFoundError,
    PermissionDeniedError,
    Profile,
    Store,
)
from salesdesk.store.tables import OutboxEntry
from tests.factories import TODAY, WRITABLE, create, values_for

OUTBOX = OutboxEntry.__table__


def outbox(store: Store) -> list[Any]:
    with store.engine.connect() as connection:
        return list(connection.execute(sa.select(OUTBOX).order_by(OUTBOX.c.seq)).mappings())


def test_every_entity_is_covered_by_the_factories() -> None:
    writable = {n for n, d in ENTITIES.items() if d.scope != "directory" and d.writers}
    assert writable == set(WRITABLE)


@pytest.mark.parametrize("entity", WRITABLE)
def test_create_round_trips_and_records_one_outbox_entry(store: Store, entity: str) -> None:
    with store.transaction() as writer:
        values = values_for(writer, entity)
    before = outbox(store)
    created = create(store, entity, **values)
    again = store.get(entity, created.id)
    assert again == created
    for name, value in values.items():
        assert getattr(again, name) == value
    entries = outbox(store)[len(before) :]
    mine = [e for e in entries if e["row_id"] == created.id]
    assert len(mine) == 1
    entry = mine[0]
    assert (entry["entity"], entry["kind"], entry["base_rev"]) == (entity, "create", 0)
    definition = entity_def(entity)
    assert entry["fields"] == definition.fields_to_json(created.values())


@pytest.mark.parametrize("entity", WRITABLE)
def test_update_records_only_the_changed_fields(store: Store, entity: str) -> None:
    definition = entity_def(entity)
    created = create(store, entity)
    editable = [
        s
        for s in definition.fields
        if not s.immutable
        and s.ref is None
        and s.kind in (Kind.TEXT, Kind.INT, Kind.CHOICE, Kind.DATE)
        and s.check is None
        and s.merge == Merge.PLAIN
        and s.roles is None
        and (not s.optional or s.kind == Kind.DATE)
    ]
    if definition.append_only:
        with pytest.raises(ValidationError) as error:
            store.update(definition.cls, created.id, **{definition.fields[-1].name: None})
        assert "append_only" in {e.code for e in error.value.errors.values()}
        return
    spec = editable[0]
    old_value = getattr(created, spec.name)
    new_value: Any = {
        Kind.TEXT: lambda: "改过的内容",
        Kind.INT: lambda: old_value + 1,
        Kind.CHOICE: lambda: next(c for c in spec.choices if c != old_value),
        Kind.DATE: lambda: (old_value or TODAY) + dt.timedelta(days=1),
    }[spec.kind]()
    before = len(outbox(store))
    updated = store.update(definition.cls, created.id, **{spec.name: new_value})
    assert getattr(store.require(entity, created.id), spec.name) == new_value
    entries = outbox(store)[before:]
    wire = definition.fields_to_json({spec.name: new_value})
    assert [(e["kind"], e["fields"]) for e in entries] == [("update", wire)]
    assert updated.updated_at >= created.updated_at
    # The same value again is no change at all: nothing is recorded.
    store.update(definition.cls, created.id, **{spec.name: new_value})
    assert len(outbox(store)) == before + 1


@pytest.mark.parametrize("entity", WRITABLE)
def test_a_failed_write_leaves_neither_row_nor_outbox_entry(store: Store, entity: str) -> None:
    table = store.table(entity)
    with store.engine.connect() as connection:
        rows_before = connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()
    entries_before = len(outbox(store))

    class BoomError(Exception):
        pass

    with pytest.raises(BoomError), store.transaction() as writer:
        writer.create(entity, values_for(writer, entity))
        raise BoomError
    with store.engine.connect() as connection:
        rows_after = connection.execute(sa.select(sa.func.count()).select_from(table)).scalar()
    assert rows_after == rows_before
    assert len(outbox(store)) == entries_before


def test_invalid_values_write_nothing_and_name_each_field(store: Store) -> None:
    before = len(outbox(store))
    with pytest.raises(ValidationError) as error:
        store.create(Customer, name="", tier="Z", credit_code="123", latitude=200)
    assert set(error.value.errors) == {"name", "tier", "credit_code", "latitude"}
    assert error.value.errors["tier"].code == "invalid_choice"
    assert store.count(Customer) == 0
    assert len(outbox(store)) == before


def test_a_reference_to_a_missing_row_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError) as error:
        store.create(Contact, customer_id=uuid.uuid4(), name="张伟")
    assert error.value.errors["customer_id"].code == "not_found"
    assert store.count(Contact) == 0


@pytest.mark.parametrize("entity", [e for e in WRITABLE if entity_def(e).deletable])
def test_delete_is_a_tombstone_with_an_outbox_entry(store: Store, entity: str) -> None:
    created = create(store, entity)
    before = len(outbox(store))
    store.delete(entity, created.id)
    assert store.get(entity, created.id) is None
    tombstone = store.get(entity, created.id, deleted=True)
    assert tombstone is not None and tombstone.deleted
    entries = outbox(store)[before:]
    assert ("delete", created.id) in [(e["kind"], e["row_id"]) for e in entries]
    with pytest.raises(NotFoundError):
        store.delete(entity, created.id)


def test_deleting_a_customer_tombstones_everything_under_it_and_restore_brings_it_back(
    store: Store,
) -> None:
    deal = create(store, "deal")
    customer_id = deal.customer_id
    contact = create(store, "contact", customer_id=customer_id)
    visit = create(store, "visit", customer_id=customer_id)
    attachment = create(store, "attachment", visit_id=visit.id)
    store.delete(Customer, customer_id)
    for entity, row_id in [
        ("deal", deal.id),
        ("contact", contact.id),
        ("visit", visit.id),
        ("attachment", attachment.id),
    ]:
        assert store.get(entity, row_id) is None, entity
    deletes = [e for e in outbox(store) if e["kind"] == "delete"]
    assert {e["row_id"] for e in deletes} == {
        customer_id,
        deal.id,
        contact.id,
        visit.id,
        attachment.id,
    }
    store.restore(Customer, customer_id)
    for entity, row_id in [
        ("deal", deal.id),
        ("contact", contact.id),
        ("attachment", attachment.id),
    ]:
        assert store.get(entity, row_id) is not None, entity
    restores = [e for e in outbox(store) if e["kind"] == "restore"]
    assert len(restores) == 5


def test_a_child_deleted_earlier_stays_deleted_when_the_parent_is_restored(store: Store) -> None:
    contact = create(store, "contact")
    store.delete(Contact, contact.id)
    store.delete(Customer, contact.customer_id)
    store.restore(Customer, contact.customer_id)
    assert store.get(Contact, contact.id) is None


def test_cannot_restore_a_child_whose_parent_is_deleted(store: Store) -> None:
    contact = create(store, "contact")
    store.delete(Customer, contact.customer_id)
    with pytest.raises(ValidationError) as error:
        store.restore(Contact, contact.id)
    assert error.value.errors["customer_id"].code == "parent_deleted"


def test_notes_are_append_only(store: Store) -> None:
    customer = create(store, "customer")
    with store.transaction() as writer:
        writer.add_note("customer", customer.id, "第一次拜访,客户很热情")
        second = writer.add_note("customer", customer.id, "second note")
    assert isinstance(second, Customer)
    assert [n.text for n in second.notes] == ["第一次拜访,客户很热情", "second note"]
    entries = [e for e in outbox(store) if e["kind"] == "update"]
    assert [len(e["fields"]["notes"]) for e in entries] == [1, 1]  # only the new entry travels
    with pytest.raises(ValidationError) as error:
        store.update(Customer, customer.id, notes=second.notes[1:])
    assert error.value.errors["notes"].code == "append_only"


def test_defaults_fill_the_signed_in_user_and_team(store: Store) -> None:
    profile = store.profile
    customer = create(store, "customer")
    assert customer.owner_id == profile.user_id
    target = create(store, "target")
    assert target.team_id == profile.team_id


def _as_rep(store: Store) -> None:
    profile = store.profile
    store.set_meta("profile", dataclasses.replace(profile, role="rep").to_json())


def test_a_rep_may_not_change_manager_fields_or_configuration(store: Store) -> None:
    customer = create(store, "customer")
    report = create(store, "report")
    _as_rep(store)
    assert store.profile.role == "rep"
    with pytest.raises(PermissionDeniedError):
        create(store, "pipeline_stage")
    with pytest.raises(ValidationError) as error:
        store.update(Customer, customer.id, owner_id=uuid.uuid4())
    assert error.value.errors["owner_id"].code == "not_allowed"
    with pytest.raises(ValidationError) as error:
        store.update(type(report), report.id, score=5)
    assert error.value.errors["score"].code == "not_allowed"
    # A rep creating a customer owns it.
    assert create(store, "customer").owner_id == store.profile.user_id


def test_immutable_fields_cannot_change(store: Store) -> None:
    visit = create(store, "visit")
    with pytest.raises(ValidationError) as error:
        store.update(Visit, visit.id, rep_id=uuid.uuid4())
    assert error.value.errors["rep_id"].code == "read_only"


def test_subscribers_hear_what_each_commit_changed(store: Store) -> None:
    heard: list[ChangeSet] = []
    unsubscribe = store.subscribe(heard.append)
    deal = create(store, "deal")
    assert heard[-1].touches("deal") and heard[-1].touches("customer")
    assert deal.id in heard[-1].ids("deal")
    assert heard[-1].source == "local"
    unsubscribe()
    create(store, "customer")
    assert len(heard) == 1


def test_money_is_exact_and_stored_as_cents(store: Store) -> None:
    deal = create(store, "deal", amount="0.10")
    total = sum((store.require(Deal, deal.id).amount for _ in range(3)), start=deal.amount * 0)
    assert str(total) == "0.30"
    with store.engine.connect() as connection:
        stored = connection.execute(
            sa.text("SELECT amount FROM deal WHERE id = :id"), {"id": deal.id.hex}
        ).scalar()
    assert stored == 10


def test_timestamps_are_utc_aware(store: Store) -> None:
    customer = create(store, "customer")
    assert customer.created_at.utcoffset() is not None
    assert store.require(Customer, customer.id).created_at == customer.created_at


def test_every_connection_is_set_up(store: Store) -> None:
    with store.engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
        }
    assert pragmas == {
        "foreign_keys": 1,
        "journal_mode": "wal",
        "synchronous": 1,
        "busy_timeout": 10000,
    }


def test_children_index_lists_the_parent_links() -> None:
    assert ("contact", "customer_id") in CHILDREN["customer"]
    assert ("attachment", "visit_id") in CHILDREN["visit"]


def test_profile_survives_reopening(store: Store) -> None:
    profile = store.profile
    path = store.path.parent
    store.close()
    reopened = Store.open(path)
    try:
        assert reopened.profile == profile
        assert isinstance(reopened.profile, Profile)
        assert reopened.count("pipeline_stage") == 8
    finally:
        reopened.close()


def test_churn_date_follows_the_status(store: Store) -> None:
    customer = store.create(Customer, name="流失测试有限公司", status="active")
    assert customer.churned_on is None
    churned = store.update(Customer, customer.id, status="churned")
    assert churned.churned_on is not None
    assert store.require(Customer, customer.id).churned_on == churned.churned_on
    back = store.update(Customer, customer.id, status="active")
    assert back.churned_on is None
    assert store.create(Customer, name="已流失客户", status="churned").churned_on is not None


def test_no_client_may_write_server_computed_figures(store: Store) -> None:
    with pytest.raises(PermissionDeniedError), store.transaction() as writer:
        writer.create("team_figure", {"kpi": "revenue", "period": "2026-11"})
    assert store.count("team_figure") == 0
