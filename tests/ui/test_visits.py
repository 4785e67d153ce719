"""The Visits screen, driven as a user would: planning, route order, check-in and check-out,
next steps that become tasks, photos and files, cancelling and the visit log."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, QMimeData, QObject, QPoint, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtPositioning import QGeoCoordinate, QGeoPositionInfo, QGeoPositionInfoSource
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTreeWidgetItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from salesdesk.domain.entities import MAX_ATTACHMENT_BYTES, Attachment, Contact, Task, Visit
from salesdesk.domain.schema import utcnow
from salesdesk.store import visits as visit_store
from salesdesk.store.store import Store
from salesdesk.ui import timefmt
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.visits import location
from salesdesk.ui.visits.dialogs import CheckInDialog, CheckOutDialog, VisitDialog
from salesdesk.ui.visits.page import DAY_ROLE, VisitsPage, find_data
from tests.ui.helpers import answer_message_box, type_text, with_next_dialog
from tests.visits_helpers import add_user, customer_at, plan, route, sign_in_as

# ---- the system's location service, as tests need it ------------------------------------------


class FakeSource(QGeoPositionInfoSource):
    """A position source that answers after a short while (or never)."""

    def __init__(self, parent: QObject, position: tuple[float, float] | None) -> None:
        super().__init__(parent)
        self.position = position

    def lastKnownPosition(self, satellite_only: bool = False) -> QGeoPositionInfo:
        return QGeoPositionInfo()

    def supportedPositioningMethods(self) -> QGeoPositionInfoSource.PositioningMethod:
        return QGeoPositionInfoSource.PositioningMethod.AllPositioningMethods

    def minimumUpdateInterval(self) -> int:
        return 0

    def error(self) -> QGeoPositionInfoSource.Error:
        return QGeoPositionInfoSource.Error.NoError

    def startUpdates(self) -> None:
        pass

    def stopUpdates(self) -> None:
        pass

    def requestUpdate(self, timeout: int | None = 0) -> None:
        if self.position is not None:
            QTimer.singleShot(50, self._answer)

    def _answer(self) -> None:
        assert self.position is not None
        info = QGeoPositionInfo(QGeoCoordinate(*self.position), QDateTime.currentDateTime())
        info.setAttribute(QGeoPositionInfo.Attribute.HorizontalAccuracy, 25.0)
        self.positionUpdated.emit(info)


@pytest.fixture(autouse=True)
def only_my_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window with Today, Customers and Visits only: these tests do not depend on the
    other areas (built at the same time by others)."""
    from salesdesk.ui import main_window
    from salesdesk.ui.areas import AREAS

    mine = [a for a in AREAS if a.key in ("today", "customers", "visits")]
    monkeypatch.setattr(main_window, "AREAS", mine)


@pytest.fixture(autouse=True)
def no_location_service(monkeypatch: pytest.MonkeyPatch) -> None:
    """Like this headless machine: no location service (tests that want one say so)."""
    monkeypatch.setattr(location, "source_factory", lambda _parent: None)


# ---- helpers ----------------------------------------------------------------------------------


def page_of(window: MainWindow) -> VisitsPage:
    page = window.pages["visits"]
    assert isinstance(page, VisitsPage)
    window.show_area("visits")
    return page


def settle(qtbot: QtBot, page: VisitsPage) -> None:
    """Let queued change notices arrive, then wait for the reloads they started."""
    qtbot.wait(90)
    qtbot.waitUntil(
        lambda: not page.loading and not page.context.runner.busy and not page._timer.isActive(),
        timeout=5000,
    )


def today() -> dt.date:
    return timefmt.today()


def select(qtbot: QtBot, page: VisitsPage, visit_id: uuid.UUID) -> None:
    page.select_visit(visit_id)
    qtbot.waitUntil(lambda: page.detail.visit_id == visit_id, timeout=3000)


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def save_button(dialog: QDialog) -> QWidget:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Save)
    assert button is not None
    return button


def text_of(editor: QWidget) -> str:
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    assert isinstance(editor, QLineEdit)
    return editor.text()


