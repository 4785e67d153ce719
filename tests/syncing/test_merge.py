"""Field-level merge, conflicts kept with both values, note logs, tombstones (invariants 2, 5, 6).

In-process devices against a real server. Failure modes of other systems
tested here: whole-record "last write wins" that drops a colleague's edit,
and deleted records coming back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from salesdesk.store.store import NotFoundError
from sync import client
from tests.server.conftest import Server
from tests.syncing.support import Device, server_rows


@pytest.fixture
def pair(server: Server, devices: Callable[..., Device]) -> tuple[Device, Device]:
    """A rep (a1) and their manager (ma), both synced, both holding customer C."""
    rep, manager = devices(server, "a1"), devices(server, "ma")
    rep.sync()
    manager.sync()
    return rep, manager


def _customer(rep: Device, manager: Device, **values: object) -> uuid.UUID:
    row_id = rep.add("customer", name="深圳市华为技术有限公司", city="深圳", tier="B", **values)
    rep.sync()
    manager.sync()
    return row_id


def test_concurrent_edits_to_different_fields_both_survive(pair: tuple[Device, Device]) -> None:
    rep, manager = pair
    customer = _customer(rep, manager)
    rep.set("customer", customer, city="广州", address="天河路1号")  # offline
    manager.set("customer", customer, tier="A", phone="0755-12345678")  # offline, same base
    first, second = rep.sync(), manager.sync()
    assert first.conflicts == second.conflicts == 0
    rep.sync()
    for device in (rep, manager):
        row = device.get("customer", customer)
        assert row is not None
        assert (row.city, row.address, row.tier, row.phone) == (  # type: ignore[attr-defined]
            "广州",
            "天河路1号",
            "A",
            "0755-12345678",
        )
        device.assert_converged()


def test_same_field_first_to_reach_the_server_wins_and_the_loser_is_kept(
    pair: tuple[Device, Device],
) -> None:
    rep, manager = pair
    customer = _customer(rep, manager)
    manager.set("customer", customer, city="广州")
    rep.set("customer", customer, city="上海", tier="A")
    manager.sync()  # first to reach the server
    result = rep.sync()
    assert result.conflicts == 1
    (conflict,) = client.conflicts(rep.store)
    assert (conflict.field, conflict.mine, conflict.theirs) == ("city", "上海", "广州")
    assert conflict.their_user == "MA" and conflict.their_at is not None
    assert conflict.title == "深圳市华为技术有限公司"
    row = rep.get("customer", customer)
    assert row is not None and row.city == "广州" and row.tier == "A"  # type: ignore[attr-defined]
    rep.assert_converged()
    assert client.status(rep.store).conflicts == 1

    # "use mine" writes my value again as a new local change; the next sync pushes it.
    client.resolve_conflict(rep.store, conflict.id, "mine")
    assert client.conflicts(rep.store) == [] and rep.store.outbox_count() == 1
    assert rep.sync().applied == 1
    manager.sync()
    row = manager.get("customer", customer)
    assert row is not None and row.city == "上海"  # type: ignore[attr-defined]
    (closed,) = client.conflicts(rep.store, include_resolved=True)
    assert closed.resolution == "mine" and closed.resolved_at is not None
    rep.assert_converged()
    manager.assert_converged()


def test_keep_theirs_closes_the_conflict_without_a_change(pair: tuple[Device, Device]) -> None:
    rep, manager = pair
    customer = _customer(rep, manager)
    manager.set("customer", customer, city="广州")
    rep.set("customer", customer, city="上海")
    manager.sync()
    rep.sync()
    (conflict,) = client.conflicts(rep.store)
    client.resolve_conflict(rep.store, conflict.id, "theirs")
    assert rep.store.outbox_count() == 0 and client.conflicts(rep.store) == []
    with pytest.raises(ValueError):
        client.resolve_conflict(rep.store, conflict.id, "both")
    with pytest.raises(NotFoundError):
        client.resolve_conflict(rep.store, manager.store.profile.user_id, "theirs")
    rep.assert_converged()


def test_note_logs_merge_by_union_and_never_conflict(pair: tuple[Device, Device]) -> None:
    rep, manager = pair
    customer = _customer(rep, manager)
    rep.note("customer", customer, "客户要求下周报价")
    manager.note("customer", customer, "已与采购部确认预算")
    rep.note("customer", customer, "报价已发送")
    assert manager.sync().conflicts == 0
    assert rep.sync().conflicts == 0
    manager.sync()
    for device in (rep, manager):
        row = device.get("customer", customer)
        assert row is not None
        texts = sorted(n.text for n in row.notes)  # type: ignore[attr-defined]
        assert texts == sorted(["客户要求下周报价", "已与采购部确认预算", "报价已发送"])
        device.assert_converged()


def test_a_pending_note_survives_a_pull_of_the_same_row(pair: tuple[Device, Device]) -> None:
    """Rebase: a pulled version replaces the row, but pending notes are merged in."""
    rep, manager = pair
    customer = _customer(rep, manager)
    manager.note("customer", customer, "经理备注")
    manager.set("customer", customer, tier="A")
    manager.sync()
    rep.note("customer", customer, "我的备注")
    rep.set("customer", customer, city="上海")
    from sync.client.engine import Run

    run = Run(rep.store, None, None, None)  # pull only, with the edits still pending
    run.session.start()
    run.pull()
    run.transport.close()
    row = rep.get("customer", customer)
    assert row is not None
    assert {n.text for n in row.notes} == {"经理备注", "我的备注"}  # type: ignore[attr-defined]
    assert (row.city, row.tier) == ("上海", "A")  # type: ignore[attr-defined]
    assert rep.store.outbox_count() == 2
    rep.sync()
    manager.sync()
    rep.assert_converged()
    manager.assert_converged()


def test_deleted_rows_never_come_back(pair: tuple[Device, Device], server: Server) -> None:
    rep, manager = pair
    customer = _customer(rep, manager)
    contact = rep.add("contact", customer_id=customer, name="张伟", mobile="13800138000")
    rep.sync()
    manager.sync()
    manager.delete("customer", customer)  # with its contact
    rep.set("contact", contact, title="采购经理")  # offline edit of a row being deleted
    rep.set("customer", customer, city="上海")
    manager.sync()
    result = rep.sync()
    assert result.rejections == 2
    codes = sorted(r.code for r in client.rejections(rep.store))
    assert codes == ["deleted", "deleted"]
    for device in (rep, manager):
        for entity, row_id in (("customer", customer), ("contact", contact)):
            row = device.get(entity, row_id)
            assert row is not None and row.deleted, f"{entity} came back on {device.username}"
    assert server_rows(server, "customer")[str(customer)]["deleted"] is True
    assert server_rows(server, "contact")[str(contact)]["deleted"] is True
    rep.sync()
    rep.assert_converged()
    manager.assert_converged()


def test_a_server_wins_field_takes_the_pulled_value_at_once(pair: tuple[Device, Device]) -> None:
    """A pending owner change is replaced on pull by the server's value; the push decides."""
    rep, manager = pair
    task = manager.add("task", title="拜访客户", assignee_id=rep.store.profile.user_id)
    manager.sync()
    rep.sync()
    other = next(u.id for u in manager.store.select("user") if u.username == "a2")  # type: ignore[attr-defined]
    manager.set("task", task, assignee_id=other)
    manager.sync()
    # The rep's manager, on a second device, still thinks the task is the rep's and edits it.
    from sync.client.engine import Run

    rep.set("task", task, title="拜访客户并报价")
    run = Run(rep.store, None, None, None)
    run.session.start()
    run.pull()
    run.transport.close()
    # The rep no longer sees the task (it left their scope), but the pending edit keeps it.
    row = rep.get("task", task)
    assert row is not None and rep.store.outbox_count() == 1
    result = rep.sync()
    assert result.rejections == 1 and rep.get("task", task) is None
    (rejection,) = client.rejections(rep.store)
    assert rejection.code == "not_in_scope" and rejection.fields == {"title": "拜访客户并报价"}
    rep.assert_converged()
