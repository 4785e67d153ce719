"""Leaderboard (排行榜) and team-goal progress: structured data the UI formats and translates.

Ranking (:func:`rank_values`, :func:`leaderboard`)
    Higher is better for every KPI. Standard competition ranking: equal
    values share a rank and the next rank skips (1, 2, 2, 4). Tied reps are
    listed by display name (case-folded, Unicode code point order — the same
    on every machine, unlike locale collation), then by user id. A rep
    without a value (a retention rate with no base customers) is unranked
    and listed last.

    Each ranked rep below #1 gets the *rep above*: the nearest better value
    and its rank (with a tie at #2, the rep at #4 looks at #2). ``gap`` is
    that value minus the rep's own; ``to_overtake`` is the gap plus one unit
    of the KPI (¥0.01, 1 visit …): matching the value only ties. The UI
    turns ``to_overtake=12300, overtake_rank=3`` into "¥12,300 to overtake #3"
    / "再多 ¥12,300 即可超越第 3 名" — no user-visible text is built here.

Provisional values (待同步)
    Work a rep has not synced yet is shown but marked. Pass the ids of the
    unsynced records (:func:`unsynced_ids`: ``rev == 0``, plus any the store
    knows to have pending edits); :func:`provisional_parts` computes each
    rep's share of the KPI from those records alone, and a standing is
    ``provisional`` when that part is not zero. For the retention rate, which
    does not add up, the part is None and only the flag is set.

Team goal (:func:`team_goal`)
    Total against the goal, and for each member the **share** of the team
    total in percent with one decimal. Shares are rounded with the largest
    remainder method on tenths of a percent, so displayed shares always sum
    to exactly 100.0 (0.0 for every member when the total is 0). Each member's
    ``goal_pct`` (value / goal, one decimal, half up) is also given; those do
    not necessarily sum to the team attainment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal

from salesdesk.domain.kpis import (
    Kpi,
    KpiData,
    KpiValue,
    is_additive,
    kpi_by_rep,
    kpi_unit,
    percent,
)
from salesdesk.domain.periods import Period
from salesdesk.domain.schema import Record
from salesdesk.domain.targets import allocate

__all__ = [
    "Contribution",
    "Standing",
    "TeamGoalProgress",
    "contribution_shares",
    "leaderboard",
    "provisional_parts",
    "rank_values",
    "team_goal",
    "unsynced_ids",
]

TENTH = Decimal("0.1")


@dataclasses.dataclass(frozen=True, slots=True)
class Standing:
    """One rep's line on the leaderboard."""

    user_id: uuid.UUID
    value: KpiValue | None
    rank: int | None  # None: no value, unranked
    tied: bool = False
    overtake_rank: int | None = None  # rank of the rep above (None for #1)
    gap: KpiValue | None = None  # their value − this value
    to_overtake: KpiValue | None = None  # gap + one unit
    provisional: bool = False
    provisional_part: KpiValue | None = None


def _name_key(user_id: uuid.UUID, names: Mapping[uuid.UUID, str] | None) -> tuple[str, str]:
    name = names.get(user_id, "") if names else ""
    return (name.casefold(), str(user_id))


def rank_values(
    values: Mapping[uuid.UUID, KpiValue | None],
    *,
    names: Mapping[uuid.UUID, str] | None = None,
    unit: Decimal | int = 1,
    provisional: Mapping[uuid.UUID, KpiValue | None] | None = None,
) -> list[Standing]:
    """Rank reps by value (rules in the module docstring); ``unit`` is the KPI's smallest step."""
    provisional = provisional or {}
    ranked = sorted(
        ((rep, value) for rep, value in values.items() if value is not None),
        key=lambda item: (-Decimal(item[1]), *_name_key(item[0], names)),
    )
    unranked = sorted(
        (rep for rep, value in values.items() if value is None),
        key=lambda rep: _name_key(rep, names),
    )
    counts: dict[Decimal, int] = {}
    for _, value in ranked:
        counts[Decimal(value)] = counts.get(Decimal(value), 0) + 1
    standings: list[Standing] = []
    rank = 0
    previous: Decimal | None = None
    above: tuple[int, KpiValue] | None = None  # (rank, value) of the last distinct better value
    current: tuple[int, KpiValue] | None = None
    for position, (rep, value) in enumerate(ranked, 1):
        if previous is None or Decimal(value) != previous:
            above = current
            rank = position
            current = (rank, value)
            previous = Decimal(value)
        gap = above[1] - value if above is not None else None
        part = provisional.get(rep)
        standings.append(
            Standing(
                user_id=rep,
                value=value,
                rank=rank,
                tied=counts[Decimal(value)] > 1,
                overtake_rank=above[0] if above is not None else None,
                gap=gap,
                to_overtake=gap + unit if gap is not None else None,
                provisional=rep in provisional and part != 0,
                provisional_part=part,
            )
        )
    for rep in unranked:
        part = provisional.get(rep)
        standings.append(
            Standing(
                user_id=rep,
                value=None,
                rank=None,
                provisional=rep in provisional and part != 0,
                provisional_part=part,
            )
        )
    return standings


