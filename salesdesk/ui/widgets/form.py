"""Forms made from the entity declarations: one editor per field, errors under each field.

    form = EntityForm("customer", ["name", "tier", "city"])
    form.set_values(customer.values())
    ...
    try:
        cleaned = form.validate()          # the domain's own validation, no database
    except ValidationError:
        return                             # the messages are already shown next to the fields

Editors follow the field kind: text → line edit (or a text box for long text),
choice → combo box with translated names, int → spin box, date → date edit
that can be left empty, bool → check box, tags → comma-separated text.
References to other rows need a picker from the caller (``editors=``): any
widget with ``value()`` / ``set_value()`` (and optionally a ``sig_chosen``
signal) works, such as those in ``widgets/pickers.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.schema import FieldError, FieldSpec, Kind, ValidationError, entity_def
from salesdesk.ui import labels, timefmt

LONG_TEXT = 300  # text fields longer than this get a multi-line editor
EMPTY_DATE = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A date edit that can also mean "no date" (shown as a dash)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setMinimumDate(EMPTY_DATE)
        self.setSpecialValueText("—")
        self.setDate(EMPTY_DATE)

    def value(self) -> dt.date | None:
        return None if self.date() == EMPTY_DATE else timefmt.from_qdate(self.date())

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(EMPTY_DATE if value is None else timefmt.to_qdate(value))


class OptionalDateTimeEdit(QDateTimeEdit):
    """A local date and time that can also be empty; its value is aware UTC."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setMinimumDate(EMPTY_DATE)
        self.setSpecialValueText("—")
        self.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.setDate(EMPTY_DATE)

    def value(self) -> dt.datetime | None:
        if self.date() == EMPTY_DATE:
            return None
        return timefmt.from_qdatetime(self.dateTime())

    def set_value(self, value: dt.datetime | None) -> None:
        if value is None:
            self.setDateTime(QDateTime(EMPTY_DATE, self.time()))
        else:
            self.setDateTime(timefmt.to_qdatetime(value))


