"""The sync engine: push, pull, self-check (implementation follows)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from salesdesk.store.store import Store
from sync.client.errors import ErrorKind, SyncError
from sync.client.model import SyncProgress, SyncResult


def sync(
    store: Store,
    *,
    password: str | None = None,
    progress: Callable[[SyncProgress], None] | None = None,
    cancel: threading.Event | None = None,
) -> SyncResult:
    raise SyncError(ErrorKind.INTERNAL, "not available yet: the sync engine is being built")
