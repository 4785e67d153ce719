"""The sync apply path: writing what the server sends into the local store.

Everything the sync engine writes goes through here, never through the
``Writer`` (these are not local changes, so no outbox entries):

* :func:`apply_page` — one pulled page and the new cursor in ONE transaction;
* :func:`record_push` — the server's answers to pushed outbox entries
  (conflicts and rejections are kept with their data; answered entries leave
  the outbox) in one transaction;
* :func:`apply_versions` / :func:`drop_rows` — the self-check's repairs;
* :func:`flush_pending_removals` — rows that left this user's scope while they
  still had local edits, removed once those edits are answered.

Rebase: a pulled row replaces the local one, except fields with pending
outbox entries, which keep the local value until pushed (PLAIN fields); a
SERVER_WINS field takes the pulled value at once (the pending entry is still
pushed and the server decides); note logs (APPEND) take the union of both.
A pending delete or restore keeps the local ``deleted``. Nothing pending is
ever discarded: a row leaving scope while it (or a row under it) has
pending entries stays, recorded in ``pending_removal``.

Sync transactions run with foreign keys off: the server is the authority on
references, and a pull may bring a child row before its parent (a row's
latest version comes with its latest change number). After each commit the
store's subscribers get a ``ChangeSet(source="sync")``.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import logging
import sqlite3
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.entities import CHILDREN
from salesdesk.domain.ids import uuid7
from salesdesk.domain.schema import (
    ENTITIES,
    SYSTEM_FIELDS,
    EntityDef,
    FieldSpec,
    Kind,
    Merge,
    Note,
    ValidationError,
    parse_datetime,
    utcnow,
)
from salesdesk.store import bulk, search
from salesdesk.store.database import StoreError
from salesdesk.store.store import ChangeSet, Store, derived_values, record_from_row
from salesdesk.store.tables import (
    ENTITY_TABLES,
    Conflict,
    MetaEntry,
    OutboxEntry,
    PendingRemoval,
    Rejection,
)

log = logging.getLogger(__name__)

OUTBOX: sa.Table = OutboxEntry.__table__  # type: ignore[assignment]
META: sa.Table = MetaEntry.__table__  # type: ignore[assignment]
CONFLICT: sa.Table = Conflict.__table__  # type: ignore[assignment]
REJECTION: sa.Table = Rejection.__table__  # type: ignore[assignment]
PENDING_REMOVAL: sa.Table = PendingRemoval.__table__  # type: ignore[assignment]

CURSOR_KEY = "sync_cursor"
STALE_KEY = "sync_stale"  # rows whose local values may differ from the server's at the same rev
_CHUNK = 500


class BadRowError(ValueError):
    """A pulled row that does not match the entity declarations (a damaged or foreign answer)."""


class CursorMoved(Exception):  # noqa: N818  (a signal, not a failure)
    """Another sync of this profile (another process) moved the cursor: this page is stale."""


# ---- decoding pulled rows ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class RowVersion:
    """One row as the server has it at change number ``seq`` (decoded, ready to store)."""

    entity: str
    id: uuid.UUID
    seq: int
    deleted: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    values: dict[str, Any]  # every field of the entity, as Python values


@dataclasses.dataclass(frozen=True, slots=True)
class Removal:
    """The row left this user's scope at change number ``seq``."""

    entity: str
    id: uuid.UUID
    seq: int


Event = RowVersion | Removal

Decoder = Callable[[Any], Any]


def _text(spec: FieldSpec) -> Decoder:
    empty = None if spec.optional else ""

    def decode(value: Any) -> Any:
        if value is None:
            return empty
        if type(value) is not str:
            raise BadRowError(f"{spec.name} must be text")
        return value

    return decode


def _choice(spec: FieldSpec) -> Decoder:
    allowed = frozenset(spec.choices)

    def decode(value: Any) -> Any:
        if value is None and spec.optional:
            return None
        if value not in allowed:
            raise BadRowError(f"{spec.name}: unknown code {value!r}")
        return value

    return decode


