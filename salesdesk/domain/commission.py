"""Commission (提成): plans, per-rep statements with every line shown, what-if.

A plan (``CommissionPlan``) combines any of these; all rates are **percent**
(``3.5`` is 3.5%), quota attainment is revenue / the rep's revenue target:

``base`` — flat rate
    ``base_rate`` % of all revenue.
``tier`` — rate by attainment band (阶梯提成), applied **marginally**
    ``tiers`` is a list of ``{"from_pct", "to_pct", "rate"}``. Each tier's
    rate applies only to the slice of revenue that falls inside its band,
    like income-tax brackets: with quota ¥100,000 and tiers 0–80% at 2%,
    80–100% at 3%, 100%+ at 5%, revenue of ¥120,000 earns 2% of 80,000 +
    3% of 20,000 + 5% of 20,000. (A *whole-amount* scheme, where crossing a
    band re-rates all revenue, makes commission jump at each edge — a rep
    one fen below 100% would lose thousands — so it is not offered.) Band
    edges are quota × pct rounded half up to the fen. Tier rates add to the
    base rate. Tiers must start at 0%, be contiguous (each ``from_pct`` is
    the previous ``to_pct``), non-overlapping, and the last must be open
    (``to_pct`` null) so every yuan has a rate; rates are ≥ 0.
``accelerator`` — above quota (超额加速)
    Revenue above ``accelerator_threshold`` % of quota earns its rate (base
    + tier) × ``accelerator_multiplier``; it is shown as extra lines at
    rate × (multiplier − 1) on that revenue, one per tier band it crosses.
    Multipliers are ≥ 1 (an accelerator never lowers a rate; use the cap).
``new_customer_bonus`` — a fixed amount per new customer in the period.
``cap`` — the most one statement pays (封顶); when the lines add up to more, a
    ``cap`` line with the (negative) difference brings the total to the cap.

Without a quota (no revenue target, or 0) attainment is undefined: tiers and
the accelerator are skipped and the statement carries the warning
``no_quota``; the base rate and the bonus still apply.

Rounding: each line's amount is rounded half up to the fen (the bases and
rates stay exact); the total is the sum of the lines, so the lines always add
up to the total a rep sees. Lines with a zero basis are left out.

Which plan applies (:func:`assignment_for`): among the rep's assignments that
overlap the period (``effective_from``/``effective_to`` inclusive, open ends
allowed), the one that started last; one plan covers a whole statement (no
pro-rating within a month).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import uuid
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from salesdesk.domain.entities import CommissionAssignment, CommissionPlan, Customer, Deal
from salesdesk.domain.kpis import new_customers_by_rep, percent, revenue_by_rep, round_fen
from salesdesk.domain.periods import Period
from salesdesk.domain.schema import FieldError, ValidationError

__all__ = [
    "CommissionLine",
    "PlanRules",
    "Statement",
    "Tier",
    "WhatIf",
    "assignment_for",
    "check_plan",
    "compute_statement",
    "plan_errors",
    "plan_for",
    "rep_statement",
    "what_if",
]

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


@dataclasses.dataclass(frozen=True, slots=True)
class Tier:
    """An attainment band ``[from_pct, to_pct)`` and the rate (percent) for revenue inside it."""

    from_pct: Decimal
    to_pct: Decimal | None
    rate: Decimal


@dataclasses.dataclass(frozen=True, slots=True)
class PlanRules:
    """A validated plan, in exact numbers (build with :func:`check_plan`)."""

    base_rate: Decimal = ZERO
    tiers: tuple[Tier, ...] = ()
    accelerator_threshold: Decimal | None = None  # percent of quota; None: no accelerator
    accelerator_multiplier: Decimal = ONE
    new_customer_bonus: Decimal = ZERO
    cap: Decimal | None = None


# ---- validation -------------------------------------------------------------------------------


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int | float | str):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def _parse_tiers(raw: Any, errors: list[FieldError]) -> tuple[Tier, ...]:
    if raw in (None, []):
        return ()
    if not isinstance(raw, list | tuple):
        errors.append(FieldError("tiers", "invalid", "tiers must be a list"))
        return ()
    tiers: list[Tier] = []
    for index, item in enumerate(raw):
        name = f"tiers[{index}]"
        if not isinstance(item, Mapping):
            errors.append(FieldError(name, "invalid", "a tier has from_pct, to_pct and rate"))
            continue
        start = _number(item.get("from_pct"))
        end_raw = item.get("to_pct")
        end = None if end_raw in (None, "") else _number(end_raw)
        rate = _number(item.get("rate"))
        if start is None:
            errors.append(FieldError(f"{name}.from_pct", "invalid", "must be a number"))
            continue
        if end_raw not in (None, "") and end is None:
            errors.append(FieldError(f"{name}.to_pct", "invalid", "must be a number or empty"))
            continue
        if rate is None:
            errors.append(FieldError(f"{name}.rate", "invalid", "must be a number"))
            continue
        if rate < 0:
            errors.append(FieldError(f"{name}.rate", "negative", "a rate must not be negative"))
        if start < 0:
            errors.append(FieldError(f"{name}.from_pct", "negative", "must not be negative"))
        if end is not None and end <= start:
            errors.append(FieldError(f"{name}.to_pct", "empty_band", "must be above from_pct"))
        tiers.append(Tier(start, end, rate))
    if errors:
        return tuple(tiers)
    tiers.sort(key=lambda t: t.from_pct)
    if tiers and tiers[0].from_pct != 0:
        errors.append(
            FieldError("tiers[0].from_pct", "not_from_zero", "the first tier starts at 0%")
        )
    for index, (lower, upper) in enumerate(itertools.pairwise(tiers), 1):
        if lower.to_pct is None or upper.from_pct < lower.to_pct:
            errors.append(
                FieldError(f"tiers[{index}].from_pct", "overlap", "tiers must not overlap")
            )
        elif upper.from_pct > lower.to_pct:
            errors.append(
                FieldError(
                    f"tiers[{index}].from_pct",
                    "gap",
                    f"must start where the previous tier ends ({lower.to_pct}%)",
                )
            )
    if tiers and tiers[-1].to_pct is not None:
        errors.append(
            FieldError(
                f"tiers[{len(tiers) - 1}].to_pct",
                "open_end",
                "the last tier has no upper limit, so every yuan has a rate",
            )
        )
    return tuple(tiers)


def _rules(plan: CommissionPlan) -> tuple[PlanRules, list[FieldError]]:
    errors: list[FieldError] = []
    base = plan.base_rate if plan.base_rate is not None else ZERO
    if base < 0:
        errors.append(FieldError("base_rate", "negative", "a rate must not be negative"))
    tiers = _parse_tiers(plan.tiers, errors)
    threshold = plan.accelerator_threshold
    if threshold is not None and threshold < 0:
        errors.append(FieldError("accelerator_threshold", "negative", "must not be negative"))
    multiplier = plan.accelerator_multiplier if plan.accelerator_multiplier is not None else ONE
    if multiplier < 1:
        errors.append(
            FieldError("accelerator_multiplier", "too_small", "an accelerator is at least 1×")
        )
    if plan.new_customer_bonus < 0:
        errors.append(FieldError("new_customer_bonus", "negative", "must not be negative"))
    if plan.cap is not None and plan.cap < 0:
        errors.append(FieldError("cap", "negative", "must not be negative"))
    rules = PlanRules(
        base_rate=base,
        tiers=tiers,
        accelerator_threshold=threshold,
        accelerator_multiplier=multiplier,
        new_customer_bonus=plan.new_customer_bonus,
        cap=plan.cap,
    )
    return rules, errors


def plan_errors(plan: CommissionPlan) -> list[FieldError]:
    """Everything wrong with a plan, one error per problem (empty: valid)."""
    return _rules(plan)[1]


def check_plan(plan: CommissionPlan) -> PlanRules:
    """The plan's rules; raises ValidationError (``errors`` keyed by field) for a bad plan."""
    rules, errors = _rules(plan)
    if errors:
        raise ValidationError(errors)
    return rules


