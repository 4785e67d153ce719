"""Queries and writes behind the Targets area (目标): SMART targets, splitting a team target to
reps, and progress against target from the data this copy holds.

Targets are ``Target`` rows (team configuration: managers write, the team reads):

* a **team target** has no ``user_id``; ``split_method`` says how it was split;
* its **parts** (配额) have the rep's ``user_id`` and ``parent_id`` = the team target; they
  always add up exactly to the team target (``domain.targets``), are written in one
  transaction, and a new split replaces them (a rep's part is updated in place, parts of
  reps no longer in the team are deleted, new reps get one);
* an **individual target** has a ``user_id`` and no parent (set for one rep directly).

Editing a split team target re-splits it in the same transaction, with the same method
(a manual split is scaled to the new value in proportion to its parts), so the parts can
never drift from the team value.

Actuals come from ``domain.kpis`` over the records in this copy: a manager's copy holds the
team's, a rep's only their own — a rep's team line uses the figures the server computed for
the team (``TeamFigure``), as of their ``computed_at``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.entities import KPIS, Customer, Deal, Target, TeamFigure, Visit
from salesdesk.domain.kpis import (
    FEN,
    Kpi,
    KpiData,
    KpiValue,
    kpi_by_rep,
    kpi_unit,
    team_kpi,
)
from salesdesk.domain.periods import TARGET_KINDS, Period, PeriodError, local_date
from salesdesk.domain.schema import FieldError, ValidationError, utcnow
from salesdesk.domain.targets import (
    Progress,
    SplitError,
    SplitMethod,
    progress,
    smart_problems,
    split_target,
)
from salesdesk.store.reports import local_zone, user_names
from salesdesk.store.store import Store, Writer, record_from_row
from salesdesk.store.team import Member, team_reps

__all__ = [
    "SplitContext",
    "TargetCheck",
    "TargetLine",
    "TargetsView",
    "TeamTarget",
    "check_target",
    "delete_target",
    "kpi_data",
    "kpi_values",
    "load_targets",
    "restore_targets",
    "save_target",
    "split_context",
    "split_team_target",
]

EDITABLE_FIELDS = ("kpi", "period", "value", "description", "user_id")


# ---- actuals ------------------------------------------------------------------------------------


def kpi_data(
    store: Store,
    people: Collection[uuid.UUID],
    periods: Sequence[Period],
    tz: dt.tzinfo,
    kpis: Collection[str] = KPIS,
) -> KpiData:
    """The records the ``kpis`` of ``people`` over ``periods`` are computed from: won deals
    closed in them, done visits checked in during them, customers new in them or that can be
    in a retention base."""
    if not people or not periods:
        return KpiData()
    first = min(p.start for p in periods)
    after = max(p.end_exclusive for p in periods)
    start = dt.datetime.combine(first, dt.time(), tzinfo=tz).astimezone(dt.UTC)
    end = dt.datetime.combine(after, dt.time(), tzinfo=tz).astimezone(dt.UTC)
    owners = list(people)
    wanted = set(kpis)
    deals: list[Deal] = []
    visits: list[Visit] = []
    customers: list[Customer] = []
    if wanted & {"revenue", "deals_won"}:
        table = store.table(Deal)
        deals = store.select(
            Deal,
            table.c.status == "won",
            table.c.owner_id.in_(owners),
            table.c.closed_on >= first,
            table.c.closed_on < after,
        )
    if "visits" in wanted:
        table = store.table(Visit)
        visits = store.select(
            Visit,
            table.c.status == "done",
            table.c.rep_id.in_(owners),
            table.c.checked_in_at >= start,
            table.c.checked_in_at < end,
        )
    if wanted & {"new_customers", "retention_rate"}:
        table = store.table(Customer)
        can_count: list[sa.ColumnElement[bool]] = []
        if "new_customers" in wanted:
            can_count.append(sa.and_(table.c.created_at >= start, table.c.created_at < end))
        if "retention_rate" in wanted:
            can_count.append(sa.and_(table.c.status != "prospect", table.c.created_at < end))
        customers = store.select(Customer, table.c.owner_id.in_(owners), sa.or_(*can_count))
    churned = {c.id: c.churned_on for c in customers if c.churned_on is not None}
    return KpiData.of(customers=customers, deals=deals, visits=visits, churned_on=churned)


def kpi_values(
    kpi: str, data: KpiData, period: Period, tz: dt.tzinfo, people: Collection[uuid.UUID]
) -> tuple[dict[uuid.UUID, Decimal | None], Decimal | None]:
    """Each person's value and the team's (sum, or the pooled retention rate) as Decimals."""
    per_rep = kpi_by_rep(kpi, data, period, tz, people)
    team = team_kpi(kpi, data, period, tz, people)
    return (
        {rep: _decimal(value) for rep, value in per_rep.items()},
        _decimal(team),
    )


def _decimal(value: KpiValue | None) -> Decimal | None:
    return None if value is None else Decimal(value)


# ---- reading targets ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class TargetLine:
    """One target with its actual and progress as of ``today``."""

    target: Target
    user_id: uuid.UUID | None  # None: the team
    name: str  # the rep's name ("" for the team)
    actual: Decimal | None  # None: not known here (a rate without base, no team figures)
    progress: Progress | None  # None when the actual is not known

    @property
    def kpi(self) -> str:
        return self.target.kpi

    @property
    def value(self) -> Decimal:
        return self.target.value or Decimal("0.00")


@dataclasses.dataclass(frozen=True)
class TeamTarget:
    """A team target with its parts (one per rep when split)."""

    line: TargetLine
    parts: tuple[TargetLine, ...]
    unsplit_reps: tuple[Member, ...]  # team reps without a part (joined after the split)

    @property
    def target(self) -> Target:
        return self.line.target

    @property
    def split(self) -> bool:
        return bool(self.parts)


@dataclasses.dataclass(frozen=True)
class TargetsView:
    """The targets of one period and their progress."""

    period: Period
    today: dt.date
    manager: bool  # the viewer may write targets (and sees every rep's part)
    team: tuple[TeamTarget, ...]
    individual: tuple[TargetLine, ...]  # targets set for one rep directly
    reps: tuple[Member, ...]
    team_figures_at: dt.datetime | None  # a rep's team line: when the server computed it


def _line(
    target: Target,
    name: str,
    actual: Decimal | None,
    period: Period,
    today: dt.date,
) -> TargetLine:
    shown = None
    if actual is not None:
        shown = progress(target.value or Decimal(0), actual, period, today, kpi_unit(target.kpi))
    return TargetLine(target, target.user_id, name, actual, shown)


def _team_figures(store: Store, period: Period) -> dict[str, TeamFigure]:
    table = store.table(TeamFigure)
    figures = store.select(
        TeamFigure,
        table.c.period == period.code,
        table.c.user_id.is_(None),
        order_by=[table.c.computed_at],
    )
    return {figure.kpi: figure for figure in figures}


def _kpi_order(target: Target) -> tuple[int, str]:
    return (KPIS.index(target.kpi) if target.kpi in KPIS else len(KPIS), str(target.id))


def load_targets(
    store: Store, period: Period, *, today: dt.date | None = None, tz: dt.tzinfo | None = None
) -> TargetsView:
    """The period's targets with progress. A manager sees every part; a rep the team targets,
    their own parts and their own individual targets."""
    tz = tz or local_zone()
    today = today or local_date(utcnow(), tz)
    profile = store.profile
    manager = profile.is_manager
    reps = team_reps(store)
    table = store.table(Target)
    targets = store.select(Target, table.c.period == period.code, order_by=[table.c.created_at])
    if not manager:
        targets = [t for t in targets if t.user_id in (None, profile.user_id)]
    names = {rep.id: rep.name for rep in reps}
    others = {t.user_id for t in targets if t.user_id is not None and t.user_id not in names}
    names.update(user_names(store, others))
    names.setdefault(profile.user_id, profile.display_name)
    people = set(names) if manager else {profile.user_id}
    kpis = {t.kpi for t in targets}
    data = kpi_data(store, people, [period], tz, kpis)
    members = [rep.id for rep in reps] if manager else [profile.user_id]
    per_person: dict[str, dict[uuid.UUID, Decimal | None]] = {}
    team_values: dict[str, Decimal | None] = {}
    for kpi in kpis:
        per_person[kpi], team_values[kpi] = kpi_values(kpi, data, period, tz, people)
        if manager:  # the team is its reps (a part of someone who left still shows alone)
            team_values[kpi] = kpi_values(kpi, data, period, tz, members)[1]
    figures = {} if manager else _team_figures(store, period)
    figures_at = max(
        (f.computed_at for f in figures.values() if f.computed_at is not None), default=None
    )

    def team_actual(kpi: str) -> Decimal | None:
        if manager:
            return team_values.get(kpi)
        figure = figures.get(kpi)
        return figure.value if figure is not None else None

    def line(target: Target) -> TargetLine:
        if target.user_id is None:
            return _line(target, "", team_actual(target.kpi), period, today)
        actual = per_person.get(target.kpi, {}).get(target.user_id)
        return _line(target, names.get(target.user_id, ""), actual, period, today)

    parts_of: dict[uuid.UUID, list[Target]] = {}
    for target in targets:
        if target.parent_id is not None and target.user_id is not None:
            parts_of.setdefault(target.parent_id, []).append(target)
    team_rows = sorted((t for t in targets if t.user_id is None), key=_kpi_order)
    team: list[TeamTarget] = []
    for target in team_rows:
        parts = sorted(
            parts_of.get(target.id, []),
            key=lambda p: (names.get(p.user_id, "") if p.user_id else "", str(p.user_id)),
        )
        split_reps = {p.user_id for p in parts}
        unsplit = tuple(rep for rep in reps if parts and rep.id not in split_reps)
        team.append(
            TeamTarget(
                line=line(target),
                parts=tuple(line(p) for p in parts),
                unsplit_reps=unsplit if manager else (),
            )
        )
    known = {t.id for t in team_rows}
    individual = tuple(
        line(t)
        for t in sorted(targets, key=_kpi_order)
        if t.user_id is not None and (t.parent_id is None or t.parent_id not in known)
    )
    return TargetsView(
        period=period,
        today=today,
        manager=manager,
        team=tuple(team),
        individual=individual,
        reps=tuple(reps),
        team_figures_at=figures_at,
    )


# ---- checking and saving a target ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class TargetCheck:
    """What stands in the way of a target (errors by field) and a hint to confirm."""

    errors: tuple[FieldError, ...]
    unrealistic: bool  # more than 3 × last period's actual (ask before saving)
    previous_actual: Decimal | None

    @property
    def ok(self) -> bool:
        return not self.errors


_SMART_FIELDS = {
    "no_value": ("value", "no_value", "a target needs a value above 0"),
    "bad_period": ("period", "invalid_period", "a target covers a month, a quarter or a year"),
    "rate_over_100": ("value", "rate_over_100", "a retention rate is at most 100%"),
}


def _clean(store: Store, values: Mapping[str, Any]) -> dict[str, Any]:
    given = {k: v for k, v in values.items() if k in EDITABLE_FIELDS}
    given["team_id"] = store.profile.team_id
    return Target.definition.clean_values(given, creating=True)


def _previous_actual(
    store: Store, kpi: str, period: Period, user_id: uuid.UUID | None, tz: dt.tzinfo
) -> Decimal | None:
    previous = period.previous()
    people = [user_id] if user_id is not None else [rep.id for rep in team_reps(store)]
    data = kpi_data(store, people, [previous], tz, {kpi})
    per_rep, team = kpi_values(kpi, data, previous, tz, people)
    return per_rep.get(user_id) if user_id is not None else team


def check_target(
    store: Store,
    values: Mapping[str, Any],
    target_id: uuid.UUID | None = None,
    *,
    tz: dt.tzinfo | None = None,
) -> TargetCheck:
    """Check a target's values: the declaration, SMART (a value, a month/quarter/year period,
    a rate up to 100%), one target per KPI, period and person; flags a stretch above three
    times last period's actual."""
    tz = tz or local_zone()
    errors: list[FieldError] = []
    try:
        cleaned = _clean(store, values)
    except ValidationError as error:
        found = [
            FieldError(*_SMART_FIELDS["bad_period"]) if e.field == "period" else e
            for e in error.errors.values()
        ]  # any period that is not 2026-11, 2026-Q4 or 2026 gets the same clear message
        return TargetCheck(tuple(found), False, None)
    kpi, period_text, value = cleaned["kpi"], cleaned["period"], cleaned["value"]
    user_id = cleaned.get("user_id")
    previous: Decimal | None = None
    try:
        period = Period.parse(period_text, kinds=TARGET_KINDS)
    except PeriodError:
        period = None
    if period is not None and Kpi(kpi) != Kpi.RETENTION_RATE:
        previous = _previous_actual(store, kpi, period, user_id, tz)
    problems = smart_problems(kpi, value, period_text, previous)
    unit = kpi_unit(kpi)
    if value is not None and value > 0 and value % unit != 0:
        errors.append(FieldError("value", "too_precise", f"use whole multiples of {unit}"))
    for code in problems:
        if code in _SMART_FIELDS:
            errors.append(FieldError(*_SMART_FIELDS[code]))
    table = store.table(Target)
    same = store.select(
        Target,
        table.c.kpi == kpi,
        table.c.period == period_text,
        table.c.user_id.is_(None) if user_id is None else table.c.user_id == user_id,
    )
    if any(t.id != target_id for t in same):
        errors.append(
            FieldError("kpi", "duplicate_target", "there is already such a target for the period")
        )
    if target_id is not None:
        current = store.get(Target, target_id)
        if current is not None and current.user_id != user_id:
            errors.append(FieldError("user_id", "read_only", "a target's person cannot be changed"))
    return TargetCheck(tuple(errors), "unrealistic" in problems, previous)


