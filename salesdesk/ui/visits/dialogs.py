"""Dialogs of a visit: plan or edit one, check in, check out with the outcome and next step.

Each validates with the domain's rules next to the fields before anything is
written, and writes on the database thread through ``store.visits`` — a
follow-up task made from a next step is saved in the same transaction as the
visit. Checking in can take the position from the system's location service
when there is one; it never waits for it, and typing the address always works.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import uuid
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain import visits as rules
from salesdesk.domain.entities import Contact, Visit
from salesdesk.domain.schema import FieldError, Record, ValidationError, utcnow
from salesdesk.store import visits as visit_store
from salesdesk.store.store import StoreError
from salesdesk.ui import labels, timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.customers.editor import RecordDialog
from salesdesk.ui.labels import QT_TRANSLATE_NOOP
from salesdesk.ui.visits.location import LocationFinder
from salesdesk.ui.widgets.form import EntityForm
from salesdesk.ui.widgets.pickers import CustomerPicker, RecordCombo

log = logging.getLogger(__name__)

RULE_ERRORS = {
    "not_planned": QT_TRANSLATE_NOOP("VisitErrors", "Only a planned visit can be checked in."),
    "not_checked_in": QT_TRANSLATE_NOOP("VisitErrors", "Check in to this visit first."),
    "in_future": QT_TRANSLATE_NOOP("VisitErrors", "This time is in the future."),
    "before_check_in": QT_TRANSLATE_NOOP(
        "VisitErrors", "The check-out cannot be before the check-in."
    ),
    "not_cancellable": QT_TRANSLATE_NOOP("VisitErrors", "A finished visit cannot be cancelled."),
    "not_routed": QT_TRANSLATE_NOOP("VisitErrors", "Only a planned visit is on the route."),
    "next_step_required": QT_TRANSLATE_NOOP(
        "VisitErrors", "Write the next step for the follow-up task."
    ),
}
TIMES = [f"{hour:02d}:{minute:02d}" for hour in range(7, 22) for minute in (0, 30)]


def rule_message(error: FieldError) -> str:
    """A translated message for a visit rule (or any field error)."""
    code = "next_step_required" if (error.field, error.code) == ("next_step", "required") else ""
    source = RULE_ERRORS.get(code or error.code)
    if source is not None:
        return QCoreApplication.translate("VisitErrors", source)
    return labels.error_text(None, error)


def translated(error: ValidationError) -> ValidationError:
    """The same errors with the visit rules' messages translated (forms show them as they are)."""
    return ValidationError(
        FieldError(e.field, e.code, rule_message(e)) if e.code in RULE_ERRORS else e
        for e in error.errors.values()
    )


def next_working_day(day: dt.date) -> dt.date:
    following = day + dt.timedelta(days=1)
    while following.isoweekday() > 5:
        following += dt.timedelta(days=1)
    return following


