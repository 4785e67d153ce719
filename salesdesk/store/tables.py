"""The local SQLite schema: one table per entity plus the sync bookkeeping.

Entity tables come from the entity declarations (``entity_table``); the
bookkeeping tables are typed SQLAlchemy models. Alembic migrations in
``store/migrations`` create exactly this schema (a test compares them).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from salesdesk.domain import entities as _entities  # noqa: F401  (registers the entities)
from salesdesk.domain.schema import ENTITIES
from salesdesk.store.columns import UTCDateTime, WireFields, entity_table

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012
        dt.datetime: UTCDateTime(),
        uuid.UUID: sa.Uuid(),
        dict[str, Any]: sa.JSON(),
        list[Any]: sa.JSON(),
    }


metadata = Base.metadata

# Columns only the local copy has, derived from the row on every write, and the indexes
# that keep the customer list's default sorts fast (covering: no table lookups).
_LOCAL_EXTRAS: dict[str, list[Any]] = {
    "customer": [
        sa.Column("name_key", sa.String(200), nullable=False, server_default="", index=True),
        sa.Column("phone_key", sa.String(30), nullable=False, server_default="", index=True),
        sa.Index("ix_customer_list_updated", "deleted", "updated_at", "id"),
        sa.Index("ix_customer_list_name", "deleted", "name", "id"),
    ],
    "contact": [
        sa.Column("phone_key", sa.String(30), nullable=False, server_default="", index=True),
    ],
}

ENTITY_TABLES: dict[str, sa.Table] = {
    name: entity_table(metadata, definition, *_LOCAL_EXTRAS.get(name, []))
    for name, definition in ENTITIES.items()
}


def derived_columns(entity: str) -> tuple[str, ...]:
    """Local columns of an entity table that are not part of the record."""
    return tuple(c.name for c in _LOCAL_EXTRAS.get(entity, ()) if isinstance(c, sa.Column))


class MetaEntry(Base):
    """Key/value facts about this profile: who is signed in, the sync cursor, …"""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(sa.JSON())


class OutboxEntry(Base):
    """A local change not yet accepted by the server (written with the change itself)."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[uuid.UUID]  # made here by uuid7: unique without an index to prove it
    entity: Mapped[str] = mapped_column(sa.String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(sa.String(10))  # create | update | delete | restore
    base_rev: Mapped[int] = mapped_column(sa.BigInteger)
    fields: Mapped[dict[str, Any]] = mapped_column(WireFields())  # changed fields (wire format)
    created_at: Mapped[dt.datetime]


class Conflict(Base):
    """A field where the server kept another value than mine; the user decides."""

    __tablename__ = "conflict"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    op_id: Mapped[uuid.UUID]
    entity: Mapped[str] = mapped_column(sa.String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(index=True)
    field: Mapped[str] = mapped_column(sa.String(64))
    mine: Mapped[Any] = mapped_column(sa.JSON())
    theirs: Mapped[Any] = mapped_column(sa.JSON())
    their_user: Mapped[str] = mapped_column(sa.String(80), default="")
    their_at: Mapped[dt.datetime | None]
    my_at: Mapped[dt.datetime]
    created_at: Mapped[dt.datetime]
    resolution: Mapped[str] = mapped_column(sa.String(10), default="")  # "" | theirs | mine
    resolved_at: Mapped[dt.datetime | None]


class Rejection(Base):
    """A change the server refused, kept with its data until the user copies or discards it."""

    __tablename__ = "rejection"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    op_id: Mapped[uuid.UUID]
    entity: Mapped[str] = mapped_column(sa.String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    fields: Mapped[dict[str, Any]]
    code: Mapped[str] = mapped_column(sa.String(40))
    reason: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime]
    resolution: Mapped[str] = mapped_column(sa.String(10), default="")  # "" | copied | discarded
    resolved_at: Mapped[dt.datetime | None]


class PendingRemoval(Base):
    """A row that left this user's scope but still had local edits; removed once they are gone."""

    __tablename__ = "pending_removal"
    entity: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    row_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger)
