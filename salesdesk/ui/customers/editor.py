"""Dialogs to create and edit customers and contacts.

Saving checks the values with the domain's rules (messages next to the
fields), then looks for probable duplicates (same credit code or phone,
nearly the same name) and asks before saving one anyway. All database work
runs on the database thread; the dialog stays responsive meanwhile.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import Contact, Customer
from salesdesk.domain.regions import CITIES, PROVINCES
from salesdesk.domain.schema import FieldError, Record, ValidationError
from salesdesk.store.duplicates import (
    Duplicate,
    find_contact_duplicates,
    find_customer_duplicates,
)
from salesdesk.store.store import StoreError
from salesdesk.ui.context import AppContext
from salesdesk.ui.widgets.form import EntityForm

CUSTOMER_FIELDS = (
    "name",
    "credit_code",
    "kind",
    "status",
    "tier",
    "industry",
    "source",
    "province",
    "city",
    "district",
    "address",
    "phone",
    "website",
    "tags",
)
CONTACT_FIELDS = (
    "name",
    "title",
    "mobile",
    "phone",
    "email",
    "wechat",
    "is_primary",
    "birthday",
    "remark",
)
DUPLICATE_CHECK_DELAY_MS = 400
log = logging.getLogger(__name__)


def duplicate_reason(duplicate: Duplicate) -> str:
    translate = QCoreApplication.translate  # literal contexts, so lupdate files them right
    reasons = {
        "credit_code": translate("Duplicates", "same credit code"),
        "phone": translate("Duplicates", "same phone number"),
        "mobile": translate("Duplicates", "same mobile number as contact %1"),
        "name": translate("Duplicates", "nearly the same name"),
    }
    text = reasons.get(duplicate.reason, duplicate.reason)
    return text.replace("%1", duplicate.detail) if "%1" in text else text


class RecordDialog(QDialog):
    """Shared behaviour: a form, a duplicate notice, Save/Cancel, saving off the GUI thread."""

    def __init__(
        self,
        context: AppContext,
        entity: str,
        fields: tuple[str, ...],
        record: Record | None,
        parent: QWidget | None,
        editors: dict[str, QWidget] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.record = record
        self.saved: Record | None = None
        self.duplicates: list[Duplicate] = []
        self._confirmed_duplicates: set[uuid.UUID] = set()
        self._check_generation = 0
        self.form = EntityForm(entity, fields, self, editors=editors)
        if record is not None:
            self.form.set_values(record.values())
        scroll = QScrollArea(self)
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Scroll only vertically: the dialog is as wide as the form's labels and editors need.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(
            self.form.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        )
        self.notice = QLabel(self)
        self.notice.setObjectName("duplicate_notice")
        self.notice.setProperty("role", "warning")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()
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
        layout.addWidget(scroll)
        layout.addWidget(self.notice)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DUPLICATE_CHECK_DELAY_MS)
        self._timer.timeout.connect(lambda: self._check_duplicates(None))
        self.form.sig_edited.connect(self._on_edited)

    # ---- duplicates ----------------------------------------------------------------------------
    def duplicate_fields(self) -> tuple[str, ...]:
        return ()

    def find_duplicates(self, values: dict[str, Any]) -> list[Duplicate]:
        return []

    def _on_edited(self, name: str) -> None:
        self.problem.hide()
        if name in self.duplicate_fields():
            self._timer.start()

    def _check_duplicates(self, then: Callable[[list[Duplicate]], None] | None) -> None:
        self._check_generation += 1
        generation = self._check_generation
        values = self.form.values()

        def done(found: list[Duplicate]) -> None:
            if generation != self._check_generation:
                return
            self.duplicates = found
            self._show_duplicates()
            if then is not None:
                then(found)

        self.context.runner.db(lambda: self.find_duplicates(values), done=done, failed=self._failed)

    def _show_duplicates(self) -> None:
        if not self.duplicates:
            self.notice.hide()
            return
        lines = [self.tr("This may already be in SalesDesk:")]
        lines += [f"• {d.customer_name} ({duplicate_reason(d)})" for d in self.duplicates[:5]]
        if self._unconfirmed():
            lines.append(self.tr("Press Save again to save it anyway."))
        self.notice.setText("\n".join(lines))
        self.notice.show()

    def _unconfirmed(self) -> list[Duplicate]:
        return [d for d in self.duplicates if d.customer_id not in self._confirmed_duplicates]

    # ---- saving --------------------------------------------------------------------------------
    def fixed_values(self) -> dict[str, Any]:
        """Values the form does not show but a new record needs (its parent, say)."""
        return {}

    def save(self) -> None:
        self._timer.stop()
        try:
            values = self.form.validate(
                creating=self.record is None,
                extra=self.fixed_values() if self.record is None else None,
            )
        except ValidationError as error:
            others = [e for name, e in error.errors.items() if name not in self.form.values()]
            if others:
                self._show_problem("; ".join(str(e) for e in others))
            return
        self.buttons.setEnabled(False)

        def checked(found: list[Duplicate]) -> None:
            unconfirmed = [d for d in found if d.customer_id not in self._confirmed_duplicates]
            if unconfirmed:
                self._confirmed_duplicates.update(d.customer_id for d in unconfirmed)
                self._show_duplicates()
                self.buttons.setEnabled(True)
                return
            self.context.runner.db(
                lambda: self.write(values), done=self._saved, failed=self._failed
            )

        self._check_duplicates(checked)

    def write(self, values: dict[str, Any]) -> Record:
        raise NotImplementedError

    def _saved(self, record: Record) -> None:
        self.saved = record
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            others = self.form.show_errors(exc)
            if others:
                self._show_problem("; ".join(_plain(e) for e in others))
        elif isinstance(exc, StoreError):
            self._show_problem(str(exc))
        else:  # a bug, not the user's doing: keep the traceback, tell the user plainly
            log.error("saving failed", exc_info=exc)
            self._show_problem(self.tr("Saving failed: %1").replace("%1", str(exc)))

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()


def _plain(error: FieldError) -> str:
    return error.message


class CustomerDialog(RecordDialog):
    def __init__(
        self, context: AppContext, customer: Customer | None = None, parent: QWidget | None = None
    ) -> None:
        self.province = _editable_combo(sorted(PROVINCES))
        self.city = _editable_combo([])
        super().__init__(
            context,
            "customer",
            CUSTOMER_FIELDS,
            customer,
            parent,
            editors={"province": self.province, "city": self.city},
        )
        self.setWindowTitle(self.tr("Edit customer") if customer else self.tr("New customer"))
        self.province.currentTextChanged.connect(self._province_changed)
        if customer is not None:
            self.province.setCurrentText(customer.province)
            self._province_changed(customer.province)
            self.city.setCurrentText(customer.city)
        self.resize(560, 640)

    def _province_changed(self, province: str) -> None:
        current = self.city.currentText()
        self.city.blockSignals(True)
        self.city.clear()
        self.city.addItems(sorted(CITIES.get(province, {})))
        self.city.setCurrentText(current if current in CITIES.get(province, {}) else "")
        self.city.blockSignals(False)

    def duplicate_fields(self) -> tuple[str, ...]:
        return ("name", "credit_code", "phone")

    def find_duplicates(self, values: dict[str, Any]) -> list[Duplicate]:
        with self.context.store.engine.connect() as connection:
            return find_customer_duplicates(
                connection,
                name=values.get("name") or "",
                credit_code=values.get("credit_code") or "",
                phone=values.get("phone") or "",
                exclude=self.record.id if self.record else None,
            )

    def write(self, values: dict[str, Any]) -> Record:
        store = self.context.store
        if self.record is None:
            return store.create(Customer, values)
        return store.update(Customer, self.record.id, **values)


class ContactDialog(RecordDialog):
    def __init__(
        self,
        context: AppContext,
        customer_id: uuid.UUID,
        contact: Contact | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, "contact", CONTACT_FIELDS, contact, parent)
        self.customer_id = customer_id
        self.setWindowTitle(self.tr("Edit contact") if contact else self.tr("New contact"))
        self.resize(480, 520)

    def fixed_values(self) -> dict[str, Any]:
        return {"customer_id": self.customer_id}

    def duplicate_fields(self) -> tuple[str, ...]:
        return ("mobile",)

    def find_duplicates(self, values: dict[str, Any]) -> list[Duplicate]:
        with self.context.store.engine.connect() as connection:
            return find_contact_duplicates(
                connection,
                values.get("mobile") or "",
                exclude=self.record.id if self.record else None,
            )

    def write(self, values: dict[str, Any]) -> Record:
        store = self.context.store
        if self.record is None:
            return store.create(Contact, values)
        return store.update(Contact, self.record.id, **values)


def _editable_combo(items: list[str]) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItem("")
    combo.addItems(items)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return combo
