"""The Reports area driven as a user would: writing, auto-save, submitting, review, reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from salesdesk.domain.entities import (
    Customer,
    Deal,
    DealStageChange,
    PipelineStage,
    Report,
    Task,
    Visit,
)
from salesdesk.domain.periods import Period
from salesdesk.store import reports as queries
from salesdesk.store.store import Store
from salesdesk.ui.app import build_window, make_application
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.reports.page import ReportsPage
from salesdesk.ui.reports.reminder import DailyReportReminder
from tests.report_helpers import add_user, become, local_at, pulled, pulled_update
from tests.ui.helpers import answer_message_box, type_text

MONDAY = dt.date(2026, 11, 23)


def page_of(window: MainWindow) -> ReportsPage:
    page = window.pages["reports"]
    assert isinstance(page, ReportsPage)
    return page


def settle(qtbot: QtBot, page: ReportsPage) -> None:
    """Let queued notices arrive, then wait for the loads and saves they started."""
    qtbot.wait(30)
    qtbot.waitUntil(
        lambda: not page.context.runner.busy and not page.editor.busy and not page.model.busy,
        timeout=5000,
    )


def at_monday(page: ReportsPage, hour: int, minute: int = 0) -> dt.datetime:
    return local_at(MONDAY, hour, page.tz, minute)


def open_on(qtbot: QtBot, window: MainWindow, hour: int = 10) -> ReportsPage:
    """The Reports area with "now" at ``hour`` on Monday 23 November, today's daily report open."""
    window.show_area("reports")
    page = page_of(window)
    now = at_monday(page, hour)
    page.clock = lambda: now
    page.choose("daily", None)
    page.model.reload()
    settle(qtbot, page)
    assert page.editor.form is not None and page.editor.form.period == Period.for_day(MONDAY)
    return page


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def mine(store: Store) -> list[Report]:
    return store.select(Report)


@pytest.fixture
def rep_window(qtbot: QtBot, store: Store) -> Iterator[MainWindow]:
    """The main window of a rep's laptop."""
    become(store, "rep", name="张伟")
    make_application()
    main = build_window(store)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    yield main
    main.context.runner.shutdown()
    main.context.bus.close()