def _simple(spec: FieldSpec, convert: Callable[[Any], Any], *types: type) -> Decoder:
    def decode(value: Any) -> Any:
        if value is None:
            if spec.optional:
                return None
            raise BadRowError(f"{spec.name} may not be empty")
        if type(value) not in types:
            raise BadRowError(f"{spec.name} has the wrong type")
        return convert(value)

    return decode


def _decimal(spec: FieldSpec) -> Callable[[Any], Decimal]:
    def convert(value: str) -> Decimal:
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise BadRowError(f"{spec.name} is not a number") from None
        scaled = number.scaleb(spec.scale)
        if not number.is_finite() or scaled != scaled.to_integral_value():
            raise BadRowError(f"{spec.name} has too many decimal places")
        return number

    return convert


def _uuid(value: str) -> uuid.UUID:
    return uuid.UUID(value)


def _blob(value: str) -> bytes:
    return base64.b64decode(value, validate=True)


def _general(spec: FieldSpec) -> Decoder:
    """The declaration's own decoding (tags, JSON, note logs): complete but slower, so the
    common shapes (plain tags, JSON objects and lists, an empty note log) are taken as
    they are: the server stored them cleaned by the same declaration."""
    kind = spec.kind

    def slow(value: Any) -> Any:
        try:
            return spec.from_json(value)
        except ValidationError as exc:
            raise BadRowError(str(exc)) from None

    def decode(value: Any) -> Any:
        if kind == Kind.TAGS and type(value) is list and all(type(t) is str for t in value):
            return tuple(value)
        if kind == Kind.JSON and type(value) in (dict, list):
            return value
        if kind == Kind.NOTES and value == []:
            return ()
        return slow(value)

    return decode


def _decoder(spec: FieldSpec) -> Decoder:
    kind = spec.kind
    if kind == Kind.TEXT:
        return _text(spec)
    if kind == Kind.CHOICE:
        return _choice(spec)
    if kind == Kind.INT:
        return _simple(spec, int, int)
    if kind == Kind.BOOL:
        return _simple(spec, bool, bool)
    if kind == Kind.FLOAT:
        return _simple(spec, float, int, float)
    if kind == Kind.DECIMAL:
        return _simple(spec, _decimal(spec), str)
    if kind == Kind.DATE:
        return _simple(spec, dt.date.fromisoformat, str)
    if kind == Kind.DATETIME:
        return _simple(spec, parse_datetime, str)
    if kind == Kind.UUID:
        return _simple(spec, _uuid, str)
    if kind == Kind.BLOB:
        return _simple(spec, _blob, str)
    return _general(spec)


_DECODERS: dict[str, list[tuple[str, Decoder, FieldSpec]]] = {
    name: [(spec.name, _decoder(spec), spec) for spec in definition.fields]
    for name, definition in ENTITIES.items()
}


def decode_row(entity: str, seq: int, row_id: uuid.UUID, raw: Mapping[str, Any]) -> RowVersion:
    """A pulled row (wire JSON) as a :class:`RowVersion`; BadRowError if it is not a valid row."""
    decoders = _DECODERS.get(entity)
    if decoders is None:
        raise BadRowError(f"unknown entity {entity!r}")
    try:
        if raw["id"] != str(row_id) or raw["rev"] != seq:
            raise BadRowError("the row's id or rev does not match its change")
        deleted = raw["deleted"]
        if type(deleted) is not bool:
            raise BadRowError("deleted must be true or false")
        values: dict[str, Any] = {}
        for name, decode, spec in decoders:
            if name in raw:
                values[name] = decode(raw[name])
            else:  # a field this server does not know yet: its default
                values[name] = spec.make_default()
        return RowVersion(
            entity,
            row_id,
            seq,
            deleted,
            parse_datetime(raw["created_at"]),
            parse_datetime(raw["updated_at"]),
            values,
        )
    except BadRowError:
        raise
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise BadRowError(f"{entity} {row_id}: {exc}") from None


# ---- transactions --------------------------------------------------------------------------------


