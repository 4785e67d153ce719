"""The recycle bin: deleted records (tombstones) that can be restored.

Deleting a record makes it and the rows under it tombstones (``deleted = 1``)
in one transaction, all with the same ``updated_at``. The bin lists each
deletion once: a row deleted together with its parent is not listed on its own
(it comes back with the parent, see ``Writer.restore``) but counted with it.
A child deleted on its own before its parent was deleted is listed; restoring
it is refused until its parent is restored.

Tombstones must reach the server and the user's other devices, so they are
kept: there is no "empty the bin".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable

import sqlalchemy as sa

from salesdesk.domain.entities import CHILDREN
from salesdesk.domain.schema import ENTITIES, EntityDef, Record, Scope, entity_def
from salesdesk.store.store import Profile, Store, record_from_row
from salesdesk.store.tables import ENTITY_TABLES

LIMIT_PER_ENTITY = 1000


@dataclasses.dataclass(frozen=True)
class BinEntry:
    """One deletion: the record, when it was deleted, what it belongs to, what went with it."""

    entity: str
    record: Record
    deleted_at: dt.datetime
    parent_entity: str | None
    parent: Record | None  # the record it belongs to (may itself be deleted)
    together: int  # rows deleted together with it (its children, their children…)

    @property
    def row_id(self) -> uuid.UUID:
        return self.record.id

    @property
    def parent_deleted(self) -> bool:
        return self.parent is not None and self.parent.deleted


def restorable_entities(profile: Profile) -> list[str]:
    """Entities this user deletes (and so may restore), in declaration order."""
    names = []
    for name, definition in ENTITIES.items():
        if not definition.deletable or definition.scope == Scope.DIRECTORY:
            continue
        if profile.role != "admin" and profile.role not in definition.writers:
            continue
        names.append(name)
    return names


def _not_deleted_with_parent(definition: EntityDef, table: sa.Table) -> sa.ColumnElement[bool]:
    parent = definition.parent_field
    if parent is None or parent.ref is None:
        return sa.true()
    parent_table = ENTITY_TABLES[parent.ref].alias("parent")
    return ~sa.exists().where(
        parent_table.c.id == table.c[parent.name],
        parent_table.c.deleted.is_(True),
        parent_table.c.updated_at == table.c.updated_at,
    )


def _together(
    connection: sa.Connection, entity: str, rows: Iterable[tuple[uuid.UUID, dt.datetime]]
) -> dict[uuid.UUID, int]:
    """How many rows were deleted together with each of ``rows`` (recursively)."""
    wanted = dict(rows)
    counts = dict.fromkeys(wanted, 0)
    for child, field in CHILDREN.get(entity, ()):
        if not entity_def(child).deletable or not wanted:
            continue
        table = ENTITY_TABLES[child]
        found: list[tuple[uuid.UUID, uuid.UUID, dt.datetime]] = []
        ids = list(wanted)
        for start in range(0, len(ids), 500):
            result = connection.execute(
                sa.select(table.c[field], table.c.id, table.c.updated_at).where(
                    table.c[field].in_(ids[start : start + 500]), table.c.deleted.is_(True)
                )
            )
            found += [(row[0], row[1], row[2]) for row in result]
        together = [(parent, cid, at) for parent, cid, at in found if wanted[parent] == at]
        below = _together(connection, child, [(cid, at) for _parent, cid, at in together])
        for parent, cid, _at in together:
            counts[parent] += 1 + below.get(cid, 0)
    return counts


def deleted_records(
    store: Store, entities: Iterable[str] | None = None, *, limit: int = LIMIT_PER_ENTITY
) -> list[BinEntry]:
    """Deletions this user may undo, newest first (at most ``limit`` per entity)."""
    wanted = restorable_entities(store.profile)
    if entities is not None:
        wanted = [name for name in wanted if name in set(entities)]
    entries: list[BinEntry] = []
    with store.engine.connect() as connection:
        for name in wanted:
            definition = entity_def(name)
            table = ENTITY_TABLES[name]
            rows = (
                connection.execute(
                    sa.select(table)
                    .where(table.c.deleted.is_(True), _not_deleted_with_parent(definition, table))
                    .order_by(table.c.updated_at.desc())
                    .limit(limit)
                )
                .mappings()
                .all()
            )
            if not rows:
                continue
            records = [record_from_row(definition, row) for row in rows]
            together = _together(connection, name, [(r.id, r.updated_at) for r in records])
            parent = definition.parent_field
            parents: dict[uuid.UUID, Record] = {}
            if parent is not None and parent.ref is not None:
                parent_ids = {getattr(r, parent.name) for r in records} - {None}
                parents = store.get_many(parent.ref, parent_ids)
            for record in records:
                entries.append(
                    BinEntry(
                        entity=name,
                        record=record,
                        deleted_at=record.updated_at,
                        parent_entity=parent.ref if parent is not None else None,
                        parent=parents.get(getattr(record, parent.name))
                        if parent is not None
                        else None,
                        together=together.get(record.id, 0),
                    )
                )
    entries.sort(key=lambda e: (e.deleted_at, str(e.record.id)), reverse=True)
    return entries


def restore(store: Store, entity: str, row_id: uuid.UUID) -> Record:
    """Bring a deleted record back with what was deleted together with it.

    Raises ``ValidationError`` (code ``parent_deleted``) while the record it
    belongs to is still deleted.
    """
    with store.transaction() as writer:
        return writer.restore(entity, row_id)
