"""The app's side of sync: one profile's sync state, and every call into ``sync.client``.

:class:`SyncController` is what the status bar, the dialogs and the background
scheduler talk to. It runs the engine's network calls (``login``, ``sync``,
``logout``) on the runner's network pool and its cheap reads (``status``,
``conflicts``…) on the database thread; the GUI thread never waits on either.
It keeps syncs one at a time: asking for a sync while one runs only marks
that another is wanted when this one ends (a local edit made meanwhile still
gets sent). Progress reports arrive from the sync's thread and are re-emitted
on the GUI thread.

Errors: a :class:`~sync.client.SyncError` is a problem the user can act on;
the controller keeps the last one (with the engine's details for the
tooltip) until a sync succeeds. Anything else is a bug: logged with its
traceback and shown as the engine's "unexpected problem".
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from salesdesk.store.store import ChangeSet, Profile
from salesdesk.ui.context import AppContext
from sync import client
from sync.client import ErrorKind, SyncCancelled, SyncError, SyncProgress, SyncResult, SyncStatus

log = logging.getLogger(__name__)

STATUS_DELAY_MS = 250  # local edits come in bursts: one status query after the burst
AGAIN_DELAY_MS = 300  # a sync asked for while one ran follows it this soon


@dataclasses.dataclass(frozen=True)
class Outcome:
    """How one sync attempt ended: a result, or the error (None for both: it did not start)."""

    result: SyncResult | None = None
    error: SyncError | None = None
    interactive: bool = False  # the user asked for it
    ask_password: bool = False  # a missing password may be asked for

    @property
    def ok(self) -> bool:
        return self.result is not None


class SyncController(QObject):
    sig_state = Signal()  # status, running, progress, error, reachability or activity changed
    sig_progress = Signal(object)  # SyncProgress, on the GUI thread
    sig_started = Signal()
    sig_finished = Signal(object)  # Outcome, after every sync attempt
    sig_data_changed = Signal()  # conflicts or rejections may have changed
    sig_password_needed = Signal(str)  # an interactive sync needs the password ("" or why again)
    sig_sign_in_needed = Signal()  # an interactive sync found this computer signed out
    sig_profile_changed = Signal()  # the store's user is no longer the one the window was built for

    _sig_progress_from_thread = Signal(object)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.store = context.store
        self.status: SyncStatus | None = None
        self.running = False
        self.progress: SyncProgress | None = None
        self.error: SyncError | None = None
        self.reachable: bool | None = None  # from the last attempt: None = not known yet
        self.network_online: bool | None = None  # from QNetworkInformation, when it is available
        self.activity = ""  # something else under way that the status bar shows (the demo server)
        self.password_provider: Callable[[], str | None] | None = None  # e.g. the demo's password
        self.closed = False
        self.profile = self.store.profile  # the profile the window was built for
        self.wanted_again = False
        self.last_result: SyncResult | None = None
        self._cancel: threading.Event | None = None
        self._status_ticket: Any = None
        self._status_dirty = False
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(STATUS_DELAY_MS)
        self._status_timer.timeout.connect(self.refresh_status)
        self._again_timer = QTimer(self)
        self._again_timer.setSingleShot(True)
        self._again_timer.setInterval(AGAIN_DELAY_MS)
        self._again_timer.timeout.connect(lambda: self.sync_now(interactive=False))
        self._sig_progress_from_thread.connect(self._on_progress)
        context.bus.sig_changed.connect(self._on_changes)
        # The first status read waits for the event loop, so the window's first list is
        # queued on the database thread before it (it loads the sync client and keyring).
        self._first_status = QTimer(self)
        self._first_status.setSingleShot(True)
        self._first_status.setInterval(0)
        self._first_status.timeout.connect(self.refresh_status)
        self._first_status.start()

    # ---- state ---------------------------------------------------------------------------------
    @property
    def signed_in(self) -> bool:
        return self.status is not None and self.status.signed_in

    @property
    def offline(self) -> bool:
        """The network is down, or the server could not be reached last time."""
        return self.network_online is False or self.reachable is False

    def set_activity(self, text: str) -> None:
        self.activity = text
        self.sig_state.emit()

    def set_network_online(self, online: bool | None) -> None:
        if online != self.network_online:
            self.network_online = online
            self.sig_state.emit()

    def refresh_status(self) -> None:
        """Query ``client.status`` on the database thread (coalesced) and emit ``sig_state``."""
        if self.closed:
            return
        if self._status_ticket is not None:
            self._status_dirty = True
            return
        store = self.store
        self._status_ticket = self.context.runner.db(
            lambda: client.status(store),
            done=self._on_status,
            failed=self._status_failed,
            idle=True,  # counts for the status bar: after whatever list is loading
        )

    def _on_status(self, status: SyncStatus) -> None:
        self._status_ticket = None
        self.status = status
        self.sig_state.emit()
        if self._status_dirty:
            self._status_dirty = False
            self.refresh_status()

    def _on_status_now(self, status: SyncStatus) -> None:
        """A status read along with other work (sign-in, sign-out): take it at once."""
        self.status = status
        self.sig_state.emit()

    def _status_failed(self, exc: BaseException) -> None:
        self._status_ticket = None
        log.error("could not read the sync status", exc_info=exc)

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.source == "sync":
            self.sig_data_changed.emit()
        if not self._status_timer.isActive():
            self._status_timer.start()

    def check_profile(self) -> bool:
        """Tell the window (``sig_profile_changed``) if the store's user, role or team is no
        longer the one its areas were built for (after signing in, or a change on the server)."""
        current = self.store.profile
        if current == self.profile:
            return False
        log.info("the profile changed from %s to %s", self.profile.username, current.username)
        self.profile = current
        self.sig_profile_changed.emit()
        return True

    # ---- syncing -------------------------------------------------------------------------------
    def sync_now(
        self,
        *,
        interactive: bool = True,
        ask_password: bool | None = None,
        password: str | None = None,
    ) -> bool:
        """Start a sync on the network pool; False when none was started.

        ``interactive``: the user asked (Sync now, a dialog): a missing sign-in or
        password is asked for. A background sync only shows those in the status bar,
        except that ``ask_password`` (the first sync after start) may ask for the password.
        """
        asking = interactive if ask_password is None else ask_password
        if self.closed:
            return False
        if self.running:
            self.wanted_again = True
            return False
        if self.status is not None and not self.status.signed_in:
            if interactive:
                self.sig_sign_in_needed.emit()
            return False
        if password is None and self.password_provider is not None:
            password = self.password_provider()
        self.running = True
        self.wanted_again = False
        self.progress = None
        cancel = self._cancel = threading.Event()
        store = self.store
        report = self._sig_progress_from_thread.emit

        def work() -> SyncResult:
            return client.sync(store, password=password, progress=report, cancel=cancel)

        self.context.runner.net(
            work,
            done=lambda result: self._finished(Outcome(result, None, interactive, asking)),
            failed=lambda exc: self._failed(exc, interactive, asking),
        )
        self.sig_started.emit()
        self.sig_state.emit()
        return True

    def cancel(self) -> None:
        """Stop a running sync at its next safe point (what arrived so far is kept)."""
        if self._cancel is not None:
            self._cancel.set()

    def _on_progress(self, progress: SyncProgress) -> None:
        if not self.running:
            return
        self.progress = progress
        self.sig_progress.emit(progress)
        self.sig_state.emit()

    def _failed(self, exc: BaseException, interactive: bool, asking: bool) -> None:
        if isinstance(exc, SyncCancelled):
            error: SyncError = exc
        elif isinstance(exc, SyncError):
            error = exc
        else:  # a bug: the engine turns its own into INTERNAL, so this is ours or the store's
            log.error("sync failed unexpectedly", exc_info=exc)
            error = SyncError(ErrorKind.INTERNAL, detail=repr(exc))
        self._finished(Outcome(None, error, interactive, asking))

    def _finished(self, outcome: Outcome) -> None:
        self.running = False
        self.progress = None
        self._cancel = None
        error = outcome.error
        if outcome.result is not None:
            self.last_result = outcome.result
            self.error = None
            self.reachable = True
        elif error is not None and error.kind not in (ErrorKind.CANCELLED, ErrorKind.NOT_SIGNED_IN):
            self.error = error
            if error.kind == ErrorKind.UNREACHABLE:
                self.reachable = False
            elif error.kind not in (ErrorKind.TLS, ErrorKind.LOCAL_DATA, ErrorKind.INTERNAL):
                self.reachable = True  # the server answered
        if self.closed:
            return
        self.refresh_status()
        self.sig_data_changed.emit()
        self.sig_state.emit()
        self.sig_finished.emit(outcome)
        if self.wanted_again and (error is None or error.kind == ErrorKind.CANCELLED):
            self._again_timer.start()  # asked for meanwhile (an edit, Sync now): one more
        self.wanted_again = False
        kind = error.kind if error is not None else None
        if kind == ErrorKind.NOT_SIGNED_IN and outcome.interactive:
            self.sig_sign_in_needed.emit()
        elif kind == ErrorKind.PASSWORD_NEEDED and outcome.ask_password:
            self.sig_password_needed.emit("")
        elif kind == ErrorKind.WRONG_CREDENTIALS and outcome.ask_password:
            self.sig_password_needed.emit(str(kind))  # the password typed was wrong: ask again
        self.check_profile()

    # ---- signing in and out --------------------------------------------------------------------
    def sign_in(
        self,
        url: str,
        username: str,
        password: str,
        done: Callable[[Profile], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """``client.login`` on the network pool (the first sync is a separate ``sync_now``)."""
        store = self.store

        def work() -> tuple[Profile, SyncStatus]:
            profile = client.login(store, url, username, password)
            return profile, client.status(store)

        def finished(answer: tuple[Profile, SyncStatus]) -> None:
            self.error = None
            self.reachable = True
            self._on_status_now(answer[1])
            done(answer[0])

        def refused(exc: BaseException) -> None:
            if isinstance(exc, SyncError) and exc.kind == ErrorKind.UNREACHABLE:
                self.reachable = False
            elif not isinstance(exc, SyncError):
                log.error("signing in failed unexpectedly", exc_info=exc)
            failed(exc)

        self.context.runner.net(work, done=finished, failed=refused)

    def sign_out(
        self,
        *,
        force: bool,
        done: Callable[[None], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """``client.logout`` on the network pool (sends pending changes first; the wipe of the
        local copy is the window's job, once nothing uses the store any more)."""
        store = self.store
        self.cancel()

        def work() -> SyncStatus:
            client.logout(store, force=force)
            return client.status(store)

        def finished(status: SyncStatus) -> None:
            self.error = None
            self._on_status_now(status)
            done(None)

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, SyncError):
                log.error("signing out failed unexpectedly", exc_info=exc)
            self.refresh_status()
            failed(exc)

        self.context.runner.net(work, done=finished, failed=refused)

    def db(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run ``work`` (a read or a resolution) on the database thread; errors that are not
        the user's to fix are logged."""

        def problem(exc: BaseException) -> None:
            if failed is not None:
                failed(exc)
            else:
                log.error("a sync task failed", exc_info=exc)

        self.context.runner.db(work, done=done, failed=problem)

    def shutdown(self) -> None:
        """The window is closing: stop a running sync at its next safe point, start no more."""
        self.closed = True
        self._status_timer.stop()
        self._again_timer.stop()
        self.cancel()