def _live_parts(writer: Writer, team_id: uuid.UUID) -> list[Target]:
    table = writer.store.table(Target)
    rows = (
        writer.connection.execute(
            sa.select(table)
            .where(table.c.parent_id == team_id, table.c.deleted.is_(False))
            .order_by(table.c.created_at, table.c.id)
        )
        .mappings()
        .all()
    )
    return [record_from_row(Target.definition, row) for row in rows]  # type: ignore[misc]


def save_target(
    store: Store,
    values: Mapping[str, Any],
    target_id: uuid.UUID | None = None,
    *,
    tz: dt.tzinfo | None = None,
) -> Target:
    """Create or change a target (``kpi``, ``period``, ``value``, ``description``, and for a
    new one ``user_id``: None for the team). A split team target is split again with its
    method (manual parts scaled to the new value), in the same transaction."""
    tz = tz or local_zone()
    check = check_target(store, values, target_id, tz=tz)
    if check.errors:
        raise ValidationError(check.errors)
    cleaned = _clean(store, values)
    if target_id is None:
        with store.transaction() as writer:
            return writer.create(Target, {**cleaned, "split_method": "none"})
    current = store.get(Target, target_id)
    if current is None:
        raise ValidationError([FieldError("id", "not_found", "the target was deleted")])
    changes = {k: cleaned[k] for k in ("kpi", "period", "value", "description")}
    edited = dataclasses.replace(current, **changes)
    table = store.table(Target)
    parts = store.select(Target, table.c.parent_id == target_id)
    computed: dict[uuid.UUID, Decimal] | None = None
    method = edited.split_method if edited.split_method != "none" else SplitMethod.EQUAL
    if edited.user_id is None and parts:
        if method == SplitMethod.MANUAL:
            old = {p.user_id: p.value or Decimal(0) for p in parts if p.user_id is not None}
            computed = _split(store, edited, SplitMethod.WEIGHTED, list(old), weights=old, tz=tz)
        else:
            computed = _split(store, edited, method, [r.id for r in team_reps(store)], tz=tz)
    with store.transaction() as writer:
        saved = writer.update(Target, target_id, changes)
        if computed is not None:
            _write_parts(writer, saved, method, computed, _live_parts(writer, target_id))
        return saved


