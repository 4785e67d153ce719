"""Team figures: which people, periods, records and targets a team's standings are made of.

Shared by the server's figure job (``sync.server.figures``, which writes
``team_figure`` rows every client of the team pulls) and the desktop's local
leaderboard (``store.figures``, for managers and local profiles), so both give
the same numbers from the same records. Plain SQLAlchemy Core over tables with
the entity columns (the server's and the local store's have the same names);
no ``Store``, no Qt. The KPI arithmetic itself is ``domain.kpis`` and the
ranking ``domain.leaderboard``.

Rules decided here (the issue leaves them open):

* **Periods kept up to date**: the current and the previous month, quarter and
  year in the team's time zone (:func:`figure_periods`) — six periods.
* **Who is listed**: the team's active reps, plus anyone else of the team
  (a manager who sells, a rep disabled mid-month) whose value is not zero
  (:func:`is_listed`). Every member has a figure (the server writes them all
  when a person joins, so later pushes only update rows); only listed ones
  are ranked and shown. The team total covers everyone of the team, so listed
  values add up to it (retention rate: the pooled rate of all the team's
  customers).
* **Whose records**: deals by ``owner_id``, visits by ``rep_id``, customers by
  ``owner_id`` — of the people in the team now (a rep who moved team takes
  their figures along).
* **Targets**: a person's target is their own ``Target`` row for the KPI and
  period (the most recently changed if several); the team's is the team row
  (no user), else the sum of the members' targets for additive KPIs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.entities import KPIS, Customer, Deal, Target, Visit
from salesdesk.domain.kpis import (
    FEN,
    Kpi,
    KpiData,
    KpiValue,
    is_additive,
    kpi_by_rep,
    kpi_unit,
    team_kpi,
)
from salesdesk.domain.leaderboard import rank_values
from salesdesk.domain.periods import Period, PeriodKind

__all__ = [
    "FIGURE_KPIS",
    "FigureLine",
    "Person",
    "figure_periods",
    "figure_value",
    "is_listed",
    "kpi_families",
    "load_kpi_data",
    "target_values",
    "team_figures",
    "window",
]

FIGURE_KPIS: tuple[str, ...] = KPIS
"""Every KPI has figures (revenue, new customers, visits, deals won, retention rate)."""

# Which KPIs a change to an entity can move (so a push recomputes only those).
_FAMILIES: dict[str, frozenset[str]] = {
    "deal": frozenset({"revenue", "deals_won"}),
    "visit": frozenset({"visits"}),
    "customer": frozenset({"new_customers", "retention_rate"}),
}


def kpi_families(entity: str) -> frozenset[str]:
    """The KPIs a change to a row of ``entity`` can change (targets: see the target's KPI)."""
    return _FAMILIES.get(entity, frozenset())


def figure_periods(today: dt.date) -> list[Period]:
    """The current and previous month, quarter and year containing local date ``today``."""
    found: list[Period] = []
    for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR):
        current = Period.containing(kind, today)
        found += [current, current.previous()]
    return found


def window(periods: Iterable[Period]) -> tuple[dt.date, dt.date]:
    """``[first day, day after the last)`` covering all ``periods``."""
    items = list(periods)
    return min(p.start for p in items), max(p.end_exclusive for p in items)


@dataclasses.dataclass(frozen=True, slots=True)
class Person:
    """A member of the team as the figures see them."""

    user_id: uuid.UUID
    name: str
    role: str
    active: bool = True


@dataclasses.dataclass(frozen=True, slots=True)
class FigureLine:
    """One person's figure (``user_id`` None: the team total) for a KPI and period."""

    user_id: uuid.UUID | None
    kpi: str
    period: str
    value: Decimal | None
    target: Decimal | None
    rank: int | None
    listed: bool = True


def is_listed(person: Person, value: KpiValue | Decimal | None) -> bool:
    """Whether a member appears on the leaderboard: an active rep, or anyone with a value."""
    return (person.active and person.role == "rep") or value not in (None, 0)


def figure_value(value: KpiValue | None) -> Decimal | None:
    """A KPI value as stored in ``team_figure.value`` (two decimals; None stays None)."""
    return None if value is None else Decimal(value).quantize(FEN)


# ---- reading the records ----------------------------------------------------------------------


