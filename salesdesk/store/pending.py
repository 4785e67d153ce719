"""Rows with local changes the server has not accepted yet (pending outbox entries).

The leaderboard marks a rep's not-yet-synced work as provisional (待同步): the
records behind it are the ones with outbox entries. Rows created offline
(``rev == 0``) always have one; so do synced rows edited since.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

import sqlalchemy as sa

from salesdesk.store.store import Store
from salesdesk.store.tables import OutboxEntry

__all__ = ["pending_ids"]


def pending_ids(store: Store, entities: Collection[str] | None = None) -> set[uuid.UUID]:
    """Ids of rows with pending outbox entries (of ``entities`` only, when given)."""
    query = sa.select(OutboxEntry.row_id).distinct()
    if entities is not None:
        query = query.where(OutboxEntry.entity.in_(list(entities)))
    with store.engine.connect() as connection:
        return set(connection.execute(query).scalars())
