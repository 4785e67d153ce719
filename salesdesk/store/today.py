"""What the Today screen shows, read in one go: today's route, tasks due, deals that need
action and where today's daily report stands.

The rules come from the domain: the route order is the visits' ``route_order``
(``store.visits``), deals that need action are ``pipeline.deal_alerts``, and the
daily report's state is ``reports.report_states`` with the team's daily
template. Everything is the signed-in user's own; a manager also sees how many
of the team's reps have reported today.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from enum import StrEnum

import sqlalchemy as sa

from salesdesk.domain.entities import (
    Customer,
    Deal,
    PipelineStage,
    Report,
    ReportTemplate,
    Task,
    User,
)
from salesdesk.domain.periods import Period, local_date, utc_instant
from salesdesk.domain.pipeline import DealAlert, deal_alerts, ladder
from salesdesk.domain.reports import ReportState, ReportStatus, report_period, report_states
from salesdesk.store.store import Store
from salesdesk.store.tables import OutboxEntry
from salesdesk.store.visits import VisitItem, visit_items

__all__ = [
    "DEAL_LIMIT",
    "ENTITIES",
    "TASK_LIMIT",
    "DailyReport",
    "DealItem",
    "ReportProgress",
    "TaskItem",
    "TeamReports",
    "TodayOverview",
    "today_overview",
]

DEAL_LIMIT = 30
"""At most this many deals are listed (the most urgent); the total is given too."""
TASK_LIMIT = 50
"""At most this many tasks due are read (the earliest due); the totals are counted."""


@dataclasses.dataclass(frozen=True)
class TaskItem:
    task: Task
    customer_name: str
    overdue: bool  # its due time has passed


@dataclasses.dataclass(frozen=True)
class DealItem:
    deal: Deal
    alert: DealAlert
    customer_name: str
    stage_name: str


class ReportProgress(StrEnum):
    """Today's daily report as the rep sees it."""

    NOT_WRITTEN = "not_written"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    LATE = "late"  # submitted after the deadline
    NOT_DUE = "not_due"  # a weekend day with nothing written: no daily report expected


@dataclasses.dataclass(frozen=True)
class TeamReports:
    """For managers: how many of the team's reps have submitted today's daily report."""

    submitted: int
    reps: int
    missing: list[str]  # names of reps whose deadline passed with nothing submitted


@dataclasses.dataclass(frozen=True)
class DailyReport:
    template: ReportTemplate | None  # None: the team has no active daily template
    period: Period
    state: ReportState | None
    progress: ReportProgress
    overdue: bool  # the deadline has passed and nothing is submitted
    team: TeamReports | None = None


@dataclasses.dataclass(frozen=True)
class TodayOverview:
    day: dt.date
    now: dt.datetime
    visits: list[VisitItem]
    tasks: list[TaskItem]  # the first TASK_LIMIT due, earliest first
    task_total: int  # tasks due by the end of today
    overdue_total: int  # of which their due time has passed
    deals: list[DealItem]
    deal_total: int
    report: DailyReport


def _tasks(
    store: Store, user_id: uuid.UUID, now: dt.datetime, until: dt.datetime
) -> tuple[list[TaskItem], int, int]:
    """The first TASK_LIMIT tasks due before ``until`` (overdue first), how many are due in
    all and how many of them are overdue."""
    table = store.table(Task)
    due = (
        table.c.assignee_id == user_id,
        table.c.status == "open",
        table.c.due_at.is_not(None),
        table.c.due_at < until,
    )
    tasks = store.select(Task, *due, order_by=[table.c.due_at, table.c.id], limit=TASK_LIMIT)
    total, overdue = len(tasks), sum(1 for t in tasks if t.due_at is not None and t.due_at < now)
    if total == TASK_LIMIT:  # there may be more: count them in the database
        total = store.count(Task, *due)
        overdue = store.count(Task, *due, table.c.due_at < now)
    customers = store.get_many(Customer, {t.customer_id for t in tasks if t.customer_id})
    items = []
    for task in tasks:
        customer = customers.get(task.customer_id) if task.customer_id else None
        assert task.due_at is not None
        items.append(TaskItem(task, customer.name if customer else "", overdue=task.due_at < now))
    return items, total, overdue


