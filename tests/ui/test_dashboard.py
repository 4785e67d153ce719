"""The Dashboard screen: charts of the team for a period and their export to Excel and PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QLineSeries
from pytestqt.qtbot import QtBot

from salesdesk.domain.periods import Period
from salesdesk.store.store import Store
from salesdesk.ui.dashboard.page import DashboardPage
from salesdesk.ui.main_window import MainWindow
from tests.test_store_figures import add_people, sell, target


def wait_loaded(qtbot: QtBot, page: DashboardPage) -> None:
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not page.loading and not page.context.runner.busy, timeout=5000)


def test_charts_show_the_team_and_export_to_excel_and_pdf(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    zhang, li = add_people(store, "张伟", "李娜")
    sell(store, zhang, "12000")
    sell(store, li, "30000")
    target(store, li, "60000")
    window.show_area("dashboard")
    page = window.pages["dashboard"]
    assert isinstance(page, DashboardPage)
    page.picker.set_value(Period.parse("2026-11"))
    wait_loaded(qtbot, page)

    trend = page.trend.chart().series()[0]
    assert isinstance(trend, QLineSeries)
    assert trend.count() == 12 and trend.at(11).y() == 4.2  # ¥42,000 = 4.2 万
    activity = page.activity.chart()
    names = next(a for a in activity.axes() if isinstance(a, QBarCategoryAxis)).categories()
    assert sorted(names) == ["张伟", "李娜"]
    attainment = page.attainment.chart().series()[0]
    assert isinstance(attainment, QBarSeries)
    values = [attainment.barSets()[0].at(i) for i in range(attainment.barSets()[0].count())]
    assert values == [50.0, 0.0]  # 李娜 30,000 of 60,000; 张伟 has no target
    assert "¥42,000.00" in page.summary.text()

    xlsx = tmp_path / "dashboard.xlsx"
    page.export_to(xlsx, "xlsx")
    qtbot.waitUntil(xlsx.exists, timeout=5000)
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    book = load_workbook(xlsx)
    assert book.sheetnames == ["Revenue trend", "Funnel", "Activity", "Attainment"]
    pdf = tmp_path / "dashboard.pdf"
    page.export_to(pdf, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and b"/Subtype /Image" in pdf.read_bytes()
    assert "exported" in window.notice.label.text()
