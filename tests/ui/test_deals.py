"""The Deals screen, driven as a user would: cards dragged between columns (real drag and
drop events carrying the card's mime data), the checklist ticked in the deal window, lost
with a reason, reopen, the funnel — and the store checked after each step."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from salesdesk.domain.entities import Customer, Deal, DealStageChange
from salesdesk.store import deals as queries
from salesdesk.store.store import Store
from salesdesk.ui.app import build_window, make_application
from salesdesk.ui.deals.detail import DealDetailDialog
from salesdesk.ui.deals.editor import DealDialog, LostReasonDialog
from salesdesk.ui.deals.funnel import chart_rows
from salesdesk.ui.deals.page import DealsPage
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.tasks.widgets import index_of
from tests.deals_tasks_helpers import add_user, new_deal, settle, sign_in_as_rep, stages
from tests.ui.helpers import answer_message_box, type_text, with_next_dialog


@pytest.fixture
def window(window: MainWindow) -> Iterator[MainWindow]:
    """The shared main window, quietened after the test (see ``settle``)."""
    yield window
    settle(window)


def page_of(window: MainWindow) -> DealsPage:
    page = window.pages["deals"]
    assert isinstance(page, DealsPage)
    window.show_area("deals")
    return page


def wait_board(qtbot: QtBot, page: DealsPage) -> None:
    """Let change notices arrive, then wait for the columns they reload."""
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not page.loading and not page.context.runner.busy, timeout=5000)


def column_of(page: DealsPage, store: Store, code: str) -> object:
    return page.columns[stages(store)[code].id]


def cards(page: DealsPage, store: Store, code: str) -> list[str]:
    column = page.columns[stages(store)[code].id]
    return [c.deal.title for c in column.model.cards]


def drag_card(page: DealsPage, store: Store, deal_id: uuid.UUID, to_code: str) -> None:
    """Drag a card onto another column: the drag's mime data from the source column's model,
    delivered to the target column's list as enter, move and drop events."""
    source = next(c for c in page.columns.values() if c.model.row_of(deal_id) is not None)
    row = source.model.row_of(deal_id)
    assert row is not None
    mime = source.model.mimeData([source.model.index(row, 0)])
    column = page.columns[stages(store)[to_code].id]
    # An open column's list takes the drop; a collapsed column takes it on its strip (the
    # column is the widget that accepts drops there).
    target = column if column.collapsed else column.list.viewport()
    point = QPoint(target.width() // 2, target.height() - 10)  # enter/move take a QPoint
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    move = Qt.DropAction.MoveAction
    enter = QDragEnterEvent(point, move, mime, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the column refuses the card's mime type"
    QApplication.sendEvent(target, QDragMoveEvent(point, move, mime, buttons, modifiers))
    drop = QDropEvent(point.toPointF(), move, mime, buttons, modifiers)  # a drop, a QPointF
    QApplication.sendEvent(target, drop)
    QApplication.processEvents()  # the board takes up the dropped card once the drop is over


def history(store: Store, deal_id: uuid.UUID) -> list[tuple[str | None, str]]:
    codes = {s.id: s.code for s in stages(store).values()}
    with store.engine.connect() as connection:
        changes = queries.stage_history(connection, deal_id)
    return [
        (codes[c.from_stage_id] if c.from_stage_id else None, codes[c.to_stage_id])  # type: ignore[index]
        for c in changes
    ]


def test_the_board_shows_a_column_per_stage_with_cards_counts_and_alerts(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = page_of(window)
    new_deal(store, "年度采购项目", amount="120000", expected_close=dt.date(2020, 1, 1))
    new_deal(store, "设备升级项目", stage="needs", amount="30000.50")
    wait_board(qtbot, page)
    assert [c.stage.code for c in page.columns.values()] == [
        "lead",
        "contact",
        "needs",
        "proposal",
        "negotiation",
        "won",
        "after_sales",
        "lost",
    ]
    lead = page.columns[stages(store)["lead"].id]
    assert [c.collapsed for c in page.columns.values()] == [False] * 5 + [True] * 3
    assert cards(page, store, "lead") == ["年度采购项目"]
    assert (lead.count.text(), lead.amount.text()) == ("1", "¥120,000.00")
    card = lead.model.card(0)
    assert card.alert is not None and card.alert.close_overdue
    assert cards(page, store, "needs") == ["设备升级项目"]
    assert lead.title.text() == "Lead identified"  # the standard name, translated
    # The won column starts collapsed to a strip; a click opens it, the arrow closes it.
    won = page.columns[stages(store)["won"].id]
    assert won.strip.isVisible() and not won.list.isVisible()
    assert won.strip.text == "Won · 0"
    qtbot.mouseClick(won.strip, Qt.MouseButton.LeftButton)
    assert won.list.isVisible() and won.width() > 100
    qtbot.mouseClick(won.toggle, Qt.MouseButton.LeftButton)
    assert won.collapsed and won.width() < 50


def test_a_drag_is_refused_until_the_required_checklist_is_ticked(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = page_of(window)
    deal = new_deal(store, "服务器采购项目")
    wait_board(qtbot, page)

    drag_card(page, store, deal.id, "contact")
    assert page.banner.isVisible()
    text = page.banner_text.text()
    assert "服务器采购项目" in text
    assert "Confirm the customer's basic information" in text
    assert "Judge how well the needs match" in text
    assert "Record where the customer came from" not in text  # optional: not asked for
    wait_board(qtbot, page)
    assert store.require(Deal, deal.id).stage_id == stages(store)["lead"].id
    assert history(store, deal.id) == [(None, "lead")]
    assert cards(page, store, "lead") == ["服务器采购项目"]

    # "Open checklist" opens the deal; the user ticks one required item: still refused.
    qtbot.mouseClick(page.banner_open, Qt.MouseButton.LeftButton)
    detail = page.details[deal.id]
    qtbot.waitUntil(lambda: "lead-1" in detail.checks, timeout=5000)
    qtbot.mouseClick(detail.checks["lead-1"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.require(Deal, deal.id).checklist_done == ["lead-1"], timeout=5000)
    wait_board(qtbot, page)
    drag_card(page, store, deal.id, "contact")
    assert "Confirm the customer's basic information" not in page.banner_text.text()
    assert "Judge how well the needs match" in page.banner_text.text()
    qtbot.waitUntil(lambda: "lead-2" in detail.checks, timeout=5000)
    qtbot.mouseClick(detail.checks["lead-2"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: sorted(store.require(Deal, deal.id).checklist_done) == ["lead-1", "lead-2"],
        timeout=5000,
    )
    wait_board(qtbot, page)

    drag_card(page, store, deal.id, "contact")
    assert not page.banner.isVisible()
    qtbot.waitUntil(
        lambda: store.require(Deal, deal.id).stage_id == stages(store)["contact"].id,
        timeout=5000,
    )
    moved = store.require(Deal, deal.id)
    assert (moved.status, moved.probability) == ("open", 20)
    assert history(store, deal.id) == [(None, "lead"), ("lead", "contact")]
    change = [c for c in store.select(DealStageChange) if c.from_stage_id is not None]
    assert change[0].changed_by == store.profile.user_id
    assert change[0].changed_at == moved.stage_changed_at
    wait_board(qtbot, page)
    assert cards(page, store, "lead") == []
    assert cards(page, store, "contact") == ["服务器采购项目"]
    # The open deal window follows: the history lists the move, the checklist is the new stage's.
    qtbot.waitUntil(lambda: detail.history.rowCount() == 2, timeout=5000)
    assert "First contact" in detail.checklist_box.title()
    assert set(detail.checks) == {"contact-1", "contact-2", "contact-3"}

    # Moving back needs no checklist.
    drag_card(page, store, deal.id, "lead")
    qtbot.waitUntil(
        lambda: store.require(Deal, deal.id).stage_id == stages(store)["lead"].id, timeout=5000
    )
    assert history(store, deal.id)[-1] == ("contact", "lead")


def test_a_drop_on_the_lost_column_asks_for_the_reason(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = page_of(window)
    deal = new_deal(store, "试点合作项目", stage="proposal")
    wait_board(qtbot, page)
    seen_error: list[str] = []

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, LostReasonDialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no reason yet
        seen_error.append(dialog.error.text() if dialog.error.isVisible() else "")
        line = dialog.reason.lineEdit()
        assert line is not None
        type_text(qtbot, line, "客户选择了竞争对手")
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    with_next_dialog(answer)
    drag_card(page, store, deal.id, "lost")
    qtbot.waitUntil(lambda: store.require(Deal, deal.id).status == "lost", timeout=5000)
    assert seen_error == ["Please give a reason."]
    lost = store.require(Deal, deal.id)
    assert (lost.stage_id, lost.lost_reason, lost.probability) == (
        stages(store)["lost"].id,
        "客户选择了竞争对手",
        0,
    )
    assert lost.closed_on is not None
    assert history(store, deal.id)[-1] == ("proposal", "lost")

    # Cancelling the reason leaves the deal where it was.
    other = new_deal(store, "框架协议项目")
    wait_board(qtbot, page)
    with_next_dialog(lambda dialog: dialog.reject())
    drag_card(page, store, other.id, "lost")
    wait_board(qtbot, page)
    assert store.require(Deal, other.id).status == "open"
    assert history(store, other.id) == [(None, "lead")]


def test_mark_lost_and_reopen_from_the_deal_window(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    page = page_of(window)
    deal = new_deal(store, "二期项目", stage="needs")
    wait_board(qtbot, page)
    detail = page.open_deal(deal.id)
    assert isinstance(detail, DealDetailDialog)
    qtbot.waitUntil(lambda: detail.view is not None, timeout=5000)
    assert detail.lost_button.isVisible() and not detail.reopen_button.isVisible()

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, LostReasonDialog)
        dialog.reason.setCurrentIndex(dialog.reason.findText("Not enough budget"))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    with_next_dialog(answer)
    qtbot.mouseClick(detail.lost_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.require(Deal, deal.id).status == "lost", timeout=5000)
    assert store.require(Deal, deal.id).lost_reason == "Not enough budget"
    qtbot.waitUntil(detail.reopen_button.isVisible, timeout=5000)
    assert detail.fact_labels["lost_reason"].text() == "Not enough budget"

    answer_message_box(QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(detail.reopen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.require(Deal, deal.id).status == "open", timeout=5000)
    reopened = store.require(Deal, deal.id)
    assert (reopened.stage_id, reopened.lost_reason) == (stages(store)["needs"].id, "")
    assert history(store, deal.id)[-2:] == [("needs", "lost"), ("lost", "needs")]
    qtbot.waitUntil(lambda: detail.history.rowCount() == 3, timeout=5000)
    first = detail.history.item(0, 2)
    assert first is not None and first.text() == "Needs analysis"  # newest first


def test_new_deal_edit_and_delete_with_undo(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    huawei = store.create(Customer, name="深圳市华为技术有限公司")
    page = page_of(window)
    wait_board(qtbot, page)

    def enter(dialog: QDialog) -> None:
        assert isinstance(dialog, DealDialog)
        picker = dialog.customer
        assert picker is not None
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert dialog.form.error_text("customer_id") and dialog.form.error_text("title")
        line = picker.lineEdit()
        assert line is not None
        type_text(qtbot, line, "华为")
        qtbot.waitUntil(lambda: picker.count() == 1, timeout=5000)
        picker.activated.emit(0)
        type_text(qtbot, dialog.form.editor("title"), "数据中心建设项目")
        type_text(qtbot, dialog.form.editor("amount"), "880000.5")
        assert dialog.stage is not None
        dialog.stage.setCurrentIndex(index_of(dialog.stage, stages(store)["proposal"].id))
        probability = dialog.form.editor("probability")
        assert probability.value() == 60  # type: ignore[attr-defined]  # follows the stage
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    with_next_dialog(enter)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.count(Deal) == 1, timeout=5000)
    deal = store.select(Deal)[0]
    assert (deal.customer_id, deal.title, deal.amount, deal.probability, deal.status) == (
        huawei.id,
        "数据中心建设项目",
        Decimal("880000.50"),
        60,
        "open",
    )
    assert deal.stage_id == stages(store)["proposal"].id
    assert history(store, deal.id) == [(None, "proposal")]
    wait_board(qtbot, page)
    assert cards(page, store, "proposal") == ["数据中心建设项目"]
    detail = page.details[deal.id]  # the new deal's window opened
    qtbot.waitUntil(lambda: detail.view is not None, timeout=5000)

    def edit(dialog: QDialog) -> None:
        assert isinstance(dialog, DealDialog) and dialog.customer is None  # fixed customer
        amount = dialog.form.editor("amount")
        amount.clear()  # type: ignore[attr-defined]
        type_text(qtbot, amount, "abc")
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert dialog.form.error_text("amount")
        amount.clear()  # type: ignore[attr-defined]
        type_text(qtbot, amount, "900000")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    with_next_dialog(edit)
    qtbot.mouseClick(detail.edit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.require(Deal, deal.id).amount == Decimal(900000), timeout=5000)

    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Yes, seen)
    qtbot.mouseClick(detail.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.get(Deal, deal.id) is None, timeout=5000)
    assert "数据中心建设项目" in seen[0]
    wait_board(qtbot, page)
    assert cards(page, store, "proposal") == []
    qtbot.mouseClick(window.notice.button, Qt.MouseButton.LeftButton)  # Undo
    qtbot.waitUntil(lambda: store.get(Deal, deal.id) is not None, timeout=5000)
    wait_board(qtbot, page)
    assert cards(page, store, "proposal") == ["数据中心建设项目"]


def test_filters_owner_search_and_closed_deals(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    rep = add_user(store, "李娜")
    page = page_of(window)
    huawei = store.create(Customer, name="深圳市华为技术有限公司")
    new_deal(store, "华为项目", customer=huawei)
    new_deal(store, "李娜的项目", owner_id=rep)
    old = new_deal(store, "很久以前输掉的")
    two_months_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=60)
    queries.mark_lost(store, old.id, "价格偏高", now=two_months_ago)
    wait_board(qtbot, page)
    assert sorted(cards(page, store, "lead")) == ["华为项目", "李娜的项目"]
    assert cards(page, store, "lost") == []  # lost two months ago: not recent
    qtbot.mouseClick(page.include_closed, Qt.MouseButton.LeftButton)
    wait_board(qtbot, page)
    assert cards(page, store, "lost") == ["很久以前输掉的"]

    qtbot.waitUntil(lambda: index_of(page.owner, rep) >= 0, timeout=5000)
    page.owner.setCurrentIndex(index_of(page.owner, rep))
    wait_board(qtbot, page)
    assert cards(page, store, "lead") == ["李娜的项目"]
    page.owner.setCurrentIndex(0)
    type_text(qtbot, page.search, "华为")
    qtbot.waitUntil(lambda: page.query.text == "华为", timeout=3000)
    wait_board(qtbot, page)
    assert cards(page, store, "lead") == ["华为项目"]


def test_show_more_loads_the_next_cards(qtbot: QtBot, window: MainWindow, store: Store) -> None:
    customer = store.create(Customer, name="批量客户")
    lead = stages(store)["lead"].id
    rows = [
        {"customer_id": customer.id, "title": f"项目{n:03d}", "amount": n, "stage_id": lead}
        for n in range(queries.PAGE + 5)
    ]
    with store.transaction() as writer:
        writer.create_many(Deal, rows)
    page = page_of(window)
    wait_board(qtbot, page)
    column = page.columns[lead]
    assert (column.model.rowCount(), column.count.text()) == (queries.PAGE, str(queries.PAGE + 5))
    assert column.more.isVisible()
    qtbot.mouseClick(column.more, Qt.MouseButton.LeftButton)
    wait_board(qtbot, page)
    assert column.model.rowCount() == queries.PAGE + 5
    assert not column.more.isVisible()


@pytest.fixture
def rep_window(qtbot: QtBot, store: Store) -> Iterator[MainWindow]:
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


def test_a_rep_cannot_reopen_a_won_deal(qtbot: QtBot, rep_window: MainWindow, store: Store) -> None:
    page = page_of(rep_window)
    assert not page.owner.isVisible()
    deal = new_deal(store, "已签约项目", stage="negotiation")
    for item in ("negotiation-1", "negotiation-3"):
        queries.set_checklist_item(store, deal.id, item, True)
    wait_board(qtbot, page)
    drag_card(page, store, deal.id, "won")
    qtbot.waitUntil(lambda: store.require(Deal, deal.id).status == "won", timeout=5000)
    wait_board(qtbot, page)
    drag_card(page, store, deal.id, "negotiation")
    assert "Only a manager" in page.banner_text.text()
    wait_board(qtbot, page)
    assert store.require(Deal, deal.id).status == "won"


def test_the_funnel_shows_counts_conversion_and_days(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    to = stages(store)
    customer = store.create(Customer, name="漏斗客户")
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=20)
    day = dt.timedelta(days=1)
    # Two deals opened 20 days ago: both spent 3 days as leads; one then 5 days in first
    # contact before it was won, the other is still in first contact.
    deal_rows, change_rows = [], []
    for title, path, amount in (
        ("甲", [("lead", 0), ("contact", 3), ("won", 8)], "1000"),
        ("乙", [("lead", 0), ("contact", 3)], "3000"),
    ):
        deal_id = uuid.uuid4()
        last = to[path[-1][0]]
        deal_rows.append(
            {
                "id": deal_id,
                "created_at": start,
                "customer_id": customer.id,
                "title": title,
                "amount": Decimal(amount),
                "stage_id": last.id,
                "status": last.outcome,
                "stage_changed_at": start + path[-1][1] * day,
            }
        )
        previous = None
        for code, offset in path:
            change_rows.append(
                {
                    "deal_id": deal_id,
                    "from_stage_id": previous,
                    "to_stage_id": to[code].id,
                    "changed_at": start + offset * day,
                }
            )
            previous = to[code].id
    with store.transaction() as writer:
        writer.create_many(Deal, deal_rows)
        writer.create_many(DealStageChange, change_rows)

    page = page_of(window)
    wait_board(qtbot, page)
    qtbot.mouseClick(page.funnel_button, Qt.MouseButton.LeftButton)
    funnel = page.funnel
    funnel.period.setCurrentIndex(funnel.period.findData("last_12_months"))
    qtbot.waitUntil(lambda: not funnel.loading and funnel.figures is not None, timeout=5000)
    qtbot.waitUntil(lambda: not page.context.runner.busy, timeout=5000)

    def row(name: str) -> list[str]:
        for number in range(funnel.table.rowCount()):
            first = funnel.table.item(number, 0)
            if first is not None and first.text() == name:
                cells = [funnel.table.item(number, c) for c in range(funnel.table.columnCount())]
                return [c.text() if c is not None else "" for c in cells]
        raise AssertionError(name)

    # stage, deals now, amount now, weighted, reached, to next, average days
    lead = ["Lead identified", "0", "¥0.00", "¥0.00", "2", "100.0%", "3.0"]
    assert row("Lead identified") == lead
    assert row("First contact")[1:2] + row("First contact")[4:] == ["1", "2", "50.0%", "5.0"]
    assert row("First contact")[2] == "¥3,000.00"
    assert row("Won")[1:3] + row("Won")[4:6] == ["1", "¥1,000.00", "1", "0.0%"]
    assert row("Lost")[1] == "0"
    assert "2 deals" in funnel.summary.text() and "1 won" in funnel.summary.text()
    assert funnel.figures is not None
    reached = [(r.name, r.reached) for r in chart_rows(funnel.figures)]
    assert reached[:3] == [("Lead identified", 2), ("First contact", 2), ("Needs analysis", 1)]
    assert funnel.chart.rows == chart_rows(funnel.figures)


def test_a_task_for_the_deal_from_its_window(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    from salesdesk.domain.entities import Task
    from salesdesk.ui.tasks.editor import TaskDialog

    page = page_of(window)
    deal = new_deal(store, "系统建设项目")
    wait_board(qtbot, page)
    detail = page.open_deal(deal.id)
    qtbot.waitUntil(lambda: detail.view is not None, timeout=5000)

    def enter(dialog: QDialog) -> None:
        assert isinstance(dialog, TaskDialog)
        assert dialog.customer.value() == deal.customer_id
        qtbot.waitUntil(lambda: not dialog.deal.loading, timeout=5000)
        assert dialog.deal.value() == deal.id
        type_text(qtbot, dialog.form.editor("title"), "约客户演示")
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    with_next_dialog(enter)
    qtbot.mouseClick(detail.task_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: store.count(Task) == 1, timeout=5000)
    task = store.select(Task)[0]
    assert (task.title, task.customer_id, task.deal_id) == ("约客户演示", deal.customer_id, deal.id)
