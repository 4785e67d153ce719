"""The customer's Timeline and Feedback tabs, driven as a user would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QMessageBox, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from salesdesk.domain.entities import (
    Customer,
    CustomerFeedback,
    Deal,
    DealStageChange,
    PipelineStage,
    Task,
    Visit,
)
from salesdesk.domain.periods import Period
from salesdesk.store import reports
from salesdesk.store.store import Store
from salesdesk.ui.customers.feedback import FeedbackDialog
from salesdesk.ui.customers.page import CustomersPage
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.reports.page import ReportsPage
from tests.report_helpers import local_at
from tests.ui.helpers import answer_message_box, type_text, with_next_dialog


def page_of(window: MainWindow) -> CustomersPage:
    window.show_area("customers")  # the app opens on Today; the user goes to Customers
    page = window.pages["customers"]
    assert isinstance(page, CustomersPage)
    return page


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not window.context.runner.busy, timeout=5000)


def show_customer(qtbot: QtBot, window: MainWindow, customer: Customer, tab: QWidget) -> None:
    page = page_of(window)
    idle(qtbot, window)
    page.select_customer(customer.id)
    qtbot.waitUntil(lambda: page.detail.customer_id == customer.id, timeout=3000)
    page.detail.tabs.setCurrentWidget(tab)
    idle(qtbot, window)


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_timeline_lists_each_kind_of_event_newest_first(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    tz = reports.local_zone()
    at = lambda day, hour: local_at(dt.date(2026, 11, day), hour, tz)  # noqa: E731
    customer = store.create(Customer, name="深圳市华为技术有限公司")
    stages = {s.code: s for s in store.select(PipelineStage)}
    store.create(
        Visit,
        customer_id=customer.id,
        purpose="需求沟通",
        status="done",
        checked_in_at=at(3, 10),
        outcome="客户有兴趣",
    )
    deal = store.create(
        Deal,
        customer_id=customer.id,
        title="服务器采购",
        stage_id=stages["contact"].id,
        amount=Decimal("120000"),
    )
    store.create(
        DealStageChange,
        deal_id=deal.id,
        from_stage_id=stages["lead"].id,
        to_stage_id=stages["contact"].id,
        changed_at=at(5, 9),
    )
    task = store.create(Task, title="寄送样品", customer_id=customer.id)
    store.update(Task, task.id, status="done", completed_at=at(6, 15))
    store.create(
        CustomerFeedback,
        customer_id=customer.id,
        kind="satisfaction",
        rating=4,
        body="服务及时",
        recorded_on=dt.date(2026, 11, 7),
    )
    report = reports.submit_report(
        store,
        kind="daily",
        period=Period.for_day(dt.date(2026, 11, 8)),
        sections={"summary": "拜访华为技术,推进服务器采购", "next_plan": "报价"},
        now=at(8, 19),
    )
    detail = page_of(window).detail
    show_customer(qtbot, window, customer, detail.timeline)
    timeline = detail.timeline
    qtbot.waitUntil(lambda: timeline.table.rowCount() > 0, timeout=3000)
    with store.transaction() as writer:  # a note added while the tab is open
        writer.add_note(Customer, customer.id, "客户下周回复报价")
    qtbot.waitUntil(lambda: any(e.kind == "note" for e in timeline.entries), timeout=3000)
    events = [cell(timeline.table, row, 1) for row in range(timeline.table.rowCount())]
    # the deal, the task and the note were created just now; the rest on fixed days
    dated = [e for e in events if e not in ("Deal created", "Task created", "Note")]
    assert dated == ["Mentioned in a report", "Satisfaction", "Task done", "Deal moved", "Visit"]
    assert {"Deal created", "Task created", "Note"} <= set(events)
    whens = [e.at for e in timeline.entries]
    assert whens == sorted(whens, reverse=True)
    row = [e.kind for e in timeline.visible_entries()].index("deal_stage")
    assert "服务器采购" in cell(timeline.table, row, 2)
    assert "→" in cell(timeline.table, row, 2)
    satisfaction = [e.kind for e in timeline.visible_entries()].index("feedback")
    assert cell(timeline.table, satisfaction, 2).startswith("★★★★☆")

    timeline.filter.setCurrentIndex(timeline.filter.findData("deals"))
    assert [cell(timeline.table, r, 1) for r in range(timeline.table.rowCount())] == [
        "Deal created",
        "Deal moved",
    ]
    timeline.filter.setCurrentIndex(timeline.filter.findData("reports"))
    assert timeline.table.rowCount() == 1

    # double-click the report: the Reports area opens it
    rect = timeline.table.visualRect(timeline.table.model().index(0, 2))
    viewport = timeline.table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # as a user does:
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())  # click, click
    reports_page = window.pages["reports"]
    assert isinstance(reports_page, ReportsPage)
    qtbot.waitUntil(lambda: reports_page.editor.report_id == report.id, timeout=3000)
    assert window.current_area == "reports"

    timeline.filter.setCurrentIndex(timeline.filter.findData("visits"))  # a visit: its area
    assert timeline.open_entry(0)
    assert window.current_area == "visits"


def test_opening_feedback_from_the_timeline_selects_it(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    customer = store.create(Customer, name="成都天府软件有限公司")
    feedback = store.create(
        CustomerFeedback, customer_id=customer.id, kind="complaint", body="交货延迟"
    )
    detail = page_of(window).detail
    show_customer(qtbot, window, customer, detail.timeline)
    qtbot.waitUntil(lambda: detail.timeline.table.rowCount() == 1, timeout=3000)
    assert detail.timeline.open_entry(0)
    assert detail.tabs.currentWidget() is detail.feedback
    qtbot.waitUntil(lambda: detail.feedback.selected() is not None, timeout=3000)
    selected = detail.feedback.selected()
    assert selected is not None and selected.id == feedback.id


def test_adding_feedback_validates_next_to_the_fields(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    customer = store.create(Customer, name="青岛海川物流有限公司")
    detail = page_of(window).detail
    show_customer(qtbot, window, customer, detail.feedback)
    tab = detail.feedback
    assert "No feedback" in tab.summary.text()

    dialog = FeedbackDialog(window.context, customer.id, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    click(qtbot, save)  # nothing written, no rating
    assert dialog.form.error_text("body")
    type_text(qtbot, dialog.form.editor("body"), "对售后响应很满意")
    click(qtbot, save)
    assert dialog.form.error_text("rating")  # a satisfaction record needs a rating
    assert store.count(CustomerFeedback) == 0
    dialog.rating.setCurrentIndex(dialog.rating.findData(5))
    assert dialog.form.error_text("rating") == ""
    click(qtbot, save)
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=3000)
    [saved] = store.select(CustomerFeedback)
    assert (saved.customer_id, saved.kind, saved.rating, saved.body) == (
        customer.id,
        "satisfaction",
        5,
        "对售后响应很满意",
    )
    assert saved.recorded_by == store.profile.user_id and saved.recorded_on is not None
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=3000)
    assert "5.0" in tab.summary.text()


def test_add_button_opens_the_dialog_and_a_complaint_has_no_rating(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    customer = store.create(Customer, name="武汉远航投资有限公司")
    detail = page_of(window).detail
    show_customer(qtbot, window, customer, detail.feedback)

    def enter(dialog: object) -> None:
        assert isinstance(dialog, FeedbackDialog)
        kind = dialog.form.editor("kind")
        assert isinstance(kind, QComboBox)
        dialog.rating.setCurrentIndex(dialog.rating.findData(2))
        kind.setCurrentIndex(kind.findData("complaint"))
        assert not dialog.rating.isEnabled() and dialog.rating.value() is None
        type_text(qtbot, dialog.form.editor("body"), "发票开错了")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))

    with_next_dialog(enter)
    click(qtbot, detail.feedback.add_button)
    qtbot.waitUntil(lambda: detail.feedback.table.rowCount() == 1, timeout=3000)
    [saved] = store.select(CustomerFeedback)
    assert (saved.kind, saved.rating, saved.body) == ("complaint", None, "发票开错了")
    qtbot.waitUntil(lambda: detail.feedback.selected() is not None, timeout=3000)


def test_deleting_feedback_can_be_undone(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    customer = store.create(Customer, name="厦门启明贸易有限公司")
    feedback = store.create(
        CustomerFeedback, customer_id=customer.id, kind="suggestion", body="希望提供培训"
    )
    detail = page_of(window).detail
    show_customer(qtbot, window, customer, detail.feedback)
    tab = detail.feedback
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=3000)
    tab.table.selectRow(0)
    answer_message_box(QMessageBox.StandardButton.Yes)
    click(qtbot, tab.delete_button)
    qtbot.waitUntil(lambda: store.get(CustomerFeedback, feedback.id) is None, timeout=3000)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 0, timeout=3000)
    assert window.notice.button.isVisible()
    click(qtbot, window.notice.button)  # Undo
    qtbot.waitUntil(lambda: store.get(CustomerFeedback, feedback.id) is not None, timeout=3000)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=3000)