@pytest.fixture
def day_of_three(store: Store) -> Iterator[list[Visit]]:
    """Three visits today in two districts: 南山 at 09:00, 福田, 南山 again."""
    yield [
        plan(store, customer_at(store, "南山A"), today(), "09:00", purpose="需求沟通"),
        plan(store, customer_at(store, "福田A"), today(), purpose="产品演示"),
        plan(store, customer_at(store, "南山B"), today(), purpose="售后回访"),
    ]


# ---- the day and the week ---------------------------------------------------------------------


def test_day_view_lists_the_route_by_area_with_addresses(
    qtbot: QtBot, window: MainWindow, store: Store, day_of_three: list[Visit]
) -> None:
    page = page_of(window)
    settle(qtbot, page)
    assert page.visit_ids() == route(store, today())
    first, second, third = day_of_three
    assert page.visit_ids() == [first.id, third.id, second.id]  # 南山, 南山, then 福田
    assert [h.text(0) for h in headings(page)] == [
        "广东省 深圳市 南山区 · 2 stops",
        "广东省 深圳市 福田区 · 1 stop",
    ]
    row = page._item_of(first.id)
    assert row is not None
    assert [row.text(c) for c in range(4)] == ["1", "09:00", "南山A科技有限公司", "需求沟通"]
    assert row.text(4) == "科技园南区高新南七道 18 号"  # the area is the heading
    assert "3 visits, 0 done" in page.count.text()


def test_week_view_shows_each_day_and_a_visit_can_be_dragged_to_another_day(
    qtbot: QtBot, window: MainWindow, store: Store, day_of_three: list[Visit]
) -> None:
    page = page_of(window)
    monday = today() - dt.timedelta(days=today().weekday())
    page.set_day(monday)
    click(qtbot, page.week_button)
    settle(qtbot, page)
    assert page.tree.topLevelItemCount() == 7
    day_rows = {heading.data(0, DAY_ROLE): heading for heading in headings(page)}
    assert day_rows[today()].childCount() == 3
    assert page._item_of(day_of_three[0].id) is not None
    target_day = monday if today() != monday else monday + dt.timedelta(days=1)
    row = page._item_of(day_of_three[1].id)
    assert row is not None
    drag_onto(qtbot, page, row, day_rows[target_day])
    qtbot.waitUntil(
        lambda: store.require(Visit, day_of_three[1].id).planned_on == target_day, timeout=3000
    )
    settle(qtbot, page)
    assert day_rows_count(page, target_day) == 1
    assert store.require(Visit, day_of_three[1].id).route_order == 1
    assert route(store, today()) == [day_of_three[0].id, day_of_three[2].id]


def headings(page: VisitsPage) -> list[QTreeWidgetItem]:
    """The list's heading rows (areas in the day view, days in the week view)."""
    found = [page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())]
    return [item for item in found if item is not None]


def day_rows_count(page: VisitsPage, day: dt.date) -> int:
    return next((h.childCount() for h in headings(page) if h.data(0, DAY_ROLE) == day), -1)


def drag_onto(
    qtbot: QtBot,
    page: VisitsPage,
    source: QTreeWidgetItem,
    target: QTreeWidgetItem,
    *,
    below: bool = False,
) -> None:
    """Drag one row of the list onto another, as the mouse would deliver it."""
    mime = page.tree.mimeData([source])
    rect = page.tree.visualItemRect(target)
    point = QPoint(rect.center().x(), rect.bottom() - 2 if below else rect.top() + 2)
    viewport = page.tree.viewport()
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, actions, mime, buttons, modifiers)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(point, actions, mime, buttons, modifiers)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted()
    drop = QDropEvent(point.toPointF(), actions, mime, buttons, modifiers)
    QApplication.sendEvent(viewport, drop)
    assert drop.isAccepted()


