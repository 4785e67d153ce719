"""Signing a profile in and out, and its sync status (implementation follows)."""

from __future__ import annotations

from salesdesk.store.store import Profile, Store
from sync.client.errors import ErrorKind, SyncError
from sync.client.model import SyncStatus

_SOON = "not available yet: the sync engine is being built"


def login(store: Store, server_url: str, username: str, password: str) -> Profile:
    raise SyncError(ErrorKind.INTERNAL, _SOON)


def logout(store: Store, *, wipe: bool = False, force: bool = False) -> None:
    raise SyncError(ErrorKind.INTERNAL, _SOON)


def status(store: Store) -> SyncStatus:
    raise SyncError(ErrorKind.INTERNAL, _SOON)


def needs_password(store: Store) -> bool:
    raise SyncError(ErrorKind.INTERNAL, _SOON)
