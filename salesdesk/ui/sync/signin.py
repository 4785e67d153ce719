"""Signing this computer in to a SalesDesk server: address, user, password, then a first sync.

The dialog remembers the last server address and user name (settings). It
signs in on the network pool (``client.login``), then runs the first sync
through the controller, showing its progress ("Downloading 1,200 of
15,000"); the user may let a long first sync go on in the background (the
status bar keeps showing it) or stop it (what arrived is kept; the next sync
resumes). Every failure is a sentence per error kind, next to the fields,
and the fields stay filled in to try again.

A profile with data made before signing in keeps it: the engine adopts it
for the signed-in user, which the dialog says before anything is sent.
Without an OS keyring the dialog says that the sign-in cannot be remembered
on this computer (the password is asked again next time); nothing secret is
ever written to disk.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.store.store import Profile
from salesdesk.ui import settings
from salesdesk.ui.sync import messages
from salesdesk.ui.sync.controller import Outcome, SyncController
from sync.client import ErrorKind, SyncError, SyncProgress, SyncStatus

MIN_WIDTH = 460


class Step(enum.Enum):
    FORM = "form"
    SIGNING_IN = "signing_in"
    SYNCING = "syncing"
    DONE = "done"


def no_keyring_text() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "SignInDialog",
        "This computer has no keyring, so SalesDesk cannot remember your sign-in here: it "
        "will ask for your password again the next time it starts. Your password is never "
        "written to disk.",
    )


class SignInDialog(QDialog):
    def __init__(
        self,
        controller: SyncController,
        parent: QWidget | None = None,
        *,
        server: str = "",
        username: str = "",
        hint: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sign_in_dialog")
        self.controller = controller
        self.step = Step.FORM
        self.profile: Profile | None = None
        self.outcome: Outcome | None = None
        self.setWindowTitle(self.tr("Sign in to the server"))
        self.setMinimumWidth(MIN_WIDTH)
        user_settings = controller.context.settings

        intro = QLabel(
            self.tr(
                "Sign in to send your changes to your team's server and receive theirs. "
                "You can keep working while SalesDesk syncs."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.server = QLineEdit(server or user_settings.get(settings.SYNC_SERVER), self)
        self.server.setObjectName("sign_in_server")
        self.server.setPlaceholderText("https://crm.example.cn")
        self.username = QLineEdit(username or user_settings.get(settings.SYNC_USER), self)
        self.username.setObjectName("sign_in_user")
        self.password = QLineEdit(self)
        self.password.setObjectName("sign_in_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Server address:"), self.server)
        form.addRow(self.tr("User name:"), self.username)
        form.addRow(self.tr("Password:"), self.password)

        self.hint = QLabel(hint, self)
        self.hint.setObjectName("sign_in_hint")
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "muted")
        self.hint.setVisible(bool(hint))
        self.adoption = QLabel(self)
        self.adoption.setObjectName("sign_in_adoption")
        self.adoption.setWordWrap(True)
        self.adoption.hide()
        self.keyring = QLabel(no_keyring_text(), self)
        self.keyring.setObjectName("sign_in_keyring")
        self.keyring.setWordWrap(True)
        self.keyring.setProperty("role", "muted")
        self.keyring.hide()
        self.message = QLabel(self)
        self.message.setObjectName("sign_in_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.progress_text = QLabel(self)
        self.progress_text.setObjectName("sign_in_progress_text")
        self.progress_text.hide()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("sign_in_progress")
        self.progress.setTextVisible(False)
        self.progress.hide()

        self.buttons = QDialogButtonBox(self)
        self.sign_in_button = QPushButton(self.tr("Sign in"), self)
        self.sign_in_button.setObjectName("sign_in_button")
        self.sign_in_button.setDefault(True)
        self.background_button = QPushButton(self.tr("Continue in the background"), self)
        self.background_button.setObjectName("sign_in_background")
        self.background_button.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("sign_in_cancel")
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.background_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.sign_in_button.clicked.connect(self.submit)
        self.background_button.clicked.connect(self._to_background)
        self.cancel_button.clicked.connect(self._cancel)

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # wrapped text fits
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.adoption)
        layout.addWidget(self.keyring)
        layout.addWidget(self.message)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        controller.sig_progress.connect(self._on_progress)
        controller.sig_finished.connect(self._on_sync_finished)
        self._load_facts()
        for field in (self.server, self.username, self.password):
            if not field.text():
                field.setFocus()
                break

    # ---- what the dialog says before signing in ------------------------------------------------
    def _load_facts(self) -> None:
        store = self.controller.store
        from sync import client

        self.controller.db(lambda: client.status(store), done=self._show_facts)

    def _show_facts(self, status: SyncStatus) -> None:
        if not status.keyring:
            self.keyring.show()
        if status.last_sync is None and status.pending:
            if status.pending == 1:
                held = self.tr("This computer holds 1 change made before signing in.")
            else:
                held = self.tr("This computer holds %1 changes made before signing in.").replace(
                    "%1", messages.number(status.pending)
                )
            uploaded = self.tr("Your local data will be uploaded as yours when you sign in.")
            self.adoption.setText(messages.sentences(held, uploaded))
            self.adoption.show()
        self.adjustSize()

    # ---- signing in ----------------------------------------------------------------------------
    def submit(self) -> None:
        if self.step != Step.FORM:
            return
        server, username = self.server.text().strip(), self.username.text().strip()
        password = self.password.text()
        missing = next(
            (
                (field, text)
                for field, text in (
                    (self.server, self.tr("Enter the server address.")),
                    (self.username, self.tr("Enter your user name.")),
                    (self.password, self.tr("Enter your password.")),
                )
                if not field.text().strip()
            ),
            None,
        )
        if missing is not None:
            self._fail(missing[1], focus=missing[0])
            return
        self._set_step(Step.SIGNING_IN)
        self.progress_text.setText(self.tr("Signing in…"))
        self.controller.sign_in(
            server, username, password, done=self._signed_in, failed=self._refused
        )

    def _signed_in(self, profile: Profile) -> None:
        self.profile = profile
        self.password.clear()
        user_settings = self.controller.context.settings
        user_settings.set(settings.SYNC_SERVER, self.server.text().strip())
        user_settings.set(settings.SYNC_USER, self.username.text().strip())
        self._set_step(Step.SYNCING)
        self.progress_text.setText(
            self.tr("Signed in as %1. Receiving your data…").replace("%1", profile.display_name)
        )
        if not self.controller.sync_now(interactive=False):
            self.controller.wanted_again = True  # a sync runs already: this one follows it

    def _refused(self, exc: BaseException) -> None:
        self._set_step(Step.FORM)
        if not isinstance(exc, SyncError):
            self._fail(messages.error_text(ErrorKind.INTERNAL), focus=self.server)
            return
        focus = self.server
        if exc.kind in (ErrorKind.WRONG_CREDENTIALS, ErrorKind.TOO_MANY_ATTEMPTS):
            focus = self.password
        elif exc.kind in (ErrorKind.ACCOUNT_DISABLED, ErrorKind.WRONG_PROFILE):
            focus = self.username
        text = messages.explain(exc)
        if exc.kind == ErrorKind.UNREACHABLE and not exc.retryable:
            text = self.tr("The server address is not valid. It looks like https://crm.example.cn")
        self._fail(text, focus=focus, details=messages.error_details(exc))

    def _fail(self, text: str, *, focus: QLineEdit, details: str = "") -> None:
        self.message.setText(text)
        self.message.setToolTip(details)
        self.message.setProperty("role", "error")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
        self.adjustSize()
        focus.setFocus()
        focus.selectAll()

    # ---- the first sync ------------------------------------------------------------------------
    def _on_progress(self, progress: SyncProgress) -> None:
        if self.step != Step.SYNCING:
            return
        self.progress_text.setText(messages.progress_text(progress))
        if progress.total:
            self.progress.setRange(0, max(1, progress.total))
            self.progress.setValue(min(progress.done, progress.total))
        else:
            self.progress.setRange(0, 0)

    def _on_sync_finished(self, outcome: Outcome) -> None:
        if self.step != Step.SYNCING:
            return
        self.outcome = outcome
        if outcome.ok or (outcome.error is not None and outcome.error.kind == ErrorKind.CANCELLED):
            self._set_step(Step.DONE)
            self.accept()
            return
        assert outcome.error is not None
        self._set_step(Step.DONE)
        self.message.setText(
            messages.sentences(
                self.tr("You are signed in, but the first sync failed."),
                messages.explain(outcome.error),
                self.tr("SalesDesk tries again by itself."),
            )
        )
        self.message.setToolTip(messages.error_details(outcome.error))
        self.message.show()
        self.adjustSize()

    def _to_background(self) -> None:
        self.step = Step.DONE  # the status bar shows the rest of the sync
        self.accept()

    def _cancel(self) -> None:
        if self.step == Step.SIGNING_IN:
            return  # the answer is on its way; the button is disabled meanwhile
        if self.step == Step.SYNCING:
            self.controller.cancel()
            return  # the dialog closes when the sync has stopped
        if self.step == Step.DONE:
            self.accept()
            return
        self.reject()

    # ---- steps ---------------------------------------------------------------------------------
    def _set_step(self, step: Step) -> None:
        self.step = step
        form = step == Step.FORM
        for field in (self.server, self.username, self.password):
            field.setEnabled(form)
        busy = step in (Step.SIGNING_IN, Step.SYNCING)
        self.progress_text.setVisible(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.message.hide()
        self.sign_in_button.setVisible(form)
        self.background_button.setVisible(step == Step.SYNCING)
        self.cancel_button.setEnabled(step != Step.SIGNING_IN)
        if step == Step.SYNCING:
            self.cancel_button.setText(self.tr("Stop syncing"))
        elif step == Step.DONE:
            self.cancel_button.setText(self.tr("Close"))
        else:
            self.cancel_button.setText(self.tr("Cancel"))

    def reject(self) -> None:
        if self.step in (Step.SIGNING_IN, Step.SYNCING):
            return  # Esc while working: use the buttons
        super().reject()
