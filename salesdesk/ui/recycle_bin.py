"""The recycle bin: deleted records listed by type, name and when deleted; restore one.

Restoring a record brings back the rows deleted together with it (a
customer's contacts, deals, visits…). A record whose parent is still
deleted cannot come back on its own: the store refuses and the dialog says
which record to restore first. Deleted records are kept as tombstones that
must reach the server, so the bin cannot be emptied; the dialog says so.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

from salesdesk.domain.periods import Period
from salesdesk.domain.schema import Kind, Record, ValidationError, entity_def
from salesdesk.store import recycle_bin as queries
from salesdesk.store.store import ChangeSet, StoreError
from salesdesk.ui import labels, timefmt
from salesdesk.ui.context import AppContext

log = logging.getLogger(__name__)
TITLE_LENGTH = 60
PERIOD_KINDS = {"daily": "day", "weekly": "week", "monthly": "month"}


def type_name(entity: str) -> str:
    return labels.entity_label(entity_def(entity).label)


def record_title(entity: str, record: Record) -> str:
    """A short, readable name for a record of any entity."""
    definition = entity_def(entity)
    if entity == "report":
        kind = str(getattr(record, "kind", ""))
        start = getattr(record, "period_start", None)
        name = labels.choice_label("report", "kind", kind)
        if start is not None:
            name += " " + Period.containing(PERIOD_KINDS.get(kind, "day"), start).code
        return name
    spec = definition.field(definition.title_field)
    value = getattr(record, spec.name)
    if spec.kind == Kind.CHOICE:
        text = labels.choice_label(entity, spec.name, str(value))
        period = getattr(record, "period", "")
        return f"{text} {period}".strip()
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= TITLE_LENGTH else text[: TITLE_LENGTH - 1] + "…"


class RecycleBinDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.entries: list[queries.BinEntry] = []
        self.loading = False
        self._generation = 0
        self.setWindowTitle(self.tr("Recycle bin"))
        entities = queries.restorable_entities(context.store.profile)

        self.explanation = QLabel(
            self.tr(
                "Deleted records stay here so that their deletion reaches the server and your "
                "other devices. The bin cannot be emptied; restore anything deleted by mistake. "
                "Restoring a record also brings back what was deleted with it."
            ),
            self,
        )
        self.explanation.setWordWrap(True)
        self.explanation.setProperty("role", "muted")
        self.type_filter = QComboBox(self)
        self.type_filter.setObjectName("bin_type")
        self.type_filter.addItem(self.tr("All types"), "")
        for entity in entities:
            self.type_filter.addItem(type_name(entity), entity)
        self.count = QLabel(self)
        self.count.setProperty("role", "muted")
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("bin_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Type"),
                self.tr("Name"),
                self.tr("Belongs to"),
                self.tr("Deleted"),
                self.tr("Deleted with it"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if column == 1
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        self.message = QLabel(self)
        self.message.setObjectName("bin_message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.restore_button = QPushButton(self.tr("Restore"), self)
        self.restore_button.setObjectName("restore")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        bar = QHBoxLayout()
        bar.addWidget(self.type_filter)
        bar.addStretch(1)
        bar.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.type_filter.currentIndexChanged.connect(lambda _index: self.reload())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.restore_button.clicked.connect(self.restore_selected)
        self._watched = tuple(entities)
        context.bus.sig_changed.connect(self._on_changes)
        self.resize(820, 520)
        self._update_buttons()
        self.reload()

    # ---- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        store = self.context.store
        wanted = self.type_filter.currentData() or ""
        entities = [wanted] if wanted else None
        self.loading = True

        def done(entries: list[queries.BinEntry]) -> None:
            if generation == self._generation:
                self.loading = False
                self._show(entries)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.loading = False
                self._say(str(exc), error=True)

        self.context.runner.db(
            lambda: queries.deleted_records(store, entities), done=done, failed=failed
        )

    def _on_changes(self, changes: ChangeSet) -> None:
        if self.isVisible() and changes.touches(*self._watched):
            self.reload()

    def _show(self, entries: list[queries.BinEntry]) -> None:
        selected = self.selected()
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            parent = ""
            if entry.parent is not None and entry.parent_entity is not None:
                parent = record_title(entry.parent_entity, entry.parent)
                if entry.parent_deleted:
                    parent = self.tr("%1 (deleted)").replace("%1", parent)
            together = (
                self.tr("%1 more").replace("%1", str(entry.together)) if entry.together else ""
            )
            cells = (
                type_name(entry.entity),
                record_title(entry.entity, entry.record),
                parent,
                timefmt.format_datetime(entry.deleted_at),
                together,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 4 and entry.together:
                    item.setToolTip(self.tr("Records deleted together with it come back with it."))
                self.table.setItem(row, column, item)
        self.count.setText(self.tr("Deleted records: %1").replace("%1", str(len(entries))))
        self.table.clearSelection()  # keep the same record selected, or none
        if selected is not None:
            self.select(selected.entity, selected.row_id)
        self._update_buttons()

    # ---- selection and restoring ---------------------------------------------------------------
    def selected(self) -> queries.BinEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.entries):
            return self.entries[rows[0].row()]
        return None

    def select(self, entity: str, row_id: object) -> bool:
        for row, entry in enumerate(self.entries):
            if entry.entity == entity and entry.row_id == row_id:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def restore_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        store = self.context.store
        name = record_title(entry.entity, entry.record)
        self.restore_button.setEnabled(False)

        def done(_record: Record) -> None:
            text = self.tr("%1 “%2” restored.").replace("%1", type_name(entry.entity))
            text = text.replace("%2", name)
            self._say(text)
            self.context.notifier.notify(text)

        def failed(exc: BaseException) -> None:
            self._update_buttons()
            if isinstance(exc, ValidationError):
                self._say(self._refusal(entry, exc), error=True)
            elif isinstance(exc, StoreError):
                self._say(str(exc), error=True)
            else:
                log.error("restoring failed", exc_info=exc)
                self._say(self.tr("Restoring failed: %1").replace("%1", str(exc)), error=True)

        self.context.runner.db(
            lambda: queries.restore(store, entry.entity, entry.row_id), done=done, failed=failed
        )

    def _refusal(self, entry: queries.BinEntry, error: ValidationError) -> str:
        """The store's reason, with the record to restore first when its parent is deleted."""
        problem = next(iter(error.errors.values()))
        text = labels.error_text(None, problem)
        if problem.code == "parent_deleted" and entry.parent is not None and entry.parent_entity:
            text += " " + self.tr("It belongs to %1 “%2”, which is deleted too.").replace(
                "%1", type_name(entry.parent_entity)
            ).replace("%2", record_title(entry.parent_entity, entry.parent))
        return text

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("role", "error" if error else "")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))
        self.message.setTextFormat(Qt.TextFormat.PlainText)