# ---- statements -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class CommissionLine:
    """One line of a statement; the UI labels it by ``key`` and shows the numbers.

    ``key``: ``base``, ``tier``, ``accelerator``, ``new_customer_bonus`` or ``cap``.
    ``basis``: revenue (yuan) for base/tier/accelerator, the number of new
    customers for the bonus, the uncapped subtotal for the cap.
    ``rate``: percent for base/tier/accelerator, yuan per customer for the
    bonus, None for the cap. ``tier``: 1-based tier number with its band.
    """

    key: str
    basis: Decimal
    rate: Decimal | None
    amount: Decimal
    tier: int | None = None
    from_pct: Decimal | None = None
    to_pct: Decimal | None = None
    multiplier: Decimal | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Statement:
    """A rep's commission for one period: the inputs, every line, and the total."""

    revenue: Decimal
    quota: Decimal | None
    attainment_pct: Decimal | None
    new_customers: int
    lines: tuple[CommissionLine, ...]
    subtotal: Decimal  # before the cap
    total: Decimal  # sum of all lines, cap line included
    capped: bool
    warnings: tuple[str, ...] = ()
    plan_id: uuid.UUID | None = None


def _edge(quota: Decimal, pct: Decimal) -> Decimal:
    return round_fen(quota * pct / HUNDRED)


