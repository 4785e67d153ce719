"""The recycle bin's queries on a real profile: one entry per deletion, restore, refusals."""

from __future__ import annotations

import pytest

from salesdesk.domain.entities import Contact, Customer, Deal, PipelineStage, Task, Visit
from salesdesk.domain.schema import ValidationError
from salesdesk.store import recycle_bin
from salesdesk.store.store import Store
from tests.factories import create
from tests.report_helpers import become


def test_a_deletion_is_listed_once_with_what_went_with_it(store: Store) -> None:
    customer = store.create(Customer, name="成都天府软件有限公司")
    for name in ("张伟", "李娜"):
        store.create(Contact, customer_id=customer.id, name=name)
    visit = store.create(Visit, customer_id=customer.id, purpose="拜访")
    create(store, "attachment", visit_id=visit.id)
    task = store.create(Task, title="回访")
    store.delete(Task, task.id)
    store.delete(Customer, customer.id)

    entries = recycle_bin.deleted_records(store)
    assert [(e.entity, e.record.id) for e in entries] == [
        ("customer", customer.id),  # newest first
        ("task", task.id),
    ]
    assert entries[0].together == 4  # two contacts, the visit and its attachment
    assert entries[1].together == 0 and entries[1].parent is None
    assert recycle_bin.deleted_records(store, ["task"])[0].record.id == task.id


def test_restore_brings_back_the_rows_deleted_with_it(store: Store) -> None:
    customer = store.create(Customer, name="青岛海川物流有限公司")
    kept = store.create(Contact, customer_id=customer.id, name="张伟")
    removed_before = store.create(Contact, customer_id=customer.id, name="王芳")
    store.delete(Contact, removed_before.id)  # on its own, earlier
    store.delete(Customer, customer.id)

    entries = {e.record.id: e for e in recycle_bin.deleted_records(store)}
    assert set(entries) == {customer.id, removed_before.id}
    orphan = entries[removed_before.id]
    assert orphan.parent_entity == "customer" and orphan.parent_deleted
    with pytest.raises(ValidationError) as refused:
        recycle_bin.restore(store, "contact", removed_before.id)
    assert refused.value.errors["customer_id"].code == "parent_deleted"

    recycle_bin.restore(store, "customer", customer.id)
    assert store.get(Customer, customer.id) is not None
    assert store.get(Contact, kept.id) is not None
    assert store.get(Contact, removed_before.id) is None  # deleted separately: still in the bin
    assert [e.record.id for e in recycle_bin.deleted_records(store)] == [removed_before.id]
    recycle_bin.restore(store, "contact", removed_before.id)
    assert recycle_bin.deleted_records(store) == []


def test_a_rep_sees_only_what_a_rep_may_restore(store: Store) -> None:
    stage = store.create(PipelineStage, name="验收", position=9)
    customer = store.create(Customer, name="厦门启明贸易有限公司")
    deal = store.create(Deal, customer_id=customer.id, title="采购", stage_id=stage.id)
    store.delete(Deal, deal.id)
    store.delete(PipelineStage, stage.id)
    assert {e.entity for e in recycle_bin.deleted_records(store)} == {"pipeline_stage", "deal"}
    become(store, "rep")
    assert "pipeline_stage" not in recycle_bin.restorable_entities(store.profile)
    assert [e.entity for e in recycle_bin.deleted_records(store)] == ["deal"]
    assert "user" not in recycle_bin.restorable_entities(store.profile)
    assert "deal_stage_change" not in recycle_bin.restorable_entities(store.profile)