def delete_target(store: Store, target_id: uuid.UUID) -> list[uuid.UUID]:
    """Delete a target and, for a team target, its parts; returns every deleted id (for Undo)."""
    with store.transaction() as writer:
        parts = _live_parts(writer, target_id)
        writer.delete(Target, target_id)
        for part in parts:
            writer.delete(Target, part.id)
    return [target_id, *(p.id for p in parts)]


def restore_targets(store: Store, ids: Iterable[uuid.UUID]) -> None:
    """Undo :func:`delete_target`: bring the target and its parts back."""
    with store.transaction() as writer:
        for target_id in ids:
            writer.restore(Target, target_id)


# ---- splitting ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SplitContext:
    """What the split dialog needs: the team target, the reps, last period's actuals, the
    current parts."""

    target: Target
    period: Period
    reps: tuple[Member, ...]
    previous: Period
    previous_actuals: dict[uuid.UUID, Decimal | None]
    parts: dict[uuid.UUID, Decimal]  # the current split (empty: not split yet)
    unit: Decimal

    def weights(self) -> dict[uuid.UUID, Decimal]:
        return {rep.id: self.previous_actuals.get(rep.id) or Decimal(0) for rep in self.reps}

    def preview(
        self, method: str, parts: Mapping[uuid.UUID, Decimal] | None = None
    ) -> dict[uuid.UUID, Decimal]:
        """The parts a split by ``method`` gives (domain rules); raises SplitError."""
        return split_target(
            self.target.kpi,
            method,
            self.target.value or Decimal(0),
            [rep.id for rep in self.reps],
            weights=self.weights(),
            parts=parts,
        )


