"""Dialogs of the Targets area: a SMART target, and splitting a team target to reps.

Both check on the database thread before saving (messages next to the fields) and write
through the store's write path; a split writes every part in one transaction.
"""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import Target
from salesdesk.domain.kpis import Kpi
from salesdesk.domain.periods import Period
from salesdesk.domain.schema import FieldError, ValidationError
from salesdesk.domain.targets import SplitError, SplitMethod
from salesdesk.store import targets as queries
from salesdesk.store.store import StoreError
from salesdesk.store.team import Member
from salesdesk.ui.context import AppContext
from salesdesk.ui.targets import names
from salesdesk.ui.widgets.form import EntityForm
from salesdesk.ui.widgets.pickers import RecordCombo

log = logging.getLogger(__name__)
TARGET_FIELDS = ("user_id", "kpi", "period", "value", "description")


class PersonCombo(RecordCombo):
    """The whole team or one rep (a combo over members)."""

    def __init__(self, members: list[Member], parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self.addItem(self.tr("The whole team"), None)
        for member in members:
            self.addItem(member.name, member.id)

    def set_value(self, value: uuid.UUID | None) -> None:
        index = self.findData(value) if value is not None else 0
        self.setCurrentIndex(max(index, 0))


class TargetDialog(QDialog):
    """A new target for the team or a rep, or changes to one (SMART: a KPI, a value, a
    month/quarter/year, and what it is for)."""

    def __init__(
        self,
        context: AppContext,
        members: list[Member],
        period: Period,
        target: Target | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.target = target
        self.saved: Target | None = None
        self._confirmed = False
        self.setWindowTitle(self.tr("Edit target") if target else self.tr("New target"))
        self.person = PersonCombo(members, self)
        self.form = EntityForm("target", TARGET_FIELDS, self, editors={"user_id": self.person})
        form_layout = self.form.layout()
        cell = self.person.parentWidget()
        if isinstance(form_layout, QFormLayout) and cell is not None:  # for whom: team or rep
            label = form_layout.labelForField(cell)
            if isinstance(label, QLabel):
                label.setText(self.tr("For"))
        period_edit = self.form.editor("period")
        assert isinstance(period_edit, QLineEdit)
        period_edit.setPlaceholderText(self.tr("2026-11, 2026-Q4 or 2026"))
        description = self.form.editor("description")
        if hasattr(description, "setPlaceholderText"):
            description.setPlaceholderText(
                self.tr("What the target means and how it is reached (SMART)")
            )
        values: dict[str, Any] = {"period": period.code, "kpi": "revenue"}
        if target is not None:
            values = target.values()
            self.person.setEnabled(False)
        self.form.set_values(values)
        self.hint = QLabel(self)
        self.hint.setObjectName("value_hint")
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)
        self.split_note = QLabel(self)
        self.split_note.setObjectName("split_note")
        self.split_note.setWordWrap(True)
        self.split_note.setProperty("role", "muted")
        self.split_note.setVisible(target is not None and target.split_method != "none")
        self.split_note.setText(
            self.tr("The parts of the reps are split again to match the new value.")
        )
        self.problem = QLabel(self)
        self.problem.setObjectName("save_problem")
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.hint)
        layout.addWidget(self.split_note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.form.sig_edited.connect(self._edited)
        self._show_hint()
        self.setMinimumWidth(460)

    def _edited(self, name: str) -> None:
        self.problem.hide()
        self._confirmed = False
        if name == "kpi":
            self._show_hint()

    def _show_hint(self) -> None:
        self.hint.setText(names.unit_hint(str(self.form.values().get("kpi") or "revenue")))

    def values(self) -> dict[str, Any]:
        return self.form.values()

    def save(self) -> None:
        try:
            self.form.validate(
                creating=self.target is None,
                extra={"team_id": self.context.store.profile.team_id},
            )
        except ValidationError as error:
            others = [p for name, p in error.errors.items() if name not in TARGET_FIELDS]
            if others:
                self.problem.setText("; ".join(p.message for p in others))
                self.problem.show()
            return
        values = self.form.values()
        store = self.context.store
        target_id = self.target.id if self.target else None
        self.buttons.setEnabled(False)

        def checked(check: queries.TargetCheck) -> None:
            if check.errors:
                self.buttons.setEnabled(True)
                self._show_errors(ValidationError(check.errors))
                return
            if check.unrealistic and not self._confirmed:
                answer = QMessageBox.question(
                    self,
                    self.tr("A big stretch"),
                    self.tr(
                        "This target is more than three times last period's %1. "
                        "Is it achievable? Save it anyway?"
                    ).replace("%1", names.value_text(values["kpi"], check.previous_actual)),
                )
                if answer != QMessageBox.StandardButton.Yes:
                    self.buttons.setEnabled(True)
                    return
                self._confirmed = True
            self.context.runner.db(
                lambda: queries.save_target(store, values, target_id),
                done=self._saved,
                failed=self._failed,
            )

        self.context.runner.db(
            lambda: queries.check_target(store, values, target_id),
            done=checked,
            failed=self._failed,
        )

    def _message(self, problem: FieldError) -> FieldError:
        texts = {
            "no_value": self.tr("A target needs a value above 0."),
            "rate_over_100": self.tr("A retention rate is at most 100%."),
            "duplicate_target": self.tr(
                "There is already a target for this KPI, period and person: edit that one."
            ),
            "invalid_period": self.tr(
                "A target covers a month (2026-11), a quarter (2026-Q4) or a year (2026)."
            ),
            "too_precise": self.tr("Use a whole number for this KPI."),
        }
        text = texts.get(problem.code)
        return FieldError(problem.field, "translated", text) if text else problem

    def _show_errors(self, error: ValidationError) -> None:
        translated = ValidationError(self._message(p) for p in error.errors.values())
        others = self.form.show_errors(translated)
        if others:
            self.problem.setText("; ".join(p.message for p in others))
            self.problem.show()

    def _saved(self, target: Target) -> None:
        self.saved = target
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._show_errors(exc)
        elif isinstance(exc, StoreError):
            self.problem.setText(str(exc))
            self.problem.show()
        else:
            log.error("saving a target failed", exc_info=exc)
            self.problem.setText(self.tr("Saving failed: %1").replace("%1", str(exc)))
            self.problem.show()


# ---- splitting -----------------------------------------------------------------------------------


def parse_amount(text: str) -> Decimal | None:
    """A typed amount ("12,300.50", "１２３") as a Decimal; None when it is not a number."""
    cleaned = text.strip().replace(",", "").replace("，", "").replace("¥", "").replace("%", "")
    if not cleaned:
        return Decimal(0)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


class SplitDialog(QDialog):
    """Split a team target to the reps: equally, weighted by last period's actuals, or by
    hand. The parts always add up exactly to the team target; a manual split that does not
    cannot be saved, and says by how much it is off."""

    METHODS = (SplitMethod.EQUAL, SplitMethod.WEIGHTED, SplitMethod.MANUAL)

    def __init__(
        self,
        context: AppContext,
        split: queries.SplitContext,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.split = split
        self.saved: list[Target] = []
        target = split.target
        self.kpi = target.kpi
        self.setWindowTitle(self.tr("Split the team target"))
        title = QLabel(
            self.tr("%1 · %2: team target %3")
            .replace("%1", names.kpi_name(target.kpi))
            .replace("%2", target.period)
            .replace("%3", names.value_text(target.kpi, target.value)),
            self,
        )
        title.setProperty("role", "heading")
        title.setWordWrap(True)
        self.methods = QButtonGroup(self)
        method_row = QHBoxLayout()
        texts = {
            SplitMethod.EQUAL: self.tr("Equal parts"),
            SplitMethod.WEIGHTED: self.tr("Weighted by %1").replace("%1", split.previous.code),
            SplitMethod.MANUAL: self.tr("By hand"),
        }
        self.method_buttons: dict[str, QRadioButton] = {}
        for number, method in enumerate(self.METHODS):
            button = QRadioButton(texts[method], self)
            button.setObjectName(f"split_{method}")
            self.methods.addButton(button, number)
            self.method_buttons[method] = button
            method_row.addWidget(button)
        method_row.addStretch(1)
        current = target.split_method if target.split_method in self.METHODS else "equal"
        self.method_buttons[current].setChecked(True)
        self.rate_note = QLabel(
            self.tr("A rate is not split: every rep gets the team's rate as their target."), self
        )
        self.rate_note.setWordWrap(True)
        self.rate_note.setProperty("role", "muted")
        self.rate_note.setVisible(self.kpi == Kpi.RETENTION_RATE)

        self.table = QTableWidget(len(split.reps), 4, self)
        self.table.setObjectName("split_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Rep"),
                self.tr("Actual %1").replace("%1", split.previous.code),
                self.tr("Part"),
                self.tr("Share"),
            ]
        )
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.part_edits: list[QLineEdit] = []
        for row, rep in enumerate(split.reps):
            self.table.setItem(row, 0, _item(rep.name))
            previous = split.previous_actuals.get(rep.id)
            self.table.setItem(row, 1, _item(names.value_text(self.kpi, previous), right=True))
            edit = QLineEdit(self.table)
            edit.setObjectName(f"part_{row}")
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            existing = split.parts.get(rep.id)
            if existing is not None:
                edit.setText(_plain(self.kpi, existing))
            edit.textEdited.connect(lambda _text: self._update())
            self.table.setCellWidget(row, 2, edit)
            self.part_edits.append(edit)
            self.table.setItem(row, 3, _item("", right=True))
        self.total = QLabel(self)
        self.total.setObjectName("split_total")
        self.total.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("split_error")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(method_row)
        layout.addWidget(self.rate_note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.methods.idClicked.connect(lambda _id: self._method_changed())
        self.resize(620, 420)
        self._method_changed()

    @property
    def method(self) -> str:
        return str(self.METHODS[max(self.methods.checkedId(), 0)])

    def choose(self, method: str) -> None:
        self.method_buttons[method].setChecked(True)
        self._method_changed()

    def _method_changed(self) -> None:
        manual = self.method == SplitMethod.MANUAL and self.kpi != Kpi.RETENTION_RATE
        for edit in self.part_edits:
            edit.setReadOnly(not manual)
        if not manual:
            try:
                parts = self.split.preview(self.method)
            except SplitError:
                parts = {}
            for edit, rep in zip(self.part_edits, self.split.reps, strict=True):
                edit.setText(_plain(self.kpi, parts.get(rep.id)))
        self._update()

    def manual_parts(self) -> dict[uuid.UUID, Decimal] | None:
        """The parts typed by hand; None when one of them is not a number."""
        parts = {}
        for edit, rep in zip(self.part_edits, self.split.reps, strict=True):
            value = parse_amount(edit.text())
            if value is None:
                return None
            parts[rep.id] = value
        return parts

    def parts(self) -> dict[uuid.UUID, Decimal] | None:
        """The split as it stands (domain-checked); None with a message when it cannot be."""
        manual = self.method == SplitMethod.MANUAL
        given = self.manual_parts() if manual else None
        if manual and given is None:
            self._show_error(self.tr("Each part must be a number."))
            return None
        try:
            return self.split.preview(self.method, given)
        except SplitError as error:
            self._show_error(self._split_message(error))
            return None

    def _split_message(self, error: SplitError) -> str:
        if error.code == "sum_mismatch" and error.difference is not None:
            key = "more" if error.difference > 0 else "less"
            text = (
                self.tr("The parts are %1 more than the team target.")
                if key == "more"
                else self.tr("The parts are %1 less than the team target.")
            )
            return text.replace("%1", names.value_text(self.kpi, abs(error.difference)))
        if error.code == "too_precise":
            return (
                self.tr("Use whole numbers for this KPI.")
                if self.kpi != Kpi.REVENUE
                else self.tr("Use at most two decimals (fen).")
            )
        if error.code == "negative":
            return self.tr("A part cannot be negative.")
        if error.code == "no_reps":
            return self.tr("The team has no reps to split to.")
        return str(error)

    def _update(self) -> None:
        self.error.hide()
        target = self.split.target.value or Decimal(0)
        parts = self.parts()
        total = Decimal(0)
        for row in range(len(self.split.reps)):
            value = parse_amount(self.part_edits[row].text()) or Decimal(0)
            total += value
            share = (
                f"{(value * 100 / target).quantize(Decimal('0.1'))}%"
                if target > 0 and self.kpi != Kpi.RETENTION_RATE
                else ""
            )
            item = self.table.item(row, 3)
            if item is not None:
                item.setText(share)
        if self.kpi != Kpi.RETENTION_RATE:
            self.total.setText(
                self.tr("The parts add up to %1 of the team target %2.")
                .replace("%1", names.value_text(self.kpi, total))
                .replace("%2", names.value_text(self.kpi, target))
            )
        else:
            self.total.setText("")
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(parts is not None)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def save(self) -> None:
        parts = self.parts()
        if parts is None:
            return
        store, target_id, method = self.context.store, self.split.target.id, self.method
        manual = self.manual_parts() if method == SplitMethod.MANUAL else None
        reps = [rep.id for rep in self.split.reps]
        self.buttons.setEnabled(False)

        def done(saved: list[Target]) -> None:
            self.buttons.setEnabled(True)
            self.saved = saved
            self.accept()

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            if isinstance(exc, ValidationError):
                self._show_error("; ".join(p.message for p in exc.errors.values()))
            elif isinstance(exc, StoreError):
                self._show_error(str(exc))
            else:
                log.error("splitting a target failed", exc_info=exc)
                self._show_error(self.tr("Saving failed: %1").replace("%1", str(exc)))

        self.context.runner.db(
            lambda: queries.split_team_target(store, target_id, method, parts=manual, reps=reps),
            done=done,
            failed=failed,
        )


def _plain(kpi: str, value: Decimal | None) -> str:
    """A value as typed into a part's box: 12300.50, 4, 90."""
    if value is None:
        return ""
    if kpi in (Kpi.REVENUE, Kpi.RETENTION_RATE):
        return f"{value.quantize(Decimal('0.01')):f}"
    return str(int(value))


def _item(text: str, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
