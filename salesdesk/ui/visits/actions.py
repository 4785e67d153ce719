"""What can be done to a visit, from the Visits area or from Today: plan, edit, check in,
check out, cancel and delete — each undoable where it removes something.

Dialogs are modal and the writes run on the database thread; the views reload
themselves from the change bus.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from salesdesk.domain.entities import Customer, Visit
from salesdesk.domain.schema import ValidationError
from salesdesk.store import visits as visit_store
from salesdesk.store.store import StoreError
from salesdesk.store.visits import VisitItem
from salesdesk.ui.context import AppContext
from salesdesk.ui.visits.dialogs import CheckInDialog, CheckOutDialog, VisitDialog, rule_message

log = logging.getLogger(__name__)


class VisitActions(QObject):
    """Opens the visit dialogs over ``parent`` and runs the writes."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.widget = parent
        self.last_dialog: object | None = None  # the dialog opened last (tests look at it)

    # ---- looking things up (primary-key reads of one row) --------------------------------------
    def _visit(self, visit_id: uuid.UUID) -> Visit | None:
        visit = self.context.store.get(Visit, visit_id)
        if visit is None:
            self.context.notifier.show_error(self.tr("This visit no longer exists."))
        return visit

    def _customer(self, visit: Visit) -> Customer | None:
        if visit.customer_id is None:
            return None
        return self.context.store.get(Customer, visit.customer_id)

    # ---- dialogs -------------------------------------------------------------------------------
    def new_visit(
        self, day: dt.date | None = None, customer_id: uuid.UUID | None = None
    ) -> Visit | None:
        dialog = VisitDialog(self.context, parent=self.widget, day=day, customer_id=customer_id)
        self.last_dialog = dialog
        dialog.exec()
        saved = dialog.saved
        return saved if isinstance(saved, Visit) else None

    def edit(self, visit_id: uuid.UUID) -> None:
        visit = self._visit(visit_id)
        if visit is not None:
            dialog = VisitDialog(self.context, visit, parent=self.widget)
            self.last_dialog = dialog
            dialog.exec()

    def check_in(self, visit_id: uuid.UUID) -> None:
        visit = self._visit(visit_id)
        if visit is None:
            return
        customer = self._customer(visit)
        item = VisitItem(
            visit,
            customer_name=customer.name if customer else "",
            province=customer.province if customer else "",
            city=customer.city if customer else "",
            district=customer.district if customer else "",
            address=customer.address if customer else "",
        )
        dialog = CheckInDialog(
            self.context,
            visit,
            customer_name=item.customer_name,
            customer_address=item.full_address,
            parent=self.widget,
        )
        self.last_dialog = dialog
        if dialog.exec():
            self.context.notifier.notify(
                self.tr("Checked in at %1.").replace("%1", item.customer_name or visit.purpose)
            )

    def check_out(self, visit_id: uuid.UUID) -> None:
        visit = self._visit(visit_id)
        if visit is None:
            return
        customer = self._customer(visit)
        dialog = CheckOutDialog(
            self.context, visit, customer_name=customer.name if customer else "", parent=self.widget
        )
        self.last_dialog = dialog
        if dialog.exec():
            message = self.tr("Visit done.")
            if dialog.task is not None:
                message = self.tr("Visit done; follow-up task created.")
            self.context.notifier.notify(message)

    # ---- cancel and delete, with undo ----------------------------------------------------------
    def cancel(self, visit_id: uuid.UUID) -> None:
        visit = self._visit(visit_id)
        if visit is None:
            return
        reason, ok = QInputDialog.getText(
            self.widget,
            self.tr("Cancel visit"),
            self.tr("Why is the visit cancelled? (optional; kept in the visit log)"),
            QLineEdit.EchoMode.Normal,
        )
        if not ok:
            return
        note = self.tr("Cancelled: %1").replace("%1", reason.strip()) if reason.strip() else ""
        store = self.context.store

        def undo(previous: str) -> None:
            self.context.runner.db(
                lambda: visit_store.reopen_visit(store, visit_id, previous),
                failed=self._failed,
            )

        self._run(
            lambda: visit_store.cancel_visit(store, visit_id, note),
            lambda previous: self.context.notifier.notify(
                self.tr("Visit cancelled."), self.tr("Undo"), lambda: undo(str(previous))
            ),
        )

    def delete(self, visit_id: uuid.UUID) -> None:
        visit = self._visit(visit_id)
        if visit is None:
            return
        answer = QMessageBox.question(
            self.widget,
            self.tr("Delete visit"),
            self.tr(
                "Delete the visit “%1” with its photos and files?\n"
                "You can undo this right after. To keep it on record, cancel it instead."
            ).replace("%1", visit.purpose),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        store = self.context.store

        def undo() -> None:
            self.context.runner.db(
                lambda: visit_store.restore_visit(store, visit_id),
                failed=self._failed,
            )

        self._run(
            lambda: visit_store.delete_visit(store, visit_id),
            lambda _none: self.context.notifier.notify(
                self.tr("Visit deleted."), self.tr("Undo"), undo
            ),
        )

    def add_note(self, visit_id: uuid.UUID, text: str, then: Callable[[], None]) -> None:
        """Append to the visit log (append-only: entries are never edited)."""
        store = self.context.store

        def work() -> None:
            with store.transaction() as writer:
                writer.add_note(Visit, visit_id, text)

        self._run(work, lambda _none: then())

    # ---- helpers -------------------------------------------------------------------------------
    def _run(self, work: Callable[[], object], done: Callable[[object], None]) -> None:
        self.context.runner.db(work, done=done, failed=self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.context.notifier.show_error(
                "; ".join(rule_message(e) for e in exc.errors.values())
            )
        else:
            if not isinstance(exc, StoreError):
                log.error("a visit action failed", exc_info=exc)
            self.context.notifier.show_error(str(exc))
