"""Desktop reminders: a system tray message when the desktop has a tray, else an in-app notice.

Task reminders and the "today's report is not written" reminder use this while
the app runs. On a desktop without a tray (or offscreen in tests) the message
goes to the main window's status bar instead, so no reminder is lost.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from salesdesk.ui import resources
from salesdesk.ui.context import Notifier


@dataclasses.dataclass(frozen=True)
class Reminder:
    title: str
    message: str
    key: str  # stable identity (e.g. "task:<id>:<due>"), so one reminder is shown once
    on_open: Callable[[], None] | None = None  # what clicking it does (e.g. open the task)


class DesktopNotifications(QObject):
    sig_shown = Signal(object)  # Reminder, after it was shown (tray or notice)

    def __init__(self, fallback: Notifier, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fallback = fallback
        self._shown: set[str] = set()
        self._last: Reminder | None = None
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(resources.icon("salesdesk"), self)
            self.tray.setToolTip("SalesDesk")
            self.tray.messageClicked.connect(self._clicked)
            self.tray.show()

    @property
    def shown_keys(self) -> frozenset[str]:
        return frozenset(self._shown)

    def remind(self, reminder: Reminder) -> bool:
        """Show a reminder unless one with the same key was shown already; True if shown."""
        if reminder.key in self._shown:
            return False
        self._shown.add(reminder.key)
        self._last = reminder
        if self.tray is not None and self.tray.supportsMessages():
            self.tray.showMessage(reminder.title, reminder.message, resources.icon("salesdesk"))
        else:
            text = f"{reminder.title}: {reminder.message}"
            label = self.tr("Open") if reminder.on_open else ""
            self._fallback.notify(text, label, reminder.on_open)
        self.sig_shown.emit(reminder)
        return True

    def _clicked(self) -> None:
        if self._last is not None and self._last.on_open is not None:
            self._last.on_open()