@contextmanager
def sync_transaction(store: Store) -> Iterator[sa.Connection]:
    """A write transaction (``BEGIN IMMEDIATE``) with foreign keys off, for the sync apply path."""
    try:
        with store.engine.connect() as plain:
            raw = plain.connection.dbapi_connection
            assert isinstance(raw, sqlite3.Connection)
            raw.execute("PRAGMA foreign_keys = OFF")
            try:
                connection = plain.execution_options(sqlite_begin="BEGIN IMMEDIATE")
                with connection.begin():
                    yield connection
            finally:
                try:
                    raw.execute("PRAGMA foreign_keys = ON")
                except sqlite3.Error:  # never hand a connection without foreign keys back
                    plain.invalidate()
    except sa.exc.OperationalError as exc:
        raise _friendly(exc) from None


def _friendly(exc: sa.exc.OperationalError) -> StoreError:
    message = str(exc.orig)
    if "disk is full" in message or "disk I/O error" in message:
        return StoreError("the disk is full: the synced data could not be saved")
    if "locked" in message or "busy" in message:
        return StoreError("the data is busy in another SalesDesk window; try again in a moment")
    if "readonly" in message:
        return StoreError("the data folder is read-only: the synced data could not be saved")
    return StoreError(f"the local database failed: {message}")


def read_meta(connection: sa.Connection, key: str, default: Any = None) -> Any:
    value = connection.execute(
        sa.select(META.c.value).where(META.c.key == key)
    ).scalar_one_or_none()
    return default if value is None else value


def write_meta(connection: sa.Connection, key: str, value: Any) -> None:
    connection.execute(sa.delete(META).where(META.c.key == key))
    if value is not None:
        connection.execute(sa.insert(META).values(key=key, value=value))


def cursor(store: Store) -> int:
    """The server change number the local copy is at (0: never synced)."""
    return int(store.get_meta(CURSOR_KEY, 0))


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ---- what is pending locally ---------------------------------------------------------------------


@dataclasses.dataclass
class Pending:
    """The outbox entries of one row that the server has not answered yet."""

    fields: set[str] = dataclasses.field(default_factory=set)
    kinds: list[str] = dataclasses.field(default_factory=list)

    @property
    def deleted(self) -> bool | None:
        """The ``deleted`` the local edits want (None: no pending delete or restore)."""
        for kind in reversed(self.kinds):
            if kind in ("delete", "restore"):
                return kind == "delete"
        return None


def pending_for(connection: sa.Connection, ids: Collection[uuid.UUID]) -> dict[uuid.UUID, Pending]:
    """Pending outbox entries of these rows, by row id."""
    found: dict[uuid.UUID, Pending] = {}
    if not ids or connection.execute(sa.select(OUTBOX.c.seq).limit(1)).first() is None:
        return found
    wanted = list(ids)
    for chunk in _chunks(wanted):
        rows = connection.execute(
            sa.select(OUTBOX.c.row_id, OUTBOX.c.kind, OUTBOX.c.fields)
            .where(OUTBOX.c.row_id.in_(chunk))
            .order_by(OUTBOX.c.seq)
        )
        for row_id, kind, fields in rows:
            pending = found.setdefault(row_id, Pending())
            pending.kinds.append(kind)
            pending.fields.update(fields or {})
    return found


def _has_rows(connection: sa.Connection, table: sa.Table) -> bool:
    return (
        connection.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None
    )


# ---- applying rows -------------------------------------------------------------------------------


