"""The server database schema: one table per entity plus the sync and auth bookkeeping.

Entity tables come from the entity declarations (``entity_table``, shared with
the local store) with two server-only columns: ``field_revs`` (the seq that
last changed each field, for the three-way merge; a field missing there was
last set when the row was created, at ``created_rev``).

``sync_row`` indexes every row of every entity with its current seq and its
denormalised scope keys, so a pull, a summary and a scope check are one query
over one table. ``sync_removal`` holds the events "this row left the scope of
these readers", numbered from the same counter. The Alembic migrations in
``migrations/`` create exactly this schema (a test compares them).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from salesdesk.domain import entities as _entities  # noqa: F401  (registers the entities)
from salesdesk.domain.schema import ENTITIES
from salesdesk.store.columns import UTCDateTime, entity_table

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING)


def _server_extras() -> list[Any]:
    return [
        sa.Column("created_rev", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("field_revs", sa.Text(), nullable=False, server_default="{}"),
    ]


def entity_tables(target: sa.MetaData) -> dict[str, sa.Table]:
    """The server's entity tables, made in ``target`` from the entity declarations."""
    return {
        name: entity_table(target, definition, *_server_extras())
        for name, definition in ENTITIES.items()
    }


ENTITY_TABLES: dict[str, sa.Table] = entity_tables(metadata)

# Scope keys, on sync_row and sync_removal alike. A row is visible to:
#   its scope_user; every member of scope_team when ``wide``; the managers of
#   scope_team always; admins always.
sync_row = sa.Table(
    "sync_row",
    metadata,
    sa.Column("row_id", sa.Uuid(), primary_key=True),
    sa.Column("entity", sa.String(40), nullable=False),
    sa.Column("seq", sa.BigInteger(), nullable=False, unique=True),
    sa.Column("scope_user", sa.Uuid(), nullable=True),
    sa.Column("scope_team", sa.Uuid(), nullable=True),
    sa.Column("wide", sa.Boolean(), nullable=False),
    sa.Index("ix_sync_row_user_seq", "scope_user", "seq"),
    sa.Index("ix_sync_row_team_seq", "scope_team", "seq"),
    sa.Index("ix_sync_row_entity_row", "entity", "row_id"),
)

sync_removal = sa.Table(
    "sync_removal",
    metadata,
    sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=False),
    sa.Column("entity", sa.String(40), nullable=False),
    sa.Column("row_id", sa.Uuid(), nullable=False),
    sa.Column("scope_user", sa.Uuid(), nullable=True),
    sa.Column("scope_team", sa.Uuid(), nullable=True),
    sa.Column("wide", sa.Boolean(), nullable=False),
    sa.Index("ix_sync_removal_user_seq", "scope_user", "seq"),
    sa.Index("ix_sync_removal_team_seq", "scope_team", "seq"),
)

sync_counter = sa.Table(
    "sync_counter",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("value", sa.BigInteger(), nullable=False),
)
"""One row (id 1): the last seq handed out. Locking it serialises writers."""

change_log = sa.Table(
    "change_log",
    metadata,
    sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=False),
    sa.Column("entity", sa.String(40), nullable=False),
    sa.Column("row_id", sa.Uuid(), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("user_id", sa.Uuid(), nullable=True),  # None: the server (CLI, cascades)
    sa.Column("client_id", sa.Uuid(), nullable=True),
    sa.Column("at", UTCDateTime(), nullable=False),
)
"""Who made each change and from which installation (audit trail, conflict details)."""

sync_op = sa.Table(
    "sync_op",
    metadata,
    sa.Column("op_id", sa.Uuid(), primary_key=True),
    sa.Column("user_id", sa.Uuid(), nullable=False),
    sa.Column("result", sa.Text(), nullable=False),  # the OpResult as v2 JSON
    sa.Column("at", UTCDateTime(), nullable=False),
)
"""Applied op ids with their results, written in the same transaction as the changes."""

server_meta = sa.Table(
    "server_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text(), nullable=False),
)

auth_account = sa.Table(
    "auth_account",
    metadata,
    sa.Column("user_id", sa.Uuid(), primary_key=True),
    sa.Column("username_key", sa.String(64), nullable=False, unique=True),  # lower case
    sa.Column("password_hash", sa.Text(), nullable=False),
    sa.Column("password_changed_at", UTCDateTime(), nullable=False),
)

auth_session = sa.Table(
    "auth_session",
    metadata,
    sa.Column("id", sa.Uuid(), primary_key=True),  # the refresh token family
    sa.Column("user_id", sa.Uuid(), nullable=False, index=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("address", sa.String(64), nullable=False, server_default=""),
    sa.Column("revoked_at", UTCDateTime(), nullable=True),
    sa.Column("revoked_why", sa.String(40), nullable=False, server_default=""),
)

auth_refresh = sa.Table(
    "auth_refresh",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),  # sha256 hex of the token
    sa.Column("session_id", sa.Uuid(), nullable=False, index=True),
    sa.Column("created_at", UTCDateTime(), nullable=False),
    sa.Column("expires_at", UTCDateTime(), nullable=False),
    sa.Column("used_at", UTCDateTime(), nullable=True),  # rotated: presenting it again is reuse
)

auth_failure = sa.Table(
    "auth_failure",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
    sa.Column("key", sa.String(200), nullable=False),  # "account:<name>" or "address:<ip>"
    sa.Column("at", UTCDateTime(), nullable=False),
    sa.Index("ix_auth_failure_key_at", "key", "at"),
)
"""Failed logins in the recent window, shared by all workers (rate limiting)."""
