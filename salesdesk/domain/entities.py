"""The syncable entities of SalesDesk, each declared once.

The local store's tables, the server's tables, the wire format and the CLI's
``field=value`` parsing all come from these declarations (see ``schema``).
Codes in ``choice`` fields are stable identifiers; the UI translates them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from salesdesk.domain import validators as v
from salesdesk.domain.schema import (
    MANAGERS,
    Merge,
    Note,
    Record,
    Scope,
    blob,
    choice,
    decimal,
    entity,
    json_data,
    money,
    notes,
    number,
    ref,
    tags,
    text,
)

ADMINS = frozenset({"admin"})

CUSTOMER_KINDS = ("company", "individual")
INDUSTRIES = (
    "manufacturing",
    "it",
    "retail",
    "wholesale",
    "finance",
    "healthcare",
    "education",
    "construction",
    "real_estate",
    "logistics",
    "energy",
    "agriculture",
    "food",
    "hospitality",
    "media",
    "government",
    "other",
)
TIERS = ("A", "B", "C")
SOURCES = (
    "web",
    "trade_show",
    "referral",
    "cold_call",
    "advertising",
    "partner",
    "social_media",
    "other",
)
CUSTOMER_STATUSES = ("prospect", "active", "churned")
DEAL_STATUSES = ("open", "won", "lost")
STAGE_OUTCOMES = ("open", "won", "lost")
VISIT_STATUSES = ("planned", "in_progress", "done", "cancelled")
TASK_PRIORITIES = ("normal", "low", "high", "urgent")
TASK_STATUSES = ("open", "done")
REPORT_KINDS = ("daily", "weekly", "monthly")
REPORT_STATUSES = ("draft", "submitted")
FEEDBACK_KINDS = ("satisfaction", "complaint", "suggestion")
KPIS = ("revenue", "new_customers", "visits", "deals_won", "retention_rate")
SPLIT_METHODS = ("none", "equal", "weighted", "manual")
ROLE_CHOICES = ("rep", "manager", "admin")

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


# ---- directory: authored on the server --------------------------------------------------------


@entity(
    "team",
    label="Team",
    scope=Scope.DIRECTORY,
    scope_field=None,
    title="name",
    writers=ADMINS,
    deletable=False,
)
class Team(Record):
    name: str = text("Name", required=True, max_length=80)


@entity(
    "user",
    label="User",
    scope=Scope.DIRECTORY,
    scope_field=None,
    title="display_name",
    writers=ADMINS,
    deletable=False,
)
class User(Record):
    username: str = text("User name", required=True, max_length=64, immutable=True)
    display_name: str = text("Name", required=True, max_length=80)
    role: str = choice("Role", ROLE_CHOICES)
    team_id: uuid.UUID | None = ref("Team", "team")
    active: bool = number("Active", True)


# ---- customers and everything under them ------------------------------------------------------


@entity("customer", label="Customer", scope=Scope.OWNED, scope_field="owner_id", title="name")
class Customer(Record):
    name: str = text("Name", required=True, max_length=200, search=True)
    credit_code: str = text(
        "Unified social credit code", max_length=18, check=v.check_credit_code, search=True
    )
    kind: str = choice("Type", CUSTOMER_KINDS)
    industry: str = choice("Industry", INDUSTRIES, "other")
    tier: str = choice("Tier", TIERS, "C")
    source: str = choice("Source", SOURCES, "other")
    status: str = choice("Status", CUSTOMER_STATUSES)
    churned_on: dt.date | None = number("Churned on")
    province: str = text("Province", max_length=20, search=True)
    city: str = text("City", max_length=30, search=True)
    district: str = text("District", max_length=30, search=True)
    address: str = text("Address", max_length=300, search=True)
    latitude: float | None = number("Latitude", min_value=-90.0, max_value=90.0)
    longitude: float | None = number("Longitude", min_value=-180.0, max_value=180.0)
    phone: str = text("Phone", max_length=30, check=v.check_phone, search=True)
    website: str = text("Website", max_length=200)
    tags: tuple[str, ...] = tags("Tags")
    owner_id: uuid.UUID | None = ref(
        "Owner", "user", merge=Merge.SERVER_WINS, roles=MANAGERS | ADMINS, default_current=True
    )
    notes: tuple[Note, ...] = notes("Notes")


@entity("contact", label="Contact", scope=Scope.CHILD, scope_field="customer_id", title="name")
class Contact(Record):
    customer_id: uuid.UUID | None = ref("Customer", "customer", required=True)
    name: str = text("Full name", required=True, max_length=80, search=True)
    title: str = text("Job title", max_length=80)
    mobile: str = text("Mobile", max_length=30, check=v.check_mobile, search=True)
    phone: str = text("Phone", max_length=30, check=v.check_phone)
    email: str = text("E-mail", max_length=120, check=v.check_email, search=True)
    wechat: str = text("WeChat", max_length=60, search=True)
    is_primary: bool = number("Primary contact", False)
    birthday: dt.date | None = number("Birthday")
    remark: str = text("Remark", max_length=1000)


@entity(
    "feedback",
    label="Customer feedback",
    scope=Scope.CHILD,
    scope_field="customer_id",
    title="body",
    append_only=True,
)
class CustomerFeedback(Record):
    customer_id: uuid.UUID | None = ref("Customer", "customer", required=True)
    kind: str = choice("Kind", FEEDBACK_KINDS)
    rating: int | None = number("Satisfaction", min_value=1, max_value=5)
    body: str = text("Feedback", required=True, max_length=4000)
    recorded_by: uuid.UUID | None = ref("Recorded by", "user", immutable=True, default_current=True)
    recorded_on: dt.date | None = number("Date")


@entity("deal", label="Deal", scope=Scope.CHILD, scope_field="customer_id", title="title")
class Deal(Record):
    customer_id: uuid.UUID | None = ref("Customer", "customer", required=True)
    contact_id: uuid.UUID | None = ref("Contact", "contact")
    title: str = text("Title", required=True, max_length=200)
    amount: Decimal = money("Amount")
    stage_id: uuid.UUID | None = ref("Stage", "pipeline_stage", required=True, index=True)
    probability: int = number("Probability %", 10, min_value=0, max_value=100)
    expected_close: dt.date | None = number("Expected close")
    status: str = choice("Status", DEAL_STATUSES)
    lost_reason: str = text("Reason lost", max_length=500)
    closed_on: dt.date | None = number("Closed on")
    stage_changed_at: dt.datetime | None = number("In stage since")
    checklist_done: list[str] = json_data("Checklist items done", list)
    owner_id: uuid.UUID | None = ref(
        "Sales rep",
        "user",
        merge=Merge.SERVER_WINS,
        roles=MANAGERS | ADMINS,
        default_current=True,
        index=True,
    )
    notes: tuple[Note, ...] = notes("Notes")


@entity(
    "deal_stage_change",
    label="Stage change",
    scope=Scope.CHILD,
    scope_field="deal_id",
    title="changed_at",
    append_only=True,
    deletable=False,
)
class DealStageChange(Record):
    deal_id: uuid.UUID | None = ref("Deal", "deal", required=True)
    from_stage_id: uuid.UUID | None = ref("From stage", "pipeline_stage")
    to_stage_id: uuid.UUID | None = ref("To stage", "pipeline_stage", required=True)
    changed_at: dt.datetime | None = number("Changed at")
    changed_by: uuid.UUID | None = ref("Changed by", "user", default_current=True)


@entity("visit", label="Visit", scope=Scope.CHILD, scope_field="customer_id", title="purpose")
class Visit(Record):
    customer_id: uuid.UUID | None = ref("Customer", "customer", required=True)
    contact_id: uuid.UUID | None = ref("Contact", "contact")
    rep_id: uuid.UUID | None = ref(
        "Sales rep", "user", immutable=True, default_current=True, index=True
    )
    planned_on: dt.date | None = number("Planned date", index=True)
    planned_time: str = text("Planned time", max_length=5, check=v.check_time_of_day)
    route_order: int = number("Route order", 0, min_value=0)
    purpose: str = text("Purpose", required=True, max_length=300)
    status: str = choice("Status", VISIT_STATUSES)
    checked_in_at: dt.datetime | None = number("Checked in")
    checked_out_at: dt.datetime | None = number("Checked out")
    check_in_address: str = text("Check-in address", max_length=300)
    latitude: float | None = number("Latitude", min_value=-90.0, max_value=90.0)
    longitude: float | None = number("Longitude", min_value=-180.0, max_value=180.0)
    outcome: str = text("Outcome", max_length=4000)
    next_step: str = text("Next step", max_length=500)
    notes: tuple[Note, ...] = notes("Visit log")


@entity(
    "attachment",
    label="Attachment",
    scope=Scope.CHILD,
    scope_field="visit_id",
    title="file_name",
    append_only=True,
)
class Attachment(Record):
    visit_id: uuid.UUID | None = ref("Visit", "visit", required=True)
    file_name: str = text("File name", required=True, max_length=255, immutable=True)
    mime_type: str = text("Type", max_length=100, immutable=True)
    size: int = number("Size", 0, min_value=0, immutable=True)
    sha256: str = text("Checksum", max_length=64, immutable=True)
    content: bytes = blob("Content", max_bytes=MAX_ATTACHMENT_BYTES)


# ---- a rep's own work -------------------------------------------------------------------------


@entity("task", label="Task", scope=Scope.PERSONAL, scope_field="assignee_id", title="title")
class Task(Record):
    title: str = text("Title", required=True, max_length=200)
    description: str = text("Description", max_length=4000)
    due_at: dt.datetime | None = number("Due", index=True)
    remind_at: dt.datetime | None = number("Reminder")
    priority: str = choice("Priority", TASK_PRIORITIES)
    status: str = choice("Status", TASK_STATUSES)
    completed_at: dt.datetime | None = number("Completed")
    customer_id: uuid.UUID | None = ref("Customer", "customer", index=True)
    deal_id: uuid.UUID | None = ref("Deal", "deal", index=True)
    visit_id: uuid.UUID | None = ref("From visit", "visit")
    assignee_id: uuid.UUID | None = ref(
        "Assigned to", "user", merge=Merge.SERVER_WINS, default_current=True
    )
    assigned_by: uuid.UUID | None = ref("Assigned by", "user", immutable=True, default_current=True)


@entity("report", label="Report", scope=Scope.PERSONAL, scope_field="author_id", title="kind")
class Report(Record):
    author_id: uuid.UUID | None = ref("Author", "user", immutable=True, default_current=True)
    kind: str = choice("Kind", REPORT_KINDS, immutable=True)
    period_start: dt.date | None = number("From", index=True)
    period_end: dt.date | None = number("To")
    template_id: uuid.UUID | None = ref("Template", "report_template")
    figures: dict[str, Any] = json_data("Figures", dict)
    sections: dict[str, Any] = json_data("Sections", dict)
    status: str = choice("Status", REPORT_STATUSES)
    submitted_at: dt.datetime | None = number("Submitted")
    score: int | None = number("Score", min_value=1, max_value=5, roles=MANAGERS)
    reviewed_by: uuid.UUID | None = ref("Reviewed by", "user", roles=MANAGERS)
    reviewed_at: dt.datetime | None = number("Reviewed", roles=MANAGERS)
    read_at: dt.datetime | None = number("Read by manager", roles=MANAGERS)


@entity(
    "report_comment",
    label="Report comment",
    scope=Scope.CHILD,
    scope_field="report_id",
    title="body",
    append_only=True,
)
class ReportComment(Record):
    report_id: uuid.UUID | None = ref("Report", "report", required=True)
    author_id: uuid.UUID | None = ref("Author", "user", immutable=True, default_current=True)
    body: str = text("Comment", required=True, max_length=4000)


# ---- team configuration: managers write, the team reads ---------------------------------------


@entity(
    "pipeline_stage",
    label="Pipeline stage",
    scope=Scope.TEAM,
    scope_field="team_id",
    title="name",
    writers=MANAGERS,
)
class PipelineStage(Record):
    team_id: uuid.UUID | None = ref("Team", "team", required=True, default_current=True)
    code: str = text("Code", max_length=40)
    name: str = text("Name", required=True, max_length=60)
    position: int = number("Position", 0, min_value=0)
    probability: int = number("Probability %", 10, min_value=0, max_value=100)
    outcome: str = choice("Outcome", STAGE_OUTCOMES)
    checklist: list[dict[str, Any]] = json_data("Checklist", list)
    stuck_days: int = number("Stuck after days", 14, min_value=1, max_value=365)
    active: bool = number("Active", True)


@entity(
    "report_template",
    label="Report template",
    scope=Scope.TEAM,
    scope_field="team_id",
    title="name",
    writers=MANAGERS,
)
class ReportTemplate(Record):
    team_id: uuid.UUID | None = ref("Team", "team", required=True, default_current=True)
    name: str = text("Name", required=True, max_length=80)
    kind: str = choice("Kind", REPORT_KINDS)
    sections: list[dict[str, Any]] = json_data("Sections", list)
    figures: list[str] = json_data("Automatic figures", list)
    deadline_time: str = text("Deadline", max_length=5, check=v.check_time_of_day)
    deadline_day: int = number("Deadline day", 0, min_value=0, max_value=31)
    active: bool = number("Active", True)


@entity(
    "target",
    label="Target",
    scope=Scope.TEAM,
    scope_field="team_id",
    title="kpi",
    writers=MANAGERS,
)
class Target(Record):
    team_id: uuid.UUID | None = ref("Team", "team", required=True, default_current=True)
    user_id: uuid.UUID | None = ref("Sales rep", "user")
    kpi: str = choice("KPI", KPIS)
    period: str = text("Period", required=True, max_length=7, check=v.check_period, index=True)
    value: Decimal | None = decimal(
        "Target", scale=2, default=Decimal("0.00"), min_value=Decimal(0)
    )
    description: str = text("Description", max_length=1000)
    split_method: str = choice("Split", SPLIT_METHODS)
    parent_id: uuid.UUID | None = ref("Team target", "target")


@entity(
    "commission_plan",
    label="Commission plan",
    scope=Scope.TEAM,
    scope_field="team_id",
    title="name",
    writers=MANAGERS,
)
class CommissionPlan(Record):
    team_id: uuid.UUID | None = ref("Team", "team", required=True, default_current=True)
    name: str = text("Name", required=True, max_length=80)
    base_rate: Decimal | None = decimal(
        "Base rate %", scale=4, default=Decimal("0.0000"), min_value=Decimal(0)
    )
    tiers: list[dict[str, Any]] = json_data("Tiers", list)
    accelerator_threshold: Decimal | None = decimal(
        "Accelerator above attainment %", scale=2, default=Decimal("100.00"), min_value=Decimal(0)
    )
    accelerator_multiplier: Decimal | None = decimal(
        "Accelerator multiplier", scale=4, default=Decimal("1.0000"), min_value=Decimal(0)
    )
    new_customer_bonus: Decimal = money("Bonus per new customer")
    cap: Decimal | None = decimal("Cap", scale=2, min_value=Decimal(0))
    active: bool = number("Active", True)


@entity(
    "commission_assignment",
    label="Commission assignment",
    scope=Scope.TEAM,
    scope_field="team_id",
    title="effective_from",
    writers=MANAGERS,
)
class CommissionAssignment(Record):
    team_id: uuid.UUID | None = ref("Team", "team", required=True, default_current=True)
    plan_id: uuid.UUID | None = ref("Plan", "commission_plan", required=True)
    user_id: uuid.UUID | None = ref("Sales rep", "user", required=True)
    effective_from: dt.date | None = number("From")
    effective_to: dt.date | None = number("To")


@entity(
    "appraisal_config",
    label="Appraisal weights",
    scope=Scope.TEAM,
    scope_field="team_id",
    title="name",
    writers=MANAGERS,
)
class AppraisalConfig(Record):
    """How a team's appraisal scorecard weighs results and activity (see domain.appraisal)."""

    team_id: uuid.UUID | None = ref("Team", "team", required=True, default_current=True)
    name: str = text("Name", required=True, max_length=80)
    weights: dict[str, Any] = json_data("Weights", dict)
    visit_target: int = number("Visits expected per month", 20, min_value=0, max_value=1000)
    active: bool = number("Active", True)


