"""The sync corner of the status bar: online or not, what waits, when last synced, what failed.

One glance answers "are my changes on the server?". From the controller's
state the widget shows exactly one of these (``state`` names it for tests):

* ``signed_out`` — Not signed in, with **Sign in…**;
* ``busy`` — something else under way (the demo server starting);
* ``syncing`` — what the sync does with counts ("Downloading 12,400 of
  150,000") and a progress bar;
* ``password`` — Password needed, with **Enter password…**;
* ``offline`` — the network is down or the server could not be reached;
* ``error`` — what failed, in a few words (the full sentence and the
  engine's details on hover);
* ``never`` / ``synced`` — Never synced / Synced 10:42.

Beside it: how many local changes wait to be sent (when signed in), a badge
for open conflicts and rejected changes that opens their view, and the
**Sync now** button (the F5 action).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QToolButton,
    QWidget,
)

from salesdesk.ui import resources, timefmt
from salesdesk.ui.sync import messages
from salesdesk.ui.sync.controller import SyncController
from sync.client import ErrorKind

PROGRESS_WIDTH = 120


def synced_text(when: dt.datetime | None) -> str:
    """ "Synced 10:42" today, "Synced 2026-11-22 18:02" before; "Never synced"."""
    from PySide6.QtCore import QCoreApplication

    if when is None:
        return QCoreApplication.translate("SyncStatusWidget", "Never synced")
    moment = timefmt.to_qdatetime(when)
    if timefmt.local(when).date() == timefmt.today():
        shown = moment.toString("HH:mm")
    else:
        shown = moment.toString(timefmt.DATETIME_FORMAT)
    return QCoreApplication.translate("SyncStatusWidget", "Synced %1").replace("%1", shown)


class SyncStatusWidget(QWidget):
    sig_sign_in = Signal()
    sig_enter_password = Signal()
    sig_show_conflicts = Signal()

    def __init__(
        self, controller: SyncController, sync_action: QAction, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sync_status")
        self.controller = controller
        self.state = ""
        self.text = QLabel(self)
        self.text.setObjectName("sync_state")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("sync_progress")
        self.progress.setFixedWidth(PROGRESS_WIDTH)
        self.progress.setMaximumHeight(14)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.action = QPushButton(self)
        self.action.setObjectName("sync_action")
        self.action.setFlat(True)
        self.action.hide()
        self.action.clicked.connect(self._act)
        self.pending = QLabel(self)
        self.pending.setObjectName("sync_pending")
        self.pending.hide()
        self.badge = QPushButton(self)
        self.badge.setObjectName("sync_badge")
        self.badge.setFlat(True)
        self.badge.setIcon(resources.icon("conflicts"))
        self.badge.hide()
        self.badge.clicked.connect(self.sig_show_conflicts)
        self.sync_button = QToolButton(self)
        self.sync_button.setObjectName("sync_now")
        self.sync_button.setDefaultAction(sync_action)
        self.sync_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.text)
        layout.addWidget(self.progress)
        layout.addWidget(self.action)
        layout.addWidget(self.pending)
        layout.addWidget(self.badge)
        layout.addWidget(self.sync_button)
        controller.sig_state.connect(self.refresh)
        self.refresh()

    # ---- showing the state ---------------------------------------------------------------------
    def refresh(self) -> None:
        controller = self.controller
        status = controller.status
        progress_shown = False
        action = ""
        tooltip = ""
        role = "muted"
        if status is None and not controller.running and not controller.activity:
            self._show("", "", "", "")
            self.pending.hide()
            self.badge.hide()
            self.progress.hide()
            return
        if controller.activity:
            state, text = "busy", controller.activity
            progress_shown = True
            self.progress.setRange(0, 0)
        elif controller.running:
            state = "syncing"
            text = messages.progress_text(controller.progress)
            role = ""
            progress_shown = True
            progress = controller.progress
            if progress is not None and progress.total:
                self.progress.setRange(0, max(1, progress.total))
                self.progress.setValue(min(progress.done, progress.total))
            else:
                self.progress.setRange(0, 0)  # busy: the total is not known
        elif status is not None and not status.signed_in:
            state, text = "signed_out", self.tr("Not signed in")
            action = self.tr("Sign in…")
            tooltip = self.tr("Sign in to a SalesDesk server to sync your data with your team.")
        else:
            state, text, role, action, tooltip = self._after_sync()
        self.state = state
        self.progress.setVisible(progress_shown)
        self._show(text, role, action, tooltip)
        self._show_counts()

    def _after_sync(self) -> tuple[str, str, str, str, str]:
        """(state, text, role, action, tooltip) of a signed-in computer that is not syncing."""
        controller = self.controller
        status = controller.status
        assert status is not None
        synced = synced_text(status.last_sync)
        where = self._where()
        kind, message, detail = "", "", ""
        if controller.error is not None:
            kind, message = str(controller.error.kind), controller.error.message
            detail = controller.error.detail
        elif status.last_error is not None:
            kind, message = status.last_error.kind, status.last_error.message
        if kind == ErrorKind.PASSWORD_NEEDED or (status.needs_password and not kind):
            text = self.tr("Password needed")
            tooltip = self.tr("Enter your password to sync. %1").replace("%1", where)
            return "password", text, "warning", self.tr("Enter password…"), tooltip
        if controller.offline or kind == ErrorKind.UNREACHABLE:
            tooltip = "\n".join(
                part
                for part in (
                    messages.error_text(ErrorKind.UNREACHABLE),
                    synced,
                    where,
                    messages.details(kind, message, detail) if message else "",
                )
                if part
            )
            return "offline", self.tr("Offline"), "warning", "", tooltip
        if kind and kind != ErrorKind.CANCELLED:
            sentence = (
                messages.explain(controller.error)
                if controller.error is not None
                else messages.error_text(kind)
            )
            tooltip = "\n".join(
                p for p in (sentence, synced, where, messages.details(kind, message, detail)) if p
            )
            action = self.tr("Sign in…") if kind == ErrorKind.WRONG_PROFILE else ""
            return "error", messages.short_error(kind), "error", action, tooltip
        state = "synced" if status.last_sync is not None else "never"
        tooltip = "\n".join(p for p in (synced, where) if p)
        return state, synced, "muted", "", tooltip

    def _where(self) -> str:
        status = self.controller.status
        if status is None or not status.signed_in:
            return ""
        return (
            self.tr("Signed in to %1 as %2.")
            .replace("%1", status.server or "")
            .replace("%2", status.display_name or status.username or "")
        )

    def _show(self, text: str, role: str, action: str, tooltip: str) -> None:
        self.text.setText(text)
        self.text.setToolTip(tooltip)
        if self.text.property("role") != role:
            self.text.setProperty("role", role)
            self.text.style().unpolish(self.text)
            self.text.style().polish(self.text)
        self.action.setText(action)
        self.action.setVisible(bool(action))

    def _show_counts(self) -> None:
        status = self.controller.status
        signed_in = status is not None and status.signed_in
        pending = status.pending if status is not None and signed_in else 0
        self.pending.setVisible(pending > 0)
        if pending:
            self.pending.setText(
                self.tr("1 change waiting")
                if pending == 1
                else self.tr("%1 changes waiting").replace("%1", messages.number(pending))
            )
            self.pending.setToolTip(
                self.tr(
                    "Changes made on this computer that have not reached the server yet. "
                    "They are kept safely and sent by the next sync."
                )
            )
        conflicts = status.conflicts if status is not None else 0
        rejections = status.rejections if status is not None else 0
        parts = []
        if conflicts:
            parts.append(
                self.tr("1 conflict")
                if conflicts == 1
                else self.tr("%1 conflicts").replace("%1", messages.number(conflicts))
            )
        if rejections:
            parts.append(
                self.tr("1 rejected change")
                if rejections == 1
                else self.tr("%1 rejected changes").replace("%1", messages.number(rejections))
            )
        self.badge.setText(self.tr(", ").join(parts))
        self.badge.setToolTip(self.tr("Open the conflicts and rejected changes to resolve them."))
        self.badge.setVisible(bool(parts))

    def _act(self) -> None:
        if self.state == "password":
            self.sig_enter_password.emit()
        else:
            self.sig_sign_in.emit()
