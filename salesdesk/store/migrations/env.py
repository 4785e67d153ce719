"""Alembic environment for the local profile database (run at start-up by ``database.migrate``)."""

from __future__ import annotations

from alembic import context

from salesdesk.store.migrations_util import compare_type, include_object, render_item
from salesdesk.store.tables import metadata


def run_migrations() -> None:
    engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=True,
            include_object=include_object,
            render_item=render_item,
            compare_type=compare_type,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
