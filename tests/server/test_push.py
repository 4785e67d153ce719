"""Push: idempotency, atomic batches, per-field three-way merge, conflicts, notes, tombstones."""

from __future__ import annotations

import uuid

from salesdesk.domain.ids import uuid7
from tests.server.conftest import Server, create, delete, note, op, restore, update


def _customer(client, **fields):
    row_id = uuid7()
    result = client.push_one(
        create(
            "customer",
            row_id,
            name=fields.pop("name", "华为技术"),
            owner_id=client.user_id,
            **fields,
        )
    )
    assert result["status"] == "applied", result
    return row_id, result["seq"]


def test_replayed_batch_returns_the_same_results_and_changes_nothing(world: Server) -> None:
    rep = world.login("a1")
    customer = uuid7()
    batch = [
        create("customer", customer, name="重放公司", owner_id=rep.user_id),
        create("contact", None, name="李四", customer_id=customer),
        update("customer", customer, 0, city="杭州"),
        update("customer", uuid7(), 0, city="nowhere"),  # rejected: no such row
    ]
    first = rep.push(*batch)
    assert [r["status"] for r in first] == ["applied", "applied", "applied", "rejected"]
    rep.sync()
    before = rep.summary()
    second = rep.push(*batch)
    assert second == first
    assert rep.summary() == before, "a replay must not change anything"
    assert rep.sync() == []
    assert rep.row(customer)["city"] == "杭州"


def test_a_replay_mixed_with_new_ops_applies_only_the_new_ones(world: Server) -> None:
    rep = world.login("a1")
    customer, _ = _customer(rep)
    first = update("customer", customer, 0, city="上海")
    rep.push(first)
    second = update("customer", customer, 0, district="浦东")
    results = rep.push(first, second)
    assert [r["status"] for r in results] == ["applied", "applied"]
    rep.sync()
    assert (rep.row(customer)["city"], rep.row(customer)["district"]) == ("上海", "浦东")


def test_another_users_op_id_is_not_replayed_to_them(world: Server) -> None:
    a1, a2 = world.login("a1"), world.login("a2")
    customer = uuid7()
    sent = create("customer", customer, name="A1 的客户", owner_id=a1.user_id)
    assert a1.push_one(sent)["status"] == "applied"
    stolen = a2.push_one(sent)
    assert stolen["status"] == "rejected" and stolen["code"] == "duplicate_op"
    assert "seq" not in stolen or stolen["seq"] is None


def test_edits_of_different_fields_both_survive_and_the_later_one_is_merged(
    world: Server,
) -> None:
    rep = world.login("a1")
    laptop, desktop = rep, world.login("a1")  # two installations of the same user
    customer, seq = _customer(laptop)
    assert laptop.push_one(update("customer", customer, seq, city="广州"))["status"] == "applied"
    result = desktop.push_one(update("customer", customer, seq, phone="020-12345678"))
    assert result["status"] == "merged"
    rep.sync()
    row = rep.row(customer)
    assert (row["city"], row["phone"]) == ("广州", "020-12345678")
    assert row["rev"] == result["seq"]


def test_same_field_first_to_reach_the_server_wins_and_the_loser_is_returned(
    world: Server,
) -> None:
    a1, manager = world.login("a1"), world.login("ma")
    customer, seq = _customer(a1)
    won = manager.push_one(update("customer", customer, seq, city="北京", tier="A"))
    assert won["status"] == "applied"
    lost = a1.push_one(update("customer", customer, seq, city="天津", address="和平路 1 号"))
    assert lost["status"] == "conflict"
    (conflict,) = lost["conflicts"]
    assert conflict["field"] == "city"
    assert (conflict["mine"], conflict["theirs"]) == ("天津", "北京")
    assert conflict["their_user"] == "MA"
    assert conflict["their_at"]
    a1.sync()
    row = a1.row(customer)
    assert (row["city"], row["address"], row["tier"]) == ("北京", "和平路 1 号", "A")


def test_the_same_value_from_both_sides_is_no_conflict(world: Server) -> None:
    a1, manager = world.login("a1"), world.login("ma")
    customer, seq = _customer(a1)
    manager.push_one(update("customer", customer, seq, city="成都"))
    assert a1.push_one(update("customer", customer, seq, city="成都"))["status"] in (
        "applied",
        "merged",
    )


