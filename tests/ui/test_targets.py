"""The Targets area driven as a manager and as a rep: new targets (SMART messages next to the
fields), splitting to reps, progress with the expected-to-date tick, delete with Undo, the
appraisal scorecard."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from salesdesk.domain.entities import Customer, Deal, PipelineStage, Target
from salesdesk.domain.periods import Period
from salesdesk.store import targets as queries
from salesdesk.store.store import Store
from salesdesk.store.team import team_reps
from salesdesk.ui.app import build_window, make_application
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.targets.dialogs import SplitDialog, TargetDialog
from salesdesk.ui.targets.page import COLUMNS, TargetsPage
from salesdesk.ui.targets.progress import ProgressBar
from tests.report_helpers import add_user, become, local_at
from tests.ui.helpers import answer_message_box, type_text, with_next_dialog

NOVEMBER = Period.parse("2026-11")
DAY = dt.date(2026, 11, 15)  # half of November has gone: 50% is expected


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def settle(qtbot: QtBot, page: TargetsPage) -> None:
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not page.context.runner.busy and not page.busy, timeout=5000)


def open_page(qtbot: QtBot, window: MainWindow) -> TargetsPage:
    page = window.pages["targets"]
    assert isinstance(page, TargetsPage)
    page.tz = page.bar.tz
    now = local_at(DAY, 12, page.tz)
    page.clock = lambda: now
    page.bar.set_period(NOVEMBER)
    window.show_area("targets")
    page.reload()
    settle(qtbot, page)
    return page


def won(store: Store, owner: uuid.UUID, amount: str, day: int) -> None:
    stage = next(s for s in store.select(PipelineStage) if s.code == "won")
    customer = store.create(Customer, name=f"客户{uuid.uuid4().hex[:6]}", owner_id=owner)
    store.create(
        Deal,
        customer_id=customer.id,
        title="成交",
        stage_id=stage.id,
        status="won",
        amount=Decimal(amount),
        closed_on=dt.date(2026, 11, day),
        owner_id=owner,
    )


@pytest.fixture
def reps(store: Store) -> list[uuid.UUID]:
    return [add_user(store, name) for name in ("张伟", "李娜")]


def rows(page: TargetsPage) -> dict[str, tuple[str, ...]]:
    """Each row's texts by its first column (team rows and reps)."""
    found = {}
    tree = page.targets.tree
    for number in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(number)
        assert top is not None
        items = [top, *(top.child(i) for i in range(top.childCount()))]
        for item in items:
            assert item is not None
            found[item.text(0)] = tuple(item.text(c) for c in range(len(COLUMNS)))
    return found


def bar_of(page: TargetsPage, target_id: uuid.UUID) -> ProgressBar:
    bar = page.targets.tree.findChild(ProgressBar, f"progress_{target_id}")
    assert bar is not None
    return bar


def test_a_new_target_is_checked_next_to_its_fields(
    qtbot: QtBot, window: MainWindow, store: Store, reps: list[uuid.UUID]
) -> None:
    page = open_page(qtbot, window)
    dialog = TargetDialog(window.context, team_reps(store), NOVEMBER, parent=page)
    qtbot.addWidget(dialog)
    dialog.show()
    value = dialog.form.editor("value")
    assert isinstance(value, QLineEdit)
    type_text(qtbot, value, "0")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    click(qtbot, save)
    qtbot.waitUntil(lambda: bool(dialog.form.error_text("value")), timeout=3000)
    assert dialog.form.error_text("value") == "A target needs a value above 0."
    assert dialog.result() == 0 and store.select(Target) == []

    value.clear()
    type_text(qtbot, value, "90000")
    period = dialog.form.editor("period")
    assert isinstance(period, QLineEdit) and period.text() == "2026-11"
    period.clear()
    type_text(qtbot, period, "2026-W46")
    click(qtbot, save)
    qtbot.waitUntil(lambda: bool(dialog.form.error_text("period")), timeout=3000)
    assert "2026-Q4" in dialog.form.error_text("period")

    period.clear()
    type_text(qtbot, period, "2026-11")
    description = dialog.form.editor("description")
    type_text(qtbot, description, "第四季度冲刺")
    click(qtbot, save)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=3000)
    [target] = store.select(Target)
    assert (target.kpi, target.period, target.value, target.user_id) == (
        "revenue",
        "2026-11",
        Decimal("90000.00"),
        None,
    )
    assert target.description == "第四季度冲刺" and target.split_method == "none"


