"""The funnel view (销售漏斗): for the deals opened in a period, how many reached each stage,
the conversion from each stage to the next, what sits in each stage now (count and
amount) and the average days deals spend in each stage.

The figures come from ``pipeline.funnel``, ``conversion_rates`` and
``average_days_in_stage`` (through ``store.deals.funnel_figures``, on the
database thread); the chart is painted with QPainter in the palette's colours.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.periods import Period, PeriodKind, local_date
from salesdesk.domain.schema import utcnow
from salesdesk.store import deals as queries
from salesdesk.store.clock import local_tz
from salesdesk.ui import labels
from salesdesk.ui.context import AppContext
from salesdesk.ui.deals.names import stage_name

PERIODS = ("month", "quarter", "year", "last_12_months", "all")


def period_start(code: str, now: dt.datetime, tz: dt.tzinfo) -> dt.datetime | None:
    """When the cohort of the period starts (UTC), None for all time."""
    if code == "all":
        return None
    if code == "last_12_months":
        return now - dt.timedelta(days=365)
    kind = {"month": PeriodKind.MONTH, "quarter": PeriodKind.QUARTER, "year": PeriodKind.YEAR}
    return Period.containing(kind[code], local_date(now, tz)).utc_bounds(tz)[0]


@dataclasses.dataclass(frozen=True)
class FunnelRow:
    """One ladder stage of the chart."""

    name: str
    reached: int
    rate_to_next: Decimal | None  # None: no next stage, or nobody reached this one


def chart_rows(figures: queries.FunnelFigures) -> list[FunnelRow]:
    """The chart's rows from the conversions (a ladder of one stage has no conversions)."""
    names = {s.id: stage_name(s) for s in figures.stages}
    rows: list[FunnelRow] = []
    for conversion in figures.conversions:
        if not rows:
            rows.append(
                FunnelRow(names.get(conversion.from_stage_id, ""), conversion.reached_from, None)
            )
        rows[-1] = dataclasses.replace(rows[-1], rate_to_next=conversion.rate_pct)
        rows.append(FunnelRow(names.get(conversion.to_stage_id, ""), conversion.reached_to, None))
    return rows


