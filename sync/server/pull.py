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
import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite as sqlite_dialect

from salesdesk.domain.schema import ENTITIES, SYSTEM_FIELDS, EntityDef, Kind, format_datetime
from salesdesk.store.columns import UTCDateTime
from sync.protocol import EntitySummary, IdPage, Summary, dumps, id_text, page_json, summarize
from sync.server.db import current_seq, snapshot
from sync.server.scope import Viewer, visible, visible_parts
from sync.server.tables import ENTITY_TABLES, sync_removal, sync_row


def pull(engine: sa.Engine, viewer: Viewer, cursor: int, limit: int, max_bytes: int) -> str:
    """One pull page as JSON text (the body is built from pre-serialised changes)."""
    with snapshot(engine) as connection:
        top = current_seq(connection)
        if cursor > top:
            return page_json([], 0, more=True, reset=True)
        entries = list(_entries(connection, viewer, cursor, limit + 1))
        more = len(entries) > limit
        entries = entries[:limit]
        upto = entries[-1][0] if entries else cursor
        bodies = _bodies(
            connection, viewer, cursor, upto, {e[1] for e in entries if e[3] == "upsert"}
        )
    out: list[str] = []
    size = 0
    last = cursor
    for seq, entity, row_id, op in entries:
        # The text dumps({"seq", "entity", "id", "op"[, "row"]}) gives, around the row's text
        # (canonical ids need no escaping).
        name = _QUOTED.get(entity) or dumps(entity)
        head = f'{{"seq":{seq},"entity":{name},"id":"{row_id}","op":"{op}"'
        text = f'{head},"row":{bodies[seq]}}}' if op == "upsert" else f"{head}}}"
        length = len(text.encode("utf-8"))
        if out and size + length > max_bytes:
            more = True
            break
        out.append(text)
        size += length
        last = seq
    return page_json(out, last if more else top, more)


_QUOTED = {name: dumps(name) for name in ENTITIES}


def _raw(column: sa.ColumnElement[Any], encode: Any) -> sa.ColumnElement[Any]:
    """A column of a row body: ids and datetimes read as the driver gives them (their
    encoders, ``id_text`` and ``_datetime_text``, take that), the others typed."""
    return _raw_id(column) if encode is id_text or encode is _datetime_text else column


def _raw_id(column: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """A column as the driver gives it (an id as hex text on SQLite, a UUID on PostgreSQL): no
    UUID object made per row only to be written as text again (``id_text`` makes the text)."""
    return sa.type_coerce(column, sa.String)


def _entries(
    connection: sa.Connection, viewer: Viewer, cursor: int, limit: int
) -> Iterator[tuple[int, str, str, str]]:
    """(seq, entity, row id text, upsert|remove) after the cursor in seq order, at most
    ``limit``."""
    streams = []
    for table, op in ((sync_row, "upsert"), (sync_removal, "remove")):
        for part in visible_parts(table, viewer):
            rows = connection.execute(
                sa.select(table.c.seq, table.c.entity, _raw_id(table.c.row_id))
                .where(table.c.seq > cursor, part)
                .order_by(table.c.seq)
                .limit(limit)
            ).all()
            streams.append(
                [(int(seq), entity, id_text(row_id), op) for seq, entity, row_id in rows]
            )
    for count, entry in enumerate(heapq.merge(*streams)):
        if count >= limit:
            return
        yield entry


def _bodies(
    connection: sa.Connection, viewer: Viewer, cursor: int, upto: int, entities: Iterable[str]
) -> dict[int, str]:
    """The JSON text of whole rows in the wire format (``EntityDef.to_json``) of the upserts
    with seq in (``cursor``, ``upto``], by seq: per entity, its rows joined to their
    ``sync_row`` over that seq range (the same rows ``_entries`` listed, without a list of
    ids)."""
    bodies: dict[int, str] = {}
    encode_json = _JSON.encode
    for entity in entities:
        table = ENTITY_TABLES[entity]
        names, encoders = _encoders(ENTITIES[entity])
        columns = [_raw(table.c[name], encoders.get(name)) for name in names]
        query = (
            sa.select(sync_row.c.seq, *columns)
            .select_from(sync_row.join(table, table.c.id == sync_row.c.row_id))
            .where(
                sync_row.c.seq > cursor,
                sync_row.c.seq <= upto,
                sync_row.c.entity == entity,
                visible(sync_row, viewer),
            )
        )
        encoded = list(encoders.items())
        # Each row becomes text at once: no row objects live until the page is done (they
        # would outlive young garbage collections and make the collector walk everything).
        for found in connection.execute(query):
            row = dict(zip(names, found[1:], strict=True))
            for name, encode in encoded:
                value = row[name]
                if value is not None:
                    row[name] = encode(value)
            bodies[int(found[0])] = encode_json(row)
    return bodies


def _encoders(definition: EntityDef) -> tuple[list[str], dict[str, Callable[[Any], Any]]]:
    """The row's column names in wire order, and how the values that are not JSON as the
    driver gives them are written (as ``EntityDef.to_json`` does); id columns (``id_text``)
    are read as the driver gives them (``_raw_id``). ``rev`` and ``deleted`` come as int and
    bool from their column types."""
    names = [*SYSTEM_FIELDS, *(spec.name for spec in definition.fields)]
    encoders: dict[str, Callable[[Any], Any]] = {
        "id": id_text,
        "created_at": _datetime_text,
        "updated_at": _datetime_text,
    }
    for spec in definition.fields:
        if spec.kind == Kind.UUID:
            encoders[spec.name] = id_text
        elif spec.kind == Kind.DATETIME:
            encoders[spec.name] = _datetime_text
        elif spec.kind not in _AS_IS:
            encoders[spec.name] = spec.to_json
    return names, encoders


_STORED_DATETIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")
_UTC_DATETIME = UTCDateTime()


def _datetime_text(value: Any) -> str:
    """A datetime column's value in the wire format (``format_datetime``).

    On SQLite the value comes as stored (``_raw_datetime``): fixed-width UTC text
    ``2026-11-23 08:30:00.000000``, rewritten as ``format_datetime`` writes the same
    instant (``2026-11-23T08:30:00Z``; the fraction only when it is not zero) without
    making a datetime; any other text takes the column type's own reading."""
    if type(value) is str:  # SQLite
        if _STORED_DATETIME.fullmatch(value):
            fraction = value[19:]
            return f"{value[:10]}T{value[11:19]}{'' if fraction == '.000000' else fraction}Z"
        value = _UTC_DATETIME.process_result_value(value, _SQLITE)
    return format_datetime(value)


_SQLITE = sqlite_dialect.dialect()

_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
"""``sync.protocol.dumps`` as one encoder object, not one made per call."""

_AS_IS = frozenset({Kind.TEXT, Kind.CHOICE, Kind.INT, Kind.BOOL, Kind.FLOAT, Kind.JSON})
"""Kinds whose values ``FieldSpec.to_json`` returns unchanged."""


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