def test_a_target_through_the_page_and_a_manual_split(
    qtbot: QtBot, window: MainWindow, store: Store, reps: list[uuid.UUID]
) -> None:
    page = open_page(qtbot, window)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, TargetDialog)
        value = dialog.form.editor("value")
        assert isinstance(value, QLineEdit)
        type_text(qtbot, value, "100000")
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))

    with_next_dialog(fill)
    click(qtbot, page.targets.new_button)
    qtbot.waitUntil(lambda: len(store.select(Target)) == 1, timeout=5000)
    settle(qtbot, page)
    [team] = store.select(Target)
    assert "Revenue · team" in rows(page)
    assert page.targets.split_button.isEnabled()

    split = queries.split_context(store, team.id, tz=page.tz)
    dialog = SplitDialog(window.context, split, page)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [e.text() for e in dialog.part_edits] == ["50000.00", "50000.00"]  # equal at first
    click(qtbot, dialog.method_buttons["manual"])
    for edit, text in zip(dialog.part_edits, ("60000", "30000"), strict=True):
        edit.clear()
        type_text(qtbot, edit, text)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.error.text() == "The parts are ¥10,000.00 less than the team target."
    assert not save.isEnabled()
    dialog.part_edits[1].clear()
    type_text(qtbot, dialog.part_edits[1], "40000")
    assert save.isEnabled() and dialog.error.isHidden()
    assert "¥100,000.00 of the team target ¥100,000.00" in dialog.total.text()
    click(qtbot, save)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=3000)
    parts = queries.split_context(store, team.id).parts
    assert sorted(parts.values()) == [Decimal("40000.00"), Decimal("60000.00")]
    settle(qtbot, page)
    assert set(rows(page)) == {"Revenue · team", "张伟", "李娜"}


def test_progress_on_track_and_off_track_with_the_expected_tick(
    qtbot: QtBot, window: MainWindow, store: Store, reps: list[uuid.UUID]
) -> None:
    zhang, li = reps
    team = queries.save_target(store, {"kpi": "revenue", "period": "2026-11", "value": "60000"})
    queries.split_team_target(store, team.id, "equal")  # 30,000 each, 15,000 due by the 15th
    won(store, zhang, "14000.00", 3)  # 6.7% behind the line: on track
    won(store, li, "13500.00", 10)  # 10% behind: off track
    page = open_page(qtbot, window)
    table = rows(page)
    assert table["张伟"][COLUMNS.index("status")] == "On track"
    assert table["李娜"][COLUMNS.index("status")] == "Off track"
    assert table["李娜"][COLUMNS.index("expected")] == "¥15,000.00"
    assert table["李娜"][COLUMNS.index("attainment")] == "45.0%"
    assert table["Revenue · team"][COLUMNS.index("actual")] == "¥27,500.00"
    parts = {p.user_id: p for p in store.select(Target) if p.user_id}
    bar = bar_of(page, parts[li].id)
    assert bar.expected_at == pytest.approx(0.5)
    assert bar.filled == pytest.approx(0.45)
    assert bar.colour.name() == "#d93025"  # off track: the error colour
    assert bar_of(page, parts[zhang].id).colour.name() == "#1e8e3e"
    assert "45.0%" in bar.toolTip() and "50.0%" in bar.toolTip()
    # a later sale moves 李娜 on track: the view refreshes itself
    won(store, li, "1000.00", 12)
    qtbot.waitUntil(lambda: rows(page)["李娜"][COLUMNS.index("status")] == "On track", timeout=5000)


