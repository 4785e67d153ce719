"""Pipeline rules (销售进程): stage moves, stuck deals, funnel, conversion and time in stage.

Stages are ordered by ``position`` (then name and id, so the order is total).
The *ladder* is the active stages whose outcome is not ``lost`` — lead to
after-sales; the lost stage sits outside it.

Moving a deal (:func:`check_move`, :func:`plan_move`)
    * **forward** (a later ladder stage): every *required* checklist item of
      the current stage must be ticked — and, when stages are skipped, those
      of every skipped stage too, so dragging a card across the board cannot
      bypass the SOP (标准作业流程). Optional items never block.
    * **back** (an earlier stage): always allowed for an open deal; ticked
      items stay ticked.
    * **to a lost stage**: needs a non-blank reason (输单原因); no checklist.
    * **closed deals**: a won deal may move between won stages (签约成交 →
      售后服务, forward rules apply); moving a won or lost deal to a stage of
      another outcome reopens it and needs ``reopen=True`` (the UI confirms,
      and may restrict reopening a won deal to managers — revenue was booked).
    * a move to the same stage, an unknown or an inactive stage is refused.

    :func:`plan_move` returns the deal's new field values: ``stage_id``,
    ``status`` (the stage's outcome), ``probability`` (reset to the stage's),
    ``stage_changed_at``, ``closed_on`` (set to the local date when a deal
    becomes won or lost, kept on won → won, cleared when reopened) and
    ``lost_reason`` (set on lost, cleared when reopened), plus the
    ``DealStageChange`` values to record.

Stuck deals (:func:`deal_alerts`)
    A deal still *in motion* — not lost, and not in the last ladder stage —
    is stuck when it has been in its stage for more than the stage's
    ``stuck_days`` whole local days (since ``stage_changed_at``, else since it
    was created). An open deal whose ``expected_close`` is before today is
    overdue.

Funnel (:func:`funnel`)
    Count, amount and weighted amount of deals by *current* stage.

Conversion (:func:`conversion_rates`)
    A deal *reached* every ladder stage up to the furthest one it was ever
    in (history, current stage): skipping a stage still passes through it,
    which keeps the funnel monotone. Conversion from ladder stage n to n+1 =
    deals that reached n+1 / deals that reached n.

Days per stage (:func:`average_days_in_stage`)
    From the stage history: each stay lasts from entering a stage to the next
    change (the first stay, in the first change's ``from_stage_id``, starts at
    the deal's creation when the deal is given). A deal's days in a stage is
    the sum of its stays there (moving back and forth counts once per deal);
    the average is over deals that completed at least one stay there. The
    current, unfinished stay is left out unless ``now`` is given.

Weighted pipeline (:func:`weighted_pipeline`)
    Σ amount × probability / 100 over **open** deals (won deals are revenue,
    not pipeline), using each deal's own probability or, when given, its
    stage's; rounded half up to the fen once, on the total.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from salesdesk.domain.entities import Deal, DealStageChange, PipelineStage
from salesdesk.domain.kpis import percent, round_fen
from salesdesk.domain.periods import Period, local_date

__all__ = [
    "ChecklistItem",
    "Conversion",
    "DealAlert",
    "Direction",
    "MoveCheck",
    "MovePlan",
    "MoveProblem",
    "MoveRejectedError",
    "StageDuration",
    "StageSummary",
    "advanced_deals",
    "average_days_in_stage",
    "check_move",
    "checklist_items",
    "conversion_rates",
    "days_in_stage",
    "deal_alerts",
    "funnel",
    "ladder",
    "missing_required_items",
    "ordered_stages",
    "plan_move",
    "weighted_pipeline",
]

SECONDS_PER_DAY = Decimal(86_400)


def _stage_key(stage: PipelineStage) -> tuple[int, str, str]:
    return (stage.position, stage.name, str(stage.id))


def ordered_stages(
    stages: Iterable[PipelineStage], *, include_inactive: bool = False
) -> list[PipelineStage]:
    """Stages in board order (position, name, id), without tombstones or inactive ones."""
    return sorted(
        (s for s in stages if not s.deleted and (include_inactive or s.active)),
        key=_stage_key,
    )


def ladder(stages: Iterable[PipelineStage]) -> list[PipelineStage]:
    """The active stages a deal climbs, in order: every stage whose outcome is not lost."""
    return [s for s in ordered_stages(stages) if s.outcome != "lost"]


@dataclasses.dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One SOP item of a stage."""

    stage_id: uuid.UUID
    id: str
    text: str
    required: bool