class Applier:
    """Writes row versions and removals inside one sync transaction, in change order."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.changed: dict[str, set[uuid.UUID]] = {}
        self.removed = 0
        self.conflicts = 0
        self._upserts: list[RowVersion] = []
        self._has_pending_removals = _has_rows(connection, PENDING_REMOVAL)

    def apply(self, events: Iterable[Event]) -> None:
        for event in events:
            if isinstance(event, RowVersion):
                self._upserts.append(event)
            else:
                self.flush()
                self.remove(event.entity, event.id, event.seq)
        self.flush()

    # ---- upserts ---------------------------------------------------------------------------------
    def flush(self) -> None:
        versions, self._upserts = self._upserts, []
        if not versions:
            return
        connection = self.connection
        pending = pending_for(connection, [v.id for v in versions])
        if self._has_pending_removals:
            for chunk in _chunks([v.id for v in versions]):
                connection.execute(
                    sa.delete(PENDING_REMOVAL).where(PENDING_REMOVAL.c.row_id.in_(chunk))
                )
        by_entity: dict[str, list[RowVersion]] = {}
        for version in versions:
            by_entity.setdefault(version.entity, []).append(version)
        for entity, rows in by_entity.items():
            self._write(entity, rows, pending)

    def _write(
        self, entity: str, versions: list[RowVersion], pending: Mapping[uuid.UUID, Pending]
    ) -> None:
        definition = ENTITIES[entity]
        table = ENTITY_TABLES[entity]
        connection = self.connection
        ids = [v.id for v in versions]
        local: dict[uuid.UUID, Any] = {}
        rebased = [v.id for v in versions if v.id in pending]
        for chunk in _chunks(rebased):
            for row in connection.execute(sa.select(table).where(table.c.id.in_(chunk))).mappings():
                local[row["id"]] = record_from_row(definition, row)
        _delete_ids(connection, table, ids)
        rows = []
        for version in versions:
            values = version.values
            deleted = version.deleted
            updated_at = version.updated_at
            mine = pending.get(version.id)
            current = local.get(version.id)
            if mine is not None and current is not None:
                values = rebase(definition, current.values(), values, mine)
                deleted = mine.deleted if mine.deleted is not None else deleted
                updated_at = max(updated_at, current.updated_at)
            rows.append(
                {
                    "id": version.id,
                    "rev": version.seq,
                    "deleted": deleted,
                    "created_at": version.created_at,
                    "updated_at": updated_at,
                    **values,
                    **derived_values(entity, values),
                }
            )
        with search.bulk_insert(connection, entity):
            bulk.insert_rows(connection, table, rows)
        self.changed.setdefault(entity, set()).update(ids)

    # ---- removals --------------------------------------------------------------------------------
    def remove(self, entity: str, row_id: uuid.UUID, seq: int) -> None:
        """The row left this user's scope: drop it and what lives under it, except what has
        pending local edits (kept, with its ancestors, and recorded in ``pending_removal``)."""
        tree = _subtree(self.connection, entity, row_id)
        if not tree:
            return
        pending = pending_for(self.connection, list(tree))
        keep: set[uuid.UUID] = set()
        for start in pending:
            node: uuid.UUID | None = start
            while node is not None and node not in keep:
                keep.add(node)
                node = tree[node][1]
        for node in keep:
            node_entity = tree[node][0]
            self.connection.execute(
                sa.delete(PENDING_REMOVAL).where(PENDING_REMOVAL.c.row_id == node)
            )
            self.connection.execute(
                sa.insert(PENDING_REMOVAL).values(entity=node_entity, row_id=node, seq=seq)
            )
            self._has_pending_removals = True
        self._delete({node: info[0] for node, info in tree.items() if node not in keep})

    def _delete(self, rows: Mapping[uuid.UUID, str]) -> None:
        by_entity: dict[str, list[uuid.UUID]] = {}
        for row_id, entity in rows.items():
            by_entity.setdefault(entity, []).append(row_id)
        for entity, ids in by_entity.items():
            table = ENTITY_TABLES[entity]
            for chunk in _chunks(ids):
                self.connection.execute(sa.delete(table).where(table.c.id.in_(chunk)))
            self.changed.setdefault(entity, set()).update(ids)
            self.removed += len(ids)

    def changes(self) -> ChangeSet:
        return ChangeSet({k: frozenset(v) for k, v in self.changed.items()}, source="sync")


def _delete_ids(connection: sa.Connection, table: sa.Table, ids: Sequence[uuid.UUID]) -> None:
    """Delete these rows (their delete triggers run) with plain SQL: ids as the 32 hex digits
    SQLite stores, no statement compiled per chunk (most ids of a first pull are not there)."""
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        connection.exec_driver_sql(
            f"DELETE FROM {table.name} WHERE id IN ({marks})", tuple(i.hex for i in chunk)
        )


def _subtree(
    connection: sa.Connection, entity: str, row_id: uuid.UUID
) -> dict[uuid.UUID, tuple[str, uuid.UUID | None]]:
    """The local row and every row under it: id -> (entity, parent id within the tree)."""
    table = ENTITY_TABLES[entity]
    if connection.execute(sa.select(table.c.id).where(table.c.id == row_id)).first() is None:
        return {}
    tree: dict[uuid.UUID, tuple[str, uuid.UUID | None]] = {row_id: (entity, None)}
    level = {entity: [row_id]}
    while level:
        below: dict[str, list[uuid.UUID]] = {}
        for parent_entity, parents in level.items():
            for child, field in CHILDREN.get(parent_entity, ()):
                child_table = ENTITY_TABLES[child]
                for chunk in _chunks(parents):
                    for child_id, parent_id in connection.execute(
                        sa.select(child_table.c.id, child_table.c[field]).where(
                            child_table.c[field].in_(chunk)
                        )
                    ):
                        if child_id not in tree:
                            tree[child_id] = (child, parent_id)
                            below.setdefault(child, []).append(child_id)
        level = below
    return tree


def rebase(
    definition: EntityDef,
    local: Mapping[str, Any],
    pulled: Mapping[str, Any],
    pending: Pending,
) -> dict[str, Any]:
    """The pulled values with local pending edits replayed on top (see the module docstring)."""
    values = dict(pulled)
    for name in pending.fields:
        spec = definition.by_name.get(name)
        if spec is None:
            continue
        if spec.merge == Merge.APPEND:
            values[name] = union_notes(local[name], pulled[name])
        elif spec.merge == Merge.PLAIN:
            values[name] = local[name]
        # SERVER_WINS: the pulled value stays; the pending entry is pushed and the server decides.
    return values


def union_notes(*logs: Iterable[Note]) -> tuple[Note, ...]:
    """Note log entries of all logs by id (the first copy of an id wins), in time order."""
    notes: dict[uuid.UUID, Note] = {}
    for entries in logs:
        for note in entries:
            notes.setdefault(note.id, note)
    return tuple(sorted(notes.values(), key=lambda n: (n.at, n.id)))


# ---- the operations the engine calls -------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Applied:
    rows: int  # row versions written
    removed: int  # local rows removed
    changes: ChangeSet


def apply_page(
    store: Store,
    events: Sequence[Event],
    *,
    new_cursor: int,
    expect_cursor: int | None,
    before_commit: Callable[[], None] | None = None,
) -> Applied:
    """Write one pulled page and store ``new_cursor`` with it, in one transaction.

    ``expect_cursor``: the cursor this page was asked from; if the stored cursor
    differs (another process synced meanwhile) nothing is written and
    :class:`CursorMoved` is raised.
    """
    with sync_transaction(store) as connection:
        stored = int(read_meta(connection, CURSOR_KEY, 0))
        if expect_cursor is not None and stored != expect_cursor:
            raise CursorMoved(f"the cursor is {stored}, not {expect_cursor}")
        applier = Applier(connection)
        applier.apply(events)
        write_meta(connection, CURSOR_KEY, new_cursor)
        if before_commit is not None:
            before_commit()
    changes = applier.changes()
    store.notify(changes)
    rows = sum(1 for e in events if isinstance(e, RowVersion))
    return Applied(rows, applier.removed, changes)


def begin_reset(store: Store) -> None:
    """The server cannot continue from our cursor (restored from a backup): pull from 0 again.

    Local rows are kept meanwhile; the self-check after the full pull drops
    the synced rows the server no longer has.
    """
    with sync_transaction(store) as connection:
        write_meta(connection, CURSOR_KEY, 0)
        write_meta(connection, "sync_checked", None)


def apply_versions(store: Store, versions: Sequence[RowVersion]) -> Applied:
    """Write row versions fetched by the self-check or a refetch (the cursor does not move)."""
    with sync_transaction(store) as connection:
        applier = Applier(connection)
        applier.apply(versions)
    changes = applier.changes()
    store.notify(changes)
    return Applied(len(versions), 0, changes)


def drop_rows(store: Store, entity: str, ids: Collection[uuid.UUID]) -> int:
    """Remove synced rows the server no longer has for this user (never rows with pending
    edits); returns how many were removed."""
    if not ids:
        return 0
    table = ENTITY_TABLES[entity]
    with sync_transaction(store) as connection:
        pending = pending_for(connection, ids)
        doomed = [i for i in ids if i not in pending]
        for chunk in _chunks(doomed):
            connection.execute(sa.delete(table).where(table.c.id.in_(chunk), table.c.rev > 0))
    changes = ChangeSet({entity: frozenset(doomed)} if doomed else {}, source="sync")
    store.notify(changes)
    return len(doomed)


def flush_pending_removals(store: Store) -> int:
    """Remove rows that left scope once their pending edits are answered; returns the count."""
    with store.engine.connect() as connection:
        if not _has_rows(connection, PENDING_REMOVAL):
            return 0
    with sync_transaction(store) as connection:
        applier = Applier(connection)
        _flush_removals(connection, applier)
    store.notify(applier.changes())
    return applier.removed


def _flush_removals(connection: sa.Connection, applier: Applier) -> None:
    entries = connection.execute(
        sa.select(PENDING_REMOVAL.c.entity, PENDING_REMOVAL.c.row_id, PENDING_REMOVAL.c.seq)
    ).all()
    for entity, row_id, seq in entries:
        connection.execute(sa.delete(PENDING_REMOVAL).where(PENDING_REMOVAL.c.row_id == row_id))
        applier.remove(entity, row_id, seq)


# ---- the outbox ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class OutboxOp:
    """An outbox entry ready to push (``fields`` in the wire format)."""

    seq: int
    op_id: uuid.UUID
    entity: str
    row_id: uuid.UUID
    kind: str
    base_rev: int
    fields: dict[str, Any]
    created_at: dt.datetime
    size: int  # bytes of its fields' JSON (for batching)


def outbox_batch(
    store: Store, *, after: int, upto: int, max_ops: int, max_bytes: int
) -> list[OutboxOp]:
    """The oldest outbox entries after ``after`` (up to seq ``upto``), at most ``max_ops`` of them
    and about ``max_bytes`` of fields (always at least one)."""
    ops: list[OutboxOp] = []
    size = 0
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT seq, op_id, entity, row_id, kind, base_rev, fields, created_at FROM outbox "
            "WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
            (after, upto, max_ops),
        )
        for seq, op_id, entity, row_id, kind, base_rev, fields, created_at in rows:
            length = len(fields or "")
            if ops and size + length > max_bytes:
                break
            size += length
            ops.append(
                OutboxOp(
                    seq=seq,
                    op_id=uuid.UUID(hex=op_id),
                    entity=entity,
                    row_id=uuid.UUID(hex=row_id),
                    kind=kind,
                    base_rev=int(base_rev),
                    fields=json.loads(fields) if fields else {},
                    created_at=dt.datetime.fromisoformat(created_at).replace(tzinfo=dt.UTC),
                    size=length,
                )
            )
    return ops


def last_outbox_seq(store: Store) -> int:
    with store.engine.connect() as connection:
        value = connection.execute(sa.select(sa.func.max(OUTBOX.c.seq))).scalar_one_or_none()
    return int(value or 0)


@dataclasses.dataclass(frozen=True, slots=True)
class Answer:
    """The server's answer to one pushed op (from ``sync.protocol.OpResult``)."""

    op_id: uuid.UUID
    status: str
    seq: int | None
    code: str = ""
    message: str = ""
    conflicts: tuple[tuple[str, Any, Any, str, dt.datetime | None], ...] = ()
    # (field, mine, theirs, their_user, their_at)


