"""Pickers for references to other rows.

- ``CustomerPicker``: type part of a name, phone or contact and choose from
  the matches (full-text search on the database thread).
- ``RecordCombo``: a combo box over a small set of records (pipeline stages,
  users of the team, a customer's contacts, report templates).

Both offer ``value()`` (the chosen id or None) and ``set_value(id)``, which is
what ``EntityForm`` needs from an editor it is given.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from salesdesk.domain.entities import Customer
from salesdesk.domain.schema import Record
from salesdesk.store.search import search
from salesdesk.ui.context import AppContext

SEARCH_DELAY_MS = 150


class RecordCombo(QComboBox):
    """Choose one of a few records; the first entry may mean "none"."""

    sig_chosen = Signal(object)  # uuid.UUID | None

    def __init__(
        self,
        records: Sequence[Record] = (),
        title: Callable[[Record], str] | None = None,
        *,
        empty: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._title = title or (lambda record: record.definition.title(record))
        self._empty = empty
        self.set_records(records)
        self.currentIndexChanged.connect(lambda _index: self.sig_chosen.emit(self.value()))

    def set_records(self, records: Sequence[Record]) -> None:
        current = self.value() if self.count() else None
        self.blockSignals(True)
        self.clear()
        if self._empty is not None:
            self.addItem(self._empty, None)
        for record in records:
            self.addItem(self._title(record), record.id)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> uuid.UUID | None:
        data = self.currentData()
        return data if isinstance(data, uuid.UUID) else None

    def set_value(self, value: uuid.UUID | None) -> None:
        # findData compares wrapped Python objects by identity; ids must compare by value.
        index = next((i for i in range(self.count()) if self.itemData(i) == value), -1)
        if index < 0 and value is None and self._empty is not None:
            index = 0
        self.setCurrentIndex(max(index, 0) if self.count() else -1)


class CustomerPicker(QComboBox):
    """An editable combo: what is typed is searched; choosing a match picks that customer."""

    sig_chosen = Signal(object)  # uuid.UUID | None

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = QLineEdit(self)
        line.setPlaceholderText(self.tr("Type a customer's name, phone or contact…"))
        self.setLineEdit(line)
        # The matches come from full-text search, shown in the popup (the stubs omit None).
        self.setCompleter(None)  # type: ignore[arg-type]
        self._chosen: uuid.UUID | None = None
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        line.textEdited.connect(lambda _text: self._timer.start())
        self.activated.connect(self._activated)

    def value(self) -> uuid.UUID | None:
        return self._chosen

    def set_value(self, customer_id: uuid.UUID | None) -> None:
        self._chosen = customer_id
        if customer_id is None:
            self.clear()
            return
        customer = self.context.store.get(Customer, customer_id)
        self.clear()
        if customer is not None:
            self.addItem(customer.name, customer.id)
            self.setCurrentIndex(0)

    def _search(self) -> None:
        text = self.currentText().strip()
        self._generation += 1
        generation = self._generation
        store = self.context.store

        def work() -> list[tuple[str, uuid.UUID]]:
            with store.engine.connect() as connection:
                hits = search(connection, text, limit=30)
            seen: dict[uuid.UUID, str] = {}
            for hit in hits:
                label = (
                    hit.customer_name
                    if hit.entity == "customer"
                    else (f"{hit.customer_name}（{hit.title}）")
                )
                seen.setdefault(hit.customer_id, label)
            return [(label, customer_id) for customer_id, label in seen.items()]

        def done(matches: list[tuple[str, uuid.UUID]]) -> None:
            if generation != self._generation:
                return
            typed = self.currentText()
            self.blockSignals(True)
            self.clear()
            for label, customer_id in matches:
                self.addItem(label, customer_id)
            self.setCurrentIndex(-1)
            self.setEditText(typed)
            self.blockSignals(False)
            if matches:
                self.showPopup()

        self.context.runner.db(work, done=done)

    def _activated(self, index: int) -> None:
        data = self.itemData(index, Qt.ItemDataRole.UserRole)
        self._chosen = data if isinstance(data, uuid.UUID) else None
        self.sig_chosen.emit(self._chosen)