class FunnelChart(QWidget):
    """Centred bars as wide as the number of deals that reached each stage."""

    ROW = 34

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("funnel_chart")
        self.rows: list[FunnelRow] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_rows(self, rows: list[FunnelRow]) -> None:
        self.rows = rows
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, max(len(self.rows), 3) * self.ROW + 24)

    def minimumSizeHint(self) -> QSize:
        return QSize(360, max(len(self.rows), 3) * self.ROW + 24)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = QFontMetrics(self.font())
        if not self.rows or self.rows[0].reached == 0:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No deals yet"))
            painter.end()
            return
        width = self.width()
        label_width = min(
            max(metrics.horizontalAdvance(r.name) for r in self.rows) + 16, width // 3
        )
        rate_width = metrics.horizontalAdvance("→ 100.0%") + 16
        bar_area = max(width - label_width - rate_width - 16, 40)
        top = 12
        most = max(r.reached for r in self.rows) or 1
        base = palette.color(QPalette.ColorRole.Highlight)
        for number, row in enumerate(self.rows):
            y = top + number * self.ROW
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(
                QRect(0, y, label_width - 8, self.ROW - 6),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(row.name, Qt.TextElideMode.ElideRight, label_width - 8),
            )
            share = row.reached / most
            bar_width = max(int(bar_area * share), 4)
            x = label_width + (bar_area - bar_width) // 2
            colour = QColor(base)
            colour.setAlpha(max(255 - number * 22, 90))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            bar = QRect(x, y, bar_width, self.ROW - 6)
            painter.drawRoundedRect(bar, 3, 3)
            count = str(row.reached)
            if metrics.horizontalAdvance(count) + 8 < bar_width:
                painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
                painter.drawText(bar, Qt.AlignmentFlag.AlignCenter, count)
            else:
                painter.setPen(palette.color(QPalette.ColorRole.WindowText))
                painter.drawText(
                    QRect(bar.right() + 4, y, 60, self.ROW - 6),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    count,
                )
            if row.rate_to_next is not None:
                painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
                painter.drawText(
                    QRect(width - rate_width, y + self.ROW // 2, rate_width - 8, self.ROW - 6),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    f"↓ {row.rate_to_next}%",
                )
        painter.end()


class FunnelView(QWidget):
    """The funnel of the deals opened in the chosen period, under the board's filters."""

    COLUMNS = 7

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.query = queries.DealFilter()
        self.figures: queries.FunnelFigures | None = None
        self._generation = 0
        self.loading = False
        self.stale = True

        self.period = QComboBox(self)
        self.period.setObjectName("funnel_period")
        for code, text in zip(
            PERIODS,
            (
                self.tr("Opened this month"),
                self.tr("Opened this quarter"),
                self.tr("Opened this year"),
                self.tr("Opened in the last 12 months"),
                self.tr("All deals"),
            ),
            strict=True,
        ):
            self.period.addItem(text, code)
        self.period.setCurrentIndex(PERIODS.index("year"))
        self.summary = QLabel(self)
        self.summary.setObjectName("funnel_summary")
        self.summary.setProperty("role", "muted")
        bar = QHBoxLayout()
        bar.addWidget(self.period)
        bar.addWidget(self.summary, 1)

        self.chart = FunnelChart(self)
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setObjectName("funnel_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Stage"),
                self.tr("Deals now"),
                self.tr("Amount now"),
                self.tr("Weighted"),
                self.tr("Reached"),
                self.tr("To next stage"),
                self.tr("Avg. days in stage"),
            ]
        )
        header_tips = {
            4: self.tr("Deals that reached this stage or a later one"),
            5: self.tr("Share of the deals reaching this stage that reached the next"),
            6: self.tr("Average days deals spent in the stage before moving on"),
        }
        for column, tip in header_tips.items():
            item = self.table.horizontalHeaderItem(column)
            if item is not None:
                item.setToolTip(tip)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        self.period.currentIndexChanged.connect(lambda _index: self.reload())

    def set_filter(self, query: queries.DealFilter) -> None:
        self.query = query
        self.stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        self.stale = False
        self.loading = True
        store = self.context.store
        query = self.query
        since = period_start(self.period.currentData(), utcnow(), local_tz())

        def done(figures: queries.FunnelFigures) -> None:
            if generation == self._generation:
                self.loading = False
                self._show(figures)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.loading = False
                self.context.notifier.show_error(str(exc))

        self.context.runner.db(
            lambda: queries.funnel_figures(store, query, since=since), done=done, failed=failed
        )

    def _show(self, figures: queries.FunnelFigures) -> None:
        self.figures = figures
        rows = chart_rows(figures)
        self.chart.set_rows(rows)
        by_stage = {s.stage_id: s for s in figures.summaries}
        won = sum(by_stage[s.id].count for s in figures.stages if s.outcome == "won")
        lost = sum(by_stage[s.id].count for s in figures.stages if s.outcome == "lost")
        self.summary.setText(
            self.tr("%1 deals · %2 won · %3 lost")
            .replace("%1", str(figures.deals))
            .replace("%2", str(won))
            .replace("%3", str(lost))
        )
        reached = {}
        rates = {}
        for conversion in figures.conversions:
            reached[conversion.from_stage_id] = conversion.reached_from
            reached[conversion.to_stage_id] = conversion.reached_to
            rates[conversion.from_stage_id] = conversion.rate_pct
        self.table.setRowCount(len(figures.stages))
        for row, stage in enumerate(figures.stages):
            summary = by_stage.get(stage.id)
            duration = figures.durations.get(stage.id)
            rate = rates.get(stage.id)
            cells = (
                stage_name(stage),
                str(summary.count) if summary else "0",
                labels.money(summary.amount) if summary else "",
                labels.money(summary.weighted_amount) if summary else "",
                str(reached[stage.id]) if stage.id in reached else "—",
                f"{rate}%" if rate is not None else "—",
                str(duration.average_days) if duration is not None else "—",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