def _team_target(store: Store, target_id: uuid.UUID) -> Target:
    target = store.get(Target, target_id)
    if target is None:
        raise ValidationError([FieldError("id", "not_found", "the target was deleted")])
    if target.user_id is not None:
        raise ValidationError(
            [FieldError("user_id", "not_team", "only a team target is split to reps")]
        )
    return target


def split_context(
    store: Store, target_id: uuid.UUID, *, tz: dt.tzinfo | None = None
) -> SplitContext:
    tz = tz or local_zone()
    target = _team_target(store, target_id)
    period = Period.parse(target.period)
    previous = period.previous()
    reps = team_reps(store)
    people = [rep.id for rep in reps]
    data = kpi_data(store, people, [previous], tz, {target.kpi})
    actuals, _team = kpi_values(target.kpi, data, previous, tz, people)
    table = store.table(Target)
    parts = {
        p.user_id: p.value or Decimal(0)
        for p in store.select(Target, table.c.parent_id == target.id)
        if p.user_id is not None
    }
    return SplitContext(
        target=target,
        period=period,
        reps=tuple(reps),
        previous=previous,
        previous_actuals=actuals,
        parts=parts,
        unit=kpi_unit(target.kpi),
    )


def _split(
    store: Store,
    target: Target,
    method: str,
    reps: Sequence[uuid.UUID],
    *,
    parts: Mapping[uuid.UUID, Decimal] | None = None,
    weights: Mapping[uuid.UUID, Decimal] | None = None,
    tz: dt.tzinfo,
) -> dict[uuid.UUID, Decimal]:
    if method == SplitMethod.WEIGHTED and weights is None:
        previous = Period.parse(target.period).previous()
        data = kpi_data(store, reps, [previous], tz, {target.kpi})
        actuals, _team = kpi_values(target.kpi, data, previous, tz, reps)
        weights = {rep: actuals.get(rep) or Decimal(0) for rep in reps}
    try:
        return split_target(
            target.kpi,
            method,
            target.value or Decimal(0),
            reps,
            weights=weights,
            parts=parts,
        )
    except SplitError as error:
        raise ValidationError([FieldError("parts", error.code, str(error))]) from error


