"""Writing server rows: every change gets a seq, the scope index and removal events follow.

:class:`RowWriter` is the one write path of the server (pushes and the admin
CLI both use it). Inside a write transaction (``db.write_transaction``) it
inserts, updates, tombstones and restores rows; each change takes the next seq,
stores it as the row's ``rev``, in ``field_revs`` for the fields it set, and in
``sync_row`` with the row's scope keys. When a change moves a row out of some
readers' scope, a removal event for them is numbered first, so a reader
applying changes in seq order ends with exactly its new scope. Children follow
their parent: a scope change or a delete cascades down ``CHILDREN``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.entities import CHILDREN
from salesdesk.domain.schema import ENTITIES, EntityDef, Scope, utcnow
from sync.server.db import Seqs, write_transaction
from sync.server.scope import Keys, TeamLookup, stored_keys
from sync.server.tables import ENTITY_TABLES, change_log, sync_removal, sync_row

_INSERTS = {name: sa.insert(table) for name, table in ENTITY_TABLES.items()}
_LOADS = {
    name: sa.select(table).where(table.c.id == sa.bindparam("row_id"))
    for name, table in ENTITY_TABLES.items()
}
_INSERT_ROW = sa.insert(sync_row)
_INSERT_LOG = sa.insert(change_log)

Row = Mapping[Any, Any]
"""A row of an entity table (a RowMapping or a dict), by column name."""


def field_revs(row: Row) -> dict[str, int]:
    revs: dict[str, int] = json.loads(row["field_revs"] or "{}")
    return revs


class RowWriter:
    """Server-side writes within one write transaction, on behalf of one actor."""

    def __init__(
        self,
        connection: sa.Connection,
        seqs: Seqs,
        *,
        actor: uuid.UUID | None,
        client_id: uuid.UUID | None = None,
        now: dt.datetime,
    ) -> None:
        self.connection = connection
        self.seqs = seqs
        self.actor = actor
        self.client_id = client_id
        self.now = now
        self.teams = TeamLookup(connection)
        self.logged: dict[int, dict[str, Any]] = {}  # change_log rows, written by flush()
        self.updated_fields: dict[int, frozenset[str]] = {}  # seq of an update → its columns

    # ---- reading ---------------------------------------------------------------------------
    def load(self, entity: str, row_id: uuid.UUID) -> sa.RowMapping | None:
        return self.connection.execute(_LOADS[entity], {"row_id": row_id}).mappings().first()

    def keys(self, row_id: uuid.UUID) -> Keys | None:
        found = stored_keys(self.connection, row_id)
        return None if found is None else found[1]

    # ---- the changes -----------------------------------------------------------------------
    def insert(
        self,
        definition: EntityDef,
        row_id: uuid.UUID,
        values: Mapping[str, Any],
        keys: Keys,
        *,
        created_at: dt.datetime,
    ) -> int:
        seq = self.seqs.next()
        # Parameters passed to execute (not .values()): the statement compiles once and is cached.
        self.connection.execute(
            _INSERTS[definition.name],
            {
                "id": row_id,
                "rev": seq,
                "deleted": False,
                "created_at": created_at,
                "updated_at": self.now,
                "created_rev": seq,
                "field_revs": "{}",
                **values,
            },
        )
        self.connection.execute(
            _INSERT_ROW,
            {
                "row_id": row_id,
                "entity": definition.name,
                "seq": seq,
                "scope_user": keys.user,
                "scope_team": keys.team,
                "wide": keys.wide,
            },
        )
        self._log(seq, definition.name, row_id, "create")
        return seq

    def update(
        self,
        definition: EntityDef,
        row: Row,
        changes: Mapping[str, Any],
        *,
        new_keys: Keys | None = None,
        kind: str = "update",
        extra: Mapping[str, Any] | None = None,
    ) -> int:
        """Write changed field values (and/or ``extra`` system values such as ``deleted``)."""
        row_id = row["id"]
        old_keys = self.keys(row_id)
        if new_keys is not None and old_keys is not None and new_keys != old_keys:
            self._removal(definition.name, row_id, old_keys, new_keys)
        seq = self.seqs.next()
        revs = field_revs(row)
        revs.update(dict.fromkeys(changes, seq))
        table = ENTITY_TABLES[definition.name]
        self.connection.execute(
            sa.update(table)
            .where(table.c.id == row_id)
            .values(
                rev=seq,
                updated_at=self.now,
                field_revs=json.dumps(revs, separators=(",", ":")),
                **changes,
                **(extra or {}),
            )
        )
        self._move_index(row_id, seq, new_keys if new_keys != old_keys else None)
        self._log(seq, definition.name, row_id, kind)
        self.updated_fields[seq] = frozenset(changes) | frozenset(extra or ())
        if new_keys is not None and new_keys != old_keys:
            self.cascade_keys(definition.name, row_id, new_keys)
        return seq

    def set_deleted(self, definition: EntityDef, row: Row, deleted: bool) -> int:
        """Tombstone (and its children with it) or restore one row."""
        seq = self.update(
            definition, row, {}, kind="delete" if deleted else "restore", extra={"deleted": deleted}
        )
        if deleted:
            self.cascade_delete(definition.name, row["id"])
        return seq

    def bump(self, entity: str, row_id: uuid.UUID, new_keys: Keys | None = None) -> int:
        """Give a row a new seq without changing its data (so readers get it again)."""
        old_keys = self.keys(row_id)
        if new_keys is not None and old_keys is not None and new_keys != old_keys:
            self._removal(entity, row_id, old_keys, new_keys)
        seq = self.seqs.next()
        table = ENTITY_TABLES[entity]
        self.connection.execute(sa.update(table).where(table.c.id == row_id).values(rev=seq))
        self._move_index(row_id, seq, new_keys if new_keys != old_keys else None)
        return seq

    def remove_for(self, entity: str, row_ids: Iterable[uuid.UUID], audience: Keys) -> int:
        """Removal events: these rows left ``audience``'s scope (e.g. a user moved team)."""
        count = 0
        rows = []
        for row_id in row_ids:
            rows.append(
                {
                    "seq": self.seqs.next(),
                    "entity": entity,
                    "row_id": row_id,
                    "scope_user": audience.user,
                    "scope_team": audience.team,
                    "wide": audience.wide,
                }
            )
            count += 1
        if rows:
            self.connection.execute(sa.insert(sync_removal), rows)
        return count

    # ---- cascades --------------------------------------------------------------------------
    def cascade_keys(self, entity: str, row_id: uuid.UUID, keys: Keys) -> None:
        """Children take their parent's new scope keys (recursively), each with a new seq."""
        for child, field in CHILDREN.get(entity, ()):
            table = ENTITY_TABLES[child]
            ids = self.connection.execute(
                sa.select(table.c.id).where(table.c[field] == row_id)
            ).scalars()
            for child_id in list(ids):
                if self.keys(child_id) != keys:
                    self.bump(child, child_id, keys)
                    self.cascade_keys(child, child_id, keys)

    def follow_owner(
        self, definition: EntityDef, row_id: uuid.UUID, old: uuid.UUID | None, new: uuid.UUID
    ) -> None:
        """Children that name the same owner as their parent (a deal's rep) follow a new owner."""
        field = definition.scope_field
        if definition.scope != Scope.OWNED or field is None or old is None:
            return
        for child, parent_field in CHILDREN.get(definition.name, ()):
            child_def = ENTITIES[child]
            if field not in child_def.by_name:
                continue
            table = ENTITY_TABLES[child]
            rows = self.connection.execute(
                sa.select(table).where(table.c[parent_field] == row_id, table.c[field] == old)
            ).mappings()
            for row in list(rows):
                self.update(child_def, row, {field: new})

    def cascade_delete(self, entity: str, row_id: uuid.UUID) -> None:
        for child, field in CHILDREN.get(entity, ()):
            definition = ENTITIES[child]
            if not definition.deletable:
                continue
            table = ENTITY_TABLES[child]
            rows = self.connection.execute(
                sa.select(table).where(table.c[field] == row_id, table.c.deleted.is_(False))
            ).mappings()
            for child_row in list(rows):
                self.set_deleted(definition, child_row, True)

    # ---- bookkeeping -----------------------------------------------------------------------
    def _removal(self, entity: str, row_id: uuid.UUID, old: Keys, new: Keys) -> None:
        audience = old.removal_for(new)
        if audience is not None:
            self.remove_for(entity, [row_id], audience)

    def _move_index(self, row_id: uuid.UUID, seq: int, keys: Keys | None) -> None:
        values: dict[str, Any] = {"seq": seq}
        if keys is not None:
            values.update(scope_user=keys.user, scope_team=keys.team, wide=keys.wide)
        self.connection.execute(
            sa.update(sync_row).where(sync_row.c.row_id == row_id).values(**values)
        )

    def _log(self, seq: int, entity: str, row_id: uuid.UUID, kind: str) -> None:
        self.logged[seq] = {
            "seq": seq,
            "entity": entity,
            "row_id": row_id,
            "kind": kind,
            "user_id": self.actor,
            "client_id": self.client_id,
            "at": self.now,
        }

    def flush(self) -> None:
        """Write the change log of this transaction (one executemany, before the commit)."""
        if self.logged:
            self.connection.execute(_INSERT_LOG, list(self.logged.values()))
            self.logged.clear()
            self.updated_fields.clear()


@contextmanager
def writing(
    engine: sa.Engine,
    *,
    actor: uuid.UUID | None = None,
    client_id: uuid.UUID | None = None,
    now: dt.datetime | None = None,
) -> Iterator[RowWriter]:
    """A write transaction with its RowWriter; everything commits together at the end."""
    with write_transaction(engine) as (connection, seqs):
        writer = RowWriter(connection, seqs, actor=actor, client_id=client_id, now=now or utcnow())
        yield writer
        writer.flush()
