"""The local store: reading records and the one write path every change goes through.

Every create, update, delete and restore made on this machine goes through
:class:`Writer`, which writes the row and, in the same SQLite transaction, an
outbox entry with the changed fields and the row's base revision — so sync
can never miss a local change. Rows pulled from the server are written by
the sync apply path (``store.replica``), which records no outbox entries.

After each commit the store tells its subscribers what changed
(:class:`ChangeSet`); views decide themselves whether to reload.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, overload

import sqlalchemy as sa

from salesdesk.domain import defaults
from salesdesk.domain.dedupe import normalize_company_name, phone_key
from salesdesk.domain.entities import CHILDREN
from salesdesk.domain.ids import uuid7
from salesdesk.domain.rules import follow_up_changes
from salesdesk.domain.schema import (
    MANAGERS,
    SYSTEM_FIELDS,
    EntityDef,
    FieldError,
    Kind,
    Merge,
    Note,
    Record,
    Scope,
    ValidationError,
    entity_def,
    utcnow,
)
from salesdesk.store import bulk, database, search
from salesdesk.store.columns import UTCDateTime
from salesdesk.store.database import DB_FILE, StoreError
from salesdesk.store.peek import LOCAL_ROLE
from salesdesk.store.tables import ENTITY_TABLES, MetaEntry, OutboxEntry

log = logging.getLogger(__name__)
OUTBOX: sa.Table = OutboxEntry.__table__  # type: ignore[assignment]
META: sa.Table = MetaEntry.__table__  # type: ignore[assignment]
R = TypeVar("R", bound=Record)
EntityRef = str | type[Record]


class NotFoundError(StoreError):
    """The record asked for does not exist (or was deleted)."""


class PermissionDeniedError(ValidationError):
    """The signed-in user's role may not make this change."""