def test_an_installations_own_earlier_edits_never_conflict_with_its_later_ones(
    world: Server,
) -> None:
    rep = world.login("a1")
    customer = uuid7()
    # Offline: create, then edit the same field twice; all ops still have base 0.
    results = rep.push(
        create("customer", customer, name="离线客户", owner_id=rep.user_id),
        update("customer", customer, 0, city="一"),
        update("customer", customer, 0, city="二"),
    )
    assert [r["status"] for r in results] == ["applied"] * 3
    again = rep.push_one(update("customer", customer, 0, city="三"))
    assert again["status"] == "applied"
    other = world.login("a1")  # another installation with the stale base: a conflict
    stale = other.push_one(update("customer", customer, results[0]["seq"], city="四"))
    assert stale["status"] == "conflict"
    assert stale["conflicts"][0]["theirs"] == "三"


def test_server_wins_fields_conflict_on_push_like_plain_ones(world: Server) -> None:
    manager, other_manager = world.login("ma"), world.login("ma")
    a1, a2 = world.login("a1"), world.login("a2")
    customer, seq = _customer(manager)
    first = manager.push_one(update("customer", customer, seq, owner_id=str(a1.user_id)))
    assert first["status"] == "applied"
    second = other_manager.push_one(update("customer", customer, seq, owner_id=str(a2.user_id)))
    assert second["status"] == "conflict"
    assert second["conflicts"][0]["theirs"] == str(a1.user_id)


def test_notes_are_appended_from_both_sides_and_never_conflict(world: Server) -> None:
    a1, manager = world.login("a1"), world.login("ma")
    customer, seq = _customer(a1)
    mine, theirs = note("客户要求报价", a1.user_id), note("经理已电话跟进", manager.user_id)
    assert manager.push_one(update("customer", customer, seq, notes=[theirs]))["status"] in (
        "applied",
        "merged",
    )
    result = a1.push_one(update("customer", customer, seq, notes=[mine]))
    assert result["status"] == "applied"
    assert "conflicts" not in result
    replayed_entry = a1.push_one(update("customer", customer, seq, notes=[mine]))
    assert replayed_entry["status"] == "applied"
    a1.sync()
    notes = a1.row(customer)["notes"]
    assert sorted(n["id"] for n in notes) == sorted([mine["id"], theirs["id"]])


def test_deleting_tombstones_the_row_and_everything_under_it(world: Server) -> None:
    rep = world.login("a1")
    customer, _ = _customer(rep)
    contact, visit, attachment = uuid7(), uuid7(), uuid7()
    rep.push(
        create("contact", contact, name="王五", customer_id=customer),
        create("visit", visit, customer_id=customer, purpose="初次拜访"),
        create("attachment", attachment, visit_id=visit, file_name="a.txt", content="aGk="),
    )
    assert rep.push_one(delete("customer", customer))["status"] == "applied"
    rep.sync()
    for row_id in (customer, contact, visit, attachment):
        assert rep.row(row_id)["deleted"] is True
    # Deleted rows stay deleted: no update, no create over them, no child under them.
    refused = rep.push(
        update("contact", contact, 0, title="经理"),
        create("customer", customer, name="复活", owner_id=rep.user_id),
        create("contact", None, name="新人", customer_id=customer),
        restore("contact", contact),
    )
    assert [r.get("code") for r in refused] == [
        "deleted",
        "exists",
        "parent_deleted",
        "parent_deleted",
    ]
    # An explicit restore brings the parent back, then its children.
    assert rep.push_one(restore("customer", customer))["status"] == "applied"
    assert rep.push_one(restore("contact", contact))["status"] == "applied"
    rep.sync()
    assert rep.row(customer)["deleted"] is False
    assert rep.row(contact)["deleted"] is False
    assert rep.row(visit)["deleted"] is True


def test_a_delete_of_a_deleted_row_is_applied_and_changes_nothing(world: Server) -> None:
    rep = world.login("a1")
    customer, _ = _customer(rep)
    first = rep.push_one(delete("customer", customer))
    second = rep.push_one(delete("customer", customer))
    assert second == {**first, "op_id": second["op_id"]}


def test_append_only_entities_are_never_edited(world: Server) -> None:
    rep = world.login("a1")
    customer, _ = _customer(rep)
    feedback = uuid7()
    rep.push_one(create("feedback", feedback, customer_id=customer, body="很满意", rating=5))
    result = rep.push_one(update("feedback", feedback, 0, body="不满意"))
    assert (result["status"], result["code"]) == ("rejected", "append_only")


def test_immutable_and_required_fields_are_checked(world: Server) -> None:
    rep = world.login("a1")
    report = uuid7()
    assert rep.push_one(create("report", report, kind="daily"))["status"] == "applied"
    changed = rep.push_one(update("report", report, 0, kind="weekly"))
    assert (changed["status"], changed["code"]) == ("rejected", "read_only")
    customer, _ = _customer(rep)
    emptied = rep.push_one(update("customer", customer, 0, name=""))
    assert (emptied["status"], emptied["code"]) == ("rejected", "invalid")
    assert emptied["errors"][0]["field"] == "name"


