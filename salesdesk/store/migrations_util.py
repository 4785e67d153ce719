"""Helpers shared by the Alembic environment and the schema tests."""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from alembic.autogenerate.api import AutogenContext

FTS_TABLES = ("search_",)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave the full-text index (virtual tables, their shadow tables) out of comparisons."""
    return not (type_ == "table" and name and name.startswith(FTS_TABLES))


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write a TypeDecorator as the SQL type it stores, so migrations stay frozen snapshots."""
    if type_ == "type" and isinstance(obj, sa.types.TypeDecorator):
        return f"sa.{obj.impl_instance!r}"
    return False


def compare_type(
    context: Any,
    inspected_column: Any,
    metadata_column: sa.Column[Any],
    inspected_type: Any,
    metadata_type: Any,
) -> bool | None:
    """Compare a TypeDecorator column by the SQL type it stores; others the default way."""
    if isinstance(metadata_type, sa.types.TypeDecorator):
        stored = sa.Column(metadata_column.name, metadata_type.impl_instance)
        return bool(context.impl.compare_type(inspected_column, stored))
    return None