def test_reorder_by_buttons_and_drag_then_plan_the_route_again_with_undo(
    qtbot: QtBot, window: MainWindow, store: Store, day_of_three: list[Visit]
) -> None:
    page = page_of(window)
    settle(qtbot, page)
    planned = route(store, today())
    select(qtbot, page, planned[2])
    assert page.down_button.isEnabled() is False
    click(qtbot, page.up_button)
    qtbot.waitUntil(lambda: route(store, today())[1] == planned[2], timeout=3000)
    settle(qtbot, page)
    assert page.visit_ids() == [planned[0], planned[2], planned[1]]
    assert page.selected_visit() is not None
    assert page.selected_visit().id == planned[2]  # type: ignore[union-attr]

    # drag the first stop below the last one
    source, target = page._item_of(planned[0]), page._item_of(planned[1])
    assert source is not None and target is not None
    drag_onto(qtbot, page, source, target, below=True)
    qtbot.waitUntil(lambda: route(store, today())[-1] == planned[0], timeout=3000)
    by_hand = route(store, today())
    assert by_hand == [planned[2], planned[1], planned[0]]
    settle(qtbot, page)

    click(qtbot, page.plan_button)
    qtbot.waitUntil(lambda: route(store, today()) == planned, timeout=3000)
    qtbot.waitUntil(window.notice.button.isVisible, timeout=3000)
    click(qtbot, window.notice.button)  # Undo
    qtbot.waitUntil(lambda: route(store, today()) == by_hand, timeout=3000)
    settle(qtbot, page)
    assert page.visit_ids() == by_hand


