"""The Reports area (汇报): write daily, weekly and monthly reports; see mine (and, for a
manager, the team's) with their status against the deadline and the manager's review.

Left: the list of reports (mine, or the team's for a manager), filtered by kind.
Right: the report being written or read — choose the kind and the period
(today / this week / this month by default, earlier periods with ◀) and
write; the draft saves itself. The daily report reminder is a service of the area (see
``ui/areas.py``), running whether or not this page was opened.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import REPORT_KINDS
from salesdesk.domain.periods import Period, local_date
from salesdesk.domain.reports import report_period
from salesdesk.domain.schema import utcnow
from salesdesk.store import reports as queries
from salesdesk.ui.context import AppContext
from salesdesk.ui.reports import names
from salesdesk.ui.reports.editor import ReportEditor
from salesdesk.ui.reports.model import COLUMNS, ReportListModel

AREA_KEY = "reports"


class ReportsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        profile = context.store.profile
        self._me = profile.user_id
        self._clock: Callable[[], dt.datetime] = utcnow
        self.tz: dt.tzinfo = queries.local_zone()
        self.kind = "daily"
        self.period = self._current_period("daily")

        # ---- the list of reports
        self.scope = QComboBox(self)
        self.scope.setObjectName("report_scope")
        self.scope.addItem(self.tr("My reports"), "mine")
        self.scope.addItem(self.tr("Team reports"), "team")
        self.scope.setVisible(profile.is_manager)
        self.kind_filter = QComboBox(self)
        self.kind_filter.setObjectName("report_kind_filter")
        self.kind_filter.addItem(self.tr("All kinds"), "")
        for kind in REPORT_KINDS:
            self.kind_filter.addItem(names.kind_name(kind), kind)
        self.count = QLabel(self)
        self.count.setProperty("role", "muted")
        self.model = ReportListModel(context, self)
        self.table = QTableView(self)
        self.table.setObjectName("report_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setColumnHidden(COLUMNS.index("author"), True)

        list_bar = QHBoxLayout()
        list_bar.addWidget(self.scope)
        list_bar.addWidget(self.kind_filter, 1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(list_bar)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)

        # ---- what to write: kind and period
        self.kind_buttons = QButtonGroup(self)
        self.kind_buttons.setExclusive(True)
        kinds_row = QHBoxLayout()
        kinds_row.setSpacing(4)
        for kind in REPORT_KINDS:
            button = QPushButton(names.kind_name(kind), self)
            button.setObjectName(f"kind_{kind}")
            button.setCheckable(True)
            button.setChecked(kind == self.kind)
            self.kind_buttons.addButton(button)
            button.clicked.connect(lambda _checked=False, k=kind: self.choose(k, None))
            kinds_row.addWidget(button)
        self.previous_button = QToolButton(self)
        self.previous_button.setObjectName("previous_period")
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.previous_button.setToolTip(self.tr("Earlier period"))
        self.next_button = QToolButton(self)
        self.next_button.setObjectName("next_period")
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setToolTip(self.tr("Later period"))
        self.current_button = QPushButton(names.current_label(self.kind), self)
        self.current_button.setObjectName("current_period")
        self.previous_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        self.current_button.clicked.connect(
            lambda: self.choose(self.kind, self._current_period(self.kind))
        )
        kinds_row.addSpacing(16)
        kinds_row.addWidget(self.previous_button)
        kinds_row.addWidget(self.next_button)
        kinds_row.addWidget(self.current_button)
        kinds_row.addStretch(1)

        self.editor = ReportEditor(context, self)
        self.editor.tz = self.tz
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addLayout(kinds_row)
        right_layout.addWidget(self.editor, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([440, 660])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)

        self.scope.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.kind_filter.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.model.sig_loaded.connect(self._loaded)
        self.model.sig_failed.connect(context.notifier.show_error)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.editor.sig_loaded.connect(self._form_shown)
        self.model.tz = self.tz

        self._update_nav()  # the report itself is loaded when the area is first shown

    # ---- time (tests choose "now") ---------------------------------------------------------------
    @property
    def clock(self) -> Callable[[], dt.datetime]:
        return self._clock

    @clock.setter
    def clock(self, clock: Callable[[], dt.datetime]) -> None:
        self._clock = clock
        self.editor.clock = clock
        self.model.clock = clock

    def today(self) -> dt.date:
        return local_date(self._clock(), self.tz)

    def _current_period(self, kind: str) -> Period:
        return report_period(kind, self.today())

    # ---- choosing what to write ----------------------------------------------------------------
    def choose(self, kind: str, period: Period | None) -> None:
        """Write (or read) my report of ``kind`` for ``period`` (default: the current one)."""
        self.kind = kind
        self.period = period or self._current_period(kind)
        for button in self.kind_buttons.buttons():
            button.setChecked(button.objectName() == f"kind_{kind}")
        self.current_button.setText(names.current_label(kind))
        self._load_editor()

    def _step(self, count: int) -> None:
        target = self.period.shift(count)
        if target.start <= self._current_period(self.kind).start:
            self.choose(self.kind, target)

    def _load_editor(self, report_id: uuid.UUID | None = None) -> None:
        self._update_nav()
        self.editor.load(self.kind, self.period, author_id=self._me, report_id=report_id)

    def _update_nav(self, reading_other: bool = False) -> None:
        current = self._current_period(self.kind)
        self.next_button.setEnabled(self.period.start < current.start)
        self.current_button.setEnabled(self.period != current or reading_other)

    def _form_shown(self, form: queries.ReportForm) -> None:
        if form.author_id == self._me:
            self.kind, self.period = form.kind, form.period
            for button in self.kind_buttons.buttons():
                button.setChecked(button.objectName() == f"kind_{form.kind}")
            self.current_button.setText(names.current_label(form.kind))
        self._update_nav(reading_other=form.author_id != self._me)
        self._select(form.report.id if form.report is not None else None)

    # ---- the list ------------------------------------------------------------------------------
    def _apply_filter(self) -> None:
        team = self.scope.currentData() == "team"
        self.model.set_query(
            dataclasses.replace(
                self.model.query,
                kind=self.kind_filter.currentData() or "",
                author_id=None if team else self._me,
            )
        )
        self.table.setColumnHidden(COLUMNS.index("author"), not team)

    def _loaded(self, count: int) -> None:
        self.count.setText(self.tr("Reports: %1").replace("%1", f"{count:,}"))
        self._select(self.editor.report_id)

    def _select(self, report_id: uuid.UUID | None) -> None:
        row = self.model.row_of(report_id) if report_id is not None else None
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        if row is None:
            self.table.clearSelection()
        else:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        selection.blockSignals(False)
        self.table.viewport().update()

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.open_index(indexes[0])

    def open_index(self, index: QModelIndex) -> None:
        summary = self.model.summary(index.row())
        if summary.id != self.editor.report_id:
            self.open_report(summary.id)

    # ---- opening from elsewhere ----------------------------------------------------------------
    def open_report(self, report_id: uuid.UUID) -> None:
        self.editor.load(self.kind, self.period, report_id=report_id)

    def open_record(self, entity: str, row_id: uuid.UUID | None) -> bool:
        """Show a record of this area (from a customer's timeline, a reminder…)."""
        if entity != "report" or row_id is None:
            return False
        self.open_report(row_id)
        return True

    def open_today(self) -> None:
        """Today's daily report (what the reminder opens)."""
        window = self.window()
        show_area = getattr(window, "show_area", None)
        if callable(show_area):
            show_area(AREA_KEY)
        self.choose("daily", self._current_period("daily"))

    # ---- leaving -------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.model.set_active(True)
        if self.editor.form is None and not self.editor.loading:
            self._load_editor()

    def hideEvent(self, event: QHideEvent) -> None:
        self.editor.flush()  # going to another area: keep what was written
        self.model.set_active(False)
        super().hideEvent(event)

    def save_layout(self) -> None:
        """At close: save the draft being written (waiting briefly for it to be written)."""
        ticket = self.editor.flush()
        if ticket is not None and ticket.future is not None:
            try:
                ticket.future.result(timeout=5)
            except Exception:  # the editor's failure callback reports it
                return