def _slice(revenue: Decimal, low: Decimal, high: Decimal | None) -> Decimal:
    top = revenue if high is None else min(revenue, high)
    return max(top - low, ZERO)


def _amount(basis: Decimal, rate_pct: Decimal) -> Decimal:
    return round_fen(basis * rate_pct / HUNDRED)


def compute_statement(
    rules: PlanRules,
    revenue: Decimal,
    quota: Decimal | None,
    new_customers: int = 0,
    *,
    plan_id: uuid.UUID | None = None,
) -> Statement:
    """The statement for ``revenue`` against ``quota`` (rules in the module docstring)."""
    if revenue < 0 or new_customers < 0:
        raise ValueError("revenue and new customers must not be negative")
    lines: list[CommissionLine] = []
    warnings: list[str] = []
    if revenue > 0 and rules.base_rate > 0:
        lines.append(
            CommissionLine("base", revenue, rules.base_rate, _amount(revenue, rules.base_rate))
        )
    has_quota = quota is not None and quota > 0
    accelerating = rules.accelerator_threshold is not None and rules.accelerator_multiplier > 1
    if not has_quota and (rules.tiers or accelerating):
        warnings.append("no_quota")
    if has_quota and quota is not None:
        bands = [
            (
                number,
                tier,
                _edge(quota, tier.from_pct),
                None if tier.to_pct is None else _edge(quota, tier.to_pct),
            )
            for number, tier in enumerate(rules.tiers, 1)
        ]
        for number, tier, low, high in bands:
            basis = _slice(revenue, low, high)
            if basis > 0:
                lines.append(
                    CommissionLine(
                        "tier",
                        basis,
                        tier.rate,
                        _amount(basis, tier.rate),
                        tier=number,
                        from_pct=tier.from_pct,
                        to_pct=tier.to_pct,
                    )
                )
        if accelerating and rules.accelerator_threshold is not None:
            threshold = _edge(quota, rules.accelerator_threshold)
            extra = rules.accelerator_multiplier - 1
            segments: list[tuple[int | None, Decimal, Decimal | None, Decimal]]
            if bands:
                segments = [
                    (
                        number,
                        max(low, threshold),
                        None if high is None else max(high, threshold),
                        tier.rate,
                    )
                    for number, tier, low, high in bands
                ]
            else:
                segments = [(None, threshold, None, ZERO)]
            for band, low, high, tier_rate in segments:
                basis = _slice(revenue, low, high)
                rate = (rules.base_rate + tier_rate) * extra
                if basis > 0 and rate > 0:
                    lines.append(
                        CommissionLine(
                            "accelerator",
                            basis,
                            rate,
                            _amount(basis, rate),
                            tier=band,
                            from_pct=rules.accelerator_threshold,
                            multiplier=rules.accelerator_multiplier,
                        )
                    )
    if new_customers > 0 and rules.new_customer_bonus > 0:
        bonus = rules.new_customer_bonus
        lines.append(
            CommissionLine(
                "new_customer_bonus",
                Decimal(new_customers),
                bonus,
                round_fen(bonus * new_customers),
            )
        )
    subtotal = sum((line.amount for line in lines), Decimal("0.00"))
    capped = rules.cap is not None and subtotal > rules.cap
    if capped and rules.cap is not None:
        lines.append(CommissionLine("cap", subtotal, None, round_fen(rules.cap) - subtotal))
    total = sum((line.amount for line in lines), Decimal("0.00"))
    return Statement(
        revenue=revenue,
        quota=quota,
        attainment_pct=percent(revenue, quota) if has_quota and quota is not None else None,
        new_customers=new_customers,
        lines=tuple(lines),
        subtotal=subtotal,
        total=total,
        capped=capped,
        warnings=tuple(warnings),
        plan_id=plan_id,
    )


