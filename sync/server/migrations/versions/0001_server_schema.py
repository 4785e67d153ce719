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
        "commission_assignment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("plan_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_assignment")),
    )
    with op.batch_alter_table("commission_assignment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commission_assignment_team_id"), ["team_id"], unique=False
        )

    op.create_table(
        "commission_plan",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("base_rate", sa.BigInteger(), nullable=True),
        sa.Column("tiers", sa.JSON(), nullable=False),
        sa.Column("accelerator_threshold", sa.BigInteger(), nullable=True),
        sa.Column("accelerator_multiplier", sa.BigInteger(), nullable=True),
        sa.Column("new_customer_bonus", sa.BigInteger(), nullable=False),
        sa.Column("cap", sa.BigInteger(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_plan")),
    )
    with op.batch_alter_table("commission_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commission_plan_team_id"), ["team_id"], unique=False)

    op.create_table(
        "customer",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("industry", sa.String(length=40), nullable=False),
        sa.Column("tier", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("province", sa.String(length=20), nullable=False),
        sa.Column("city", sa.String(length=30), nullable=False),
        sa.Column("district", sa.String(length=30), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("website", sa.String(length=200), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer")),
    )
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "pipeline_stage",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("probability", sa.BigInteger(), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        sa.Column("checklist", sa.JSON(), nullable=False),
        sa.Column("stuck_days", sa.BigInteger(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pipeline_stage")),
    )
    with op.batch_alter_table("pipeline_stage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pipeline_stage_team_id"), ["team_id"], unique=False)

    op.create_table(
        "report",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("template_id", sa.Uuid(), nullable=True),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("score", sa.BigInteger(), nullable=True),
        sa.Column("reviewed_by", sa.Uuid(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
    )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_period_start"), ["period_start"], unique=False)

    op.create_table(
        "report_template",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("deadline_time", sa.String(length=5), nullable=False),
        sa.Column("deadline_day", sa.BigInteger(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_template")),
    )
    with op.batch_alter_table("report_template", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_template_team_id"), ["team_id"], unique=False)

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

    op.create_table(
        "target",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("kpi", sa.String(length=40), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=True),
        sa.Column("description", sa.String(length=1000), nullable=False),
        sa.Column("split_method", sa.String(length=40), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target")),
    )
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_target_period"), ["period"], unique=False)
        batch_op.create_index(batch_op.f("ix_target_team_id"), ["team_id"], unique=False)

    op.create_table(
        "task",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=4000), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("remind_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("priority", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("deal_id", sa.Uuid(), nullable=True),
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column("assignee_id", sa.Uuid(), nullable=True),
        sa.Column("assigned_by", sa.Uuid(), nullable=True),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task")),
    )
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_assignee_id"), ["assignee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_deal_id"), ["deal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_due_at"), ["due_at"], unique=False)

    op.create_table(
        "team",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("team_id", sa.Uuid(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
    )
    op.create_table(
        "contact",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("mobile", sa.String(length=30), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("wechat", sa.String(length=60), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("birthday", sa.Date(), nullable=True),
        sa.Column("remark", sa.String(length=1000), nullable=False),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name="fk_contact_customer_id",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "deal",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("stage_id", sa.Uuid(), nullable=True),
        sa.Column("probability", sa.BigInteger(), nullable=False),
        sa.Column("expected_close", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("lost_reason", sa.String(length=500), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("stage_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checklist_done", sa.JSON(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name="fk_deal_customer_id",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deal")),
    )
    with op.batch_alter_table("deal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deal_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deal_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deal_stage_id"), ["stage_id"], unique=False)

    op.create_table(
        "feedback",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("rating", sa.BigInteger(), nullable=True),
        sa.Column("body", sa.String(length=4000), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("recorded_on", sa.Date(), nullable=True),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name="fk_feedback_customer_id",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "report_comment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("report_id", sa.Uuid(), nullable=True),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("body", sa.String(length=4000), nullable=False),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name="fk_report_comment_report_id",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_comment")),
    )
    with op.batch_alter_table("report_comment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_comment_report_id"), ["report_id"], unique=False
        )

    op.create_table(
        "visit",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("contact_id", sa.Uuid(), nullable=True),
        sa.Column("rep_id", sa.Uuid(), nullable=True),
        sa.Column("planned_on", sa.Date(), nullable=True),
        sa.Column("planned_time", sa.String(length=5), nullable=False),
        sa.Column("route_order", sa.BigInteger(), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checked_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("check_in_address", sa.String(length=300), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("outcome", sa.String(length=4000), nullable=False),
        sa.Column("next_step", sa.String(length=500), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name="fk_visit_customer_id",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
    )
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_planned_on"), ["planned_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_rep_id"), ["rep_id"], unique=False)

    op.create_table(
        "attachment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name="fk_attachment_visit_id",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "deal_stage_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deal_id", sa.Uuid(), nullable=True),
        sa.Column("from_stage_id", sa.Uuid(), nullable=True),
        sa.Column("to_stage_id", sa.Uuid(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("changed_by", sa.Uuid(), nullable=True),
        sa.Column("created_rev", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("field_revs", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["deal_id"],
            ["deal.id"],
            name="fk_deal_stage_change_deal_id",
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deal_stage_change")),
    )
    with op.batch_alter_table("deal_stage_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deal_stage_change_deal_id"), ["deal_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("deal_stage_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deal_stage_change_deal_id"))

    op.drop_table("deal_stage_change")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_visit_id"))

    op.drop_table("attachment")
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_rep_id"))
        batch_op.drop_index(batch_op.f("ix_visit_planned_on"))
        batch_op.drop_index(batch_op.f("ix_visit_customer_id"))

    op.drop_table("visit")
    with op.batch_alter_table("report_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_comment_report_id"))

    op.drop_table("report_comment")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_customer_id"))

    op.drop_table("feedback")
    with op.batch_alter_table("deal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deal_stage_id"))
        batch_op.drop_index(batch_op.f("ix_deal_owner_id"))
        batch_op.drop_index(batch_op.f("ix_deal_customer_id"))

    op.drop_table("deal")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_customer_id"))

    op.drop_table("contact")
    op.drop_table("user")
    op.drop_table("team")
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_due_at"))
        batch_op.drop_index(batch_op.f("ix_task_deal_id"))
        batch_op.drop_index(batch_op.f("ix_task_customer_id"))
        batch_op.drop_index(batch_op.f("ix_task_assignee_id"))

    op.drop_table("task")
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_target_team_id"))
        batch_op.drop_index(batch_op.f("ix_target_period"))

    op.drop_table("target")
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
    with op.batch_alter_table("report_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_template_team_id"))

    op.drop_table("report_template")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_period_start"))
        batch_op.drop_index(batch_op.f("ix_report_author_id"))

    op.drop_table("report")
    with op.batch_alter_table("pipeline_stage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pipeline_stage_team_id"))

    op.drop_table("pipeline_stage")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_owner_id"))

    op.drop_table("customer")
    with op.batch_alter_table("commission_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commission_plan_team_id"))

    op.drop_table("commission_plan")
    with op.batch_alter_table("commission_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commission_assignment_team_id"))

    op.drop_table("commission_assignment")
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
