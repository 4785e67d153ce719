"""Visits in the store: days kept in route order, check-in/out, follow-up tasks in the same
transaction, cancelling, deleting, and attachments kept in the database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from salesdesk.domain.entities import MAX_ATTACHMENT_BYTES, Attachment, Customer, Task, Visit
from salesdesk.domain.routes import route_orders
from salesdesk.domain.schema import ValidationError, utcnow
from salesdesk.store import database
from salesdesk.store import visits as visit_store
from salesdesk.store.store import Store, StoreError
from salesdesk.store.tables import ENTITY_TABLES, OutboxEntry
from tests.visits_helpers import add_user, customer_at, plan, route

DAY = dt.date(2026, 11, 23)


def test_an_automatic_day_follows_the_domain_route(store: Store) -> None:
    fa = customer_at(store, "福田A")
    na = customer_at(store, "南山A")
    nb = customer_at(store, "南山B")
    fb = customer_at(store, "福田B")
    visits = [
        plan(store, fa, DAY, "14:00"),
        plan(store, na, DAY, "09:00"),
        plan(store, nb, DAY),
        plan(store, fb, DAY),
    ]
    expected = route_orders(
        [store.require(Visit, v.id) for v in visits],
        {c.id: c for c in (fa, na, nb, fb)},
    )
    assert {v: n for n, v in enumerate(route(store, DAY), 1)} == expected
    # the 09:00 appointment starts the day in 南山, then 福田: no criss-crossing
    ordered = route(store, DAY)
    assert ordered[0] == visits[1].id
    assert districts(store, ordered) == ["南山区", "南山区", "福田区", "福田区"]


def test_a_hand_made_order_is_kept_and_new_visits_join_at_the_end(store: Store) -> None:
    a = plan(store, customer_at(store, "南山A"), DAY, "09:00")
    b = plan(store, customer_at(store, "南山B"), DAY)
    c = plan(store, customer_at(store, "福田A"), DAY)
    automatic = route(store, DAY)
    visit_store.move_visit(store, automatic[-1], 1)
    by_hand = [automatic[-1], *automatic[:-1]]
    assert route(store, DAY) == by_hand
    d = plan(store, customer_at(store, "南山C"), DAY)
    assert route(store, DAY) == [*by_hand, d.id]
    # cancelling closes the gap and keeps the order
    visit_store.cancel_visit(store, by_hand[1], "客户临时出差")
    assert route(store, DAY) == [by_hand[0], by_hand[2], d.id]
    assert store.require(Visit, by_hand[1]).route_order == 0
    assert [n.text for n in store.require(Visit, by_hand[1]).notes] == ["客户临时出差"]
    # plan the day again: back to the automatic route
    replanned = visit_store.plan_route(store, store.profile.user_id, DAY)
    assert replanned == route(store, DAY)
    assert set(replanned) == {a.id, b.id, c.id, d.id} - {by_hand[1]}
    plan(store, customer_at(store, "福田B"), DAY)  # an automatic day again: planned anew
    assert visit_store.plan_route(store, store.profile.user_id, DAY) == route(store, DAY)
    assert no_criss_cross(districts(store, route(store, DAY)))


def districts(store: Store, ids: list[uuid.UUID]) -> list[str]:
    found = []
    for visit_id in ids:
        customer_id = store.require(Visit, visit_id).customer_id
        assert customer_id is not None
        found.append(store.require(Customer, customer_id).district)
    return found


def no_criss_cross(areas: list[str]) -> bool:
    """Each area is visited in one run: never left and come back to."""
    runs = [area for i, area in enumerate(areas) if i == 0 or areas[i - 1] != area]
    return len(runs) == len(set(runs))


def test_reopening_and_moving_to_another_day(store: Store) -> None:
    a = plan(store, customer_at(store, "南山A"), DAY, "09:00")
    b = plan(store, customer_at(store, "福田A"), DAY, "15:00")
    c = plan(store, customer_at(store, "南山B"), DAY, "10:00")
    assert route(store, DAY) == [a.id, c.id, b.id]
    before = visit_store.cancel_visit(store, c.id)
    assert before == "planned"
    assert route(store, DAY) == [a.id, b.id]
    visit_store.reopen_visit(store, c.id, before)
    assert route(store, DAY) == [a.id, c.id, b.id]  # an automatic day is planned again
    next_day = DAY + dt.timedelta(days=1)
    visit_store.save_visit(store, {"planned_on": next_day}, c.id)
    assert route(store, DAY) == [a.id, b.id]
    assert route(store, next_day) == [c.id]


def test_check_in_puts_the_visit_first_and_routes_the_rest_from_there(store: Store) -> None:
    now = utcnow()
    today = now.astimezone().date()
    a = plan(store, customer_at(store, "南山A"), today, "09:00")
    b = plan(store, customer_at(store, "福田A"), today, "11:00")
    c = plan(store, customer_at(store, "南山B"), today, "10:00")
    assert route(store, today) == [a.id, c.id, b.id]
    visit_store.check_in(
        store, b.id, at=now, address="深南大道 6008 号", latitude=22.54, longitude=114.06
    )
    visit = store.require(Visit, b.id)
    assert (visit.status, visit.checked_in_at, visit.check_in_address) == (
        "in_progress",
        now,
        "深南大道 6008 号",
    )
    assert (visit.latitude, visit.longitude) == (22.54, 114.06)
    assert route(store, today)[0] == b.id


def test_check_in_and_out_rules(store: Store) -> None:
    now = utcnow()
    visit = plan(store, customer_at(store, "南山A"), DAY)
    with pytest.raises(ValidationError) as future:
        visit_store.check_in(store, visit.id, at=now + dt.timedelta(hours=1))
    assert future.value.errors["checked_in_at"].code == "in_future"
    with pytest.raises(ValidationError) as not_in:
        visit_store.check_out(store, visit.id, at=now)
    assert not_in.value.errors["status"].code == "not_checked_in"
    with pytest.raises(ValidationError) as bad_place:
        visit_store.check_in(store, visit.id, at=now, latitude=123.0)
    assert "latitude" in bad_place.value.errors
    assert store.require(Visit, visit.id).status == "planned"  # nothing was written
    visit_store.check_in(store, visit.id, at=now - dt.timedelta(hours=1))
    with pytest.raises(ValidationError) as twice:
        visit_store.check_in(store, visit.id, at=now)
    assert twice.value.errors["status"].code == "not_planned"
    with pytest.raises(ValidationError) as early:
        visit_store.check_out(store, visit.id, at=now - dt.timedelta(hours=2))
    assert early.value.errors["checked_out_at"].code == "before_check_in"
    visit_store.check_out(store, visit.id, at=now, outcome="客户同意试用")
    done = store.require(Visit, visit.id)
    assert (done.status, done.checked_out_at, done.outcome) == ("done", now, "客户同意试用")
    with pytest.raises(ValidationError):
        visit_store.cancel_visit(store, visit.id)


def test_next_step_creates_a_task_in_the_same_transaction(store: Store) -> None:
    now = utcnow()
    customer = customer_at(store, "南山A")
    visit = plan(store, customer, DAY)
    visit_store.check_in(store, visit.id, at=now - dt.timedelta(minutes=50))
    due = now + dt.timedelta(days=2)
    saved = visit_store.check_out(
        store,
        visit.id,
        at=now,
        outcome="演示了新版本",
        next_step="下周二前发送正式报价",
        follow_up=visit_store.FollowUp(due_at=due, priority="high"),
    )
    assert saved.task is not None
    task = store.require(Task, saved.task.id)
    assert (task.title, task.customer_id, task.visit_id, task.due_at, task.priority) == (
        "下周二前发送正式报价",
        customer.id,
        visit.id,
        due,
        "high",
    )
    assert task.assignee_id == store.profile.user_id and task.status == "open"


def test_a_bad_follow_up_task_saves_nothing(store: Store) -> None:
    now = utcnow()
    visit = plan(store, customer_at(store, "南山A"), DAY)
    visit_store.check_in(store, visit.id, at=now)
    outbox_before = store.outbox_count()
    with pytest.raises(ValidationError) as problem:
        visit_store.check_out(
            store,
            visit.id,
            at=now,
            next_step="回访",
            follow_up=visit_store.FollowUp(due_at=None, priority="not-a-priority"),
        )
    assert "priority" in problem.value.errors
    assert store.require(Visit, visit.id).status == "in_progress"
    assert store.count(Task) == 0 and store.outbox_count() == outbox_before
    with pytest.raises(ValidationError) as empty:
        visit_store.check_out(store, visit.id, at=now, follow_up=visit_store.FollowUp(due_at=None))
    assert empty.value.errors["next_step"].code == "required"


def test_save_visit_with_a_follow_up_and_a_long_next_step(store: Store) -> None:
    visit = plan(store, customer_at(store, "福田A"), DAY)
    long_step = "准备技术方案并" * 40  # 280 characters: longer than a task title
    saved = visit_store.save_visit(
        store,
        {"outcome": "需求明确", "next_step": long_step},
        visit.id,
        follow_up=visit_store.FollowUp(due_at=None),
    )
    assert saved.task is not None
    assert len(saved.task.title) == 200 and saved.task.title.endswith("…")
    assert saved.task.description == long_step


def test_every_route_number_change_is_in_the_outbox(store: Store) -> None:
    plan(store, customer_at(store, "南山A"), DAY, "09:00")
    plan(store, customer_at(store, "福田A"), DAY, "10:00")
    c = plan(store, customer_at(store, "南山B"), DAY, "11:00")
    with store.engine.connect() as connection:
        entries = connection.execute(
            sa.select(OutboxEntry.fields).where(
                OutboxEntry.entity == "visit", OutboxEntry.kind == "update"
            )
        ).scalars()
        sent = [fields.get("route_order") for fields in entries]
    assert 0 not in sent and sent  # the numbers the day got were recorded for sync
    assert store.require(Visit, c.id).route_order == 2


def test_visit_items_order_address_and_filters(store: Store) -> None:
    other = add_user(store, "李四")
    na = customer_at(store, "南山A", "深圳南山甲公司")
    fa = customer_at(store, "福田A", "深圳福田乙公司")
    first = plan(store, fa, DAY, "09:00")
    second = plan(store, na, DAY, "10:00")
    cancelled = plan(store, na, DAY, "08:00")
    visit_store.cancel_visit(store, cancelled.id)
    tomorrow = plan(store, na, DAY + dt.timedelta(days=1))
    plan(store, fa, DAY, rep_id=other)
    visit_store.attach_bytes(store, second.id, "照片.jpg", b"\xff\xd8\xff")
    mine = visit_store.visit_items(
        store, DAY, DAY + dt.timedelta(days=1), rep_id=store.profile.user_id
    )
    assert [i.visit.id for i in mine] == [first.id, second.id, cancelled.id, tomorrow.id]
    item = mine[1]
    assert item.customer_name == "深圳南山甲公司"
    assert item.area == "广东省 深圳市 南山区"
    assert item.full_address == "广东省 深圳市 南山区 科技园南区高新南七道 18 号"
    assert item.attachment_count == 1
    assert len(visit_store.visit_items(store, DAY, DAY)) == 4  # everyone's
    only = visit_store.visit_items(store, DAY, DAY, rep_id=other)
    assert len(only) == 1 and only[0].visit.rep_id == other
    planned = visit_store.visit_items(
        store, DAY, DAY, rep_id=store.profile.user_id, statuses=["cancelled"]
    )
    assert [i.visit.id for i in planned] == [cancelled.id]
    assert sorted(u.display_name for u in visit_store.visit_reps(store)) == ["本地用户", "李四"]


def test_a_municipality_is_named_once(store: Store) -> None:
    item = visit_store.VisitItem(
        visit=plan(store, customer_at(store, "南山A"), DAY),
        province="北京市",
        city="北京市",
        district="朝阳区",
        address="北京市朝阳区建国路 1 号",
    )
    assert item.area == "北京市 朝阳区"
    assert item.full_address == "北京市朝阳区建国路 1 号"
    street = dataclasses.replace(item, address="朝阳区建国路 1 号")
    assert street.full_address == "北京市 朝阳区建国路 1 号"
    no_street = dataclasses.replace(item, address="")
    assert no_street.full_address == "北京市 朝阳区"


def test_attachments_round_trip_and_limits(store: Store, tmp_path: Path) -> None:
    visit = plan(store, customer_at(store, "南山A"), DAY)
    photo = tmp_path / "门头照片.png"
    content = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10
    photo.write_bytes(content)
    info = visit_store.attach_file(store, visit.id, photo)
    assert (info.file_name, info.mime_type, info.size) == (
        "门头照片.png",
        "image/png",
        len(content),
    )
    assert info.sha256 == hashlib.sha256(content).hexdigest()
    assert visit_store.attachments_of(store, visit.id) == [info]
    out = visit_store.save_attachment(store, info.id, tmp_path / "copy.png")
    assert out.read_bytes() == content

    huge = tmp_path / "录像.mp4"
    with huge.open("wb") as handle:  # sparse: no 10 MB written to disk
        handle.truncate(MAX_ATTACHMENT_BYTES + 1)
    with pytest.raises(visit_store.AttachmentTooLargeError) as too_large:
        visit_store.attach_file(store, visit.id, huge)
    assert too_large.value.file_name == "录像.mp4"
    assert too_large.value.size == MAX_ATTACHMENT_BYTES + 1
    assert store.count(Attachment) == 1

    # damaged content is noticed rather than handed out
    with database.write_transaction(store.engine) as connection:
        connection.execute(
            sa.update(ENTITY_TABLES["attachment"])
            .where(ENTITY_TABLES["attachment"].c.id == info.id)
            .values(content=b"garbage")
        )
    with pytest.raises(StoreError):
        visit_store.attachment_content(store, info.id)


def test_deleting_a_visit_closes_up_its_day_and_can_be_undone(store: Store) -> None:
    a = plan(store, customer_at(store, "南山A"), DAY, "09:00")
    b = plan(store, customer_at(store, "南山B"), DAY, "10:00")
    c = plan(store, customer_at(store, "福田A"), DAY, "11:00")
    visit_store.attach_bytes(store, b.id, "a.txt", b"hello")
    visit_store.delete_visit(store, b.id)
    assert route(store, DAY) == [a.id, c.id]
    assert store.count(Attachment) == 0
    visit_store.restore_visit(store, b.id)
    assert route(store, DAY) == [a.id, b.id, c.id]
    assert store.count(Attachment) == 1