def load_kpi_data(
    connection: sa.Connection,
    tables: Mapping[str, sa.Table],
    people: Collection[uuid.UUID],
    periods: Sequence[Period],
    tz: dt.tzinfo,
    kpis: Collection[str] = FIGURE_KPIS,
) -> KpiData:
    """The records the ``kpis`` of ``people`` for ``periods`` are computed from.

    Only the columns the KPI rules read, and only rows that can count: won deals
    closed in the window, done visits checked in during it, and customers that
    are new in it or can be in a retention base.
    """
    if not people or not periods:
        return KpiData()
    first, after = window(periods)
    start = dt.datetime.combine(first, dt.time(), tzinfo=tz).astimezone(dt.UTC)
    end = dt.datetime.combine(after, dt.time(), tzinfo=tz).astimezone(dt.UTC)
    owners = list(people)
    wanted = set(kpis)
    deals: list[Deal] = []
    visits: list[Visit] = []
    customers: list[Customer] = []
    if wanted & {"revenue", "deals_won"}:
        table = tables["deal"]
        rows = connection.execute(
            sa.select(
                table.c.id,
                table.c.created_at,
                table.c.owner_id,
                table.c.amount,
                table.c.closed_on,
            ).where(
                table.c.deleted.is_(False),
                table.c.status == "won",
                table.c.owner_id.in_(owners),
                table.c.closed_on >= first,
                table.c.closed_on < after,
            )
        )
        deals = [
            Deal(
                id=row.id,
                created_at=row.created_at,
                updated_at=row.created_at,
                owner_id=row.owner_id,
                amount=row.amount,
                closed_on=row.closed_on,
                status="won",
            )
            for row in rows
        ]
    if "visits" in wanted:
        table = tables["visit"]
        rows = connection.execute(
            sa.select(table.c.id, table.c.created_at, table.c.rep_id, table.c.checked_in_at).where(
                table.c.deleted.is_(False),
                table.c.status == "done",
                table.c.rep_id.in_(owners),
                table.c.checked_in_at >= start,
                table.c.checked_in_at < end,
            )
        )
        visits = [
            Visit(
                id=row.id,
                created_at=row.created_at,
                updated_at=row.created_at,
                rep_id=row.rep_id,
                checked_in_at=row.checked_in_at,
                status="done",
            )
            for row in rows
        ]
    if wanted & {"new_customers", "retention_rate"}:
        table = tables["customer"]
        can_count: list[sa.ColumnElement[bool]] = []
        if "new_customers" in wanted:
            can_count.append(sa.and_(table.c.created_at >= start, table.c.created_at < end))
        if "retention_rate" in wanted:
            can_count.append(sa.and_(table.c.status != "prospect", table.c.created_at < end))
        rows = connection.execute(
            sa.select(
                table.c.id,
                table.c.created_at,
                table.c.updated_at,
                table.c.owner_id,
                table.c.status,
                table.c.churned_on,
            ).where(table.c.deleted.is_(False), table.c.owner_id.in_(owners), sa.or_(*can_count))
        )
        customers = [
            Customer(
                id=row.id,
                created_at=row.created_at,
                updated_at=row.updated_at,
                owner_id=row.owner_id,
                status=row.status,
                churned_on=row.churned_on,
            )
            for row in rows
        ]
    churned = {c.id: c.churned_on for c in customers if c.churned_on is not None}
    return KpiData.of(customers=customers, deals=deals, visits=visits, churned_on=churned)


# ---- targets ----------------------------------------------------------------------------------


def target_values(
    targets: Iterable[Target], kpi: str, period: str, members: Collection[uuid.UUID]
) -> tuple[dict[uuid.UUID, Decimal], Decimal | None]:
    """Each member's target and the team's for one KPI and period (rules in the docstring)."""
    chosen: dict[uuid.UUID | None, Target] = {}
    for target in targets:
        if target.deleted or target.kpi != kpi or target.period != period:
            continue
        key = target.user_id
        if key is not None and key not in members:
            continue
        held = chosen.get(key)
        if held is None or (target.updated_at, str(target.id)) > (held.updated_at, str(held.id)):
            chosen[key] = target
    per_user = {
        key: target.value
        for key, target in chosen.items()
        if key is not None and target.value is not None
    }
    team_row = chosen.get(None)
    team: Decimal | None = team_row.value if team_row is not None else None
    if team is None and per_user and is_additive(kpi):
        team = sum(per_user.values(), Decimal("0.00"))
    return per_user, team


# ---- the figures ------------------------------------------------------------------------------


def team_figures(
    kpi: str,
    data: KpiData,
    period: Period,
    tz: dt.tzinfo,
    people: Sequence[Person],
    targets: Iterable[Target] = (),
) -> list[FigureLine]:
    """Every member's figure (the listed ones ranked) and the team total, for a KPI and period.

    Lines come listed members first, in rank order, then the others, then the total.
    """
    everyone = {p.user_id for p in people}
    values: dict[uuid.UUID, Any] = kpi_by_rep(kpi, data, period, tz, everyone)
    listed = {p.user_id for p in people if is_listed(p, values.get(p.user_id))}
    names = {p.user_id: p.name for p in people}
    standings = rank_values(
        {rep: values.get(rep) for rep in listed}, names=names, unit=kpi_unit(Kpi(kpi))
    )
    per_user, team_target = target_values(targets, kpi, period.code, everyone)
    lines = [
        FigureLine(
            user_id=s.user_id,
            kpi=kpi,
            period=period.code,
            value=figure_value(s.value),
            target=per_user.get(s.user_id),
            rank=s.rank,
        )
        for s in standings
    ]
    lines += [
        FigureLine(
            user_id=p.user_id,
            kpi=kpi,
            period=period.code,
            value=figure_value(values.get(p.user_id)),
            target=per_user.get(p.user_id),
            rank=None,
            listed=False,
        )
        for p in sorted(people, key=lambda p: (p.name, str(p.user_id)))
        if p.user_id not in listed
    ]
    total = team_kpi(kpi, data, period, tz, everyone)
    lines.append(FigureLine(None, kpi, period.code, figure_value(total), team_target, None))
    return lines