def test_creates_keep_the_clients_creation_time(world: Server) -> None:
    rep = world.login("a1")
    customer = uuid7()
    sent = create("customer", customer, name="时间", owner_id=rep.user_id)
    sent["created_at"] = "2026-01-02T03:04:05.123456Z"
    rep.push_one(sent)
    rep.sync()
    row = rep.row(customer)
    assert row["created_at"] == "2026-01-02T03:04:05.123456Z"
    assert row["updated_at"] > row["created_at"]


def test_a_batch_is_atomic_even_when_the_server_is_killed_mid_push(fresh: Server) -> None:
    fresh.start()
    rep = fresh.login("a1")
    customers = [uuid7() for _ in range(400)]
    ops = [
        create("customer", c, name=f"客户{i}", owner_id=rep.user_id)
        for i, c in enumerate(customers)
    ]
    import threading

    outcome: list[object] = []

    def send() -> None:
        try:
            outcome.append(rep.push(*ops))
        except Exception as exc:  # the connection drops when the server dies
            outcome.append(exc)

    thread = threading.Thread(target=send)
    thread.start()
    import time

    time.sleep(0.25)
    fresh.stop(hard=True)
    thread.join(60)
    fresh.start()
    again = fresh.login("a1")
    again.sync()
    count = len(again.ids("customer") & set(customers))
    assert count in (0, len(customers)), f"half a batch was written: {count}"
    results = again.push(*ops)  # the retry after the crash
    assert all(r["status"] == "applied" for r in results)
    again.sync()
    assert again.ids("customer") >= set(customers)
    assert len(again.ids("customer")) == len(customers)


def test_protocol_v1_clients_push_without_client_id_and_get_reasons(world: Server) -> None:
    old = world.login("a1", version=1)
    customer = uuid7()
    results = old.push(
        create("customer", customer, name="旧版客户端", owner_id=old.user_id),
        update("customer", customer, 0, city="南京"),
        op("update", "pipeline_stage", uuid7(), {"name": "x"}),
    )
    assert [r["status"] for r in results] == ["applied", "applied", "rejected"]
    assert "reason" in results[2] and "code" not in results[2]
    assert "managers" in results[2]["reason"]
    new = world.login("a1")
    rejected = new.push_one(op("update", "pipeline_stage", uuid7(), {"name": "x"}))
    assert rejected["code"] == "not_allowed" and "reason" not in rejected


def test_unknown_protocol_versions_are_refused_clearly(world: Server) -> None:
    client = world.client()
    for header, status, code in (
        ("0", 426, "client_too_old"),
        ("3", 400, "server_too_old"),
        ("two", 400, "version_invalid"),
    ):
        response = client.request(
            "POST",
            "/auth/login",
            json={"username": "a1", "password": "x"},
            headers={"X-SalesDesk-Protocol": header},
        )
        assert response.status_code == status
        assert response.json()["error"]["code"] == code
    response = client.request("GET", "/sync/pull", headers={"X-SalesDesk-Protocol": ""})
    assert response.status_code == 400
    assert (
        "update SalesDesk"
        in client.request("GET", "/sync/pull", headers={"X-SalesDesk-Protocol": "0"}).json()[
            "error"
        ]["message"]
    )


def test_ops_on_unknown_ids_reveal_nothing(world: Server) -> None:
    rep = world.login("a1")
    result = rep.push_one(update("customer", uuid.uuid4(), 0, city="x"))
    assert (result["status"], result["code"]) == ("rejected", "not_in_scope")


def test_field_rights_come_from_the_declarations(world: Server) -> None:
    rep, manager = world.login("a1"), world.login("ma")
    report = uuid7()
    made = rep.push_one(create("report", report, kind="weekly"))["seq"]
    scored = rep.push_one(update("report", report, made, score=5))
    assert (scored["status"], scored["code"]) == ("rejected", "not_allowed")
    assert scored["errors"][0]["field"] == "score"
    customer, seq = _customer(rep)
    taken = rep.push_one(update("customer", customer, seq, owner_id=str(world.login("a2").user_id)))
    assert (taken["status"], taken["code"]) == ("rejected", "not_allowed")
    reviewed = manager.push_one(
        update("report", report, made, score=4, reviewed_by=str(manager.user_id))
    )
    assert reviewed["status"] in ("applied", "merged")
    rep.sync()
    assert (rep.row(report)["score"], rep.row(report)["reviewed_by"]) == (4, str(manager.user_id))
