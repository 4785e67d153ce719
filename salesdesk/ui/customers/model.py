"""The customer list's table model: row ids only, rows fetched lazily in small chunks.

The filtered, sorted id list is queried on the database thread (a few tens of
milliseconds for 100,000 customers); rows are read by id, 100 at a time, when
the view first paints them, and kept in a bounded cache.

A new filter that may match much of the list (no search text, or one short
term such as 华) is loaded in two steps: its first FIRST_ROWS ids (a walk of
the list's index that stops early) are shown at once, and the rest follow as
inserted rows from a second query; ``loading`` stays true and ``sig_loaded``
comes once the list is whole.
"""

from __future__ import annotations

import dataclasses
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

from salesdesk.domain.entities import Customer
from salesdesk.store import customers as queries
from salesdesk.store.store import ChangeSet
from salesdesk.ui import labels, timefmt
from salesdesk.ui.context import AppContext

CHUNK = 40  # rows read at once while painting: about one screenful (100 took 10–18 ms)
CACHE_ROWS = 3000
FIRST_ROWS = 200  # more than a maximised window shows

Index = QModelIndex | QPersistentModelIndex


_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value


@dataclasses.dataclass(frozen=True)
class Column:
    key: str
    sort: str | None  # the CustomerFilter sort key, None: not sortable


COLUMNS = (
    Column("name", "name"),
    Column("tier", "tier"),
    Column("status", "status"),
    Column("industry", "industry"),
    Column("region", "region"),
    Column("contact", None),
    Column("phone", None),
    Column("updated", "updated"),
)


