"""The appraisal scorecard from a real profile: each component's inputs and the team's weights."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from salesdesk.domain.appraisal import Component
from salesdesk.domain.entities import PipelineStage, ReportTemplate
from salesdesk.domain.periods import Period
from salesdesk.store import appraisal, configuration, targets
from salesdesk.store.store import Store
from tests.report_helpers import add_user, local_at, pulled

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOVEMBER = Period.parse("2026-11")
LAST_DAY = dt.date(2026, 11, 30)


def on(day: int, hour: int) -> dt.datetime:
    return local_at(dt.date(2026, 11, day), hour, SHANGHAI)


@pytest.fixture
def rep(store: Store) -> uuid.UUID:
    """张伟's November: 80% of his revenue target, 15 visits, 3 of 5 weekly reports on time,
    3 of 4 tasks done."""
    zhang = add_user(store, "张伟")
    for kind in ("daily", "monthly"):  # only weekly reports in this team
        template = next(t for t in store.select(ReportTemplate) if t.kind == kind)
        store.update(ReportTemplate, template.id, active=False)
    team = targets.save_target(store, {"kpi": "revenue", "period": "2026-11", "value": "100000"})
    targets.split_team_target(store, team.id, "equal", tz=SHANGHAI)  # one rep: all of it
    customer = pulled(store, "customer", name="华信科技", owner_id=zhang)
    won = next(s for s in store.select(PipelineStage) if s.code == "won")
    pulled(
        store,
        "deal",
        customer_id=customer,
        title="年度采购",
        stage_id=won.id,
        status="won",
        amount=Decimal("80000.00"),
        closed_on=dt.date(2026, 11, 20),
        owner_id=zhang,
    )
    for day in range(2, 17):
        pulled(
            store,
            "visit",
            customer_id=customer,
            rep_id=zhang,
            purpose="拜访",
            status="done",
            checked_in_at=on(day, 10),
        )
    # weeks ending in November: W44 (ends 1 Nov) … W48 (ends 29 Nov), due on Fridays 18:00
    for monday, submitted in (
        (dt.date(2026, 10, 26), local_at(dt.date(2026, 10, 30), 17, SHANGHAI)),
        (dt.date(2026, 11, 2), on(6, 17)),
        (dt.date(2026, 11, 9), on(13, 17)),
        (dt.date(2026, 11, 16), on(21, 9)),  # Saturday: late
    ):  # W48 never written
        pulled(
            store,
            "report",
            author_id=zhang,
            kind="weekly",
            period_start=monday,
            period_end=monday + dt.timedelta(days=6),
            status="submitted",
            submitted_at=submitted,
        )
    for number, done in enumerate((True, True, True, False)):
        pulled(
            store,
            "task",
            title=f"任务{number}",
            assignee_id=zhang,
            due_at=on(10 + number, 12),
            status="done" if done else "open",
            completed_at=on(10, 12) if done else None,
        )
    pulled(
        store,
        "task",
        title="十二月的任务",
        assignee_id=zhang,
        due_at=on(30, 23) + dt.timedelta(hours=2),
    )
    return zhang


def test_the_scorecard_with_the_default_weights(store: Store, rep: uuid.UUID) -> None:
    view = appraisal.scorecards(store, NOVEMBER, today=LAST_DAY, now=on(30, 22), tz=SHANGHAI)
    assert view.config.config is None  # the defaults: 60 / 20 / 10 / 10
    [card] = view.cards
    assert card.rep.name == "张伟"
    inputs = card.inputs
    assert (inputs.revenue, inputs.revenue_target) == (Decimal("80000.00"), Decimal("100000.00"))
    assert (inputs.visits, inputs.visit_target) == (15, 20)
    assert (inputs.reports_on_time, inputs.reports_due) == (3, 5)
    assert (inputs.tasks_done, inputs.tasks_due) == (3, 4)
    scores = {line.component: line.score for line in card.card.components}
    assert scores == {
        Component.REVENUE: Decimal("80.0"),
        Component.VISITS: Decimal("75.0"),
        Component.REPORT_PUNCTUALITY: Decimal("60.0"),
        Component.TASK_COMPLETION: Decimal("75.0"),
    }
    assert card.card.total == Decimal("76.50") and card.card.grade == "B"
    assert sum(line.points for line in card.card.components) == card.card.total
    assert view.in_progress  # the 30th is still in November


def test_the_teams_weights_and_visit_expectation(store: Store, rep: uuid.UUID) -> None:
    weights = {"revenue": 40, "visits": 40, "report_punctuality": 10, "task_completion": 10}
    configuration.save_appraisal(store, weights, 30, "新考核")
    view = appraisal.scorecards(store, NOVEMBER, today=LAST_DAY, now=on(30, 22), tz=SHANGHAI)
    [card] = view.cards
    assert view.config.config is not None and view.config.config.name == "新考核"
    assert card.inputs.visit_target == 30
    assert card.card.total == Decimal("65.50")  # 32 + 20 + 6 + 7.5
    # a visits target set for the rep wins over the team's expectation
    targets.save_target(
        store, {"kpi": "visits", "period": "2026-11", "value": "15", "user_id": rep}
    )
    [card] = appraisal.scorecards(
        store, NOVEMBER, today=LAST_DAY, now=on(30, 22), tz=SHANGHAI
    ).cards
    assert card.inputs.visit_target == 15 and card.card.total == Decimal("85.50")


def test_a_quarter_expects_three_months_of_visits(store: Store, rep: uuid.UUID) -> None:
    quarter = Period.parse("2026-Q4")
    [card] = appraisal.scorecards(
        store, quarter, today=dt.date(2027, 1, 5), now=on(30, 22), tz=SHANGHAI
    ).cards
    assert card.inputs.visit_target == 60
    assert card.inputs.revenue_target == 0  # no quarterly revenue target: not judged
    revenue = next(c for c in card.card.components if c.component == Component.REVENUE)
    assert not revenue.applicable
