"""The Today area (今日): one screen for the rep's day.

- **Visits**: today's stops in route order, each with its address and a Check in / Check
  out button; a click on the customer opens the visit in the Visits area.
- **Tasks**: tasks due today and overdue (overdue first); tick one to complete it (Undo
  in the notice); a click on the title opens it in the Tasks area.
- **Deals that need action**: stuck in their stage too long or past the expected close
  date (``pipeline.deal_alerts``); a click opens the deal.
- **Daily report**: not written, draft, submitted or late (``reports.report_states``
  with the team's daily template), with a button that opens it; a manager also sees
  how many of the team have reported.

It reloads itself when the store changes, at midnight, and when the report deadline
passes. All reading runs on the database thread.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import uuid
from collections.abc import Callable

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import Task, Visit
from salesdesk.domain.schema import utcnow
from salesdesk.store import today as today_store
from salesdesk.store.store import ChangeSet, StoreError
from salesdesk.store.today import DealItem, ReportProgress, TaskItem, TodayOverview
from salesdesk.store.visits import VisitItem
from salesdesk.ui import labels, timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.visits.actions import VisitActions

log = logging.getLogger(__name__)
VISIT_ROWS = 15
TASK_ROWS = 12  # tasks listed; the rest are counted, with a link to the Tasks area
DEAL_ROWS = 8
RELOAD_DELAY_MS = 80
TICK_MS = 60_000  # checks for midnight and the report deadline


def local_tz() -> dt.tzinfo:
    tz = dt.datetime.now().astimezone().tzinfo
    assert tz is not None
    return tz


def _link(text: str) -> str:
    return f'<a href="open">{html.escape(text)}</a>'


def _label(text: str, parent: QWidget, role: str = "", *, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    if role:
        label.setProperty("role", role)
    if name:
        label.setObjectName(name)
    return label


class Card(QFrame):
    """A titled section of the Today screen: a heading with a count, rows, an empty text."""

    def __init__(self, title: str, name: str, empty: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = _label(title, self, "heading")
        self.badge = _label("", self, "badge", name=f"{name}_count")
        self.footer = QHBoxLayout()
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addWidget(self.badge)
        head.addStretch(1)
        self.rows_widget = QWidget(self)
        self.rows = QVBoxLayout(self.rows_widget)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(6)
        self.empty = _label(empty, self, "muted", name=f"{name}_empty")
        self.empty.setWordWrap(True)
        self.more = _label("", self, "muted", name=f"{name}_more")
        self.more_text = ""  # e.g. "and %1 more in Tasks"
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.rows_widget)
        layout.addWidget(self.empty)
        layout.addWidget(self.more)
        layout.addLayout(self.footer)
        self.badge.hide()

    def clear(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def set_count(self, count: int, shown: int | None = None) -> None:
        self.badge.setText(str(count))
        self.badge.setVisible(count > 0)
        self.empty.setVisible(count == 0)
        hidden = count - (shown if shown is not None else count)
        self.more.setVisible(hidden > 0)
        text = self.more_text or self.tr("and %1 more")
        self.more.setText(_link(text.replace("%1", str(hidden))))


class VisitRow(QWidget):
    """One stop of today's route."""

    def __init__(self, page: TodayPage, item: VisitItem) -> None:
        super().__init__(page)
        self.visit_id = item.visit.id
        visit = item.visit
        number = str(visit.route_order) if visit.route_order else "·"
        self.number = _label(number, self, "heading")
        self.number.setFixedWidth(self.fontMetrics().horizontalAdvance("00") + 8)
        self.number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.time = _label(visit.planned_time or "—", self)
        self.time.setFixedWidth(self.fontMetrics().horizontalAdvance("00:00") + 10)
        self.time.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.link = _label(_link(item.customer_name or visit.purpose), self, name="visit_link")
        self.link.setToolTip(self.tr("Open this visit"))
        self.link.linkActivated.connect(lambda _href: page.open_visit(self.visit_id))
        details = " · ".join(p for p in (visit.purpose, item.full_address) if p)
        self.details = _label(details, self, "muted")
        self.details.setWordWrap(True)
        middle = QVBoxLayout()
        middle.setSpacing(1)
        middle.addWidget(self.link)
        middle.addWidget(self.details)
        self.status = _label(self._status_text(visit), self, "muted")
        self.button: QPushButton | None = None
        if visit.status == "planned":
            self.button = QPushButton(self.tr("Check in…"), self)
            self.button.setObjectName("today_check_in")
            self.button.clicked.connect(lambda: page.visit_actions.check_in(self.visit_id))
        elif visit.status == "in_progress":
            self.button = QPushButton(self.tr("Check out…"), self)
            self.button.setObjectName("today_check_out")
            self.button.clicked.connect(lambda: page.visit_actions.check_out(self.visit_id))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.number, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.time, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(middle, 1)
        layout.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop)
        if self.button is not None:
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)

    def _status_text(self, visit: Visit) -> str:
        status = labels.choice_label("visit", "status", visit.status)
        moment = visit.checked_out_at if visit.status == "done" else visit.checked_in_at
        if moment is not None:
            return f"{status} {timefmt.local(moment).strftime('%H:%M')}"
        return "" if visit.status == "planned" else status


