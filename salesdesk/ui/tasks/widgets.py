"""Editors the task dialog needs beyond the shared ones: a date and time that can be switched
off (with quick choices for a reminder), and a combo of a customer's deals."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QMenu,
    QToolButton,
    QWidget,
)

from salesdesk.domain.entities import Deal, User
from salesdesk.domain.schema import Record, utcnow
from salesdesk.ui import labels, timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.widgets.pickers import RecordCombo


def _minute(value: dt.datetime) -> dt.datetime:
    return value.replace(second=0, microsecond=0)


class OptionalDateTime(QWidget):
    """A local date and time with a check box in front: unticked means "none".

    ``value()`` is an aware UTC datetime (or None); ``set_value`` takes one.
    """

    sig_chosen = Signal(object)  # dt.datetime | None

    def __init__(
        self,
        default: Callable[[], dt.datetime],
        *,
        off_tip: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._default = default
        self.check = QCheckBox(self)
        self.check.setObjectName("enabled")
        self.check.setToolTip(off_tip)
        self.edit = QDateTimeEdit(self)
        self.edit.setObjectName("datetime")
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.edit.setEnabled(False)
        self.edit.setDateTime(timefmt.to_qdatetime(_minute(default())))
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.check)
        self._layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self._toggled)
        self.edit.dateTimeChanged.connect(lambda _value: self.sig_chosen.emit(self.value()))

    def add_button(self, button: QWidget) -> None:
        self._layout.addWidget(button)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        self.sig_chosen.emit(self.value())

    def value(self) -> dt.datetime | None:
        if not self.check.isChecked():
            return None
        return _minute(timefmt.from_qdatetime(self.edit.dateTime()))

    def set_value(self, value: dt.datetime | None) -> None:
        self.check.blockSignals(True)
        self.edit.blockSignals(True)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.edit.setDateTime(timefmt.to_qdatetime(_minute(value or self._default())))
        self.edit.blockSignals(False)
        self.check.blockSignals(False)
        self.sig_chosen.emit(self.value())

    def set_local(self, value: QDateTime) -> None:
        """Turn it on at a local date and time."""
        self.set_value(timefmt.from_qdatetime(value))


class ReminderEdit(OptionalDateTime):
    """A reminder time, with quick choices relative to the due time."""

    def __init__(
        self,
        due: Callable[[], dt.datetime | None],
        default: Callable[[], dt.datetime],
        *,
        off_tip: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(default, off_tip=off_tip, parent=parent)
        self._due = due
        self.quick = QToolButton(self)
        self.quick.setObjectName("reminder_quick")
        self.quick.setText(self.tr("Before due"))
        self.quick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.quick)
        for text, minutes in (
            (self.tr("At the due time"), 0),
            (self.tr("15 minutes before"), 15),
            (self.tr("1 hour before"), 60),
            (self.tr("1 day before"), 24 * 60),
        ):
            action = menu.addAction(text)
            action.triggered.connect(lambda _checked=False, m=minutes: self.before_due(m))
        self.quick.setMenu(menu)
        self.add_button(self.quick)

    def before_due(self, minutes: int) -> None:
        """Remind ``minutes`` before the due time (nothing happens without a due time)."""
        due = self._due()
        if due is not None:
            self.set_value(due - dt.timedelta(minutes=minutes))

    def set_due_known(self, known: bool) -> None:
        self.quick.setEnabled(known)


def people_choices(
    context: AppContext,
    members: Sequence[User],
    *,
    only_me: bool = False,
    keep: uuid.UUID | None = None,
) -> list[User]:
    """The users a task or deal can be given to: the team (or only me), always including me
    and ``keep`` — the record's current person, even if they left the team — so that editing
    never silently changes whom a record belongs to."""
    profile = context.store.profile
    people = [m for m in members if not only_me or m.id == profile.user_id]
    if not any(m.id == profile.user_id for m in people):
        people.insert(0, _stand_in(profile.user_id, profile.display_name))
    if keep is not None and not any(m.id == keep for m in people):
        known = context.store.get(User, keep, deleted=True)  # a primary-key lookup
        people.append(known or _stand_in(keep, "—"))
    return people


def _stand_in(user_id: uuid.UUID, name: str) -> User:
    now = utcnow()
    return User(id=user_id, created_at=now, updated_at=now, username="", display_name=name)


def index_of(combo: QComboBox, value: object) -> int:
    """The row whose data equals ``value``, or -1.

    ``QComboBox.findData`` finds a Python object only when it is the very same
    object, so an equal UUID read from another row would not be found.
    """
    return next((i for i in range(combo.count()) if combo.itemData(i) == value), -1)


class PendingRecordCombo(RecordCombo):
    """A record combo whose choices load later (on the database thread): until they arrive,
    ``value()`` is the wanted record, so a quick Save keeps it."""

    def __init__(
        self,
        title: Callable[[Record], str],
        empty: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__((), title, empty=empty, parent=parent)
        self._wanted: uuid.UUID | None = None
        self.loading = False

    def expect(self, record_id: uuid.UUID | None) -> None:
        """The choices are being loaded; keep ``record_id`` as the value until they are."""
        self._wanted = record_id
        self.loading = True

    def set_records(self, records: Sequence[Record]) -> None:
        loading = getattr(self, "loading", False)
        wanted = self._wanted if loading else self.value()
        self.loading = False
        super().set_records(records)
        self.set_value(wanted)
        self._wanted = None

    def value(self) -> uuid.UUID | None:
        if getattr(self, "loading", False):
            return self._wanted
        return super().value()

    def set_value(self, value: uuid.UUID | None) -> None:
        if getattr(self, "loading", False):
            self._wanted = value
            return
        super().set_value(value)


class DealCombo(PendingRecordCombo):
    """The deals of one customer (closed ones say so)."""

    def __init__(self, empty: str, parent: QWidget | None = None) -> None:
        super().__init__(_deal_title, empty, parent)


def _deal_title(record: Record) -> str:
    assert isinstance(record, Deal)
    if record.status == "open":
        return record.title
    return f"{record.title}（{labels.choice_label('deal', 'status', record.status)}）"
