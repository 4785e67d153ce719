"""The task detail pane: what the task is, when, for whom, and the buttons to act on it."""

from __future__ import annotations

import html
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain import tasks as rules
from salesdesk.domain.entities import Task
from salesdesk.domain.schema import utcnow
from salesdesk.store import tasks as queries
from salesdesk.store.store import ChangeSet
from salesdesk.ui import labels, timefmt
from salesdesk.ui.context import AppContext


class TaskDetail(QWidget):
    sig_edit = Signal(object)  # Task
    sig_delete = Signal(object)  # Task
    sig_toggle = Signal(object, bool)  # task id, done
    sig_open_customer = Signal(object)  # customer id
    sig_open_deal = Signal(object)  # deal id

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.row: queries.TaskRow | None = None
        self._generation = 0

        self.title = QLabel(self)
        self.title.setObjectName("task_title")
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("task_subtitle")
        self.subtitle.setProperty("role", "muted")
        self.overdue = QLabel(self.tr("Overdue"), self)
        self.overdue.setObjectName("task_overdue")
        self.overdue.setProperty("role", "error")

        self.facts = QFormLayout()
        self.fact_labels: dict[str, QLabel] = {}
        for key, text in (
            ("due", self.tr("Due")),
            ("remind", self.tr("Reminder")),
            ("customer", self.tr("Customer")),
            ("deal", self.tr("Deal")),
            ("assignee", self.tr("Assigned to")),
            ("assigned_by", self.tr("Assigned by")),
            ("created", self.tr("Created")),
            ("completed", self.tr("Completed")),
        ):
            value = QLabel(self)
            value.setObjectName(f"task_fact_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            self.fact_labels[key] = value
            self.facts.addRow(text, value)
        self.fact_labels["customer"].linkActivated.connect(self._open_customer)
        self.fact_labels["deal"].linkActivated.connect(self._open_deal)

        self.description_heading = QLabel(self.tr("Description"), self)
        self.description_heading.setProperty("role", "heading")
        self.description = QLabel(self)
        self.description.setObjectName("task_description")
        self.description.setWordWrap(True)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.toggle_button = QPushButton(self)
        self.toggle_button.setObjectName("toggle_task")
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setObjectName("edit_task")
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setObjectName("delete_task")
        self.toggle_button.clicked.connect(self._toggle)
        self.edit_button.clicked.connect(lambda: self.row and self.sig_edit.emit(self.row.task))
        self.delete_button.clicked.connect(lambda: self.row and self.sig_delete.emit(self.row.task))
        buttons = QHBoxLayout()
        buttons.addWidget(self.toggle_button)
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)

        self.body = QWidget(self)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.title)
        body.addWidget(self.subtitle)
        body.addWidget(self.overdue)
        body.addLayout(buttons)
        body.addLayout(self.facts)
        body.addWidget(self.description_heading)
        body.addWidget(self.description, 1)

        self.empty = QLabel(self.tr("Select a task to see the details."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.empty, 1)
        self._set_visible(False)
        context.bus.sig_changed.connect(self._on_changes)

    def _set_visible(self, has_task: bool) -> None:
        self.body.setVisible(has_task)
        self.empty.setVisible(not has_task)

    # ---- loading -------------------------------------------------------------------------------
    @property
    def task_id(self) -> uuid.UUID | None:
        return self.row.task.id if self.row else None

    def show_task(self, task_id: uuid.UUID | None) -> None:
        self._generation += 1
        generation = self._generation
        if task_id is None:
            self.row = None
            self._set_visible(False)
            return
        store = self.context.store

        def done(found: dict[uuid.UUID, queries.TaskRow]) -> None:
            if generation == self._generation:
                row = found.get(task_id)
                self._show(row if row is not None and not row.task.deleted else None)

        self.context.runner.db(lambda: queries.describe_tasks(store, [task_id]), done=done)

    def _show(self, row: queries.TaskRow | None) -> None:
        self.row = row
        self._set_visible(row is not None)
        if row is None:
            return
        task = row.task
        self.title.setText(task.title)
        self.subtitle.setText(
            " · ".join(
                (
                    labels.choice_label("task", "priority", task.priority),
                    labels.choice_label("task", "status", task.status),
                )
            )
        )
        self.overdue.setVisible(rules.is_overdue(task, utcnow()))
        done = task.status == "done"
        self.toggle_button.setText(self.tr("Reopen") if done else self.tr("Mark done"))
        values = {
            "due": timefmt.format_datetime(task.due_at),
            "remind": timefmt.format_datetime(task.remind_at),
            "customer": _link("customer", row.customer_name),
            "deal": _link("deal", row.deal_title),
            "assignee": html.escape(row.assignee_name),
            "assigned_by": html.escape(row.assigned_by_name),
            "created": timefmt.format_datetime(task.created_at),
            "completed": timefmt.format_datetime(task.completed_at),
        }
        for key, value in values.items():
            self.fact_labels[key].setText(value or "—")
        self.description.setText(task.description or self.tr("No description."))

    def _on_changes(self, changes: ChangeSet) -> None:
        current = self.task_id
        if current is not None and (
            current in changes.ids("task") or changes.touches("customer", "deal")
        ):
            self.show_task(current)

    # ---- actions -------------------------------------------------------------------------------
    def _toggle(self) -> None:
        if self.row is not None:
            task: Task = self.row.task
            self.sig_toggle.emit(task.id, task.status != "done")

    def _open_customer(self, _link: str) -> None:
        if self.row is not None and self.row.task.customer_id is not None:
            self.sig_open_customer.emit(self.row.task.customer_id)

    def _open_deal(self, _link: str) -> None:
        if self.row is not None and self.row.task.deal_id is not None:
            self.sig_open_deal.emit(self.row.task.deal_id)


def _link(target: str, text: str) -> str:
    return f'<a href="{target}">{html.escape(text)}</a>' if text else ""