@dataclasses.dataclass(frozen=True)
class Profile:
    """Who works in this profile, as the server (or the local set-up) knows them."""

    user_id: uuid.UUID
    team_id: uuid.UUID | None
    role: str
    username: str
    display_name: str

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGERS

    def to_json(self) -> dict[str, Any]:
        return {
            "user_id": str(self.user_id),
            "team_id": str(self.team_id) if self.team_id else None,
            "role": self.role,
            "username": self.username,
            "display_name": self.display_name,
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Profile:
        return cls(
            user_id=uuid.UUID(raw["user_id"]),
            team_id=uuid.UUID(raw["team_id"]) if raw.get("team_id") else None,
            role=raw["role"],
            username=raw["username"],
            display_name=raw["display_name"],
        )


@dataclasses.dataclass(frozen=True)
class ChangeSet:
    """What one committed transaction changed: row ids per entity, and where it came from."""

    rows: Mapping[str, frozenset[uuid.UUID]]
    source: str = "local"  # "local": this machine's write path; "sync": pulled from the server

    def touches(self, *entities: str) -> bool:
        return any(name in self.rows for name in entities)

    def ids(self, entity: str) -> frozenset[uuid.UUID]:
        return self.rows.get(entity, frozenset())

    @property
    def empty(self) -> bool:
        return not self.rows


def _name(entity: EntityRef) -> str:
    return entity if isinstance(entity, str) else entity.definition.name


DERIVED_ENTITIES = frozenset({"customer", "contact"})  # the entities with derived values


def derived_values(entity: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The local-only columns computed from a row's values (for duplicate lookups)."""
    if entity == "customer":
        return {
            "name_key": normalize_company_name(values.get("name") or ""),
            "phone_key": phone_key(values.get("phone") or ""),
        }
    if entity == "contact":
        return {"phone_key": phone_key(values.get("mobile") or "")}
    return {}


def record_from_row(definition: EntityDef, row: Mapping[str, Any] | sa.RowMapping) -> Record:
    """Build a frozen record from a table row (ignoring local-only columns)."""
    values = {name: row[name] for name in SYSTEM_FIELDS}
    for spec in definition.fields:
        values[spec.name] = row[spec.name]
    return definition.cls(**values)


class Store:
    """One profile's local database."""

    def __init__(self, engine: sa.Engine, path: Path) -> None:
        self.engine = engine
        self.path = path
        self._listeners: list[Callable[[ChangeSet], None]] = []
        self._listeners_lock = threading.Lock()
        self._profile: Profile | None = None

    # ---- opening -------------------------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """Open the profile in ``data_dir``, creating and migrating its database as needed."""
        path = Path(data_dir) / DB_FILE
        store = cls(database.open_database(path), path)
        if store.get_meta("profile") is None:
            store.initialize_local_profile()
        return store

    def close(self) -> None:
        self.engine.dispose()

    # ---- profile and meta ----------------------------------------------------------------------
    def get_meta(self, key: str, default: Any = None) -> Any:
        with self.engine.connect() as connection:
            value = connection.execute(
                sa.select(MetaEntry.value).where(MetaEntry.key == key)
            ).scalar_one_or_none()
        return default if value is None else value

    def set_meta(self, key: str, value: Any, connection: sa.Connection | None = None) -> None:
        if connection is None:
            with database.write_transaction(self.engine) as own:
                self.set_meta(key, value, own)
            return
        connection.execute(sa.delete(META).where(META.c.key == key))
        if value is not None:
            connection.execute(sa.insert(META).values(key=key, value=value))
        if key == "profile":
            self._profile = None

    @property
    def profile(self) -> Profile:
        if self._profile is None:
            raw = self.get_meta("profile")
            if raw is None:
                raise StoreError("this profile has not been set up")
            self._profile = Profile.from_json(raw)
        return self._profile

    def initialize_local_profile(
        self, *, display_name: str = "本地用户", role: str = LOCAL_ROLE
    ) -> Profile:
        """Set up a profile that works without a server: a local user and team, default config.

        These rows are local only (no outbox entries); when the profile signs in
        to a server, the server's directory and configuration replace them.
        """
        now = utcnow()
        team_id, user_id = uuid7(), uuid7()
        profile = Profile(user_id, team_id, role, "local", display_name)
        with database.write_transaction(self.engine) as connection:
            bootstrap = [
                ("team", {"id": team_id, "name": "我的团队"}),
                (
                    "user",
                    {
                        "id": user_id,
                        "username": "local",
                        "display_name": display_name,
                        "role": role,
                        "team_id": team_id,
                        "active": True,
                    },
                ),
            ]
            bootstrap += [
                ("pipeline_stage", {"id": uuid7(), "team_id": team_id, **row})
                for row in defaults.stage_rows()
            ]
            bootstrap += [
                ("report_template", {"id": uuid7(), "team_id": team_id, **row})
                for row in defaults.template_rows()
            ]
            for entity, values in bootstrap:
                definition = entity_def(entity)
                full = definition.clean_values(
                    {k: v for k, v in values.items() if k != "id"}, creating=True
                )
                connection.execute(
                    sa.insert(ENTITY_TABLES[entity]).values(
                        id=values["id"],
                        rev=0,
                        deleted=False,
                        created_at=now,
                        updated_at=now,
                        **full,
                    )
                )
            self.set_meta("profile", profile.to_json(), connection)
        return profile

    # ---- change notification -------------------------------------------------------------------
    def subscribe(self, callback: Callable[[ChangeSet], None]) -> Callable[[], None]:
        """Call ``callback`` after every committed change; returns a function that unsubscribes."""
        with self._listeners_lock:
            self._listeners.append(callback)

        def unsubscribe() -> None:
            with self._listeners_lock:
                if callback in self._listeners:
                    self._listeners.remove(callback)

        return unsubscribe

    def notify(self, changes: ChangeSet) -> None:
        if changes.empty:
            return
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(changes)
            except Exception:  # a broken view must not undo a committed write
                log.exception("change listener failed")

    # ---- reading -------------------------------------------------------------------------------
    @staticmethod
    def table(entity: EntityRef) -> sa.Table:
        return ENTITY_TABLES[_name(entity)]

    @overload
    def get(self, entity: type[R], row_id: uuid.UUID, *, deleted: bool = ...) -> R | None: ...
    @overload
    def get(self, entity: str, row_id: uuid.UUID, *, deleted: bool = ...) -> Record | None: ...
    def get(self, entity: EntityRef, row_id: uuid.UUID, *, deleted: bool = False) -> Any:
        """The record with this id, or None (tombstones only when ``deleted`` is true)."""
        definition = entity_def(entity)
        table = ENTITY_TABLES[definition.name]
        query = sa.select(table).where(table.c.id == row_id)
        if not deleted:
            query = query.where(table.c.deleted.is_(False))
        with self.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        return None if row is None else record_from_row(definition, row)

    @overload
    def require(self, entity: type[R], row_id: uuid.UUID) -> R: ...
    @overload
    def require(self, entity: str, row_id: uuid.UUID) -> Record: ...
    def require(self, entity: EntityRef, row_id: uuid.UUID) -> Any:
        record = self.get(_name(entity), row_id)
        if record is None:
            raise NotFoundError(f"no {_name(entity)} with id {row_id}")
        return record

    @overload
    def select(
        self,
        entity: type[R],
        *where: sa.ColumnElement[bool],
        order_by: Sequence[Any] = ...,
        limit: int | None = ...,
        offset: int | None = ...,
        deleted: bool = ...,
    ) -> list[R]: ...
    @overload
    def select(
        self,
        entity: str,
        *where: sa.ColumnElement[bool],
        order_by: Sequence[Any] = ...,
        limit: int | None = ...,
        offset: int | None = ...,
        deleted: bool = ...,
    ) -> list[Record]: ...
    def select(
        self,
        entity: EntityRef,
        *where: sa.ColumnElement[bool],
        order_by: Sequence[Any] = (),
        limit: int | None = None,
        offset: int | None = None,
        deleted: bool = False,
    ) -> list[Any]:
        """Records matching ``where`` (clauses on ``store.table(entity)``), tombstones left out."""
        definition = entity_def(entity)
        table = ENTITY_TABLES[definition.name]
        query = sa.select(table).where(*where)
        if not deleted:
            query = query.where(table.c.deleted.is_(False))
        query = query.order_by(*(order_by or (table.c.id,))).limit(limit).offset(offset)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [record_from_row(definition, row) for row in rows]

    def get_many(self, entity: EntityRef, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Any]:
        """Records by id (tombstones included), in one query per 500 ids."""
        definition = entity_def(entity)
        table = ENTITY_TABLES[definition.name]
        wanted = list(ids)
        found: dict[uuid.UUID, Any] = {}
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                for row in connection.execute(
                    sa.select(table).where(table.c.id.in_(chunk))
                ).mappings():
                    found[row["id"]] = record_from_row(definition, row)
        return found

    def count(
        self, entity: EntityRef, *where: sa.ColumnElement[bool], deleted: bool = False
    ) -> int:
        table = ENTITY_TABLES[_name(entity)]
        query = sa.select(sa.func.count()).select_from(table).where(*where)
        if not deleted:
            query = query.where(table.c.deleted.is_(False))
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def outbox_count(self) -> int:
        with self.engine.connect() as connection:
            return int(
                connection.execute(
                    sa.select(sa.func.count()).select_from(OutboxEntry.__table__)
                ).scalar_one()
            )

    # ---- writing -------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Writer]:
        """One unit of work through the write path; commits (and notifies) when the block ends.

        If anything in the block raises, nothing is written: no row, no outbox entry.
        """
        try:
            with database.write_transaction(self.engine) as connection:
                writer = Writer(self, connection, utcnow())
                yield writer
        except sa.exc.OperationalError as exc:
            raise _friendly(exc) from None
        changes = writer.changes()
        self.notify(changes)

    def create(self, entity: type[R], values: Mapping[str, Any] | None = None, **kw: Any) -> R:
        with self.transaction() as writer:
            return writer.create(entity, {**(values or {}), **kw})

    def update(self, entity: type[R], row_id: uuid.UUID, **changes: Any) -> R:
        with self.transaction() as writer:
            return writer.update(entity, row_id, changes)

    def delete(self, entity: EntityRef, row_id: uuid.UUID) -> None:
        with self.transaction() as writer:
            writer.delete(entity, row_id)

    def restore(self, entity: type[R], row_id: uuid.UUID) -> R:
        with self.transaction() as writer:
            return writer.restore(entity, row_id)


def _friendly(exc: sa.exc.OperationalError) -> StoreError:
    message = str(exc.orig)
    if "disk is full" in message or "disk I/O error" in message:
        return StoreError("the disk is full: nothing was saved. Free some space and try again.")
    if "locked" in message:
        return StoreError("the data is busy in another SalesDesk window; try again in a moment.")
    if "readonly" in message:
        return StoreError("the data folder is read-only: nothing was saved.")
    return StoreError(f"the local database failed: {message}")


class Writer:
    """The write path: row and outbox entry in one transaction (from ``Store.transaction``)."""

    def __init__(self, store: Store, connection: sa.Connection, now: dt.datetime) -> None:
        self.store = store
        self.connection = connection
        self.now = now
        self.profile = store.profile
        self.today = now.astimezone().date()  # the user's local day, for dated follow-ups
        self._changed: dict[str, set[uuid.UUID]] = {}

    def changes(self) -> ChangeSet:
        return ChangeSet({k: frozenset(v) for k, v in self._changed.items()})

    # ---- the four operations -------------------------------------------------------------------
    @overload
    def create(
        self, entity: type[R], values: Mapping[str, Any] | None = ..., /, **kw: Any
    ) -> R: ...
    @overload
    def create(
        self, entity: str, values: Mapping[str, Any] | None = ..., /, **kw: Any
    ) -> Record: ...
    def create(
        self, entity: EntityRef, values: Mapping[str, Any] | None = None, /, **kw: Any
    ) -> Any:
        """Create a row from field values (defaults filled in, everything validated)."""
        definition = entity_def(entity)
        self._check_writer(definition)
        given = self._with_current(definition, {**(values or {}), **kw})
        given.update(follow_up_changes(definition.name, None, given, self.today))
        cleaned = definition.clean_values(given, creating=True)
        errors = [
            *self._role_errors(definition, cleaned, current=None),
            *self._reference_errors(definition, cleaned),
        ]
        if errors:
            raise ValidationError(errors)
        record = definition.cls(
            id=uuid7(), rev=0, deleted=False, created_at=self.now, updated_at=self.now, **cleaned
        )
        self.connection.execute(
            sa.insert(ENTITY_TABLES[definition.name]).values(
                **_system_values(record), **cleaned, **derived_values(definition.name, cleaned)
            )
        )
        self._record_op(definition, record.id, "create", 0, cleaned)
        return record

    def create_many(
        self,
        entity: EntityRef,
        rows: Iterable[Mapping[str, Any]],
        *,
        prevalidated: bool = False,
    ) -> list[uuid.UUID]:
        """Create many rows at once (imports, sample data): same rules, one ``executemany``
        (customers and contacts, whose tables have search triggers: a few INSERTs of many rows).

        A row may carry its own ``id`` (so children can refer to it) and a past
        ``created_at``. References are checked by the foreign keys at commit.
        ``prevalidated``: the rows hold every field, already in cleaned form (the
        sample generator, whose output a test checks against ``clean_values``);
        they are then not validated again.
        """
        definition = entity_def(entity)
        self._check_writer(definition)
        name = definition.name
        table = ENTITY_TABLES[name]
        fill = self._current_fill(definition)
        restricted = bool(definition.restricted)
        derived = name in DERIVED_ENTITIES
        stamp = _StampText()
        inserts: list[dict[str, Any]] = []
        fields: list[dict[str, Any]] = []
        for given in rows:
            values = dict(given)
            for field, current in fill:
                if values.get(field) is None:
                    values[field] = current
            row_id = values.pop("id", None) or uuid7()
            created_at = values.pop("created_at", None) or self.now
            cleaned = values if prevalidated else definition.clean_values(values, creating=True)
            if restricted:
                errors = self._role_errors(definition, cleaned, current=None)
                if errors:
                    raise ValidationError(errors)
            created_text = stamp(created_at)  # stored once for the row, its update and its op
            insert = {
                "id": row_id,
                "rev": 0,
                "deleted": False,
                "created_at": created_text,
                "updated_at": created_text,
                **cleaned,
            }
            if derived:
                insert.update(derived_values(name, cleaned))
            inserts.append(insert)
            fields.append(cleaned)
        ops = [
            {
                "op_id": uuid7(),
                "entity": name,
                "row_id": insert["id"],
                "kind": "create",
                "base_rev": 0,
                "fields": text,  # the wire format, a batch at a time
                "created_at": insert["created_at"],
            }
            for insert, text in zip(inserts, bulk.wire_json_rows(fields), strict=True)
        ]
        if inserts:
            with search.bulk_insert(self.connection, name):
                bulk.insert_rows(
                    self.connection,
                    table,
                    inserts,
                    stored=("created_at", "updated_at"),
                    many_per_statement=name in search.INDEXED,
                )
            bulk.insert_rows(self.connection, OUTBOX, ops, stored=("fields", "created_at"))
            self._changed.setdefault(name, set()).update(r["id"] for r in inserts)
        return [r["id"] for r in inserts]

    @overload
    def update(self, entity: type[R], row_id: uuid.UUID, changes: Mapping[str, Any]) -> R: ...
    @overload
    def update(self, entity: str, row_id: uuid.UUID, changes: Mapping[str, Any]) -> Record: ...
    def update(self, entity: EntityRef, row_id: uuid.UUID, changes: Mapping[str, Any]) -> Any:
        """Change some fields of a row; only fields whose value really changes are recorded."""
        definition = entity_def(entity)
        self._check_writer(definition)
        current = self._current(definition, row_id)
        if definition.append_only:
            raise ValidationError(
                [FieldError("id", "append_only", f"a {definition.label.lower()} cannot be edited")]
            )
        cleaned = definition.clean_values(changes, creating=False)
        cleaned.update(follow_up_changes(definition.name, current.values(), cleaned, self.today))
        diff: dict[str, Any] = {}  # field -> new stored value
        sent: dict[str, Any] = {}  # field -> value recorded in the outbox
        errors: list[FieldError] = []
        for name, value in cleaned.items():
            spec = definition.field(name)
            old = getattr(current, name)
            if spec.merge == Merge.APPEND:
                added = _appended(spec.name, old, value, errors)
                if added:
                    diff[name] = tuple(sorted((*old, *added), key=lambda n: (n.at, n.id)))
                    sent[name] = added
                continue
            if value == old:
                continue
            if spec.immutable:
                errors.append(FieldError(name, "read_only", "cannot be changed once set"))
            elif spec.required and spec.is_empty(value):
                errors.append(FieldError(name, "required", "a value is required"))
            diff[name] = sent[name] = value
        errors += self._role_errors(definition, diff, current=current)
        errors += self._reference_errors(definition, diff)
        if errors:
            raise ValidationError(errors)
        if not diff:
            return current
        record = dataclasses.replace(current, updated_at=self.now, **diff)
        table = ENTITY_TABLES[definition.name]
        derived = derived_values(definition.name, record.values())
        self.connection.execute(
            sa.update(table)
            .where(table.c.id == row_id)
            .values(updated_at=self.now, **diff, **derived)
        )
        self._record_op(definition, row_id, "update", current.rev, sent)
        return record

    def delete(self, entity: EntityRef, row_id: uuid.UUID) -> None:
        """Turn a row into a tombstone, and with it every row that lives under it."""
        definition = entity_def(entity)
        self._check_writer(definition)
        if not definition.deletable:
            raise ValidationError(
                [
                    FieldError(
                        "id", "not_deletable", f"a {definition.label.lower()} cannot be deleted"
                    )
                ]
            )
        current = self._current(definition, row_id)
        self._set_deleted(definition, current, True)
        for child, field in CHILDREN.get(definition.name, ()):
            child_def = entity_def(child)
            if not child_def.deletable:
                continue
            table = ENTITY_TABLES[child]
            ids = self.connection.execute(
                sa.select(table.c.id).where(table.c[field] == row_id, table.c.deleted.is_(False))
            ).scalars()
            for child_id in list(ids):
                self.delete(child, child_id)

    @overload
    def restore(self, entity: type[R], row_id: uuid.UUID) -> R: ...
    @overload
    def restore(self, entity: str, row_id: uuid.UUID) -> Record: ...
    def restore(self, entity: EntityRef, row_id: uuid.UUID) -> Any:
        """Bring a tombstoned row back, with the rows deleted together with it."""
        definition = entity_def(entity)
        self._check_writer(definition)
        table = ENTITY_TABLES[definition.name]
        row = (
            self.connection.execute(sa.select(table).where(table.c.id == row_id)).mappings().first()
        )
        if row is None:
            raise NotFoundError(f"no {definition.name} with id {row_id}")
        current = record_from_row(definition, row)
        if not current.deleted:
            return current
        parent = definition.parent_field
        if parent is not None and parent.ref is not None:
            parent_id = getattr(current, parent.name)
            if parent_id is not None and self._lookup(parent.ref, parent_id) is None:
                raise ValidationError(
                    [
                        FieldError(
                            parent.name, "parent_deleted", "restore the record it belongs to first"
                        )
                    ]
                )
        deleted_at = current.updated_at
        restored = self._set_deleted(definition, current, False)
        for child, field in CHILDREN.get(definition.name, ()):
            child_table = ENTITY_TABLES[child]
            ids = self.connection.execute(
                sa.select(child_table.c.id).where(
                    child_table.c[field] == row_id,
                    child_table.c.deleted.is_(True),
                    child_table.c.updated_at == deleted_at,
                )
            ).scalars()
            for child_id in list(ids):
                self.restore(child, child_id)
        return restored

    def add_note(self, entity: EntityRef, row_id: uuid.UUID, text: str) -> Record:
        """Append an entry to a row's note log (never conflicts with others' notes)."""
        definition = entity_def(entity)
        spec = next((f for f in definition.fields if f.kind == Kind.NOTES), None)
        if spec is None:
            raise ValidationError([FieldError("notes", "unknown_field", "has no notes")])
        if not text.strip():
            raise ValidationError([FieldError(spec.name, "required", "a note needs some text")])
        current = self._current(definition, row_id)
        note = Note(id=uuid7(), at=self.now, by=self.profile.user_id, text=text.strip())
        return self.update(
            definition.name, row_id, {spec.name: (*getattr(current, spec.name), note)}
        )

    # ---- helpers -------------------------------------------------------------------------------
    def _current(self, definition: EntityDef, row_id: uuid.UUID) -> Record:
        record = self._lookup(definition.name, row_id)
        if record is None:
            raise NotFoundError(f"no {definition.name} with id {row_id}")
        return record

    def _lookup(self, entity: str, row_id: uuid.UUID) -> Record | None:
        table = ENTITY_TABLES[entity]
        row = (
            self.connection.execute(
                sa.select(table).where(table.c.id == row_id, table.c.deleted.is_(False))
            )
            .mappings()
            .first()
        )
        return None if row is None else record_from_row(entity_def(entity), row)

    def _set_deleted(self, definition: EntityDef, current: Record, deleted: bool) -> Record:
        table = ENTITY_TABLES[definition.name]
        self.connection.execute(
            sa.update(table)
            .where(table.c.id == current.id)
            .values(deleted=deleted, updated_at=self.now)
        )
        self._record_op(definition, current.id, "delete" if deleted else "restore", current.rev, {})
        return dataclasses.replace(current, deleted=deleted, updated_at=self.now)

    def _record_op(
        self,
        definition: EntityDef,
        row_id: uuid.UUID,
        kind: str,
        base_rev: int,
        fields: dict[str, Any],
    ) -> None:
        """Add an outbox entry; ``fields`` are Python values, stored in the wire format."""
        self.connection.execute(
            sa.insert(OUTBOX).values(
                op_id=uuid7(),
                entity=definition.name,
                row_id=row_id,
                kind=kind,
                base_rev=base_rev,
                fields=fields,
                created_at=self.now,
            )
        )
        self._changed.setdefault(definition.name, set()).add(row_id)

    def _with_current(self, definition: EntityDef, values: Mapping[str, Any]) -> dict[str, Any]:
        """The values with empty signed-in-user and team references filled in."""
        filled = dict(values)
        for field, current in self._current_fill(definition):
            if filled.get(field) is None:
                filled[field] = current
        return filled

    def _current_fill(self, definition: EntityDef) -> list[tuple[str, uuid.UUID | None]]:
        """The signed-in-user and team references of ``definition``, with their values."""
        return [
            (spec.name, self.profile.user_id if spec.ref == "user" else self.profile.team_id)
            for spec in definition.current_refs
        ]

    def _check_writer(self, definition: EntityDef) -> None:
        role = self.profile.role
        if definition.scope == Scope.DIRECTORY:
            raise PermissionDeniedError(
                [
                    FieldError(
                        "entity", "not_allowed", f"{definition.label}s are managed on the server"
                    )
                ]
            )
        if role != "admin" and role not in definition.writers:
            raise PermissionDeniedError(
                [
                    FieldError(
                        "entity",
                        "not_allowed",
                        f"only managers can change {definition.label.lower()}s",
                    )
                ]
            )

    def _role_errors(
        self, definition: EntityDef, values: Mapping[str, Any], *, current: Record | None
    ) -> list[FieldError]:
        role = self.profile.role
        errors = []
        for spec in definition.restricted:
            if spec.name not in values or role in spec.roles or role == "admin":  # type: ignore[operator]
                continue
            value = values[spec.name]
            if current is None and (
                spec.is_empty(value) or (spec.default_current and value == self.profile.user_id)
            ):
                continue  # setting it to oneself (or leaving it empty) when creating is fine
            errors.append(FieldError(spec.name, "not_allowed", "only a manager can change this"))
        return errors

    def _reference_errors(
        self, definition: EntityDef, values: Mapping[str, Any]
    ) -> list[FieldError]:
        errors = []
        for name, value in values.items():
            spec = definition.field(name)
            if spec.ref is None or value is None:
                continue
            if spec.ref == "user" and spec.default_current and value == self.profile.user_id:
                continue
            if self._lookup(spec.ref, value) is None:
                errors.append(
                    FieldError(
                        name, "not_found", f"no {spec.ref.replace('_', ' ')} with id {value}"
                    )
                )
        return errors


class _StampText:
    """A timestamp as SQLite stores it, converted once for a run of rows that share it
    (a customer's contacts, a batch written at one moment)."""

    def __init__(self) -> None:
        self._last: dt.datetime | None = None
        self._text = ""

    def __call__(self, value: dt.datetime) -> str:
        if value is not self._last:
            self._text = UTCDateTime.sqlite_bind(value)
            self._last = value
        return self._text


def _system_values(record: Record) -> dict[str, Any]:
    return {name: getattr(record, name) for name in SYSTEM_FIELDS}


def _appended(
    name: str, old: tuple[Note, ...], new: tuple[Note, ...], errors: list[FieldError]
) -> tuple[Note, ...]:
    """The entries of ``new`` not in ``old``; an error if an old entry went missing or changed."""
    before = {note.id: note for note in old}
    after = {note.id: note for note in new}
    if any(after.get(note_id) != note for note_id, note in before.items()):
        errors.append(FieldError(name, "append_only", "notes can be added, not edited or removed"))
        return ()
    return tuple(note for note in new if note.id not in before)


__all__ = [
    "ChangeSet",
    "NotFoundError",
    "PermissionDeniedError",
    "Profile",
    "Store",
    "StoreError",
    "Writer",
]
