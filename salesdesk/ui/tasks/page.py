"""The Tasks area (任务): filters, the lazy task list, the detail pane.

Filters: open/done, due today/overdue/this week, priority, and whose tasks —
assigned to me, assigned by me, and for managers everyone or one team member.
Ticking a task in the list completes it; deleting offers Undo.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import TASK_PRIORITIES, Task, User
from salesdesk.domain.tasks import PRIORITY_RANK
from salesdesk.store import tasks as queries
from salesdesk.store.store import ChangeSet
from salesdesk.ui import labels, resources
from salesdesk.ui.context import AppContext
from salesdesk.ui.tasks.detail import TaskDetail
from salesdesk.ui.tasks.editor import TaskDialog
from salesdesk.ui.tasks.model import COLUMNS, TaskTableModel
from salesdesk.ui.tasks.widgets import index_of

SEARCH_DELAY_MS = 150


class TasksPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.profile = context.store.profile
        self.members: list[User] = []
        self._select_after_load: uuid.UUID | None = None

        self.search = QLineEdit(self)
        self.search.setObjectName("task_search")
        self.search.setPlaceholderText(self.tr("Search tasks or customers…"))
        self.search.setClearButtonEnabled(True)
        self.status = self._combo(
            "filter_status",
            [
                (self.tr("To do"), "open"),
                (self.tr("Done"), "done"),
                (self.tr("Open and done"), ""),
            ],
        )
        self.due = self._combo(
            "filter_due",
            [
                (self.tr("Any date"), "all"),
                (self.tr("Due today"), "today"),
                (self.tr("Overdue"), "overdue"),
                (self.tr("This week"), "week"),
            ],
        )
        priorities = tuple(sorted(TASK_PRIORITIES, key=PRIORITY_RANK.__getitem__))
        named = labels.choice_items("task", "priority", priorities)
        self.priority = self._combo(
            "filter_priority",
            [(self.tr("Any priority"), "")] + [(text, code) for code, text in named],
        )
        self.people = QComboBox(self)
        self.people.setObjectName("filter_people")
        self._fill_people()
        self.count = QLabel(self)
        self.count.setObjectName("task_count")
        self.count.setProperty("role", "muted")
        self.new_button = QPushButton(resources.icon("add"), self.tr("New task…"), self)
        self.new_button.setObjectName("new_task")

        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for combo in (self.status, self.due, self.priority, self.people):
            bar.addWidget(combo, 1)
        bar.addWidget(self.new_button)

        self.model = TaskTableModel(context, self)
        self.table = QTableView(self)
        self.table.setObjectName("task_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # The indicator first, so turning sorting on asks for the order the model already has.
        self.table.horizontalHeader().setSortIndicator(_column("due"), Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(_column("title"), QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        for column, width in enumerate((44, 200, 64, 124, 210, 80, 80, 124)):
            header.resizeSection(column, width)
        self.table.doubleClicked.connect(self._edit_index)

        self.detail = TaskDetail(context, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        for combo in (self.status, self.due, self.priority, self.people):
            combo.currentIndexChanged.connect(lambda _index: self._apply_filter())
        self.new_button.clicked.connect(lambda _checked: self.new_task())
        self.model.sig_loaded.connect(self._loaded)
        self.model.sig_failed.connect(context.notifier.show_error)
        self.model.sig_toggled.connect(self.set_done)
        self.detail.sig_toggle.connect(self.set_done)
        self.detail.sig_edit.connect(self.edit_task)
        self.detail.sig_delete.connect(self.delete_task)
        self.detail.sig_open_customer.connect(self._open_customer)
        self.detail.sig_open_deal.connect(self._open_deal)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        for key, action in (
            (Qt.Key.Key_Delete, self._delete_selected),
            (Qt.Key.Key_Return, self._edit_selected),
            (Qt.Key.Key_Space, self._toggle_selected),
        ):
            shortcut = QShortcut(QKeySequence(key), self.table, action)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        context.bus.sig_changed.connect(self._on_changes)
        self._load_members()
        self._show_people_columns_for(self.current_filter())
        self.model.set_filter(self.current_filter())

    # ---- filters -------------------------------------------------------------------------------
    def _combo(self, name: str, items: list[tuple[str, Any]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        for text, data in items:
            combo.addItem(text, data)
        return combo

    def _fill_people(self) -> None:
        current = self.people.currentData()
        self.people.blockSignals(True)
        self.people.clear()
        self.people.addItem(self.tr("Assigned to me"), "mine")
        self.people.addItem(self.tr("Assigned by me"), "by_me")
        if self.profile.is_manager:
            self.people.addItem(self.tr("Everyone in the team"), "everyone")
            for member in self.members:
                if member.id != self.profile.user_id:
                    self.people.addItem(
                        self.tr("Assigned to %1").replace("%1", member.display_name), member.id
                    )
        index = index_of(self.people, current)
        self.people.setCurrentIndex(max(index, 0))
        self.people.blockSignals(False)

    def _load_members(self) -> None:
        store = self.context.store
        team_id = self.profile.team_id

        def work() -> list[User]:
            with store.engine.connect() as connection:
                return queries.team_members(connection, team_id)

        def done(members: list[User]) -> None:
            self.members = members
            self._fill_people()

        self.context.runner.db(work, done=done, failed=lambda exc: None)

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.touches("user"):
            self._load_members()

    def current_filter(self) -> queries.TaskFilter:
        people = self.people.currentData()
        user_id = people if isinstance(people, uuid.UUID) else None
        return dataclasses.replace(
            self.model.filter,
            text=self.search.text(),
            status=self.status.currentData(),
            due=self.due.currentData(),
            priority=self.priority.currentData(),
            people="user" if user_id is not None else (people or "mine"),
            user_id=user_id,
        )

    def _show_people_columns_for(self, query: queries.TaskFilter) -> None:
        """Whose task it is only shows where it can be someone else."""
        people = query.people
        self.table.setColumnHidden(_column("assignee"), people == "mine")
        self.table.setColumnHidden(_column("assigned_by"), people == "by_me")

    def _apply_filter(self) -> None:
        self._timer.stop()
        wanted = self.current_filter()
        self._show_people_columns_for(wanted)
        if wanted != self.model.filter:
            self._select_after_load = self.detail.task_id
            self.model.set_filter(wanted)

    def show_everything_of_mine(self) -> None:
        """Clear the filters (all dates, open and done, my tasks)."""
        for combo, data in (
            (self.status, ""),
            (self.due, "all"),
            (self.priority, ""),
            (self.people, "mine"),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(data), 0))
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._show_people_columns_for(self.current_filter())
        self.model.set_filter(self.current_filter())

    # ---- list and selection --------------------------------------------------------------------
    def _loaded(self, count: int) -> None:
        self.count.setText(self.tr("%1 tasks").replace("%1", f"{count:,}"))
        wanted = self._select_after_load or self.detail.task_id
        self._select_after_load = None
        row = self.model.row_of(wanted) if wanted else None
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
            if self.detail.task_id != wanted:
                self.detail.show_task(wanted)
        elif self.detail.task_id is not None and wanted == self.detail.task_id:
            self.detail.show_task(None)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            task_id = self.model.task_id(indexes[0].row())
            if task_id != self.detail.task_id:
                self.detail.show_task(task_id)

    def selected_task(self) -> Task | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.task(rows[0].row()) if rows else None

    def open_task(self, task_id: uuid.UUID) -> None:
        """Show one task (a reminder was clicked): this area, the task selected."""
        _show_area(self, "tasks")
        row = self.model.row_of(task_id)
        if row is None:
            self._select_after_load = task_id
            self.show_everything_of_mine()
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def open_record(self, entity: str, record_id: uuid.UUID | None) -> bool:
        """Show a task (``MainWindow.open_record``); False for other kinds of record."""
        if entity != "task":
            return False
        if record_id is not None:
            self.open_task(record_id)
        return True

    def open_overdue(self) -> None:
        _show_area(self, "tasks")
        self.status.setCurrentIndex(self.status.findData("open"))
        self.due.setCurrentIndex(self.due.findData("overdue"))

    def _open_customer(self, customer_id: uuid.UUID) -> None:
        if not _open_record(self, "customer", customer_id):
            select = getattr(_show_area(self, "customers"), "select_customer", None)
            if select is not None:
                select(customer_id)

    def _open_deal(self, deal_id: uuid.UUID) -> None:
        if not _open_record(self, "deal", deal_id):
            open_deal = getattr(_show_area(self, "deals"), "open_deal", None)
            if open_deal is not None:
                open_deal(deal_id)

    # ---- actions -------------------------------------------------------------------------------
    def new_task(self, preset: dict[str, Any] | None = None) -> None:
        dialog = TaskDialog(self.context, self.members, parent=self, preset=preset)
        if dialog.exec() and dialog.saved is not None:
            self.select_task(dialog.saved.id)

    def select_task(self, task_id: uuid.UUID) -> None:
        """Select a task in the list now, or once the list (re)loads with it."""
        row = self.model.row_of(task_id)
        if row is None or self.model.loading:
            self._select_after_load = task_id
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def edit_task(self, task: Task) -> None:
        TaskDialog(self.context, self.members, task, parent=self).exec()

    def _edit_index(self, index: QModelIndex) -> None:
        if COLUMNS[index.column()].key != "done":
            self.edit_task(self.model.task(index.row()))

    def _edit_selected(self) -> None:
        task = self.selected_task()
        if task is not None:
            self.edit_task(task)

    def _toggle_selected(self) -> None:
        task = self.selected_task()
        if task is not None:
            self.set_done(task.id, task.status != "done")

    def _delete_selected(self) -> None:
        task = self.selected_task()
        if task is not None:
            self.delete_task(task)

    def set_done(self, task_id: uuid.UUID, done: bool) -> None:
        """Complete or reopen a task (on the database thread)."""
        store = self.context.store
        notifier = self.context.notifier

        def finished(task: Task) -> None:
            if done:
                notifier.notify(
                    self.tr("Done: %1").replace("%1", task.title),
                    self.tr("Undo"),
                    lambda: self.set_done(task_id, False),
                )

        self.context.runner.db(
            lambda: queries.set_done(store, task_id, done),
            done=finished,
            failed=lambda exc: notifier.show_error(str(exc)),
        )

    def delete_task(self, task: Task) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Delete task"),
            self.tr("Delete the task “%1”?").replace("%1", task.title),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        store = self.context.store
        notifier = self.context.notifier

        def undo() -> None:
            self._select_after_load = task.id
            self.context.runner.db(
                lambda: store.restore(Task, task.id),
                failed=lambda exc: notifier.show_error(str(exc)),
            )

        self.context.runner.db(
            lambda: store.delete(Task, task.id),
            done=lambda _none: notifier.notify(
                self.tr("Task “%1” deleted.").replace("%1", task.title), self.tr("Undo"), undo
            ),
            failed=lambda exc: notifier.show_error(str(exc)),
        )


def _column(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.key == key)


def _open_record(widget: QWidget, entity: str, record_id: uuid.UUID) -> bool:
    """Ask the main window to show a record in its area (False when it cannot)."""
    opener = getattr(widget.window(), "open_record", None)
    return bool(opener(entity, record_id)) if callable(opener) else False


def _show_area(widget: QWidget, key: str) -> QWidget | None:
    """Switch the main window to an area; returns that area's page (None if not there)."""
    window = widget.window()
    show = getattr(window, "show_area", None)
    if show is not None:
        show(key)
    pages = getattr(window, "pages", {})
    page = pages.get(key) if isinstance(pages, dict) else None
    return page if isinstance(page, QWidget) else None
