"""Reading the caller's scope: pull pages, the summary for the self-check, and id listings.

All three run in one snapshot (``db.snapshot``). A pull page holds the
changes after the client's cursor in seq order — upserts from ``sync_row``
and removals from ``sync_removal`` — bounded by a row count and a byte budget
(at least one change per page). When nothing visible is left, the cursor
jumps to the snapshot's last seq: every change up to it has committed
(writers are serialised) and none of the rest is for this caller.
"""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.schema import ENTITIES, SYSTEM_FIELDS, EntityDef, format_datetime
from sync.protocol import EntitySummary, IdPage, Summary, dumps, id_text, page_json, summarize
from sync.server.db import current_seq, snapshot
from sync.server.scope import Viewer, visible, visible_parts
from sync.server.tables import ENTITY_TABLES, sync_removal, sync_row

_CHUNK = 500


def pull(engine: sa.Engine, viewer: Viewer, cursor: int, limit: int, max_bytes: int) -> str:
    """One pull page as JSON text (the body is built from pre-serialised changes)."""
    with snapshot(engine) as connection:
        top = current_seq(connection)
        if cursor > top:
            return page_json([], 0, more=True, reset=True)
        entries = list(_entries(connection, viewer, cursor, limit + 1))
        more = len(entries) > limit
        entries = entries[:limit]
        bodies = _bodies(connection, [(e[1], e[2]) for e in entries if e[3] == "upsert"])
    out: list[str] = []
    size = 0
    last = cursor
    for seq, entity, row_id, op in entries:
        change: dict[str, Any] = {"seq": seq, "entity": entity, "id": str(row_id), "op": op}
        if op == "upsert":
            change["row"] = bodies[row_id]
        text = dumps(change)
        length = len(text.encode("utf-8"))
        if out and size + length > max_bytes:
            more = True
            break
        out.append(text)
        size += length
        last = seq
    return page_json(out, last if more else top, more)


def _entries(
    connection: sa.Connection, viewer: Viewer, cursor: int, limit: int
) -> Iterator[tuple[int, str, uuid.UUID, str]]:
    """(seq, entity, row id, upsert|remove) after the cursor in seq order, at most ``limit``."""
    streams = []
    for table, op in ((sync_row, "upsert"), (sync_removal, "remove")):
        for part in visible_parts(table, viewer):
            rows = connection.execute(
                sa.select(table.c.seq, table.c.entity, table.c.row_id)
                .where(table.c.seq > cursor, part)
                .order_by(table.c.seq)
                .limit(limit)
            ).all()
            streams.append([(int(r.seq), r.entity, r.row_id, op) for r in rows])
    for count, entry in enumerate(heapq.merge(*streams)):
        if count >= limit:
            return
        yield entry


def _bodies(
    connection: sa.Connection, wanted: Sequence[tuple[str, uuid.UUID]]
) -> dict[uuid.UUID, dict[str, Any]]:
    """Whole rows in the wire format (``EntityDef.to_json``), by id."""
    by_entity: dict[str, list[uuid.UUID]] = {}
    for entity, row_id in wanted:
        by_entity.setdefault(entity, []).append(row_id)
    bodies: dict[uuid.UUID, dict[str, Any]] = {}
    for entity, ids in by_entity.items():
        definition = ENTITIES[entity]
        table = ENTITY_TABLES[entity]
        columns = [table.c[name] for name in SYSTEM_FIELDS] + [
            table.c[spec.name] for spec in definition.fields
        ]
        encoders = _encoders(definition)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            for row in connection.execute(sa.select(*columns).where(table.c.id.in_(chunk))):
                bodies[row.id] = _row_json(row, encoders)
    return bodies


Encoder = tuple[str, Callable[[Any], Any]]


def _encoders(definition: EntityDef) -> list[Encoder]:
    """Per column: its name and how its value is written (as ``EntityDef.to_json`` does)."""
    system: list[Encoder] = [
        ("id", str),
        ("rev", int),
        ("deleted", bool),
        ("created_at", format_datetime),
        ("updated_at", format_datetime),
    ]
    return system + [(spec.name, spec.to_json) for spec in definition.fields]


def _row_json(row: sa.Row[Any], encoders: list[Encoder]) -> dict[str, Any]:
    return {
        name: None if value is None else encode(value)
        for (name, encode), value in zip(encoders, row, strict=True)
    }


def summary(engine: sa.Engine, viewer: Viewer) -> Summary:
    """Per entity: how many rows the caller's scope holds and the hash of their (id, seq)."""
    with snapshot(engine) as connection:
        top = current_seq(connection)
        # Ids as the driver gives them (hex text on SQLite): no UUID object per row.
        raw_id = sa.type_coerce(sync_row.c.row_id, sa.String)
        rows = connection.execute(
            sa.select(sync_row.c.entity, raw_id, sync_row.c.seq).where(visible(sync_row, viewer))
        )
        grouped: dict[str, list[tuple[uuid.UUID | str, int]]] = {name: [] for name in ENTITIES}
        for entity, row_id, seq in rows:
            grouped.setdefault(entity, []).append((id_text(row_id), int(seq)))
    entities: dict[str, EntitySummary] = {name: summarize(ids) for name, ids in grouped.items()}
    return Summary(cursor=top, entities=entities)


def id_page(
    engine: sa.Engine, viewer: Viewer, entity: str, after: uuid.UUID | None, limit: int
) -> IdPage:
    """(id, seq) of one entity's rows in scope, ordered by id, after ``after``."""
    query = (
        sa.select(sync_row.c.row_id, sync_row.c.seq)
        .where(sync_row.c.entity == entity, visible(sync_row, viewer))
        .order_by(sync_row.c.row_id)
        .limit(limit + 1)
    )
    if after is not None:
        query = query.where(sync_row.c.row_id > after)
    with snapshot(engine) as connection:
        rows = connection.execute(query).all()
    return IdPage(
        entity=entity,
        rows=tuple((r.row_id, int(r.seq)) for r in rows[:limit]),
        more=len(rows) > limit,
    )