def test_a_day_nobody_planned_is_shown_in_planned_order(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    made_elsewhere = [  # as sync or the command line would: no route numbers yet
        store.create(
            Visit, customer_id=customer_at(store, place).id, planned_on=today(), purpose="拜访"
        )
        for place in ("福田A", "南山A", "福田B", "南山B")
    ]
    page = page_of(window)
    settle(qtbot, page)
    assert all(store.require(Visit, v.id).route_order == 0 for v in made_elsewhere)
    assert len(headings(page)) == 2  # each district once: no criss-crossing
    assert "Plan route" in page.count.text()
    click(qtbot, page.plan_button)
    qtbot.waitUntil(lambda: len(route(store, today())) == 4, timeout=3000)
    settle(qtbot, page)
    assert page.visit_ids() == route(store, today())


# ---- planning and editing ---------------------------------------------------------------------


def test_plan_a_visit_validates_and_picks_the_customer_and_contact(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    customer = customer_at(store, "福田B", "深圳福田精密仪器有限公司")
    contact = store.create(
        Contact, customer_id=customer.id, name="王芳", title="采购经理", is_primary=True
    )
    page = page_of(window)
    settle(qtbot, page)
    seen: list[VisitDialog] = []

    def enter(dialog: QDialog) -> None:
        assert isinstance(dialog, VisitDialog)
        seen.append(dialog)
        click(qtbot, save_button(dialog))  # nothing filled in yet
        assert dialog.form.error_text("customer_id")
        assert dialog.form.error_text("purpose")
        line = dialog.customer.lineEdit()
        assert line is not None
        type_text(qtbot, line, "精密仪器")
        qtbot.waitUntil(lambda: dialog.customer.count() == 1, timeout=3000)
        dialog.customer.activated.emit(0)
        qtbot.waitUntil(lambda: dialog.contact.value() == contact.id, timeout=3000)
        time = dialog.form.editor("planned_time")
        time.setCurrentText("25:00")  # type: ignore[attr-defined]
        type_text(qtbot, dialog.form.editor("purpose"), "报价沟通")
        click(qtbot, save_button(dialog))
        assert "18:00" in dialog.form.error_text("planned_time")
        time.setCurrentText("14:30")  # type: ignore[attr-defined]
        click(qtbot, save_button(dialog))

    with_next_dialog(enter)
    click(qtbot, page.new_button)
    [dialog] = seen
    assert dialog.saved is not None
    visit = store.require(Visit, dialog.saved.id)
    assert (visit.customer_id, visit.contact_id, visit.planned_on, visit.planned_time) == (
        customer.id,
        contact.id,
        today(),
        "14:30",
    )
    assert (visit.purpose, visit.status, visit.route_order) == ("报价沟通", "planned", 1)
    assert visit.rep_id == store.profile.user_id
    qtbot.waitUntil(lambda: page.detail.visit_id == visit.id, timeout=3000)
    assert "王芳" in page.detail.fact_labels["contact"].text()
    assert "福田区" in page.detail.fact_labels["address"].text()

    # editing it again shows what was chosen (a copy of the record, equal ids)
    again = VisitDialog(window.context, store.require(Visit, visit.id), parent=window)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.contact.value() == contact.id, timeout=3000)
    assert again.customer.value() == customer.id
    assert again.form.values()["planned_time"] == "14:30"


def test_check_in_typed_then_check_out_with_a_follow_up_task(
    qtbot: QtBot, window: MainWindow, store: Store, day_of_three: list[Visit]
) -> None:
    page = page_of(window)
    settle(qtbot, page)
    visit = day_of_three[1]
    select(qtbot, page, visit.id)
    assert page.detail.check_in_button.isVisible()

    def check_in(dialog: QDialog) -> None:
        assert isinstance(dialog, CheckInDialog)
        assert not dialog.locate_button.isEnabled()  # no location service here: type it
        assert "type the address" in dialog.location_status.text()
        address = dialog.form.editor("check_in_address")
        assert text_of(address) == "广东省 深圳市 福田区 深南大道 6008 号"  # the customer's
        assert isinstance(address, QLineEdit)
        address.clear()
        type_text(qtbot, address, "深南大道 6008 号 3 楼前台")
        type_text(qtbot, dialog.form.editor("latitude"), "95")
        click(qtbot, save_button(dialog))
        assert dialog.form.error_text("latitude")  # out of range, shown in place
        dialog.form.editor("latitude").clear()  # type: ignore[attr-defined]
        type_text(qtbot, dialog.form.editor("latitude"), "22.54")
        type_text(qtbot, dialog.form.editor("longitude"), "114.06")
        click(qtbot, save_button(dialog))

    with_next_dialog(check_in)
    click(qtbot, page.detail.check_in_button)
    checked = store.require(Visit, visit.id)
    assert checked.status == "in_progress"
    assert checked.check_in_address == "深南大道 6008 号 3 楼前台"
    assert (checked.latitude, checked.longitude) == (22.54, 114.06)
    assert checked.checked_in_at is not None
    assert abs((utcnow() - checked.checked_in_at).total_seconds()) < 120
    assert route(store, today())[0] == visit.id  # begun first; the rest from here
    qtbot.waitUntil(page.detail.check_out_button.isVisible, timeout=3000)
    assert "深南大道" in page.detail.fact_labels["check_in"].text()

    def check_out(dialog: QDialog) -> None:
        assert isinstance(dialog, CheckOutDialog)
        assert not dialog.follow_up_box.isChecked()
        type_text(qtbot, dialog.form.editor("outcome"), "客户认可方案，关注交期")
        type_text(qtbot, dialog.form.editor("next_step"), "周五前发送正式报价")
        assert dialog.follow_up_box.isChecked()  # a next step suggests a task
        assert text_of(dialog.follow_up_box.form.editor("title")) == "周五前发送正式报价"
        priority = dialog.follow_up_box.form.editor("priority")
        priority.setCurrentIndex(priority.findData("high"))  # type: ignore[attr-defined]
        click(qtbot, save_button(dialog))

    with_next_dialog(check_out)
    click(qtbot, page.detail.check_out_button)
    done = store.require(Visit, visit.id)
    assert (done.status, done.outcome, done.next_step) == (
        "done",
        "客户认可方案，关注交期",
        "周五前发送正式报价",
    )
    assert done.checked_out_at is not None and done.checked_out_at >= checked.checked_in_at
    [task] = store.select(Task)
    assert (task.title, task.visit_id, task.customer_id, task.priority, task.status) == (
        "周五前发送正式报价",
        visit.id,
        visit.customer_id,
        "high",
        "open",
    )
    assert task.due_at is not None and task.due_at > utcnow()
    qtbot.waitUntil(
        lambda: "周五前发送正式报价" in page.detail.fact_labels["tasks"].text(), timeout=3000
    )
    assert "follow-up task" in window.notice.label.text()


def test_check_in_takes_the_position_from_the_location_service(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    day_of_three: list[Visit],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        location, "source_factory", lambda parent: FakeSource(parent, (22.5431, 114.0579))
    )
    page = page_of(window)
    settle(qtbot, page)
    select(qtbot, page, day_of_three[0].id)

    def check_in(dialog: QDialog) -> None:
        assert isinstance(dialog, CheckInDialog)
        assert dialog.locate_button.isEnabled()
        click(qtbot, dialog.locate_button)
        assert "Finding" in dialog.location_status.text()  # returned at once: no waiting
        qtbot.waitUntil(lambda: text_of(dialog.form.editor("latitude")) != "", timeout=3000)
        assert text_of(dialog.form.editor("latitude")) == "22.543100"
        assert text_of(dialog.form.editor("longitude")) == "114.057900"
        assert "25 m" in dialog.location_status.text()
        click(qtbot, save_button(dialog))

    with_next_dialog(check_in)
    click(qtbot, page.detail.check_in_button)
    checked = store.require(Visit, day_of_three[0].id)
    assert (checked.status, checked.latitude, checked.longitude) == (
        "in_progress",
        22.5431,
        114.0579,
    )


def test_a_location_service_that_never_answers_times_out(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    day_of_three: list[Visit],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(location, "source_factory", lambda parent: FakeSource(parent, None))
    visit = store.require(Visit, day_of_three[0].id)
    dialog = CheckInDialog(window.context, visit, customer_address="南山区", parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.finder.timeout_ms = 150
    click(qtbot, dialog.locate_button)
    assert dialog.finder.busy and not dialog.locate_button.isEnabled()
    qtbot.waitUntil(lambda: "seconds" in dialog.location_status.text(), timeout=5000)
    assert "Type the address instead" in dialog.location_status.text()
    assert dialog.locate_button.isEnabled() and not dialog.finder.busy
    click(qtbot, save_button(dialog))  # the typed address is enough
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=3000)
    assert store.require(Visit, visit.id).check_in_address == "南山区"


def test_edit_a_done_visit_and_create_a_follow_up_in_the_same_save(
    qtbot: QtBot, window: MainWindow, store: Store, day_of_three: list[Visit]
) -> None:
    visit = day_of_three[2]
    visit_store.check_in(store, visit.id, at=utcnow() - dt.timedelta(hours=1))
    visit_store.check_out(store, visit.id, at=utcnow(), outcome="已演示")
    page = page_of(window)
    settle(qtbot, page)
    select(qtbot, page, visit.id)

    def edit(dialog: QDialog) -> None:
        assert isinstance(dialog, VisitDialog) and dialog.follow_up_box is not None
        type_text(qtbot, dialog.form.editor("next_step"), "安排技术交流")
        assert dialog.follow_up_box.isChecked()
        click(qtbot, save_button(dialog))

    with_next_dialog(edit)
    click(qtbot, page.detail.edit_button)
    assert store.require(Visit, visit.id).next_step == "安排技术交流"
    [task] = store.select(Task)
    assert (task.title, task.visit_id) == ("安排技术交流", visit.id)


def test_cancel_with_a_reason_and_undo(
    qtbot: QtBot, window: MainWindow, store: Store, day_of_three: list[Visit]
) -> None:
    page = page_of(window)
    settle(qtbot, page)
    visit = day_of_three[0]
    select(qtbot, page, visit.id)

    def reason(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("客户临时出差")
        dialog.accept()

    with_next_dialog(reason)
    click(qtbot, page.detail.cancel_button)
    qtbot.waitUntil(lambda: store.require(Visit, visit.id).status == "cancelled", timeout=3000)
    qtbot.waitUntil(window.notice.button.isVisible, timeout=3000)
    assert [n.text for n in store.require(Visit, visit.id).notes] == ["Cancelled: 客户临时出差"]
    assert visit.id not in route(store, today())
    settle(qtbot, page)
    assert visit.id not in page.visit_ids()  # the default filter hides cancelled visits
    page.status.setCurrentIndex(page.status.findData(""))
    settle(qtbot, page)
    assert page.visit_ids()[-1] == visit.id  # cancelled ones come last
    click(qtbot, window.notice.button)  # Undo
    qtbot.waitUntil(lambda: store.require(Visit, visit.id).status == "planned", timeout=3000)
    assert visit.id in route(store, today())


def test_delete_asks_and_can_be_undone(
    qtbot: QtBot, window: MainWindow, store: Store, day_of_three: list[Visit]
) -> None:
    page = page_of(window)
    settle(qtbot, page)
    visit = day_of_three[1]
    select(qtbot, page, visit.id)
    answer_message_box(QMessageBox.StandardButton.No)
    click(qtbot, page.detail.delete_button)
    assert store.get(Visit, visit.id) is not None
    answer_message_box(QMessageBox.StandardButton.Yes)
    click(qtbot, page.detail.delete_button)
    qtbot.waitUntil(lambda: store.get(Visit, visit.id) is None, timeout=3000)
    qtbot.waitUntil(window.notice.button.isVisible, timeout=3000)
    settle(qtbot, page)
    assert visit.id not in page.visit_ids()
    click(qtbot, window.notice.button)  # Undo
    qtbot.waitUntil(lambda: store.get(Visit, visit.id) is not None, timeout=3000)
    settle(qtbot, page)
    assert visit.id in page.visit_ids()


def test_the_visit_log_is_append_only(
    qtbot: QtBot, window: MainWindow, store: Store, day_of_three: list[Visit]
) -> None:
    page = page_of(window)
    settle(qtbot, page)
    select(qtbot, page, day_of_three[0].id)
    for text in ("到达客户处，等待接待", "见到采购经理"):
        type_text(qtbot, page.detail.log_input, text)
        qtbot.keyClick(page.detail.log_input, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.detail.log_input.text() == "", timeout=3000)
    qtbot.waitUntil(lambda: page.detail.log.count() == 2, timeout=3000)
    assert [n.text for n in store.require(Visit, day_of_three[0].id).notes] == [
        "到达客户处，等待接待",
        "见到采购经理",
    ]
    first = page.detail.log.item(0)
    assert first is not None and "见到采购经理" in first.text()  # newest on top


# ---- photos and files -------------------------------------------------------------------------


class UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url)


def test_attach_a_file_read_it_back_open_it_and_remove_it_with_undo(
    qtbot: QtBot, window: MainWindow, store: Store, day_of_three: list[Visit], tmp_path: Path
) -> None:
    page = page_of(window)
    settle(qtbot, page)
    visit = day_of_three[0]
    select(qtbot, page, visit.id)
    panel = page.detail.attachments
    photo = tmp_path / "门头照片.png"
    content = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    photo.write_bytes(content)

    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(photo))
        dialog.accept()

    with_next_dialog(choose)
    click(qtbot, panel.add_button)
    qtbot.waitUntil(lambda: panel.count() == 1, timeout=3000)
    [stored] = store.select(Attachment)
    assert (stored.visit_id, stored.file_name, stored.mime_type, stored.size) == (
        visit.id,
        "门头照片.png",
        "image/png",
        len(content),
    )
    assert stored.content == content
    assert "(1)" in page.detail.tabs.tabText(0)

    # save a copy back to disk
    panel.select(stored.id)
    copy = tmp_path / "out" / "copy.png"
    copy.parent.mkdir()

    def save_as(dialog: QDialog) -> None:
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(copy))
        dialog.accept()

    with_next_dialog(save_as)
    click(qtbot, panel.save_button)
    qtbot.waitUntil(copy.exists, timeout=3000)
    qtbot.waitUntil(lambda: copy.stat().st_size == len(content), timeout=3000)
    assert copy.read_bytes() == content

    # open it with the system's program (caught here instead)
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")  # type: ignore[arg-type]
    try:
        click(qtbot, panel.open_button)
        qtbot.waitUntil(lambda: len(catcher.opened) == 1, timeout=3000)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    opened = Path(catcher.opened[0].toLocalFile())
    assert opened.name == "门头照片.png" and opened.read_bytes() == content

    # remove, then undo
    click(qtbot, panel.remove_button)
    qtbot.waitUntil(lambda: store.count(Attachment) == 0, timeout=3000)
    qtbot.waitUntil(lambda: panel.count() == 0, timeout=3000)
    qtbot.waitUntil(window.notice.button.isVisible, timeout=3000)
    click(qtbot, window.notice.button)  # Undo
    qtbot.waitUntil(lambda: store.count(Attachment) == 1, timeout=3000)
    qtbot.waitUntil(lambda: panel.count() == 1, timeout=3000)