def unsynced_ids(*groups: Iterable[Record]) -> set[uuid.UUID]:
    """Ids of records that never reached the server (``rev == 0``)."""
    return {record.id for group in groups for record in group if record.rev == 0}


def provisional_parts(
    kpi: Kpi | str,
    data: KpiData,
    period: Period,
    tz: dt.tzinfo,
    provisional_ids: Collection[uuid.UUID],
    members: Collection[uuid.UUID] | None = None,
) -> dict[uuid.UUID, KpiValue | None]:
    """Each rep's part of the KPI that comes from not-yet-synced records.

    Additive KPIs: the KPI computed over those records only (reps with no
    such part are left out). Retention rate: None for every rep owning an
    unsynced customer.
    """
    if not provisional_ids:
        return {}
    subset = data.only(provisional_ids)
    if not is_additive(kpi):
        owners = {c.owner_id for c in subset.customers if not c.deleted and c.owner_id}
        return {rep: None for rep in owners if members is None or rep in members}
    parts = kpi_by_rep(kpi, subset, period, tz, members)
    return {rep: part for rep, part in parts.items() if part}


def leaderboard(
    kpi: Kpi | str,
    data: KpiData,
    period: Period,
    tz: dt.tzinfo,
    members: Collection[uuid.UUID],
    *,
    names: Mapping[uuid.UUID, str] | None = None,
    provisional_ids: Collection[uuid.UUID] = (),
) -> list[Standing]:
    """The team's standings for one KPI and period, every member listed."""
    values = kpi_by_rep(kpi, data, period, tz, members)
    parts = provisional_parts(kpi, data, period, tz, provisional_ids, members)
    return rank_values(values, names=names, unit=kpi_unit(kpi), provisional=parts)


# ---- team goal --------------------------------------------------------------------------------


def contribution_shares(values: Mapping[uuid.UUID, KpiValue]) -> dict[uuid.UUID, Decimal]:
    """Each value's share of the total in percent with one decimal, summing to exactly 100.0.

    Largest remainder on tenths of a percent (ties: larger value, then smaller id).
    All zero: every share is 0.0. Negative values are refused.
    """
    if any(Decimal(v) < 0 for v in values.values()):
        raise ValueError("contributions must not be negative")
    reps = list(values)
    if not reps or sum(Decimal(v) for v in values.values()) == 0:
        return {rep: Decimal("0.0") for rep in reps}
    tenths = allocate(1000, [Decimal(values[rep]) for rep in reps], [str(rep) for rep in reps])
    return {rep: Decimal(part) * TENTH for rep, part in zip(reps, tenths, strict=True)}


@dataclasses.dataclass(frozen=True, slots=True)
class Contribution:
    """One member's part in the team goal."""

    user_id: uuid.UUID
    value: KpiValue
    share_pct: Decimal  # of the team total, one decimal; all members sum to 100.0
    goal_pct: Decimal | None  # of the goal, one decimal; None for a zero goal
    provisional: bool = False


@dataclasses.dataclass(frozen=True, slots=True)
class TeamGoalProgress:
    """The team's total against its goal, and each member's contribution (largest first)."""

    goal: Decimal
    total: KpiValue
    attainment_pct: Decimal | None  # total / goal, two decimals; None for a zero goal
    remaining: KpiValue  # goal − total, not below 0
    provisional_total: KpiValue  # the part of ``total`` not yet synced
    members: tuple[Contribution, ...]


def team_goal(
    goal: Decimal | int,
    contributions: Mapping[uuid.UUID, KpiValue],
    *,
    names: Mapping[uuid.UUID, str] | None = None,
    provisional: Mapping[uuid.UUID, KpiValue | None] | None = None,
) -> TeamGoalProgress:
    """Team-goal progress from each member's value of an additive KPI."""
    goal = Decimal(goal)
    provisional = provisional or {}
    shares = contribution_shares(contributions)
    total: KpiValue = sum(contributions.values(), 0)
    members = tuple(
        Contribution(
            user_id=rep,
            value=value,
            share_pct=shares[rep],
            goal_pct=percent(value, goal, places=1),
            provisional=bool(provisional.get(rep)),
        )
        for rep, value in sorted(
            contributions.items(), key=lambda item: (-Decimal(item[1]), *_name_key(item[0], names))
        )
    )
    provisional_total: KpiValue = sum((p for p in provisional.values() if p is not None), 0)
    return TeamGoalProgress(
        goal=goal,
        total=total,
        attainment_pct=percent(total, goal),
        remaining=max(goal - total, Decimal(0)),
        provisional_total=provisional_total,
        members=members,
    )
