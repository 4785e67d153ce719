"""The Commissions area (提成).

* **Statement** — a rep's commission for a month, quarter or year under the plan assigned to
  them, with every line of the calculation (basis, rate, amount; the cap), the quota and the
  attainment. Reps see their own; managers pick any rep of the team.
* **What if** — "if I win these deals…": tick open deals and/or type an amount; the
  statement before and after and the difference (``commission.what_if``).
* **Plans** and **Assignments** (managers) — the team's plans (validated next to each field)
  and which rep is on which plan from when.

Everything is read and written on the database thread (``store.commissions``); the screen
reloads when a sync or a local change touches deals, customers, targets or plans.
"""

from __future__ import annotations

import dataclasses
import uuid
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain import commission
from salesdesk.domain.entities import CommissionAssignment, CommissionPlan, Deal, User
from salesdesk.store import commissions
from salesdesk.store.store import ChangeSet
from salesdesk.ui import labels, timefmt
from salesdesk.ui.commissions.dialogs import AssignmentDialog, PlanDialog
from salesdesk.ui.context import AppContext
from salesdesk.ui.leaderboard.period import PeriodPicker, period_text

WATCHED = ("deal", "customer", "target", "commission_plan", "commission_assignment", "user")


@dataclasses.dataclass(frozen=True)
class Loaded:
    """What one reload reads: the rep shown, their statement and open deals, the team's plans."""

    rep: uuid.UUID
    statement: commissions.RepStatement
    deals: list[Deal]
    reps: list[User]
    plans: list[CommissionPlan]
    assignments: list[CommissionAssignment]


def signed_money(amount: Decimal) -> str:
    """Money with a leading minus for deductions (the cap line): −¥68,164.00."""
    return "−" + labels.money(-amount) if amount < 0 else labels.money(amount)


def plain(number: Decimal | None) -> str:
    """A rate or a multiplier without trailing zeros: 1.5, 120."""
    return "" if number is None else f"{number.normalize():f}"


def _right(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class StatementView(QWidget):
    """One statement: the inputs, the lines, the total."""

    def __init__(self, parent: QWidget | None = None, *, name: str = "statement") -> None:
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setObjectName(f"{name}_summary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName(f"{name}_lines")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Item"), self.tr("Basis"), self.tr("Rate"), self.tr("Amount")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.warning = QLabel(self)
        self.warning.setObjectName(f"{name}_warning")
        self.warning.setProperty("role", "warning")
        self.warning.setWordWrap(True)
        self.warning.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.warning)

    def line_name(self, line: commission.CommissionLine) -> str:
        if line.key == "base":
            return self.tr("Base rate")
        if line.key == "tier":
            band = (
                self.tr("%1%–%2% of quota")
                .replace("%1", plain(line.from_pct))
                .replace("%2", plain(line.to_pct))
                if line.to_pct is not None
                else self.tr("above %1% of quota").replace("%1", plain(line.from_pct))
            )
            return self.tr("Tier %1 (%2)").replace("%1", str(line.tier)).replace("%2", band)
        if line.key == "accelerator":
            return (
                self.tr("Accelerator ×%1 above %2% of quota")
                .replace("%1", plain(line.multiplier))
                .replace("%2", plain(line.from_pct))
            )
        if line.key == "new_customer_bonus":
            return self.tr("Bonus per new customer")
        if line.key == "cap":
            return self.tr("Cap")
        return line.key

    def show_statement(self, found: commission.Statement | None, message: str = "") -> None:
        if found is None:
            self.summary.setText(message)
            self.table.setRowCount(0)
            self.warning.hide()
            return
        quota = labels.money(found.quota) if found.quota is not None else self.tr("none")
        attainment = f"{found.attainment_pct}%" if found.attainment_pct is not None else "—"
        self.summary.setText(
            self.tr("Revenue %1 · quota %2 · attainment %3 · new customers %4")
            .replace("%1", labels.money(found.revenue))
            .replace("%2", quota)
            .replace("%3", attainment)
            .replace("%4", str(found.new_customers))
        )
        self.table.setRowCount(len(found.lines) + 1)
        for row, line in enumerate(found.lines):
            if line.key == "new_customer_bonus":
                basis = str(int(line.basis))
                rate = labels.money(line.rate) if line.rate is not None else ""
            elif line.key == "cap":
                basis = self.tr("subtotal %1").replace("%1", labels.money(line.basis))
                rate = ""
            else:
                basis = labels.money(line.basis)
                rate = f"{(line.rate or Decimal(0)).normalize():f}%"
            self.table.setItem(row, 0, QTableWidgetItem(self.line_name(line)))
            self.table.setItem(row, 1, _right(basis))
            self.table.setItem(row, 2, _right(rate))
            self.table.setItem(row, 3, _right(signed_money(line.amount)))
        total = len(found.lines)
        self.table.setItem(total, 0, QTableWidgetItem(self.tr("Total")))
        for column in (1, 2):
            self.table.setItem(total, column, QTableWidgetItem(""))
        self.table.setItem(total, 3, _right(labels.money(found.total)))
        font = self.table.font()
        font.setBold(True)
        for column in range(4):
            item = self.table.item(total, column)
            if item is not None:
                item.setFont(font)
        if "no_quota" in found.warnings:
            self.warning.setText(
                self.tr("No revenue target for this period: tiers and the accelerator need one.")
            )
            self.warning.show()
        else:
            self.warning.hide()


class CommissionsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.manager = context.store.profile.is_manager
        self.stale = True
        self.loading = False
        self._generation = 0
        self.statement: commissions.RepStatement | None = None
        self.plans: list[CommissionPlan] = []
        self.reps: list[User] = []
        self.assignments: list[CommissionAssignment] = []

        self.rep = QComboBox(self)
        self.rep.setObjectName("commission_rep")
        self.rep.setMinimumContentsLength(8)
        self.rep.setVisible(self.manager)
        self.picker = PeriodPicker(self, name="commission")
        self.plan_label = QLabel(self)
        self.plan_label.setObjectName("commission_plan")
        self.plan_label.setProperty("role", "muted")
        bar = QHBoxLayout()
        bar.addWidget(self.rep)
        bar.addWidget(self.picker)
        bar.addStretch(1)
        bar.addWidget(self.plan_label)

        self.view = StatementView(self)
        statement_box = QGroupBox(self.tr("Statement"), self)
        QVBoxLayout(statement_box).addWidget(self.view)

        self.deals = QListWidget(self)
        self.deals.setObjectName("what_if_deals")
        self.extra = QLineEdit(self)
        self.extra.setObjectName("what_if_amount")
        self.extra.setPlaceholderText(self.tr("Or another amount, e.g. 50000"))
        self.calculate = QPushButton(self.tr("Calculate"), self)
        self.calculate.setObjectName("what_if_calculate")
        self.result = QLabel(self)
        self.result.setObjectName("what_if_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.after = StatementView(self, name="what_if")
        what_if_box = QGroupBox(self.tr("What if I win…"), self)
        what_if_layout = QVBoxLayout(what_if_box)
        hint = QLabel(self.tr("Tick open deals and/or type an amount won on top:"), self)
        hint.setWordWrap(True)
        what_if_layout.addWidget(hint)
        what_if_layout.addWidget(self.deals, 1)
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.extra, 1)
        amount_row.addWidget(self.calculate)
        what_if_layout.addLayout(amount_row)
        what_if_layout.addWidget(self.result)
        what_if_layout.addWidget(self.after, 2)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(statement_box)
        splitter.addWidget(what_if_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        statements = QWidget(self)
        statements_layout = QVBoxLayout(statements)
        statements_layout.addLayout(bar)
        statements_layout.addWidget(splitter, 1)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("commission_tabs")
        self.tabs.addTab(statements, self.tr("Statements"))
        self.plan_list = QTableWidget(0, 6, self)
        self.assignment_list = QTableWidget(0, 4, self)
        if self.manager:
            self.tabs.addTab(self._plans_tab(), self.tr("Plans"))
            self.tabs.addTab(self._assignments_tab(), self.tr("Assignments"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.rep.currentIndexChanged.connect(lambda _i: self.reload())
        self.picker.sig_changed.connect(lambda _p: self.reload())
        self.calculate.clicked.connect(self.run_what_if)
        self.extra.returnPressed.connect(self.run_what_if)
        context.bus.sig_changed.connect(self._on_changes)

    # ---- manager tabs ------------------------------------------------------------------------
    def _table(self, table: QTableWidget, headers: list[str], name: str) -> None:
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _plans_tab(self) -> QWidget:
        tab = QWidget(self)
        self._table(
            self.plan_list,
            [
                self.tr("Plan"),
                self.tr("Base rate"),
                self.tr("Tiers"),
                self.tr("Accelerator"),
                self.tr("Bonus per new customer"),
                self.tr("Cap"),
            ],
            "plan_list",
        )
        self.new_plan = QPushButton(self.tr("New plan…"), tab)
        self.new_plan.setObjectName("new_plan")
        self.edit_plan = QPushButton(self.tr("Edit…"), tab)
        self.edit_plan.setObjectName("edit_plan")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_plan)
        buttons.addWidget(self.edit_plan)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addLayout(buttons)
        layout.addWidget(self.plan_list, 1)
        self.new_plan.clicked.connect(lambda: self.open_plan(None))
        self.edit_plan.clicked.connect(self._edit_selected_plan)
        self.plan_list.doubleClicked.connect(lambda _i: self._edit_selected_plan())
        return tab

    def _assignments_tab(self) -> QWidget:
        tab = QWidget(self)
        self._table(
            self.assignment_list,
            [self.tr("Sales rep"), self.tr("Plan"), self.tr("From"), self.tr("To")],
            "assignment_list",
        )
        self.new_assignment = QPushButton(self.tr("Assign a plan…"), tab)
        self.new_assignment.setObjectName("new_assignment")
        self.edit_assignment = QPushButton(self.tr("Edit…"), tab)
        self.edit_assignment.setObjectName("edit_assignment")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_assignment)
        buttons.addWidget(self.edit_assignment)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addLayout(buttons)
        layout.addWidget(self.assignment_list, 1)
        self.new_assignment.clicked.connect(lambda: self.open_assignment(None))
        self.edit_assignment.clicked.connect(self._edit_selected_assignment)
        self.assignment_list.doubleClicked.connect(lambda _i: self._edit_selected_assignment())
        return tab

    def open_plan(self, plan: CommissionPlan | None) -> PlanDialog:
        dialog = PlanDialog(self.context, plan, self)
        dialog.open()
        return dialog

    def _edit_selected_plan(self) -> None:
        row = self.plan_list.currentRow()
        if 0 <= row < len(self.plans):
            self.open_plan(self.plans[row])

    def open_assignment(self, assignment: CommissionAssignment | None) -> AssignmentDialog:
        dialog = AssignmentDialog(self.context, self.reps, self.plans, assignment, self)
        dialog.open()
        return dialog

    def _edit_selected_assignment(self) -> None:
        row = self.assignment_list.currentRow()
        if 0 <= row < len(self.assignments):
            self.open_assignment(self.assignments[row])

    # ---- loading -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.reload()

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.touches(*WATCHED):
            self.stale = True
            if self.isVisible():
                self.reload()

    def selected_rep(self) -> uuid.UUID:
        data = self.rep.currentData()
        return data if isinstance(data, uuid.UUID) else self.context.store.profile.user_id

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        self.stale = False
        self.loading = True
        store = self.context.store
        manager = self.manager
        rep, period = self.selected_rep(), self.picker.value()

        def work() -> Loaded:
            users = store.table(User)
            reps = (
                store.select(
                    User,
                    users.c.role == "rep",
                    users.c.active.is_(True),
                    users.c.team_id == store.profile.team_id,
                    order_by=[users.c.display_name, users.c.id],
                )
                if manager
                else []
            )
            chosen = rep
            if manager and reps and all(r.id != rep for r in reps):
                chosen = reps[0].id  # the manager's own line only when the team has no reps
            return Loaded(
                chosen,
                commissions.rep_statement(store, chosen, period),
                commissions.open_deals(store, chosen),
                reps,
                commissions.plans(store),
                commissions.assignments(store) if manager else [],
            )

        def done(result: Loaded) -> None:
            if generation != self._generation:
                return
            self.loading = False
            self.reps, self.plans, self.assignments = (
                result.reps,
                result.plans,
                result.assignments,
            )
            self._fill_reps(result.reps, result.rep)
            self._show(result.statement, result.deals)
            if self.manager:
                self._fill_plans()
                self._fill_assignments()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.loading = False
                self.context.notifier.show_error(str(exc))

        self.context.runner.db(work, done, failed)

    def _fill_reps(self, reps: list[User], current: uuid.UUID) -> None:
        if not self.manager:
            return
        self.rep.blockSignals(True)
        self.rep.clear()
        me = self.context.store.profile
        if not reps:
            self.rep.addItem(me.display_name, me.user_id)
        for user in reps:
            self.rep.addItem(user.display_name, user.id)
        index = next((i for i in range(self.rep.count()) if self.rep.itemData(i) == current), 0)
        self.rep.setCurrentIndex(index)
        self.rep.blockSignals(False)

    def select_rep(self, user_id: uuid.UUID) -> None:
        index = next((i for i in range(self.rep.count()) if self.rep.itemData(i) == user_id), -1)
        if index >= 0:
            self.rep.setCurrentIndex(index)

    def _show(self, found: commissions.RepStatement, deals: list[Deal]) -> None:
        self.statement = found
        period = period_text(self.picker.value())
        if found.plan is not None:
            self.plan_label.setText(
                self.tr("%1 · plan %2").replace("%1", period).replace("%2", found.plan.name)
            )
        else:
            self.plan_label.setText(period)
        if found.problem == "no_plan":
            message = self.tr("No commission plan is assigned for this period.")
            if self.manager:
                message += " " + self.tr("Assign one on the Assignments tab.")
            self.view.show_statement(None, message)
        elif found.problem == "invalid_plan":
            self.view.show_statement(
                None, self.tr("The assigned plan has errors; a manager must correct it.")
            )
        else:
            self.view.show_statement(found.statement)
        self.deals.clear()
        for deal in deals:
            item = QListWidgetItem(f"{deal.title}  {labels.money(deal.amount)}")
            item.setData(Qt.ItemDataRole.UserRole, deal.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.deals.addItem(item)
        self.result.clear()
        self.after.show_statement(None)
        enabled = found.statement is not None
        for widget in (self.deals, self.extra, self.calculate):
            widget.setEnabled(enabled)

    def _fill_plans(self) -> None:
        self.plan_list.setRowCount(len(self.plans))
        for row, plan in enumerate(self.plans):
            tiers = ", ".join(
                f"{t.get('from_pct')}–{t.get('to_pct') if t.get('to_pct') is not None else '∞'}%:"
                f" {t.get('rate')}%"
                for t in plan.tiers
                if isinstance(t, dict)
            )
            accelerator = (
                f"×{plan.accelerator_multiplier.normalize():f} > {plan.accelerator_threshold}%"
                if plan.accelerator_multiplier is not None
                and plan.accelerator_multiplier > 1
                and plan.accelerator_threshold is not None
                else "—"
            )
            name = plan.name if plan.active else self.tr("%1 (inactive)").replace("%1", plan.name)
            cells = (
                name,
                f"{(plan.base_rate or Decimal(0)).normalize():f}%",
                tiers or "—",
                accelerator,
                labels.money(plan.new_customer_bonus) if plan.new_customer_bonus else "—",
                labels.money(plan.cap) if plan.cap is not None else "—",
            )
            for column, text in enumerate(cells):
                self.plan_list.setItem(row, column, QTableWidgetItem(text))

    def _fill_assignments(self) -> None:
        names = {u.id: u.display_name for u in self.reps}
        plans = {p.id: p.name for p in self.plans}
        self.assignment_list.setRowCount(len(self.assignments))
        for row, item in enumerate(self.assignments):
            cells = (
                names.get(item.user_id, "") if item.user_id else "",
                plans.get(item.plan_id, "") if item.plan_id else "",
                timefmt.format_date(item.effective_from) or "—",
                timefmt.format_date(item.effective_to) or self.tr("open"),
            )
            for column, text in enumerate(cells):
                self.assignment_list.setItem(row, column, QTableWidgetItem(text))

    # ---- what if -----------------------------------------------------------------------------
    def checked_deals(self) -> list[uuid.UUID]:
        found = []
        for row in range(self.deals.count()):
            item = self.deals.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(item.data(Qt.ItemDataRole.UserRole))
        return found

    def run_what_if(self) -> None:
        text = self.extra.text().strip().replace(",", "").replace("¥", "")
        try:
            extra = Decimal(text) if text else Decimal(0)
        except InvalidOperation:
            extra = Decimal(-1)
        if not extra.is_finite() or extra < 0:
            self.result.setProperty("role", "error")
            self.result.setText(self.tr("Type an amount in yuan, e.g. 50000."))
            self._repolish(self.result)
            return
        store = self.context.store
        rep, period, deals = self.selected_rep(), self.picker.value(), self.checked_deals()

        def done(found: commission.WhatIf | None) -> None:
            self.result.setProperty("role", "")
            self._repolish(self.result)
            if found is None:
                self.result.setText(self.tr("No commission plan applies."))
                return
            self.result.setText(
                self.tr("Commission %1 → %2: %3 more.")
                .replace("%1", labels.money(found.before.total))
                .replace("%2", labels.money(found.after.total))
                .replace("%3", labels.money(found.difference))
            )
            self.after.show_statement(found.after)

        self.context.runner.db(
            lambda: commissions.what_if(store, rep, period, deals, extra),
            done,
            lambda exc: self.context.notifier.show_error(str(exc)),
        )

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)
