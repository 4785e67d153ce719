"""The Preferences dialog: the interface language (follow the system, 简体中文 or English).

Widgets take their texts when they are built, so a new language is used from
the next start; the dialog offers to restart SalesDesk right away.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from salesdesk.ui import i18n, settings
from salesdesk.ui.settings import Settings


class PreferencesDialog(QDialog):
    def __init__(
        self,
        user_settings: Settings,
        parent: QWidget | None = None,
        *,
        restart: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self._settings = user_settings
        self._restart = restart
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        system = i18n.LANGUAGE_NAMES[i18n.system_language()]
        self.language.addItem(self.tr("Follow the system (%1)").replace("%1", system), "")
        for code, name in i18n.LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        stored = i18n.normalize(user_settings.get(settings.LANGUAGE))
        self.language.setCurrentIndex(max(self.language.findData(stored), 0))
        self.hint = QLabel(self.tr("A new language is used after SalesDesk restarts."), self)
        self.hint.setObjectName("language_hint")
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Language:"), self.language)
        form.addRow("", self.hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(440, 180)

    def chosen_language(self) -> str:
        """The stored choice: '' (follow the system), 'zh_CN' or 'en'."""
        return str(self.language.currentData() or "")

    def accept(self) -> None:
        chosen = self.chosen_language()
        self._settings.set(settings.LANGUAGE, chosen)
        self._settings.sync()
        super().accept()
        if i18n.choose_language(chosen) != i18n.installed().language:
            self._offer_restart()

    def _offer_restart(self) -> None:
        box = QMessageBox(self.parentWidget())
        box.setObjectName("restart_question")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Language"))
        box.setText(self.tr("The new language takes effect after SalesDesk restarts."))
        restart = box.addButton(self.tr("Restart now"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restart)
        box.exec()
        if box.clickedButton() is restart and self._restart is not None:
            self._restart()


def restart_command() -> tuple[str, list[str]]:
    """How this process was started: the frozen app, or Python with its original arguments."""
    if getattr(sys, "frozen", False):
        return sys.executable, sys.argv[1:]
    return sys.executable, list(sys.orig_argv[1:])


def restart_app(window: QWidget) -> bool:
    """Close ``window`` (which saves its layout and quits the app), then start SalesDesk again."""
    if not window.close():
        return False
    program, arguments = restart_command()
    started, _pid = QProcess.startDetached(program, arguments)
    return started
