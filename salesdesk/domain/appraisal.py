"""Appraisal scorecard (绩效考核): weighted results and activity, each scored 0–100.

Components
    ============================  ==========  =====================================
    component                     group       score (capped at 100)
    ============================  ==========  =====================================
    ``revenue``                   results     revenue / revenue target
    ``visits``                    activity    visits made / visit target
    ``report_punctuality``        activity    reports on time / reports due
    ``task_completion``           activity    tasks done / tasks due
    ============================  ==========  =====================================

    Each score is that ratio in percent, capped at 100 (over-achievement
    shows in ``ratio_pct`` and in commission, not in the appraisal). Reports
    due are those whose deadline has passed (see ``reports.punctuality``);
    tasks due are the rep's tasks with a due date in the period up to the
    appraisal date, and a task counts as done if its status is done, late
    or not.

Weights
    Configurable per component (default results 60: revenue 60; activity
    40: visits 20, report punctuality 10, task completion 10). They must be
    non-negative and add up to exactly 100.

Components without a basis
    A component whose target or count due is 0 cannot be judged (no visit
    target was set, no report was due). It is marked not applicable and its
    weight is shared among the applicable components in proportion to their
    weights, so a rep is neither rewarded nor punished for it. With nothing
    applicable the total is None.

Rounding
    Scores are shown with one decimal. The total is Σ exact score ×
    effective weight / 100, rounded half up to two decimals (a rep at 100 on
    everything gets exactly 100.00). Each component's ``points`` are that
    total shared out by largest remainder in hundredths, so the points on the
    scorecard add up to the total exactly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from salesdesk.domain.entities import Task
from salesdesk.domain.periods import Period, local_date
from salesdesk.domain.schema import FieldError, ValidationError
from salesdesk.domain.targets import allocate

__all__ = [
    "DEFAULT_GRADES",
    "DEFAULT_WEIGHTS",
    "AppraisalInputs",
    "Component",
    "ComponentScore",
    "Scorecard",
    "check_weights",
    "grade",
    "scorecard",
    "task_completion",
    "weight_errors",
]

HUNDRED = Decimal(100)
TENTH = Decimal("0.1")
CENT = Decimal("0.01")


class Component(StrEnum):
    REVENUE = "revenue"
    VISITS = "visits"
    REPORT_PUNCTUALITY = "report_punctuality"
    TASK_COMPLETION = "task_completion"


RESULTS = frozenset({Component.REVENUE})
ACTIVITY = frozenset({Component.VISITS, Component.REPORT_PUNCTUALITY, Component.TASK_COMPLETION})

DEFAULT_WEIGHTS: Mapping[str, Decimal] = {
    Component.REVENUE: Decimal(60),
    Component.VISITS: Decimal(20),
    Component.REPORT_PUNCTUALITY: Decimal(10),
    Component.TASK_COMPLETION: Decimal(10),
}

DEFAULT_GRADES: tuple[tuple[Decimal, str], ...] = (
    (Decimal(90), "S"),
    (Decimal(80), "A"),
    (Decimal(70), "B"),
    (Decimal(60), "C"),
    (Decimal(0), "D"),
)
"""Lowest total for each grade, best first (the common S/A/B/C/D 绩效等级)."""


def weight_errors(weights: Mapping[str, Decimal | int]) -> list[FieldError]:
    """Problems with a weight configuration: unknown component, negative, sum not 100."""
    errors: list[FieldError] = []
    known = {c.value for c in Component}
    total = Decimal(0)
    for key, raw in weights.items():
        field = f"weights.{key}"
        if key not in known:
            errors.append(FieldError(field, "unknown_component", f"no component {key!r}"))
            continue
        if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
            errors.append(FieldError(field, "invalid", "a weight is a number"))
            continue
        value = Decimal(raw)
        if not value.is_finite() or value < 0:
            errors.append(FieldError(field, "negative", "a weight must not be negative"))
            continue
        total += value
    if not errors and total != HUNDRED:
        errors.append(
            FieldError("weights", "sum_not_100", f"the weights add up to {total}, not 100")
        )
    return errors


def check_weights(weights: Mapping[str, Decimal | int]) -> dict[Component, Decimal]:
    """Validated weights for every component (missing ones weigh 0); raises ValidationError."""
    errors = weight_errors(weights)
    if errors:
        raise ValidationError(errors)
    return {c: Decimal(weights.get(c.value, 0)) for c in Component}


@dataclasses.dataclass(frozen=True, slots=True)
class AppraisalInputs:
    """The numbers a scorecard is built from (the caller computes them with kpis/reports)."""

    revenue: Decimal = Decimal(0)
    revenue_target: Decimal = Decimal(0)
    visits: int = 0
    visit_target: Decimal | int = 0
    reports_on_time: int = 0
    reports_due: int = 0
    tasks_done: int = 0
    tasks_due: int = 0


@dataclasses.dataclass(frozen=True, slots=True)
class ComponentScore:
    """One line of the scorecard."""

    component: Component
    group: str  # "results" or "activity"
    actual: Decimal
    target: Decimal  # the target, or the number due
    applicable: bool
    ratio_pct: Decimal | None  # actual / target in percent, uncapped, two decimals
    score: Decimal | None  # 0–100, one decimal
    weight: Decimal  # as configured
    effective_weight: Decimal  # after sharing out not-applicable weight (exact)
    points: Decimal  # ≈ score × effective weight / 100, two decimals; all add up to the total


@dataclasses.dataclass(frozen=True, slots=True)
class Scorecard:
    components: tuple[ComponentScore, ...]
    total: Decimal | None  # 0–100, two decimals; None when nothing could be judged
    results_points: Decimal
    activity_points: Decimal

    @property
    def grade(self) -> str | None:
        return grade(self.total) if self.total is not None else None


def _pairs(inputs: AppraisalInputs) -> dict[Component, tuple[Decimal, Decimal]]:
    return {
        Component.REVENUE: (Decimal(inputs.revenue), Decimal(inputs.revenue_target)),
        Component.VISITS: (Decimal(inputs.visits), Decimal(inputs.visit_target)),
        Component.REPORT_PUNCTUALITY: (
            Decimal(inputs.reports_on_time),
            Decimal(inputs.reports_due),
        ),
        Component.TASK_COMPLETION: (Decimal(inputs.tasks_done), Decimal(inputs.tasks_due)),
    }


def scorecard(
    inputs: AppraisalInputs, weights: Mapping[str, Decimal | int] = DEFAULT_WEIGHTS
) -> Scorecard:
    """Score each component 0–100 and weigh them (rules in the module docstring)."""
    configured = check_weights(weights)
    pairs = _pairs(inputs)
    if any(value < 0 for pair in pairs.values() for value in pair):
        raise ValueError("appraisal inputs must not be negative")
    judged = {c for c, (_, target) in pairs.items() if target > 0}
    live_weight = sum((configured[c] for c in judged), Decimal(0))
    lines: list[ComponentScore] = []
    exact_points: list[Decimal] = []
    for component in Component:
        actual, target = pairs[component]
        applicable = component in judged and live_weight > 0
        ratio = actual * HUNDRED / target if component in judged else None
        score = min(ratio, HUNDRED) if ratio is not None else None
        effective = configured[component] * HUNDRED / live_weight if applicable else Decimal(0)
        exact_points.append((score or Decimal(0)) * effective / HUNDRED)
        lines.append(
            ComponentScore(
                component=component,
                group="results" if component in RESULTS else "activity",
                actual=actual,
                target=target,
                applicable=applicable,
                ratio_pct=ratio.quantize(CENT, ROUND_HALF_UP) if ratio is not None else None,
                score=score.quantize(TENTH, ROUND_HALF_UP) if score is not None else None,
                weight=configured[component],
                effective_weight=effective,
                points=Decimal("0.00"),
            )
        )
    total = sum(exact_points, Decimal(0)).quantize(CENT, ROUND_HALF_UP)
    shares = allocate(int(total / CENT), exact_points, [line.component.value for line in lines])
    lines = [
        dataclasses.replace(line, points=share * CENT)
        for line, share in zip(lines, shares, strict=True)
    ]
    results = sum((ln.points for ln in lines if ln.group == "results"), Decimal("0.00"))
    activity = sum((ln.points for ln in lines if ln.group == "activity"), Decimal("0.00"))
    return Scorecard(
        components=tuple(lines),
        total=total if any(line.applicable for line in lines) else None,
        results_points=results,
        activity_points=activity,
    )


def grade(total: Decimal, bands: Iterable[tuple[Decimal, str]] = DEFAULT_GRADES) -> str:
    """The grade code for a total: the first band (best first) whose lowest total it reaches."""
    ordered = sorted(bands, key=lambda band: band[0], reverse=True)
    for lowest, code in ordered:
        if total >= lowest:
            return code
    return ordered[-1][1]


def task_completion(
    tasks: Iterable[Task],
    rep_id: uuid.UUID,
    period: Period,
    tz: dt.tzinfo,
    as_of: dt.date | None = None,
) -> tuple[int, int]:
    """(tasks done, tasks due) for the rep: due in the period, on or before ``as_of``."""
    last = period.end if as_of is None else min(as_of, period.end)
    done = due = 0
    for task in tasks:
        if task.deleted or task.assignee_id != rep_id or task.due_at is None:
            continue
        day = local_date(task.due_at, tz)
        if period.start <= day <= last:
            due += 1
            done += task.status == "done"
    return done, due
