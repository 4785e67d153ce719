"""Fast multi-row inserts for the write path's batches (imports, sample data, pulled pages).

One ``executemany`` with the statement compiled once and each column's own
SQLAlchemy bind processor applied to plain tuples: the same values SQLAlchemy
would send, without building a parameter dictionary per row. The outbox entries
of a batch get their wire-format text a column at a time (``wire_json_rows``).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import sqlite3
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.schema import format_datetime
from salesdesk.domain.schema import wire_json as _wire_json
from salesdesk.store.columns import NoteLog, TagList, json_text

_Plan = tuple[str, list[tuple[str, Callable[[Any], Any] | None]]]
_plans: dict[tuple[str, tuple[str, ...]], _Plan] = {}


def _plan(table: sa.Table, columns: tuple[str, ...], dialect: sa.Dialect) -> _Plan:
    key = (table.name, columns)
    plan = _plans.get(key)
    if plan is None:
        processors = [(name, _processor(table.c[name].type, dialect)) for name in columns]
        sql = (
            f"INSERT INTO {table.name} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        plan = _plans[key] = (sql, processors)
    return plan


def _processor(type_: sa.types.TypeEngine[Any], dialect: sa.Dialect) -> Callable[[Any], Any] | None:
    """The function that turns a Python value into what SQLite stores for this column.

    SalesDesk's own column types offer it directly (``sqlite_bind``); plain JSON is
    serialised as the engine would; other types use SQLAlchemy's bind processor.
    """
    if dialect.name == "sqlite":
        if isinstance(type_, sa.Uuid) and type_.as_uuid and not dialect.supports_native_uuid:
            return _uuid_hex
        direct: Callable[[Any], Any] | None = getattr(type_, "sqlite_bind", None)
        if isinstance(type_, (sa.JSON, TagList, NoteLog)):
            return _empty_list_first(direct or json_text)
        if direct is not None:
            return direct
    return type_.dialect_impl(dialect).bind_processor(dialect)


def _uuid_hex(value: uuid.UUID) -> str:
    """What SQLAlchemy's ``Uuid`` stores on SQLite (``value.hex``), without its property."""
    return f"{value.int:032x}"


