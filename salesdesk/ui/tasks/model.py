"""The task list's table model: row ids only, rows read lazily by id when painted.

The filtered, sorted ids come from ``store.tasks.task_ids`` on the database
thread; rows (with customer, deal and people names) are read 100 at a time
when the view first paints them. The first column is a check box that
completes or reopens the task.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from salesdesk.domain import tasks as rules
from salesdesk.domain.entities import Task
from salesdesk.domain.schema import utcnow
from salesdesk.store import tasks as queries
from salesdesk.store.clock import local_tz
from salesdesk.store.store import ChangeSet
from salesdesk.ui import labels, timefmt
from salesdesk.ui.context import AppContext

CHUNK = 100
CACHE_ROWS = 3000
ERROR_COLOUR = QColor("#d93025")  # the style sheet's error colour: overdue is an error state

Index = QModelIndex | QPersistentModelIndex


@dataclasses.dataclass(frozen=True)
class Column:
    key: str
    sort: str | None  # the TaskFilter sort key; None: not sortable


COLUMNS = (
    Column("done", "status"),
    Column("title", "title"),
    Column("priority", "priority"),
    Column("due", "due"),
    Column("customer", "customer"),
    Column("assignee", None),
    Column("assigned_by", None),
    Column("remind", None),
)


class TaskTableModel(QAbstractTableModel):
    sig_loaded = Signal(int)  # rows after a (re)load
    sig_failed = Signal(str)
    sig_toggled = Signal(object, bool)  # task id, done: the user ticked or unticked a task

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._ids: list[str] = []
        self._positions: dict[str, int] = {}
        self._cache: OrderedDict[str, queries.TaskRow] = OrderedDict()
        self._filter = queries.TaskFilter()
        self._generation = 0
        self.now = utcnow()
        self.loading = False
        context.bus.sig_changed.connect(self._on_changes)

    # ---- loading -------------------------------------------------------------------------------
    @property
    def filter(self) -> queries.TaskFilter:
        return self._filter

    def set_filter(self, new_filter: queries.TaskFilter) -> None:
        self._filter = new_filter
        self.reload()

    def reload(self) -> None:
        """Query the ids again on the database thread; the newest request wins."""
        self._generation += 1
        generation = self._generation
        query = self._filter
        store = self._context.store
        me = store.profile.user_id
        now, tz = utcnow(), local_tz()
        self.loading = True

        def work() -> list[str]:
            with store.engine.connect() as connection:
                return queries.task_ids(connection, query, me=me, now=now, tz=tz)

        def done(ids: list[str]) -> None:
            if generation == self._generation:
                self._loaded(ids, now)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.loading = False
                self.sig_failed.emit(str(exc))

        self._context.runner.db(work, done=done, failed=failed)

    def _loaded(self, ids: list[str], now: dt.datetime) -> None:
        self.beginResetModel()
        self._ids = ids
        self._positions = {key: row for row, key in enumerate(ids)}
        self.now = now
        self.endResetModel()
        self.loading = False
        self.sig_loaded.emit(len(ids))

    def _on_changes(self, changes: ChangeSet) -> None:
        if not changes.touches("task", "customer", "deal", "user"):
            return
        if changes.touches("customer", "deal", "user"):  # names shown in rows may have changed
            self._cache.clear()
        for changed in changes.ids("task"):
            self._cache.pop(changed.hex, None)
        if changes.touches("task"):
            self.reload()
        elif self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )

    # ---- lookups -------------------------------------------------------------------------------
    def task_id(self, row: int) -> uuid.UUID:
        return uuid.UUID(self._ids[row])

    def row_of(self, task_id: uuid.UUID) -> int | None:
        return self._positions.get(task_id.hex)

    def task_row(self, row: int) -> queries.TaskRow:
        key = self._ids[row]
        cached = self._cache.get(key)
        if cached is None:
            self._fetch_chunk(row)
            cached = self._cache[key]
        else:
            self._cache.move_to_end(key)
        return cached

    def task(self, row: int) -> Task:
        return self.task_row(row).task

    def _fetch_chunk(self, row: int) -> None:
        """Read the rows around ``row`` by id: small primary-key lookups."""
        start = (row // CHUNK) * CHUNK
        ids = [uuid.UUID(k) for k in self._ids[start : start + CHUNK] if k not in self._cache]
        found = queries.describe_tasks(self._context.store, ids)
        for task_id in ids:
            self._cache[task_id.hex] = found.get(task_id) or queries.TaskRow(_gone(task_id))
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)

    # ---- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        key = COLUMNS[section].key
        if role == Qt.ItemDataRole.ToolTipRole and key == "done":
            return self.tr("Tick a task to complete it")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            "done": self.tr("Done"),
            "title": self.tr("Task"),
            "priority": self.tr("Priority"),
            "due": self.tr("Due"),
            "customer": self.tr("Customer / deal"),
            "assignee": self.tr("Assigned to"),
            "assigned_by": self.tr("Assigned by"),
            "remind": self.tr("Reminder"),
        }[key]

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and COLUMNS[index.column()].key == "done":
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key = COLUMNS[index.column()].key
        item = self.task_row(index.row())
        task = item.task
        if role == Qt.ItemDataRole.CheckStateRole and key == "done":
            return Qt.CheckState.Checked if task.status == "done" else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(key, item)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "title":
                return task.description or task.title
            if key == "due" and rules.is_overdue(task, self.now):
                return self.tr("Overdue")
            return self._text(key, item) or None
        if role == Qt.ItemDataRole.ForegroundRole and key == "due":
            return ERROR_COLOUR if rules.is_overdue(task, self.now) else None
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            if task.status == "done" and key == "title":
                font.setStrikeOut(True)
                return font
            if key == "priority" and task.priority in ("high", "urgent"):
                font.setBold(True)
                return font
        return None

    def _text(self, key: str, item: queries.TaskRow) -> str:
        task = item.task
        if key == "title":
            return task.title
        if key == "priority":
            return labels.choice_label("task", "priority", task.priority)
        if key == "due":
            return timefmt.format_datetime(task.due_at)
        if key == "customer":
            return " · ".join(p for p in (item.customer_name, item.deal_title) if p)
        if key == "assignee":
            return item.assignee_name
        if key == "assigned_by":
            return item.assigned_by_name
        if key == "remind":
            return timefmt.format_datetime(task.remind_at)
        return ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or role != Qt.ItemDataRole.CheckStateRole
            or COLUMNS[index.column()].key != "done"
        ):
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.sig_toggled.emit(self.task_id(index.row()), checked)
        return True  # the row is redrawn when the write's change set arrives

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column].sort
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self._filter.sort, self._filter.descending):
            self.set_filter(dataclasses.replace(self._filter, sort=key, descending=descending))


def _gone(task_id: uuid.UUID) -> Task:
    now = utcnow()
    return Task(id=task_id, created_at=now, updated_at=now, title="", deleted=True)