@dataclasses.dataclass(frozen=True)
class Recorded:
    conflicts: int
    rejections: int
    removed: int


def record_push(store: Store, ops: Sequence[OutboxOp], answers: Sequence[Answer]) -> Recorded:
    """Record the server's answers to pushed ops in one transaction.

    Answered entries leave the outbox. Conflicts are stored per field with both
    values, who and when; rejections with the op's data, code and reason. Rows
    whose local values may now differ from the server's at the same revision
    (a conflict, a refused update) are noted as stale so the engine fetches the
    server's version; a refused create's row (and the rows under it) leave the
    local copy once nothing under them is pending: its data is in the rejection.
    """
    by_id = {op.op_id: op for op in ops}
    now = utcnow()
    conflicts = rejections = 0
    with sync_transaction(store) as connection:
        stale = {(e, i): r for e, i, r in read_meta(connection, STALE_KEY, [])}
        doomed: list[OutboxOp] = []
        for answer in answers:
            op = by_id[answer.op_id]
            gone = connection.execute(sa.delete(OUTBOX).where(OUTBOX.c.op_id == op.op_id))
            if answer.status == "conflict":
                conflicts += _record_conflicts(connection, op, answer, now)
            elif answer.status == "rejected":
                if gone.rowcount or not _rejected_before(connection, op.op_id):
                    rejections += _record_rejection(connection, op, answer, now)
                if op.kind == "create" and answer.code != "exists":
                    doomed.append(op)
                    continue
            # The pull brings the server's version of this row only if it is newer than ours;
            # when it is not, our copy may hold values the server did not keep: fetch it.
            table = ENTITY_TABLES[op.entity]
            rev = connection.execute(
                sa.select(table.c.rev).where(table.c.id == op.row_id)
            ).scalar_one_or_none()
            if rev and (answer.seq is None or rev >= answer.seq):
                stale[(op.entity, str(op.row_id))] = int(rev)
        write_meta(connection, STALE_KEY, sorted([e, i, r] for (e, i), r in stale.items()) or None)
        applier = Applier(connection)
        for op in doomed:
            connection.execute(
                sa.delete(PENDING_REMOVAL).where(PENDING_REMOVAL.c.row_id == op.row_id)
            )
            applier.remove(op.entity, op.row_id, 0)
        _flush_removals(connection, applier)
    store.notify(applier.changes())
    return Recorded(conflicts, rejections, applier.removed)


