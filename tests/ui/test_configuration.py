"""The Configuration area driven as a manager: report templates, pipeline stages and the
appraisal weights, with messages next to the fields and every change in the store."""

from __future__ import annotations

import uuid
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from salesdesk.domain.entities import (
    AppraisalConfig,
    Customer,
    Deal,
    PipelineStage,
    ReportTemplate,
)
from salesdesk.store.store import Store
from salesdesk.ui.configuration.page import ConfigurationPage
from salesdesk.ui.main_window import MainWindow
from tests.report_helpers import become
from tests.ui.helpers import answer_message_box, type_text


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def settle(qtbot: QtBot, page: ConfigurationPage) -> None:
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not page.context.runner.busy and not page.busy, timeout=5000)


def open_page(qtbot: QtBot, window: MainWindow, tab: int = 0) -> ConfigurationPage:
    page = window.pages["config"]
    assert isinstance(page, ConfigurationPage)
    window.show_area("config")
    page.tabs.setCurrentIndex(tab)
    settle(qtbot, page)
    return page


def weekly(store: Store) -> ReportTemplate:
    return next(t for t in store.select(ReportTemplate) if t.kind == "weekly" and t.active)


def test_editing_a_template_with_a_message_next_to_the_deadline(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = open_page(qtbot, window)
    tab = page.templates
    template = weekly(store)
    tab.list.setCurrentRow([t.id for t in tab.templates].index(template.id))
    assert tab.name.text() == "周报" and not tab.kind.isEnabled()
    assert tab.weekday.isVisible() and not tab.month_day.isVisible()
    assert tab.weekday.currentText() == "Friday"

    tab.deadline_time.clear()
    type_text(qtbot, tab.deadline_time, "25:00")
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: bool(tab.error_text("deadline_time")), timeout=3000)
    assert tab.error_text("deadline_time") == "A time of day looks like 18:00."
    assert store.require(ReportTemplate, template.id).deadline_time == "18:00"

    tab.deadline_time.clear()
    type_text(qtbot, tab.deadline_time, "17:30")
    tab.weekday.setCurrentIndex(tab.weekday.findData(4))  # Thursday
    tab.figures["tasks_done"].setChecked(False)
    rows_before = tab.sections.table.rowCount()
    click(qtbot, tab.sections.add_button)
    item = tab.sections.table.item(rows_before, 0)
    assert item is not None
    item.setText("竞品价格")
    required = tab.sections.table.item(rows_before, 1)
    assert required is not None
    required.setCheckState(Qt.CheckState.Checked)
    click(qtbot, tab.save_button)
    qtbot.waitUntil(
        lambda: store.require(ReportTemplate, template.id).deadline_time == "17:30", timeout=3000
    )
    settle(qtbot, page)
    saved = store.require(ReportTemplate, template.id)
    assert saved.deadline_day == 4 and "tasks_done" not in saved.figures
    assert saved.sections[-1] == {"key": "section_1", "title": "竞品价格", "required": True}
    assert store.outbox_count() == 1  # synced to the reps with the next sync


def test_a_new_template_needs_a_name_and_a_section(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = open_page(qtbot, window)
    tab = page.templates
    click(qtbot, tab.new_button)
    assert tab.name.text() == "" and tab.kind.isEnabled()
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: bool(tab.error_text("name")), timeout=3000)
    assert tab.error_text("name") == "Please fill this in."
    assert tab.error_text("sections") == "A template needs at least one section."
    type_text(qtbot, tab.name, "月度经营分析")
    tab.kind.setCurrentIndex(tab.kind.findData("monthly"))
    assert tab.month_day.isVisible()
    tab.month_day.setValue(3)
    click(qtbot, tab.sections.add_button)
    row = tab.sections.table.item(0, 0)
    assert row is not None
    row.setText("经营分析")
    click(qtbot, tab.save_button)
    qtbot.waitUntil(
        lambda: any(t.name == "月度经营分析" for t in store.select(ReportTemplate)), timeout=3000
    )
    settle(qtbot, page)
    monthly = [t for t in store.select(ReportTemplate) if t.kind == "monthly"]
    active = [t for t in monthly if t.active]
    assert [t.name for t in active] == ["月度经营分析"]  # the old monthly one was retired
    assert active[0].deadline_day == 3
    texts = [item.text() for i in range(tab.list.count()) if (item := tab.list.item(i))]
    assert any("(inactive)" in text for text in texts)


def stage(store: Store, code: str) -> PipelineStage:
    return next(s for s in store.select(PipelineStage) if s.code == code)


def choose_stage(page: ConfigurationPage, stage_id: uuid.UUID) -> None:
    page.pipeline.list.setCurrentRow([s.id for s in page.pipeline.stages].index(stage_id))