def test_delete_asks_and_can_be_undone(
    qtbot: QtBot, window: MainWindow, store: Store, reps: list[uuid.UUID]
) -> None:
    team = queries.save_target(store, {"kpi": "visits", "period": "2026-11", "value": "40"})
    queries.split_team_target(store, team.id, "equal")
    page = open_page(qtbot, window)
    assert page.targets.chosen_line() is not None
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Yes, seen)
    click(qtbot, page.targets.delete_button)
    qtbot.waitUntil(lambda: store.select(Target) == [], timeout=3000)
    assert "2 parts" in seen[0]
    settle(qtbot, page)
    assert rows(page) == {}
    assert window.notice.button.isVisible()
    click(qtbot, window.notice.button)  # Undo
    qtbot.waitUntil(lambda: len(store.select(Target)) == 3, timeout=3000)
    settle(qtbot, page)
    assert set(rows(page)) == {"Visits · team", "张伟", "李娜"}


def test_the_appraisal_tab(
    qtbot: QtBot, window: MainWindow, store: Store, reps: list[uuid.UUID]
) -> None:
    zhang, _li = reps
    queries.save_target(
        store, {"kpi": "revenue", "period": "2026-11", "value": "20000", "user_id": zhang}
    )
    won(store, zhang, "15000.00", 5)
    page = open_page(qtbot, window)
    page.tabs.setCurrentWidget(page.appraisal)
    settle(qtbot, page)
    table = page.appraisal.team
    names = [table.item(r, 0).text() for r in range(table.rowCount())]  # type: ignore[union-attr]
    assert names == ["张伟", "李娜"]
    revenue = table.item(0, 1)
    assert revenue is not None and revenue.text() == "75.0"
    assert page.appraisal.card_title.text() == "Scorecard of 张伟"
    card = page.appraisal.card
    assert card.item(0, 2).text() == "¥15,000.00"  # type: ignore[union-attr]
    # no task was due: task completion is not judged, its weight goes to the others
    assert card.item(0, 5).text() == "60 → 66.7"  # type: ignore[union-attr]
    assert card.item(3, 4).text() == "not judged"  # type: ignore[union-attr]
    assert "Default weights" in page.appraisal.note.text()
    assert "points" in page.appraisal.card_total.text()
    table.selectRow(1)
    assert page.appraisal.card_title.text() == "Scorecard of 李娜"


@pytest.fixture
def rep_window(qtbot: QtBot, store: Store) -> Iterator[tuple[MainWindow, uuid.UUID]]:
    zhang, li = add_user(store, "张伟"), add_user(store, "李娜")
    team = queries.save_target(store, {"kpi": "revenue", "period": "2026-11", "value": "50000"})
    queries.split_team_target(store, team.id, "equal")
    queries.save_target(store, {"kpi": "visits", "period": "2026-11", "value": "30", "user_id": li})
    become(store, "rep", zhang, "张伟")
    make_application()
    main = build_window(store)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    yield main, zhang
    main.context.runner.shutdown()
    main.context.bus.close()


def test_a_rep_sees_the_team_target_and_their_own_part_only(
    qtbot: QtBot, rep_window: tuple[MainWindow, uuid.UUID], store: Store
) -> None:
    window, _zhang = rep_window
    assert "review" not in window.pages and "config" not in window.pages
    page = open_page(qtbot, window)
    assert set(rows(page)) == {"Revenue · team", "张伟"}  # not 李娜's part nor her target
    assert page.tabs.count() == 1  # no appraisal tab
    buttons = [page.targets.new_button, page.targets.split_button, page.targets.delete_button]
    assert not any(b.isVisible() for b in buttons)
    assert "next sync" in page.targets.note.text()  # no team figures from the server yet
    assert isinstance(page.targets.new_button, QPushButton)