class TaskRow(QWidget):
    """A task due today or overdue: tick to complete."""

    def __init__(self, page: TodayPage, item: TaskItem) -> None:
        super().__init__(page)
        self.task_id = item.task.id
        task = item.task
        self.check = QCheckBox(self)
        self.check.setObjectName("complete_task")
        self.check.setToolTip(self.tr("Mark as done"))
        self.check.toggled.connect(lambda on: page.complete_task(task) if on else None)
        self.link = _label(_link(task.title), self, name="task_link")
        self.link.setToolTip(self.tr("Open this task"))
        self.link.linkActivated.connect(lambda _href: page.open_task(task))
        middle = QVBoxLayout()
        middle.setSpacing(1)
        middle.addWidget(self.link)
        extra = [labels.choice_label("task", "priority", task.priority)]
        if item.customer_name:
            extra.insert(0, item.customer_name)
        self.details = _label(" · ".join(extra), self, "muted")
        middle.addWidget(self.details)
        assert task.due_at is not None
        due = timefmt.local(task.due_at)
        days = (page.day - due.date()).days
        if days == 1:
            when = self.tr("Overdue since yesterday")
        elif days > 1:
            when = self.tr("Overdue %1 days").replace("%1", str(days))
        elif item.overdue:
            when = self.tr("Overdue since %1").replace("%1", due.strftime("%H:%M"))
        else:
            when = self.tr("Due %1").replace("%1", due.strftime("%H:%M"))
        self.due = _label(when, self, "error" if item.overdue else "muted", name="task_due")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(middle, 1)
        layout.addWidget(self.due, 0, Qt.AlignmentFlag.AlignTop)


class DealRow(QWidget):
    """A deal that needs action, and why."""

    def __init__(self, page: TodayPage, item: DealItem) -> None:
        super().__init__(page)
        self.deal_id = item.deal.id
        deal, alert = item.deal, item.alert
        self.link = _label(_link(deal.title), self, name="deal_link")
        self.link.setToolTip(self.tr("Open this deal"))
        self.link.linkActivated.connect(lambda _href: page.open_deal(item))
        facts = [p for p in (item.customer_name, item.stage_name, labels.money(deal.amount)) if p]
        self.details = _label(" · ".join(facts), self, "muted")
        self.details.setWordWrap(True)
        reasons = []
        if alert.stuck:
            reasons.append(
                self.tr("%1 days in this stage (limit %2)")
                .replace("%1", str(alert.days_in_stage))
                .replace("%2", str(alert.stuck_days or 0))
            )
        if alert.close_overdue:
            reasons.append(
                self.tr("expected close passed %1 days ago").replace("%1", str(alert.days_overdue))
            )
        self.reason = _label("; ".join(reasons), self, "warning", name="deal_reason")
        self.reason.setWordWrap(True)
        self.reason.setMaximumWidth(320)
        left = QVBoxLayout()
        left.setSpacing(1)
        left.addWidget(self.link)
        left.addWidget(self.details)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addWidget(self.reason, 0, Qt.AlignmentFlag.AlignTop)


class TodayPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.overview: TodayOverview | None = None
        self.loading = False
        self._stale = False
        self._generation = 0
        self.day = timefmt.today()
        self.visit_actions = VisitActions(context, self)

        self.title = _label(self.tr("Today"), self, "title", name="today_title")
        self.summary = _label("", self, "muted", name="today_summary")
        self.summary.setWordWrap(True)

        self.visits_card = Card(
            self.tr("Visits"), "today_visits", self.tr("No visits planned for today."), self
        )
        self.visits_card.more_text = self.tr("and %1 more in Visits")
        self.visits_card.more.linkActivated.connect(lambda _href: self._open_area("visits"))
        self.plan_button = QPushButton(self.tr("Plan visits…"), self.visits_card)
        self.plan_button.setObjectName("today_plan_visits")
        self.plan_button.clicked.connect(lambda: self._open_area("visits"))
        self.visits_card.footer.addStretch(1)
        self.visits_card.footer.addWidget(self.plan_button)

        self.tasks_card = Card(
            self.tr("Tasks due"), "today_tasks", self.tr("Nothing due today. Well done!"), self
        )
        self.tasks_card.more_text = self.tr("and %1 more in Tasks")
        self.tasks_card.more.linkActivated.connect(lambda _href: self._open_area("tasks"))
        self.deals_card = Card(
            self.tr("Deals that need action"),
            "today_deals",
            self.tr("No deal is stuck or past its expected close date."),
            self,
        )
        self.deals_card.more_text = self.tr("and %1 more in Deals")
        self.deals_card.more.linkActivated.connect(lambda _href: self._open_area("deals"))
        self.report_card = Card(self.tr("Daily report"), "today_report", "", self)
        self.report_card.empty.hide()
        self.report_status = _label("", self.report_card, "heading", name="report_status")
        self.report_status.setWordWrap(True)
        self.report_detail = _label("", self.report_card, "muted", name="report_detail")
        self.report_detail.setWordWrap(True)
        self.report_team = _label("", self.report_card, "muted", name="report_team")
        self.report_team.setWordWrap(True)
        self.report_button = QPushButton(self.tr("Write today's report"), self.report_card)
        self.report_button.setObjectName("open_report")
        self.report_button.clicked.connect(self.open_report)
        self.report_card.rows.addWidget(self.report_status)
        self.report_card.rows.addWidget(self.report_detail)
        self.report_card.rows.addWidget(self.report_team)
        self.report_card.footer.addStretch(1)
        self.report_card.footer.addWidget(self.report_button)

        columns = QHBoxLayout()
        columns.setSpacing(12)
        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(self.visits_card)
        left.addWidget(self.deals_card)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(self.report_card)
        right.addWidget(self.tasks_card)
        right.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(self.title)
        content_layout.addWidget(self.summary)
        content_layout.addLayout(columns, 1)
        scroll = QScrollArea(self)
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()
        context.bus.sig_changed.connect(self._on_changes)
        self.reload()

    # ---- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        self._reload_timer.stop()
        self._generation += 1
        generation = self._generation
        store = self.context.store
        now = utcnow()
        tz = local_tz()
        self.loading = True

        def done(overview: TodayOverview) -> None:
            if generation == self._generation:
                self.loading = False
                self._show(overview)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.loading = False
                if not isinstance(exc, StoreError):
                    log.error("loading Today failed", exc_info=exc)
                self.context.notifier.show_error(str(exc))

        self.context.runner.db(
            lambda: today_store.today_overview(store, now=now, tz=tz),
            done=done,
            failed=failed,
        )

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.touches(*today_store.ENTITIES):
            if self.isVisible():
                self._reload_timer.start()
            else:
                self._stale = True  # reloaded when shown: no work for a hidden screen

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._reload_timer.start()

    def _on_tick(self) -> None:
        overview = self.overview
        if overview is None or not self.isVisible():
            self._stale = True
            return
        state = overview.report.state
        crossed = (
            state is not None
            and not state.submitted
            and overview.now < state.deadline + dt.timedelta(minutes=1) <= utcnow()
        )
        if timefmt.today() != overview.day or crossed:
            self.reload()

    def _show(self, overview: TodayOverview) -> None:
        self.overview = overview
        self.day = overview.day
        locale = QLocale()
        self.title.setText(
            self.tr("Today · %1").replace(
                "%1", locale.toString(timefmt.to_qdate(overview.day), QLocale.FormatType.LongFormat)
            )
        )
        self._show_visits(overview.visits)
        self._show_tasks(overview.tasks, overview.task_total)
        self._show_deals(overview.deals, overview.deal_total)
        self._show_report(overview)
        left = sum(1 for i in overview.visits if i.visit.status in ("planned", "in_progress"))
        self.summary.setText(
            self.tr("%1 of %2 visits to go · %3 tasks due (%4 overdue) · %5 deals need action")
            .replace("%1", str(left))
            .replace("%2", str(len(overview.visits)))
            .replace("%3", str(overview.task_total))
            .replace("%4", str(overview.overdue_total))
            .replace("%5", str(overview.deal_total))
        )

    def _show_visits(self, visits: list[VisitItem]) -> None:
        self.visits_card.clear()
        self.visit_rows = [VisitRow(self, item) for item in visits[:VISIT_ROWS]]
        for row in self.visit_rows:
            self.visits_card.rows.addWidget(row)
        self.visits_card.set_count(len(visits), len(self.visit_rows))

    def _show_tasks(self, tasks: list[TaskItem], total: int) -> None:
        self.tasks_card.clear()
        self.task_rows = [TaskRow(self, item) for item in tasks[:TASK_ROWS]]
        for row in self.task_rows:
            self.tasks_card.rows.addWidget(row)
        self.tasks_card.set_count(total, len(self.task_rows))

    def _show_deals(self, deals: list[DealItem], total: int) -> None:
        self.deals_card.clear()
        self.deal_rows = [DealRow(self, item) for item in deals[:DEAL_ROWS]]
        for row in self.deal_rows:
            self.deals_card.rows.addWidget(row)
        self.deals_card.set_count(total, len(self.deal_rows))

    def _show_report(self, overview: TodayOverview) -> None:
        report = overview.report
        state = report.state
        role = "heading"
        if report.template is None:
            status = self.tr("Your team has no daily report template.")
            detail = ""
        else:
            deadline = timefmt.local(state.deadline).strftime("%H:%M") if state else ""
            detail = self.tr("Due today at %1.").replace("%1", deadline)
            progress = report.progress
            if progress == ReportProgress.NOT_WRITTEN:
                status = self.tr("Not written yet")
                if report.overdue:
                    status = self.tr("Not written — late")
                    detail = self.tr("The deadline %1 has passed.").replace("%1", deadline)
                    role = "error"
            elif progress == ReportProgress.DRAFT:
                status = self.tr("Draft, not submitted")
                if report.overdue:
                    status = self.tr("Draft, not submitted — late")
                    detail = self.tr("The deadline %1 has passed.").replace("%1", deadline)
                    role = "error"
            elif progress in (ReportProgress.SUBMITTED, ReportProgress.LATE):
                assert state is not None and state.submitted_at is not None
                at = timefmt.local(state.submitted_at).strftime("%H:%M")
                status = (
                    self.tr("Submitted")
                    if progress == ReportProgress.SUBMITTED
                    else self.tr("Submitted late")
                )
                detail = self.tr("Submitted at %1.").replace("%1", at)
                if state.unsynced:
                    detail += " " + self.tr("Not yet sent to the server.")
                if progress == ReportProgress.LATE:
                    role = "warning"
            else:
                status = self.tr("No daily report due today")
                detail = ""
        self.report_status.setText(status)
        self.report_status.setProperty("role", role)
        self.report_status.style().unpolish(self.report_status)
        self.report_status.style().polish(self.report_status)
        self.report_detail.setText(detail)
        self.report_detail.setVisible(bool(detail))
        self.report_progress = report.progress
        button = {
            ReportProgress.NOT_WRITTEN: self.tr("Write today's report"),
            ReportProgress.NOT_DUE: self.tr("Write a report"),
            ReportProgress.DRAFT: self.tr("Continue the draft"),
        }.get(report.progress, self.tr("View the report"))
        self.report_button.setText(button)
        self.report_button.setEnabled(report.template is not None)
        team = report.team
        if team is not None:
            text = (
                self.tr("Team: %1 of %2 reps have submitted today.")
                .replace("%1", str(team.submitted))
                .replace("%2", str(team.reps))
            )
            if team.missing:
                text += " " + self.tr("Late: %1.").replace("%1", "、".join(team.missing))
            self.report_team.setText(text)
        self.report_team.setVisible(team is not None)

    # ---- actions -------------------------------------------------------------------------------
    def _window_call(self, name: str, *args: object) -> object:
        method = getattr(self.window(), name, None)
        return method(*args) if callable(method) else None

    def _open_area(self, key: str) -> None:
        self._window_call("show_area", key)

    def _open(self, entity: str, record_id: uuid.UUID | None) -> bool:
        return bool(self._window_call("open_record", entity, record_id))

    def open_visit(self, visit_id: uuid.UUID) -> None:
        self._open("visit", visit_id)

    def open_task(self, task: Task) -> None:
        if not self._open("task", task.id) and task.customer_id is not None:
            self._open("customer", task.customer_id)

    def open_deal(self, item: DealItem) -> None:
        if not self._open("deal", item.deal.id) and item.deal.customer_id is not None:
            self._open("customer", item.deal.customer_id)

    def open_report(self) -> None:
        overview = self.overview
        state = overview.report.state if overview else None
        if state is not None and state.report_id is not None:
            self._open("report", state.report_id)
            return
        pages = getattr(self.window(), "pages", {})
        page = pages.get("reports") if isinstance(pages, dict) else None
        start = getattr(page, "open_today", None)
        if callable(start):
            start()  # the Reports area starts today's daily report
        else:
            self._open("report", None)

    def complete_task(self, task: Task) -> None:
        """Mark a task done now (the notice offers Undo)."""
        store = self.context.store
        notifier = self.context.notifier

        def work() -> None:
            with store.transaction() as writer:
                writer.update(Task, task.id, {"status": "done", "completed_at": writer.now})

        def undo() -> None:
            self._run(lambda: store.update(Task, task.id, status="open", completed_at=None))

        self._run(
            work,
            lambda: notifier.notify(
                self.tr("Done: %1").replace("%1", task.title), self.tr("Undo"), undo
            ),
        )

    def _run(self, work: Callable[[], object], then: Callable[[], None] | None = None) -> None:
        def failed(exc: BaseException) -> None:
            if not isinstance(exc, StoreError | ValueError):
                log.error("a Today action failed", exc_info=exc)
            self.context.notifier.show_error(str(exc))
            self.reload()

        self.context.runner.db(work, done=lambda _result: then() if then else None, failed=failed)
