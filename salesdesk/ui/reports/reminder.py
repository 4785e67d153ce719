"""The daily report reminder: while the app runs, tell the rep when today's report is not in.

On working days (Monday to Friday; the domain knows no holiday calendar) it
looks once a minute whether my daily report for today is submitted. If not,
it reminds me an hour before the template's deadline and again at the
deadline (or as soon as the app runs after it, that same day), each once a
day, through the desktop reminders (tray message, else the status bar).
Clicking the reminder opens today's report.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from salesdesk.domain.periods import local_date
from salesdesk.domain.schema import utcnow
from salesdesk.store import reports as queries
from salesdesk.ui import timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.notifications import Reminder

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 60_000
FIRST_CHECK_MS = 5_000  # let the window settle (and start-up work finish) first
EARLY = dt.timedelta(hours=1)
WORKDAYS = frozenset({1, 2, 3, 4, 5})


class DailyReportReminder(QObject):
    def __init__(
        self, context: AppContext, open_report: Callable[[], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.open_report = open_report
        self.clock: Callable[[], dt.datetime] = utcnow
        self.tz: dt.tzinfo = queries.local_zone()
        self.checking = False
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)

    def start(self, first_check_ms: int = FIRST_CHECK_MS) -> None:
        QTimer.singleShot(first_check_ms, self, self.check)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def check(self, now: dt.datetime | None = None) -> None:
        """Look at today's report (on the database thread) and remind if it is due."""
        if self.context.desktop is None:
            return
        now = now or self.clock()
        day = local_date(now, self.tz)
        if day.isoweekday() not in WORKDAYS:
            return
        store, tz = self.context.store, self.tz
        self.checking = True

        def done(state: queries.TodayReport) -> None:
            self.checking = False
            self.remind(state, now)

        def failed(exc: BaseException) -> None:
            self.checking = False
            log.warning("could not check today's report: %s", exc)

        try:
            self.context.runner.db(
                lambda: queries.today_report(store, day, tz),
                done=done,
                failed=failed,
                idle=True,  # a background check: after what the user is waiting for
            )
        except RuntimeError:  # the runner has shut down: the app is closing
            self.checking = False

    def remind(self, state: queries.TodayReport, now: dt.datetime) -> Reminder | None:
        """Show the reminder this moment calls for, if any (each one once a day)."""
        desktop = self.context.desktop
        if desktop is None or state.deadline is None or state.status == "submitted":
            return None
        deadline = timefmt.local(state.deadline).strftime("%H:%M")
        if now >= state.deadline:
            phase = "due"
            message = self.tr("It was due at %1 and is not submitted yet.").replace("%1", deadline)
        elif now >= state.deadline - EARLY:
            phase = "early"
            message = (
                self.tr("Your draft is not submitted yet; it is due at %1.")
                if state.status == "draft"
                else self.tr("It is not written yet; it is due at %1.")
            ).replace("%1", deadline)
        else:
            return None
        reminder = Reminder(
            title=self.tr("Today's daily report"),
            message=message,
            key=f"report:daily:{state.day.isoformat()}:{phase}",
            on_open=self.open_report,
        )
        return reminder if desktop.remind(reminder) else None
