"""server schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 17:08:40.000986
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _entity_tables() -> sa.MetaData:
    """The entity tables exactly as the entity declarations define them.

    Until the first release, the entity tables follow the declarations in
    ``salesdesk/domain/entities.py`` (as the local store's first migration does);
    from the first release on this revision is frozen and a changed entity gets
    its own server migration (see docs/SERVER.md).
    """
    from sync.server.tables import NAMING, entity_tables

    metadata = sa.MetaData(naming_convention=NAMING)
    entity_tables(metadata)
    return metadata


def upgrade() -> None:

    op.create_table(
        "auth_account",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("username_key", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_auth_account")),
        sa.UniqueConstraint("username_key", name=op.f("uq_auth_account_username_key")),
    )
    op.create_table(
        "auth_failure",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_failure")),
    )
    with op.batch_alter_table("auth_failure", schema=None) as batch_op:
        batch_op.create_index("ix_auth_failure_key_at", ["key", "at"], unique=False)

    op.create_table(
        "auth_refresh",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_auth_refresh")),
    )
    with op.batch_alter_table("auth_refresh", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_auth_refresh_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "auth_session",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("address", sa.String(length=64), server_default="", nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_why", sa.String(length=40), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_session")),
    )
    with op.batch_alter_table("auth_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_session_user_id"), ["user_id"], unique=False)

    op.create_table(
        "change_log",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_log")),
    )
    op.create_table(
        "server_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_server_meta")),
    )
    op.create_table(
        "sync_counter",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_counter")),
    )
    op.create_table(
        "sync_op",
        sa.Column("op_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name=op.f("pk_sync_op")),
    )
    op.create_table(
        "sync_removal",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("scope_user", sa.Uuid(), nullable=True),
        sa.Column("scope_team", sa.Uuid(), nullable=True),
        sa.Column("wide", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_removal")),
    )
    with op.batch_alter_table("sync_removal", schema=None) as batch_op:
        batch_op.create_index("ix_sync_removal_team_seq", ["scope_team", "seq"], unique=False)
        batch_op.create_index("ix_sync_removal_user_seq", ["scope_user", "seq"], unique=False)

    op.create_table(
        "sync_row",
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("scope_user", sa.Uuid(), nullable=True),
        sa.Column("scope_team", sa.Uuid(), nullable=True),
        sa.Column("wide", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("row_id", name=op.f("pk_sync_row")),
        sa.UniqueConstraint("seq", name=op.f("uq_sync_row_seq")),
    )
    with op.batch_alter_table("sync_row", schema=None) as batch_op:
        batch_op.create_index("ix_sync_row_entity_row", ["entity", "row_id"], unique=False)
        batch_op.create_index("ix_sync_row_team_seq", ["scope_team", "seq"], unique=False)
        batch_op.create_index("ix_sync_row_user_seq", ["scope_user", "seq"], unique=False)
    _entity_tables().create_all(op.get_bind())


def downgrade() -> None:
    _entity_tables().drop_all(op.get_bind())
    with op.batch_alter_table("sync_row", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_row_user_seq")
        batch_op.drop_index("ix_sync_row_team_seq")
        batch_op.drop_index("ix_sync_row_entity_row")

    op.drop_table("sync_row")
    with op.batch_alter_table("sync_removal", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_removal_user_seq")
        batch_op.drop_index("ix_sync_removal_team_seq")

    op.drop_table("sync_removal")
    op.drop_table("sync_op")
    op.drop_table("sync_counter")
    op.drop_table("server_meta")
    op.drop_table("change_log")
    with op.batch_alter_table("auth_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_session_user_id"))

    op.drop_table("auth_session")
    with op.batch_alter_table("auth_refresh", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_refresh_session_id"))

    op.drop_table("auth_refresh")
    with op.batch_alter_table("auth_failure", schema=None) as batch_op:
        batch_op.drop_index("ix_auth_failure_key_at")

    op.drop_table("auth_failure")
    op.drop_table("auth_account")
