"""Task rules: due windows in local days, reminders once per time, who may assign to whom."""

from __future__ import annotations

import datetime as dt

from salesdesk.domain import tasks as rules
from tests.domain.builders import SHANGHAI, cst, task, uid

NOW = cst("2026-11-25T10:00")  # a Wednesday


def test_due_windows_are_local_days_and_iso_weeks() -> None:
    assert rules.due_bounds("all", NOW, SHANGHAI) == (None, None)
    assert rules.due_bounds("overdue", NOW, SHANGHAI) == (None, NOW)
    assert rules.due_bounds("today", NOW, SHANGHAI) == (
        cst("2026-11-25T00:00"),
        cst("2026-11-26T00:00"),
    )
    assert rules.due_bounds("week", NOW, SHANGHAI) == (
        cst("2026-11-23T00:00"),
        cst("2026-11-30T00:00"),
    )
    # 23:30 UTC on the 24th is already the 25th in Shanghai.
    late = dt.datetime(2026, 11, 24, 23, 30, tzinfo=dt.UTC)
    assert rules.due_bounds("today", late, SHANGHAI)[0] == cst("2026-11-25T00:00")


def test_reminders_use_the_reminder_or_due_time_within_the_lookback() -> None:
    day = dt.timedelta(hours=24)
    tasks = [
        task(id=uid(1), title="提醒", due_at=cst("2026-11-25T12:00"), remind_at=NOW),
        task(id=uid(2), title="到期", due_at=cst("2026-11-25T09:00")),
        task(id=uid(3), title="未到", due_at=cst("2026-11-25T11:00")),
        task(id=uid(4), title="太久", due_at=cst("2026-11-20T09:00")),
        task(id=uid(5), title="完成", due_at=NOW, status="done"),
        task(id=uid(6), title="删除", due_at=NOW, deleted=True),
        task(id=uid(7), title="无期限"),
    ]
    found = rules.due_reminders(tasks, NOW, lookback=day)
    assert [r.title for r in found] == ["到期", "提醒"]
    assert found[1].key == rules.reminder_key(uid(1), NOW)
    # Moving the reminder makes a new key: it reminds again.
    assert rules.reminder_key(uid(1), NOW) != rules.reminder_key(uid(1), cst("2026-11-25T10:05"))
    assert rules.is_overdue(tasks[1], NOW) and not rules.is_overdue(tasks[2], NOW)
    assert not rules.is_overdue(tasks[4], NOW)


def test_assignment_rules() -> None:
    me, rep, outsider = uid(1), uid(2), uid(3)
    team = {me, rep}
    assert rules.assignment_errors("rep", me, me, team) == []
    assert rules.assignment_errors("rep", me, None, team) == []
    assert [e.code for e in rules.assignment_errors("rep", me, rep, team)] == ["not_allowed"]
    assert rules.assignment_errors("manager", me, rep, team) == []
    assert [e.code for e in rules.assignment_errors("manager", me, outsider, team)] == [
        "not_in_team"
    ]


def test_times_and_completion() -> None:
    assert rules.time_errors(NOW, NOW) == []
    assert rules.time_errors(None, NOW) == []
    assert [e.field for e in rules.time_errors(NOW, NOW + dt.timedelta(minutes=1))] == ["remind_at"]
    assert rules.completion_changes(True, NOW) == {"status": "done", "completed_at": NOW}
    assert rules.completion_changes(False, NOW) == {"status": "open", "completed_at": None}
