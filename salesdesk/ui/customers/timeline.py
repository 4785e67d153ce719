"""The customer's Timeline tab: everything that happened with the customer, newest first.

Visits, deals (created, stage changes, won or lost), tasks, feedback, the
customer's notes, and reports that mention the customer — each with its
date, who, and what (``store.timeline``). A filter narrows it to one kind;
double-clicking an entry opens its record (in its area, or the Feedback or
Notes tab). The list is loaded on the database thread when the tab is shown.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.periods import Period
from salesdesk.store import timeline as queries
from salesdesk.store.store import ChangeSet
from salesdesk.ui import labels, resources, timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.labels import QT_TRANSLATE_NOOP

CONTEXT = "Timeline"
WATCHED = (
    "customer",
    "visit",
    "deal",
    "deal_stage_change",
    "pipeline_stage",
    "task",
    "feedback",
    "report",
    "user",
)
EVENTS = {
    "visit_planned": QT_TRANSLATE_NOOP("Timeline", "Visit planned"),
    "visit_done": QT_TRANSLATE_NOOP("Timeline", "Visit"),
    "visit_cancelled": QT_TRANSLATE_NOOP("Timeline", "Visit cancelled"),
    "deal_created": QT_TRANSLATE_NOOP("Timeline", "Deal created"),
    "deal_stage": QT_TRANSLATE_NOOP("Timeline", "Deal moved"),
    "deal_won": QT_TRANSLATE_NOOP("Timeline", "Deal won"),
    "deal_lost": QT_TRANSLATE_NOOP("Timeline", "Deal lost"),
    "task_created": QT_TRANSLATE_NOOP("Timeline", "Task created"),
    "task_done": QT_TRANSLATE_NOOP("Timeline", "Task done"),
    "feedback": QT_TRANSLATE_NOOP("Timeline", "Feedback"),
    "note": QT_TRANSLATE_NOOP("Timeline", "Note"),
    "report": QT_TRANSLATE_NOOP("Timeline", "Mentioned in a report"),
}
GROUPS = (
    ("", QT_TRANSLATE_NOOP("Timeline", "Everything")),
    ("visits", QT_TRANSLATE_NOOP("Timeline", "Visits")),
    ("deals", QT_TRANSLATE_NOOP("Timeline", "Deals")),
    ("tasks", QT_TRANSLATE_NOOP("Timeline", "Tasks")),
    ("feedback", QT_TRANSLATE_NOOP("Timeline", "Feedback")),
    ("notes", QT_TRANSLATE_NOOP("Timeline", "Notes")),
    ("reports", QT_TRANSLATE_NOOP("Timeline", "Reports")),
)
PERIOD_KINDS = {"daily": "day", "weekly": "week", "monthly": "month"}
RECORD_AREAS = {"visit": "visits", "task": "tasks", "deal": "deals", "report": "reports"}
ICONS = {
    "visits": "visits",
    "deals": "deals",
    "tasks": "tasks",
    "feedback": "feedback",
    "notes": "note",
    "reports": "reports",
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def event_name(entry: queries.TimelineEntry) -> str:
    if entry.kind == "feedback":
        kind = str(entry.values.get("kind", ""))
        return labels.choice_label("feedback", "kind", kind) if kind else tr(EVENTS["feedback"])
    if entry.kind == "visit_done" and entry.values.get("in_progress"):
        return QCoreApplication.translate("Timeline", "Checked in")
    return tr(EVENTS[entry.kind])


def describe(entry: queries.TimelineEntry) -> str:
    """What happened, in one line (the list) — record text stays as written."""
    values = entry.values
    amount = values.get("amount")
    money = labels.money(amount) if isinstance(amount, Decimal) and amount else ""
    if entry.kind == "deal_stage":
        return (
            QCoreApplication.translate("Timeline", "%1: %2 → %3")
            .replace("%1", entry.title)
            .replace("%2", str(values.get("from_stage", "")))
            .replace("%3", str(values.get("to_stage", "")))
        )
    if entry.kind in ("deal_created", "deal_won"):
        return " · ".join(p for p in (entry.title, money) if p)
    if entry.kind == "deal_lost":
        return " · ".join(p for p in (entry.title, entry.detail) if p)
    if entry.kind == "visit_done":
        outcome = str(values.get("outcome", ""))
        return " — ".join(p for p in (entry.title, outcome) if p)
    if entry.kind == "task_created" and values.get("due_at") is not None:
        return (
            QCoreApplication.translate("Timeline", "%1 (due %2)")
            .replace("%1", entry.title)
            .replace("%2", timefmt.format_datetime(values["due_at"]))
        )
    if entry.kind == "feedback" and values.get("rating"):
        rating = int(values["rating"])
        return f"{'★' * rating}{'☆' * (5 - rating)} {entry.title}"
    if entry.kind == "report":
        kind = str(values.get("report_kind", ""))
        start = values.get("period_start")
        if start is None:
            return entry.title
        period = Period.containing(PERIOD_KINDS.get(kind, "day"), start)
        return f"{labels.choice_label('report', 'kind', kind)} {period.code}: {entry.title}"
    return entry.title


def when(entry: queries.TimelineEntry) -> str:
    if entry.date_only:
        return timefmt.format_date(timefmt.local(entry.at).date())
    return timefmt.format_datetime(entry.at)


class TimelineTab(QWidget):
    """The Timeline tab of the customer detail pane."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Timeline"))
        self.customer_id: uuid.UUID | None = None
        self.entries: list[queries.TimelineEntry] = []
        self.loading = False
        self._stale = False
        self._generation = 0

        self.filter = QComboBox(self)
        self.filter.setObjectName("timeline_filter")
        for key, text in GROUPS:
            self.filter.addItem(tr(text), key)
        self.count = QLabel(self)
        self.count.setProperty("role", "muted")
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("timeline")
        self.table.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Event"), self.tr("What"), self.tr("Who")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setIconSize(QSize(16, 16))
        header = self.table.horizontalHeader()
        for column, mode in enumerate(
            (
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
            )
        ):
            header.setSectionResizeMode(column, mode)
        self.detail = QLabel(self)
        self.detail.setObjectName("timeline_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(self.fontMetrics().height() * 3)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        bar = QHBoxLayout()
        bar.addWidget(self.filter)
        bar.addStretch(1)
        bar.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)

        self.filter.currentIndexChanged.connect(lambda _index: self._fill())
        self.table.itemSelectionChanged.connect(self._show_detail)
        self.table.doubleClicked.connect(lambda index: self.open_entry(index.row()))
        context.bus.sig_changed.connect(self._on_changes)

    # ---- loading -------------------------------------------------------------------------------
    def set_customer(self, customer_id: uuid.UUID | None) -> None:
        """Show this customer's history (loaded now if the tab is visible, else when shown)."""
        if customer_id != self.customer_id:
            self.customer_id = customer_id
            self.entries = []
            self.table.setRowCount(0)
            self.detail.clear()
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self._generation += 1
        generation = self._generation
        customer_id = self.customer_id
        if customer_id is None:
            self.entries = []
            self._fill()
            return
        store = self.context.store
        self.loading = True

        def done(entries: list[queries.TimelineEntry]) -> None:
            if generation == self._generation:
                self.loading = False
                self.entries = entries
                self._fill()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.loading = False
                self.context.notifier.show_error(str(exc))

        self.context.runner.db(
            lambda: queries.customer_timeline(store, customer_id), done=done, failed=failed
        )

    def _on_changes(self, changes: ChangeSet) -> None:
        if self.customer_id is not None and changes.touches(*WATCHED):
            self._stale = True
            if self.isVisible():
                self.reload()

    # ---- showing -------------------------------------------------------------------------------
    def visible_entries(self) -> list[queries.TimelineEntry]:
        group = self.filter.currentData() or ""
        return [e for e in self.entries if not group or e.group == group]

    def _fill(self) -> None:
        shown = self.visible_entries()
        self.table.setRowCount(len(shown))
        for row, entry in enumerate(shown):
            cells = (when(entry), event_name(entry), describe(entry), entry.who)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text.replace("\n", " "))
                if column == 1:
                    item.setIcon(resources.icon(ICONS[entry.group]))
                if column == 2:
                    item.setToolTip(self._full_text(entry))
                self.table.setItem(row, column, item)
        self.count.setText(self.tr("Events: %1").replace("%1", str(len(shown))))
        self.detail.clear()

    def _full_text(self, entry: queries.TimelineEntry) -> str:
        lines = [f"{event_name(entry)} · {when(entry)}" + (f" · {entry.who}" if entry.who else "")]
        if entry.kind == "visit_done":
            lines.append(entry.title)
            for key, text in (
                ("outcome", self.tr("Outcome: %1")),
                ("next_step", self.tr("Next step: %1")),
            ):
                if entry.values.get(key):
                    lines.append(text.replace("%1", str(entry.values[key])))
            return "\n".join(lines)
        lines.append(describe(entry))
        if entry.detail and entry.detail not in lines[-1]:
            lines.append(entry.detail)
        return "\n".join(lines)

    def _show_detail(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        shown = self.visible_entries()
        if rows and rows[0].row() < len(shown):
            self.detail.setText(self._full_text(shown[rows[0].row()]))
        else:
            self.detail.clear()

    # ---- opening -------------------------------------------------------------------------------
    def open_entry(self, row: int) -> bool:
        """Open the record behind an entry; False when nothing here can show it."""
        shown = self.visible_entries()
        if not 0 <= row < len(shown):
            return False
        entry = shown[row]
        if entry.entity == "feedback":
            return self._open_tab("feedback", entry.row_id)
        if entry.entity == "customer":  # a note: the Notes tab
            return self._open_tab("notes", None)
        window = self.window()
        opener = getattr(window, "open_record", None)
        if callable(opener):
            return bool(opener(entry.entity, entry.row_id))
        # a main window without open_record: show the area and ask its page
        area = RECORD_AREAS.get(entry.entity, "")
        page = getattr(window, "pages", {}).get(area)
        page_opener = getattr(page, "open_record", None)
        if not callable(page_opener):
            return False
        window.show_area(area)  # type: ignore[attr-defined]
        return bool(page_opener(entry.entity, entry.row_id))

    def _open_tab(self, name: str, row_id: uuid.UUID | None) -> bool:
        tabs = self._tabs()
        if tabs is None:
            return False
        for index in range(tabs.count()):
            page = tabs.widget(index)
            if page is None:
                continue
            if name == "feedback" and hasattr(page, "select_feedback"):
                tabs.setCurrentIndex(index)
                if row_id is not None:
                    page.select_feedback(row_id)
                return True
            if name == "notes" and page.findChild(QWidget, "notes") is not None:
                tabs.setCurrentIndex(index)
                return True
        return False

    def _tabs(self) -> QTabWidget | None:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QTabWidget):
            widget = widget.parentWidget()
        return widget
