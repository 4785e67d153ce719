"""The recycle bin, opened from the File menu: restore a deleted customer with its contacts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from salesdesk.domain.entities import Contact, Customer, Task
from salesdesk.store.store import Store
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.recycle_bin import RecycleBinDialog
from tests.ui.helpers import with_next_dialog


def bin_action(window: MainWindow) -> QAction:
    for action in window.findChildren(QAction):
        if "Recycle bin" in action.text():
            return action
    raise AssertionError("no Recycle bin menu entry")


def open_bin(qtbot: QtBot, window: MainWindow) -> RecycleBinDialog:
    dialog = RecycleBinDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=3000)
    return dialog


def rows(dialog: RecycleBinDialog) -> list[tuple[str, ...]]:
    found = []
    for row in range(dialog.table.rowCount()):
        cells = [dialog.table.item(row, column) for column in range(5)]
        found.append(tuple(cell.text() if cell is not None else "" for cell in cells))
    return found


def test_restoring_a_deleted_customer_brings_its_contacts_back(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    customer = store.create(Customer, name="成都天府软件有限公司")
    contacts = [store.create(Contact, customer_id=customer.id, name=n) for n in ("张伟", "李娜")]
    removed_first = store.create(Contact, customer_id=customer.id, name="王芳")
    store.delete(Contact, removed_first.id)  # deleted on its own, before the customer
    store.delete(Customer, customer.id)

    dialog = open_bin(qtbot, window)
    assert "cannot be emptied" in dialog.explanation.text()
    assert rows(dialog)[0][:2] == ("Customer", "成都天府软件有限公司")
    assert rows(dialog)[0][4] == "2 more"  # its two contacts went with it
    assert rows(dialog)[1][:3] == ("Contact", "王芳", "成都天府软件有限公司 (deleted)")

    dialog.table.selectRow(1)  # the contact on its own: refused while its customer is deleted
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.message.isVisible, timeout=3000)
    assert "Restore the record it belongs to first" in dialog.message.text()
    assert "成都天府软件有限公司" in dialog.message.text()
    assert store.get(Contact, removed_first.id) is None

    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.get(Customer, customer.id) is not None, timeout=3000)
    assert all(store.get(Contact, c.id) is not None for c in contacts)
    assert store.get(Contact, removed_first.id) is None  # not deleted with it: stays deleted
    qtbot.waitUntil(lambda: len(rows(dialog)) == 1, timeout=3000)
    assert rows(dialog)[0][2] == "成都天府软件有限公司"  # its customer is back
    assert "restored" in dialog.message.text()


def test_filter_by_type_and_open_from_the_file_menu(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    task = store.create(Task, title="回访客户")
    store.delete(Task, task.id)
    customer = store.create(Customer, name="青岛海川物流有限公司")
    store.delete(Customer, customer.id)
    seen: list[list[tuple[str, ...]]] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, RecycleBinDialog)
        qtbot.waitUntil(lambda: not dialog.loading and dialog.table.rowCount() == 2)
        dialog.type_filter.setCurrentIndex(dialog.type_filter.findData("task"))
        qtbot.waitUntil(lambda: not dialog.loading and dialog.table.rowCount() == 1)
        seen.append(rows(dialog))
        dialog.table.selectRow(0)
        dialog.restore_selected()
        qtbot.waitUntil(lambda: store.get(Task, task.id) is not None, timeout=3000)
        dialog.reject()

    with_next_dialog(look)
    bin_action(window).trigger()
    assert seen and seen[0][0][:2] == ("Task", "回访客户")
    assert store.get(Customer, customer.id) is None
