"""Scope: reassigned customers move between reps within one sync, pending edits are never
dropped, a rep never receives another team's data, a moved user gets the new team (invariant 8).
"""

from __future__ import annotations

from collections.abc import Callable

from salesdesk.store import replica
from sync import client
from sync.client.engine import Run
from tests.server.conftest import Server
from tests.syncing.conftest import Servers
from tests.syncing.support import Device, local_copy, server_copy


def _territory(rep: Device) -> dict[str, object]:
    customer = rep.add("customer", name="重新分配的客户", city="杭州")
    return {
        "customer": customer,
        "contact": rep.add("contact", customer_id=customer, name="陈静", mobile="13700137000"),
        "visit": rep.add("visit", customer_id=customer, purpose="回访"),
        "feedback": rep.add("feedback", customer_id=customer, body="满意", rating=4),
    }


def test_a_reassigned_customer_leaves_the_old_rep_and_reaches_the_new_one_in_one_sync(
    servers: Servers, devices: Callable[..., Device]
) -> None:
    server = servers.start()
    old, new, manager = devices(server, "a1"), devices(server, "a2"), devices(server, "ma")
    rows = _territory(old)
    old.sync()
    new.sync()
    manager.sync()
    customer = rows["customer"]
    assert new.get("customer", customer) is None  # type: ignore[arg-type]
    # The old rep edits offline while the manager's admin reassigns the customer.
    old.set("customer", customer, city="宁波")  # type: ignore[arg-type]
    old.note("customer", customer, "下周再访")  # type: ignore[arg-type]
    added = old.add("contact", customer_id=customer, name="新联系人")
    server.cli("reassign", "--from", "a1", "--to", "a2", "--customer", str(customer))

    result = old.sync()  # ONE sync: the edits come back refused, the rows leave the copy
    assert result.rejections == 3 and result.removed >= 4
    for entity, row_id in (*rows.items(), ("contact", added)):
        assert old.get(entity, row_id) is None, f"{entity} stayed in the old rep's copy"  # type: ignore[arg-type]
    refused = {(r.entity, r.kind, r.code) for r in client.rejections(old.store)}
    assert refused == {
        ("customer", "update", "not_in_scope"),
        ("contact", "create", "not_in_scope"),
    }
    kept = {r.kind: r.fields for r in client.rejections(old.store) if r.entity == "customer"}
    assert kept["update"]["city"] == "宁波" or any(
        n["text"] == "下周再访" for n in kept["update"].get("notes", [])
    )
    assert old.store.outbox_count() == 0
    old.assert_converged()

    new.sync()  # ONE sync: the customer and everything under it arrive
    for entity, row_id in rows.items():
        assert new.get(entity, row_id) is not None, f"{entity} did not reach the new rep"  # type: ignore[arg-type]
    row = new.get("customer", customer)  # type: ignore[arg-type]
    assert row is not None and row.owner_id == new.store.profile.user_id  # type: ignore[attr-defined]
    new.assert_converged()
    manager.sync()
    manager.assert_converged()


def test_edits_pending_when_the_removal_arrives_are_kept_until_answered(
    servers: Servers, devices: Callable[..., Device]
) -> None:
    server = servers.start()
    old = devices(server, "a1")
    rows = _territory(old)
    old.sync()
    customer = rows["customer"]
    server.cli("reassign", "--from", "a1", "--to", "a2", "--customer", str(customer))
    old.set("contact", rows["contact"], title="经理")  # type: ignore[arg-type]
    run = Run(old.store, None, None, None)  # a pull while the edit is still pending
    run.session.start()
    run.pull()
    run.transport.close()
    # The contact (pending edit) and its customer (its parent) stay; the rest left.
    assert old.get("contact", rows["contact"]) is not None  # type: ignore[arg-type]
    assert old.get("customer", customer) is not None  # type: ignore[arg-type]
    assert old.get("visit", rows["visit"]) is None  # type: ignore[arg-type]
    with old.store.engine.connect() as connection:
        waiting = {r[0] for r in connection.execute(replica.PENDING_REMOVAL.select())}
    assert waiting == {"customer", "contact"}
    compared = {row_id for row_id, _ in replica.local_pairs(old.store)["contact"]}
    assert rows["contact"] not in compared  # not part of the copy the self-check compares
    result = old.sync()
    assert result.rejections == 1 and result.removed == 2
    assert old.get("contact", rows["contact"]) is None  # type: ignore[arg-type]
    (rejection,) = client.rejections(old.store)
    assert rejection.fields == {"title": "经理"} and rejection.code == "not_in_scope"
    old.assert_converged()


def test_a_rep_never_receives_another_teams_data(
    server: Server, devices: Callable[..., Device]
) -> None:
    team_a, team_b = devices(server, "a1"), devices(server, "b1")
    team_a.add("customer", name="A队的客户")
    team_b.add("customer", name="B队的客户")
    team_a.sync()
    team_b.sync()
    team_b.sync()
    copy = local_copy(team_b.store)
    names = {r["name"] for r in copy["customer"].values()}
    assert "B队的客户" in names and "A队的客户" not in names
    users = {r["username"] for r in copy["user"].values()}
    assert users == {"mb", "b1"}, users
    teams = {r["name"] for r in copy["team"].values()}
    assert teams == {"Team B"}
    team_a_id = team_a.store.profile.team_id
    assert all(
        row.get("team_id") in (None, str(team_b.store.profile.team_id))
        for entity in ("pipeline_stage", "report_template", "target", "commission_plan")
        for row in copy[entity].values()
    ), f"a row of team {team_a_id} reached team B"
    team_b.assert_converged()


def test_a_user_moved_to_another_team_ends_with_the_new_teams_copy(
    servers: Servers, devices: Callable[..., Device]
) -> None:
    server = servers.start()
    mover, old_manager = devices(server, "a2"), devices(server, "ma")
    mine = mover.add("customer", name="跟着走的客户")
    mover.sync()
    old_manager.sync()
    server.cli("user", "move", "a2", "--team", "Team B")
    mover.sync()
    profile = mover.store.profile
    copy = local_copy(mover.store)
    assert {r["name"] for r in copy["team"].values()} == {"Team B"}
    assert profile.team_id is not None and str(profile.team_id) in copy["team"]
    assert str(mine) in copy["customer"]  # their own customer moved with them
    assert copy == server_copy(server, "a2")
    old_manager.sync()
    assert old_manager.get("customer", mine) is None
    old_manager.assert_converged()
