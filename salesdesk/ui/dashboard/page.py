"""The Dashboard area (数据看板, managers): charts of the team for a month, quarter or year —
revenue trend, funnel conversion, activity per rep, target attainment per rep — and their
export to Excel (.xlsx: one sheet per chart, with the chart) and PDF (charts and tables).

The figures come from ``store.dashboard`` on the database thread; the charts are QtCharts
with the light or dark theme that matches the system palette. Charts are drawn to PNG on the
GUI thread for an export; the file itself is written on the database thread, atomically.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMargins, Qt
from PySide6.QtGui import QPainter, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.exports import Document, Sheet
from salesdesk.exports import write as write_export
from salesdesk.exports.document import Image
from salesdesk.store import dashboard
from salesdesk.store.store import ChangeSet
from salesdesk.ui import labels
from salesdesk.ui.context import AppContext
from salesdesk.ui.deals.names import stage_name
from salesdesk.ui.leaderboard.period import PeriodPicker, period_text

TEN_THOUSAND = Decimal(10_000)  # 万: how Chinese sales teams read revenue
WATCHED = ("deal", "deal_stage_change", "visit", "task", "target", "user", "customer")


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def png(widget: QWidget) -> bytes:
    """What ``widget`` shows, as PNG bytes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


class ChartBox(QChartView):
    """A chart in the palette's theme, with its title."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        chart = QChart()
        super().__init__(chart, parent)
        self.setObjectName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(320, 220)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.apply_theme()

    def apply_theme(self) -> None:
        dark = is_dark(self.palette())
        self.chart().setTheme(
            QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight
        )
        self.chart().setBackgroundBrush(self.palette().color(QPalette.ColorRole.Base))
        self.chart().setTitleBrush(self.palette().color(QPalette.ColorRole.Text))

    def reset(self, title: str) -> QChart:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(title)
        self.apply_theme()
        return chart


class DashboardPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.figures: dashboard.DashboardFigures | None = None
        self.stale = True
        self.loading = False
        self._generation = 0

        self.picker = PeriodPicker(self, name="dashboard")
        self.summary = QLabel(self)
        self.summary.setObjectName("dashboard_summary")
        self.summary.setProperty("role", "muted")
        self.excel = QPushButton(self.tr("Export to Excel…"), self)
        self.excel.setObjectName("export_xlsx")
        self.pdf = QPushButton(self.tr("Export to PDF…"), self)
        self.pdf.setObjectName("export_pdf")
        bar = QHBoxLayout()
        bar.addWidget(self.picker)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.excel)
        bar.addWidget(self.pdf)

        self.trend = ChartBox("chart_trend", self)
        self.funnel = ChartBox("chart_funnel", self)
        self.activity = ChartBox("chart_activity", self)
        self.attainment = ChartBox("chart_attainment", self)
        grid = QGridLayout()
        grid.addWidget(self.trend, 0, 0)
        grid.addWidget(self.funnel, 0, 1)
        grid.addWidget(self.activity, 1, 0)
        grid.addWidget(self.attainment, 1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(grid, 1)

        self.picker.sig_changed.connect(lambda _p: self.reload())
        self.excel.clicked.connect(lambda: self._ask_and_export("xlsx"))
        self.pdf.clicked.connect(lambda: self._ask_and_export("pdf"))
        context.bus.sig_changed.connect(self._on_changes)

    # ---- loading -------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.reload()

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.touches(*WATCHED):
            self.stale = True
            if self.isVisible():
                self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        self.stale = False
        self.loading = True
        store = self.context.store
        period = self.picker.value()

        def done(found: dashboard.DashboardFigures) -> None:
            if generation == self._generation:
                self.loading = False
                self._show(found)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.loading = False
                self.context.notifier.show_error(str(exc))

        self.context.runner.db(lambda: dashboard.dashboard_figures(store, period), done, failed)

    # ---- charts --------------------------------------------------------------------------------
    def _show(self, found: dashboard.DashboardFigures) -> None:
        self.figures = found
        total = sum((v for m, v in found.trend if found.period.contains(m.start)), Decimal(0))
        self.summary.setText(
            self.tr("%1 · revenue %2 · %3 deals opened")
            .replace("%1", period_text(found.period))
            .replace("%2", labels.money(total))
            .replace("%3", str(found.funnel.deals))
        )
        self._trend(found)
        self._funnel(found)
        self._activity(found)
        self._attainment(found)

    def _trend(self, found: dashboard.DashboardFigures) -> None:
        first, last = found.trend[0][0], found.trend[-1][0]
        chart = self.trend.reset(self.tr("Revenue by month (10,000 yuan)"))
        series = QLineSeries()
        series.setName(self.tr("Revenue won"))
        for index, (_month, value) in enumerate(found.trend):
            series.append(index, float(value / TEN_THOUSAND))  # drawing only; data stays Decimal
        series.setPointsVisible(True)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([str(month.start.month) for month, _value in found.trend])
        axis_x.setTitleText(
            self.tr("%1 to %2").replace("%1", period_text(first)).replace("%2", period_text(last))
        )
        axis_y = QValueAxis()
        axis_y.setRange(0, max([float(v / TEN_THOUSAND) for _m, v in found.trend] + [1.0]))
        axis_y.applyNiceNumbers()
        axis_y.setLabelFormat("%.0f")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().hide()

    def funnel_rows(
        self, found: dashboard.DashboardFigures
    ) -> list[tuple[str, int, Decimal | None]]:
        """(stage, deals that reached it, conversion to the next stage) down the ladder."""
        names = {s.id: stage_name(s) for s in found.funnel.stages}
        rows: list[tuple[str, int, Decimal | None]] = []
        for conversion in found.funnel.conversions:
            if not rows:
                rows.append(
                    (names.get(conversion.from_stage_id, ""), conversion.reached_from, None)
                )
            rows[-1] = (rows[-1][0], rows[-1][1], conversion.rate_pct)
            rows.append((names.get(conversion.to_stage_id, ""), conversion.reached_to, None))
        return rows

    def _funnel(self, found: dashboard.DashboardFigures) -> None:
        chart = self.funnel.reset(self.tr("Funnel: deals opened since the period began"))
        rows = list(reversed(self.funnel_rows(found)))
        bars = QBarSet(self.tr("Deals"))
        categories = []
        for name, reached, rate in rows:
            bars.append(reached)
            categories.append(f"{name} ({rate}%)" if rate is not None else name)
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append(categories)
        axis_x = QValueAxis()
        axis_x.setRange(0, max([r for _n, r, _c in rows] + [4]) * 1.1)
        axis_x.applyNiceNumbers()
        axis_x.setLabelFormat("%d")
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        chart.legend().hide()

    def _activity(self, found: dashboard.DashboardFigures) -> None:
        chart = self.activity.reset(self.tr("Activity per rep"))
        visits = QBarSet(self.tr("Visits"))
        tasks = QBarSet(self.tr("Tasks done"))
        for row in found.activity:
            visits.append(row.visits)
            tasks.append(row.tasks_done)
        series = QBarSeries()
        series.append(visits)
        series.append(tasks)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([row.name for row in found.activity])
        axis_y = QValueAxis()
        most = max([max(r.visits, r.tasks_done) for r in found.activity] + [4])
        axis_y.setRange(0, most * 1.1)
        axis_y.applyNiceNumbers()
        axis_y.setLabelFormat("%d")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().show()

    def _attainment(self, found: dashboard.DashboardFigures) -> None:
        chart = self.attainment.reset(self.tr("Revenue target attainment per rep (%)"))
        bars = QBarSet(self.tr("Attainment %"))
        for row in found.attainment:
            bars.append(float(row.attainment_pct or 0))
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value%")
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([row.name for row in found.attainment])
        axis_y = QValueAxis()
        highest = max([float(r.attainment_pct or 0) for r in found.attainment] + [100.0])
        axis_y.setRange(0, highest * 1.1)
        axis_y.applyNiceNumbers()
        axis_y.setLabelFormat("%d%%")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().hide()
        if not any(row.target for row in found.attainment):
            chart.setTitle(
                self.tr("Revenue target attainment per rep: no revenue targets for this period")
            )

    # ---- export --------------------------------------------------------------------------------
    def document(self) -> Document:
        """The dashboard as an export: one table per chart, and the charts as pictures."""
        found = self.figures
        if found is None:
            return Document(self.tr("Dashboard"))
        trend = Sheet(
            self.tr("Revenue trend"),
            (self.tr("Month"), self.tr("Revenue")),
            [[m.code, v] for m, v in found.trend],
            money=frozenset({1}),
        )
        funnel = Sheet(
            self.tr("Funnel"),
            (self.tr("Stage"), self.tr("Reached"), self.tr("To next stage %")),
            [[name, reached, rate] for name, reached, rate in self.funnel_rows(found)],
        )
        activity = Sheet(
            self.tr("Activity"),
            (self.tr("Sales rep"), self.tr("Visits"), self.tr("Tasks done")),
            [[a.name, a.visits, a.tasks_done] for a in found.activity],
        )
        attainment = Sheet(
            self.tr("Attainment"),
            (self.tr("Sales rep"), self.tr("Revenue"), self.tr("Target"), self.tr("Attainment %")),
            [[a.name, a.revenue, a.target, a.attainment_pct] for a in found.attainment],
            money=frozenset({1, 2}),
        )
        charts = [
            (self.trend, trend),
            (self.funnel, funnel),
            (self.activity, activity),
            (self.attainment, attainment),
        ]
        return Document(
            title=self.tr("Team dashboard · %1").replace("%1", period_text(found.period)),
            subtitle=self.summary.text(),
            sheets=[sheet for _view, sheet in charts],
            images=[Image(view.chart().title(), png(view)) for view, _sheet in charts],
        )

    def _ask_and_export(self, file_format: str) -> None:
        suffix = {"xlsx": self.tr("Excel workbook (*.xlsx)"), "pdf": self.tr("PDF (*.pdf)")}
        name = f"dashboard-{self.picker.value().code}.{file_format}"
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export the dashboard"), str(Path.home() / name), suffix[file_format]
        )
        if path:
            if not path.lower().endswith(f".{file_format}"):
                path += f".{file_format}"
            self.export_to(Path(path), file_format)

    def export_to(self, path: Path, file_format: str) -> None:
        """Write the dashboard to ``path`` (xlsx or pdf); the user hears how it went."""
        document = self.document()
        notifier = self.context.notifier

        def done(written: Path) -> None:
            notifier.notify(self.tr("Dashboard exported to %1").replace("%1", str(written)))

        def failed(exc: BaseException) -> None:
            notifier.show_error(
                self.tr("The dashboard was not exported: %1").replace("%1", str(exc))
            )

        if file_format == "pdf":  # QTextDocument and fonts: on the GUI thread (a second or less)
            try:
                done(write_export(document, path, file_format))
            except Exception as exc:  # shown to the user; a bug is also logged by the runner
                failed(exc)
            return
        self.context.runner.db(lambda: write_export(document, path, file_format), done, failed)