def _write_parts(
    writer: Writer,
    team: Target,
    method: str,
    computed: Mapping[uuid.UUID, Decimal],
    existing: Sequence[Target],
) -> list[Target]:
    """Replace the parts: update each rep's part, delete the rest, create the missing ones."""
    kept: dict[uuid.UUID, Target] = {}
    for part in existing:
        rep = part.user_id
        if rep is not None and rep in computed and rep not in kept:
            kept[rep] = part
        else:
            writer.delete(Target, part.id)
    written = []
    for rep, value in computed.items():
        fields = {
            "kpi": team.kpi,
            "period": team.period,
            "value": value.quantize(FEN),
            "split_method": method,
        }
        if rep in kept:
            written.append(writer.update(Target, kept[rep].id, fields))
        else:
            written.append(
                writer.create(
                    Target,
                    {**fields, "user_id": rep, "parent_id": team.id, "team_id": team.team_id},
                )
            )
    if team.split_method != method:
        writer.update(Target, team.id, {"split_method": method})
    return written


def split_team_target(
    store: Store,
    target_id: uuid.UUID,
    method: str,
    *,
    parts: Mapping[uuid.UUID, Decimal] | None = None,
    reps: Sequence[uuid.UUID] | None = None,
    tz: dt.tzinfo | None = None,
) -> list[Target]:
    """Split a team target to reps (default: the team's reps) by ``method`` — equal,
    weighted by last period's actuals, or manual ``parts`` — replacing any earlier split, in
    one transaction. The parts add up exactly to the team target (else ValidationError on
    ``parts``, and nothing is written)."""
    tz = tz or local_zone()
    target = _team_target(store, target_id)
    chosen = list(reps) if reps is not None else [rep.id for rep in team_reps(store)]
    SplitMethod(method)
    computed = _split(store, target, method, chosen, parts=parts, tz=tz)
    with store.transaction() as writer:
        existing = _live_parts(writer, target_id)
        return _write_parts(writer, target, method, computed, existing)
