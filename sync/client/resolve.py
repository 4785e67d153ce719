"""Conflicts and rejections: listing and resolving them (implementation follows)."""

from __future__ import annotations

import uuid

from salesdesk.domain.schema import Record
from salesdesk.store.store import Store
from sync.client.errors import ErrorKind, SyncError
from sync.client.model import ConflictInfo, RejectionInfo

_SOON = "not available yet: the sync engine is being built"


def conflicts(store: Store, *, include_resolved: bool = False) -> list[ConflictInfo]:
    raise SyncError(ErrorKind.INTERNAL, _SOON)


def rejections(store: Store, *, include_resolved: bool = False) -> list[RejectionInfo]:
    raise SyncError(ErrorKind.INTERNAL, _SOON)


def resolve_conflict(store: Store, conflict_id: uuid.UUID, choice: str) -> None:
    raise SyncError(ErrorKind.INTERNAL, _SOON)


def resolve_rejection(store: Store, rejection_id: uuid.UUID, choice: str) -> None:
    raise SyncError(ErrorKind.INTERNAL, _SOON)


def recreate_rejected(store: Store, rejection_id: uuid.UUID) -> Record:
    raise SyncError(ErrorKind.INTERNAL, _SOON)
