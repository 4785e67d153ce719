"""Adopting a local profile's data for the user who signed it in to a server.

A profile made without a server has a placeholder user and team, the default
pipeline stages and report templates made locally (rev 0, no outbox
entries), and whatever the user recorded meanwhile (rev 0, with outbox
entries). When it signs in, the first sync first pulls the server's
directory and the team's configuration, then :func:`adopt` (one
transaction) makes the local data the signed-in user's:

* every reference to the placeholder user or team — in rows and in pending
  outbox entries — becomes the signed-in user and their team;
* references to the local default stages and templates become the team's
  stages (same ``code``) and templates (same ``kind``), also in the outbox;
  a local change to a default stage or template is redirected to the
  team's one (the server decides: applied, conflict or rejection);
* the local bootstrap rows are dropped (placeholder user and team, mapped
  defaults); a default nobody can map but local data refers to is kept and
  pushed as a new row, so nothing that data needs is lost.

Then the sync pushes the outbox.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.ids import uuid7
from salesdesk.domain.schema import ENTITIES
from salesdesk.store.store import ChangeSet, record_from_row
from salesdesk.store.tables import ENTITY_TABLES, OutboxEntry

OUTBOX: sa.Table = OutboxEntry.__table__  # type: ignore[assignment]
ADOPT_KEY = "adopt"
"""Meta key: ``{"user_id", "team_id"}`` of the placeholder to adopt at the next sync."""

_MAPPED = ("user", "team", "pipeline_stage", "report_template")


@dataclasses.dataclass(frozen=True)
class Adopted:
    rows: int  # local rows whose references were rewritten
    ops: int  # outbox entries rewritten
    mapped: dict[str, int]  # per config entity: local defaults mapped to the team's
    pushed_as_new: int  # local defaults kept and queued as new rows
    changes: ChangeSet


def _bootstrap(
    connection: sa.Connection, entity: str, team: uuid.UUID, created: set[uuid.UUID]
) -> list[sa.RowMapping]:
    """Local default config rows of the placeholder team (never synced, never created as ops)."""
    table = ENTITY_TABLES[entity]
    rows = connection.execute(
        sa.select(table).where(table.c.rev == 0, table.c.team_id == team).order_by(table.c.id)
    ).mappings()
    return [row for row in rows if row["id"] not in created]


def _team_rows(connection: sa.Connection, entity: str, team: uuid.UUID | None) -> list[Any]:
    if team is None:
        return []
    table = ENTITY_TABLES[entity]
    return list(
        connection.execute(
            sa.select(table)
            .where(table.c.rev > 0, table.c.team_id == team, table.c.deleted.is_(False))
            .order_by(table.c.id)
        ).mappings()
    )


def adopt(
    connection: sa.Connection,
    *,
    old_user: uuid.UUID,
    old_team: uuid.UUID | None,
    new_user: uuid.UUID,
    new_team: uuid.UUID | None,
) -> Adopted:
    """Make the placeholder's local data the signed-in user's (see the module docstring).

    Runs inside the caller's write transaction.
    """
    created = set(
        connection.execute(sa.select(OUTBOX.c.row_id).where(OUTBOX.c.kind == "create")).scalars()
    )
    id_map: dict[uuid.UUID, uuid.UUID | None] = {old_user: new_user}
    if old_team is not None:
        id_map[old_team] = new_team
    mapped: dict[str, int] = {}
    unmatched: list[tuple[str, sa.RowMapping]] = []
    local_defaults: set[uuid.UUID] = set()
    if old_team is not None:
        for entity, key in (("pipeline_stage", "code"), ("report_template", "kind")):
            theirs: dict[Any, uuid.UUID] = {}
            for row in sorted(
                _team_rows(connection, entity, new_team), key=lambda r: not r.get("active", True)
            ):
                theirs.setdefault(row[key], row["id"])
            mapped[entity] = 0
            for row in _bootstrap(connection, entity, old_team, created):
                local_defaults.add(row["id"])
                target = theirs.get(row[key]) if row[key] else None
                if target is not None:
                    id_map[row["id"]] = target
                    mapped[entity] += 1
                else:
                    unmatched.append((entity, row))
    changed: dict[str, set[uuid.UUID]] = {}
    rewritten = _rewrite_rows(connection, id_map, changed)
    ops = _rewrite_outbox(connection, id_map)
    kept = _keep_unmatched(connection, unmatched, new_team, changed)
    doomed = [row_id for row_id in local_defaults if row_id not in kept]
    for entity in ("pipeline_stage", "report_template"):
        table = ENTITY_TABLES[entity]
        gone = (
            connection.execute(
                sa.delete(table)
                .where(table.c.id.in_(doomed), table.c.rev == 0)
                .returning(table.c.id)
            )
            .scalars()
            .all()
        )
        if gone:
            changed.setdefault(entity, set()).update(gone)
    for entity, row_id in (("user", old_user), ("team", old_team)):
        if row_id is None:
            continue
        table = ENTITY_TABLES[entity]
        connection.execute(sa.delete(table).where(table.c.id == row_id, table.c.rev == 0))
        changed.setdefault(entity, set()).add(row_id)
    return Adopted(
        rows=rewritten,
        ops=ops,
        mapped=mapped,
        pushed_as_new=len(kept),
        changes=ChangeSet({k: frozenset(v) for k, v in changed.items()}, source="sync"),
    )


def _rewrite_rows(
    connection: sa.Connection,
    id_map: Mapping[uuid.UUID, uuid.UUID | None],
    changed: dict[str, set[uuid.UUID]],
) -> int:
    """Point every reference to a mapped id at its new id, in every entity table."""
    total = 0
    for name, definition in ENTITIES.items():
        table = ENTITY_TABLES[name]
        for spec in definition.fields:
            if spec.ref not in _MAPPED:
                continue
            pairs = {old: new for old, new in id_map.items() if old != new}
            if not pairs:
                continue
            column = table.c[spec.name]
            ids = (
                connection.execute(sa.select(table.c.id).where(column.in_(list(pairs))))
                .scalars()
                .all()
            )
            if not ids:
                continue
            connection.execute(
                sa.update(table)
                .where(column.in_(list(pairs)))
                .values({spec.name: sa.case(pairs, value=column, else_=column)})
            )
            changed.setdefault(name, set()).update(ids)
            total += len(ids)
    return total


def _rewrite_outbox(connection: sa.Connection, id_map: Mapping[uuid.UUID, uuid.UUID | None]) -> int:
    """The same rewrite in pending outbox entries (their row ids and wire-format fields)."""
    text_map = {str(old): (str(new) if new else None) for old, new in id_map.items()}
    count = 0
    for seq, entity, row_id, fields in connection.execute(
        sa.select(OUTBOX.c.seq, OUTBOX.c.entity, OUTBOX.c.row_id, OUTBOX.c.fields)
    ).all():
        definition = ENTITIES.get(entity)
        if definition is None:
            continue
        new_fields = dict(fields or {})
        for name, value in new_fields.items():
            spec = definition.by_name.get(name)
            if spec is not None and spec.ref in _MAPPED and value in text_map:
                new_fields[name] = text_map[value]
        new_row = id_map.get(row_id, row_id) or row_id
        if new_fields != (fields or {}) or new_row != row_id:
            connection.execute(
                sa.update(OUTBOX)
                .where(OUTBOX.c.seq == seq)
                .values(row_id=new_row, fields=new_fields)
            )
            count += 1
    return count


def _keep_unmatched(
    connection: sa.Connection,
    unmatched: list[tuple[str, sa.RowMapping]],
    new_team: uuid.UUID | None,
    changed: dict[str, set[uuid.UUID]],
) -> set[uuid.UUID]:
    """Local defaults the team has no counterpart for: kept and queued as new rows when local
    data refers to them (the server decides), dropped otherwise (by the caller)."""
    kept: set[uuid.UUID] = set()
    for entity, row in unmatched:
        if not _referenced(connection, entity, row["id"]):
            continue
        definition = ENTITIES[entity]
        table = ENTITY_TABLES[entity]
        connection.execute(sa.update(table).where(table.c.id == row["id"]).values(team_id=new_team))
        record = record_from_row(definition, {**row, "team_id": new_team})
        connection.execute(
            sa.insert(OUTBOX).values(
                op_id=uuid7(),
                entity=entity,
                row_id=row["id"],
                kind="create",
                base_rev=0,
                fields=record.values(),
                created_at=row["created_at"],
            )
        )
        changed.setdefault(entity, set()).add(row["id"])
        kept.add(row["id"])
    return kept


def _referenced(connection: sa.Connection, entity: str, row_id: uuid.UUID) -> bool:
    for name, definition in ENTITIES.items():
        table = ENTITY_TABLES[name]
        for spec in definition.fields:
            if spec.ref == entity:
                found = connection.execute(
                    sa.select(table.c.id).where(table.c[spec.name] == row_id).limit(1)
                ).first()
                if found is not None:
                    return True
    return False