class CustomerTableModel(QAbstractTableModel):
    sig_loaded = Signal(int)  # number of rows after a (re)load
    sig_failed = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._ids: list[str] = []
        self._positions: dict[str, int] = {}
        self._cache: OrderedDict[str, tuple[Customer, str]] = OrderedDict()
        self._filter = queries.CustomerFilter()
        self._generation = 0
        self._first_rows_of = -1  # the load whose first rows are shown while the rest comes
        self.loading = False
        context.bus.sig_changed.connect(self._on_changes)

    # ---- loading -------------------------------------------------------------------------------
    @property
    def filter(self) -> queries.CustomerFilter:
        return self._filter

    def set_filter(self, new_filter: queries.CustomerFilter) -> None:
        self._filter = new_filter
        self.reload(first_rows_first=True)

    def reload(self, *, first_rows_first: bool = False) -> None:
        """Query the ids again (on the database thread); the newest request wins.

        ``first_rows_first``: for a broad filter, show its first rows before the whole list
        (for a new filter; a reload after a change keeps the list whole, and its scrolling).
        """
        self._generation += 1
        generation = self._generation
        query = self._filter
        store = self._context.store
        self.loading = True
        failed = lambda exc: self._load_failed(generation, exc)  # noqa: E731
        short: list[list[str]] = []  # the first rows, when they are the whole list

        def whole() -> list[str] | None:
            if generation != self._generation:
                return None  # a newer query was asked for meanwhile: do not run this one
            if short:
                return short[0]
            with store.engine.connect() as connection:
                return queries.customer_ids(connection, query)

        if first_rows_first and queries.broad(query):

            def first() -> list[str] | None:
                if generation != self._generation:
                    return None
                with store.engine.connect() as connection:
                    ids = queries.customer_ids(connection, query, limit=FIRST_ROWS)
                if len(ids) < FIRST_ROWS:
                    short.append(ids)  # (both run on the database thread, one after the other)
                return ids

            self._context.runner.db(
                first, done=lambda ids: self._first_loaded(generation, ids), failed=failed
            )
        self._context.runner.db(
            whole, done=lambda ids: self._loaded(generation, ids), failed=failed
        )

    def _first_loaded(self, generation: int, ids: list[str] | None) -> None:
        if generation != self._generation or ids is None:
            return
        self.beginResetModel()
        self._ids = ids
        self._positions = {}
        self.endResetModel()
        self._first_rows_of = generation

    def _loaded(self, generation: int, ids: list[str] | None) -> None:
        if generation != self._generation or ids is None:
            return  # an older query finished after a newer one was asked for
        shown = len(self._ids)
        if self._first_rows_of == generation and ids == self._ids:
            pass  # the first rows were the whole list: already shown
        elif self._first_rows_of == generation and shown < len(ids) and ids[:shown] == self._ids:
            self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)  # the rest of the list
            self._ids = ids
            self._positions = {}
            self.endInsertRows()
        else:
            self.beginResetModel()
            self._ids = ids
            self._positions = {}  # filled on first use: most loads (each keystroke) never need
            self.endResetModel()
        self.loading = False
        self.sig_loaded.emit(len(ids))

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.loading = False
            self.sig_failed.emit(str(exc))

    def _on_changes(self, changes: ChangeSet) -> None:
        if not changes.touches("customer", "contact"):
            return
        if changes.touches("contact"):  # a primary contact shown in some row may have changed
            self._cache.clear()
        for changed in changes.ids("customer"):
            self._cache.pop(changed.hex, None)
        self.reload()

    # ---- lookups -------------------------------------------------------------------------------
    def customer_id(self, row: int) -> uuid.UUID:
        return uuid.UUID(self._ids[row])

    def row_of(self, customer_id: uuid.UUID) -> int | None:
        if not self._positions and self._ids:
            self._positions = {key: row for row, key in enumerate(self._ids)}
        return self._positions.get(customer_id.hex)

    def customer(self, row: int) -> Customer:
        return self._row(row)[0]

    def _row(self, row: int) -> tuple[Customer, str]:
        key = self._ids[row]
        cached = self._cache.get(key)
        if cached is None:
            self._fetch_chunk(row)
            cached = self._cache[key]
        else:
            self._cache.move_to_end(key)
        return cached

    def _fetch_chunk(self, row: int) -> None:
        """Read the rows around ``row`` by id: a small primary-key lookup."""
        start = (row // CHUNK) * CHUNK
        keys = [k for k in self._ids[start : start + CHUNK] if k not in self._cache]
        ids = [uuid.UUID(k) for k in keys]
        store = self._context.store
        records = store.get_many(Customer, ids)
        with store.engine.connect() as connection:
            contacts = queries.primary_contacts(connection, ids)
        for customer_id in ids:
            record = records.get(customer_id)
            if record is None:  # deleted meanwhile; the reload on its change set is coming
                record = _gone(customer_id)
            self._cache[customer_id.hex] = (record, contacts.get(customer_id, ""))
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
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            "name": self.tr("Name"),
            "tier": self.tr("Tier"),
            "status": self.tr("Status"),
            "industry": self.tr("Industry"),
            "region": self.tr("Region"),
            "contact": self.tr("Contact"),
            "phone": self.tr("Phone"),
            "updated": self.tr("Updated"),
        }[COLUMNS[section].key]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A paint asks each visible cell for ten or so roles: the others leave at once (a
        # comparison of plain ints; Qt's enum members cost an attribute lookup each).
        if role not in (_DISPLAY, _TOOLTIP) or not index.isValid():
            return None
        customer, contact = self._row(index.row())
        key = COLUMNS[index.column()].key
        if key == "name":
            return customer.name
        if key == "tier" and role == _DISPLAY:
            return customer.tier  # the letter; its meaning is in the tool tip
        if key in ("tier", "status", "industry"):
            return labels.choice_label("customer", key, getattr(customer, key))
        if key == "region":
            return " ".join(p for p in (customer.city or customer.province, customer.district) if p)
        if key == "contact":
            return contact
        if key == "phone":
            return customer.phone
        return timefmt.format_datetime(customer.updated_at)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column].sort
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self._filter.sort, self._filter.descending):
            self.set_filter(dataclasses.replace(self._filter, sort=key, descending=descending))


def _gone(customer_id: uuid.UUID) -> Customer:
    from salesdesk.domain.schema import utcnow

    now = utcnow()
    return Customer(id=customer_id, created_at=now, updated_at=now, name="", deleted=True)