class TimeOfDayEdit(QComboBox):
    """A planned time such as 09:30: pick a half hour or type any time; empty means "any time"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("")
        self.addItems(TIMES)
        self.setMaxVisibleItems(12)
        line = self.lineEdit()
        assert line is not None
        line.setPlaceholderText(self.tr("Any time"))
        line.setMaxLength(5)

    def value(self) -> str:
        return self.currentText().strip()

    def set_value(self, value: str | None) -> None:
        self.setCurrentText(value or "")


class FollowUpBox(QGroupBox):
    """ "Create a follow-up task": the task's title (from the next step), due time, priority."""

    def __init__(self, next_step: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Create a follow-up task"), parent)
        self.setObjectName("follow_up")
        self.setCheckable(True)
        self.setChecked(False)
        self.form = EntityForm("task", ("title", "due_at", "priority"), self)
        due = dt.datetime.combine(next_working_day(timefmt.today()), dt.time(10, 0)).astimezone()
        self.form.set_values({"due_at": due.astimezone(dt.UTC), "priority": "normal"})
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self._title_edited = False
        self._touched = False
        self._next_step = next_step
        title = self.form.editor("title")
        assert isinstance(title, QLineEdit)
        self._title = title
        title.textEdited.connect(self._on_title_edited)
        self.toggled.connect(self._on_toggled)
        if isinstance(next_step, QPlainTextEdit | QLineEdit):
            next_step.textChanged.connect(self._step_changed)

    def _on_title_edited(self, _text: str) -> None:
        self._title_edited = True

    def _on_toggled(self, _on: bool) -> None:
        self._touched = True

    def _step_text(self) -> str:
        editor = self._next_step
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        return editor.text() if isinstance(editor, QLineEdit) else ""

    def _step_changed(self, *_args: Any) -> None:
        step = self._step_text().strip()
        if not self._title_edited:
            limit = rules.TASK_TITLE_LENGTH
            self._title.setText(step if len(step) <= limit else step[: limit - 1] + "…")
        if step and not self._touched:
            self.blockSignals(True)
            self.setChecked(True)  # writing a next step suggests a task; the user may untick it
            self.blockSignals(False)

    def follow_up(self) -> visit_store.FollowUp | None:
        """The task to make, or None; raises ValidationError (shown in place) when invalid."""
        if not self.isChecked():
            return None
        values = self.form.validate(creating=True)
        return visit_store.FollowUp(
            due_at=values["due_at"], priority=values["priority"], title=values["title"]
        )


class ContactCombo(RecordCombo):
    """The customer's contacts, "—" for none."""

    def __init__(self) -> None:
        super().__init__(title=_contact_title, empty="—")

    def set_value(self, value: uuid.UUID | None) -> None:
        # RecordCombo.set_value uses findData, which compares UUID objects by identity.
        index = next((i for i in range(self.count()) if self.itemData(i) == value), 0)
        self.setCurrentIndex(index if self.count() else -1)


def _contact_title(record: Record) -> str:
    assert isinstance(record, Contact)
    return f"{record.name}（{record.title}）" if record.title else record.name


class VisitDialog(RecordDialog):
    """Plan a visit (customer, contact, date and time, purpose) or edit one.

    For a visit that has begun, the outcome and next step are edited too, and
    the next step can become a follow-up task.
    """

    def __init__(
        self,
        context: AppContext,
        visit: Visit | None = None,
        parent: QWidget | None = None,
        *,
        day: dt.date | None = None,
        customer_id: uuid.UUID | None = None,
    ) -> None:
        self.customer = CustomerPicker(context)
        self.contact = ContactCombo()
        self.time = TimeOfDayEdit()
        begun = visit is not None and visit.status in rules.BEGUN
        fields: tuple[str, ...] = (
            "customer_id",
            "contact_id",
            "planned_on",
            "planned_time",
            "purpose",
        )
        if begun:
            fields += ("outcome", "next_step")
        super().__init__(
            context,
            "visit",
            fields,
            visit,
            parent,
            editors={
                "customer_id": self.customer,
                "contact_id": self.contact,
                "planned_time": self.time,
            },
        )
        self.setWindowTitle(self.tr("Edit visit") if visit else self.tr("Plan a visit"))
        self.task: Record | None = None
        self.follow_up_box: FollowUpBox | None = None
        self._follow_up: visit_store.FollowUp | None = None
        if begun:
            self.follow_up_box = FollowUpBox(self.form.editor("next_step"), self)
            layout = self.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(1, self.follow_up_box)
        if visit is None:
            self.form.set_values({"planned_on": day or timefmt.today()})
            if customer_id is not None:
                self.customer.set_value(customer_id)
        self.customer.sig_chosen.connect(self._load_contacts)
        current = visit.customer_id if visit else customer_id
        if current is not None:
            self._load_contacts(current, visit.contact_id if visit else None)
        self.resize(520, 560 if begun else 360)

    def _load_contacts(
        self, customer_id: uuid.UUID | None, select: uuid.UUID | None = None
    ) -> None:
        if customer_id is None:
            self.contact.set_records([])
            return
        store = self.context.store
        table = store.table(Contact)

        def work() -> list[Contact]:
            return store.select(
                Contact,
                table.c.customer_id == customer_id,
                order_by=[table.c.is_primary.desc(), table.c.name],
            )

        def done(contacts: list[Contact]) -> None:
            if self.customer.value() != customer_id:
                return  # another customer was chosen meanwhile
            self.contact.set_records(contacts)
            if select is not None:
                self.contact.set_value(select)
            elif contacts and contacts[0].is_primary:
                self.contact.set_value(contacts[0].id)

        self.context.runner.db(work, done=done, failed=self._failed)

    def save(self) -> None:
        self.form.clear_errors()
        if self.form.values().get("planned_on") is None:
            self.form.show_errors(
                ValidationError([FieldError("planned_on", "required", "a value is required")])
            )
            return
        try:
            self._follow_up = self.follow_up_box.follow_up() if self.follow_up_box else None
        except ValidationError:
            return
        super().save()

    def write(self, values: dict[str, Any]) -> Record:
        saved = visit_store.save_visit(
            self.context.store,
            values,
            self.record.id if self.record else None,
            follow_up=self._follow_up,
        )
        self.task = saved.task
        return saved.visit

    def _failed(self, exc: BaseException) -> None:
        super()._failed(translated(exc) if isinstance(exc, ValidationError) else exc)


class _VisitActionDialog(QDialog):
    """Shared by check-in and check-out: a form, a problem line, Save/Cancel off the GUI thread."""

    def __init__(
        self, context: AppContext, visit: Visit, title: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.visit = visit
        self.saved: Visit | None = None
        self.heading = QLabel(" · ".join(t for t in (title, visit.purpose) if t), self)
        self.heading.setObjectName("visit_heading")
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("save_problem")
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def save(self) -> None:
        raise NotImplementedError

    def _run(self, work: Any) -> None:
        self.problem.hide()
        self.buttons.setEnabled(False)
        self.context.runner.db(work, done=self._done, failed=self._failed)

    def _done(self, result: Any) -> None:
        self.buttons.setEnabled(True)
        self.saved = result if isinstance(result, Visit) else result.visit
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            others = self.form_errors(translated(exc))
            if others:
                self._show_problem("\n".join(rule_message(e) for e in others))
        elif isinstance(exc, StoreError):
            self._show_problem(str(exc))
        else:
            log.error("saving the visit failed", exc_info=exc)
            self._show_problem(self.tr("Saving failed: %1").replace("%1", str(exc)))

    def form_errors(self, error: ValidationError) -> list[FieldError]:
        raise NotImplementedError

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()


class CheckInDialog(_VisitActionDialog):
    """Check in: the time, and where — typed, or from the system's location service."""

    def __init__(
        self,
        context: AppContext,
        visit: Visit,
        *,
        customer_name: str = "",
        customer_address: str = "",
        parent: QWidget | None = None,
        finder: LocationFinder | None = None,
    ) -> None:
        super().__init__(context, visit, customer_name, parent)
        self.setWindowTitle(self.tr("Check in"))
        self.form = EntityForm(
            "visit",
            ("checked_in_at", "check_in_address", "latitude", "longitude"),
            self,
            required_marks=False,
        )
        self.form.set_values({"checked_in_at": utcnow(), "check_in_address": customer_address})
        address = self.form.editor("check_in_address")
        assert isinstance(address, QLineEdit)
        address.setPlaceholderText(self.tr("Where you are: an address or a landmark"))
        for name in ("latitude", "longitude"):
            editor = self.form.editor(name)
            assert isinstance(editor, QLineEdit)
            editor.setPlaceholderText(self.tr("Optional"))

        self.finder = finder or LocationFinder(self)
        self.locate_button = QPushButton(self.tr("Use my location"), self)
        self.locate_button.setObjectName("locate")
        self.location_status = QLabel(self)
        self.location_status.setObjectName("location_status")
        self.location_status.setProperty("role", "muted")
        self.location_status.setWordWrap(True)
        if self.finder.available():
            self.location_status.setText(self.tr("Or type the address; the position is optional."))
        else:
            self.locate_button.setEnabled(False)
            self.location_status.setText(
                self.tr("No location service on this computer: type the address or coordinates.")
            )
        self.locate_button.clicked.connect(self.locate)
        self.finder.sig_found.connect(self._located)
        self.finder.sig_failed.connect(self._not_located)
        locate_row = QHBoxLayout()
        locate_row.addWidget(self.locate_button, 0, Qt.AlignmentFlag.AlignTop)
        locate_row.addWidget(self.location_status, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.form)
        layout.addLayout(locate_row)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(500, 320)

    def locate(self) -> None:
        self.locate_button.setEnabled(False)
        self.location_status.setProperty("role", "muted")
        self.location_status.setText(self.tr("Finding your position…"))
        self._restyle()
        self.finder.locate()

    def _located(self, latitude: float, longitude: float, accuracy: float) -> None:
        self.locate_button.setEnabled(True)
        self.form.set_values({"latitude": f"{latitude:.6f}", "longitude": f"{longitude:.6f}"})
        text = self.tr("Position found.")
        if not math.isnan(accuracy):
            text = self.tr("Position found (within %1 m).").replace("%1", str(round(accuracy)))
        self.location_status.setText(text)

    def _not_located(self, reason: str) -> None:
        self.locate_button.setEnabled(True)
        self.location_status.setProperty("role", "warning")
        self.location_status.setText(reason + " " + self.tr("Type the address instead."))
        self._restyle()

    def _restyle(self) -> None:
        self.location_status.style().unpolish(self.location_status)
        self.location_status.style().polish(self.location_status)

    def save(self) -> None:
        try:
            values = self.form.validate()
        except ValidationError:
            return
        problems = rules.check_in_errors(self.visit, values["checked_in_at"], utcnow())
        if problems:
            self._failed(ValidationError(problems))
            return
        store, visit_id = self.context.store, self.visit.id
        self._run(
            lambda: visit_store.check_in(
                store,
                visit_id,
                at=values["checked_in_at"],
                address=values["check_in_address"],
                latitude=values["latitude"],
                longitude=values["longitude"],
            )
        )

    def form_errors(self, error: ValidationError) -> list[FieldError]:
        return self.form.show_errors(error)

    def done(self, result: int) -> None:
        self.finder.cancel()
        super().done(result)


class CheckOutDialog(_VisitActionDialog):
    """Check out: the time, the outcome, the next step — which can become a task."""

    def __init__(
        self,
        context: AppContext,
        visit: Visit,
        *,
        customer_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, visit, customer_name, parent)
        self.setWindowTitle(self.tr("Check out"))
        self.task: Record | None = None
        self.form = EntityForm(
            "visit", ("checked_out_at", "outcome", "next_step"), self, required_marks=False
        )
        self.form.set_values(
            {"checked_out_at": utcnow(), "outcome": visit.outcome, "next_step": visit.next_step}
        )
        outcome = self.form.editor("outcome")
        assert isinstance(outcome, QPlainTextEdit)
        outcome.setPlaceholderText(self.tr("What came out of the visit"))
        step = self.form.editor("next_step")
        if isinstance(step, QPlainTextEdit):
            step.setPlaceholderText(self.tr("What happens next, and who does it"))
        self.follow_up_box = FollowUpBox(step, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.form)
        layout.addWidget(self.follow_up_box)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(520, 560)

    def save(self) -> None:
        try:
            values = self.form.validate()
            follow_up = self.follow_up_box.follow_up()
        except ValidationError:
            return
        problems = rules.check_out_errors(self.visit, values["checked_out_at"], utcnow())
        if problems:
            self._failed(ValidationError(problems))
            return
        store, visit_id = self.context.store, self.visit.id

        def work() -> visit_store.Saved:
            return visit_store.check_out(
                store,
                visit_id,
                at=values["checked_out_at"],
                outcome=values["outcome"],
                next_step=values["next_step"],
                follow_up=follow_up,
            )

        self._run(work)

    def _done(self, result: Any) -> None:
        if isinstance(result, visit_store.Saved):
            self.task = result.task
        super()._done(result)

    def form_errors(self, error: ValidationError) -> list[FieldError]:
        return self.form.show_errors(error)
