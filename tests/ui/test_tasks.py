"""The Tasks screen, driven as a user would, and the reminders service driven with a chosen
"now"; every test checks the store afterwards."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QMessageBox,
    QStyle,
    QStyleOptionViewItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from salesdesk.domain.entities import Customer, Task
from salesdesk.store import tasks as queries
from salesdesk.store.store import Store
from salesdesk.ui.app import build_window, make_application
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.tasks.editor import TaskDialog
from salesdesk.ui.tasks.page import TasksPage
from salesdesk.ui.tasks.reminders import TaskReminders
from salesdesk.ui.tasks.widgets import index_of
from salesdesk.ui.widgets.pickers import RecordCombo
from tests.deals_tasks_helpers import add_user, leave_team, new_deal, settle, sign_in_as_rep
from tests.ui.helpers import answer_message_box, type_text, with_next_dialog

FUTURE = dt.datetime(2031, 3, 3, 9, 0, tzinfo=dt.UTC)  # far from the real clock's reminders


@pytest.fixture
def window(window: MainWindow, qtbot: QtBot) -> Iterator[MainWindow]:
    """The shared main window, quietened after the test (see ``settle``)."""
    yield window
    settle(window)


def page_of(window: MainWindow) -> TasksPage:
    page = window.pages["tasks"]
    assert isinstance(page, TasksPage)
    return page


def wait_loaded(qtbot: QtBot, page: TasksPage) -> None:
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not page.model.loading and not page.context.runner.busy, timeout=5000)


def titles(page: TasksPage) -> list[str]:
    return [page.model.task(row).title for row in range(page.model.rowCount())]


def click_save(qtbot: QtBot, dialog: TaskDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(combo: RecordCombo, record_id: uuid.UUID) -> None:
    index = index_of(combo, record_id)
    assert index >= 0, "not among the choices"
    combo.setCurrentIndex(index)


def test_create_a_task_with_the_dialog(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    page = page_of(window)
    window.show_area("tasks")
    wait_loaded(qtbot, page)

    def enter(dialog: object) -> None:
        assert isinstance(dialog, TaskDialog)
        type_text(qtbot, dialog.form.editor("title"), "回访客户")
        description = dialog.form.editor("description")
        type_text(qtbot, description, "确认样品测试结果")
        priority = dialog.form.editor("priority")
        assert isinstance(priority, QWidget)
        priority.setCurrentIndex(priority.findData("high"))  # type: ignore[attr-defined]
        dialog.due.set_value(FUTURE)
        qtbot.mouseClick(dialog.remind.check, Qt.MouseButton.LeftButton)  # reminder on
        dialog.remind.before_due(60)
        click_save(qtbot, dialog)

    with_next_dialog(enter)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.count(Task) == 1, timeout=5000)
    task = store.select(Task)[0]
    assert (task.title, task.description, task.priority, task.status) == (
        "回访客户",
        "确认样品测试结果",
        "high",
        "open",
    )
    assert task.due_at == FUTURE and task.remind_at == FUTURE - dt.timedelta(hours=1)
    me = store.profile.user_id
    assert (task.assignee_id, task.assigned_by) == (me, me)
    qtbot.waitUntil(lambda: page.detail.task_id == task.id, timeout=5000)
    assert page.detail.title.text() == "回访客户"
    assert titles(page) == ["回访客户"]


def test_a_reminder_after_the_due_time_is_refused_next_to_the_field(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    dialog = TaskDialog(window.context, [], parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    click_save(qtbot, dialog)
    assert dialog.form.error_text("title")  # required
    type_text(qtbot, dialog.form.editor("title"), "准备报价")
    dialog.due.set_value(FUTURE)
    dialog.remind.set_value(FUTURE + dt.timedelta(minutes=30))
    click_save(qtbot, dialog)
    assert "after the due time" in dialog.form.error_text("remind_at")
    qtbot.wait(50)
    assert store.count(Task) == 0
    dialog.remind.set_value(None)
    assert dialog.form.error_text("remind_at") == ""  # editing clears the message
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    assert store.require(Task, dialog.saved.id).remind_at is None  # type: ignore[union-attr]


def checkbox_point(page: TasksPage, row: int) -> QPoint:
    """Where a user clicks to tick the task in ``row``: the check box of the first column."""
    index = page.model.index(row, 0)
    option = QStyleOptionViewItem()
    option.initFrom(page.table)
    option.rect = page.table.visualRect(index)
    delegate = page.table.itemDelegate()
    delegate.initStyleOption(option, index)  # type: ignore[attr-defined]
    rect = page.table.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, page.table
    )
    return rect.center()


def test_complete_by_ticking_and_reopen_from_the_detail(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = page_of(window)
    window.show_area("tasks")
    task = queries.save_task(store, {"title": "发送合同", "due_at": FUTURE})
    queries.save_task(store, {"title": "别的任务", "due_at": FUTURE + dt.timedelta(days=1)})
    wait_loaded(qtbot, page)
    assert titles(page) == ["发送合同", "别的任务"]
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=checkbox_point(page, 0))
    qtbot.waitUntil(lambda: store.require(Task, task.id).status == "done", timeout=5000)
    assert store.require(Task, task.id).completed_at is not None
    wait_loaded(qtbot, page)
    assert titles(page) == ["别的任务"]  # the list shows open tasks: the done one left it

    page.status.setCurrentIndex(page.status.findData("done"))
    wait_loaded(qtbot, page)
    assert titles(page) == ["发送合同"]
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.task_id == task.id, timeout=5000)
    assert page.detail.toggle_button.text() == "Reopen"
    qtbot.mouseClick(page.detail.toggle_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.require(Task, task.id).status == "open", timeout=5000)
    assert store.require(Task, task.id).completed_at is None
    wait_loaded(qtbot, page)
    assert titles(page) == []

    # Space on the selected row completes it too, and the notice offers Undo.
    page.status.setCurrentIndex(page.status.findData("open"))
    wait_loaded(qtbot, page)
    page.table.selectRow(page.model.row_of(task.id) or 0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: store.require(Task, task.id).status == "done", timeout=5000)
    qtbot.waitUntil(window.notice.button.isVisible, timeout=3000)
    qtbot.mouseClick(window.notice.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.require(Task, task.id).status == "open", timeout=5000)


def test_a_manager_assigns_a_task_to_a_rep(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    rep = add_user(store, "李娜")
    page = page_of(window)
    window.show_area("tasks")
    qtbot.waitUntil(lambda: index_of(page.people, rep) >= 0, timeout=5000)
    wait_loaded(qtbot, page)

    def enter(dialog: object) -> None:
        assert isinstance(dialog, TaskDialog)
        type_text(qtbot, dialog.form.editor("title"), "拜访新客户")
        assert dialog.assignee.isEnabled()
        choose(dialog.assignee, rep)
        click_save(qtbot, dialog)

    with_next_dialog(enter)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.count(Task) == 1, timeout=5000)
    task = store.select(Task)[0]
    assert (task.assignee_id, task.assigned_by) == (rep, store.profile.user_id)
    wait_loaded(qtbot, page)
    assert titles(page) == []  # not mine to do
    page.people.setCurrentIndex(page.people.findData("by_me"))
    wait_loaded(qtbot, page)
    assert titles(page) == ["拜访新客户"]
    page.people.setCurrentIndex(index_of(page.people, rep))
    wait_loaded(qtbot, page)
    assert titles(page) == ["拜访新客户"]
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.task_id == task.id, timeout=5000)
    assert page.detail.fact_labels["assignee"].text() == "李娜"


@pytest.fixture
def rep_window(qtbot: QtBot, store: Store) -> Iterator[MainWindow]:
    add_user(store, "王强")  # a colleague
    me = add_user(store, "李娜")
    sign_in_as_rep(store, me)
    make_application()
    main = build_window(store)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    yield main
    settle(main)
    main.context.runner.shutdown()
    main.context.bus.close()


def test_a_rep_assigns_only_to_themself(qtbot: QtBot, rep_window: MainWindow, store: Store) -> None:
    page = page_of(rep_window)
    wait_loaded(qtbot, page)
    assert [page.people.itemData(i) for i in range(page.people.count())] == ["mine", "by_me"]
    dialog = TaskDialog(rep_window.context, page.members, parent=rep_window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.assignee.isEnabled()
    assert [dialog.assignee.itemText(i) for i in range(dialog.assignee.count())] == ["李娜"]
    type_text(qtbot, dialog.form.editor("title"), "整理名片")
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    task = store.select(Task)[0]
    assert task.assignee_id == task.assigned_by == store.profile.user_id
    assert page.table.isColumnHidden(5)  # "Assigned to": always the rep


def test_link_a_customer_and_one_of_its_deals(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    huawei = store.create(Customer, name="深圳市华为技术有限公司")
    deal = new_deal(store, "服务器扩容", customer=huawei)
    dialog = TaskDialog(window.context, [], parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.form.editor("title"), "准备技术方案")
    line = dialog.customer.lineEdit()
    assert line is not None
    type_text(qtbot, line, "华为")
    qtbot.waitUntil(lambda: dialog.customer.count() == 1, timeout=5000)
    dialog.customer.activated.emit(0)  # the user picks the match from the popup
    qtbot.waitUntil(lambda: index_of(dialog.deal, deal.id) >= 0, timeout=5000)
    choose(dialog.deal, deal.id)
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    task = store.select(Task)[0]
    assert (task.customer_id, task.deal_id) == (huawei.id, deal.id)

    # Editing keeps the link while the deal choices load.
    again = TaskDialog(window.context, [], task, parent=window)
    qtbot.addWidget(again)
    assert again.deal.value() == deal.id
    qtbot.waitUntil(lambda: not again.deal.loading, timeout=5000)
    assert again.deal.value() == deal.id and again.customer.value() == huawei.id


def test_filters_due_today_overdue_and_search(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    now = dt.datetime.now(dt.UTC)
    queries.save_task(store, {"title": "昨天的", "due_at": now - dt.timedelta(days=1)})
    queries.save_task(store, {"title": "下个月的", "due_at": now + dt.timedelta(days=40)})
    queries.save_task(store, {"title": "没有期限的"})
    page = page_of(window)
    wait_loaded(qtbot, page)
    assert titles(page) == ["昨天的", "下个月的", "没有期限的"]
    page.due.setCurrentIndex(page.due.findData("overdue"))
    wait_loaded(qtbot, page)
    assert titles(page) == ["昨天的"]
    page.due.setCurrentIndex(page.due.findData("all"))
    type_text(qtbot, page.search, "期限")
    qtbot.waitUntil(lambda: page.model.filter.text == "期限", timeout=3000)
    wait_loaded(qtbot, page)
    assert titles(page) == ["没有期限的"]


def test_delete_asks_and_can_be_undone(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    task = queries.save_task(store, {"title": "作废的任务", "due_at": FUTURE})
    page = page_of(window)
    window.show_area("tasks")
    wait_loaded(qtbot, page)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.task_id == task.id, timeout=5000)
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Yes, seen)
    qtbot.mouseClick(page.detail.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.get(Task, task.id) is None, timeout=5000)
    assert "作废的任务" in seen[0]
    wait_loaded(qtbot, page)
    assert titles(page) == []
    qtbot.mouseClick(window.notice.button, Qt.MouseButton.LeftButton)  # Undo
    qtbot.waitUntil(lambda: store.get(Task, task.id) is not None, timeout=5000)
    wait_loaded(qtbot, page)
    assert titles(page) == ["作废的任务"]


def check_reminders(qtbot: QtBot, reminders: TaskReminders, now: dt.datetime) -> list[str]:
    """Run the service's check at ``now``; the keys of the reminders it showed.

    (The service also checks by itself, at the real time; those answers are not this one.)
    """
    with qtbot.waitSignal(
        reminders.sig_checked, timeout=5000, check_params_cb=lambda at, _keys: at == now
    ) as checked:
        reminders.check(now)
    keys = checked.args[1]
    assert isinstance(keys, list)
    return keys


def test_reminders_fire_exactly_once_and_open_the_task(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = page_of(window)
    desktop = window.context.desktop
    assert desktop is not None
    reminders = window.services["tasks"]  # runs from the start, whether or not Tasks was opened
    assert isinstance(reminders, TaskReminders)
    remind_at = FUTURE - dt.timedelta(minutes=15)
    task = queries.save_task(
        store, {"title": "给张总回电话", "due_at": FUTURE, "remind_at": remind_at}
    )
    other = queries.save_task(store, {"title": "明天的事", "due_at": FUTURE + dt.timedelta(days=1)})
    shown: list[object] = []
    desktop.sig_shown.connect(shown.append)

    def check(now: dt.datetime) -> list[str]:
        return check_reminders(qtbot, reminders, now)

    assert check(remind_at - dt.timedelta(minutes=1)) == []  # not yet
    keys = check(remind_at + dt.timedelta(seconds=30))
    assert len(keys) == 1 and str(task.id) in keys[0]
    assert len(shown) == 1
    assert check(remind_at + dt.timedelta(minutes=1)) == []  # only once
    assert check(remind_at + dt.timedelta(minutes=2)) == []
    assert len(shown) == 1
    # Offscreen there is no tray: the status bar shows it, and Open shows the task.
    assert "给张总回电话" in window.notice.label.text()
    window.show_area("customers")
    qtbot.mouseClick(window.notice.button, Qt.MouseButton.LeftButton)
    assert window.current_area == "tasks"
    qtbot.waitUntil(lambda: page.detail.task_id == task.id, timeout=5000)

    # A restarted app remembers what it showed (kept in the profile) …
    qtbot.waitUntil(lambda: not window.context.runner.busy, timeout=5000)
    restarted = TaskReminders(window.context, page.open_task, lambda: None)
    assert check_reminders(qtbot, restarted, remind_at + dt.timedelta(minutes=5)) == []
    # … and a task done before its reminder does not remind; moving a reminder reminds again.
    queries.set_done(store, other.id, True)
    assert check(FUTURE + dt.timedelta(days=1, minutes=1)) == []
    later = FUTURE + dt.timedelta(hours=2)
    queries.save_task(store, {"due_at": later, "remind_at": later}, task.id)
    assert len(check(later)) == 1
    assert len(shown) == 2


def test_many_due_reminders_are_summed_up(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    page_of(window)  # on the Tasks area, as a user would be
    for number in range(5):
        queries.save_task(
            store, {"title": f"任务{number}", "due_at": FUTURE + dt.timedelta(minutes=number)}
        )
    desktop = window.context.desktop
    assert desktop is not None
    shown: list[object] = []
    desktop.sig_shown.connect(shown.append)
    service = window.services["tasks"]
    assert isinstance(service, TaskReminders)
    keys = check_reminders(qtbot, service, FUTURE + dt.timedelta(minutes=10))
    assert len(keys) == 5  # all five are covered …
    assert len(shown) == 3  # … by two reminders and one "3 more tasks are due"
    assert "3" in window.notice.label.text()


def test_editing_keeps_an_assignee_who_left_the_team(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    rep = add_user(store, "李娜")
    task = queries.save_task(store, {"title": "交接客户", "assignee_id": rep})
    leave_team(store, rep)
    with store.engine.connect() as connection:
        members = queries.team_members(connection, store.profile.team_id)
    assert rep not in {m.id for m in members}
    dialog = TaskDialog(window.context, members, task, parent=window)
    qtbot.addWidget(dialog)
    assert dialog.assignee.value() == rep
    assert dialog.assignee.currentText() == "李娜"
    line = dialog.form.editor("title")
    type_text(qtbot, line, "（急）")
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    assert store.require(Task, task.id).assignee_id == rep
