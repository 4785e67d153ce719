"""The customer detail pane: the customer's facts, its contacts and its note log.

Other areas add tabs here (``add_tab``) — the timeline, feedback — so a
customer's whole story is in one place.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import Contact, Customer, User
from salesdesk.store.store import ChangeSet, Store
from salesdesk.ui import labels, timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.customers.editor import ContactDialog
from salesdesk.ui.customers.feedback import FeedbackTab
from salesdesk.ui.customers.timeline import TimelineTab


@dataclasses.dataclass(frozen=True)
class CustomerView:
    """Everything the pane shows, read in one go on the database thread."""

    customer: Customer
    contacts: list[Contact]
    owner_name: str
    note_authors: dict[uuid.UUID, str]


def load_view(store: Store, customer_id: uuid.UUID) -> CustomerView | None:
    customer = store.get(Customer, customer_id)
    if customer is None:
        return None
    contact_table = store.table(Contact)
    contacts = store.select(
        Contact,
        contact_table.c.customer_id == customer_id,
        order_by=[contact_table.c.is_primary.desc(), contact_table.c.name],
    )
    user_ids = {n.by for n in customer.notes if n.by} | (
        {customer.owner_id} if customer.owner_id else set()
    )
    users = store.get_many(User, user_ids)
    names = {uid: user.display_name for uid, user in users.items()}
    return CustomerView(
        customer=customer,
        contacts=contacts,
        owner_name=names.get(customer.owner_id, "") if customer.owner_id else "",
        note_authors=names,
    )


class CustomerDetail(QWidget):
    sig_edit = Signal(object)  # Customer
    sig_delete = Signal(object)  # Customer

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.view: CustomerView | None = None
        self._generation = 0

        self.title = QLabel(self)
        self.title.setObjectName("detail_title")
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel(self)
        self.subtitle.setProperty("role", "muted")
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setObjectName("edit_customer")
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setObjectName("delete_customer")
        self.edit_button.clicked.connect(
            lambda: self.view and self.sig_edit.emit(self.view.customer)
        )
        self.delete_button.clicked.connect(
            lambda: self.view and self.sig_delete.emit(self.view.customer)
        )
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._overview_tab(), self.tr("Overview"))
        self.tabs.addTab(self._notes_tab(), self.tr("Notes"))
        self.timeline = TimelineTab(context, self)  # the customer's history (timeline.py)
        self.feedback = FeedbackTab(context, self)  # feedback records (feedback.py)
        for tab in (self.timeline, self.feedback):
            self.add_tab(tab, tab.windowTitle())

        self.empty = QLabel(self.tr("Select a customer to see the details."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("role", "muted")

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.empty, 1)
        self._set_visible(False)
        context.bus.sig_changed.connect(self._on_changes)

    # ---- layout --------------------------------------------------------------------------------
    def _overview_tab(self) -> QWidget:
        page = QWidget(self)
        self.facts = QFormLayout()
        self.fact_labels: dict[str, QLabel] = {}
        rows = [
            ("credit_code", self.tr("Credit code")),
            ("industry", self.tr("Industry")),
            ("source", self.tr("Source")),
            ("address", self.tr("Address")),
            ("phone", self.tr("Phone")),
            ("website", self.tr("Website")),
            ("tags", self.tr("Tags")),
            ("owner", self.tr("Owner")),
        ]
        for key, text in rows:
            value = QLabel(page)
            value.setObjectName(f"fact_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fact_labels[key] = value
            self.facts.addRow(text, value)

        self.contacts = QTableWidget(0, 4, page)
        self.contacts.setObjectName("contacts")
        self.contacts.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Title"), self.tr("Mobile"), self.tr("WeChat")]
        )
        self.contacts.verticalHeader().hide()
        self.contacts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.contacts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.contacts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.contacts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.contacts.doubleClicked.connect(lambda _index: self._edit_contact())
        self.add_contact = QPushButton(self.tr("Add contact…"), page)
        self.add_contact.setObjectName("add_contact")
        self.edit_contact = QPushButton(self.tr("Edit…"), page)
        self.remove_contact = QPushButton(self.tr("Remove"), page)
        self.add_contact.clicked.connect(self._new_contact)
        self.edit_contact.clicked.connect(self._edit_contact)
        self.remove_contact.clicked.connect(self._remove_contact)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(self.tr("Contacts"), page))
        buttons.addStretch(1)
        for button in (self.add_contact, self.edit_contact, self.remove_contact):
            buttons.addWidget(button)

        layout = QVBoxLayout(page)
        layout.addLayout(self.facts)
        layout.addLayout(buttons)
        layout.addWidget(self.contacts, 1)
        return page

    def _notes_tab(self) -> QWidget:
        page = QWidget(self)
        self.notes = QListWidget(page)
        self.notes.setObjectName("notes")
        self.notes.setWordWrap(True)
        self.note_input = QLineEdit(page)
        self.note_input.setObjectName("note_input")
        self.note_input.setPlaceholderText(self.tr("Add a note and press Enter"))
        self.note_input.returnPressed.connect(self._add_note)
        layout = QVBoxLayout(page)
        layout.addWidget(self.notes, 1)
        layout.addWidget(self.note_input)
        return page

    def add_tab(self, widget: QWidget, title: str) -> None:
        """Let another area show more about the customer (timeline, feedback…)."""
        self.tabs.addTab(widget, title)

    def _set_visible(self, has_customer: bool) -> None:
        for widget in (self.title, self.subtitle, self.edit_button, self.delete_button, self.tabs):
            widget.setVisible(has_customer)
        self.empty.setVisible(not has_customer)

    # ---- loading -------------------------------------------------------------------------------
    @property
    def customer_id(self) -> uuid.UUID | None:
        return self.view.customer.id if self.view else None

    def show_customer(self, customer_id: uuid.UUID | None) -> None:
        self._generation += 1
        generation = self._generation
        self.timeline.set_customer(customer_id)
        self.feedback.set_customer(customer_id)
        if customer_id is None:
            self.view = None
            self._set_visible(False)
            return
        store = self.context.store

        def done(view: CustomerView | None) -> None:
            if generation == self._generation:
                self._show(view)

        self.context.runner.db(lambda: load_view(store, customer_id), done=done)

    def _show(self, view: CustomerView | None) -> None:
        self.view = view
        self._set_visible(view is not None)
        if view is None:
            return
        customer = view.customer
        self.title.setText(customer.name)
        self.subtitle.setText(
            " · ".join(
                part
                for part in (
                    labels.choice_label("customer", "tier", customer.tier),
                    labels.choice_label("customer", "status", customer.status),
                    labels.choice_label("customer", "kind", customer.kind),
                    " ".join(p for p in (customer.province, customer.city, customer.district) if p),
                )
                if part
            )
        )
        values = {
            "credit_code": customer.credit_code,
            "industry": labels.choice_label("customer", "industry", customer.industry),
            "source": labels.choice_label("customer", "source", customer.source),
            "address": customer.address,
            "phone": customer.phone,
            "website": customer.website,
            "tags": "、".join(customer.tags),
            "owner": view.owner_name,
        }
        for key, value in values.items():
            self.fact_labels[key].setText(value or "—")
        self.contacts.setRowCount(len(view.contacts))
        for row, contact in enumerate(view.contacts):
            name = contact.name + (" ★" if contact.is_primary else "")
            for column, text in enumerate((name, contact.title, contact.mobile, contact.wechat)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, contact.id)
                self.contacts.setItem(row, column, item)
        self.notes.clear()
        for note in reversed(customer.notes):
            author = view.note_authors.get(note.by, "") if note.by else ""
            self.notes.addItem(
                QListWidgetItem(f"{timefmt.format_datetime(note.at)}  {author}\n{note.text}")
            )

    def _on_changes(self, changes: ChangeSet) -> None:
        current = self.customer_id
        if current is not None and (
            current in changes.ids("customer") or changes.touches("contact")
        ):
            self.show_customer(current)

    # ---- actions -------------------------------------------------------------------------------
    def _selected_contact(self) -> Contact | None:
        if self.view is None:
            return None
        row = self.contacts.currentRow()
        return self.view.contacts[row] if 0 <= row < len(self.view.contacts) else None

    def _new_contact(self) -> None:
        if self.view is not None:
            ContactDialog(self.context, self.view.customer.id, parent=self).exec()

    def _edit_contact(self) -> None:
        contact = self._selected_contact()
        if contact is not None and self.view is not None:
            ContactDialog(self.context, self.view.customer.id, contact, parent=self).exec()

    def _remove_contact(self) -> None:
        contact = self._selected_contact()
        if contact is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove contact"),
            self.tr("Remove %1 from this customer?").replace("%1", contact.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        store = self.context.store
        self._run(
            lambda: store.delete(Contact, contact.id),
            lambda: self.context.notifier.notify(
                self.tr("Contact %1 removed.").replace("%1", contact.name),
                self.tr("Undo"),
                lambda: self._run(lambda: store.restore(Contact, contact.id), lambda: None),
            ),
        )

    def _add_note(self) -> None:
        text = self.note_input.text().strip()
        if not text or self.view is None:
            return
        customer_id = self.view.customer.id
        store = self.context.store

        def work() -> None:
            with store.transaction() as writer:
                writer.add_note(Customer, customer_id, text)

        self._run(work, self.note_input.clear)

    def _run(self, work: Callable[[], object], then: Callable[[], None]) -> None:
        self.context.runner.db(
            work,
            done=lambda _result: then(),
            failed=lambda exc: self.context.notifier.show_error(str(exc)),
        )
