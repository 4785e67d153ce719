"""SQL column types for entity fields, shared by the local store and the server store.

``entity_table`` turns an :class:`~salesdesk.domain.schema.EntityDef` into a
SQLAlchemy ``Table``; each side adds its own bookkeeping columns. The types
here work on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from salesdesk.domain.schema import EntityDef, FieldSpec, Kind, Note, wire_json


class UTCDateTime(sa.TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes.

    On SQLite: fixed-width UTC text (``2026-11-23 08:30:00.000000``, the format
    SQLAlchemy itself uses there, so text order is time order); on PostgreSQL:
    ``timestamptz``.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String())
        return dialect.type_descriptor(sa.DateTime(timezone=True))

    @staticmethod
    def sqlite_bind(value: dt.datetime) -> str:
        if value.tzinfo is not dt.UTC:
            if value.tzinfo is None:
                raise ValueError("naive datetime given where UTC is required")
            value = value.astimezone(dt.UTC)
        return value.isoformat(" ", "microseconds")[:26]  # without the "+00:00"

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return self.sqlite_bind(value)
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class ScaledDecimal(sa.TypeDecorator[Decimal]):
    """Exact decimals stored as integers scaled by 10**scale (money: integer cents)."""

    impl = sa.BigInteger
    cache_ok = True

    def __init__(self, scale: int) -> None:
        super().__init__()
        self.scale = scale

    def sqlite_bind(self, value: Decimal) -> int:
        scaled = Decimal(value).scaleb(self.scale)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.scale} decimal places")
        return int(scaled)

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        return None if value is None else self.sqlite_bind(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-self.scale).quantize(Decimal(1).scaleb(-self.scale))


def json_text(value: Any) -> str:
    """JSON with Chinese kept as is: readable in the file and findable by full-text search."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class TagList(sa.TypeDecorator[tuple[str, ...]]):
    """A tuple of strings stored as a JSON array."""

    impl = sa.JSON
    cache_ok = True

    def process_bind_param(self, value: Iterable[str] | None, dialect: Dialect) -> Any:
        return list(value or ())

    @staticmethod
    def sqlite_bind(value: Iterable[str]) -> str:
        return json_text(list(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[str, ...]:
        return tuple(value or ())


class NoteLog(sa.TypeDecorator[tuple[Note, ...]]):
    """An append-only note log stored as a JSON array of note objects."""

    impl = sa.JSON
    cache_ok = True

    def process_bind_param(self, value: Iterable[Note] | None, dialect: Dialect) -> Any:
        return [note.to_json() for note in value or ()]

    @staticmethod
    def sqlite_bind(value: Iterable[Note]) -> str:
        return json_text([note.to_json() for note in value])

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[Note, ...]:
        return tuple(Note.from_json(item) for item in value or ())


class WireFields(sa.TypeDecorator[dict[str, Any]]):
    """Field values written from Python values, stored (and read back) in the wire format."""

    impl = sa.Text
    cache_ok = True

    sqlite_bind = staticmethod(wire_json)

    def process_bind_param(self, value: Mapping[str, Any] | None, dialect: Dialect) -> Any:
        return None if value is None else wire_json(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> dict[str, Any] | None:
        return None if value is None else json.loads(value)


def column_type(spec: FieldSpec) -> sa.types.TypeEngine[Any]:
    """The SQL type that stores a field of this kind."""
    kind = spec.kind
    if kind == Kind.CHOICE:
        return sa.String(40)
    if kind == Kind.TEXT:
        return sa.String(spec.max_length) if spec.max_length else sa.Text()
    simple: dict[Kind, sa.types.TypeEngine[Any]] = {
        Kind.INT: sa.BigInteger(),
        Kind.BOOL: sa.Boolean(),
        Kind.FLOAT: sa.Float(),
        Kind.DATE: sa.Date(),
        Kind.DATETIME: UTCDateTime(),
        Kind.UUID: sa.Uuid(),
        Kind.TAGS: TagList(),
        Kind.JSON: sa.JSON(),
        Kind.NOTES: NoteLog(),
        Kind.BLOB: sa.LargeBinary(),
    }
    if kind == Kind.DECIMAL:
        return ScaledDecimal(spec.scale)
    return simple[kind]


def system_columns() -> list[sa.Column[Any]]:
    """The columns every entity table has, in both stores."""
    return [
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("rev", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    ]


def entity_table(
    metadata: sa.MetaData,
    definition: EntityDef,
    *extra: sa.Column[Any] | sa.Index,
    foreign_keys: bool = True,
) -> sa.Table:
    """A table with the system columns, one column per field, and the given extras.

    The reference from a child row to its parent row becomes a deferred
    foreign key, so one transaction may write a page of rows in any order;
    the scope field and fields declared ``index`` are indexed.
    """
    columns: list[Any] = system_columns()
    parent = definition.parent_field
    for spec in definition.fields:
        args: list[Any] = []
        if foreign_keys and parent is not None and spec.name == parent.name and spec.ref:
            args.append(
                sa.ForeignKey(
                    f"{spec.ref}.id",
                    name=f"fk_{definition.name}_{spec.name}",
                    deferrable=True,
                    initially="DEFERRED",
                )
            )
        columns.append(
            sa.Column(
                spec.name,
                column_type(spec),
                *args,
                nullable=spec.optional,
                index=spec.index or spec.name == definition.scope_field,
            )
        )
    columns.extend(extra)
    return sa.Table(definition.name, metadata, *columns)
