"""Targets (目标): splitting a team target to reps, and progress against a target.

Splitting (目标分解)
    A team target is split to reps ``equal``-ly, ``weighted`` by each rep's
    actuals in the previous period, or ``manual``-ly. Parts are whole numbers
    of the KPI's unit — fen for revenue, 1 for counts (10 visits split to
    three reps is 4/3/3, never 3.33) — and **always add up exactly to the
    team target** (returned with 2 decimals, like ``Target.value``). Equal
    and weighted splits use the largest-remainder (Hamilton) method on
    exact fractions: every rep gets the floor of their exact share, and the
    units left over go one each to the largest remainders. Ties (equal
    remainders) go to the larger weight, then to the smaller rep id (UUID
    text order) — the same answer on every client and on the server,
    whatever order the reps were listed in.

    * weighted with every weight zero (a new team, a bad month) falls back
      to equal; negative weights are refused;
    * manual parts must each be non-negative whole units and sum exactly to
      the team value; otherwise :class:`SplitError` says by how much they
      are off;
    * ``retention_rate`` is a rate, not an amount: every rep gets the team
      rate (parts are not summed).

Progress (进度)
    ``attainment`` = actual / target in percent (None for a zero target).
    The straight-line expectation on a date is target × elapsed days / days
    in the period (elapsed counts the day itself, see ``periods``), rounded
    half up to the KPI unit. **Off track** when the actual is 10% or more
    behind that expectation — ``actual <= expected × 0.9`` while something is
    expected — otherwise on track. A target already reached is always on
    track. (A zero expectation, before the period starts, is on track.)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from salesdesk.domain.kpis import FEN, Kpi, kpi_unit, percent
from salesdesk.domain.periods import TARGET_KINDS, Period, PeriodError

__all__ = [
    "OFF_TRACK_SHORTFALL",
    "Progress",
    "SplitError",
    "SplitMethod",
    "TrackStatus",
    "allocate",
    "progress",
    "smart_problems",
    "split_equal",
    "split_manual",
    "split_target",
    "split_weighted",
    "straight_line_expected",
]

OFF_TRACK_SHORTFALL = Decimal("0.10")
"""Off track when at least this share behind the straight-line expectation."""


class SplitMethod(StrEnum):
    EQUAL = "equal"
    WEIGHTED = "weighted"
    MANUAL = "manual"


class SplitError(ValueError):
    """A split that cannot be made; ``code`` is stable for the UI.

    ``difference``: for manual parts, by how much their sum exceeds the target.
    """

    def __init__(self, code: str, message: str, difference: Decimal | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.difference = difference


Weight = int | Decimal | Fraction


def allocate(total: int, weights: Sequence[Weight], keys: Sequence[str] | None = None) -> list[int]:
    """Split the whole number ``total`` (≥ 0) into parts proportional to ``weights``.

    Largest remainder with exact arithmetic; the parts are non-negative and sum
    to ``total``. Ties go to the larger weight, then the smaller key (default:
    the position). All-zero weights split equally. Raises ValueError for no
    weights, a negative weight or a negative total.
    """
    if total < 0:
        raise ValueError("cannot allocate a negative total")
    if not weights:
        raise ValueError("nothing to allocate to")
    exact = [Fraction(w) for w in weights]
    if any(w < 0 for w in exact):
        raise ValueError("weights must not be negative")
    if keys is None:
        keys = [f"{i:012d}" for i in range(len(exact))]
    elif len(keys) != len(exact):
        raise ValueError("one key per weight")
    weight_sum = sum(exact, Fraction(0))
    if weight_sum == 0:
        exact = [Fraction(1)] * len(exact)
        weight_sum = Fraction(len(exact))
    shares = [total * w / weight_sum for w in exact]
    parts = [int(share) for share in shares]  # floor: shares are non-negative
    left = total - sum(parts)
    order = sorted(
        range(len(exact)),
        key=lambda i: (-(shares[i] - parts[i]), -exact[i], keys[i]),
    )
    for i in order[:left]:
        parts[i] += 1
    return parts


def _units(value: Decimal, unit: Decimal, what: str) -> int:
    if not value.is_finite():
        raise SplitError("invalid_value", f"{what} must be a number")
    if value < 0:
        raise SplitError("negative", f"{what} must not be negative")
    units = value / unit
    if units != units.to_integral_value(rounding=ROUND_FLOOR):
        raise SplitError("too_precise", f"{what} must be a whole multiple of {unit}")
    return int(units)


def _unique(reps: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    if not reps:
        raise SplitError("no_reps", "a target is split to at least one rep")
    if len(set(reps)) != len(reps):
        raise SplitError("duplicate_rep", "each rep may appear only once")
    return list(reps)


def split_weighted(
    total: Decimal, weights: Mapping[uuid.UUID, Decimal | int], unit: Decimal = Decimal("0.01")
) -> dict[uuid.UUID, Decimal]:
    """Split ``total`` in proportion to ``weights`` (e.g. last period's actuals), in whole units.

    All-zero weights split equally; the parts sum exactly to ``total``.
    """
    reps = _unique(list(weights))
    units = _units(total, unit, "the team target")
    raw = [Decimal(weights[rep]) for rep in reps]
    if any(not w.is_finite() or w < 0 for w in raw):
        raise SplitError("negative_weight", "weights (last period's actuals) must not be negative")
    parts = allocate(units, raw, [str(rep) for rep in reps])
    return {rep: (part * unit).quantize(FEN) for rep, part in zip(reps, parts, strict=True)}


def split_equal(
    total: Decimal, reps: Sequence[uuid.UUID], unit: Decimal = Decimal("0.01")
) -> dict[uuid.UUID, Decimal]:
    """Split ``total`` equally in whole units; leftover units go to the smallest rep ids."""
    return split_weighted(total, dict.fromkeys(_unique(reps), 0), unit)


def split_manual(
    total: Decimal, parts: Mapping[uuid.UUID, Decimal], unit: Decimal = Decimal("0.01")
) -> dict[uuid.UUID, Decimal]:
    """Check manually entered parts: whole units, not negative, summing exactly to ``total``.

    Raises :class:`SplitError` (code ``sum_mismatch`` with ``difference`` =
    parts − total) when they do not add up.
    """
    _unique(list(parts))
    _units(total, unit, "the team target")
    for value in parts.values():
        _units(Decimal(value), unit, "each rep's part")
    difference = sum((Decimal(v) for v in parts.values()), Decimal(0)) - total
    if difference != 0:
        raise SplitError(
            "sum_mismatch",
            f"the parts add up to {total + difference}, not {total} (off by {difference})",
            difference,
        )
    return {rep: Decimal(value).quantize(FEN) for rep, value in parts.items()}


def split_target(
    kpi: Kpi | str,
    method: SplitMethod | str,
    total: Decimal,
    reps: Sequence[uuid.UUID],
    *,
    weights: Mapping[uuid.UUID, Decimal | int] | None = None,
    parts: Mapping[uuid.UUID, Decimal] | None = None,
) -> dict[uuid.UUID, Decimal]:
    """Split a team target for ``kpi`` to ``reps`` by ``method`` in the KPI's unit.

    ``weights``: previous-period actuals (a rep missing from it weighs 0).
    ``parts``: the manual parts (must name exactly ``reps``).
    For ``retention_rate`` every rep gets the team rate.
    """
    kpi = Kpi(kpi)
    method = SplitMethod(method)
    reps = _unique(reps)
    unit = kpi_unit(kpi)
    if kpi == Kpi.RETENTION_RATE:
        _units(total, unit, "the team target")
        return dict.fromkeys(reps, total.quantize(FEN))
    if method == SplitMethod.EQUAL:
        return split_equal(total, reps, unit)
    if method == SplitMethod.WEIGHTED:
        given = weights or {}
        return split_weighted(total, {rep: given.get(rep, 0) for rep in reps}, unit)
    given_parts = parts or {}
    if set(given_parts) != set(reps):
        raise SplitError("reps_mismatch", "enter a part for every rep of the team, and only them")
    return split_manual(total, {rep: given_parts[rep] for rep in reps}, unit)


# ---- progress against a target ----------------------------------------------------------------


class TrackStatus(StrEnum):
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"


@dataclasses.dataclass(frozen=True, slots=True)
class Progress:
    """Where a target stands on a date; the UI formats and translates it."""

    target: Decimal
    actual: Decimal
    attainment_pct: Decimal | None  # actual / target, percent with 2 decimals
    expected: Decimal  # straight-line expectation to date, in the KPI's unit
    time_elapsed_pct: Decimal  # 时间进度: elapsed days / days, percent with 2 decimals
    gap_to_expected: Decimal  # expected − actual (negative: ahead)
    remaining: Decimal  # target − actual, not below 0
    status: TrackStatus
    achieved: bool

    @property
    def off_track(self) -> bool:
        return self.status == TrackStatus.OFF_TRACK


def straight_line_expected(
    target: Decimal, period: Period, on: dt.date, unit: Decimal = Decimal("0.01")
) -> Decimal:
    """``target × elapsed / total days`` on date ``on``, rounded half up to ``unit``."""
    exact = target * period.days_elapsed(on) / Decimal(period.total_days)
    return exact.quantize(unit, rounding=ROUND_HALF_UP)


def progress(
    target: Decimal | int,
    actual: Decimal | int,
    period: Period,
    on: dt.date,
    unit: Decimal = Decimal("0.01"),
) -> Progress:
    """Progress of ``actual`` against ``target`` for ``period`` as of the end of day ``on``."""
    target = Decimal(target)
    actual = Decimal(actual)
    expected = straight_line_expected(target, period, on, unit)
    achieved = target > 0 and actual >= target
    behind = expected > 0 and actual <= expected * (1 - OFF_TRACK_SHORTFALL)
    elapsed = percent(period.days_elapsed(on), period.total_days)
    return Progress(
        target=target,
        actual=actual,
        attainment_pct=percent(actual, target),
        expected=expected,
        time_elapsed_pct=elapsed if elapsed is not None else Decimal("0.00"),
        gap_to_expected=expected - actual,
        remaining=max(target - actual, Decimal(0)),
        status=TrackStatus.OFF_TRACK if behind and not achieved else TrackStatus.ON_TRACK,
        achieved=achieved,
    )


def smart_problems(
    kpi: Kpi | str,
    value: Decimal | None,
    period_text: str,
    previous_actual: Decimal | int | None = None,
    *,
    stretch_limit: Decimal = Decimal(3),
) -> list[str]:
    """Codes of what keeps a target from being SMART (具体、可衡量、可实现、相关、有时限).

    ``no_value`` (not measurable), ``bad_period`` (not time-bound, or not a
    month/quarter/year), ``unrealistic`` (more than ``stretch_limit`` × last
    period's actual, a hint for "achievable"), ``rate_over_100`` for a
    retention rate above 100%. Empty: fine.
    """
    problems: list[str] = []
    if value is None or value <= 0:
        problems.append("no_value")
    try:
        Period.parse(period_text, kinds=TARGET_KINDS)
    except PeriodError:
        problems.append("bad_period")
    if value is not None and Kpi(kpi) == Kpi.RETENTION_RATE and value > 100:
        problems.append("rate_over_100")
    if (
        value is not None
        and previous_actual is not None
        and Decimal(previous_actual) > 0
        and value > Decimal(previous_actual) * stretch_limit
    ):
        problems.append("unrealistic")
    return problems
