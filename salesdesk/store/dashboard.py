"""The manager's dashboard figures for a period, from the team's local rows.

* revenue trend: won revenue per month for the twelve months ending with the period;
* funnel: the deals opened in the period, how many reached each stage and the conversion
  to the next (``store.deals.funnel_figures`` — ``pipeline.funnel`` / ``conversion_rates``);
* activity per rep: visits made and tasks completed in the period (``domain.kpis``);
* target attainment per rep: revenue against each rep's revenue target (``store.figures``).
"""

from __future__ import annotations

import dataclasses
import uuid
from decimal import Decimal

import sqlalchemy as sa

from salesdesk.domain.entities import Task
from salesdesk.domain.kpis import revenue_by_rep, tasks_done_by_rep, visits_by_rep
from salesdesk.domain.periods import Period, PeriodKind
from salesdesk.store import deals, figures
from salesdesk.store import figure_rules as rules
from salesdesk.store.reports import local_zone
from salesdesk.store.store import Store
from salesdesk.store.tables import ENTITY_TABLES

__all__ = ["Activity", "Attainment", "DashboardFigures", "dashboard_figures", "trend_months"]


@dataclasses.dataclass(frozen=True, slots=True)
class Activity:
    user_id: uuid.UUID
    name: str
    visits: int
    tasks_done: int


@dataclasses.dataclass(frozen=True, slots=True)
class Attainment:
    user_id: uuid.UUID
    name: str
    revenue: Decimal
    target: Decimal | None
    attainment_pct: Decimal | None


@dataclasses.dataclass(frozen=True)
class DashboardFigures:
    period: Period
    trend: list[tuple[Period, Decimal]]
    funnel: deals.FunnelFigures
    activity: list[Activity]
    attainment: list[Attainment]


def trend_months(period: Period) -> list[Period]:
    """The twelve months ending with the period's last month."""
    last = Period.containing(PeriodKind.MONTH, period.end)
    return [last.shift(-n) for n in range(11, -1, -1)]


def dashboard_figures(store: Store, period: Period) -> DashboardFigures:
    tz = local_zone()
    people = figures.team_people(store)
    ids = [p.user_id for p in people]
    months = trend_months(period)
    with store.engine.connect() as connection:
        data = rules.load_kpi_data(connection, ENTITY_TABLES, ids, months, tz, ["revenue"])
        visits = rules.load_kpi_data(connection, ENTITY_TABLES, ids, [period], tz, ["visits"])
        start, end = period.utc_bounds(tz)
        table = ENTITY_TABLES["task"]
        task_rows = connection.execute(
            sa.select(
                table.c.id, table.c.created_at, table.c.assignee_id, table.c.completed_at
            ).where(
                table.c.deleted.is_(False),
                table.c.status == "done",
                table.c.completed_at >= start,
                table.c.completed_at < end,
                table.c.assignee_id.in_(ids),
            )
        ).all()
    tasks = [
        Task(
            id=r.id,
            created_at=r.created_at,
            updated_at=r.created_at,
            assignee_id=r.assignee_id,
            completed_at=r.completed_at,
            status="done",
        )
        for r in task_rows
    ]
    trend = [
        (month, sum(revenue_by_rep(data.deals, month).values(), Decimal("0.00")))
        for month in months
    ]
    made = visits_by_rep(visits.visits, period, tz, ids)
    done = tasks_done_by_rep(tasks, period, tz, ids)
    standings = figures.standings(store, "revenue", period)
    listed = {row.user_id for row in standings.rows}
    activity = [
        Activity(p.user_id, p.name, made.get(p.user_id, 0), done.get(p.user_id, 0))
        for p in people
        if p.user_id in listed or made.get(p.user_id) or done.get(p.user_id)
    ]
    attainment = [
        Attainment(
            row.user_id,
            row.name,
            Decimal(row.value or 0),
            row.target,
            row.attainment_pct,
        )
        for row in standings.rows
    ]
    since, _ = period.utc_bounds(tz)
    funnel = deals.funnel_figures(store, deals.DealFilter(), since=since)
    return DashboardFigures(period, trend, funnel, activity, attainment)
