"""The SalesDesk sync client: sign in, sync a profile with the server, resolve what clashed.

This is the public API the app and the ``salesdesk`` CLI build on; everything
else in ``sync.client`` is internal. Typical use from the app::

    from sync import client

    profile = client.login(store, "https://crm.example.cn", "zhangwei", password)
    result = client.sync(store, progress=report, cancel=stop_event)   # on a worker thread
    state = client.status(store)                                      # cheap, any thread

Threads: ``sync``, ``login`` and ``logout`` talk to the network and belong on a
worker thread; the GUI may keep reading and writing the same profile
meanwhile (SQLite WAL; every write transaction is ``BEGIN IMMEDIATE`` with a
busy timeout, and the sync commits one short transaction per page). Syncs
of one profile run one at a time (a second caller waits). ``progress`` is
called on the sync's thread; hop to the GUI thread before touching widgets.
After every committed page the store notifies its subscribers with a
``ChangeSet(source="sync")`` so views refresh.

Errors: every failure a person can act on is a :class:`SyncError` with a
stable ``kind`` (:class:`ErrorKind`) and a plain-English ``message``; the last
one is kept in the profile (``status(store).last_error``). Nothing local is
ever lost by a failed sync: local changes stay in the outbox until the
server has answered them, and a change the server refuses or that loses a
conflict is kept as a rejection or a conflict the user resolves here.

Credentials: the refresh token is kept in the OS keyring (``keyring``); the
password never is. Without a keyring backend the sign-in lasts as long as
the process, and ``needs_password`` tells the app to ask again. Headless
scripts may set ``SALESDESK_PASSWORD``.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from sync.client.errors import ErrorKind, SyncCancelled, SyncError
from sync.client.model import (
    ConflictInfo,
    ErrorInfo,
    OpOutcome,
    Phase,
    RejectionInfo,
    SyncProgress,
    SyncResult,
    SyncStatus,
)

if TYPE_CHECKING:
    from salesdesk.domain.schema import Record
    from salesdesk.store.store import Profile, Store

__all__ = [
    "ConflictInfo",
    "ErrorInfo",
    "ErrorKind",
    "OpOutcome",
    "Phase",
    "RejectionInfo",
    "SyncCancelled",
    "SyncError",
    "SyncProgress",
    "SyncResult",
    "SyncStatus",
    "conflicts",
    "login",
    "logout",
    "needs_password",
    "recreate_rejected",
    "rejections",
    "resolve_conflict",
    "resolve_rejection",
    "status",
    "sync",
]

ProgressCallback = Callable[[SyncProgress], None]


def login(store: Store, server_url: str, username: str, password: str) -> Profile:
    """Sign this profile in to a server; returns the signed-in user as the profile's ``Profile``.

    Stores the server URL, the user and a per-installation ``client_id`` in the
    profile, keeps the refresh token in the OS keyring (in memory when there is
    none), and replaces the local profile's user with the server's. A profile
    with data made before signing in keeps it: the next ``sync`` adopts it for
    this user (placeholder user/team ids rewritten, local default pipeline
    stages and report templates mapped to the team's by code/kind) before it
    pushes. Signing in to another server or as another user on a profile that
    was synced before is refused (``ErrorKind.WRONG_PROFILE``). The first
    ``sync`` then brings the directory and the team's configuration.
    """
    from sync.client.account import login as _impl

    return _impl(store, server_url, username, password)


def logout(store: Store, *, wipe: bool = False, force: bool = False) -> None:
    """Sign out: push pending changes, end the session on the server, forget the keyring entry.

    If pending changes cannot be pushed (offline, or the server refused the
    connection) the sign-out is refused with ``ErrorKind.PENDING_CHANGES``
    unless ``force`` is true. ``wipe`` deletes the local copy afterwards (the
    profile's database files); the ``store`` must not be used after that.
    """
    from sync.client.account import logout as _impl

    _impl(store, wipe=wipe, force=force)


def sync(
    store: Store,
    *,
    password: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> SyncResult:
    """Push local changes, pull the server's, check the copy; returns what was done.

    ``password`` (or ``SALESDESK_PASSWORD``) is used only when the stored sign-in
    cannot be refreshed (see ``needs_password``). ``progress`` receives
    :class:`SyncProgress` reports from the calling thread; setting ``cancel``
    stops at the next safe point with :class:`SyncCancelled` (everything
    committed so far stays; the next sync resumes). Raises :class:`SyncError`.
    """
    from sync.client.engine import sync as _impl

    return _impl(store, password=password, progress=progress, cancel=cancel)


def status(store: Store) -> SyncStatus:
    """Signed in?, server, user, last sync, pending changes, open conflicts and rejections,
    the last error and whether the next sync needs the password. No network."""
    from sync.client.account import status as _impl

    return _impl(store)


def needs_password(store: Store) -> bool:
    """True when the next sync cannot sign in on its own: no keyring entry (or no keyring at
    all, this process holds no session) and no ``SALESDESK_PASSWORD``. The app then asks
    for the password and passes it to ``sync``."""
    from sync.client.account import needs_password as _impl

    return _impl(store)


def conflicts(store: Store, *, include_resolved: bool = False) -> list[ConflictInfo]:
    """Conflicts recorded by syncs, newest first (open ones only unless asked)."""
    from sync.client.resolve import conflicts as _impl

    return _impl(store, include_resolved=include_resolved)


def rejections(store: Store, *, include_resolved: bool = False) -> list[RejectionInfo]:
    """Rejected local changes, newest first (open ones only unless asked)."""
    from sync.client.resolve import rejections as _impl

    return _impl(store, include_resolved=include_resolved)


def resolve_conflict(store: Store, conflict_id: uuid.UUID, choice: str) -> None:
    """Close a conflict: ``"theirs"`` keeps the server's value; ``"mine"`` writes my value again
    as a new local change (through the store's write path; the next sync pushes it).

    Raises ``ValidationError`` when my value can no longer be written (e.g. the
    record was deleted or the role may not change that field) and
    ``NotFoundError`` for an unknown conflict id.
    """
    from sync.client.resolve import resolve_conflict as _impl

    _impl(store, conflict_id, choice)


def resolve_rejection(store: Store, rejection_id: uuid.UUID, choice: str) -> None:
    """Close a rejection deliberately: ``"copied"`` (the user kept its content elsewhere) or
    ``"discarded"``. Nothing else changes; the refused change stays in the log."""
    from sync.client.resolve import resolve_rejection as _impl

    _impl(store, rejection_id, choice)


def recreate_rejected(store: Store, rejection_id: uuid.UUID) -> Record:
    """Create a new record (new id) from a rejected create's data and mark the rejection
    ``copied``; returns the record. The next sync pushes it like any local change."""
    from sync.client.resolve import recreate_rejected as _impl

    return _impl(store, rejection_id)
