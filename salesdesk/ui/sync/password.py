"""Asking for the password when the sign-in could not be kept (no keyring, or it ended).

The password is handed to one sync and forgotten; the engine then holds the
session for as long as the app runs. Without a keyring the dialog says,
once, why it asks: the sign-in cannot be remembered on this computer.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from salesdesk.ui.sync.signin import no_keyring_text

MIN_WIDTH = 420


class PasswordDialog(QDialog):
    def __init__(
        self,
        server: str,
        user: str,
        parent: QWidget | None = None,
        *,
        wrong: bool = False,
        keyring: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("password_dialog")
        self.setWindowTitle(self.tr("Password needed"))
        self.setMinimumWidth(MIN_WIDTH)
        explanation = QLabel(
            self.tr("Enter the password of %1 on %2 to sync.")
            .replace("%1", user)
            .replace("%2", server),
            self,
        )
        explanation.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("password_field")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Password:"), self.password)
        self.message = QLabel(self.tr("Wrong password. Try again."), self)
        self.message.setObjectName("password_message")
        self.message.setProperty("role", "error")
        self.message.setVisible(wrong)
        self.keyring = QLabel(no_keyring_text(), self)
        self.keyring.setObjectName("password_keyring")
        self.keyring.setWordWrap(True)
        self.keyring.setProperty("role", "muted")
        self.keyring.setVisible(not keyring)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Sync"))
        ok.setEnabled(False)
        self.password.textChanged.connect(lambda text: ok.setEnabled(bool(text)))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # wrapped text fits
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.keyring)
        layout.addWidget(buttons)
        self.password.setFocus()

    def value(self) -> str:
        return self.password.text()