def test_a_draft_is_written_offline_and_saves_itself(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = open_on(qtbot, window)
    editor = page.editor
    assert editor.editable and editor.badge.text() == "Not written"
    type_text(qtbot, editor.sections["summary"].text, "拜访了三家客户")
    assert editor.dirty and mine(store) == []  # not yet: it waits for a pause in typing
    qtbot.waitUntil(lambda: len(mine(store)) == 1, timeout=4000)
    settle(qtbot, page)
    [draft] = mine(store)
    assert (draft.status, draft.kind, draft.period_start) == ("draft", "daily", MONDAY)
    assert draft.sections["summary"] == "拜访了三家客户"
    assert not editor.dirty and "saved" in editor.save_state.text().lower()
    assert store.outbox_count() >= 1  # waiting for the next sync

    type_text(qtbot, editor.sections["problems"].text, "报价系统慢")
    click(qtbot, editor.save_button)  # Save draft: now, without waiting
    qtbot.waitUntil(
        lambda: store.require(Report, draft.id).sections.get("problems") == "报价系统慢",
        timeout=3000,
    )
    assert len(mine(store)) == 1  # the same draft, updated
    settle(qtbot, page)
    assert page.model.rowCount() == 1
    assert page.model.data(page.model.index(0, 3)) == "Draft"


def test_submit_is_refused_until_required_sections_are_written(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = open_on(qtbot, window)
    editor = page.editor
    type_text(qtbot, editor.sections["summary"].text, "今天跟进了报价")
    settle(qtbot, page)  # loads started before typing (under load) are done before the click
    click(qtbot, editor.submit_button)
    next_plan = editor.sections["next_plan"]
    assert next_plan.error.isVisible()
    assert "before submitting" in next_plan.error.text()
    assert not editor.sections["summary"].error.isVisible()
    settle(qtbot, page)
    assert all(r.status == "draft" for r in mine(store))

    type_text(qtbot, next_plan.text, "明天回访华为")
    assert not next_plan.error.isVisible()  # typing clears the message
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Yes, seen)
    click(qtbot, editor.submit_button)
    qtbot.waitUntil(lambda: [r.status for r in mine(store)] == ["submitted"], timeout=4000)
    settle(qtbot, page)
    [report] = mine(store)
    assert report.submitted_at == at_monday(page, 10)
    assert report.sections["next_plan"] == "明天回访华为"
    assert seen and "no longer change" in seen[0]
    # read-only for the rep now
    assert not editor.editable and not editor.submit_button.isVisible()
    assert editor.sections["next_plan"].reading.text() == "明天回访华为"
    assert not editor.sections["next_plan"].text.isVisible()
    assert editor.badge.text() == "Submitted"
    assert page.model.data(page.model.index(0, 3)) == "Submitted"


def test_figures_come_from_my_own_work_of_the_period(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    window.show_area("reports")
    tz = page_of(window).tz
    at = lambda day, hour: local_at(day, hour, tz)  # noqa: E731
    sunday = MONDAY - dt.timedelta(days=1)
    colleague = add_user(store, "李强")
    with store.transaction() as writer:
        [customer_id, *_] = writer.create_many(
            Customer,
            [
                {"name": "今天的新客户", "created_at": at(MONDAY, 9)},
                {"name": "昨天的客户", "created_at": at(sunday, 9)},
                {"name": "同事的客户", "owner_id": colleague, "created_at": at(MONDAY, 9)},
            ],
        )
    done = {"customer_id": customer_id, "purpose": "拜访", "status": "done"}
    store.create(Visit, done, checked_in_at=at(MONDAY, 9))
    store.create(Visit, done, checked_in_at=at(MONDAY, 14))
    store.create(Visit, done, checked_in_at=at(sunday, 14))
    stages = {s.code: s for s in store.select(PipelineStage)}
    won = store.create(
        Deal,
        customer_id=customer_id,
        title="年度采购",
        stage_id=stages["won"].id,
        status="won",
        closed_on=MONDAY,
        amount=Decimal("88000.50"),
    )
    store.create(
        DealStageChange,
        deal_id=won.id,
        from_stage_id=stages["negotiation"].id,
        to_stage_id=stages["won"].id,
        changed_at=at(MONDAY, 11),
    )
    store.create(Task, title="寄样品", status="done", completed_at=at(MONDAY, 16))
    store.create(Task, title="上周的任务", status="done", completed_at=at(sunday, 16))

    page = open_on(qtbot, window)
    editor = page.editor
    assert {key: editor.figure_text(key) for key in editor.figure_labels} == {
        "visits": "2",
        "new_customers": "1",
        "deals_advanced": "1",
        "revenue_won": "¥88,000.50",
        "tasks_done": "1",
    }
    store.create(Visit, done, checked_in_at=at(MONDAY, 17))  # a visit made meanwhile
    qtbot.waitUntil(lambda: editor.figure_text("visits") == "3", timeout=3000)
    click(qtbot, page.kind_buttons.buttons()[1])  # this week: Sunday belongs to last week
    settle(qtbot, page)
    assert editor.form is not None and editor.form.kind == "weekly"
    assert editor.figure_text("visits") == "3" and editor.figure_text("tasks_done") == "1"
    click(qtbot, page.previous_button)  # last week
    settle(qtbot, page)
    assert editor.figure_text("visits") == "1" and editor.figure_text("new_customers") == "1"


def test_a_report_submitted_after_the_deadline_is_late(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = open_on(qtbot, window, hour=9)
    assert not page.next_button.isEnabled()  # no reports for the future
    click(qtbot, page.previous_button)  # yesterday's daily report, deadline 20:00 yesterday
    settle(qtbot, page)
    editor = page.editor
    assert editor.form is not None and editor.form.period.start == MONDAY - dt.timedelta(days=1)
    type_text(qtbot, editor.sections["summary"].text, "补写昨天的日报")
    type_text(qtbot, editor.sections["next_plan"].text, "继续跟进")
    answer_message_box(QMessageBox.StandardButton.Yes)
    click(qtbot, editor.submit_button)
    qtbot.waitUntil(lambda: [r.status for r in mine(store)] == ["submitted"], timeout=4000)
    settle(qtbot, page)
    assert editor.badge.text() == "Submitted late"
    assert page.model.data(page.model.index(0, 3)) == "Submitted late"
    late = page.model.data(page.model.index(0, 3), Qt.ItemDataRole.ForegroundRole)
    assert late is not None and late.name() == "#d93025"

    click(qtbot, page.current_button)  # back to today: written on time this time
    settle(qtbot, page)
    type_text(qtbot, editor.sections["summary"].text, "今天按时写")
    type_text(qtbot, editor.sections["next_plan"].text, "明天继续")
    answer_message_box(QMessageBox.StandardButton.Yes)
    click(qtbot, editor.submit_button)
    qtbot.waitUntil(lambda: len([r for r in mine(store) if r.status == "submitted"]) == 2)
    settle(qtbot, page)
    states = {page.model.summary(row).period.start: page.model.summary(row).state for row in (0, 1)}
    assert states == {MONDAY: "on_time", MONDAY - dt.timedelta(days=1): "late"}


def test_the_rep_sees_the_managers_comment_and_rating(
    qtbot: QtBot, rep_window: MainWindow, store: Store
) -> None:
    manager = add_user(store, "王经理", role="manager")
    page = open_on(qtbot, rep_window)
    assert not page.scope.isVisible()  # a rep sees only own reports
    editor = page.editor
    type_text(qtbot, editor.sections["summary"].text, "拜访两家客户")
    type_text(qtbot, editor.sections["next_plan"].text, "准备方案")
    answer_message_box(QMessageBox.StandardButton.Yes)
    click(qtbot, editor.submit_button)
    qtbot.waitUntil(lambda: [r.status for r in mine(store)] == ["submitted"], timeout=4000)
    settle(qtbot, page)
    assert editor.review_box.isVisible() and "Not rated" in editor.review_score.text()
    [report] = mine(store)

    # the next sync brings the manager's review
    pulled_update(
        store,
        "report",
        report.id,
        score=4,
        reviewed_by=manager,
        reviewed_at=at_monday(page, 21),
        read_at=at_monday(page, 20, 30),
    )
    pulled(store, "report_comment", report_id=report.id, author_id=manager, body="方案要尽快发")
    qtbot.waitUntil(lambda: "方案要尽快发" in editor.comments.text(), timeout=3000)
    settle(qtbot, page)
    assert "★★★★☆" in editor.review_score.text() and "王经理" in editor.review_score.text()
    assert "王经理" in editor.comments.text() and editor.review_read.isVisible()
    assert page.model.data(page.model.index(0, 4)) == "★★★★☆"
    assert page.model.data(page.model.index(0, 5)) == "1"
    assert not editor.editable  # still read-only


def test_a_manager_reads_the_team_reports(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    rep = add_user(store, "张伟")
    theirs = pulled(
        store,
        "report",
        author_id=rep,
        kind="daily",
        period_start=MONDAY,
        period_end=MONDAY,
        status="submitted",
        submitted_at=dt.datetime(2026, 11, 23, 11, tzinfo=dt.UTC),
        sections={"summary": "张伟的日报", "next_plan": "继续"},
    )
    page = open_on(qtbot, window)
    assert page.scope.isVisible() and page.model.rowCount() == 0  # my reports: none yet
    page.scope.setCurrentIndex(page.scope.findData("team"))
    settle(qtbot, page)
    assert page.model.rowCount() == 1 and page.model.data(page.model.index(0, 2)) == "张伟"
    assert not page.table.isColumnHidden(2)
    page.table.selectRow(0)
    settle(qtbot, page)
    editor = page.editor
    assert editor.report_id == theirs and not editor.editable
    assert editor.title.text().startswith("张伟")
    assert "colleague" in editor.banner.text()
    assert editor.sections["summary"].reading.text() == "张伟的日报"
    click(qtbot, page.current_button)  # back to my own report for today
    settle(qtbot, page)
    assert editor.editable and editor.report_id is None


def daily_reminder(window: MainWindow, page: ReportsPage) -> DailyReportReminder:
    """The area's reminder (it runs whether or not Reports was opened), in the page's zone."""
    reminder = window.services["reports"]
    assert isinstance(reminder, DailyReportReminder)
    reminder.tz = page.tz
    return reminder


def test_reminder_at_the_deadline_once_and_not_when_submitted(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = open_on(qtbot, window)
    reminder = daily_reminder(window, page)
    desktop = window.context.desktop
    assert desktop is not None
    deadline = queries.today_report(store, MONDAY, page.tz).deadline
    assert deadline == at_monday(page, 20)
    shown: list[str] = []
    desktop.sig_shown.connect(lambda r: shown.append(r.key))

    reminder.check(deadline - dt.timedelta(hours=2))  # too early: nothing
    settle(qtbot, page)
    assert shown == []
    reminder.check(deadline - dt.timedelta(minutes=45))  # within the hour before
    qtbot.waitUntil(lambda: shown == ["report:daily:2026-11-23:early"], timeout=3000)
    reminder.check(deadline)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=3000)
    assert shown[1] == "report:daily:2026-11-23:due"
    reminder.check(deadline + dt.timedelta(minutes=1))  # once a day
    settle(qtbot, page)
    assert len(shown) == 2
    reminder.check(local_at(MONDAY - dt.timedelta(days=2), 21, page.tz))  # Saturday: none
    settle(qtbot, page)
    assert len(shown) == 2

    if desktop.tray is None:  # offscreen: the status bar offers to open the report
        assert "due at" in window.notice.label.text()
        window.show_area("customers")
        click(qtbot, window.notice.button)
        assert window.current_area == "reports"
        settle(qtbot, page)
        assert page.editor.form is not None and page.editor.form.kind == "daily"


def test_no_reminder_when_todays_report_is_submitted(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = open_on(qtbot, window)
    shown: list[str] = []
    assert window.context.desktop is not None
    window.context.desktop.sig_shown.connect(lambda r: shown.append(r.key))
    queries.submit_report(
        store,
        kind="daily",
        period=Period.for_day(MONDAY),
        sections={"summary": "写好了", "next_plan": "明天"},
        tz=page.tz,
    )
    reminder = daily_reminder(window, page)
    reminder.check(at_monday(page, 20))
    settle(qtbot, page)
    reminder.check(at_monday(page, 19, 30))
    settle(qtbot, page)
    assert shown == []


def test_switching_period_keeps_the_unsaved_text(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = open_on(qtbot, window)
    type_text(qtbot, page.editor.sections["market"].text, "竞品降价")
    click(qtbot, page.kind_buttons.buttons()[2])  # monthly, right away
    settle(qtbot, page)
    [draft] = mine(store)
    assert (draft.kind, draft.sections["market"]) == ("daily", "竞品降价")
    assert page.editor.form is not None and page.editor.form.kind == "monthly"
    page.table.selectRow(0)  # the list opens it again
    settle(qtbot, page)
    assert page.editor.report_id == draft.id
    assert page.editor.sections["market"].text.toPlainText() == "竞品降价"


def test_closing_the_window_keeps_what_was_typed(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = open_on(qtbot, window)
    type_text(qtbot, page.editor.sections["summary"].text, "下班前写的总结")
    assert mine(store) == []  # still waiting for a pause in typing
    window.close()  # quitting right away
    [draft] = mine(store)
    assert (draft.status, draft.sections["summary"]) == ("draft", "下班前写的总结")
