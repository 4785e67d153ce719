"""Signing out: send what is pending first, or say plainly what would stay unsent; optional wipe.

:class:`SignOutDialog` walks through it:

1. the question, with **Delete the data on this computer** (for a computer
   that is left or handed on: what reached the server stays there);
2. if changes wait, a sync sends them (the sign-out waits for it);
3. if that fails, how many changes have not reached the server and why, and
   what signing out anyway means for them — kept on this computer and sent
   after the next sign-in, or, with the wipe, lost — with **Cancel**, **Try
   again** (with a password field when the password is what is missing) and
   **Sign out anyway**;
4. ``client.logout`` (forced only after that warning).

The wipe itself happens after the dialog, in :func:`wipe_local_copy`, once
the window has stopped every use of the store: the app must never read or
write a deleted database (see ``WindowSync.reopen``).
"""

from __future__ import annotations

import enum
import logging

from PySide6.QtWidgets import (
    QCheckBox,
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

from salesdesk.store.store import Store
from salesdesk.ui.sync import messages
from salesdesk.ui.sync.controller import Outcome, SyncController
from sync import client
from sync.client import ErrorKind, SyncError, SyncStatus

log = logging.getLogger(__name__)
MIN_WIDTH = 480


class Step(enum.Enum):
    ASK = "ask"
    SENDING = "sending"
    WARN = "warn"
    SIGNING_OUT = "signing_out"
    DONE = "done"


class SignOutDialog(QDialog):
    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sign_out_dialog")
        self.controller = controller
        self.step = Step.ASK
        self.forced = False
        self.pending = 0
        self.setWindowTitle(self.tr("Sign out"))
        self.setMinimumWidth(MIN_WIDTH)
        status = controller.status
        who = (status.display_name or status.username or "") if status else ""
        server = (status.server or "") if status else ""
        self.question = QLabel(
            self.tr(
                "Sign out of %1 as %2? Changes that have not reached the server yet are sent first."
            )
            .replace("%1", server)
            .replace("%2", who),
            self,
        )
        self.question.setWordWrap(True)
        self.wipe = QCheckBox(self.tr("Delete the data on this computer"), self)
        self.wipe.setObjectName("sign_out_wipe")
        wipe_note = QLabel(
            self.tr(
                "Everything that reached the server stays there. Choose this when you leave "
                "this computer or give it to someone else."
            ),
            self,
        )
        wipe_note.setWordWrap(True)
        wipe_note.setProperty("role", "muted")
        self.working = QLabel(self)
        self.working.setObjectName("sign_out_working")
        self.working.hide()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.warning = QLabel(self)
        self.warning.setObjectName("sign_out_warning")
        self.warning.setWordWrap(True)
        self.warning.setProperty("role", "warning")
        self.warning.hide()
        self.password = QLineEdit(self)
        self.password.setObjectName("sign_out_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_row = QWidget(self)
        password_form = QFormLayout(self.password_row)
        password_form.setContentsMargins(0, 0, 0, 0)
        password_form.addRow(self.tr("Password:"), self.password)
        self.password_row.hide()

        self.buttons = QDialogButtonBox(self)
        self.sign_out_button = QPushButton(self.tr("Sign out"), self)
        self.sign_out_button.setObjectName("sign_out_button")
        self.sign_out_button.setDefault(True)
        self.retry_button = QPushButton(self.tr("Try again"), self)
        self.retry_button.setObjectName("sign_out_retry")
        self.retry_button.hide()
        self.force_button = QPushButton(self.tr("Sign out anyway"), self)
        self.force_button.setObjectName("sign_out_force")
        self.force_button.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("sign_out_cancel")
        self.buttons.addButton(self.sign_out_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.retry_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.force_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.sign_out_button.clicked.connect(self.start)
        self.retry_button.clicked.connect(self._retry)
        self.force_button.clicked.connect(self._force)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # wrapped text fits
        layout.addWidget(self.question)
        layout.addWidget(self.wipe)
        layout.addWidget(wipe_note)
        layout.addWidget(self.working)
        layout.addWidget(self.progress)
        layout.addWidget(self.warning)
        layout.addWidget(self.password_row)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        controller.sig_finished.connect(self._sent)

    @property
    def wipe_requested(self) -> bool:
        return self.wipe.isChecked()

    # ---- the steps -----------------------------------------------------------------------------
    def start(self) -> None:
        """Send what is pending (if anything), then sign out."""
        if self.step not in (Step.ASK, Step.WARN):
            return
        self._send(password=None)

    def _send(self, password: str | None) -> None:
        self._set_step(Step.SENDING)
        self.working.setText(self.tr("Sending your changes…"))
        store = self.controller.store
        self.controller.db(
            store.outbox_count,
            done=lambda pending: self._maybe_sync(pending, password),
            failed=self._failed,
        )

    def _maybe_sync(self, pending: int, password: str | None) -> None:
        if self.step != Step.SENDING:
            return
        if not pending:
            self._sign_out()
            return
        if not self.controller.sync_now(interactive=False, ask_password=False, password=password):
            self.controller.cancel()  # a background sync runs: stop it, then send ours
            self.controller.wanted_again = False
            self._waiting_for_other = True

    _waiting_for_other = False

    def _sent(self, outcome: Outcome) -> None:
        if self.step != Step.SENDING:
            return
        if self._waiting_for_other:  # that was the background sync ending; now ours
            self._waiting_for_other = False
            self._send(password=None)
            return
        store = self.controller.store
        self.controller.db(
            lambda: client.status(store),
            done=lambda status: self._after_send(status, outcome.error),
            failed=self._failed,
        )

    def _after_send(self, status: SyncStatus, error: SyncError | None) -> None:
        if self.step != Step.SENDING:
            return
        if not status.pending:
            self._sign_out()
            return
        self._warn(status.pending, error)

    def _warn(self, pending: int, error: SyncError | None) -> None:
        self.pending = pending
        self._set_step(Step.WARN)
        why = messages.explain(error) if error is not None else ""
        if self.wipe_requested:
            then = self.tr(
                "If you sign out anyway, they are deleted with the data on this computer and "
                "are lost."
            )
        else:
            then = self.tr(
                "If you sign out anyway, they stay on this computer and are sent after you "
                "sign in again."
            )
        if pending == 1:
            text = self.tr("1 change has not reached the server.")
        else:
            text = self.tr("%1 changes have not reached the server.").replace(
                "%1", messages.number(pending)
            )
        self.warning.setText(messages.sentences(text, why, then))
        self.warning.setToolTip(messages.error_details(error) if error else "")
        needs_password = error is not None and error.kind in (
            ErrorKind.PASSWORD_NEEDED,
            ErrorKind.WRONG_CREDENTIALS,
        )
        self.password_row.setVisible(needs_password)
        self.adjustSize()
        if needs_password:
            self.password.clear()
            self.password.setFocus()

    def _retry(self) -> None:
        password = self.password.text() if self.password_row.isVisible() else ""
        self._send(password=password or None)

    def _force(self) -> None:
        self.forced = True
        self._sign_out()

    def _sign_out(self) -> None:
        self._set_step(Step.SIGNING_OUT)
        self.working.setText(self.tr("Signing out…"))
        self.controller.sign_out(force=self.forced, done=self._signed_out, failed=self._refused)

    def _signed_out(self, _value: None) -> None:
        self._set_step(Step.DONE)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, SyncError) and exc.kind == ErrorKind.PENDING_CHANGES:
            store = self.controller.store
            self.controller.db(
                lambda: client.status(store),
                done=lambda status: self._warn(status.pending, last_error(status)),
                failed=self._failed,
            )
            return
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        self._set_step(Step.WARN)
        if isinstance(exc, SyncError):
            self.warning.setText(messages.explain(exc))
            self.warning.setToolTip(messages.error_details(exc))
        else:
            log.error("signing out failed", exc_info=exc)
            self.warning.setText(messages.error_text(ErrorKind.INTERNAL))
        self.force_button.hide()

    def _set_step(self, step: Step) -> None:
        self.step = step
        busy = step in (Step.SENDING, Step.SIGNING_OUT)
        self.working.setVisible(busy)
        self.progress.setVisible(busy)
        self.wipe.setEnabled(step in (Step.ASK, Step.WARN))
        self.sign_out_button.setVisible(step == Step.ASK)
        self.retry_button.setVisible(step == Step.WARN)
        self.force_button.setVisible(step == Step.WARN)
        self.warning.setVisible(step == Step.WARN)
        if step != Step.WARN:
            self.password_row.hide()
        self.cancel_button.setEnabled(not busy)
        self.adjustSize()

    def reject(self) -> None:
        if self.step in (Step.SENDING, Step.SIGNING_OUT):
            return
        super().reject()


def last_error(status: SyncStatus) -> SyncError | None:
    """The profile's remembered sync error as a SyncError (None if none, or of an unknown kind)."""
    if status.last_error is None:
        return None
    try:
        kind = ErrorKind(status.last_error.kind)
    except ValueError:
        return None
    return SyncError(kind, status.last_error.message)


def wipe_local_copy(store: Store) -> None:
    """Delete the profile's database files. Call only once nothing uses ``store`` any more
    (the window's runner is shut down); the store is closed by this."""
    client.logout(store, wipe=True)
