"""Driving modal dialogs from a test: answer the next one with a timer, as a user would."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like a user: ASCII as key presses, Chinese as an input method commits it."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def answer_message_box(button: QMessageBox.StandardButton, seen: list[str] | None = None) -> None:
    """Click ``button`` on the next message box that opens (and remember its text)."""

    def attempt(tries: int = 50) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            if seen is not None:
                seen.append(box.text())
            box.button(button).click()
        elif tries:
            QTimer.singleShot(20, lambda: attempt(tries - 1))

    QTimer.singleShot(0, attempt)


def with_next_dialog(action: Callable[[QDialog], None]) -> None:
    """Run ``action`` on the next modal dialog once it is open."""

    def attempt(tries: int = 50) -> None:
        widget: QWidget | None = QApplication.activeModalWidget()
        if isinstance(widget, QDialog):
            action(widget)
        elif tries:
            QTimer.singleShot(20, lambda: attempt(tries - 1))

    QTimer.singleShot(0, attempt)