def checklist_items(stage: PipelineStage) -> list[ChecklistItem]:
    """A stage's checklist; malformed entries (no id) are skipped."""
    items = []
    for raw in stage.checklist:
        if not isinstance(raw, Mapping) or not raw.get("id"):
            continue
        items.append(
            ChecklistItem(
                stage.id, str(raw["id"]), str(raw.get("text", "")), bool(raw.get("required"))
            )
        )
    return items


def missing_required_items(stage: PipelineStage, done: Iterable[str]) -> list[ChecklistItem]:
    """Required items of ``stage`` that are not in ``done``."""
    ticked = set(done)
    return [item for item in checklist_items(stage) if item.required and item.id not in ticked]


class Direction(StrEnum):
    FORWARD = "forward"
    BACK = "back"
    LOST = "lost"


class MoveProblem(StrEnum):
    SAME_STAGE = "same_stage"
    UNKNOWN_STAGE = "unknown_stage"
    INACTIVE_STAGE = "inactive_stage"
    CHECKLIST_INCOMPLETE = "checklist_incomplete"
    REASON_REQUIRED = "reason_required"
    DEAL_CLOSED = "deal_closed"


@dataclasses.dataclass(frozen=True, slots=True)
class MoveCheck:
    """Whether a move is allowed, and if not, why (codes the UI translates)."""

    direction: Direction | None
    problems: tuple[MoveProblem, ...] = ()
    missing_items: tuple[ChecklistItem, ...] = ()

    @property
    def allowed(self) -> bool:
        return not self.problems


class MoveRejectedError(ValueError):
    """Raised by :func:`plan_move` for a move that :func:`check_move` refuses."""

    def __init__(self, check: MoveCheck) -> None:
        super().__init__("cannot move the deal: " + ", ".join(check.problems))
        self.check = check


def check_move(
    deal: Deal,
    to_stage_id: uuid.UUID,
    stages: Iterable[PipelineStage],
    *,
    lost_reason: str | None = None,
    reopen: bool = False,
) -> MoveCheck:
    """Can ``deal`` move to stage ``to_stage_id``? (Rules in the module docstring.)

    ``lost_reason``: the reason typed with the move (default: the deal's own).
    """
    all_stages = {s.id: s for s in stages if not s.deleted}
    target = all_stages.get(to_stage_id)
    if target is None:
        return MoveCheck(None, (MoveProblem.UNKNOWN_STAGE,))
    if deal.stage_id == to_stage_id:
        return MoveCheck(None, (MoveProblem.SAME_STAGE,))
    problems: list[MoveProblem] = []
    if not target.active:
        problems.append(MoveProblem.INACTIVE_STAGE)
    current = all_stages.get(deal.stage_id) if deal.stage_id is not None else None
    if target.outcome == "lost":
        direction = Direction.LOST
    elif current is None or _stage_key(target) > _stage_key(current):
        direction = Direction.FORWARD
    else:
        direction = Direction.BACK
    if deal.status in ("won", "lost") and target.outcome != deal.status and not reopen:
        problems.append(MoveProblem.DEAL_CLOSED)
    missing: list[ChecklistItem] = []
    if direction == Direction.FORWARD and current is not None and current.outcome != "lost":
        passed = [current] + [
            s
            for s in ladder(all_stages.values())
            if _stage_key(current) < _stage_key(s) < _stage_key(target)
        ]
        for stage in passed:
            missing.extend(missing_required_items(stage, deal.checklist_done))
        if missing:
            problems.append(MoveProblem.CHECKLIST_INCOMPLETE)
    if direction == Direction.LOST:
        reason = deal.lost_reason if lost_reason is None else lost_reason
        if not reason.strip():
            problems.append(MoveProblem.REASON_REQUIRED)
    return MoveCheck(direction, tuple(problems), tuple(missing))


