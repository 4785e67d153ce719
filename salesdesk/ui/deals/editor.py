"""Dialogs to create and edit deals, and to say why a deal was lost.

A new deal picks its customer, title, amount, starting stage (an open one)
and so on; its probability follows the stage until the user changes it. An
existing deal's stage and status change only by moving it on the board (or
Mark lost / Reopen), never in this dialog. Messages appear next to fields.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain import deals as rules
from salesdesk.domain.entities import Contact, Deal, PipelineStage, User
from salesdesk.domain.schema import FieldError, Record, ValidationError
from salesdesk.store import deals as queries
from salesdesk.ui.context import AppContext
from salesdesk.ui.customers.editor import RecordDialog
from salesdesk.ui.deals.names import lost_reasons, stage_name
from salesdesk.ui.tasks.widgets import PendingRecordCombo, people_choices
from salesdesk.ui.widgets.pickers import CustomerPicker, RecordCombo

NEW_FIELDS = (
    "customer_id",
    "title",
    "amount",
    "stage_id",
    "probability",
    "expected_close",
    "contact_id",
    "owner_id",
)
EDIT_FIELDS = ("title", "amount", "probability", "expected_close", "contact_id", "owner_id")


def rule_message(error: FieldError) -> FieldError:
    """The error with a translated message for the deal rules' own codes."""
    translate = QCoreApplication.translate  # literal contexts, so lupdate files them right
    if error.code == "not_open_stage":
        text = translate("DealRules", "A new deal starts in an open stage.")
    elif error.code == "read_only" and error.field == "stage_id":
        text = translate("DealRules", "Move the deal on the board to change its stage.")
    elif error.code == "not_allowed" and error.field == "stage_id":
        text = translate("DealRules", "Only a manager can reopen a won deal.")
    elif error.code == "no_lost_stage":
        text = translate("DealRules", "The pipeline has no lost stage.")
    elif error.code == "no_open_stage":
        text = translate("DealRules", "The pipeline has no open stage.")
    else:
        return error
    return FieldError(error.field, error.code, text)


def translated(error: ValidationError) -> ValidationError:
    return ValidationError(rule_message(e) for e in error.errors.values())


class DealDialog(RecordDialog):
    """Create (``deal`` None) or edit a deal."""

    def __init__(
        self,
        context: AppContext,
        stages: Sequence[PipelineStage],
        members: Sequence[User],
        deal: Deal | None = None,
        parent: QWidget | None = None,
        *,
        preset: dict[str, Any] | None = None,
    ) -> None:
        profile = context.store.profile
        self.stages = list(stages)
        editors: dict[str, QWidget] = {}
        self.customer: CustomerPicker | None = None
        self.stage: RecordCombo | None = None
        if deal is None:
            self.customer = CustomerPicker(context)
            self.stage = RecordCombo(rules.open_stages(stages), _stage_title)
            editors |= {"customer_id": self.customer, "stage_id": self.stage}
        self.contact = PendingRecordCombo(
            lambda r: r.name,  # type: ignore[attr-defined]
            QCoreApplication.translate("DealDialog", "(no contact)"),
        )
        self.contact.expect(None)
        people = people_choices(context, members, keep=deal.owner_id if deal else None)
        self.owner = RecordCombo(people, lambda r: r.display_name)  # type: ignore[attr-defined]
        self.owner.setEnabled(profile.is_manager)
        editors |= {"contact_id": self.contact, "owner_id": self.owner}
        super().__init__(
            context,
            "deal",
            NEW_FIELDS if deal is None else EDIT_FIELDS,
            deal,
            parent,
            editors=editors,
        )
        self.setWindowTitle(self.tr("Edit deal") if deal else self.tr("New deal"))
        if deal is None:
            first = rules.open_stages(stages)
            start: dict[str, Any] = {"owner_id": profile.user_id}
            if first:
                start |= {"stage_id": first[0].id, "probability": first[0].probability}
            self.form.set_values({**start, **(preset or {})})
        if not profile.is_manager:
            self.owner.setToolTip(self.tr("Only a manager can give a deal to another rep."))
        self._probability_touched = deal is not None
        probability = self.form.editor("probability")
        if isinstance(probability, QSpinBox):
            probability.setSuffix("%")
            probability.valueChanged.connect(self._probability_edited)
        if self.stage is not None:
            self.stage.sig_chosen.connect(self._stage_chosen)
        if self.customer is not None:
            self.customer.sig_chosen.connect(lambda _id: self._load_contacts(None))
        customer_id = deal.customer_id if deal is not None else self._customer_id()
        self._load_contacts(self.contact.value(), customer_id)
        self.resize(540, 340 if deal is None else 290)

    def _customer_id(self) -> uuid.UUID | None:
        if self.customer is not None:
            return self.customer.value()
        return self.record.customer_id if isinstance(self.record, Deal) else None

    def _probability_edited(self, _value: int) -> None:
        if not getattr(self, "_setting_probability", False):
            self._probability_touched = True

    def _stage_chosen(self, stage_id: uuid.UUID | None) -> None:
        """The probability follows the starting stage until the user sets one."""
        stage = next((s for s in self.stages if s.id == stage_id), None)
        if stage is None or self._probability_touched:
            return
        self._setting_probability = True
        self.form.set_values({"probability": stage.probability})
        self._setting_probability = False

    def _load_contacts(
        self, wanted: uuid.UUID | None, customer_id: uuid.UUID | None = None
    ) -> None:
        customer_id = customer_id or self._customer_id()
        self.contact.expect(wanted)
        if customer_id is None:
            self.contact.set_records([])
            return
        store = self.context.store

        def work() -> list[Contact]:
            with store.engine.connect() as connection:
                return queries.customer_contacts(connection, customer_id)

        def done(contacts: list[Contact]) -> None:
            if self._customer_id() == customer_id:
                self.contact.set_records(contacts)

        self.context.runner.db(work, done=done, failed=self._failed)

    # ---- saving --------------------------------------------------------------------------------
    def save(self) -> None:
        if self.stage is not None:
            problems = rules.creation_errors(self.stage.value(), self.stages)
            if problems:
                self.form.show_errors(translated(ValidationError(problems)))
                return
        super().save()

    def write(self, values: dict[str, Any]) -> Record:
        store = self.context.store
        if self.record is None:
            return queries.create_deal(store, values)
        return queries.update_deal(store, self.record.id, values)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            exc = translated(exc)
        super()._failed(exc)


class LostReasonDialog(QDialog):
    """Ask why a deal was lost: a usual reason or the user's own words."""

    def __init__(self, deal_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mark deal lost"))
        intro = QLabel(self.tr("Why was “%1” lost?").replace("%1", deal_title), self)
        intro.setWordWrap(True)
        self.reason = QComboBox(self)
        self.reason.setObjectName("lost_reason")
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason.addItem("")
        self.reason.addItems(lost_reasons())
        self.reason.setCurrentIndex(0)
        line = self.reason.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Choose or type the reason"))
            line.setMaxLength(500)
        self.error = QLabel(self)
        self.error.setObjectName("error_lost_reason")
        self.error.setProperty("role", "error")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Mark lost"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.currentTextChanged.connect(lambda _text: self.error.hide())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def text(self) -> str:
        return self.reason.currentText().strip()

    def _accept(self) -> None:
        if not self.text():
            self.error.setText(self.tr("Please give a reason."))
            self.error.show()
            return
        self.accept()


def _stage_title(record: Record) -> str:
    assert isinstance(record, PipelineStage)
    return stage_name(record)
