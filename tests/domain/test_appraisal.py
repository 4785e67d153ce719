"""Appraisal scorecard: component scores, weights, redistribution, rounding, task completion."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesdesk.domain.appraisal import (
    AppraisalInputs,
    Component,
    check_weights,
    grade,
    scorecard,
    task_completion,
    weight_errors,
)
from salesdesk.domain.periods import Period
from salesdesk.domain.schema import ValidationError
from tests.domain.builders import SHANGHAI, cst, d, task, uid

REP = uid(1)


def test_default_weights_and_scores() -> None:
    card = scorecard(
        AppraisalInputs(
            revenue=Decimal("80000.00"),
            revenue_target=Decimal("100000.00"),
            visits=30,
            visit_target=40,
            reports_on_time=18,
            reports_due=20,
            tasks_done=9,
            tasks_due=10,
        )
    )
    lines = {line.component: line for line in card.components}
    assert lines[Component.REVENUE].score == Decimal("80.0")
    assert lines[Component.VISITS].score == Decimal("75.0")
    assert lines[Component.REPORT_PUNCTUALITY].score == Decimal("90.0")
    assert lines[Component.TASK_COMPLETION].score == Decimal("90.0")
    # 80 × 60% + 75 × 20% + 90 × 10% + 90 × 10% = 48 + 15 + 9 + 9
    assert [lines[c].points for c in Component] == [
        Decimal("48.00"),
        Decimal("15.00"),
        Decimal("9.00"),
        Decimal("9.00"),
    ]
    assert card.total == Decimal("81.00")
    assert card.results_points == Decimal("48.00")
    assert card.activity_points == Decimal("33.00")
    assert card.grade == "A"


def test_over_achievement_is_capped_at_100_but_shown_in_the_ratio() -> None:
    card = scorecard(
        AppraisalInputs(revenue=Decimal("150.00"), revenue_target=Decimal("100.00")),
        {"revenue": 100},
    )
    revenue = card.components[0]
    assert revenue.ratio_pct == Decimal("150.00")
    assert revenue.score == Decimal("100.0")
    assert card.total == Decimal("100.00")


def test_missing_basis_shares_its_weight() -> None:
    # no visit target and no reports due: their 30 points go to revenue and tasks, 60:10
    card = scorecard(
        AppraisalInputs(
            revenue=Decimal("50.00"), revenue_target=Decimal("100.00"), tasks_done=1, tasks_due=1
        )
    )
    lines = {line.component: line for line in card.components}
    assert not lines[Component.VISITS].applicable
    assert lines[Component.VISITS].score is None
    assert lines[Component.VISITS].points == 0
    assert lines[Component.REVENUE].effective_weight * 7 == Decimal(600)
    # 50 × 6/7 + 100 × 1/7 = 400/7 = 57.142857… → 57.14
    assert card.total == Decimal("57.14")
    assert sum(line.points for line in card.components) == card.total


def test_perfect_scores_give_exactly_100_even_with_thirds() -> None:
    weights = {"revenue": 40, "visits": 30, "report_punctuality": 20, "task_completion": 10}
    card = scorecard(
        AppraisalInputs(
            revenue=Decimal(1),
            revenue_target=Decimal(1),
            visits=1,
            visit_target=1,
            tasks_done=1,
            tasks_due=1,
        ),
        weights,
    )  # punctuality has no basis: 80 points shared 40:30:10
    assert card.total == Decimal("100.00")
    assert sum(line.points for line in card.components) == Decimal("100.00")


def test_nothing_to_judge() -> None:
    card = scorecard(AppraisalInputs())
    assert card.total is None
    assert card.grade is None
    assert all(not line.applicable for line in card.components)


def test_applicable_components_with_zero_weight_cannot_be_judged() -> None:
    card = scorecard(AppraisalInputs(visits=3, visit_target=5), {"revenue": 100})
    assert card.total is None


def test_negative_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        scorecard(AppraisalInputs(visits=-1, visit_target=3))


class TestWeights:
    def test_valid(self) -> None:
        assert weight_errors({"revenue": 70, "visits": 30}) == []
        weights = check_weights({"revenue": Decimal("62.5"), "visits": Decimal("37.5")})
        assert weights[Component.TASK_COMPLETION] == 0

    def test_must_sum_to_100(self) -> None:
        assert [(e.field, e.code) for e in weight_errors({"revenue": 70, "visits": 20})] == [
            ("weights", "sum_not_100")
        ]
        assert [e.code for e in weight_errors({"revenue": 70, "visits": 31})] == ["sum_not_100"]

    def test_bad_entries(self) -> None:
        errors = weight_errors({"revenue": 110, "visits": -10, "profit": 0, "tasks": True})
        assert [(e.field, e.code) for e in errors] == [
            ("weights.visits", "negative"),
            ("weights.profit", "unknown_component"),
            ("weights.tasks", "unknown_component"),
        ]
        assert [e.code for e in weight_errors({"revenue": True})] == ["invalid"]
        assert [e.code for e in weight_errors({"revenue": 100.0})] == ["invalid"]  # type: ignore[dict-item]

    def test_scorecard_refuses_bad_weights(self) -> None:
        with pytest.raises(ValidationError):
            scorecard(AppraisalInputs(), {"revenue": 99})


@pytest.mark.parametrize(
    ("total", "code"),
    [
        ("100", "S"),
        ("90.00", "S"),
        ("89.99", "A"),
        ("80", "A"),
        ("70", "B"),
        ("60", "C"),
        ("59.99", "D"),
        ("0", "D"),
    ],
)
def test_grades(total: str, code: str) -> None:
    assert grade(Decimal(total)) == code


def test_task_completion() -> None:
    nov = Period.parse("2026-11")
    tasks = [
        task(assignee_id=REP, due_at=cst("2026-11-01T00:00:00"), status="done"),
        task(assignee_id=REP, due_at=cst("2026-11-10T18:00:00"), status="open"),
        task(assignee_id=REP, due_at=cst("2026-11-20T18:00:00"), status="done"),  # after as_of
        task(assignee_id=REP, due_at=cst("2026-10-31T23:59:59"), status="done"),  # October
        task(assignee_id=REP, due_at=None, status="done"),
        task(assignee_id=uid(2), due_at=cst("2026-11-05T18:00:00"), status="done"),
        task(assignee_id=REP, due_at=cst("2026-11-05T18:00:00"), status="done", deleted=True),
    ]
    assert task_completion(tasks, REP, nov, SHANGHAI, as_of=d("2026-11-15")) == (1, 2)
    assert task_completion(tasks, REP, nov, SHANGHAI) == (2, 3)
    assert task_completion([], REP, nov, SHANGHAI) == (0, 0)


counts = st.integers(min_value=0, max_value=500)


@settings(max_examples=300, deadline=None)
@given(
    revenue=st.decimals(0, 10**9, places=2),
    revenue_target=st.decimals(0, 10**9, places=2),
    visits=counts,
    visit_target=counts,
    on_time=counts,
    due=counts,
    done=counts,
    tasks_due=counts,
    cuts=st.lists(st.integers(0, 100), min_size=3, max_size=3),
)
def test_scores_stay_within_0_and_100_and_points_add_up(
    revenue: Decimal,
    revenue_target: Decimal,
    visits: int,
    visit_target: int,
    on_time: int,
    due: int,
    done: int,
    tasks_due: int,
    cuts: list[int],
) -> None:
    a, b, c = sorted(cuts)
    weights = {
        "revenue": a,
        "visits": b - a,
        "report_punctuality": c - b,
        "task_completion": 100 - c,
    }
    card = scorecard(
        AppraisalInputs(
            revenue=revenue,
            revenue_target=revenue_target,
            visits=visits,
            visit_target=visit_target,
            reports_on_time=min(on_time, due),
            reports_due=due,
            tasks_done=min(done, tasks_due),
            tasks_due=tasks_due,
        ),
        weights,
    )
    for line in card.components:
        if line.score is not None:
            assert 0 <= line.score <= 100
    if card.total is not None:
        assert 0 <= card.total <= 100
        assert sum(line.points for line in card.components) == card.total
