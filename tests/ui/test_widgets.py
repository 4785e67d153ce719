"""Shared widgets: pickers, desktop reminders, the entity form."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot

from salesdesk.domain.entities import Contact, Customer, PipelineStage
from salesdesk.domain.schema import ValidationError
from salesdesk.store.store import Store
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.notifications import Reminder
from salesdesk.ui.widgets.form import EntityForm, OptionalDateEdit
from salesdesk.ui.widgets.pickers import CustomerPicker, RecordCombo
from tests.ui.helpers import type_text


def test_customer_picker_searches_and_chooses(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    huawei = store.create(Customer, name="深圳市华为技术有限公司")
    store.create(Contact, customer_id=huawei.id, name="张伟")
    store.create(Customer, name="北京字节跳动科技有限公司")
    picker = CustomerPicker(window.context)
    qtbot.addWidget(picker)
    picker.show()
    line = picker.lineEdit()
    assert line is not None
    type_text(qtbot, line, "张伟")
    qtbot.waitUntil(lambda: picker.count() == 1, timeout=3000)
    assert "深圳市华为技术有限公司" in picker.itemText(0)
    with qtbot.waitSignal(picker.sig_chosen) as chosen:
        picker.activated.emit(0)
    assert chosen.args == [huawei.id] and picker.value() == huawei.id
    picker.set_value(None)
    assert picker.value() is None


def test_record_combo_and_form_with_a_picker(qtbot: QtBot, store: Store) -> None:
    stages = store.select(PipelineStage, order_by=[store.table(PipelineStage).c.position])
    combo = RecordCombo(stages)
    form = EntityForm("deal", ["title", "stage_id", "expected_close"], editors={"stage_id": combo})
    qtbot.addWidget(form)
    form.set_values(
        {"title": "年度采购", "stage_id": stages[2].id, "expected_close": dt.date(2026, 12, 31)}
    )
    values = form.values()
    assert values == {
        "title": "年度采购",
        "stage_id": stages[2].id,
        "expected_close": dt.date(2026, 12, 31),
    }
    date_editor = form.editor("expected_close")
    assert isinstance(date_editor, OptionalDateEdit)
    date_editor.set_value(None)
    assert form.values()["expected_close"] is None
    form.set_values({"title": ""})
    with pytest.raises(ValidationError):
        form.validate(creating=False)
    assert form.error_text("title")  # shown under the field


def test_reminders_are_shown_once_and_fall_back_to_the_status_bar(
    qtbot: QtBot, window: MainWindow
) -> None:
    desktop = window.context.desktop
    assert desktop is not None
    opened: list[str] = []
    reminder = Reminder("任务到期", "回访客户", "task:1", on_open=lambda: opened.append("task"))
    assert desktop.remind(reminder)
    assert not desktop.remind(reminder)  # same key: not again
    if desktop.tray is None:  # offscreen: no tray, so the status bar shows it with an action
        assert "回访客户" in window.notice.label.text()
        window.notice.button.click()
        assert opened == ["task"]


def test_record_combo_finds_an_equal_id_not_only_the_same_object(
    qtbot: QtBot, store: Store
) -> None:
    stages = store.select(PipelineStage)
    combo = RecordCombo(stages, empty="—")
    qtbot.addWidget(combo)
    import uuid as uuid_module

    combo.set_value(uuid_module.UUID(str(stages[3].id)))  # an equal but distinct UUID object
    assert combo.value() == stages[3].id
    combo.set_value(None)
    assert combo.value() is None and combo.currentIndex() == 0
