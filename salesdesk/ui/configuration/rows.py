"""A small editor for a list of rows with a text and a "required" flag: a template's sections
and a stage's checklist. Rows can be added, removed and moved; each keeps a hidden identity
(a section's key, a checklist item's id) so reports and deals keep pointing at it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

ID_ROLE = Qt.ItemDataRole.UserRole


class RowsEditor(QWidget):
    """Rows of (text, required) with an id each; ``rows()`` gives them back as dicts."""

    sig_edited = Signal()

    def __init__(
        self,
        text_title: str,
        *,
        text_key: str,
        id_key: str,
        new_id: Callable[[list[str]], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.text_key = text_key
        self.id_key = id_key
        self.new_id = new_id  # None: new rows get an empty id (the store gives one)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([text_title, self.tr("Required")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(self.fontMetrics().height() * 8)
        self.add_button = QPushButton(self.tr("Add"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.up_button = QPushButton(self.tr("Move up"), self)
        self.down_button = QPushButton(self.tr("Move down"), self)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.add_button.clicked.connect(lambda _checked=False: self.add_row())
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        self.table.itemChanged.connect(lambda _item: self._edited())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def set_object_names(self, prefix: str) -> None:
        self.setObjectName(prefix)
        self.table.setObjectName(f"{prefix}_table")
        self.add_button.setObjectName(f"{prefix}_add")
        self.remove_button.setObjectName(f"{prefix}_remove")
        self.up_button.setObjectName(f"{prefix}_up")
        self.down_button.setObjectName(f"{prefix}_down")
        self.error.setObjectName(f"{prefix}_error")

    # ---- values --------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for row in rows:
            self._append(str(row.get(self.text_key) or ""), bool(row.get("required")), row)
        self.table.blockSignals(False)
        self.error.hide()
        self._update_buttons()

    def rows(self) -> list[dict[str, Any]]:
        found = []
        for number in range(self.table.rowCount()):
            text = self.table.item(number, 0)
            flag = self.table.item(number, 1)
            if text is None or flag is None:
                continue
            found.append(
                {
                    self.id_key: text.data(ID_ROLE) or "",
                    self.text_key: text.text(),
                    "required": flag.checkState() == Qt.CheckState.Checked,
                }
            )
        return found

    def _append(self, text: str, required: bool, row: dict[str, Any]) -> int:
        number = self.table.rowCount()
        self.table.insertRow(number)
        item = QTableWidgetItem(text)
        item.setData(ID_ROLE, str(row.get(self.id_key) or ""))
        flag = QTableWidgetItem()
        flag.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsSelectable
        )
        flag.setCheckState(Qt.CheckState.Checked if required else Qt.CheckState.Unchecked)
        self.table.setItem(number, 0, item)
        self.table.setItem(number, 1, flag)
        return number

    # ---- editing -------------------------------------------------------------------------------
    def add_row(self, text: str = "", required: bool = False) -> int:
        existing = [str(r[self.id_key]) for r in self.rows()]
        row_id = self.new_id(existing) if self.new_id is not None else ""
        self.table.blockSignals(True)
        number = self._append(text, required, {self.id_key: row_id})
        self.table.blockSignals(False)
        self.table.selectRow(number)
        item = self.table.item(number, 0)
        if item is not None and not text:
            self.table.editItem(item)
        self._edited()
        return number

    def remove_row(self) -> None:
        number = self.table.currentRow()
        if number >= 0:
            self.table.removeRow(number)
            self._edited()

    def move_row(self, offset: int) -> None:
        number = self.table.currentRow()
        target = number + offset
        if number < 0 or not 0 <= target < self.table.rowCount():
            return
        rows = self.rows()
        rows.insert(target, rows.pop(number))
        self.set_rows(rows)
        self.table.selectRow(target)
        self._edited()

    def _edited(self) -> None:
        self.error.hide()
        self._update_buttons()
        self.sig_edited.emit()

    def _update_buttons(self) -> None:
        number = self.table.currentRow()
        chosen = number >= 0 and bool(self.table.selectedItems())
        self.remove_button.setEnabled(chosen)
        self.up_button.setEnabled(chosen and number > 0)
        self.down_button.setEnabled(chosen and number < self.table.rowCount() - 1)

    def show_error(self, row: int | None, text: str) -> None:
        prefix = self.tr("Row %1: ").replace("%1", str(row + 1)) if row is not None else ""
        self.error.setText(prefix + text)
        self.error.show()
        if row is not None:
            self.table.selectRow(row)