def test_editing_and_reordering_stages(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    page = open_page(qtbot, window, tab=1)
    tab = page.pipeline
    needs = stage(store, "needs")
    choose_stage(page, needs.id)
    assert tab.name.text() == "需求分析" and tab.probability.value() == 40
    tab.name.clear()
    type_text(qtbot, tab.name, "需求调研")
    tab.probability.setValue(35)
    click(qtbot, tab.checklist.add_button)
    new_row = tab.checklist.table.rowCount() - 1
    item = tab.checklist.table.item(new_row, 0)
    assert item is not None
    item.setText("客户签字确认需求")
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: stage(store, "needs").name == "需求调研", timeout=3000)
    settle(qtbot, page)
    saved = stage(store, "needs")
    assert saved.probability == 35
    ids = [item["id"] for item in saved.checklist]
    assert ids[:3] == ["needs-1", "needs-2", "needs-3"] and ids[3].startswith("needs-")

    click(qtbot, tab.up_button)  # before 初步接触
    qtbot.waitUntil(
        lambda: stage(store, "needs").position < stage(store, "contact").position, timeout=3000
    )
    settle(qtbot, page)
    second = tab.list.item(1)
    assert second is not None and second.text().startswith("2. 需求调研")

    # a won stage keeps 100%: choosing Won sets it, and 90% is refused next to the field
    choose_stage(page, stage(store, "won").id)
    tab.probability.setValue(90)
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: bool(tab.error_text("probability")), timeout=3000)
    assert tab.error_text("probability") == "A won stage has probability 100%."


def test_a_used_stage_is_deactivated_not_deleted(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    proposal = stage(store, "proposal")
    customer = store.create(Customer, name="华信科技")
    store.create(Deal, customer_id=customer.id, title="服务器", stage_id=proposal.id)
    page = open_page(qtbot, window, tab=1)
    tab = page.pipeline
    choose_stage(page, proposal.id)
    assert not tab.delete_button.isEnabled()
    assert "1 deals (1 open)" in tab.usage_note.text()
    click(qtbot, tab.active_button)
    qtbot.waitUntil(lambda: bool(tab.error_text("problem")), timeout=3000)
    assert "move them to another stage" in tab.error_text("problem")
    assert stage(store, "proposal").active

    # a new, unused stage can be deleted, and the deletion undone
    click(qtbot, tab.new_button)
    type_text(qtbot, tab.name, "试用")
    click(qtbot, tab.save_button)
    qtbot.waitUntil(
        lambda: any(s.name == "试用" for s in store.select(PipelineStage)), timeout=3000
    )
    settle(qtbot, page)
    trial = next(s for s in store.select(PipelineStage) if s.name == "试用")
    assert tab.current is not None and tab.current.id == trial.id
    assert tab.delete_button.isEnabled()
    answer_message_box(QMessageBox.StandardButton.Yes)
    click(qtbot, tab.delete_button)
    qtbot.waitUntil(lambda: store.get(PipelineStage, trial.id) is None, timeout=3000)
    settle(qtbot, page)
    click(qtbot, window.notice.button)  # Undo
    qtbot.waitUntil(lambda: store.get(PipelineStage, trial.id) is not None, timeout=3000)


def test_appraisal_weights_must_add_up(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    page = open_page(qtbot, window, tab=2)
    tab = page.appraisal
    assert tab.total.text() == "100 of 100"
    tab.weights["revenue"].setValue(50)
    assert tab.total.text() == "90 of 100" and tab.total.property("role") == "error"
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: bool(tab.error_text("weights")), timeout=3000)
    assert tab.error_text("weights") == "The weights must add up to 100."
    assert store.select(AppraisalConfig) == []
    tab.weights["visits"].setValue(30)
    tab.visit_target.setValue(25)
    click(qtbot, tab.save_button)
    qtbot.waitUntil(lambda: len(store.select(AppraisalConfig)) == 1, timeout=3000)
    [config] = store.select(AppraisalConfig)
    assert config.weights == {
        "revenue": "50",
        "visits": "30",
        "report_punctuality": "10",
        "task_completion": "10",
    }
    assert config.visit_target == 25
    settle(qtbot, page)
    click(qtbot, tab.defaults_button)
    assert tab.weights["revenue"].value() == 60 and tab.visit_target.value() == 20
    assert Decimal(tab.weights["visits"].value()) == Decimal(20)


def test_reps_have_no_configuration_area(qtbot: QtBot, store: Store) -> None:
    from salesdesk.ui.app import build_window, make_application

    become(store, "rep")
    make_application()
    main = build_window(store)
    qtbot.addWidget(main)
    try:
        assert "config" not in main.pages and "review" not in main.pages
        assert "targets" in main.pages
    finally:
        main.context.runner.shutdown()
        main.context.bus.close()