def _empty_list_first(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A JSON column's conversion with the common empty list (no tags, no notes) as a constant."""

    def convert(value: Any) -> Any:
        if not value and (type(value) is tuple or type(value) is list):
            return "[]"
        return process(value)

    return convert


def insert_rows(
    connection: sa.Connection,
    table: sa.Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    stored: Collection[str] = (),
    many_per_statement: bool = False,
) -> None:
    """Insert rows that all have the same keys (column names of ``table``).

    Values are converted column by column (``map`` over each column), then zipped into rows.
    The columns named in ``stored`` already hold what SQLite stores (e.g. a timestamp's
    text converted once for several columns) and are passed through as they are.

    ``many_per_statement``: for tables with triggers (the search index's). An INSERT into
    such a table, inside a transaction, keeps a statement journal — a copy of each page it
    changes, so that statement alone can be undone — and with one statement per row that
    is every index page again for every row. One ``INSERT … VALUES (…), (…), …`` per as
    many rows as SQLite takes parameters copies each page once per statement instead.
    """
    if not rows:
        return
    sql, processors = _plan(table, tuple(rows[0]), connection.dialect)
    columns = []
    for name, process in processors:
        values = [row[name] for row in rows]
        if process is not None and name not in stored:
            values = [None if v is None else process(v) for v in values]
        columns.append(values)
    params = list(zip(*columns, strict=True))
    if not many_per_statement or connection.dialect.name != "sqlite":
        connection.exec_driver_sql(sql, params)
        return
    start = 0
    for count in _statement_sizes(len(params), _parameter_limit(connection) // len(columns)):
        part = params[start : start + count]
        start += count
        connection.exec_driver_sql(
            _multi_row_sql(sql, count), tuple(itertools.chain.from_iterable(part))
        )


def _statement_sizes(rows: int, most: int) -> list[int]:
    """Rows per statement: as many as allowed, the rest in powers of two — a few statement
    shapes in all, so SQLite's and sqlite3's caches of prepared statements stay small."""
    most = max(1, most)
    sizes = [most] * (rows // most)
    rest = rows % most
    while rest:
        size = 1 << (rest.bit_length() - 1)
        sizes.append(size)
        rest -= size
    return sizes


def _parameter_limit(connection: sa.Connection) -> int:
    """How many parameters one statement may have on this SQLite (999 before 3.32)."""
    raw = connection.connection.driver_connection
    getlimit = getattr(raw, "getlimit", None)  # Python 3.11's sqlite3
    if getlimit is None:
        return 999
    return int(getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))


@functools.lru_cache(maxsize=32)
def _multi_row_sql(sql: str, rows: int) -> str:
    """``INSERT … VALUES (?, …)`` for ``rows`` rows in one statement."""
    head, _, values = sql.partition(" VALUES ")
    return head + " VALUES " + ",".join([values] * rows)


# ---- the wire format of outbox entries, a batch at a time ---------------------------------------

_INF = float("inf")


def _value_json(value: Any) -> str:
    """One value as ``schema.wire_json`` writes it inside an object (any type it accepts)."""
    return _wire_json({"": value})[4:-1]  # the text between '{"":' and '}'


def _quoted(convert: Callable[[Any], str]) -> Callable[[list[Any]], list[str]]:
    return lambda values: ["null" if v is None else '"' + convert(v) + '"' for v in values]


def _uuid_texts(values: list[Any]) -> list[str]:
    """Quoted ids, each id object converted once: a column of references mostly repeats a few
    (the owner, the customer of a run of contacts); ``values`` keeps them alive meanwhile,
    so their ``id()`` stays theirs."""
    seen: dict[int, str] = {}
    known = seen.get
    return [
        "null" if v is None else known(id(v)) or seen.setdefault(id(v), '"' + str(v) + '"')
        for v in values
    ]


def _floats(values: list[Any]) -> list[str]:
    return [
        "null" if v is None else float.__repr__(v) if -_INF < v < _INF else _value_json(v)
        for v in values
    ]


def _text_lists(values: list[Any]) -> list[str]:
    return ["[" + ",".join(map(encode_basestring, v)) + "]" for v in values]


# Column encoders by the exact types a column holds (None aside): the same text json.dumps
# gives, without a Python call per value where json's own C functions do the work.
_COLUMN_JSON: dict[type, Callable[[list[Any]], list[str]]] = {
    str: lambda values: list(map(encode_basestring, values)),
    int: lambda values: ["null" if v is None else int.__repr__(v) for v in values],
    bool: lambda values: ["null" if v is None else "true" if v else "false" for v in values],
    float: _floats,
    uuid.UUID: _uuid_texts,
    dt.datetime: _quoted(format_datetime),
    dt.date: _quoted(dt.date.isoformat),
    Decimal: _quoted(lambda value: format(value, "f")),
}


def _column_json(values: list[Any]) -> list[str]:
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if not kinds:
        return ["null"] * len(values)
    if len(kinds) == 1:
        (kind,) = kinds
        encode = _COLUMN_JSON.get(kind)
        if encode is not None and (kind is not str or None not in values):
            return encode(values)
        if (kind is tuple or kind is list) and all(
            type(item) is str for value in values for item in value
        ):
            return _text_lists(values)
    return [_value_json(v) for v in values]


def wire_json_rows(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """``schema.wire_json`` of each row, computed a column at a time: the same text, several
    times faster for a batch of rows with the same fields (imports, sample data).

    Rows whose keys differ from the first row's are encoded one by one.
    """
    if not rows:
        return []
    keys = tuple(rows[0])
    if not all(type(key) is str for key in keys) or any(tuple(row) != keys for row in rows):
        return [_wire_json(row) for row in rows]
    if not keys:
        return ["{}"] * len(rows)
    columns = [
        [prefix + text for text in _column_json([row[key] for row in rows])]
        for key, prefix in ((key, encode_basestring(key) + ":") for key in keys)
    ]
    return ["{" + ",".join(parts) + "}" for parts in zip(*columns, strict=True)]
