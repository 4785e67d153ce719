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

from salesdesk.domain import tasks as rules
from salesdesk.domain.entities import Task
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

    sig_checked = Signal(list)  # the reminder keys shown by one check (maybe empty)

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
        self.timer.timeout.connect(self.check)
        self._after_change = QTimer(self)
        self._after_change.setSingleShot(True)
        self._after_change.setInterval(AFTER_CHANGE_MS)
        self._after_change.timeout.connect(self.check)
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

    @property
    def shown_keys(self) -> frozenset[str]:
        return frozenset(self._shown)

    def check(self, now: dt.datetime | None = None) -> None:
        """Look for reminders due at ``now`` (default: the clock) on the database thread."""
        moment = now or utcnow()
        store = self.context.store
        user_id = store.profile.user_id
        first = not self._loaded

        def work() -> tuple[list[Task], dict[str, str] | None]:
            remembered = store.get_meta(META_KEY, {}) if first else None
            with store.engine.connect() as connection:
                found = queries.reminder_candidates(connection, user_id, moment, moment - LOOKBACK)
            return found, remembered

        def done(result: tuple[list[Task], dict[str, str] | None]) -> None:
            tasks, remembered = result
            if remembered is not None and not self._loaded:
                self._shown.update(remembered)
                self._loaded = True
            self._show(tasks, moment)

        def failed(exc: BaseException) -> None:
            log.error("checking task reminders failed", exc_info=exc)

        self.context.runner.db(work, done=done, failed=failed)

    def _show(self, tasks: list[Task], now: dt.datetime) -> None:
        desktop = self.context.desktop
        due = [
            r
            for r in rules.due_reminders(tasks, now, lookback=LOOKBACK)
            if r.key not in self._shown
        ]
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
        for reminder in due:
            if reminder.key in shown:
                self._shown[reminder.key] = reminder.at.isoformat()
        if shown:
            self._remember(now)
        self.sig_checked.emit(shown)

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

    def _remember(self, now: dt.datetime) -> None:
        """Keep the keys shown within the look-back period in the profile (off the GUI thread)."""
        oldest = now - LOOKBACK - dt.timedelta(hours=1)
        self._shown = {
            key: at for key, at in self._shown.items() if dt.datetime.fromisoformat(at) >= oldest
        }
        keep = dict(self._shown)
        store = self.context.store

        def failed(exc: BaseException) -> None:
            log.warning("could not remember the reminders shown: %s", exc)

        self.context.runner.db(lambda: store.set_meta(META_KEY, keep), failed=failed)
