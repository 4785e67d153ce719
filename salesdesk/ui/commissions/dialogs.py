"""Editing commission plans (flat rate, tiers, accelerator, new-customer bonus, cap) and
assigning them to reps with effective dates. Every rule is checked before saving and each
problem is shown next to its field; saving runs on the database thread."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import CommissionAssignment, CommissionPlan, User
from salesdesk.domain.schema import FieldError, ValidationError
from salesdesk.store import commissions
from salesdesk.ui import labels
from salesdesk.ui.context import AppContext
from salesdesk.ui.widgets.form import EntityForm
from salesdesk.ui.widgets.pickers import RecordCombo

PLAN_FIELDS = (
    "name",
    "base_rate",
    "accelerator_threshold",
    "accelerator_multiplier",
    "new_customer_bonus",
    "cap",
    "active",
)


class TiersEditor(QWidget):
    """The tier bands: from % and to % of quota (empty: no upper limit) and the rate in %."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("tiers_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("From % of quota"), self.tr("To % (empty: no limit)"), self.tr("Rate %")]
        )
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(110)
        self.add_button = QPushButton(self.tr("Add tier"), self)
        self.add_button.setObjectName("add_tier")
        self.remove_button = QPushButton(self.tr("Remove tier"), self)
        self.remove_button.setObjectName("remove_tier")
        self.error = QLabel(self)
        self.error.setObjectName("error_tiers")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.add_button.clicked.connect(self.add_tier)
        self.remove_button.clicked.connect(self._remove_selected)

    def add_tier(self) -> None:
        """A new band starting where the last one ends."""
        rows = self.table.rowCount()
        start = ""
        if rows:
            last = self.table.item(rows - 1, 1)
            start = last.text() if last is not None else ""
        self.set_row(rows, start or "0", "", "")
        self.table.setCurrentCell(rows, 1)

    def set_row(self, row: int, start: str, end: str, rate: str) -> None:
        if row >= self.table.rowCount():
            self.table.setRowCount(row + 1)
        for column, text in enumerate((start, end, rate)):
            self.table.setItem(row, column, QTableWidgetItem(text))

    def _remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def set_tiers(self, tiers: Sequence[dict[str, Any]]) -> None:
        self.table.setRowCount(0)
        for row, tier in enumerate(tiers):
            end = tier.get("to_pct")
            self.set_row(
                row,
                str(tier.get("from_pct", "")),
                "" if end is None else str(end),
                str(tier.get("rate", "")),
            )

    def tiers(self) -> list[dict[str, Any]]:
        """The bands as the plan stores them (numbers as text are kept for the checks)."""
        found = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in range(3)]
            texts = [cell.text().strip() if cell is not None else "" for cell in cells]
            found.append(
                {
                    "from_pct": _number(texts[0]),
                    "to_pct": _number(texts[1]) if texts[1] else None,
                    "rate": _number(texts[2]),
                }
            )
        return found

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


def _number(text: str) -> Any:
    """A number typed in a cell: a JSON number when it is one, else the text (refused later)."""
    try:
        value = Decimal(text.replace("%", "").strip())
    except InvalidOperation:
        return text
    return int(value) if value == value.to_integral_value() else float(value)


