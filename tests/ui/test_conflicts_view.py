"""The conflicts and rejected changes view: see both values as people read them, settle each one.

Conflicts and rejections are made for real: two devices (separate profiles)
edit the same fields against a real server, and an administrator gives a
customer to another rep while the first still adds contacts to it. Each
resolution is checked in the local store and, after a sync, on the server.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from salesdesk.domain.schema import FieldSpec, entity_def
from salesdesk.ui import labels
from salesdesk.ui.sync import messages
from salesdesk.ui.sync.conflicts import ConflictsDialog
from tests.server.conftest import Server
from tests.syncing import conftest as syncing
from tests.syncing.support import Device, server_rows
from tests.ui import sync_helpers
from tests.ui.helpers import answer_message_box
from tests.ui.sync_helpers import open_window, sync_and_wait, wait_status

# Fixtures of the sync tests: servers on loopback, devices, keyrings (tests/syncing/conftest.py).
blank_profile = syncing.blank_profile
devices = syncing.devices
postgres = syncing.postgres
quick_retries = syncing.quick_retries
server = syncing.server
templates = sync_helpers.templates

pytestmark = pytest.mark.gui


def open_view(qtbot: QtBot, window: object) -> ConflictsDialog:
    sync = window.sync  # type: ignore[attr-defined]
    sync.conflicts_action.trigger()
    dialog = sync.conflicts_dialog
    assert isinstance(dialog, ConflictsDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=10_000)
    return dialog


def select_row(qtbot: QtBot, dialog: ConflictsDialog, field_label: str) -> None:
    table = dialog.conflict_table
    for row in range(table.rowCount()):
        item = table.item(row, 1)
        if item is not None and item.text() == field_label:
            table.selectRow(row)
            return
    raise AssertionError(f"no conflict on {field_label}")


def settled(qtbot: QtBot, dialog: ConflictsDialog, rows_before: int, table: object) -> None:
    qtbot.waitUntil(
        lambda: not dialog.loading and table.rowCount() == rows_before - 1,  # type: ignore[attr-defined]
        timeout=10_000,
    )


def first_stage(device: Device) -> uuid.UUID:
    stages = device.store.select("pipeline_stage")
    return min(stages, key=lambda s: s.position).id  # type: ignore[attr-defined]


def test_keep_theirs_and_use_mine(
    qtbot: QtBot, server: Server, devices: Callable[..., Device]
) -> None:
    rep, manager = devices(server, "a1"), devices(server, "ma")
    rep.sync()
    customer = rep.add("customer", name="冲突测试科技有限公司", city="宁波", tier="B")
    deal = rep.add(
        "deal",
        title="年度采购合同",
        customer_id=customer,
        stage_id=first_stage(rep),
        amount="120000",
    )
    rep.sync()
    manager.sync()
    manager.set("customer", customer, tier="A")
    manager.set("deal", deal, amount="150000")
    manager.sync()
    rep.set("customer", customer, tier="C")  # offline, from the same base
    rep.set("deal", deal, amount="99000.50")

    with open_window(qtbot, rep.store) as window:
        dialog = open_view(qtbot, window)
        assert dialog.conflict_table.rowCount() == 0
        assert dialog.conflict_empty.isVisible()
        sync_and_wait(qtbot, window.sync.controller)  # the view refreshes by itself
        qtbot.waitUntil(lambda: dialog.conflict_table.rowCount() == 2, timeout=10_000)
        assert dialog.tabs.tabText(0) == "Conflicts (2)"

        tier = labels.field_label(server_field("customer", "tier"))
        select_row(qtbot, dialog, tier)
        assert dialog.conflict_title.text() == "Customer: 冲突测试科技有限公司"
        assert dialog.conflict_field.text() == f"Field: {tier}"
        assert dialog.theirs_value.text() == labels.choice_label("customer", "tier", "A")
        assert dialog.mine_value.text() == labels.choice_label("customer", "tier", "C")
        assert dialog.theirs_who.text().startswith("Changed by MA on ")
        assert dialog.mine_when.text().startswith("Changed by me on ")
        dialog.keep_theirs.click()
        settled(qtbot, dialog, 2, dialog.conflict_table)
        assert dialog.message.text() == "Their value is kept."
        kept = rep.get("customer", customer)
        assert kept is not None and kept.tier == "A"  # type: ignore[attr-defined]
        assert rep.store.outbox_count() == 0  # keeping theirs sends nothing

        amount = labels.field_label(server_field("deal", "amount"))
        select_row(qtbot, dialog, amount)
        assert dialog.theirs_value.text() == "¥150,000.00"
        assert dialog.mine_value.text() == "¥99,000.50"
        dialog.use_mine.click()
        settled(qtbot, dialog, 1, dialog.conflict_table)
        assert dialog.message.text() == "Your value is saved again; the next sync sends it."
        mine = rep.get("deal", deal)
        assert mine is not None and str(mine.amount) == "99000.50"  # type: ignore[attr-defined]
        assert rep.store.outbox_count() == 1  # a new change
        assert dialog.conflict_empty.isVisible()
        assert dialog.tabs.tabText(0) == "Conflicts (0)"

        sync_and_wait(qtbot, window.sync.controller)
        assert server_rows(server, "deal")[str(deal)]["amount"] == "99000.50"
        assert server_rows(server, "customer")[str(customer)]["tier"] == "A"
        assert window.sync.status_widget.state == "synced"
        assert not window.sync.status_widget.badge.isVisible()
        dialog.close()


def server_field(entity: str, field: str) -> FieldSpec:
    return entity_def(entity).field(field)


def test_rejected_changes_copy_discard_and_create_again(
    qtbot: QtBot, server: Server, devices: Callable[..., Device]
) -> None:
    rep = devices(server, "a2")
    customer = rep.add("customer", name="改派测试贸易有限公司", city="温州")
    rep.sync()
    # the manager gives the customer to another rep while a2 keeps adding contacts to it
    server.cli("reassign", "--from", "a2", "--to", "a1", "--customer", str(customer))
    names = ["王建国", "李秀英", "张伟"]
    for name, mobile in zip(names, ("13912345601", "13912345602", "13912345603"), strict=True):
        rep.add("contact", customer_id=customer, name=name, mobile=mobile, title="采购经理")

    with open_window(qtbot, rep.store) as window:
        sync_and_wait(qtbot, window.sync.controller)
        assert window.sync.status_widget.badge.text() == "3 rejected changes"
        dialog = open_view(qtbot, window)
        dialog.tabs.setCurrentIndex(1)
        table = dialog.rejection_table
        assert table.rowCount() == 3
        assert dialog.tabs.tabText(1) == "Rejected changes (3)"
        reason = messages.rejection_reason("not_in_scope")
        assert {table.item(r, 2).text() for r in range(3)} == {reason}  # type: ignore[union-attr]
        table.selectRow(0)
        rejection = dialog.selected_rejection()
        assert rejection is not None
        assert dialog.rejection_reason.text() == reason
        assert dialog.rejection_title.text().startswith("New record · Contact: ")
        shown = [w.text() for w in dialog.rejection_data_box.findChildren(QLabel) if w.isVisible()]
        assert rejection.title in shown and "采购经理" in shown
        assert dialog.recreate_button.isVisible()  # a refused new record can be made again

        # copy: readable text on the clipboard, and the rejection is closed
        dialog.copy_button.click()
        settled(qtbot, dialog, 3, table)
        copied = QApplication.clipboard().text()
        assert copied.startswith(f"Contact: {rejection.title}\n")
        assert reason in copied and "采购经理" in copied
        assert all(name not in copied for name in names if name != rejection.title)

        # discard, after saying yes
        table.selectRow(0)
        answer_message_box(QMessageBox.StandardButton.Cancel)
        dialog.discard_button.click()
        assert table.rowCount() == 2  # cancelled: nothing happened
        seen: list[str] = []
        answer_message_box(QMessageBox.StandardButton.Discard, seen)
        dialog.discard_button.click()
        settled(qtbot, dialog, 2, table)
        assert seen and "not kept anywhere else" in seen[0]

        # the customer comes back to a2: the last refused contact is created again
        server.cli("reassign", "--from", "a1", "--to", "a2", "--customer", str(customer))
        sync_and_wait(qtbot, window.sync.controller)
        qtbot.waitUntil(lambda: not dialog.loading)
        table.selectRow(0)
        last = dialog.selected_rejection()
        assert last is not None
        dialog.recreate_button.click()
        settled(qtbot, dialog, 1, table)
        assert dialog.rejection_empty.isVisible()
        assert rep.store.outbox_count() == 1
        sync_and_wait(qtbot, window.sync.controller)
        contacts = server_rows(server, "contact").values()
        again = [c for c in contacts if c["name"] == last.title]
        assert len(again) == 1 and again[0]["customer_id"] == str(customer)
        assert again[0]["id"] != str(last.row_id)  # a new record, not the refused one
        wait_status(qtbot, window.sync.controller)
        assert not window.sync.status_widget.badge.isVisible()
        dialog.close()