def _record_conflicts(
    connection: sa.Connection, op: OutboxOp, answer: Answer, now: dt.datetime
) -> int:
    known = set(
        connection.execute(sa.select(CONFLICT.c.field).where(CONFLICT.c.op_id == op.op_id))
        .scalars()
        .all()
    )
    rows = [
        {
            "id": uuid7(),
            "op_id": op.op_id,
            "entity": op.entity,
            "row_id": op.row_id,
            "field": field,
            "mine": mine,
            "theirs": theirs,
            "their_user": their_user[:80],
            "their_at": their_at,
            "my_at": op.created_at,
            "created_at": now,
            "resolution": "",
            "resolved_at": None,
        }
        for field, mine, theirs, their_user, their_at in answer.conflicts
        if field not in known
    ]
    if rows:
        connection.execute(sa.insert(CONFLICT), rows)
    return len(rows)


def _rejected_before(connection: sa.Connection, op_id: uuid.UUID) -> bool:
    found = connection.execute(sa.select(REJECTION.c.id).where(REJECTION.c.op_id == op_id))
    return found.first() is not None


def _record_rejection(
    connection: sa.Connection, op: OutboxOp, answer: Answer, now: dt.datetime
) -> int:
    connection.execute(
        sa.insert(REJECTION).values(
            id=uuid7(),
            op_id=op.op_id,
            entity=op.entity,
            row_id=op.row_id,
            kind=op.kind,
            fields=op.fields,
            code=answer.code or "rejected",
            reason=answer.message or answer.code,
            created_at=now,
            resolution="",
            resolved_at=None,
        )
    )
    return 1