@dataclasses.dataclass(frozen=True)
class MovePlan:
    """What to write for an allowed move: the deal's changed fields and the history row."""

    check: MoveCheck
    deal_changes: dict[str, Any]
    history: dict[str, Any]


def plan_move(
    deal: Deal,
    to_stage_id: uuid.UUID,
    stages: Iterable[PipelineStage],
    *,
    now: dt.datetime,
    tz: dt.tzinfo,
    lost_reason: str | None = None,
    reopen: bool = False,
) -> MovePlan:
    """The field values an allowed move writes; raises :class:`MoveRejectedError` otherwise."""
    stage_list = list(stages)
    check = check_move(deal, to_stage_id, stage_list, lost_reason=lost_reason, reopen=reopen)
    if not check.allowed:
        raise MoveRejectedError(check)
    target = next(s for s in stage_list if s.id == to_stage_id and not s.deleted)
    status = target.outcome
    changes: dict[str, Any] = {
        "stage_id": target.id,
        "status": status,
        "probability": target.probability,
        "stage_changed_at": now,
    }
    if status == "open":
        changes["closed_on"] = None
        changes["lost_reason"] = ""
    elif status != deal.status or deal.closed_on is None:
        changes["closed_on"] = local_date(now, tz)
    if status == "lost":
        changes["lost_reason"] = (deal.lost_reason if lost_reason is None else lost_reason).strip()
    elif status == "won":
        changes["lost_reason"] = ""
    history = {
        "deal_id": deal.id,
        "from_stage_id": deal.stage_id,
        "to_stage_id": target.id,
        "changed_at": now,
    }
    return MovePlan(check, changes, history)


# ---- stuck deals ------------------------------------------------------------------------------


def days_in_stage(deal: Deal, now: dt.datetime, tz: dt.tzinfo) -> int:
    """Whole local days since the deal entered its stage (since creation if never moved)."""
    since = deal.stage_changed_at or deal.created_at
    return max((local_date(now, tz) - local_date(since, tz)).days, 0)


@dataclasses.dataclass(frozen=True, slots=True)
class DealAlert:
    """Why a deal needs action: stuck in its stage and/or past its expected close date."""

    deal_id: uuid.UUID
    stuck: bool
    days_in_stage: int
    stuck_days: int | None
    close_overdue: bool
    days_overdue: int


def deal_alerts(
    deals: Iterable[Deal], stages: Iterable[PipelineStage], *, now: dt.datetime, tz: dt.tzinfo
) -> list[DealAlert]:
    """Deals that are stuck or past their expected close date, most days in stage first."""
    stage_list = [s for s in stages if not s.deleted]
    by_id = {s.id: s for s in stage_list}
    climb = ladder(stage_list)
    last = climb[-1].id if climb else None
    today = local_date(now, tz)
    alerts = []
    for deal in deals:
        if deal.deleted or deal.status == "lost":
            continue
        stage = by_id.get(deal.stage_id) if deal.stage_id is not None else None
        days = days_in_stage(deal, now, tz)
        in_motion = stage is not None and stage.outcome != "lost" and stage.id != last
        stuck = in_motion and stage is not None and days > stage.stuck_days
        close = deal.expected_close
        overdue = deal.status == "open" and close is not None and close < today
        if stuck or overdue:
            alerts.append(
                DealAlert(
                    deal_id=deal.id,
                    stuck=stuck,
                    days_in_stage=days,
                    stuck_days=stage.stuck_days if stage is not None else None,
                    close_overdue=overdue,
                    days_overdue=(today - close).days if overdue and close is not None else 0,
                )
            )
    alerts.sort(key=lambda a: (-a.days_in_stage, -a.days_overdue, str(a.deal_id)))
    return alerts


