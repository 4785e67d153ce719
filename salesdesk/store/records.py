"""Typed records from table rows, for query modules that select whole rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar, cast

import sqlalchemy as sa

from salesdesk.domain.schema import Record
from salesdesk.store.store import record_from_row

R = TypeVar("R", bound=Record)


def records(cls: type[R], rows: Iterable[sa.RowMapping | dict[str, Any]]) -> list[R]:
    """One frozen record of ``cls`` per row (a full row of its entity table)."""
    return [cast(R, record_from_row(cls.definition, row)) for row in rows]


def one(cls: type[R], row: sa.RowMapping | None) -> R | None:
    """The record of a row, or None."""
    return None if row is None else cast(R, record_from_row(cls.definition, row))
