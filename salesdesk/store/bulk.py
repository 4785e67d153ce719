"""Fast multi-row inserts for the write path's batches (imports, sample data, pulled pages).

One ``executemany`` with the statement compiled once and each column's own
SQLAlchemy bind processor applied to plain tuples: the same values SQLAlchemy
would send, without building a parameter dictionary per row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from salesdesk.store.columns import json_text

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
        direct: Callable[[Any], Any] | None = getattr(type_, "sqlite_bind", None)
        if direct is not None:
            return direct
        if isinstance(type_, sa.JSON):
            return json_text
    return type_.dialect_impl(dialect).bind_processor(dialect)


def insert_rows(
    connection: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Insert rows that all have the same keys (column names of ``table``).

    Values are converted column by column (``map`` over each column), then zipped into rows.
    """
    if not rows:
        return
    sql, processors = _plan(table, tuple(rows[0]), connection.dialect)
    columns = []
    for name, process in processors:
        values = [row[name] for row in rows]
        if process is not None:
            values = [None if v is None else process(v) for v in values]
        columns.append(values)
    connection.exec_driver_sql(sql, list(zip(*columns, strict=True)))
