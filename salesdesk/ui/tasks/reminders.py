"""Task reminders while the app runs.

Every minute, and shortly after tasks change, the service asks the database
thread for the signed-in user's open tasks whose reminder time (or due time,
without a reminder) has passed, and shows each through the desktop
notifications (tray message, or the status bar without a tray). Each
reminder is shown once — keyed by the task and the time — and the keys
shown are kept in the profile, so restarting the app does not repeat them.
Clicking a reminder opens the task.

``check(now)`` takes the moment to check at, so tests drive it with a chosen
time instead of waiting.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from salesdesk.domain import tasks as rules
from salesdesk.domain.schema import utcnow
from salesdesk.store import tasks as queries
from salesdesk.store.store import ChangeSet
from salesdesk.ui import timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.notifications import Reminder

CHECK_EVERY_MS = 60_000
AFTER_CHANGE_MS = 1_000
LOOKBACK = dt.timedelta(hours=24)  # older reminders are on the overdue list instead
AT_ONCE = 3  # more reminders than this in one check: the first ones and a summary
META_KEY = "task_reminders_shown"
log = logging.getLogger(__name__)


class TaskReminders(QObject):
    """Shows due task reminders through ``context.desktop``."""

    sig_checked = Signal(object, list)  # the moment checked, the reminder keys it showed

    def __init__(
        self,
        context: AppContext,
        open_task: Callable[[uuid.UUID], None],
        open_overdue: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._open_task = open_task
        self._open_overdue = open_overdue
        self._shown: dict[str, str] = {}  # key -> reminder time (ISO), kept in the profile
        self._loaded = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self._timed_check)
        self._after_change = QTimer(self)
        self._after_change.setSingleShot(True)
        self._after_change.setInterval(AFTER_CHANGE_MS)
        self._after_change.timeout.connect(self._timed_check)
        context.bus.sig_changed.connect(self._on_changes)

    def start(self) -> None:
        """Check now and then every minute."""
        self.timer.start()
        self.check()

    def stop(self) -> None:
        self.timer.stop()
        self._after_change.stop()

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.touches("task") and self.timer.isActive():
            self._after_change.start()

    def _timed_check(self) -> None:
        """The minute's (or after-change) check, while the app's window is open."""
        parent = self.parent()
        window = parent.window() if isinstance(parent, QWidget) else None
        if window is None or window.isVisible():
            self.check()

    @property
    def shown_keys(self) -> frozenset[str]:
        return frozenset(self._shown)

    def check(self, now: dt.datetime | None = None) -> None:
        """Look for reminders due at ``now`` (default: the clock) on the database thread."""
        moment = now or utcnow()
        store = self.context.store
        user_id = store.profile.user_id
        first = not self._loaded
        known = dict(self._shown)

        def work() -> tuple[dict[str, str], list[rules.DueReminder]]:
            # One job reads the tasks, decides what is new and remembers it in the profile:
            # no follow-up work is chained to the answer.
            remembered: dict[str, str] = store.get_meta(META_KEY, {}) if first else {}
            seen = {**remembered, **known}
            with store.engine.connect() as connection:
                found = queries.reminder_candidates(connection, user_id, moment, moment - LOOKBACK)
            due = [
                r
                for r in rules.due_reminders(found, moment, lookback=LOOKBACK)
                if r.key not in seen
            ]
            if due:
                store.set_meta(META_KEY, _recent({**seen, **_keys(due)}, moment))
            return remembered, due

        def done(result: tuple[dict[str, str], list[rules.DueReminder]]) -> None:
            remembered, due = result
            if first and not self._loaded:
                self._shown.update(remembered)
                self._loaded = True
            self._show([r for r in due if r.key not in self._shown], moment)

        def failed(exc: BaseException) -> None:
            log.error("checking task reminders failed", exc_info=exc)

        self.context.runner.db(work, done=done, failed=failed, idle=True)  # a background check

    def _show(self, due: list[rules.DueReminder], now: dt.datetime) -> None:
        desktop = self.context.desktop
        shown: list[str] = []
        if desktop is not None and due:
            one_by_one = due if len(due) <= AT_ONCE else due[: AT_ONCE - 1]
            for reminder in one_by_one:
                desktop.remind(
                    Reminder(
                        title=self.tr("Task due"),
                        message=self._message(reminder),
                        key=reminder.key,
                        on_open=self._opener(reminder.task_id),
                    )
                )
                shown.append(reminder.key)
            rest = due[len(one_by_one) :]
            if rest:
                desktop.remind(
                    Reminder(
                        title=self.tr("Tasks due"),
                        message=self.tr("%1 more tasks are due.").replace("%1", str(len(rest))),
                        key="tasks:" + ",".join(r.key for r in rest),
                        on_open=self._open_overdue,
                    )
                )
                shown.extend(r.key for r in rest)
        self._shown = _recent({**self._shown, **_keys(due)}, now)
        self.sig_checked.emit(now, shown)

    def _opener(self, task_id: uuid.UUID) -> Callable[[], None]:
        return lambda: self._open_task(task_id)

    def _message(self, reminder: rules.DueReminder) -> str:
        if reminder.due_at is None:
            return reminder.title
        return (
            self.tr("%1 (due %2)")
            .replace("%1", reminder.title)
            .replace("%2", timefmt.format_datetime(reminder.due_at))
        )


def _keys(due: list[rules.DueReminder]) -> dict[str, str]:
    return {r.key: r.at.isoformat() for r in due}


def _recent(keys: dict[str, str], now: dt.datetime) -> dict[str, str]:
    """The keys whose reminder time is within the look-back period (older ones cannot recur)."""
    oldest = now - LOOKBACK - dt.timedelta(hours=1)
    return {key: at for key, at in keys.items() if dt.datetime.fromisoformat(at) >= oldest}