SERVER_ONLY: frozenset[str] = frozenset()
"""Writers of rows the server computes itself: no client role may create or change them."""


@entity(
    "team_figure",
    label="Team figure",
    scope=Scope.TEAM,
    scope_field="team_id",
    title="kpi",
    writers=SERVER_ONLY,
    deletable=False,
)
class TeamFigure(Record):
    """A KPI figure of one rep (or, with no user, the whole team) for a period, computed by the
    server from the synced data and read by the whole team: the leaderboard and attainment a rep
    sees without holding colleagues' customers. Read-only for every client."""

    team_id: uuid.UUID | None = ref("Team", "team", required=True)
    user_id: uuid.UUID | None = ref("Sales rep", "user")
    kpi: str = choice("KPI", KPIS)
    period: str = text("Period", required=True, max_length=7, check=v.check_period, index=True)
    value: Decimal | None = decimal("Value", scale=2, default=Decimal("0.00"))
    target: Decimal | None = decimal("Target", scale=2)
    rank: int | None = number("Rank", min_value=1)
    computed_at: dt.datetime | None = number("Computed")


CHILDREN: dict[str, list[tuple[str, str]]] = {}
"""For each entity, the (child entity, reference field) pairs whose rows live under it."""


def _index_children() -> None:
    from salesdesk.domain.schema import ENTITIES

    for definition in ENTITIES.values():
        parent = definition.parent_field
        if parent is not None and parent.ref is not None:
            CHILDREN.setdefault(parent.ref, []).append((definition.name, parent.name))


_index_children()