# ---- funnel -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class StageSummary:
    """Deals currently in one stage."""

    stage_id: uuid.UUID
    count: int
    amount: Decimal
    weighted_amount: Decimal


def funnel(
    deals: Iterable[Deal], stages: Iterable[PipelineStage], *, include_inactive: bool = False
) -> list[StageSummary]:
    """Count, amount and weighted amount (deal probability) per stage, in board order.

    Deals in a stage that is not listed (deleted/inactive) are left out.
    """
    order = ordered_stages(stages, include_inactive=include_inactive)
    count: dict[uuid.UUID, int] = defaultdict(int)
    amount: dict[uuid.UUID, Decimal] = defaultdict(Decimal)
    weighted: dict[uuid.UUID, Decimal] = defaultdict(Decimal)
    for deal in deals:
        if deal.deleted or deal.stage_id is None:
            continue
        count[deal.stage_id] += 1
        amount[deal.stage_id] += deal.amount
        weighted[deal.stage_id] += deal.amount * deal.probability / 100
    return [
        StageSummary(s.id, count[s.id], round_fen(amount[s.id]), round_fen(weighted[s.id]))
        for s in order
    ]


@dataclasses.dataclass(frozen=True, slots=True)
class Conversion:
    """From one ladder stage to the next: how many reached each, and the rate in percent."""

    from_stage_id: uuid.UUID
    to_stage_id: uuid.UUID
    reached_from: int
    reached_to: int

    @property
    def rate_pct(self) -> Decimal | None:
        """reached_to / reached_from in percent, one decimal; None when none reached ``from``."""
        return percent(self.reached_to, self.reached_from, places=1)


def reached_counts(
    deals: Iterable[Deal], changes: Iterable[DealStageChange], stages: Iterable[PipelineStage]
) -> list[tuple[PipelineStage, int]]:
    """For each ladder stage, how many of ``deals`` ever reached it (or a later one)."""
    stage_list = [s for s in stages if not s.deleted]
    by_id = {s.id: s for s in stage_list}
    climb = ladder(stage_list)
    furthest: dict[uuid.UUID, tuple[int, str, str]] = {}

    def touch(deal_id: uuid.UUID, stage_id: uuid.UUID | None) -> None:
        stage = by_id.get(stage_id) if stage_id is not None else None
        if stage is None or stage.outcome == "lost":
            return
        key = _stage_key(stage)
        if deal_id not in furthest or key > furthest[deal_id]:
            furthest[deal_id] = key

    deal_ids = set()
    for deal in deals:
        if deal.deleted:
            continue
        deal_ids.add(deal.id)
        touch(deal.id, deal.stage_id)
    for change in changes:
        if change.deal_id in deal_ids and not change.deleted:
            touch(change.deal_id, change.from_stage_id)
            touch(change.deal_id, change.to_stage_id)
    return [
        (stage, sum(1 for key in furthest.values() if key >= _stage_key(stage))) for stage in climb
    ]


def conversion_rates(
    deals: Iterable[Deal], changes: Iterable[DealStageChange], stages: Iterable[PipelineStage]
) -> list[Conversion]:
    """Conversion between consecutive ladder stages for the cohort ``deals``."""
    reached = reached_counts(deals, changes, stages)
    return [
        Conversion(a.id, b.id, count_a, count_b)
        for (a, count_a), (b, count_b) in itertools.pairwise(reached)
    ]


# ---- time in stage ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class StageDuration:
    """Average days deals spent in a stage."""

    stage_id: uuid.UUID
    deals: int
    average_days: Decimal  # one decimal, half up


def _changed_at(change: DealStageChange) -> dt.datetime:
    return change.changed_at or change.created_at


