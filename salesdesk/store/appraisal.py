"""The appraisal scorecard (绩效考核) per rep and period, from the data this copy holds.

The weighing is ``domain.appraisal``; this module gathers its inputs:

* **revenue** against the rep's revenue target for the period (their part of the team
  target, or a target set for them; none: not judged);
* **visits** against the rep's visits target for the period when one is set, else the
  team's expectation per month (``AppraisalConfig.visit_target``) times the months in
  the period;
* **report punctuality**: the rep's reports due in the period (``domain.review``'s slots:
  daily reports of working days, weekly and monthly reports whose period ends in it) that
  were submitted on time, of those whose deadline has passed (``reports.punctuality``). A
  report this copy has not received counts as not on time — the scorecard is as of the last
  sync;
* **task completion**: ``appraisal.task_completion`` up to today.

The weights are the team's active ``AppraisalConfig`` (the most recently changed), or the
defaults when the team has none or its weights are not valid (``config_problem`` says so).
Targets are compared whole: during the period, revenue and visits are judged against the
whole period's targets (``in_progress`` tells the screen to say so).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.appraisal import (
    DEFAULT_WEIGHTS,
    AppraisalInputs,
    Scorecard,
    scorecard,
    task_completion,
    weight_errors,
)
from salesdesk.domain.entities import AppraisalConfig, Report, Target, Task
from salesdesk.domain.periods import Period, local_date
from salesdesk.domain.reports import punctuality, report_states
from salesdesk.domain.review import report_slots
from salesdesk.domain.schema import utcnow
from salesdesk.store.reports import active_templates, local_zone
from salesdesk.store.store import Store
from salesdesk.store.targets import kpi_data, kpi_values
from salesdesk.store.team import Member, team_reps

__all__ = [
    "DEFAULT_VISIT_TARGET",
    "AppraisalView",
    "RepScorecard",
    "TeamAppraisalConfig",
    "appraisal_config",
    "parse_weights",
    "scorecards",
]

DEFAULT_VISIT_TARGET = 20


@dataclasses.dataclass(frozen=True)
class TeamAppraisalConfig:
    """The weights in use, and the row they come from (None: the defaults)."""

    weights: dict[str, Decimal]
    visit_target: int  # visits expected per month
    config: AppraisalConfig | None
    problem: str  # "" or why the team's row is not used ("invalid_weights")


def parse_weights(raw: Mapping[str, Any]) -> dict[str, Decimal] | None:
    """Stored weights (JSON numbers or text) as Decimals; None when one is not a number."""
    weights: dict[str, Decimal] = {}
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            return None
        try:
            weights[str(key)] = Decimal(str(value))
        except InvalidOperation:
            return None
    return weights


def appraisal_config(store: Store) -> TeamAppraisalConfig:
    """The team's active appraisal weights (the latest changed row), or the defaults."""
    table = store.table(AppraisalConfig)
    conditions: list[sa.ColumnElement[bool]] = [table.c.active.is_(True)]
    if store.profile.team_id is not None:
        conditions.append(table.c.team_id == store.profile.team_id)
    rows = store.select(AppraisalConfig, *conditions, order_by=[table.c.updated_at])
    defaults = {str(k): Decimal(v) for k, v in DEFAULT_WEIGHTS.items()}
    if not rows:
        return TeamAppraisalConfig(defaults, DEFAULT_VISIT_TARGET, None, "")
    config = rows[-1]
    weights = parse_weights(config.weights)
    if weights is None or weight_errors(weights):
        return TeamAppraisalConfig(defaults, config.visit_target, config, "invalid_weights")
    return TeamAppraisalConfig(weights, config.visit_target, config, "")


@dataclasses.dataclass(frozen=True)
class RepScorecard:
    rep: Member
    inputs: AppraisalInputs
    card: Scorecard


@dataclasses.dataclass(frozen=True)
class AppraisalView:
    period: Period
    today: dt.date
    config: TeamAppraisalConfig
    cards: tuple[RepScorecard, ...]

    @property
    def in_progress(self) -> bool:
        """The period is not over yet (targets are still compared whole)."""
        return self.today <= self.period.end


def _person_targets(store: Store, period: Period, kpi: str) -> dict[uuid.UUID, Decimal]:
    table = store.table(Target)
    rows = store.select(
        Target,
        table.c.period == period.code,
        table.c.kpi == kpi,
        table.c.user_id.is_not(None),
        order_by=[table.c.updated_at, table.c.id],
    )
    return {t.user_id: t.value or Decimal(0) for t in rows if t.user_id is not None}


def scorecards(
    store: Store,
    period: Period,
    *,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    tz: dt.tzinfo | None = None,
) -> AppraisalView:
    """Each team rep's scorecard for ``period`` as of ``today`` (rules in the docstring)."""
    tz = tz or local_zone()
    now = now or utcnow()
    today = today or local_date(now, tz)
    config = appraisal_config(store)
    reps = team_reps(store)
    people = [rep.id for rep in reps]
    data = kpi_data(store, people, [period], tz, {"revenue", "visits"})
    revenue, _ = kpi_values("revenue", data, period, tz, people)
    visits, _ = kpi_values("visits", data, period, tz, people)
    revenue_targets = _person_targets(store, period, "revenue")
    visit_targets = _person_targets(store, period, "visits")
    months = len(list(period.months()))

    templates = active_templates(store)
    slots = report_slots(period, templates, today)
    table = store.table(Report)
    reports = store.select(
        Report,
        table.c.author_id.in_(people),
        table.c.period_start >= period.start - dt.timedelta(days=31),
        table.c.period_start <= period.end,
    )
    states = [
        state
        for kind, slot in slots
        for state in report_states(templates[kind], slot, people, reports, now=now, tz=tz)
    ]
    start, end = period.utc_bounds(tz)
    tasks_table = store.table(Task)
    tasks = store.select(
        Task,
        tasks_table.c.assignee_id.in_(people),
        tasks_table.c.due_at >= start,
        tasks_table.c.due_at < end,
    )
    cards = []
    for rep in reps:
        on_time, due = punctuality(s for s in states if s.user_id == rep.id)
        done, tasks_due = task_completion(tasks, rep.id, period, tz, as_of=today)
        inputs = AppraisalInputs(
            revenue=revenue.get(rep.id) or Decimal(0),
            revenue_target=revenue_targets.get(rep.id, Decimal(0)),
            visits=int(visits.get(rep.id) or 0),
            visit_target=visit_targets.get(rep.id, Decimal(config.visit_target * months)),
            reports_on_time=on_time,
            reports_due=due,
            tasks_done=done,
            tasks_due=tasks_due,
        )
        cards.append(RepScorecard(rep, inputs, scorecard(inputs, config.weights)))
    return AppraisalView(period, today, config, tuple(cards))
