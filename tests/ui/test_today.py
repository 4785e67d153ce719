"""The Today screen, driven as a user would: it follows the store, checks in from the route,
completes tasks with a click and opens what it lists."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from salesdesk.domain.entities import (
    Customer,
    Deal,
    PipelineStage,
    Report,
    ReportTemplate,
    Task,
    Visit,
)
from salesdesk.domain.schema import utcnow
from salesdesk.store.store import Store
from salesdesk.ui import timefmt
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.today.page import TodayPage
from salesdesk.ui.visits import location
from salesdesk.ui.visits.dialogs import CheckInDialog
from salesdesk.ui.visits.page import VisitsPage
from tests.ui.helpers import with_next_dialog
from tests.visits_helpers import add_user, customer_at, plan, route


@pytest.fixture(autouse=True)
def only_my_areas(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Today, Customers and Visits only, unless a test opens the other areas."""
    if "all_areas" in request.fixturenames:
        return
    from salesdesk.ui import main_window
    from salesdesk.ui.areas import AREAS

    mine = [a for a in AREAS if a.key in ("today", "customers", "visits")]
    monkeypatch.setattr(main_window, "AREAS", mine)


@pytest.fixture
def all_areas() -> None:
    """Asked for by tests that open the other areas (Tasks, Reports) from Today."""


@pytest.fixture(autouse=True)
def no_location_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(location, "source_factory", lambda _parent: None)


@pytest.fixture(autouse=True)
def late_deadline(store: Store) -> None:
    """The daily report is due at 23:59, so the tests do not depend on the hour they run."""
    table = store.table(ReportTemplate)
    [daily] = store.select(ReportTemplate, table.c.kind == "daily")
    store.update(ReportTemplate, daily.id, deadline_time="23:59")


def page_of(window: MainWindow) -> TodayPage:
    page = window.pages["today"]
    assert isinstance(page, TodayPage)
    window.show_area("today")
    return page


def settle(qtbot: QtBot, page: TodayPage) -> None:
    qtbot.wait(120)
    qtbot.waitUntil(
        lambda: (
            not page.loading and not page.context.runner.busy and not page._reload_timer.isActive()
        ),
        timeout=5000,
    )


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def follow(label: QLabel) -> None:
    """Click the link in a label (what a mouse click on it does)."""
    label.linkActivated.emit("open")


def today() -> dt.date:
    return timefmt.today()