class PlanDialog(QDialog):
    """A new or changed commission plan."""

    def __init__(
        self, context: AppContext, plan: CommissionPlan | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.plan = plan
        self.saved: CommissionPlan | None = None
        self.setWindowTitle(self.tr("Commission plan") if plan else self.tr("New commission plan"))
        self.form = EntityForm("commission_plan", PLAN_FIELDS, self)
        self.tiers = TiersEditor(self)
        self.help = QLabel(
            self.tr(
                "Rates are percent. Tier rates apply to the revenue inside each band of quota "
                "attainment (like tax brackets) and add to the base rate; the last tier has no "
                "upper limit. Revenue above the accelerator's attainment earns its rate times "
                "the multiplier. The cap is the most one statement pays."
            ),
            self,
        )
        self.help.setWordWrap(True)
        self.help.setProperty("role", "muted")
        self.problem = QLabel(self)
        self.problem.setObjectName("plan_problem")
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        tiers_title = QLabel(labels.field_label(CommissionPlan.definition.field("tiers")), self)
        tiers_title.setProperty("role", "heading")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(tiers_title)
        layout.addWidget(self.tiers)
        layout.addWidget(self.help)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        if plan is not None:
            self.form.set_values(plan.values())
            self.tiers.set_tiers(plan.tiers)
        else:
            self.form.set_values(
                {
                    "active": True,
                    "base_rate": Decimal("0"),
                    "accelerator_threshold": Decimal("100"),
                    "accelerator_multiplier": Decimal("1"),
                    "new_customer_bonus": Decimal("0"),
                }
            )
        self.resize(560, 640)

    def values(self) -> dict[str, Any]:
        return {**self.form.values(), "tiers": self.tiers.tiers()}

    def save(self) -> None:
        self.tiers.show_error("")
        self.problem.hide()
        try:
            self.form.validate(
                creating=self.plan is None,
                extra={"team_id": self.context.store.profile.team_id},
            )
        except ValidationError:
            return
        values = self.values()
        store = self.context.store
        plan_id = self.plan.id if self.plan else None
        self.buttons.setEnabled(False)

        def done(plan: CommissionPlan) -> None:
            self.saved = plan
            self.accept()

        self.context.runner.db(
            lambda: commissions.save_plan(store, values, plan_id), done, self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, ValidationError):
            self.problem.setText(str(exc))
            self.problem.show()
            return
        elsewhere = self.form.show_errors(exc)
        tier_errors = [e for e in elsewhere if e.field.startswith("tiers")]
        other = [e for e in elsewhere if not e.field.startswith("tiers")]
        if tier_errors:
            self.tiers.show_error("\n".join(self.tier_error_text(e) for e in tier_errors))
        if other:
            self.problem.setText("\n".join(e.message for e in other))
            self.problem.show()

    def tier_error_text(self, error: FieldError) -> str:
        """``tiers[1].from_pct`` + code → "Tier 2: …" in words."""
        number = ""
        if "[" in error.field:
            number = str(int(error.field.split("[", 1)[1].split("]", 1)[0]) + 1)
        texts = {
            "not_from_zero": self.tr("the first tier starts at 0%"),
            "overlap": self.tr("tiers must not overlap"),
            "gap": self.tr("must start where the previous tier ends"),
            "open_end": self.tr("the last tier has no upper limit (leave To empty)"),
            "empty_band": self.tr("To must be above From"),
            "negative": self.tr("must not be negative"),
            "invalid": self.tr("must be a number"),
        }
        text = texts.get(error.code, error.message)
        if not number:
            return text
        return self.tr("Tier %1: %2").replace("%1", number).replace("%2", text)


class AssignmentDialog(QDialog):
    """A plan for a rep from one date (and optionally until another)."""

    def __init__(
        self,
        context: AppContext,
        reps: Sequence[User],
        plans: Sequence[CommissionPlan],
        assignment: CommissionAssignment | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.assignment = assignment
        self.saved: CommissionAssignment | None = None
        self.setWindowTitle(self.tr("Assign a commission plan"))
        self.rep = RecordCombo(reps, parent=self)
        self.plan = RecordCombo(plans, parent=self)
        self.form = EntityForm(
            "commission_assignment",
            ("user_id", "plan_id", "effective_from", "effective_to"),
            self,
            editors={"user_id": self.rep, "plan_id": self.plan},
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        if assignment is not None:
            self.form.set_values(assignment.values())

    def save(self) -> None:
        try:
            values = self.form.validate(
                creating=self.assignment is None,
                extra={"team_id": self.context.store.profile.team_id},
            )
        except ValidationError:
            return
        values.pop("team_id", None)
        start, end = values.get("effective_from"), values.get("effective_to")
        if start is not None and end is not None and end < start:
            problem = FieldError("effective_to", "before_start", self.tr("Ends before it starts."))
            self.form.show_errors(ValidationError([problem]))
            return
        store = self.context.store
        row_id: uuid.UUID | None = self.assignment.id if self.assignment else None
        self.buttons.setEnabled(False)

        def done(saved: CommissionAssignment) -> None:
            self.saved = saved
            self.accept()

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            if isinstance(exc, ValidationError):
                self.form.show_errors(exc)
            else:
                self.context.notifier.show_error(str(exc))

        self.context.runner.db(
            lambda: commissions.save_assignment(store, values, row_id), done, failed
        )
