"""Commissions (提成) from the local copy: plans, assignments, per-rep statements, what-if.

The rules are ``domain.commission`` (plan validation, which assignment applies,
the statement lines, what-if); this module reads what they need — the plan
assigned to the rep for the period, the rep's revenue target as the quota, the
rep's won deals and new customers (``figure_rules.load_kpi_data``, the same
records the KPIs count) — and writes plans and assignments through the store's
write path. A rep's copy holds their own deals, the team's plans and their own
assignments and targets, so a rep can read their own statement offline; a
manager's copy holds everyone's.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from salesdesk.domain import commission
from salesdesk.domain.entities import (
    CommissionAssignment,
    CommissionPlan,
    Customer,
    Deal,
    Target,
    User,
)
from salesdesk.domain.periods import Period
from salesdesk.domain.schema import FieldError, ValidationError
from salesdesk.store import figure_rules as rules
from salesdesk.store.reports import local_zone
from salesdesk.store.store import Store
from salesdesk.store.tables import ENTITY_TABLES

__all__ = [
    "RepStatement",
    "assignments",
    "open_deals",
    "plans",
    "quota",
    "rep_statement",
    "save_assignment",
    "save_plan",
    "team_statements",
    "what_if",
]


def plans(store: Store, *, include_inactive: bool = True) -> list[CommissionPlan]:
    """The team's commission plans, by name."""
    table = store.table(CommissionPlan)
    where = []
    if store.profile.team_id is not None:
        where.append(table.c.team_id == store.profile.team_id)
    if not include_inactive:
        where.append(table.c.active.is_(True))
    return store.select(CommissionPlan, *where, order_by=[table.c.name, table.c.id])


def assignments(store: Store, user_id: uuid.UUID | None = None) -> list[CommissionAssignment]:
    """Assignments of plans to reps (one rep's, or all this copy holds), newest start first."""
    table = store.table(CommissionAssignment)
    where = [table.c.user_id == user_id] if user_id is not None else []
    found = store.select(CommissionAssignment, *where)
    return sorted(
        found,
        key=lambda a: (a.effective_from is not None, a.effective_from, str(a.id)),
        reverse=True,
    )


def quota(store: Store, user_id: uuid.UUID, period: Period) -> Decimal | None:
    """The rep's revenue target for the period (the most recently changed one), or None."""
    table = store.table(Target)
    found = store.select(
        Target,
        table.c.user_id == user_id,
        table.c.kpi == "revenue",
        table.c.period == period.code,
        order_by=[table.c.updated_at, table.c.id],
    )
    return found[-1].value if found else None


@dataclasses.dataclass(frozen=True)
class RepStatement:
    """A rep's statement for a period, or why there is none (``problem``)."""

    user_id: uuid.UUID
    name: str
    period: str
    plan: CommissionPlan | None
    statement: commission.Statement | None
    problem: str = ""  # "" | "no_plan" | "invalid_plan"

    def to_json(self) -> dict[str, Any]:
        """The ``salesdesk commission --json`` shape (README, "Command line")."""
        found = self.statement
        return {
            "user_id": str(self.user_id),
            "name": self.name,
            "period": self.period,
            "plan": None
            if self.plan is None
            else {"id": str(self.plan.id), "name": self.plan.name},
            "problem": self.problem or None,
            "revenue": _text(found.revenue) if found else None,
            "quota": _text(found.quota) if found else None,
            "attainment_pct": _text(found.attainment_pct) if found else None,
            "new_customers": found.new_customers if found else None,
            "lines": [_line_json(line) for line in found.lines] if found else [],
            "subtotal": _text(found.subtotal) if found else None,
            "total": _text(found.total) if found else None,
            "capped": found.capped if found else False,
            "warnings": list(found.warnings) if found else [],
        }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _line_json(line: commission.CommissionLine) -> dict[str, Any]:
    return {
        "key": line.key,
        "basis": str(line.basis),
        "rate": _text(line.rate),
        "amount": str(line.amount),
        "tier": line.tier,
        "from_pct": _text(line.from_pct),
        "to_pct": _text(line.to_pct),
        "multiplier": _text(line.multiplier),
    }


def _name(store: Store, user_id: uuid.UUID) -> str:
    user = store.get(User, user_id)
    if user is not None:
        return user.display_name
    return store.profile.display_name if user_id == store.profile.user_id else ""


