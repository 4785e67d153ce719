"""The Customers area: search as you type, filters, the lazy list and the detail pane."""

from __future__ import annotations

import dataclasses
import uuid

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

from salesdesk.domain.entities import CUSTOMER_STATUSES, INDUSTRIES, TIERS, Customer
from salesdesk.store import customers as queries
from salesdesk.store.store import ChangeSet
from salesdesk.ui import labels, settings
from salesdesk.ui.context import AppContext
from salesdesk.ui.customers.detail import CustomerDetail
from salesdesk.ui.customers.editor import CustomerDialog
from salesdesk.ui.customers.model import CustomerTableModel

SEARCH_DELAY_MS = 120


class CustomersPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._select_after_load: uuid.UUID | None = None
        self._select_when_loaded: uuid.UUID | None = None

        self.search = QLineEdit(self)
        self.search.setObjectName("customer_search")
        self.search.setPlaceholderText(self.tr("Search name, phone, address, contact…"))
        self.search.setClearButtonEnabled(True)
        self.tier = self._filter_combo("tier", TIERS, self.tr("All tiers"))
        self.status = self._filter_combo("status", CUSTOMER_STATUSES, self.tr("All statuses"))
        self.industry = self._filter_combo("industry", INDUSTRIES, self.tr("All industries"))
        self.province = QComboBox(self)
        self.province.setObjectName("filter_province")
        self.city = QComboBox(self)
        self.city.setObjectName("filter_city")
        self._regions: dict[str, list[str]] = {}
        self._fill_regions({})
        self.count = QLabel(self)
        self.count.setObjectName("customer_count")
        self.count.setProperty("role", "muted")
        self.new_button = QPushButton(self.tr("New customer…"), self)
        self.new_button.setObjectName("new_customer")
        self.new_button.setToolTip(self.tr("New customer (Ctrl+N)"))

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.new_button)
        filters = QHBoxLayout()  # a row of their own: longer translations still fit
        for combo in (self.tier, self.status, self.industry, self.province, self.city):
            filters.addWidget(combo)
        filters.addStretch(1)

        self.model = CustomerTableModel(context, self)
        self.table = QTableView(self)
        self.table.setObjectName("customer_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # The indicator first, then sorting on: enabling sorting sorts by the indicator, and any
        # other column would ask the database for all ids once more while the app starts.
        self.table.horizontalHeader().setSortIndicator(7, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((250, 44, 72, 120, 130, 150, 120)):
            header.resizeSection(column, width)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(self._edit_index)

        self.detail = CustomerDetail(context, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        for combo in (self.tier, self.status, self.industry, self.city):
            combo.currentIndexChanged.connect(lambda _index: self._apply_filter())
        self.province.currentIndexChanged.connect(self._province_changed)
        self.new_button.clicked.connect(self.new_customer)
        self.detail.sig_edit.connect(self.edit_customer)
        self.detail.sig_delete.connect(self.delete_customer)
        self.model.sig_loaded.connect(self._loaded)
        self.model.sig_failed.connect(context.notifier.show_error)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        for key, action in (
            (Qt.Key.Key_Delete, self._delete_selected),
            (Qt.Key.Key_Return, self._edit_selected),
        ):
            shortcut = QShortcut(QKeySequence(key), self.table, action)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)  # only while the list has focus
        context.bus.sig_changed.connect(self._on_changes)
        self._restore_layout()  # a remembered sort order loads the list itself
        if not self.model.loading:
            self.model.reload(first_rows_first=True)
        self._reload_regions()

    # ---- filters -------------------------------------------------------------------------------
    def _filter_combo(self, field: str, codes: tuple[str, ...], everything: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(f"filter_{field}")
        combo.addItem(everything, "")
        for code, text in labels.choice_items("customer", field, codes):
            combo.addItem(text, code)
        return combo

    def _fill_regions(self, regions: dict[str, list[str]]) -> None:
        self._regions = regions
        current = self.province.currentData()
        self.province.blockSignals(True)
        self.province.clear()
        self.province.addItem(self.tr("All provinces"), "")
        for province in regions:
            self.province.addItem(province, province)
        index = self.province.findData(current)
        self.province.setCurrentIndex(max(index, 0))
        self.province.blockSignals(False)
        self._fill_cities()

    def _fill_cities(self) -> None:
        current = self.city.currentData()
        self.city.blockSignals(True)
        self.city.clear()
        self.city.addItem(self.tr("All cities"), "")
        for city in self._regions.get(self.province.currentData() or "", []):
            self.city.addItem(city, city)
        self.city.setCurrentIndex(max(self.city.findData(current), 0))
        self.city.setEnabled(bool(self.province.currentData()))
        self.city.blockSignals(False)

    def _reload_regions(self) -> None:
        store = self.context.store

        def work() -> dict[str, list[str]]:
            with store.engine.connect() as connection:
                return queries.regions(connection)

        self.context.runner.db(work, done=self._fill_regions, idle=True)  # after the list

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.touches("customer"):
            self._reload_regions()

    def _province_changed(self, _index: int) -> None:
        self._fill_cities()
        self._apply_filter()

    def current_filter(self) -> queries.CustomerFilter:
        return dataclasses.replace(
            self.model.filter,
            text=self.search.text(),
            tier=self.tier.currentData() or "",
            status=self.status.currentData() or "",
            industry=self.industry.currentData() or "",
            province=self.province.currentData() or "",
            city=self.city.currentData() or "",
        )

    def _apply_filter(self) -> None:
        self._timer.stop()
        wanted = self.current_filter()
        if wanted != self.model.filter:
            self._select_after_load = self.detail.customer_id
            self.model.set_filter(wanted)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ---- list and selection --------------------------------------------------------------------
    def _loaded(self, count: int) -> None:
        self.count.setText(self.tr("%1 customers").replace("%1", f"{count:,}"))
        if self._select_when_loaded is not None:  # asked for while only the first rows were in
            customer_id, self._select_when_loaded = self._select_when_loaded, None
            self.select_customer(customer_id)
            return
        wanted = self._select_after_load or self.detail.customer_id
        self._select_after_load = None
        row = self.model.row_of(wanted) if wanted else None
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        elif self.detail.customer_id is not None:
            self.detail.show_customer(None)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            customer_id = self.model.customer_id(indexes[0].row())
            if customer_id != self.detail.customer_id:
                self.detail.show_customer(customer_id)

    def selected_customer(self) -> Customer | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.customer(rows[0].row()) if rows else None

    def select_customer(self, customer_id: uuid.UUID) -> None:
        """Show one customer (from elsewhere in the app): clears filters that hide it."""
        row = self.model.row_of(customer_id)
        if row is None and self.model.loading:  # it may be further down the list still coming
            self._select_when_loaded = customer_id
            return
        if row is None:
            self._select_after_load = customer_id
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            for combo in (self.tier, self.status, self.industry, self.province):
                combo.setCurrentIndex(0)
            self.model.set_filter(self.current_filter())
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    # ---- actions -------------------------------------------------------------------------------
    def new_customer(self) -> None:
        dialog = CustomerDialog(self.context, parent=self)
        if dialog.exec() and dialog.saved is not None:
            # The list may already have reloaded with the new row while the dialog closed.
            if self.model.row_of(dialog.saved.id) is not None and not self.model.loading:
                self.select_customer(dialog.saved.id)
            else:
                self._select_after_load = dialog.saved.id

    def edit_customer(self, customer: Customer) -> None:
        CustomerDialog(self.context, customer, parent=self).exec()

    def _edit_index(self, index: QModelIndex) -> None:
        self.edit_customer(self.model.customer(index.row()))

    def _edit_selected(self) -> None:
        customer = self.selected_customer()
        if customer is not None:
            self.edit_customer(customer)

    def _delete_selected(self) -> None:
        customer = self.selected_customer()
        if customer is not None:
            self.delete_customer(customer)

    def delete_customer(self, customer: Customer) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Delete customer"),
            self.tr(
                "Delete %1 with its contacts, deals and visits?\n"
                "You can undo this right after, or restore it later from the recycle bin."
            ).replace("%1", customer.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        store = self.context.store
        notifier = self.context.notifier

        def undo() -> None:
            self._select_after_load = customer.id
            self.context.runner.db(
                lambda: store.restore(Customer, customer.id),
                failed=lambda exc: notifier.show_error(str(exc)),
            )

        self.context.runner.db(
            lambda: store.delete(Customer, customer.id),
            done=lambda _none: notifier.notify(
                self.tr("%1 deleted.").replace("%1", customer.name), self.tr("Undo"), undo
            ),
            failed=lambda exc: notifier.show_error(str(exc)),
        )

    # ---- layout memory -------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        store = self.context.settings
        splitter_state = store.get(settings.CUSTOMER_SPLITTER)
        if not splitter_state.isEmpty():
            self.splitter.restoreState(splitter_state)
        header_state = store.get(settings.CUSTOMER_COLUMNS)
        if not header_state.isEmpty():
            self.table.horizontalHeader().restoreState(header_state)

    def save_layout(self) -> None:
        self.context.settings.set(settings.CUSTOMER_SPLITTER, self.splitter.saveState())
        self.context.settings.set(
            settings.CUSTOMER_COLUMNS, self.table.horizontalHeader().saveState()
        )
