"""Alembic environment for the local profile database (run at start-up by ``database.migrate``)."""

from __future__ import annotations

from typing import Any, Literal

import sqlalchemy as sa
from alembic import context
from alembic.autogenerate.api import AutogenContext

from salesdesk.store.tables import metadata

FTS_TABLES = ("search_",)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave the full-text index (a virtual table and its shadow tables) out of comparisons."""
    return not (type_ == "table" and name and name.startswith(FTS_TABLES))


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write a TypeDecorator as the SQL type it stores, so migrations stay frozen snapshots."""
    if type_ == "type" and isinstance(obj, sa.types.TypeDecorator):
        return f"sa.{obj.impl_instance!r}"
    return False


def run_migrations() -> None:
    engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=True,
            include_object=include_object,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
