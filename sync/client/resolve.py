"""Conflicts and rejections kept by the sync: listing them and resolving them deliberately.

A conflict is a field where the server kept another value than mine (the
server already holds theirs): "keep theirs" closes it, "use mine" writes my
value again as a new local change through the store's write path, so the
next sync pushes it like any edit. A rejection is a local change the server
refused, kept with its data: the user copies it somewhere (or re-creates a
refused record as a new one) or discards it; either way it is closed on
purpose, never silently.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.schema import ENTITIES, Kind, Record, ValidationError, entity_def, utcnow
from salesdesk.store.database import write_transaction
from salesdesk.store.store import NotFoundError, Store
from salesdesk.store.tables import ENTITY_TABLES, Conflict, Rejection
from sync.client.model import ConflictInfo, RejectionInfo

CONFLICT: sa.Table = Conflict.__table__  # type: ignore[assignment]
REJECTION: sa.Table = Rejection.__table__  # type: ignore[assignment]

CONFLICT_CHOICES = ("theirs", "mine")
REJECTION_CHOICES = ("copied", "discarded")


def _title(store: Store, entity: str, row_id: uuid.UUID, fields: dict[str, Any] | None) -> str:
    """A name for the record: its title field, from the local row or the refused data."""
    definition = ENTITIES.get(entity)
    if definition is None:
        return str(row_id)
    table = ENTITY_TABLES[entity]
    with store.engine.connect() as connection:
        value = connection.execute(
            sa.select(table.c[definition.title_field]).where(table.c.id == row_id)
        ).scalar_one_or_none()
    if value is None and fields:
        value = fields.get(definition.title_field)
    return "" if value is None else str(value)


def conflicts(store: Store, *, include_resolved: bool = False) -> list[ConflictInfo]:
    query = sa.select(CONFLICT).order_by(CONFLICT.c.created_at.desc(), CONFLICT.c.id.desc())
    if not include_resolved:
        query = query.where(CONFLICT.c.resolution == "")
    with store.engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    return [
        ConflictInfo(
            id=row["id"],
            op_id=row["op_id"],
            entity=row["entity"],
            row_id=row["row_id"],
            title=_title(store, row["entity"], row["row_id"], None),
            field=row["field"],
            mine=row["mine"],
            theirs=row["theirs"],
            their_user=row["their_user"],
            their_at=row["their_at"],
            my_at=row["my_at"],
            created_at=row["created_at"],
            resolution=row["resolution"],
            resolved_at=row["resolved_at"],
        )
        for row in rows
    ]


def rejections(store: Store, *, include_resolved: bool = False) -> list[RejectionInfo]:
    query = sa.select(REJECTION).order_by(REJECTION.c.created_at.desc(), REJECTION.c.id.desc())
    if not include_resolved:
        query = query.where(REJECTION.c.resolution == "")
    with store.engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    return [
        RejectionInfo(
            id=row["id"],
            op_id=row["op_id"],
            entity=row["entity"],
            row_id=row["row_id"],
            title=_title(store, row["entity"], row["row_id"], row["fields"]),
            kind=row["kind"],
            fields=dict(row["fields"] or {}),
            code=row["code"],
            reason=row["reason"],
            created_at=row["created_at"],
            resolution=row["resolution"],
            resolved_at=row["resolved_at"],
        )
        for row in rows
    ]


def _choice(choice: str, allowed: tuple[str, ...]) -> str:
    if choice not in allowed:
        raise ValueError(f"choose one of {', '.join(allowed)}, not {choice!r}")
    return choice


def resolve_conflict(store: Store, conflict_id: uuid.UUID, choice: str) -> None:
    _choice(choice, CONFLICT_CHOICES)
    with store.engine.connect() as connection:
        row = (
            connection.execute(sa.select(CONFLICT).where(CONFLICT.c.id == conflict_id))
            .mappings()
            .first()
        )
    if row is None:
        raise NotFoundError(f"no conflict with id {conflict_id}")
    with store.transaction() as writer:
        if choice == "mine":
            definition = entity_def(row["entity"])
            spec = definition.field(row["field"])
            value = spec.from_json(row["mine"])
            if spec.kind == Kind.NOTES:  # note logs never conflict; nothing to write again
                pass
            else:
                writer.update(definition.name, row["row_id"], {spec.name: value})
        writer.connection.execute(
            sa.update(CONFLICT)
            .where(CONFLICT.c.id == conflict_id)
            .values(resolution=choice, resolved_at=utcnow())
        )


def resolve_rejection(store: Store, rejection_id: uuid.UUID, choice: str) -> None:
    _choice(choice, REJECTION_CHOICES)
    with write_transaction(store.engine) as connection:
        done = connection.execute(
            sa.update(REJECTION)
            .where(REJECTION.c.id == rejection_id)
            .values(resolution=choice, resolved_at=utcnow())
        )
    if not done.rowcount:
        raise NotFoundError(f"no rejection with id {rejection_id}")


def recreate_rejected(store: Store, rejection_id: uuid.UUID) -> Record:
    with store.engine.connect() as connection:
        row = (
            connection.execute(sa.select(REJECTION).where(REJECTION.c.id == rejection_id))
            .mappings()
            .first()
        )
    if row is None:
        raise NotFoundError(f"no rejection with id {rejection_id}")
    if row["kind"] != "create":
        raise ValidationError(
            [
                _error(
                    "only a refused new record can be created again; copy the values of a "
                    "refused change by hand"
                )
            ]
        )
    definition = entity_def(row["entity"])
    values = definition.fields_from_json(row["fields"] or {})
    with store.transaction() as writer:
        record = writer.create(definition.name, values)
        writer.connection.execute(
            sa.update(REJECTION)
            .where(REJECTION.c.id == rejection_id)
            .values(resolution="copied", resolved_at=utcnow())
        )
    return record


def _error(message: str) -> Any:
    from salesdesk.domain.schema import FieldError

    return FieldError("id", "not_allowed", message)