def _records(store: Store, user_id: uuid.UUID, period: Period) -> tuple[list[Deal], list[Customer]]:
    with store.engine.connect() as connection:
        data = rules.load_kpi_data(
            connection,
            ENTITY_TABLES,
            [user_id],
            [period],
            local_zone(),
            ("revenue", "new_customers"),
        )
    return list(data.deals), list(data.customers)


def rep_statement(store: Store, user_id: uuid.UUID, period: Period) -> RepStatement:
    """The rep's statement for ``period`` under the plan assigned to them for it."""
    name = _name(store, user_id)
    plan = commission.plan_for(user_id, period, assignments(store, user_id), plans(store))
    if plan is None:
        return RepStatement(user_id, name, period.code, None, None, "no_plan")
    if commission.plan_errors(plan):
        return RepStatement(user_id, name, period.code, plan, None, "invalid_plan")
    deals, customers = _records(store, user_id, period)
    found = commission.rep_statement(
        plan,
        user_id,
        period,
        local_zone(),
        deals=deals,
        customers=customers,
        quota=quota(store, user_id, period),
    )
    return RepStatement(user_id, name, period.code, plan, found)


def team_statements(store: Store, period: Period) -> list[RepStatement]:
    """Every active rep's statement (a manager's copy), by name; the user alone elsewhere."""
    profile = store.profile
    users = store.table(User)
    where = [users.c.role == "rep", users.c.active.is_(True)]
    if profile.team_id is not None:
        where.append(users.c.team_id == profile.team_id)
    reps = store.select(User, *where, order_by=[users.c.display_name, users.c.id])
    ids = [u.id for u in reps] if profile.is_manager else []
    if not ids:
        ids = [profile.user_id]
    return [rep_statement(store, rep, period) for rep in ids]


def open_deals(store: Store, user_id: uuid.UUID) -> list[Deal]:
    """The rep's open deals, largest first (what a what-if picks from)."""
    table = store.table(Deal)
    return store.select(
        Deal,
        table.c.owner_id == user_id,
        table.c.status == "open",
        order_by=[table.c.amount.desc(), table.c.title, table.c.id],
    )


def what_if(
    store: Store,
    user_id: uuid.UUID,
    period: Period,
    deal_ids: Iterable[uuid.UUID] = (),
    extra_amount: Decimal = Decimal(0),
) -> commission.WhatIf | None:
    """ "If I win these deals (and this much more)…": the statement before and after.

    None when the rep has no (valid) plan for the period.
    """
    if extra_amount < 0:
        raise ValidationError([FieldError("amount", "too_small", "must not be negative")])
    current = rep_statement(store, user_id, period)
    if current.plan is None or current.statement is None:
        return None
    picked = store.get_many(Deal, deal_ids)
    added = sum((d.amount for d in picked.values() if not d.deleted), Decimal(0)) + extra_amount
    found = current.statement
    return commission.what_if(
        commission.check_plan(current.plan),
        found.revenue,
        found.quota,
        found.new_customers,
        added,
    )


# ---- writing ----------------------------------------------------------------------------------


def save_plan(
    store: Store, values: Mapping[str, Any], plan_id: uuid.UUID | None = None
) -> CommissionPlan:
    """Create or change a plan; every rule of ``commission.plan_errors`` is checked first."""
    definition = CommissionPlan.definition
    given = dict(values)
    with store.transaction() as writer:
        if plan_id is None:
            given.setdefault("team_id", store.profile.team_id)
            cleaned = definition.clean_values(given, creating=True)
            draft = CommissionPlan(
                id=uuid.UUID(int=0), created_at=writer.now, updated_at=writer.now, **cleaned
            )
        else:
            current = store.get(CommissionPlan, plan_id)
            if current is None:
                raise ValidationError([FieldError("id", "not_found", "no such plan")])
            draft = dataclasses.replace(current, **definition.clean_values(given, creating=False))
        errors = commission.plan_errors(draft)
        if errors:
            raise ValidationError(errors)
        if plan_id is None:
            return writer.create(CommissionPlan, given)
        return writer.update(CommissionPlan, plan_id, given)


def save_assignment(
    store: Store, values: Mapping[str, Any], assignment_id: uuid.UUID | None = None
) -> CommissionAssignment:
    """Create or change an assignment (a plan for a rep from one date, optionally to another)."""
    start = values.get("effective_from")
    end = values.get("effective_to")
    if start is not None and end is not None and end < start:
        raise ValidationError([FieldError("effective_to", "before_start", "ends before it starts")])
    with store.transaction() as writer:
        if assignment_id is None:
            return writer.create(CommissionAssignment, dict(values))
        return writer.update(CommissionAssignment, assignment_id, dict(values))
