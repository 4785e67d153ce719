"""The task dialog: title, description, due and reminder times, priority, a customer or one
of its deals, and who does it.

Saving checks the declaration's rules and the task rules (a reminder before the
due time; a rep assigns to themself, a manager to anyone in the team) and shows
each message under its field, then writes on the database thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from salesdesk.domain import tasks as rules
from salesdesk.domain.entities import Deal, Task, User
from salesdesk.domain.schema import FieldError, Record, ValidationError
from salesdesk.store import tasks as queries
from salesdesk.ui.context import AppContext
from salesdesk.ui.customers.editor import RecordDialog
from salesdesk.ui.tasks.widgets import (
    DealCombo,
    OptionalDateTime,
    ReminderEdit,
    people_choices,
)
from salesdesk.ui.widgets.pickers import CustomerPicker, RecordCombo

TASK_FIELDS = (
    "title",
    "description",
    "due_at",
    "remind_at",
    "priority",
    "customer_id",
    "deal_id",
    "assignee_id",
)
log = logging.getLogger(__name__)


def rule_message(error: FieldError) -> FieldError:
    """The error with a translated message for the task rules' own codes."""
    translate = QCoreApplication.translate  # literal contexts, so lupdate files them right
    if error.field == "assignee_id" and error.code == "not_allowed":
        text = translate("TaskRules", "Only a manager can assign tasks to others.")
    elif error.code == "after_due":
        text = translate("TaskRules", "The reminder must not be after the due time.")
    elif error.code == "not_in_team":
        text = translate("TaskRules", "Choose someone in your team.")
    elif error.code == "other_customer":
        text = translate("TaskRules", "This deal belongs to another customer.")
    else:
        return error
    return FieldError(error.field, error.code, text)


def translated(error: ValidationError) -> ValidationError:
    return ValidationError(rule_message(e) for e in error.errors.values())


def default_due() -> dt.datetime:
    """Tomorrow at 9:00 local time: the usual time for a follow-up."""
    tomorrow = dt.datetime.now().astimezone() + dt.timedelta(days=1)
    return tomorrow.replace(hour=9, minute=0, second=0, microsecond=0).astimezone(dt.UTC)


class TaskDialog(RecordDialog):
    """Create or edit a task (``task`` None: a new one, prefilled from ``preset``)."""

    def __init__(
        self,
        context: AppContext,
        members: Sequence[User],
        task: Task | None = None,
        parent: QWidget | None = None,
        *,
        preset: dict[str, Any] | None = None,
    ) -> None:
        profile = context.store.profile
        self.due = OptionalDateTime(
            default_due, off_tip=QCoreApplication.translate("TaskDialog", "Untick: no due date")
        )
        self.remind = ReminderEdit(
            self.due.value,
            self._default_reminder,
            off_tip=QCoreApplication.translate("TaskDialog", "Untick: no reminder"),
        )
        self.customer = CustomerPicker(context)
        self.deal = DealCombo(QCoreApplication.translate("TaskDialog", "(no deal)"))
        self.deal.expect(None)  # the form's values set the wanted deal; its choices load later
        people = people_choices(
            context,
            members,
            only_me=not profile.is_manager,
            keep=task.assignee_id if task is not None else None,
        )
        self.assignee = RecordCombo(people, lambda r: r.display_name)  # type: ignore[attr-defined]
        self.assignee.setEnabled(profile.is_manager)
        super().__init__(
            context,
            "task",
            TASK_FIELDS,
            task,
            parent,
            editors={
                "due_at": self.due,
                "remind_at": self.remind,
                "customer_id": self.customer,
                "deal_id": self.deal,
                "assignee_id": self.assignee,
            },
        )
        self.setWindowTitle(self.tr("Edit task") if task else self.tr("New task"))
        if task is None:
            self.form.set_values(
                {"due_at": default_due(), "assignee_id": profile.user_id, **(preset or {})}
            )
        if not profile.is_manager:
            self.assignee.setToolTip(self.tr("Only a manager can assign tasks to others."))
        self.customer.sig_chosen.connect(lambda _id: self._load_deals(None))
        self.due.sig_chosen.connect(lambda value: self.remind.set_due_known(value is not None))
        self.remind.set_due_known(self.due.value() is not None)
        self._load_deals(self.deal.value())
        self.resize(540, 440)

    def _default_reminder(self) -> dt.datetime:
        due = self.due.value() if hasattr(self, "due") else None
        return (due or default_due()) - dt.timedelta(minutes=15)

    def _load_deals(self, wanted: uuid.UUID | None) -> None:
        """Fill the deal choices with the chosen customer's deals (on the database thread)."""
        customer_id = self.customer.value()
        self.deal.expect(wanted)
        if customer_id is None:
            self.deal.set_records([])
            return
        store = self.context.store

        def work() -> list[Deal]:
            with store.engine.connect() as connection:
                return queries.customer_deals(connection, customer_id)

        def done(deals: list[Deal]) -> None:
            if self.customer.value() == customer_id:
                self.deal.set_records(deals)

        self.context.runner.db(work, done=done, failed=self._failed)

    # ---- saving --------------------------------------------------------------------------------
    def save(self) -> None:
        values = self.form.values()
        problems = rules.time_errors(values.get("due_at"), values.get("remind_at"))
        if problems:
            self.form.show_errors(translated(ValidationError(problems)))
            return
        super().save()

    def write(self, values: dict[str, Any]) -> Record:
        task_id = self.record.id if self.record is not None else None
        return queries.save_task(self.context.store, values, task_id)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            exc = translated(exc)
        super()._failed(exc)
