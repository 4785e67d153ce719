"""Task queries and writes on a real local profile: filters, sorting, assignment, reminders."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from salesdesk.domain import tasks as rules
from salesdesk.domain.entities import Customer, Task
from salesdesk.domain.schema import ValidationError
from salesdesk.store import tasks as queries
from salesdesk.store.store import Store
from tests.deals_tasks_helpers import add_user, new_deal, sign_in_as_rep

CST = dt.timezone(dt.timedelta(hours=8))
# Monday 23 November 2026, 10:00 in Shanghai.
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=CST).astimezone(dt.UTC)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=CST).astimezone(dt.UTC)


def titles(store: Store, query: queries.TaskFilter) -> list[str]:
    with store.engine.connect() as connection:
        ids = queries.task_ids(connection, query, me=store.profile.user_id, now=NOW, tz=CST)
    rows = queries.describe_tasks(store, [uuid.UUID(i) for i in ids])
    return [rows[uuid.UUID(i)].task.title for i in ids]


def test_due_windows_status_and_priority(store: Store) -> None:
    for title, due, priority in [
        ("昨天到期", at(22, 17), "normal"),
        ("今天上午已过", at(23, 9), "high"),
        ("今天下午", at(23, 15), "urgent"),
        ("本周日", at(29, 20), "low"),
        ("下周一", at(30, 9), "normal"),
        ("没有期限", None, "normal"),
    ]:
        queries.save_task(store, {"title": title, "due_at": due, "priority": priority})
    done = queries.save_task(store, {"title": "已完成的", "due_at": at(20, 9)})
    queries.set_done(store, done.id, True, now=NOW)

    every = queries.TaskFilter(status="")
    assert titles(store, every) == [
        "已完成的",
        "昨天到期",
        "今天上午已过",
        "今天下午",
        "本周日",
        "下周一",
        "没有期限",  # no due date: last
    ]
    assert titles(store, queries.TaskFilter(due="today")) == ["今天上午已过", "今天下午"]
    # Overdue: open tasks due before now (the done one is not overdue).
    assert titles(store, queries.TaskFilter(status="", due="overdue")) == [
        "昨天到期",
        "今天上午已过",
    ]
    # This week is Monday 23 to Sunday 29 November, local time.
    assert titles(store, queries.TaskFilter(due="week")) == ["今天上午已过", "今天下午", "本周日"]
    assert titles(store, queries.TaskFilter(status="done")) == ["已完成的"]
    assert titles(store, queries.TaskFilter(priority="urgent")) == ["今天下午"]
    by_priority = titles(store, queries.TaskFilter(sort="priority"))
    assert by_priority[:2] == ["今天下午", "今天上午已过"]  # urgent, then high
    assert by_priority[-1] == "没有期限"
    assert titles(store, queries.TaskFilter(sort="due", descending=True))[0] == "下周一"


def test_search_by_title_and_by_customer(store: Store) -> None:
    huawei = store.create(Customer, name="深圳市华为技术有限公司")
    queries.save_task(store, {"title": "送样品", "customer_id": huawei.id})
    queries.save_task(store, {"title": "整理华为报价"})
    queries.save_task(store, {"title": "月底对账"})
    assert sorted(titles(store, queries.TaskFilter(text="华为"))) == ["整理华为报价", "送样品"]
    assert titles(store, queries.TaskFilter(text="对账")) == ["月底对账"]
    assert titles(store, queries.TaskFilter(text="100%")) == []


def test_complete_and_reopen(store: Store) -> None:
    task = queries.save_task(store, {"title": "回访客户", "due_at": at(24, 10)})
    assert (task.status, task.completed_at, task.assignee_id, task.assigned_by) == (
        "open",
        None,
        store.profile.user_id,
        store.profile.user_id,
    )
    done = queries.set_done(store, task.id, True, now=NOW)
    assert (done.status, done.completed_at) == ("done", NOW)
    stored = store.require(Task, task.id)
    assert (stored.status, stored.completed_at) == ("done", NOW)
    reopened = queries.set_done(store, task.id, False)
    assert (reopened.status, reopened.completed_at) == ("open", None)


def test_a_manager_assigns_to_a_team_member_and_sees_it_as_assigned_by_me(store: Store) -> None:
    rep = add_user(store, "李娜")
    outsider = add_user(store, "外部门", team=False)
    task = queries.save_task(store, {"title": "拜访新客户", "assignee_id": rep})
    assert (task.assignee_id, task.assigned_by) == (rep, store.profile.user_id)
    with pytest.raises(ValidationError) as error:
        queries.save_task(store, {"title": "不行", "assignee_id": outsider})
    assert error.value.errors["assignee_id"].code == "not_in_team"
    queries.save_task(store, {"title": "我自己的"})
    assert titles(store, queries.TaskFilter(people="by_me")) == ["拜访新客户"]
    assert titles(store, queries.TaskFilter(people="mine")) == ["我自己的"]
    assert titles(store, queries.TaskFilter(people="user", user_id=rep)) == ["拜访新客户"]
    everyone = titles(store, queries.TaskFilter(people="everyone"))
    assert sorted(everyone) == ["我自己的", "拜访新客户"]
    # Reassigning to someone else is a manager's change too.
    me = store.profile.user_id
    moved = queries.save_task(store, {"assignee_id": me}, task.id)
    assert moved.assignee_id == me and moved.assigned_by == me


def test_a_rep_assigns_only_to_themself(store: Store) -> None:
    colleague = add_user(store, "王强")
    rep = add_user(store, "李娜")
    sign_in_as_rep(store, rep)
    with pytest.raises(ValidationError) as error:
        queries.save_task(store, {"title": "替同事做", "assignee_id": colleague})
    assert error.value.errors["assignee_id"].code == "not_allowed"
    mine = queries.save_task(store, {"title": "我的任务"})
    assert (mine.assignee_id, mine.assigned_by) == (rep, rep)
    # Editing a task a manager gave the rep keeps its assignment.
    assert queries.save_task(store, {"title": "改个标题", "assignee_id": rep}, mine.id).title == (
        "改个标题"
    )


def test_team_members_are_the_active_users_of_the_team(store: Store) -> None:
    add_user(store, "李娜")
    add_user(store, "外部门", team=False)
    with store.engine.connect() as connection:
        names = [u.display_name for u in queries.team_members(connection, store.profile.team_id)]
    assert sorted(names) == sorted(["李娜", store.profile.display_name])


def test_reminder_must_not_be_after_due(store: Store) -> None:
    with pytest.raises(ValidationError) as error:
        queries.save_task(store, {"title": "x", "due_at": at(24, 10), "remind_at": at(24, 11)})
    assert error.value.errors["remind_at"].code == "after_due"
    task = queries.save_task(store, {"title": "x", "due_at": at(24, 10), "remind_at": at(24, 9)})
    with pytest.raises(ValidationError):
        queries.save_task(store, {"due_at": at(24, 8)}, task.id)  # now before its reminder


def test_a_deal_link_brings_its_customer(store: Store) -> None:
    deal = new_deal(store)
    task = queries.save_task(store, {"title": "准备方案", "deal_id": deal.id})
    assert task.customer_id == deal.customer_id
    other = store.create(Customer, name="另一家公司")
    with pytest.raises(ValidationError) as error:
        queries.save_task(store, {"title": "x", "deal_id": deal.id, "customer_id": other.id})
    assert error.value.errors["deal_id"].code == "other_customer"
    with store.engine.connect() as connection:
        assert deal.customer_id is not None
        assert [d.id for d in queries.customer_deals(connection, deal.customer_id)] == [deal.id]


def test_reminder_candidates_use_the_reminder_or_the_due_time(store: Store) -> None:
    me = store.profile.user_id
    rep = add_user(store, "李娜")
    queries.save_task(store, {"title": "提醒已到", "due_at": at(23, 12), "remind_at": at(23, 9)})
    queries.save_task(store, {"title": "到期已到", "due_at": at(23, 9, 30)})
    queries.save_task(store, {"title": "还没到", "due_at": at(23, 12)})
    queries.save_task(store, {"title": "很久以前", "due_at": at(1, 9)})
    queries.save_task(store, {"title": "别人的", "due_at": at(23, 9), "assignee_id": rep})
    done = queries.save_task(store, {"title": "已完成", "due_at": at(23, 9)})
    queries.set_done(store, done.id, True)
    since = NOW - dt.timedelta(hours=24)
    with store.engine.connect() as connection:
        found = queries.reminder_candidates(connection, me, NOW, since)
    assert [t.title for t in found] == ["提醒已到", "到期已到"]
    reminders = rules.due_reminders(found, NOW, lookback=dt.timedelta(hours=24))
    assert [r.at for r in reminders] == [at(23, 9), at(23, 9, 30)]
    assert len({r.key for r in reminders}) == 2
