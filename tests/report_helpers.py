"""Test helpers for the reports, timeline and recycle-bin tests: other users, pulled rows.

Directory rows (users) and rows written by someone else (a manager's comment and
score) reach a rep's copy by sync, which writes them without outbox entries.
These helpers write them the same way, so the tests see what a rep sees after a
pull.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.ids import uuid7
from salesdesk.domain.schema import entity_def, utcnow
from salesdesk.store import database
from salesdesk.store.store import ChangeSet, Store, derived_values
from salesdesk.store.tables import ENTITY_TABLES


def pulled(store: Store, entity: str, *, rev: int = 7, **values: Any) -> uuid.UUID:
    """Write a row as the sync apply path does (server revision, no outbox entry)."""
    definition = entity_def(entity)
    row_id = values.pop("id", None) or uuid7()
    now = values.pop("created_at", None) or utcnow()
    cleaned = definition.clean_values(values, creating=True)
    with database.write_transaction(store.engine) as connection:
        connection.execute(
            sa.insert(ENTITY_TABLES[entity]).values(
                id=row_id,
                rev=rev,
                deleted=False,
                created_at=now,
                updated_at=now,
                **cleaned,
                **derived_values(entity, cleaned),
            )
        )
    store.notify(ChangeSet({entity: frozenset({row_id})}, source="sync"))
    return row_id


def pulled_update(store: Store, entity: str, row_id: uuid.UUID, **values: Any) -> None:
    """Change fields of a row as a pull does (the server's values, no outbox entry)."""
    definition = entity_def(entity)
    cleaned = definition.clean_values(values, creating=False)
    table = ENTITY_TABLES[entity]
    with database.write_transaction(store.engine) as connection:
        connection.execute(
            sa.update(table).where(table.c.id == row_id).values(updated_at=utcnow(), **cleaned)
        )
    store.notify(ChangeSet({entity: frozenset({row_id})}, source="sync"))


def add_user(store: Store, name: str, role: str = "rep") -> uuid.UUID:
    """A colleague in my team, as the server's directory sends it."""
    return pulled(
        store,
        "user",
        username=f"u{uuid.uuid4().hex[:8]}",
        display_name=name,
        role=role,
        team_id=store.profile.team_id,
    )


def become(store: Store, role: str, user_id: uuid.UUID | None = None, name: str = "") -> None:
    """Switch the signed-in user of the profile (a rep's laptop, a manager's PC)."""
    profile = store.profile
    store.set_meta(
        "profile",
        dataclasses.replace(
            profile,
            role=role,
            user_id=user_id or profile.user_id,
            display_name=name or profile.display_name,
        ).to_json(),
    )


def local_at(day: dt.date, hour: int, tz: dt.tzinfo, minute: int = 0) -> dt.datetime:
    """Wall-clock time on ``day`` in ``tz`` as a UTC instant."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz).astimezone(dt.UTC)