def stale_rows(store: Store) -> dict[uuid.UUID, tuple[str, int]]:
    """Rows noted stale by :func:`record_push` whose local version has not changed since:
    id -> (entity, rev). The others got a newer version from the pull meanwhile."""
    found: dict[uuid.UUID, tuple[str, int]] = {}
    with store.engine.connect() as connection:
        for entity, text, noted in read_meta(connection, STALE_KEY, []):
            table = ENTITY_TABLES.get(entity)
            if table is None:
                continue
            row_id = uuid.UUID(text)
            rev = connection.execute(
                sa.select(table.c.rev).where(table.c.id == row_id)
            ).scalar_one_or_none()
            if rev is not None and rev == noted:
                found[row_id] = (entity, int(rev))
    return found


def forget_stale(store: Store, ids: Collection[uuid.UUID]) -> None:
    """Forget the stale notes of these rows (fetched, or gone from the server)."""
    done = {str(i) for i in ids}
    with sync_transaction(store) as connection:
        kept = [item for item in read_meta(connection, STALE_KEY, []) if item[1] not in done]
        write_meta(connection, STALE_KEY, kept or None)


# ---- the self-check ------------------------------------------------------------------------------


def _excluded(connection: sa.Connection) -> set[str]:
    """Ids (hex, as stored) of rows waiting to leave scope: not part of the server's copy."""
    return {
        row[0] for row in connection.exec_driver_sql("SELECT row_id FROM pending_removal").all()
    }


