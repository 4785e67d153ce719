"""The Commissions screen: a manager writes a plan (errors next to the fields), assigns it,
reads a rep's statement line by line and asks "what if they win this deal"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from salesdesk.domain.entities import CommissionAssignment, CommissionPlan, Deal
from salesdesk.domain.periods import Period
from salesdesk.store import commissions
from salesdesk.store.store import Store
from salesdesk.ui.commissions.dialogs import AssignmentDialog, PlanDialog
from salesdesk.ui.commissions.page import CommissionsPage
from salesdesk.ui.main_window import MainWindow
from tests.test_store_figures import add_people, sell, target


def page_of(window: MainWindow) -> CommissionsPage:
    page = window.pages["commissions"]
    assert isinstance(page, CommissionsPage)
    return page


def wait_loaded(qtbot: QtBot, page: CommissionsPage) -> None:
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not page.loading and not page.context.runner.busy, timeout=5000)


def lines(page: CommissionsPage) -> list[tuple[str, str]]:
    table = page.view.table
    return [
        (table.item(r, 0).text(), table.item(r, 3).text())  # type: ignore[union-attr]
        for r in range(table.rowCount())
    ]


def test_a_manager_writes_a_plan_assigns_it_and_reads_the_statement(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    (zhang,) = add_people(store, "张伟")
    sell(store, zhang, "80000", "40000")
    target(store, zhang, "100000")
    window.show_area("commissions")
    page = page_of(window)
    page.picker.set_value(Period.parse("2026-11"))
    wait_loaded(qtbot, page)
    assert "No commission plan" in page.view.summary.text()

    # A new plan whose first tier does not start at 0%: refused next to the tiers.
    page.tabs.setCurrentIndex(1)
    page.new_plan.click()
    dialog = page.findChild(PlanDialog)
    assert isinstance(dialog, PlanDialog)
    name = dialog.form.editor("name")
    assert isinstance(name, QLineEdit)
    qtbot.keyClicks(name, "Standard")
    base = dialog.form.editor("base_rate")
    assert isinstance(base, QLineEdit)
    base.clear()
    qtbot.keyClicks(base, "1")
    dialog.tiers.set_row(0, "10", "", "4")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.tiers.error.isVisibleTo(dialog), timeout=5000)
    assert dialog.tiers.error.text() == "Tier 1: the first tier starts at 0%"
    assert commissions.plans(store) == []

    dialog.tiers.set_row(0, "0", "100", "2")
    dialog.tiers.add_tier()
    dialog.tiers.set_row(1, "100", "", "4")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    (plan,) = store.select(CommissionPlan)
    assert plan.tiers == [
        {"from_pct": 0, "to_pct": 100, "rate": 2},
        {"from_pct": 100, "to_pct": None, "rate": 4},
    ]
    wait_loaded(qtbot, page)
    assert page.plan_list.item(0, 0).text() == "Standard"  # type: ignore[union-attr]

    # Assign it to the rep from the start of the year.
    page.tabs.setCurrentIndex(2)
    page.new_assignment.click()
    assign = page.findChild(AssignmentDialog)
    assert isinstance(assign, AssignmentDialog)
    assign.rep.set_value(zhang)
    assign.plan.set_value(plan.id)
    assign.form.editor("effective_from").set_value(dt.date(2026, 1, 1))  # type: ignore[attr-defined]
    assign.buttons.button(assign.buttons.StandardButton.Save).click()
    qtbot.waitUntil(lambda: assign.saved is not None, timeout=5000)
    assert store.select(CommissionAssignment)[0].user_id == zhang

    # The statement, line by line.
    page.tabs.setCurrentIndex(0)
    wait_loaded(qtbot, page)
    assert lines(page) == [
        ("Base rate", "¥1,200.00"),
        ("Tier 1 (0%–100% of quota)", "¥2,000.00"),
        ("Tier 2 (above 100% of quota)", "¥800.00"),
        ("Total", "¥4,000.00"),
    ]
    assert "attainment 120.00%" in page.view.summary.text()

    # What if he wins the open deal (10,000, above quota: 1% + 4%) and 5,000 more?
    with store.transaction() as writer:
        stage = next(s for s in store.select("pipeline_stage") if s.outcome == "open")  # type: ignore[attr-defined]
        customer = store.select("customer")[0]
        writer.create(
            "deal",
            {
                "customer_id": customer.id,
                "title": "扩容项目",
                "amount": Decimal("10000"),
                "stage_id": stage.id,
                "owner_id": zhang,
            },
        )
    wait_loaded(qtbot, page)
    assert page.deals.count() == 1 and store.select(Deal)
    page.deals.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.keyClicks(page.extra, "5000")
    page.calculate.click()
    qtbot.waitUntil(lambda: "more" in page.result.text(), timeout=5000)
    assert page.result.text() == "Commission ¥4,000.00 → ¥4,750.00: ¥750.00 more."

    page.extra.setText("lots")
    page.calculate.click()
    assert page.result.text() == "Type an amount in yuan, e.g. 50000."
