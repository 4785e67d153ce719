"""The Review area (审阅): the team's reports for a day, a week or a month, for managers.

Top: the span (day / week / month, earlier ones with ◀), filters by kind and status, the
PDF export, and a summary — how many reports are in, late, or not in by their deadline,
and as of which sync this copy knows the team's work.
Left: one row per rep and report due in the span, and the list of who has not reported.
Right: the report (the Reports area's read-only view) with the manager's score and comments.
Opening a colleague's submitted report marks it read.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import REPORT_KINDS
from salesdesk.domain.periods import Period, PeriodKind
from salesdesk.domain.review import ReviewStatus
from salesdesk.domain.schema import utcnow
from salesdesk.store import reports as report_queries
from salesdesk.store import review as queries
from salesdesk.store.store import ChangeSet, StoreError
from salesdesk.ui import timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.reports import names as report_names
from salesdesk.ui.reports.editor import ReportEditor
from salesdesk.ui.review import names
from salesdesk.ui.review.model import ReviewTableModel
from salesdesk.ui.review.panel import ReviewPanel
from salesdesk.ui.review.pdf import write_pdf
from salesdesk.ui.targets.period_bar import PeriodBar, period_text

log = logging.getLogger(__name__)
WATCHED = (
    "report",
    "report_comment",
    "report_template",
    "user",
    "visit",
    "task",
    "feedback",
    "deal_stage_change",
)  # reports, and the rows that tell when a rep last synced
RELOAD_DELAY_MS = 250


def default_span(today: dt.date) -> Period:
    """The week of the last working day before today: on a Monday, last week (its reports
    are all due), on other days this week."""
    day = today - dt.timedelta(days=1)
    while day.isoweekday() > 5:
        day -= dt.timedelta(days=1)
    return Period.containing(PeriodKind.WEEK, day)


class ReviewPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._me = context.store.profile.user_id
        self._clock: Callable[[], dt.datetime] = utcnow
        self.tz: dt.tzinfo = report_queries.local_zone()
        self.data: queries.ReviewData | None = None
        self.current: queries.ReviewRow | None = None
        self._generation = 0
        self._loading = False
        self._stale = True

        # ---- the span, filters, export
        self.bar = PeriodBar([PeriodKind.DAY, PeriodKind.WEEK, PeriodKind.MONTH], self)
        self.bar.future = False
        self.bar.tz = self.tz
        self.bar.set_period(default_span(self.bar.today()), emit=False)
        self.kind_filter = QComboBox(self)
        self.kind_filter.setObjectName("review_kind")
        self.kind_filter.addItem(self.tr("All kinds"), "")
        for kind in REPORT_KINDS:
            self.kind_filter.addItem(report_names.kind_name(kind), kind)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("review_status")
        for code, text in (
            ("all", self.tr("Every report")),
            ("not_reported", self.tr("Not reported by the deadline")),
            ("late", self.tr("Submitted late")),
            ("unread", self.tr("Unread")),
            ("unrated", self.tr("Not rated")),
        ):
            self.status_filter.addItem(text, code)
        self.export_button = QPushButton(self.tr("Export PDF…"), self)
        self.export_button.setObjectName("export_pdf")
        self.export_button.setToolTip(
            self.tr("Save the submitted reports of the period shown as a PDF file")
        )
        filters = QHBoxLayout()
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.status_filter)
        filters.addStretch(1)
        filters.addWidget(self.export_button)

        self.summary = QLabel(self)
        self.summary.setObjectName("review_summary")
        self.summary.setWordWrap(True)
        self.sync_note = QLabel(self)
        self.sync_note.setObjectName("sync_note")
        self.sync_note.setProperty("role", "muted")
        self.sync_note.setWordWrap(True)

        # ---- the list
        self.model = ReviewTableModel(self)
        self.model.me = self._me
        self.table = QTableView(self)
        self.table.setObjectName("review_table")
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
        self.missing_box = QGroupBox(self)
        self.missing_box.setObjectName("not_reported")
        self.missing_list = QLabel(self.missing_box)
        self.missing_list.setObjectName("not_reported_list")
        self.missing_list.setWordWrap(True)
        self.missing_list.setTextFormat(Qt.TextFormat.PlainText)
        self.missing_list.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        missing_layout = QVBoxLayout(self.missing_box)
        missing_layout.addWidget(self.missing_list)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 3)
        left_layout.addWidget(self.missing_box, 0)

        # ---- the report and the review
        self.editor = ReportEditor(context, self, read_only=True)
        self.editor.setObjectName("review_report")
        self.editor.tz = self.tz
        self.editor.figures_box.setTitle(self.tr("Figures"))
        self.editor.review_score.hide()  # the score is set (and shown) in the panel below
        self.panel = ReviewPanel(context, self)
        self.placeholder = QLabel(self)
        self.placeholder.setObjectName("review_placeholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setProperty("role", "muted")
        reading = QWidget(self)
        reading_layout = QVBoxLayout(reading)
        reading_layout.setContentsMargins(0, 0, 0, 0)
        reading_layout.addWidget(self.editor, 1)
        reading_layout.addWidget(self.panel)
        self.right = QStackedWidget(self)
        self.right.addWidget(self.placeholder)
        self.right.addWidget(reading)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([680, 520])
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.sync_note)
        layout.addWidget(self.splitter, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RELOAD_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.bar.sig_changed.connect(lambda _period: self.reload())
        self.kind_filter.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.status_filter.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.export_button.clicked.connect(self.export_pdf)
        self.editor.sig_loaded.connect(self._report_loaded)
        context.bus.sig_changed.connect(self._on_changes)
        self._show_nothing()

    # ---- time (tests choose "now") ---------------------------------------------------------------
    @property
    def clock(self) -> Callable[[], dt.datetime]:
        return self._clock

    @clock.setter
    def clock(self, clock: Callable[[], dt.datetime]) -> None:
        self._clock = clock
        self.bar.clock = clock
        self.editor.clock = clock

    @property
    def busy(self) -> bool:
        return self._loading or self._timer.isActive() or self.editor.busy or self.panel.busy

    @property
    def span(self) -> Period:
        return self.bar.period

    def show_span(self, span: Period) -> None:
        self.bar.set_period(span)

    # ---- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        store, span, now, tz = self.context.store, self.span, self._clock(), self.tz
        self._loading = True
        self._stale = False

        def done(data: queries.ReviewData) -> None:
            if generation != self._generation:
                return
            self._loading = False
            self._show(data)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._loading = False
            self._failed(exc)

        self.context.runner.db(
            lambda: queries.review_data(store, span, now=now, tz=tz), done=done, failed=failed
        )

    def _show(self, data: queries.ReviewData) -> None:
        self.data = data
        current = self.current
        self.model.set_rows(list(data.rows))
        self._show_summary(data)
        self._show_missing(data)
        self.export_button.setEnabled(any(r.status.reported for r in data.rows))
        if current is not None:
            number = self.model.find(current)
            if number is not None:
                fresh = self.model.row(number)
                self._select(number)
                if fresh.report_id != current.report_id:
                    self.open_row(fresh)
                else:
                    self.current = fresh
                return
        self._show_nothing()

    def _show_summary(self, data: queries.ReviewData) -> None:
        due = [r for r in data.rows if r.status != ReviewStatus.PENDING]
        reported = data.count(ReviewStatus.ON_TIME, ReviewStatus.LATE)
        parts = [
            self.tr("%1 of %2 reports due are in")
            .replace("%1", str(reported))
            .replace("%2", str(len(due))),
            self.tr("%1 late").replace("%1", str(data.count(ReviewStatus.LATE))),
            self.tr("%1 not submitted").replace("%1", str(data.count(ReviewStatus.MISSING))),
        ]
        not_received = data.count(ReviewStatus.NOT_RECEIVED)
        if not_received:
            parts.append(self.tr("%1 not received yet").replace("%1", str(not_received)))
        pending = data.count(ReviewStatus.PENDING)
        if pending:
            parts.append(self.tr("%1 not due yet").replace("%1", str(pending)))
        unread = sum(1 for r in data.rows if r.status.reported and r.read_at is None)
        if unread and data.reps and any(r.id != self._me for r in data.reps):
            parts.append(self.tr("%1 unread").replace("%1", str(unread)))
        self.summary.setText(" · ".join(parts))
        if not data.kinds:
            self.sync_note.setText(
                self.tr("Your team has no active report template: set them up in Configuration.")
            )
        elif data.last_sync is None:
            self.sync_note.setText(
                self.tr(
                    "This copy has never synced with the server: it holds only the reports "
                    "written on this computer."
                )
            )
        else:
            self.sync_note.setText(
                self.tr(
                    "As of your last sync at %1. Reports written offline arrive when the rep "
                    "and then you sync."
                ).replace("%1", timefmt.format_datetime(data.last_sync))
            )

    def _show_missing(self, data: queries.ReviewData) -> None:
        late = data.not_reported
        self.missing_box.setTitle(
            self.tr("Not reported by the deadline (%1)").replace("%1", str(len(late)))
        )
        if not late:
            self.missing_list.setText(self.tr("Everyone has reported so far."))
            self.missing_list.setProperty("role", "muted")
        else:
            lines: dict[str, dict[str, list[str]]] = {}
            for row in late:
                text = row.period.code
                if row.status == ReviewStatus.NOT_RECEIVED:
                    text = self.tr("%1 (not received yet)").replace("%1", text)
                kinds = lines.setdefault(row.rep_name, {})
                kinds.setdefault(report_names.kind_name(row.kind), []).append(text)
            self.missing_list.setText(
                "\n".join(
                    f"{name} — "
                    + "; ".join(f"{kind}: {', '.join(days)}" for kind, days in kinds.items())
                    for name, kinds in lines.items()
                )
            )
            self.missing_list.setProperty("role", "")
        self.missing_list.style().unpolish(self.missing_list)
        self.missing_list.style().polish(self.missing_list)

    def _apply_filter(self) -> None:
        self.model.set_filter(
            self.kind_filter.currentData() or "", self.status_filter.currentData() or "all"
        )
        number = self.model.find(self.current) if self.current is not None else None
        if number is not None:
            self._select(number)

    # ---- choosing a report ---------------------------------------------------------------------
    def _select(self, number: int) -> None:
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.table.selectRow(number)
        self.table.scrollTo(self.model.index(number, 0))
        selection.blockSignals(False)
        self.table.viewport().update()

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.open_row(self.model.row(indexes[0].row()))

    def select_row(self, number: int) -> None:
        """Select the list's row ``number`` (as shown) as a click would."""
        self.table.selectRow(number)

    def open_row(self, row: queries.ReviewRow) -> None:
        self.current = row
        if row.report_id is None:
            self.editor.form = None
            self._show_not_written(row)
            return
        self.right.setCurrentIndex(1)
        self.panel.set_report(None, row.rep_name)
        self.editor.load(row.kind, row.period, report_id=row.report_id)

    def _show_nothing(self) -> None:
        self.current = None
        self.right.setCurrentIndex(0)
        self.panel.set_report(None)
        self.placeholder.setText(self.tr("Choose a report in the list to read and review it."))

    def _show_not_written(self, row: queries.ReviewRow) -> None:
        self.right.setCurrentIndex(0)
        self.panel.set_report(None, row.rep_name)
        what = (
            self.tr("%1 has not written the %2 for %3.")
            .replace("%1", row.rep_name)
            .replace("%2", report_names.kind_name(row.kind))
            .replace("%3", report_names.period_text(row.period))
        )
        due = self.tr("Deadline: %1").replace("%1", timefmt.format_datetime(row.deadline))
        text = f"{what}\n{due}"
        note = names.explanation(row)
        if note:
            text += f"\n\n{note}"
        if row.status in (ReviewStatus.MISSING, ReviewStatus.NOT_RECEIVED) and row.last_heard:
            text += "\n" + self.tr("The latest work of %1 in your copy was made %2.").replace(
                "%1", row.rep_name
            ).replace("%2", timefmt.format_datetime(row.last_heard))
        self.placeholder.setText(text)

    def _report_loaded(self, form: report_queries.ReportForm) -> None:
        report = form.report
        self.panel.set_report(report, form.author_name)
        if (
            report is not None
            and report.status == "submitted"
            and report.read_at is None
            and report.author_id != self._me
        ):
            store, report_id, now = self.context.store, report.id, self._clock()
            self.context.runner.db(
                lambda: queries.mark_read(store, report_id, now), failed=self._failed
            )

    # ---- export --------------------------------------------------------------------------------
    def choose_export_path(self) -> Path | None:
        """Ask where to save the PDF (tests replace this)."""
        suggested = f"{self.tr('reports')}-{self.span.code}.pdf"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export reports to PDF"), suggested, self.tr("PDF files (*.pdf)")
        )
        if not path:
            return None
        return Path(path if path.lower().endswith(".pdf") else f"{path}.pdf")

    def export_pdf(self) -> None:
        path = self.choose_export_path()
        if path is None:
            return
        store, span, tz = self.context.store, self.span, self.tz
        self.export_button.setEnabled(False)

        def done(reports: list[queries.ExportedReport]) -> None:
            self.export_button.setEnabled(True)
            try:
                write_pdf(reports, span, path)
            except OSError as exc:
                self.context.notifier.show_error(
                    self.tr("The PDF could not be written: %1").replace("%1", str(exc))
                )
                return
            self.context.notifier.notify(
                self.tr("%1 reports of %2 saved to %3")
                .replace("%1", str(len(reports)))
                .replace("%2", period_text(span))
                .replace("%3", str(path))
            )

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            self._failed(exc)

        self.context.runner.db(
            lambda: queries.reports_for_export(store, span, tz=tz), done=done, failed=failed
        )

    # ---- changes -------------------------------------------------------------------------------
    def _on_changes(self, changes: ChangeSet) -> None:
        if not changes.touches(*WATCHED):
            return
        if not self.isVisible():
            self._stale = True
            return
        self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def hideEvent(self, event: QHideEvent) -> None:
        if self._timer.isActive():  # a change waiting: load it when shown again
            self._timer.stop()
            self._stale = True
        super().hideEvent(event)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, StoreError):
            self.context.notifier.show_error(str(exc))
        else:
            log.error("review work failed", exc_info=exc)
            self.context.notifier.show_error(
                self.tr("The reports could not be loaded: %1").replace("%1", str(exc))
            )