class EntityForm(QWidget):
    """Editors for some fields of one entity, laid out as a form with errors under fields."""

    sig_edited = Signal(str)  # field name

    def __init__(
        self,
        entity: str,
        fields: Sequence[str],
        parent: QWidget | None = None,
        *,
        editors: Mapping[str, QWidget] | None = None,
        required_marks: bool = True,
    ) -> None:
        super().__init__(parent)
        self.definition = entity_def(entity)
        self.entity = entity
        self._editors: dict[str, QWidget] = {}
        self._errors: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name in fields:
            spec = self.definition.field(name)
            editor = (editors or {}).get(name) or self._make_editor(spec)
            editor.setObjectName(f"field_{name}")
            error = QLabel(self)
            error.setObjectName(f"error_{name}")
            error.setProperty("role", "error")
            error.setWordWrap(True)
            error.hide()
            cell = QWidget(self)
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(editor)
            box.addWidget(error)
            label = labels.field_label(spec) + (" *" if spec.required and required_marks else "")
            layout.addRow(label, cell)
            self._editors[name] = editor
            self._errors[name] = error
            self._connect(name, editor)

    # ---- editors -------------------------------------------------------------------------------
    def _make_editor(self, spec: FieldSpec) -> QWidget:
        kind = spec.kind
        if kind == Kind.CHOICE:
            combo = QComboBox(self)
            for code, text in labels.choice_items(self.entity, spec.name, spec.choices):
                combo.addItem(text, code)
            return combo
        if kind == Kind.BOOL:
            return QCheckBox(self)
        if kind == Kind.INT:
            spin = QSpinBox(self)
            spin.setRange(
                int(spec.min_value) if spec.min_value is not None else -(2**31),
                int(spec.max_value) if spec.max_value is not None else 2**31 - 1,
            )
            return spin
        if kind == Kind.DATE:
            return OptionalDateEdit(self)
        if kind == Kind.DATETIME:
            return OptionalDateTimeEdit(self)
        if kind == Kind.TEXT and (spec.max_length or 0) > LONG_TEXT:
            box = QPlainTextEdit(self)
            box.setTabChangesFocus(True)
            box.setMinimumHeight(60)
            return box
        line = QLineEdit(self)
        if spec.max_length and kind == Kind.TEXT:
            line.setMaxLength(spec.max_length)
        if kind == Kind.TAGS:
            line.setPlaceholderText(self.tr("Separate tags with commas"))
        return line

    def _connect(self, name: str, editor: QWidget) -> None:
        def edited(*_args: Any) -> None:
            self._errors[name].hide()
            self.sig_edited.emit(name)

        for signal in (
            "sig_chosen",
            "textChanged",
            "currentTextChanged",
            "valueChanged",
            "toggled",
            "dateTimeChanged",
        ):
            if hasattr(editor, signal):
                getattr(editor, signal).connect(edited)
                break

    def editor(self, name: str) -> QWidget:
        return self._editors[name]

    # ---- values --------------------------------------------------------------------------------
    def set_values(self, values: Mapping[str, Any]) -> None:
        for name, value in values.items():
            if name in self._editors:
                self._set(self.definition.field(name), self._editors[name], value)

    def _set(self, spec: FieldSpec, editor: QWidget, value: Any) -> None:
        setter = getattr(editor, "set_value", None)
        if setter is not None:  # pickers and optional date edits
            setter(value)
        elif isinstance(editor, QComboBox) and editor.isEditable():
            editor.setCurrentText("" if value is None else str(value))
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            if index < 0 and value is not None:  # a code this version does not know
                editor.addItem(str(value), value)
                index = editor.count() - 1
            editor.setCurrentIndex(max(index, 0))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value or 0))
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(value or "")
        elif isinstance(editor, QLineEdit):
            editor.setText(_as_text(spec, value))

    def values(self) -> dict[str, Any]:
        """The edited values, as the domain's ``clean`` accepts them."""
        return {
            name: self._get(self.definition.field(name), editor)
            for name, editor in self._editors.items()
        }

    def _get(self, spec: FieldSpec, editor: QWidget) -> Any:
        if hasattr(editor, "set_value"):  # pickers and optional date edits offer value()
            return editor.value()  # type: ignore[attr-defined]
        if isinstance(editor, QComboBox):
            return editor.currentText() if editor.isEditable() else editor.currentData()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QLineEdit):
            text = editor.text()
            if spec.kind == Kind.TAGS:
                return [t for t in text.replace("，", ",").split(",") if t.strip()]
            return text
        raise TypeError(f"no value for editor {editor!r}")

    # ---- validation ----------------------------------------------------------------------------
    def validate(
        self, *, creating: bool = False, extra: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The cleaned values (with ``extra`` values the form does not show, such as the
        parent row), or ValidationError with every message shown next to its field."""
        try:
            return self.definition.clean_values(
                {**self.values(), **(extra or {})}, creating=creating
            )
        except ValidationError as error:
            self.show_errors(error)
            raise

    def show_errors(self, error: ValidationError) -> list[FieldError]:
        """Show each error under its field; returns the errors that have no field here."""
        self.clear_errors()
        elsewhere = []
        first: QWidget | None = None
        for name, problem in error.errors.items():
            label = self._errors.get(name)
            if label is None:
                elsewhere.append(problem)
                continue
            spec = self.definition.by_name.get(name)
            label.setText(labels.error_text(spec, problem))
            label.show()
            first = first or self._editors[name]
        if first is not None:
            first.setFocus()
        return elsewhere

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.hide()

    def error_text(self, name: str) -> str:
        label = self._errors[name]
        return label.text() if not label.isHidden() else ""


def _as_text(spec: FieldSpec, value: Any) -> str:
    if value is None:
        return ""
    if spec.kind == Kind.TAGS:
        return ", ".join(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
