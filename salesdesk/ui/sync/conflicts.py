"""Conflicts and rejected changes: see what clashed, and settle each one on purpose.

A **conflict** is a field that a colleague (or the server) changed while I
changed it too: the server kept the value that reached it first, and mine
was kept here. The view shows the record, the field, their value and mine as
people read them (translated choices, amounts, dates, names), who changed it
and when, and offers **Keep theirs** or **Use mine** (which writes my value
again as a new local change, sent by the next sync).

A **rejected change** is one the server refused (the record was given to
someone else, deleted meanwhile, not allowed for the role…). The view shows
why, and the data the change carried; the user **copies** it (readable text
on the clipboard), **creates it again** as a new record (a refused new
record only), or **discards** it after a confirmation. Nothing is closed
silently.

The lists are read on the database thread and re-read after every sync and
every resolution, so the view stays current while it is open.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.schema import ValidationError
from salesdesk.store.store import ChangeSet, NotFoundError, Store
from salesdesk.ui import labels, timefmt
from salesdesk.ui.sync import messages, values
from salesdesk.ui.sync.controller import SyncController
from sync import client
from sync.client import ConflictInfo, RejectionInfo

log = logging.getLogger(__name__)

OpenRecord = Callable[[str, uuid.UUID], bool]


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """What the view shows, read in one go on the database thread."""

    conflicts: list[ConflictInfo]
    rejections: list[RejectionInfo]
    references: dict[uuid.UUID, Any]


def load(store: Store) -> Snapshot:
    conflicts = client.conflicts(store)
    rejections = client.rejections(store)
    wanted: set[tuple[str, uuid.UUID]] = set()
    for conflict in conflicts:
        wanted |= values.wanted_references(
            conflict.entity, {conflict.field: conflict.mine}
        ) | values.wanted_references(conflict.entity, {conflict.field: conflict.theirs})
    for rejection in rejections:
        wanted |= values.wanted_references(rejection.entity, rejection.fields)
    return Snapshot(conflicts, rejections, values.referenced(store, wanted))


def record_name(entity: str, title: str) -> str:
    """ "Customer: 华信科技有限公司" (客户：华信科技有限公司)."""
    kind = values.entity_name(entity)
    if not title:
        return kind
    return (
        QCoreApplication.translate("ConflictsDialog", "%1: %2")
        .replace("%1", kind)
        .replace("%2", title)
    )


def rejection_text(rejection: RejectionInfo, references: dict[uuid.UUID, Any]) -> str:
    """The clipboard copy of a rejected change: what it was, why it was refused, its data."""
    lines = [
        record_name(rejection.entity, rejection.title),
        f"{messages.operation(rejection.kind)} · {timefmt.format_datetime(rejection.created_at)}",
        messages.rejection_reason(rejection.code),
        "",
    ]
    for label, text in values.readable_fields(
        rejection.entity, rejection.fields, references, limit=None
    ):
        lines.append(labelled(label, text))
    return "\n".join(lines).rstrip() + "\n"


def labelled(label: str, text: str = "") -> str:
    """ "Name: 王建国" (名称：王建国); with no text, the label with its colon."""
    shown = QCoreApplication.translate("ConflictsDialog", "%1:").replace("%1", label)
    return f"{shown} {text}" if text else shown


def _item(text: str, data: Any = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _table(
    parent: QWidget, headers: list[str], name: str, stretch: tuple[int, ...] = (0,)
) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    for column in range(len(headers)):
        header.setSectionResizeMode(
            column,
            QHeaderView.ResizeMode.Stretch
            if column in stretch
            else QHeaderView.ResizeMode.ResizeToContents,
        )
    return table


def _value_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


class ConflictsDialog(QDialog):
    def __init__(
        self,
        controller: SyncController,
        parent: QWidget | None = None,
        *,
        open_record: OpenRecord | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts_dialog")
        self.controller = controller
        self.open_record_callback = open_record
        self.snapshot = Snapshot([], [], {})
        self.loading = False
        self._generation = 0
        self.setWindowTitle(self.tr("Conflicts and rejected changes"))
        self.resize(980, 600)

        intro = QLabel(
            self.tr(
                "When you and a colleague changed the same thing, the server kept the value "
                "that reached it first; choose which one stays. A rejected change is one the "
                "server refused: copy what it carried, create it again, or discard it."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("conflicts_tabs")
        self.tabs.addTab(self._conflicts_tab(), "")
        self.tabs.addTab(self._rejections_tab(), "")
        self.message = QLabel(self)
        self.message.setObjectName("conflicts_message")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        controller.sig_data_changed.connect(self.reload)
        controller.context.bus.sig_changed.connect(self._on_changes)
        self._show_tab_titles()
        self.reload()

    # ---- the conflicts tab ---------------------------------------------------------------------
    def _conflicts_tab(self) -> QWidget:
        tab = QWidget(self)
        self.conflict_table = _table(
            tab,
            [self.tr("Record"), self.tr("Field"), self.tr("Changed by"), self.tr("When")],
            "conflict_table",
        )
        self.conflict_table.itemSelectionChanged.connect(self._show_conflict)
        detail = QWidget(tab)
        self.conflict_title = QLabel(detail)
        self.conflict_title.setObjectName("conflict_title")
        self.conflict_title.setProperty("role", "heading")
        self.conflict_title.setWordWrap(True)
        self.conflict_field = QLabel(detail)
        self.conflict_field.setObjectName("conflict_field")
        self.conflict_field.setWordWrap(True)
        self.theirs_box = QGroupBox(self.tr("Their value (kept on the server)"), detail)
        self.theirs_value = _value_label(self.theirs_box, "conflict_theirs")
        self.theirs_who = QLabel(self.theirs_box)
        self.theirs_who.setObjectName("conflict_theirs_who")
        self.theirs_who.setProperty("role", "muted")
        self.theirs_who.setWordWrap(True)
        theirs_layout = QVBoxLayout(self.theirs_box)
        theirs_layout.addWidget(self.theirs_value)
        theirs_layout.addWidget(self.theirs_who)
        self.mine_box = QGroupBox(self.tr("My value"), detail)
        self.mine_value = _value_label(self.mine_box, "conflict_mine")
        self.mine_when = QLabel(self.mine_box)
        self.mine_when.setObjectName("conflict_mine_when")
        self.mine_when.setProperty("role", "muted")
        self.mine_when.setWordWrap(True)
        mine_layout = QVBoxLayout(self.mine_box)
        mine_layout.addWidget(self.mine_value)
        mine_layout.addWidget(self.mine_when)
        self.keep_theirs = QPushButton(self.tr("Keep theirs"), detail)
        self.keep_theirs.setObjectName("keep_theirs")
        self.keep_theirs.clicked.connect(lambda: self._resolve_conflict("theirs"))
        self.use_mine = QPushButton(self.tr("Use mine"), detail)
        self.use_mine.setObjectName("use_mine")
        self.use_mine.setToolTip(
            self.tr("Write my value again as a new change; the next sync sends it.")
        )
        self.use_mine.clicked.connect(lambda: self._resolve_conflict("mine"))
        self.open_conflict = QPushButton(self.tr("Open record"), detail)
        self.open_conflict.setObjectName("open_conflict_record")
        self.open_conflict.clicked.connect(self._open_conflict_record)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_theirs)
        buttons.addWidget(self.use_mine)
        buttons.addStretch(1)
        buttons.addWidget(self.open_conflict)
        self.conflict_empty = QLabel(
            self.tr("No conflicts: everything you changed reached the server as you wrote it."),
            detail,
        )
        self.conflict_empty.setObjectName("conflict_empty")
        self.conflict_empty.setWordWrap(True)
        self.conflict_empty.setProperty("role", "muted")
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.conflict_empty)
        detail_layout.addWidget(self.conflict_title)
        detail_layout.addWidget(self.conflict_field)
        detail_layout.addWidget(self.theirs_box)
        detail_layout.addWidget(self.mine_box)
        detail_layout.addLayout(buttons)
        detail_layout.addStretch(1)
        self.conflict_detail = [
            self.conflict_title,
            self.conflict_field,
            self.theirs_box,
            self.mine_box,
            self.keep_theirs,
            self.use_mine,
            self.open_conflict,
        ]
        return self._split(tab, self.conflict_table, detail)

    def _split(self, tab: QWidget, table: QTableWidget, detail: QWidget) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Horizontal, tab)
        splitter.addWidget(table)
        scroll = QScrollArea(splitter)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(detail)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([560, 400])
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(splitter)
        return tab

    # ---- the rejections tab --------------------------------------------------------------------
    def _rejections_tab(self) -> QWidget:
        tab = QWidget(self)
        self.rejection_table = _table(
            tab,
            [self.tr("Record"), self.tr("Change"), self.tr("Why"), self.tr("When")],
            "rejection_table",
            stretch=(0, 2),
        )
        self.rejection_table.itemSelectionChanged.connect(self._show_rejection)
        detail = QWidget(tab)
        self.rejection_title = QLabel(detail)
        self.rejection_title.setObjectName("rejection_title")
        self.rejection_title.setProperty("role", "heading")
        self.rejection_title.setWordWrap(True)
        self.rejection_reason = QLabel(detail)
        self.rejection_reason.setObjectName("rejection_reason")
        self.rejection_reason.setWordWrap(True)
        self.rejection_data_box = QGroupBox(self.tr("What the change carried"), detail)
        self.rejection_data = QFormLayout(self.rejection_data_box)
        self.rejection_data.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.copy_button = QPushButton(self.tr("Copy to clipboard"), detail)
        self.copy_button.setObjectName("copy_rejection")
        self.copy_button.setToolTip(
            self.tr("Copy what the change carried as text, and close it as copied.")
        )
        self.copy_button.clicked.connect(self._copy_rejection)
        self.recreate_button = QPushButton(self.tr("Create again"), detail)
        self.recreate_button.setObjectName("recreate_rejection")
        self.recreate_button.setToolTip(
            self.tr("Create a new record with this data; the next sync sends it.")
        )
        self.recreate_button.clicked.connect(self._recreate)
        self.discard_button = QPushButton(self.tr("Discard…"), detail)
        self.discard_button.setObjectName("discard_rejection")
        self.discard_button.clicked.connect(self._discard)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.recreate_button)
        buttons.addStretch(1)
        buttons.addWidget(self.discard_button)
        self.rejection_empty = QLabel(
            self.tr("No rejected changes: the server accepted everything you sent."), detail
        )
        self.rejection_empty.setObjectName("rejection_empty")
        self.rejection_empty.setWordWrap(True)
        self.rejection_empty.setProperty("role", "muted")
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.rejection_empty)
        detail_layout.addWidget(self.rejection_title)
        detail_layout.addWidget(self.rejection_reason)
        detail_layout.addWidget(self.rejection_data_box)
        detail_layout.addLayout(buttons)
        detail_layout.addStretch(1)
        self.rejection_detail = [
            self.rejection_title,
            self.rejection_reason,
            self.rejection_data_box,
            self.copy_button,
            self.recreate_button,
            self.discard_button,
        ]
        return self._split(tab, self.rejection_table, detail)

    # ---- loading -------------------------------------------------------------------------------
    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.source == "sync":
            self.reload()

    def reload(self) -> None:
        if self.controller.closed:
            return
        self._generation += 1
        generation = self._generation
        self.loading = True
        store = self.controller.store
        self.controller.db(
            lambda: load(store),
            done=lambda snapshot: self._loaded(generation, snapshot),
            failed=self._load_failed,
        )

    def _load_failed(self, exc: BaseException) -> None:
        self.loading = False
        log.error("could not read the conflicts", exc_info=exc)

    def _loaded(self, generation: int, snapshot: Snapshot) -> None:
        if generation != self._generation:
            return  # a newer read is on its way
        self.loading = False
        self.snapshot = snapshot
        self._fill_conflicts()
        self._fill_rejections()
        self._show_tab_titles()

    def _show_tab_titles(self) -> None:
        conflicts, rejections = len(self.snapshot.conflicts), len(self.snapshot.rejections)
        self.tabs.setTabText(0, self.tr("Conflicts (%1)").replace("%1", str(conflicts)))
        self.tabs.setTabText(1, self.tr("Rejected changes (%1)").replace("%1", str(rejections)))

    def _fill_conflicts(self) -> None:
        table = self.conflict_table
        selected = self.selected_conflict()
        table.blockSignals(True)
        table.setRowCount(len(self.snapshot.conflicts))
        select_row = 0
        for row, conflict in enumerate(self.snapshot.conflicts):
            table.setItem(row, 0, _item(record_name(conflict.entity, conflict.title), conflict.id))
            table.setItem(row, 1, _item(values.field_name(conflict.entity, conflict.field)))
            table.setItem(row, 2, _item(conflict.their_user or self.tr("the server")))
            table.setItem(row, 3, _item(timefmt.format_datetime(conflict.created_at)))
            if selected is not None and conflict.id == selected.id:
                select_row = row
        table.blockSignals(False)
        if self.snapshot.conflicts:
            table.selectRow(select_row)
        self._show_conflict()

    def _fill_rejections(self) -> None:
        table = self.rejection_table
        selected = self.selected_rejection()
        table.blockSignals(True)
        table.setRowCount(len(self.snapshot.rejections))
        select_row = 0
        for row, rejection in enumerate(self.snapshot.rejections):
            name = record_name(rejection.entity, rejection.title)
            table.setItem(row, 0, _item(name, rejection.id))
            table.setItem(row, 1, _item(messages.operation(rejection.kind)))
            table.setItem(row, 2, _item(messages.rejection_reason(rejection.code)))
            table.setItem(row, 3, _item(timefmt.format_datetime(rejection.created_at)))
            if selected is not None and rejection.id == selected.id:
                select_row = row
        table.blockSignals(False)
        if self.snapshot.rejections:
            table.selectRow(select_row)
        self._show_rejection()

    # ---- the selected conflict -----------------------------------------------------------------
    def selected_conflict(self) -> ConflictInfo | None:
        rows = self.conflict_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.snapshot.conflicts):
            return None
        return self.snapshot.conflicts[rows[0].row()]

    def select_conflict(self, conflict_id: uuid.UUID) -> None:
        for row, conflict in enumerate(self.snapshot.conflicts):
            if conflict.id == conflict_id:
                self.tabs.setCurrentIndex(0)
                self.conflict_table.selectRow(row)

    def _show_conflict(self) -> None:
        conflict = self.selected_conflict()
        for widget in self.conflict_detail:
            widget.setVisible(conflict is not None)
        self.conflict_empty.setVisible(not self.snapshot.conflicts)
        if conflict is None:
            return
        references = self.snapshot.references
        self.conflict_title.setText(record_name(conflict.entity, conflict.title))
        self.conflict_field.setText(
            self.tr("Field: %1").replace("%1", values.field_name(conflict.entity, conflict.field))
        )
        self.theirs_value.setText(
            values.wire_text(conflict.entity, conflict.field, conflict.theirs, references)
        )
        self.mine_value.setText(
            values.wire_text(conflict.entity, conflict.field, conflict.mine, references)
        )
        who = conflict.their_user or self.tr("the server")
        if conflict.their_at is not None:
            self.theirs_who.setText(
                self.tr("Changed by %1 on %2")
                .replace("%1", who)
                .replace("%2", timefmt.format_datetime(conflict.their_at))
            )
        else:
            self.theirs_who.setText(self.tr("Changed by %1").replace("%1", who))
        self.mine_when.setText(
            self.tr("Changed by me on %1").replace("%1", timefmt.format_datetime(conflict.my_at))
        )
        from salesdesk.ui.main_window import RECORD_AREAS

        self.open_conflict.setVisible(
            self.open_record_callback is not None and conflict.entity in RECORD_AREAS
        )

    def _resolve_conflict(self, choice: str) -> None:
        conflict = self.selected_conflict()
        if conflict is None:
            return
        store = self.controller.store
        self._busy(True)
        self.controller.db(
            lambda: client.resolve_conflict(store, conflict.id, choice),
            done=lambda _none: self._conflict_resolved(choice),
            failed=self._resolve_failed,
        )

    def _conflict_resolved(self, choice: str) -> None:
        self._busy(False)
        if choice == "mine":
            self._say(self.tr("Your value is saved again; the next sync sends it."))
        else:
            self._say(self.tr("Their value is kept."))
        self.controller.refresh_status()
        self.reload()

    def _resolve_failed(self, exc: BaseException) -> None:
        self._busy(False)
        if isinstance(exc, ValidationError):
            reasons = " ".join(labels.error_text(None, e) for e in exc.errors.values())
            self._say(
                self.tr("Your value cannot be written any more: %1").replace("%1", reasons),
                error=True,
            )
        elif isinstance(exc, NotFoundError):
            self._say(self.tr("This was already settled."))
        else:
            log.error("resolving failed", exc_info=exc)
            self._say(self.tr("That did not work; the details were logged."), error=True)
        self.reload()

    def _open_conflict_record(self) -> None:
        conflict = self.selected_conflict()
        if conflict is not None and self.open_record_callback is not None:
            self.open_record_callback(conflict.entity, conflict.row_id)

    # ---- the selected rejection ----------------------------------------------------------------
    def selected_rejection(self) -> RejectionInfo | None:
        rows = self.rejection_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.snapshot.rejections):
            return None
        return self.snapshot.rejections[rows[0].row()]

    def _show_rejection(self) -> None:
        rejection = self.selected_rejection()
        for widget in self.rejection_detail:
            widget.setVisible(rejection is not None)
        self.rejection_empty.setVisible(not self.snapshot.rejections)
        while self.rejection_data.rowCount():
            self.rejection_data.removeRow(0)
        if rejection is None:
            return
        self.rejection_title.setText(
            f"{messages.operation(rejection.kind)} · "
            f"{record_name(rejection.entity, rejection.title)}"
        )
        self.rejection_reason.setText(messages.rejection_reason(rejection.code))
        self.rejection_reason.setToolTip(messages.details(rejection.code, rejection.reason))
        rows = values.readable_fields(rejection.entity, rejection.fields, self.snapshot.references)
        if not rows:
            rows = [(self.tr("Record"), rejection.title or str(rejection.row_id))]
        for label, text in rows:
            shown = _value_label(self.rejection_data_box, "")
            shown.setText(text)
            self.rejection_data.addRow(labelled(label), shown)
        self.recreate_button.setVisible(rejection.kind == "create")

    def _copy_rejection(self) -> None:
        rejection = self.selected_rejection()
        if rejection is None:
            return
        QApplication.clipboard().setText(rejection_text(rejection, self.snapshot.references))
        self._close_rejection(
            rejection, "copied", self.tr("Copied to the clipboard; the change is closed.")
        )

    def _recreate(self) -> None:
        rejection = self.selected_rejection()
        if rejection is None or rejection.kind != "create":
            return
        store = self.controller.store
        self._busy(True)
        self.controller.db(
            lambda: client.recreate_rejected(store, rejection.id),
            done=lambda _record: self._rejection_closed(
                self.tr("Created again as a new record; the next sync sends it.")
            ),
            failed=self._resolve_failed,
        )

    def _discard(self) -> None:
        rejection = self.selected_rejection()
        if rejection is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Discard the rejected change?"),
            self.tr(
                "What this change carried is not kept anywhere else once it is discarded. "
                "Discard it?"
            ),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self._close_rejection(rejection, "discarded", self.tr("The change is discarded."))

    def _close_rejection(self, rejection: RejectionInfo, choice: str, said: str) -> None:
        store = self.controller.store
        self._busy(True)
        self.controller.db(
            lambda: client.resolve_rejection(store, rejection.id, choice),
            done=lambda _none: self._rejection_closed(said),
            failed=self._resolve_failed,
        )

    def _rejection_closed(self, said: str) -> None:
        self._busy(False)
        self._say(said)
        self.controller.refresh_status()
        self.reload()

    # ---- messages ------------------------------------------------------------------------------
    def _busy(self, busy: bool) -> None:
        for button in (
            self.keep_theirs,
            self.use_mine,
            self.copy_button,
            self.recreate_button,
            self.discard_button,
        ):
            button.setEnabled(not busy)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("role", "error" if error else "")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