def test_files_dropped_on_the_panel_are_attached_and_too_large_ones_refused(
    qtbot: QtBot, window: MainWindow, store: Store, day_of_three: list[Visit], tmp_path: Path
) -> None:
    page = page_of(window)
    settle(qtbot, page)
    select(qtbot, page, day_of_three[1].id)
    panel = page.detail.attachments
    notes = tmp_path / "会议纪要.txt"
    notes.write_text("客户关注交期和售后响应时间", encoding="utf-8")
    huge = tmp_path / "现场视频.mp4"
    with huge.open("wb") as handle:
        handle.truncate(MAX_ATTACHMENT_BYTES + 1)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(huge)), QUrl.fromLocalFile(str(notes))])
    point = panel.list.geometry().center()
    actions = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, actions, mime, buttons, modifiers)
    QApplication.sendEvent(panel, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(panel, QDropEvent(point.toPointF(), actions, mime, buttons, modifiers))
    assert "现场视频.mp4" in window.notice.label.text()
    assert "10.0 MB" in window.notice.label.text()  # the limit, in plain words
    qtbot.waitUntil(lambda: panel.count() == 1, timeout=3000)
    [stored] = store.select(Attachment)
    assert stored.file_name == "会议纪要.txt"
    assert stored.content.decode("utf-8") == "客户关注交期和售后响应时间"


# ---- filters and roles ------------------------------------------------------------------------


def test_status_and_rep_filters(
    qtbot: QtBot, window: MainWindow, store: Store, day_of_three: list[Visit]
) -> None:
    other = add_user(store, "李四")
    theirs = plan(store, customer_at(store, "福田B"), today(), rep_id=other, purpose="陪访")
    visit_store.check_in(store, day_of_three[0].id, at=utcnow())
    page = page_of(window)
    settle(qtbot, page)
    qtbot.waitUntil(lambda: find_data(page.rep, other) >= 0, timeout=3000)
    assert theirs.id not in page.visit_ids()
    page.rep.setCurrentIndex(find_data(page.rep, other))
    settle(qtbot, page)
    assert page.visit_ids() == [theirs.id]
    select(qtbot, page, theirs.id)
    assert not page.detail.check_in_button.isEnabled()  # only 李四 can check in there
    page.rep.setCurrentIndex(page.rep.findData("everyone"))
    settle(qtbot, page)
    assert len(page.visit_ids()) == 4
    page.rep.setCurrentIndex(0)
    page.status.setCurrentIndex(page.status.findData("in_progress"))
    settle(qtbot, page)
    assert page.visit_ids() == [day_of_three[0].id]


def test_a_rep_plans_only_their_own_visits(qtbot: QtBot, store: Store) -> None:
    sign_in_as(store, role="rep")
    from salesdesk.ui.app import build_window, make_application

    make_application()
    window = build_window(store)
    qtbot.addWidget(window)
    window.show()
    try:
        plan(store, customer_at(store, "南山A"), today(), "10:00")
        page = page_of(window)
        settle(qtbot, page)
        assert page.rep.isHidden()
        assert len(page.visit_ids()) == 1
        assert [a.key for a in window.areas][:3] == ["today", "customers", "visits"]
    finally:
        window.context.runner.shutdown()
        window.context.bus.close()


def test_open_a_visit_from_elsewhere(
    qtbot: QtBot, window: MainWindow, store: Store, day_of_three: list[Visit]
) -> None:
    later = plan(store, customer_at(store, "福田B"), today() + dt.timedelta(days=9), "16:00")
    window.show_area("customers")
    assert window.open_record("visit", later.id)
    assert window.current_area == "visits"
    page = page_of(window)
    qtbot.waitUntil(lambda: page.detail.visit_id == later.id, timeout=3000)
    assert page.day == later.planned_on
    assert page.visit_ids() == [later.id]


def test_a_hidden_visits_screen_catches_up_when_shown(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = page_of(window)
    settle(qtbot, page)
    assert page.visit_ids() == []
    window.show_area("customers")
    visit = plan(store, customer_at(store, "南山A"), today(), "10:00")
    qtbot.wait(200)
    assert page.visit_ids() == []  # no work for a screen nobody sees
    window.show_area("visits")
    settle(qtbot, page)
    assert page.visit_ids() == [visit.id]