def _deals(
    store: Store, user_id: uuid.UUID, now: dt.datetime, tz: dt.tzinfo
) -> tuple[list[DealItem], int]:
    """The DEAL_LIMIT most urgent deals that need action, and how many need it in all.

    The database finds exactly the deals ``pipeline.deal_alerts`` would flag (stuck: entered
    their stage before the local day ``stuck_days`` ago, in a stage a deal moves on from; or
    open past the expected close date) and counts them; only the longest-waiting ones are
    read, so a pipeline of any size costs a few small queries.
    """
    table = store.table(Deal)
    stages = [s for s in store.select(PipelineStage) if not s.deleted]
    climb = ladder(stages)
    last = climb[-1].id if climb else None
    today = now.astimezone(tz).date()
    midnight = dt.time(0, 0)
    since = sa.func.coalesce(table.c.stage_changed_at, table.c.created_at)
    stuck = [
        sa.and_(
            table.c.stage_id == stage.id,
            since < utc_instant(today - dt.timedelta(days=stage.stuck_days), midnight, tz),
        )
        for stage in stages
        if stage.outcome != "lost" and stage.id != last
    ]
    where = (
        table.c.owner_id == user_id,
        table.c.status != "lost",
        sa.or_(sa.and_(table.c.status == "open", table.c.expected_close < today), *stuck),
    )
    total = store.count(Deal, *where)
    bound: tuple[sa.ColumnElement[bool], ...] = ()
    if total > DEAL_LIMIT:
        # Alerts sort by days in stage: read the deals that entered their stage no later
        # than the local day of the DEAL_LIMIT-th longest waiting one (ties included).
        with store.engine.connect() as connection:
            nth = connection.execute(
                sa.select(since)
                .where(*where, table.c.deleted.is_(False))
                .order_by(since, table.c.id)
                .offset(DEAL_LIMIT - 1)
                .limit(1)
            ).scalar_one()
        day = local_date(nth, tz)
        if day < today:  # later days all count as 0 days in the stage: no bound then
            bound = (since < utc_instant(day + dt.timedelta(days=1), midnight, tz),)
    deals = store.select(Deal, *where, *bound)
    alerts = deal_alerts(deals, stages, now=now, tz=tz)
    by_id = {deal.id: deal for deal in deals}
    stage_names = {stage.id: stage.name for stage in stages}
    shown = alerts[:DEAL_LIMIT]
    customer_ids = {by_id[a.deal_id].customer_id for a in shown}
    customers = store.get_many(Customer, {c for c in customer_ids if c is not None})
    items = []
    for alert in shown:
        deal = by_id[alert.deal_id]
        customer = customers.get(deal.customer_id) if deal.customer_id else None
        items.append(
            DealItem(
                deal=deal,
                alert=alert,
                customer_name=customer.name if customer else "",
                stage_name=stage_names.get(deal.stage_id, "") if deal.stage_id else "",
            )
        )
    return items, total


def _daily_template(store: Store) -> ReportTemplate | None:
    table = store.table(ReportTemplate)
    where = [table.c.kind == "daily", table.c.active.is_(True)]
    team = store.profile.team_id
    if team is not None:
        where.append(table.c.team_id == team)
    found = store.select(ReportTemplate, *where, order_by=[table.c.created_at, table.c.id], limit=1)
    return found[0] if found else None


def _unsynced_reports(store: Store, reports: list[Report]) -> set[uuid.UUID]:
    """Which of ``reports`` have changes not yet sent (looked up by row: the outbox is large
    until a first sync)."""
    ids = [report.id for report in reports]
    if not ids:
        return set()
    with store.engine.connect() as connection:
        return set(
            connection.execute(
                sa.select(OutboxEntry.row_id)
                .where(OutboxEntry.entity == "report", OutboxEntry.row_id.in_(ids))
                .distinct()
            ).scalars()
        )


def _progress(state: ReportState, working_day: bool) -> tuple[ReportProgress, bool]:
    if state.status == ReportStatus.ON_TIME:
        return ReportProgress.SUBMITTED, False
    if state.status == ReportStatus.LATE:
        return ReportProgress.LATE, False
    if state.has_draft:
        return ReportProgress.DRAFT, working_day and state.status == ReportStatus.MISSING
    if not working_day:
        return ReportProgress.NOT_DUE, False
    return ReportProgress.NOT_WRITTEN, state.status == ReportStatus.MISSING


def _daily_report(store: Store, day: dt.date, now: dt.datetime, tz: dt.tzinfo) -> DailyReport:
    profile = store.profile
    period = report_period("daily", day)
    working_day = day.isoweekday() <= 5
    template = _daily_template(store)
    if template is None:
        return DailyReport(None, period, None, ReportProgress.NOT_WRITTEN, overdue=False)
    table = store.table(Report)
    reports = store.select(Report, table.c.kind == "daily", table.c.period_start == period.start)
    unsynced = _unsynced_reports(store, reports)
    [mine] = report_states(
        template, period, [profile.user_id], reports, now=now, tz=tz, unsynced_ids=unsynced
    )
    progress, overdue = _progress(mine, working_day)
    team = None
    if profile.is_manager:
        users = store.table(User)
        reps = store.select(
            User,
            users.c.team_id == profile.team_id,
            users.c.role == "rep",
            users.c.active.is_(True),
            order_by=[users.c.display_name],
        )
        if reps:
            names = {user.id: user.display_name for user in reps}
            states = report_states(
                template, period, list(names), reports, now=now, tz=tz, unsynced_ids=unsynced
            )
            team = TeamReports(
                submitted=sum(s.submitted for s in states),
                reps=len(states),
                missing=[
                    names[s.user_id]
                    for s in states
                    if s.status == ReportStatus.MISSING and working_day
                ],
            )
    return DailyReport(template, period, mine, progress, overdue=overdue, team=team)


def today_overview(
    store: Store, *, now: dt.datetime, tz: dt.tzinfo, day: dt.date | None = None
) -> TodayOverview:
    """Today (``day``, by default ``now``'s local date in ``tz``) for the signed-in user."""
    today = day or now.astimezone(tz).date()
    user_id = store.profile.user_id
    tomorrow_starts = utc_instant(today + dt.timedelta(days=1), dt.time(0, 0), tz)
    visits = [
        item
        for item in visit_items(store, today, today, rep_id=user_id)
        if item.visit.status != "cancelled"
    ]
    deals, deal_total = _deals(store, user_id, now, tz)
    tasks, task_total, overdue_total = _tasks(store, user_id, now, tomorrow_starts)
    return TodayOverview(
        day=today,
        now=now,
        visits=visits,
        tasks=tasks,
        task_total=task_total,
        overdue_total=overdue_total,
        deals=deals,
        deal_total=deal_total,
        report=_daily_report(store, today, now, tz),
    )


ENTITIES = (
    "visit",
    "task",
    "deal",
    "report",
    "customer",
    "pipeline_stage",
    "report_template",
    "user",
)
"""Entities whose changes can change what Today shows."""
