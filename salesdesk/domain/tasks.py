"""Task rules (任务): due windows, reminders, who may assign a task to whom, completing.

Due windows (:func:`due_bounds`)
    ``today`` and ``week`` (ISO week, Monday to Sunday) are local calendar
    days in the user's time zone, as UTC ``[start, end)`` bounds for a query on
    ``due_at``; ``overdue`` is everything due before *now* (for open tasks).

Reminders (:func:`due_reminders`)
    A task's reminder time is its ``remind_at``, or its ``due_at`` when it has
    no reminder. An *open* task whose reminder time has passed reminds once,
    keyed by the task and that time (:func:`reminder_key`): moving the
    reminder makes a new one. Only reminder times within ``lookback`` of *now*
    remind, so starting the app after a long break does not flood the tray
    with old tasks (those are on the overdue list).

Assignment (:func:`assignment_errors`)
    A rep assigns tasks to themself; a manager (or admin) may assign a task to
    any active user of the team. ``assigned_by`` records who created the task.

Times (:func:`time_errors`)
    A reminder after the due time is refused (a reminder is for before).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Collection, Iterable
from enum import StrEnum
from typing import Any

from salesdesk.domain.entities import Task
from salesdesk.domain.periods import Period, PeriodKind, local_date
from salesdesk.domain.schema import MANAGERS, FieldError

__all__ = [
    "PRIORITY_RANK",
    "DueReminder",
    "DueWindow",
    "assignment_errors",
    "completion_changes",
    "due_bounds",
    "due_reminders",
    "is_overdue",
    "reminder_key",
    "reminder_time",
    "time_errors",
]

PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3}
"""Most pressing first: the order of a list sorted by priority."""


class DueWindow(StrEnum):
    ALL = "all"
    TODAY = "today"
    OVERDUE = "overdue"
    WEEK = "week"


def due_bounds(
    window: DueWindow | str, now: dt.datetime, tz: dt.tzinfo
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """``[start, end)`` in UTC for ``due_at`` in the window (None: unbounded)."""
    window = DueWindow(window)
    if window == DueWindow.ALL:
        return None, None
    if window == DueWindow.OVERDUE:
        return None, now
    kind = PeriodKind.DAY if window == DueWindow.TODAY else PeriodKind.WEEK
    return Period.containing(kind, local_date(now, tz)).utc_bounds(tz)


def is_overdue(task: Task, now: dt.datetime) -> bool:
    """An open task whose due time has passed."""
    return task.status == "open" and task.due_at is not None and task.due_at < now


def reminder_time(task: Task) -> dt.datetime | None:
    """When the task reminds: its reminder, else its due time, else never."""
    return task.remind_at or task.due_at


def reminder_key(task_id: uuid.UUID, at: dt.datetime) -> str:
    """The identity of one reminder: the task and the time it is for."""
    return f"task:{task_id}:{at.astimezone(dt.UTC).isoformat()}"


@dataclasses.dataclass(frozen=True, slots=True)
class DueReminder:
    task_id: uuid.UUID
    title: str
    at: dt.datetime  # the reminder time that passed
    due_at: dt.datetime | None
    key: str


def due_reminders(
    tasks: Iterable[Task], now: dt.datetime, *, lookback: dt.timedelta
) -> list[DueReminder]:
    """Reminders of open tasks whose time is in ``(now - lookback, now]``, oldest first."""
    found = []
    for task in tasks:
        at = reminder_time(task)
        if task.deleted or task.status != "open" or at is None:
            continue
        if now - lookback < at <= now:
            found.append(
                DueReminder(task.id, task.title, at, task.due_at, reminder_key(task.id, at))
            )
    found.sort(key=lambda r: (r.at, str(r.task_id)))
    return found


def assignment_errors(
    role: str,
    me: uuid.UUID,
    assignee_id: uuid.UUID | None,
    team_members: Collection[uuid.UUID],
) -> list[FieldError]:
    """Why ``me`` (with ``role``) may not assign a task to ``assignee_id`` (empty: allowed)."""
    if assignee_id is None or assignee_id == me:
        return []
    if role not in MANAGERS:
        return [
            FieldError("assignee_id", "not_allowed", "only a manager can assign tasks to others")
        ]
    if assignee_id not in team_members:
        return [FieldError("assignee_id", "not_in_team", "is not an active member of the team")]
    return []


def time_errors(due_at: dt.datetime | None, remind_at: dt.datetime | None) -> list[FieldError]:
    """Problems with a task's due and reminder times."""
    if due_at is not None and remind_at is not None and remind_at > due_at:
        return [FieldError("remind_at", "after_due", "the reminder is after the due time")]
    return []


def completion_changes(done: bool, now: dt.datetime) -> dict[str, Any]:
    """The field values that complete (``done``) or reopen a task."""
    if done:
        return {"status": "done", "completed_at": now}
    return {"status": "open", "completed_at": None}
