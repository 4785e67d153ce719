"""The deal detail window: facts, the current stage's checklist, stage history, notes, and the
actions (edit, mark lost, reopen, delete, new task).

Ticking a checklist item is saved at once (on the database thread); required
items are what the board asks for before the deal may move on. The window
follows the store: when the deal changes anywhere, it reloads.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain import pipeline
from salesdesk.domain.entities import Deal, PipelineStage
from salesdesk.store import deals as queries
from salesdesk.store.store import ChangeSet
from salesdesk.ui import labels, timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.deals.names import item_text, stage_name


class DealDetailDialog(QDialog):
    """One deal, kept up to date; the page acts on the buttons' signals."""

    sig_edit = Signal(object)  # Deal
    sig_lost = Signal(object)  # Deal
    sig_reopen = Signal(object)  # Deal
    sig_delete = Signal(object)  # Deal
    sig_new_task = Signal(object)  # Deal

    def __init__(self, context: AppContext, deal_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("deal_detail")
        self.context = context
        self.deal_id = deal_id
        self.view: queries.DealView | None = None
        self._generation = 0
        self.setWindowTitle(self.tr("Deal"))

        self.title = QLabel(self)
        self.title.setObjectName("deal_title")
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("deal_subtitle")
        self.subtitle.setProperty("role", "muted")
        self.subtitle.setWordWrap(True)
        self.alert = QLabel(self)
        self.alert.setObjectName("deal_alert")
        self.alert.setProperty("role", "warning")
        self.alert.setWordWrap(True)
        self.alert.hide()

        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setObjectName("edit_deal")
        self.lost_button = QPushButton(self.tr("Mark lost…"), self)
        self.lost_button.setObjectName("mark_lost")
        self.reopen_button = QPushButton(self.tr("Reopen"), self)
        self.reopen_button.setObjectName("reopen_deal")
        self.task_button = QPushButton(self.tr("New task…"), self)
        self.task_button.setObjectName("deal_new_task")
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setObjectName("delete_deal")
        for button, signal in (
            (self.edit_button, self.sig_edit),
            (self.lost_button, self.sig_lost),
            (self.reopen_button, self.sig_reopen),
            (self.task_button, self.sig_new_task),
            (self.delete_button, self.sig_delete),
        ):
            button.clicked.connect(
                lambda _checked=False, s=signal: self.view and s.emit(self.view.deal)
            )
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.lost_button, self.reopen_button, self.task_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)

        self.facts = QFormLayout()
        self.fact_labels: dict[str, QLabel] = {}
        for key, text in (
            ("amount", self.tr("Amount")),
            ("probability", self.tr("Probability")),
            ("expected_close", self.tr("Expected close")),
            ("contact", self.tr("Contact")),
            ("owner", self.tr("Sales rep")),
            ("in_stage", self.tr("In stage since")),
            ("created", self.tr("Created")),
            ("closed_on", self.tr("Closed on")),
            ("lost_reason", self.tr("Reason lost")),
        ):
            value = QLabel(self)
            value.setObjectName(f"deal_fact_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fact_labels[key] = value
            self.facts.addRow(text, value)

        self.checklist_box = QGroupBox(self)
        self.checklist_box.setObjectName("checklist")
        self.checklist_layout = QVBoxLayout(self.checklist_box)
        self.checklist_hint = QLabel(self.tr("* required before the deal moves on"), self)
        self.checklist_hint.setProperty("role", "muted")
        self.checks: dict[str, QCheckBox] = {}

        top = QHBoxLayout()
        top.addLayout(self.facts, 1)
        top.addWidget(self.checklist_box, 1)

        self.tabs = QTabWidget(self)
        self.history = QTableWidget(0, 4, self)
        self.history.setObjectName("stage_history")
        self.history.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("From"), self.tr("To"), self.tr("By")]
        )
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.history, self.tr("Stage history"))
        notes_page = QWidget(self)
        self.notes = QListWidget(notes_page)
        self.notes.setObjectName("deal_notes")
        self.notes.setWordWrap(True)
        self.note_input = QLineEdit(notes_page)
        self.note_input.setObjectName("deal_note_input")
        self.note_input.setPlaceholderText(self.tr("Add a note and press Enter"))
        self.note_input.returnPressed.connect(self._add_note)
        notes_layout = QVBoxLayout(notes_page)
        notes_layout.addWidget(self.notes, 1)
        notes_layout.addWidget(self.note_input)
        self.tabs.addTab(notes_page, self.tr("Notes"))

        self.gone = QLabel(self.tr("This deal was deleted."), self)
        self.gone.setProperty("role", "muted")
        self.gone.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.alert)
        layout.addLayout(buttons)
        layout.addLayout(top)
        layout.addWidget(self.checklist_hint)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.gone)
        self.resize(720, 620)
        context.bus.sig_changed.connect(self._on_changes)
        self.finished.connect(self._closed)
        self.reload()

    def _closed(self, _result: int) -> None:
        """Drop the answers of reads still under way: the window is going away."""
        self._generation += 1
        self.context.bus.sig_changed.disconnect(self._on_changes)

    # ---- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        store = self.context.store
        deal_id = self.deal_id

        def done(view: queries.DealView | None) -> None:
            if generation == self._generation:
                self._show(view)

        self.context.runner.db(
            lambda: queries.deal_view(store, deal_id),
            done=done,
            failed=lambda exc: self.context.notifier.show_error(str(exc)),
        )

    def _on_changes(self, changes: ChangeSet) -> None:
        if (
            self.deal_id in changes.ids("deal")
            or changes.touches("deal_stage_change", "contact", "pipeline_stage")
            or (self.view is not None and self.view.deal.customer_id in changes.ids("customer"))
        ):
            self.reload()

    def _show(self, view: queries.DealView | None) -> None:
        self.view = view
        for widget in (self.edit_button, self.lost_button, self.reopen_button, self.task_button):
            widget.setEnabled(view is not None)
        self.delete_button.setEnabled(view is not None)
        self.gone.setVisible(view is None)
        if view is None:
            return
        deal = view.deal
        stage = view.stage
        self.setWindowTitle(deal.title)
        self.title.setText(deal.title)
        self.subtitle.setText(
            " · ".join(
                p
                for p in (
                    view.customer_name,
                    stage_name(stage) if stage is not None else "",
                    labels.choice_label("deal", "status", deal.status),
                )
                if p
            )
        )
        self._show_alert(view.alert)
        closed = deal.status != "open"
        self.lost_button.setVisible(deal.status != "lost")
        self.reopen_button.setVisible(closed)
        can_reopen = deal.status == "lost" or self.context.store.profile.is_manager
        self.reopen_button.setEnabled(can_reopen)
        if not can_reopen:
            self.reopen_button.setToolTip(self.tr("Only a manager can reopen a won deal."))
        values = {
            "amount": labels.money(deal.amount),
            "probability": f"{deal.probability}%",
            "expected_close": timefmt.format_date(deal.expected_close),
            "contact": view.contact_name,
            "owner": view.names.get(deal.owner_id, "") if deal.owner_id else "",
            "in_stage": timefmt.format_datetime(deal.stage_changed_at),
            "created": timefmt.format_datetime(deal.created_at),
            "closed_on": timefmt.format_date(deal.closed_on),
            "lost_reason": deal.lost_reason,
        }
        for key, value in values.items():
            self.fact_labels[key].setText(value or "—")
        self._set_fact_visible("closed_on", closed)
        self._set_fact_visible("lost_reason", bool(deal.lost_reason))
        self._show_checklist(deal, stage)
        self._show_history(view)
        self.notes.clear()
        for note in reversed(deal.notes):
            author = view.names.get(note.by, "") if note.by else ""
            self.notes.addItem(
                QListWidgetItem(f"{timefmt.format_datetime(note.at)}  {author}\n{note.text}")
            )

    def _set_fact_visible(self, key: str, visible: bool) -> None:
        self.facts.setRowVisible(self.fact_labels[key], visible)

    def _show_alert(self, alert: pipeline.DealAlert | None) -> None:
        parts = []
        if alert is not None and alert.stuck:
            parts.append(
                self.tr("In this stage for %1 days (more than %2).")
                .replace("%1", str(alert.days_in_stage))
                .replace("%2", str(alert.stuck_days))
            )
        if alert is not None and alert.close_overdue:
            parts.append(
                self.tr("The expected close date passed %1 days ago.").replace(
                    "%1", str(alert.days_overdue)
                )
            )
        self.alert.setText(" ".join(parts))
        self.alert.setVisible(bool(parts))

    def _show_checklist(self, deal: Deal, stage: PipelineStage | None) -> None:
        for check in self.checks.values():
            self.checklist_layout.removeWidget(check)
            check.deleteLater()
        self.checks = {}
        items = pipeline.checklist_items(stage) if stage is not None else []
        name = stage_name(stage) if stage is not None else ""
        self.checklist_box.setTitle(self.tr("Checklist: %1").replace("%1", name))
        done = set(deal.checklist_done)
        for item in items:
            check = QCheckBox(item_text(item) + (" *" if item.required else ""), self.checklist_box)
            check.setObjectName(f"check_{item.id}")
            check.setChecked(item.id in done)
            if item.required:
                check.setToolTip(self.tr("Required before the deal moves on"))
            check.toggled.connect(lambda on, item_id=item.id: self._tick(item_id, on))
            self.checklist_layout.addWidget(check)
            self.checks[item.id] = check
        if not items:
            empty = QCheckBox(self.tr("No checklist for this stage"), self.checklist_box)
            empty.setEnabled(False)
            self.checklist_layout.addWidget(empty)
            self.checks[""] = empty
        self.checklist_hint.setVisible(any(item.required for item in items))

    def _show_history(self, view: queries.DealView) -> None:
        self.history.setRowCount(len(view.history))
        for row, entry in enumerate(view.history):
            by_id = {s.id: s for s in view.stages}
            source = by_id.get(entry.change.from_stage_id) if entry.change.from_stage_id else None
            target = by_id.get(entry.change.to_stage_id) if entry.change.to_stage_id else None
            cells = (
                timefmt.format_datetime(entry.change.changed_at or entry.change.created_at),
                stage_name(source) if source is not None else (entry.from_name or "—"),
                stage_name(target) if target is not None else entry.to_name,
                entry.by_name,
            )
            for column, text in enumerate(cells):
                self.history.setItem(row, column, QTableWidgetItem(text))

    # ---- actions -------------------------------------------------------------------------------
    def _tick(self, item_id: str, on: bool) -> None:
        store = self.context.store
        deal_id = self.deal_id
        self.context.runner.db(
            lambda: queries.set_checklist_item(store, deal_id, item_id, on),
            failed=lambda exc: self.context.notifier.show_error(str(exc)),
        )

    def _add_note(self) -> None:
        text = self.note_input.text().strip()
        if not text:
            return
        store = self.context.store
        deal_id = self.deal_id

        def work() -> None:
            with store.transaction() as writer:
                writer.add_note(Deal, deal_id, text)

        self.context.runner.db(
            work,
            done=lambda _none: self.note_input.clear(),
            failed=lambda exc: self.context.notifier.show_error(str(exc)),
        )
