"""What a main window gets for sync: the status bar corner, the menu entries, the dialogs, and
the background scheduler — wired to one :class:`SyncController`.

``MainWindow`` makes a :class:`WindowSync`, puts ``status_widget`` in its
status bar and ``add_to_menu`` in its File menu; the app starts the
background syncs once the window shows (``start_background``).

Reopening: the window's areas are built for one user (a rep's or a
manager's). When signing in (or a change on the server) makes the store's
user another one, and after the local copy was wiped, the window must be
rebuilt — over the same store, or over a fresh profile after a wipe, since
nothing may go on reading a deleted database. ``reopen_handler`` (set by
``AppShell``) does that; without one, a wipe closes the window with a
message and a changed profile only asks for a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox

from salesdesk.ui import resources
from salesdesk.ui.sync.conflicts import ConflictsDialog
from salesdesk.ui.sync.controller import SyncController
from salesdesk.ui.sync.password import PasswordDialog
from salesdesk.ui.sync.scheduler import SyncScheduler
from salesdesk.ui.sync.signin import SignInDialog
from salesdesk.ui.sync.signout import SignOutDialog, wipe_local_copy
from salesdesk.ui.sync.status import SyncStatusWidget
from sync.client import ErrorKind

if TYPE_CHECKING:
    from salesdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

SYNC_SHORTCUT = QKeySequence(Qt.Key.Key_F5)
REOPEN_PROFILE = "profile"
REOPEN_WIPED = "wiped"


class WindowSync(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        context = window.context
        self.controller = SyncController(context, self)
        self.scheduler = SyncScheduler(self.controller, context, self)
        self.reopen_handler: Callable[[str], object] | None = None
        self.sign_in_hint = ""  # extra words for the sign-in dialog (the demo's password)
        self.sign_in_server = ""  # its defaults (else the last ones used)
        self.sign_in_user = ""
        self.sign_in_dialog: SignInDialog | None = None
        self.sign_out_dialog: SignOutDialog | None = None
        self.password_dialog: PasswordDialog | None = None
        self.conflicts_dialog: ConflictsDialog | None = None

        self.sign_in_action = QAction(self.tr("Sign &in…"), self)
        self.sign_in_action.setObjectName("sign_in_action")
        self.sign_in_action.triggered.connect(self.show_sign_in)
        self.sign_out_action = QAction(self.tr("Sign &out…"), self)
        self.sign_out_action.setObjectName("sign_out_action")
        self.sign_out_action.triggered.connect(self.show_sign_out)
        self.sync_action = QAction(resources.icon("sync"), self.tr("&Sync now"), self)
        self.sync_action.setObjectName("sync_now_action")
        self.sync_action.setShortcut(SYNC_SHORTCUT)
        self.sync_action.setToolTip(
            self.tr("Sync now (%1)").replace(
                "%1", SYNC_SHORTCUT.toString(QKeySequence.SequenceFormat.NativeText)
            )
        )
        self.sync_action.triggered.connect(self.sync_now)
        self.conflicts_action = QAction(
            resources.icon("conflicts"), self.tr("&Conflicts and rejected changes…"), self
        )
        self.conflicts_action.setObjectName("conflicts_action")
        self.conflicts_action.triggered.connect(self.show_conflicts)

        self.status_widget = SyncStatusWidget(self.controller, self.sync_action, window)
        self.status_widget.sig_sign_in.connect(self.show_sign_in)
        self.status_widget.sig_enter_password.connect(lambda: self.ask_password(""))
        self.status_widget.sig_show_conflicts.connect(self.show_conflicts)
        self.controller.sig_sign_in_needed.connect(self.show_sign_in)
        self.controller.sig_password_needed.connect(self.ask_password)
        self.controller.sig_profile_changed.connect(lambda: self.reopen(REOPEN_PROFILE))
        self.controller.sig_state.connect(self._update_actions)
        self._update_actions()
        window.installEventFilter(self)

    def add_to_menu(self, menu: QMenu, before: QAction | None = None) -> None:
        """Put the sync actions in ``menu`` (above ``before``, else at the end)."""
        for action in (
            self.sync_action,
            self.conflicts_action,
            self.sign_in_action,
            self.sign_out_action,
        ):
            if before is None:
                menu.addAction(action)
            else:
                menu.insertAction(before, action)

    def _update_actions(self) -> None:
        signed_in = self.controller.signed_in
        known = self.controller.status is not None
        self.sign_in_action.setVisible(not signed_in)
        self.sign_in_action.setEnabled(known)
        self.sign_out_action.setVisible(signed_in)

    # ---- background ----------------------------------------------------------------------------
    def start_background(self, *, delay_ms: int | None = None) -> None:
        """Sync by itself from now on: soon after start, on the timer, after edits."""
        self.scheduler.start(delay_ms=delay_ms)

    def shutdown(self) -> None:
        """The window closes: no new sync, a running one stops at its next safe point."""
        self.scheduler.stop()
        self.controller.shutdown()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False

    # ---- actions -------------------------------------------------------------------------------
    def sync_now(self) -> None:
        controller = self.controller
        if controller.status is not None and not controller.status.signed_in:
            self.show_sign_in()
        elif controller.running:
            self.window.notify(self.tr("A sync is already running."))
        else:
            controller.sync_now(interactive=True)

    def show_sign_in(self) -> None:
        if self.sign_in_dialog is not None and self.sign_in_dialog.isVisible():
            self.sign_in_dialog.raise_()
            return
        dialog = SignInDialog(
            self.controller,
            self.window,
            server=self.sign_in_server,
            username=self.sign_in_user,
            hint=self.sign_in_hint,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._sign_in_finished)
        self.sign_in_dialog = dialog
        dialog.open()

    def _sign_in_finished(self, result: int) -> None:
        self.sign_in_dialog = None
        if result == QDialog.DialogCode.Accepted:
            self.window.notify(self.tr("Signed in. SalesDesk now syncs by itself."))
            self.scheduler.start(first_sync=False)  # the dialog ran the first one
        self.controller.check_profile()

    def ask_password(self, reason: str) -> None:
        if self.password_dialog is not None and self.password_dialog.isVisible():
            return
        status = self.controller.status
        dialog = PasswordDialog(
            (status.server or "") if status else "",
            (status.display_name or status.username or "") if status else "",
            self.window,
            wrong=reason == ErrorKind.WRONG_CREDENTIALS,
            keyring=status.keyring if status else True,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda result: self._password_given(dialog, result))
        self.password_dialog = dialog
        dialog.open()

    def _password_given(self, dialog: PasswordDialog, result: int) -> None:
        self.password_dialog = None
        if result == QDialog.DialogCode.Accepted and dialog.value():
            self.controller.sync_now(interactive=True, password=dialog.value())

    def show_sign_out(self) -> None:
        if self.sign_out_dialog is not None and self.sign_out_dialog.isVisible():
            self.sign_out_dialog.raise_()
            return
        dialog = SignOutDialog(self.controller, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda result: self._signed_out(dialog, result))
        self.sign_out_dialog = dialog
        dialog.open()

    def _signed_out(self, dialog: SignOutDialog, result: int) -> None:
        self.sign_out_dialog = None
        if result != QDialog.DialogCode.Accepted:
            return
        self.scheduler.stop()
        if dialog.wipe_requested:
            self.reopen(REOPEN_WIPED)
        else:
            self.window.notify(self.tr("Signed out. Your data stays on this computer."))

    def show_conflicts(self) -> None:
        if self.conflicts_dialog is None:
            self.conflicts_dialog = ConflictsDialog(
                self.controller, self.window, open_record=self.window.open_record
            )
        self.conflicts_dialog.show()
        self.conflicts_dialog.raise_()
        self.conflicts_dialog.activateWindow()

    # ---- reopening -----------------------------------------------------------------------------
    def reopen(self, reason: str) -> None:
        if self.reopen_handler is not None:
            self.reopen_handler(reason)
        elif reason == REOPEN_WIPED:
            self._close_after_wipe()
        else:
            self.window.notify(
                self.tr(
                    "You are signed in as someone else now: restart SalesDesk to see your areas."
                )
            )

    def _close_after_wipe(self) -> None:
        """No app shell to reopen a fresh profile: stop everything, wipe, and close."""
        context = self.window.context
        self.shutdown()
        context.runner.shutdown()  # nothing reads the store any more
        context.bus.close()
        wipe_local_copy(context.store)
        QMessageBox.information(
            self.window,
            self.tr("Data deleted"),
            self.tr("The data on this computer was deleted. SalesDesk closes now."),
        )
        self.window.close()