def _id_revs(connection: sa.Connection, entity: str) -> Iterator[tuple[str, int]]:
    """(id as stored, rev) of an entity's synced rows, fetched a few thousand at a time: one
    fetch of a whole table is one call that holds the interpreter lock (30 ms for 40,000
    rows here), and a sync runs beside the GUI thread."""
    result = connection.exec_driver_sql(f"SELECT id, rev FROM {entity} WHERE rev > 0")
    while rows := result.fetchmany(2000):
        yield from rows


def _hex_to_uuid(text: str) -> uuid.UUID:
    return uuid.UUID(hex=text)


def local_pairs(store: Store) -> dict[str, list[tuple[uuid.UUID, int]]]:
    """Per entity, (id, rev) of the synced rows of the local copy (tombstones included)."""
    pairs: dict[str, list[tuple[uuid.UUID, int]]] = {}
    with store.engine.connect() as connection:
        excluded = _excluded(connection)
        for entity in ENTITIES:
            pairs[entity] = [
                (_hex_to_uuid(row_id), int(rev))
                for row_id, rev in _id_revs(connection, entity)
                if row_id not in excluded
            ]
    return pairs


def local_text_pairs(store: Store) -> dict[str, list[tuple[str, int]]]:
    """As :func:`local_pairs`, with each id as its canonical text (``str(uuid)``) made from
    the stored hex digits: no UUID object per row, for the self-check's hashes."""
    pairs: dict[str, list[tuple[str, int]]] = {}
    with store.engine.connect() as connection:
        excluded = _excluded(connection)
        for entity in ENTITIES:
            pairs[entity] = [
                (f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}", int(rev))
                for h, rev in _id_revs(connection, entity)
                if h not in excluded
            ]
    return pairs


def local_ids(store: Store, entity: str) -> dict[uuid.UUID, int]:
    """id -> rev of one entity's synced local rows (rows waiting to leave scope left out)."""
    with store.engine.connect() as connection:
        excluded = _excluded(connection)
        return {
            _hex_to_uuid(row_id): int(rev)
            for row_id, rev in _id_revs(connection, entity)
            if row_id not in excluded
        }


__all__ = [
    "SYSTEM_FIELDS",
    "Answer",
    "Applied",
    "BadRowError",
    "CursorMoved",
    "Event",
    "OutboxOp",
    "Pending",
    "Recorded",
    "Removal",
    "RowVersion",
    "apply_page",
    "apply_versions",
    "begin_reset",
    "cursor",
    "decode_row",
    "drop_rows",
    "flush_pending_removals",
    "forget_stale",
    "local_ids",
    "local_pairs",
    "local_text_pairs",
    "outbox_batch",
    "record_push",
    "stale_rows",
]