def _seconds(start: dt.datetime, end: dt.datetime) -> Decimal:
    """Exact seconds from ``start`` to ``end``, never negative (clock skew between devices)."""
    microseconds = (end - start) // dt.timedelta(microseconds=1)
    return Decimal(max(microseconds, 0)) / 1_000_000


def average_days_in_stage(
    changes: Iterable[DealStageChange],
    deals: Iterable[Deal] = (),
    *,
    now: dt.datetime | None = None,
) -> dict[uuid.UUID, StageDuration]:
    """Average days per stage from the stage history (rules in the module docstring).

    ``deals``: lets the first stay start at the deal's creation, and restricts
    the history to those deals when given. ``now``: count current stays up to now
    (for open deals).
    """
    deal_by_id = {d.id: d for d in deals if not d.deleted}
    history: dict[uuid.UUID, list[DealStageChange]] = defaultdict(list)
    for change in changes:
        if change.deleted or change.deal_id is None:
            continue
        if deal_by_id and change.deal_id not in deal_by_id:
            continue
        history[change.deal_id].append(change)
    per_stage: dict[uuid.UUID, list[Decimal]] = defaultdict(list)
    for deal_id, moves in history.items():
        moves.sort(key=lambda c: (_changed_at(c), str(c.id)))
        seconds: dict[uuid.UUID, Decimal] = defaultdict(Decimal)
        deal = deal_by_id.get(deal_id)
        first = moves[0]
        if first.from_stage_id is not None and deal is not None:
            seconds[first.from_stage_id] += _seconds(deal.created_at, _changed_at(first))
        for entered, left in itertools.pairwise(moves):
            if entered.to_stage_id is not None:
                seconds[entered.to_stage_id] += _seconds(_changed_at(entered), _changed_at(left))
        last = moves[-1]
        still_open = deal is None or deal.status == "open"
        if now is not None and last.to_stage_id is not None and still_open:
            seconds[last.to_stage_id] += _seconds(_changed_at(last), now)
        for stage_id, total in seconds.items():
            per_stage[stage_id].append(total)
    result = {}
    for stage_id, totals in per_stage.items():
        days = sum(totals, Decimal(0)) / SECONDS_PER_DAY / len(totals)
        result[stage_id] = StageDuration(
            stage_id, len(totals), days.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        )
    return result


# ---- weighted pipeline and advances -----------------------------------------------------------


def weighted_pipeline(
    deals: Iterable[Deal], stage_probability: Mapping[uuid.UUID, int] | None = None
) -> Decimal:
    """Σ amount × probability / 100 over open deals, rounded half up to the fen once."""
    total = Decimal(0)
    for deal in deals:
        if deal.deleted or deal.status != "open":
            continue
        probability = deal.probability
        if (
            stage_probability is not None
            and deal.stage_id is not None
            and deal.stage_id in stage_probability
        ):
            probability = stage_probability[deal.stage_id]
        total += deal.amount * probability / 100
    return round_fen(total)


def advanced_deals(
    changes: Iterable[DealStageChange],
    stages: Sequence[PipelineStage],
    period: Period,
    tz: dt.tzinfo,
) -> set[uuid.UUID]:
    """Deals moved forward (to a later, not lost stage) at least once during the period.

    A deal's creation (no ``from_stage_id``) is not an advance.
    """
    by_id = {s.id: s for s in stages if not s.deleted}
    advanced = set()
    for change in changes:
        if change.deleted or change.deal_id is None or change.from_stage_id is None:
            continue
        source = by_id.get(change.from_stage_id)
        target = by_id.get(change.to_stage_id) if change.to_stage_id is not None else None
        if source is None or target is None or target.outcome == "lost":
            continue
        if source.outcome == "lost":  # a reopened deal is not an advance
            continue
        if _stage_key(target) > _stage_key(source) and period.contains_instant(
            _changed_at(change), tz
        ):
            advanced.add(change.deal_id)
    return advanced