def rep_statement(
    plan: CommissionPlan,
    user_id: uuid.UUID,
    period: Period,
    tz: dt.tzinfo,
    *,
    deals: Iterable[Deal],
    customers: Iterable[Customer] = (),
    quota: Decimal | None = None,
) -> Statement:
    """A rep's statement from records: won revenue and new customers as in ``kpis``."""
    rules = check_plan(plan)
    revenue = revenue_by_rep(deals, period, [user_id])[user_id]
    new = new_customers_by_rep(customers, period, tz, [user_id])[user_id]
    return compute_statement(rules, revenue, quota, new, plan_id=plan.id)


@dataclasses.dataclass(frozen=True, slots=True)
class WhatIf:
    """The statement now, the statement with the extra deal, and what the deal adds."""

    before: Statement
    after: Statement
    difference: Decimal


def what_if(
    rules: PlanRules,
    revenue: Decimal,
    quota: Decimal | None,
    new_customers: int,
    extra_amount: Decimal,
    *,
    extra_new_customers: int = 0,
) -> WhatIf:
    """ "If I win this deal…": the statement with ``extra_amount`` more revenue won
    (and ``extra_new_customers`` if the deal brings a new customer)."""
    if extra_amount < 0 or extra_new_customers < 0:
        raise ValueError("a what-if adds a deal; amounts must not be negative")
    before = compute_statement(rules, revenue, quota, new_customers)
    after = compute_statement(
        rules, revenue + extra_amount, quota, new_customers + extra_new_customers
    )
    return WhatIf(before, after, after.total - before.total)


# ---- which plan applies -----------------------------------------------------------------------


def assignment_for(
    user_id: uuid.UUID, period: Period, assignments: Iterable[CommissionAssignment]
) -> CommissionAssignment | None:
    """The rep's assignment for ``period``: of those overlapping it, the one that started last."""
    candidates: list[CommissionAssignment] = []
    for item in assignments:
        if item.deleted or item.user_id != user_id or item.plan_id is None:
            continue
        starts = item.effective_from or dt.date.min
        ends = item.effective_to or dt.date.max
        if starts <= period.end and ends >= period.start and starts <= ends:
            candidates.append(item)
    if not candidates:
        return None
    return max(
        candidates,
        key=lambda a: (a.effective_from or dt.date.min, a.created_at, str(a.id)),
    )


def plan_for(
    user_id: uuid.UUID,
    period: Period,
    assignments: Iterable[CommissionAssignment],
    plans: Sequence[CommissionPlan] | Mapping[uuid.UUID, CommissionPlan],
) -> CommissionPlan | None:
    """The plan that applies to the rep for the period, or None."""
    chosen = assignment_for(user_id, period, assignments)
    if chosen is None:
        return None
    by_id = plans if isinstance(plans, Mapping) else {p.id: p for p in plans}
    plan = by_id.get(chosen.plan_id) if chosen.plan_id is not None else None
    return plan if plan is not None and not plan.deleted else None
