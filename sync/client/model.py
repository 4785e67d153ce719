"""The values the sync client hands to the app: progress, results, status, conflicts, rejections.

Plain frozen dataclasses, safe to pass between threads (the sync runs on a
worker thread; the GUI reads these on its own thread).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from salesdesk.domain.schema import format_datetime


class Phase(StrEnum):
    """Where a running sync is (``SyncProgress.phase``)."""

    SIGN_IN = "sign_in"  # getting an access token
    PUSH = "push"  # sending local changes; done/total count operations
    PULL = "pull"  # receiving changes; done/total count rows (total None when unknown)
    CHECK = "check"  # comparing the local copy with the server's and repairing what differs


@dataclasses.dataclass(frozen=True, slots=True)
class SyncProgress:
    """One progress report, sent from the sync's worker thread.

    ``total`` is None when it is not known yet (the rows of an incremental
    pull); for the first sync of a profile it is the size of the territory.
    """

    phase: Phase
    done: int
    total: int | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class OpOutcome:
    """What the server did with one pushed local change."""

    op_id: uuid.UUID
    entity: str
    row_id: uuid.UUID
    kind: str  # create | update | delete | restore
    status: str  # applied | merged | conflict | rejected
    seq: int | None
    code: str = ""  # rejection code


@dataclasses.dataclass(frozen=True, slots=True)
class SyncResult:
    """What one sync did."""

    pushed: int = 0  # local changes sent (and answered)
    applied: int = 0  # … written on the server (applied or merged)
    conflicts: int = 0  # new conflicts recorded (fields where the server kept its value)
    rejections: int = 0  # new rejections recorded
    pulled: int = 0  # changes received (rows and removals)
    removed: int = 0  # local rows removed because they left this user's scope
    repaired: int = 0  # rows fetched or dropped by the self-check
    pages: int = 0  # pull pages received
    requests: int = 0  # HTTP requests made
    cursor: int = 0  # the server change number the local copy is at now
    checked: bool = False  # the self-check ran and the copy equals the server's
    seconds: float = 0.0
    outcomes: tuple[OpOutcome, ...] = ()  # one per pushed change

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["outcomes"] = [
            {**dataclasses.asdict(o), "op_id": str(o.op_id), "row_id": str(o.row_id)}
            for o in self.outcomes
        ]
        return data


@dataclasses.dataclass(frozen=True, slots=True)
class ErrorInfo:
    """The last sync error kept in the profile (``SyncStatus.last_error``)."""

    kind: str
    message: str
    at: dt.datetime

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "at": format_datetime(self.at)}


@dataclasses.dataclass(frozen=True, slots=True)
class SyncStatus:
    """A profile's sync state at a glance (cheap: a few local queries, no network)."""

    signed_in: bool
    server: str | None  # the server URL
    username: str | None
    display_name: str | None
    last_sync: dt.datetime | None  # end of the last successful sync
    pending: int  # local changes not yet accepted by the server
    conflicts: int  # open conflicts
    rejections: int  # open rejections
    last_error: ErrorInfo | None  # the last sync's error, None after a successful sync
    needs_password: bool  # the next sync needs the password (see ``needs_password``)
    keyring: bool  # an OS keyring is available to keep the sign-in

    def to_json(self) -> dict[str, Any]:
        return {
            "signed_in": self.signed_in,
            "server": self.server,
            "username": self.username,
            "display_name": self.display_name,
            "last_sync": format_datetime(self.last_sync) if self.last_sync else None,
            "pending": self.pending,
            "conflicts": self.conflicts,
            "rejections": self.rejections,
            "last_error": self.last_error.to_json() if self.last_error else None,
            "needs_password": self.needs_password,
            "keyring": self.keyring,
        }


@dataclasses.dataclass(frozen=True, slots=True)
class ConflictInfo:
    """A field where the server kept another value than mine.

    ``mine`` and ``theirs`` are wire-format values (as ``EntityDef.to_json``
    writes them); ``title`` names the record (its name, title …) when known.
    """

    id: uuid.UUID
    op_id: uuid.UUID
    entity: str
    row_id: uuid.UUID
    title: str
    field: str
    mine: Any
    theirs: Any
    their_user: str
    their_at: dt.datetime | None
    my_at: dt.datetime
    created_at: dt.datetime
    resolution: str  # "" (open) | theirs | mine
    resolved_at: dt.datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "op_id": str(self.op_id),
            "entity": self.entity,
            "row_id": str(self.row_id),
            "title": self.title,
            "field": self.field,
            "mine": self.mine,
            "theirs": self.theirs,
            "their_user": self.their_user,
            "their_at": format_datetime(self.their_at) if self.their_at else None,
            "my_at": format_datetime(self.my_at),
            "created_at": format_datetime(self.created_at),
            "resolution": self.resolution,
            "resolved_at": format_datetime(self.resolved_at) if self.resolved_at else None,
        }


@dataclasses.dataclass(frozen=True, slots=True)
class RejectionInfo:
    """A local change the server refused, kept with its data.

    ``kind`` is the refused operation (create, update, delete, restore);
    ``fields`` its wire-format values (all fields for a create); ``code`` the
    server's stable reason code (``sync.protocol.REJECT_CODES``) and ``reason``
    its explanation.
    """

    id: uuid.UUID
    op_id: uuid.UUID
    entity: str
    row_id: uuid.UUID
    title: str
    kind: str
    fields: dict[str, Any]
    code: str
    reason: str
    created_at: dt.datetime
    resolution: str  # "" (open) | copied | discarded
    resolved_at: dt.datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "op_id": str(self.op_id),
            "entity": self.entity,
            "row_id": str(self.row_id),
            "title": self.title,
            "kind": self.kind,
            "fields": self.fields,
            "code": self.code,
            "reason": self.reason,
            "created_at": format_datetime(self.created_at),
            "resolution": self.resolution,
            "resolved_at": format_datetime(self.resolved_at) if self.resolved_at else None,
        }