def at_today(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(today(), dt.time(hour, minute)).astimezone().astimezone(dt.UTC)


def test_today_comes_first_in_the_navigation(window: MainWindow) -> None:
    assert window.areas[0].key == "today"
    window.show_area("customers")
    [first] = [a for a in window.findChildren(QAction) if a.shortcut().toString() == "Ctrl+1"]
    first.trigger()
    assert window.current_area == "today"


def test_todays_route_with_check_in_from_the_list(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    visits = [
        plan(store, customer_at(store, "福田A"), today(), "15:00", purpose="产品演示"),
        plan(store, customer_at(store, "南山A"), today(), "09:00", purpose="需求沟通"),
        plan(store, customer_at(store, "南山B"), today(), purpose="售后回访"),
    ]
    plan(store, customer_at(store, "福田B"), today() + dt.timedelta(days=1))  # not today
    page = page_of(window)
    settle(qtbot, page)
    assert [row.visit_id for row in page.visit_rows] == route(store, today())
    assert [row.number.text() for row in page.visit_rows] == ["1", "2", "3"]
    first = page.visit_rows[0]
    assert "南山A科技有限公司" in first.link.text()
    assert "高新南七道 18 号" in first.details.text()  # the address of each stop
    assert all(row.button is not None for row in page.visit_rows)
    assert page.visits_card.badge.text() == "3"

    target = page.visit_rows[2]  # the 福田 visit, last on the route
    assert target.visit_id == visits[0].id and target.button is not None

    def check_in(dialog: QDialog) -> None:
        assert isinstance(dialog, CheckInDialog)
        box = dialog.findChild(QDialogButtonBox)
        assert box is not None
        click(qtbot, box.button(QDialogButtonBox.StandardButton.Save))

    with_next_dialog(check_in)
    click(qtbot, target.button)
    assert store.require(Visit, visits[0].id).status == "in_progress"
    settle(qtbot, page)
    now_first = page.visit_rows[0]  # begun first; the route goes on from there
    assert now_first.visit_id == visits[0].id
    assert now_first.button is not None and now_first.button.objectName() == "today_check_out"
    assert page.summary.text().startswith("3 of 3 visits to go")  # checked in, not done


def test_a_visit_opens_in_the_visits_area(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    visit = plan(store, customer_at(store, "南山A"), today(), "10:00")
    page = page_of(window)
    settle(qtbot, page)
    follow(page.visit_rows[0].link)
    assert window.current_area == "visits"
    visits_page = window.pages["visits"]
    assert isinstance(visits_page, VisitsPage)
    qtbot.waitUntil(lambda: visits_page.detail.visit_id == visit.id, timeout=3000)
    click(qtbot, page.plan_button)
    assert window.current_area == "visits"


def test_tasks_due_today_and_overdue_are_completed_with_a_click(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    customer = store.create(Customer, name="华南物流有限公司")
    overdue = store.create(Task, title="回访投诉客户", due_at=at_today(0, 1) - dt.timedelta(days=2))
    later = store.create(Task, title="发送报价单", due_at=at_today(23, 58), customer_id=customer.id)
    store.create(Task, title="下周的事", due_at=at_today(10) + dt.timedelta(days=7))
    page = page_of(window)
    settle(qtbot, page)
    assert [row.task_id for row in page.task_rows] == [overdue.id, later.id]
    assert "2 days" in page.task_rows[0].due.text()
    assert page.task_rows[0].due.property("role") == "error"
    assert "华南物流有限公司" in page.task_rows[1].details.text()

    settle(qtbot, page)  # the rows clicked are the ones shown
    check = page.task_rows[0].check
    assert check.isVisible() and page.task_rows[0].task_id == overdue.id
    click(qtbot, check)
    assert check.isChecked()
    qtbot.waitUntil(lambda: store.require(Task, overdue.id).status == "done", timeout=5000)
    done = store.require(Task, overdue.id)
    assert (
        done.completed_at is not None and abs((utcnow() - done.completed_at).total_seconds()) < 60
    )
    settle(qtbot, page)
    assert [row.task_id for row in page.task_rows] == [later.id]
    qtbot.waitUntil(window.notice.button.isVisible, timeout=3000)
    click(qtbot, window.notice.button)  # Undo
    qtbot.waitUntil(lambda: store.require(Task, overdue.id).status == "open", timeout=3000)
    assert store.require(Task, overdue.id).completed_at is None
    settle(qtbot, page)
    assert [row.task_id for row in page.task_rows] == [overdue.id, later.id]

    # a task made elsewhere (a manager assigned it, a visit's next step) shows up at once
    store.create(Task, title="准备合同", due_at=at_today(23, 59))
    settle(qtbot, page)
    assert [row.link.text() for row in page.task_rows][-1].endswith("准备合同</a>")
    assert page.tasks_card.badge.text() == "3"


def test_deals_that_need_action_follow_the_store(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    stages = {s.code: s for s in store.select(PipelineStage)}
    customer = store.create(Customer, name="苏州精工机械有限公司")
    stuck = store.create(
        Deal,
        customer_id=customer.id,
        title="数控机床改造",
        stage_id=stages["needs"].id,
        amount=Decimal("380000.00"),
        stage_changed_at=utcnow() - dt.timedelta(days=40),
    )
    store.create(
        Deal,
        customer_id=customer.id,
        title="刀具年度采购",
        stage_id=stages["proposal"].id,
        stage_changed_at=utcnow(),
    )
    page = page_of(window)
    settle(qtbot, page)
    assert [row.deal_id for row in page.deal_rows] == [stuck.id]
    row = page.deal_rows[0]
    assert "40 days in this stage (limit 21)" in row.reason.text()
    assert "需求分析" in row.details.text() and "¥380,000.00" in row.details.text()
    assert page.deals_card.empty.isHidden()

    store.update(Deal, stuck.id, stage_changed_at=utcnow())  # moved on today
    settle(qtbot, page)
    assert page.deal_rows == []
    assert not page.deals_card.empty.isHidden()
    overdue = store.create(
        Deal,
        customer_id=customer.id,
        title="备件框架协议",
        stage_id=stages["negotiation"].id,
        stage_changed_at=utcnow(),
        expected_close=today() - dt.timedelta(days=3),
    )
    settle(qtbot, page)
    assert [row.deal_id for row in page.deal_rows] == [overdue.id]
    assert "passed 3 days ago" in page.deal_rows[0].reason.text()


def test_daily_report_state_follows_the_store(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = page_of(window)
    settle(qtbot, page)
    working_day = today().isoweekday() <= 5
    expected = "Not written yet" if working_day else "No daily report due today"
    assert page.report_status.text() == expected
    assert "23:59" in page.report_detail.text() or not working_day
    draft = store.create(
        Report,
        kind="daily",
        period_start=today(),
        period_end=today(),
        sections={"summary": "拜访三家客户"},
    )
    settle(qtbot, page)
    assert page.report_status.text() == "Draft, not submitted"
    assert page.report_button.text() == "Continue the draft"
    store.update(Report, draft.id, status="submitted", submitted_at=utcnow())
    settle(qtbot, page)
    assert page.report_status.text() == "Submitted"
    assert "Not yet sent to the server" in page.report_detail.text()
    assert page.report_button.text() == "View the report"


def test_a_missed_deadline_shows_late(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    now = dt.datetime.now().astimezone()  # the local time, as the page reads it
    if now.hour == 0 and now.minute == 0:  # the 00:00 deadline minute itself is still on time
        time.sleep(61 - now.second)
    weekend = today().isoweekday() > 5  # the test runs on the real calendar: both cases are checked
    add_user(store, "张三")
    page = page_of(window)
    settle(qtbot, page)
    table = store.table(ReportTemplate)
    [daily] = store.select(ReportTemplate, table.c.kind == "daily")
    store.update(ReportTemplate, daily.id, deadline_time="00:00")  # already passed
    settle(qtbot, page)
    if weekend:
        assert page.report_status.text() == "No daily report due today"
        return
    assert page.report_status.text() == "Not written — late"
    assert page.report_status.property("role") == "error"
    assert "Team: 0 of 1" in page.report_team.text() and "张三" in page.report_team.text()


def test_items_open_their_areas(
    qtbot: QtBot, all_areas: None, window: MainWindow, store: Store
) -> None:
    keys = [a.key for a in window.areas]
    assert {"tasks", "deals", "reports"} <= set(keys)
    task = store.create(Task, title="回访客户", due_at=at_today(23, 59))
    stages = {s.code: s for s in store.select(PipelineStage)}
    customer = store.create(Customer, name="苏州精工机械有限公司")
    deal = store.create(
        Deal,
        customer_id=customer.id,
        title="数控机床改造",
        stage_id=stages["needs"].id,
        stage_changed_at=utcnow() - dt.timedelta(days=40),
    )
    page = page_of(window)
    settle(qtbot, page)
    follow(page.deal_rows[0].link)
    assert window.current_area == "deals"
    qtbot.waitUntil(lambda: deal.id in window.pages["deals"].details, timeout=5000)  # type: ignore[attr-defined]
    window.pages["deals"].details[deal.id].close()  # type: ignore[attr-defined]
    window.show_area("today")
    follow(page.task_rows[0].link)
    assert window.current_area == "tasks"
    tasks_page = window.pages["tasks"]

    def shown() -> bool:
        selected = tasks_page.selected_task()  # type: ignore[attr-defined]
        return selected is not None and selected.id == task.id

    qtbot.waitUntil(shown, timeout=5000)
    window.show_area("today")
    click(qtbot, page.report_button)
    assert window.current_area == "reports"


def test_a_hidden_today_catches_up_when_shown(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = page_of(window)
    settle(qtbot, page)
    assert page.task_rows == []
    window.show_area("customers")
    store.create(Task, title="整理客户资料", due_at=at_today(23, 59))
    qtbot.wait(200)
    assert page.task_rows == []  # no work for a screen nobody sees
    window.show_area("today")
    settle(qtbot, page)
    assert [row.task_id for row in page.task_rows] == [store.select(Task)[0].id]
