"""The leaderboard (排行榜) and team goal as this copy can tell them.

Where the numbers come from (``Standings.source``):

``server``
    A rep's copy holds only their own customers, so it shows the standings the
    server computed from everybody's synced data (``team_figure`` rows, pulled
    with every sync) — "as of the last sync". The rep's own line is then brought
    up to date with their own unsynced work: when some of their own deals,
    visits or customers have pending outbox entries, their value is computed
    from their local records (which are all of theirs) and marked provisional,
    the team total moves by the same difference, and the ranks are recomputed.
``local``
    A manager's copy holds the whole team, and a local profile (no server) is
    all there is: the standings are computed live from the local records with
    the same rules the server uses (``figure_rules``), the manager's own pending
    changes marked provisional. A signed-in rep asking for a period the server
    keeps no figures for sees only their own line.

The time zone is the computer's (``reports.local_zone``); the server uses the
team's (Asia/Shanghai unless set), the same for a team in China.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from salesdesk.domain.entities import Target, TeamFigure, User
from salesdesk.domain.kpis import Kpi, KpiData, KpiValue, is_additive, kpi_by_rep, kpi_unit, percent
from salesdesk.domain.leaderboard import (
    Standing,
    TeamGoalProgress,
    provisional_parts,
    rank_values,
    team_goal,
)
from salesdesk.domain.periods import TARGET_KINDS, Period
from salesdesk.domain.schema import format_datetime, parse_datetime
from salesdesk.store import figure_rules as rules
from salesdesk.store.pending import pending_ids
from salesdesk.store.reports import local_zone
from salesdesk.store.store import Store
from salesdesk.store.tables import ENTITY_TABLES

__all__ = [
    "LOCAL",
    "SERVER",
    "StandingRow",
    "Standings",
    "as_kpi_value",
    "parse_period",
    "standings",
    "team_people",
]

SERVER = "server"
LOCAL = "local"
KPI_ENTITIES = ("customer", "deal", "visit")


def parse_period(text: str) -> Period:
    """A month, quarter or year (``2026-11``, ``2026-Q4``, ``2026``); PeriodError otherwise."""
    return Period.parse(text, kinds=TARGET_KINDS)


def as_kpi_value(kpi: str, value: Decimal | int | None) -> KpiValue | None:
    """A stored figure as the KPI's own type: whole numbers for counts, Decimal for money/rates."""
    if value is None:
        return None
    if kpi_unit(kpi) == 1:
        return int(value)
    return Decimal(value).quantize(Decimal("0.01"))


@dataclasses.dataclass(frozen=True, slots=True)
class StandingRow:
    """One person's line: the domain's ``Standing`` with a name, target and attainment."""

    user_id: uuid.UUID
    name: str
    value: KpiValue | None
    rank: int | None
    tied: bool
    overtake_rank: int | None
    gap: KpiValue | None
    to_overtake: KpiValue | None
    provisional: bool
    provisional_part: KpiValue | None
    target: Decimal | None
    attainment_pct: Decimal | None
    me: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "user_id": str(self.user_id),
            "name": self.name,
            "rank": self.rank,
            "tied": self.tied,
            "value": _json_number(self.value),
            "target": _json_number(self.target),
            "attainment_pct": _json_number(self.attainment_pct),
            "gap": _json_number(self.gap),
            "to_overtake": _json_number(self.to_overtake),
            "overtake_rank": self.overtake_rank,
            "provisional": self.provisional,
            "provisional_part": _json_number(self.provisional_part),
            "me": self.me,
        }


@dataclasses.dataclass(frozen=True)
class Standings:
    """The leaderboard of one KPI and period, with the team total and goal."""

    kpi: str
    period: str
    source: str  # SERVER or LOCAL
    as_of: dt.datetime | None  # last sync (None: a local profile, computed now)
    computed_at: dt.datetime | None  # when the server last changed these figures
    rows: tuple[StandingRow, ...]
    total: KpiValue | None
    team_target: Decimal | None
    goal: TeamGoalProgress | None
    provisional: bool  # some of the shown values include unsynced work

    @property
    def attainment_pct(self) -> Decimal | None:
        if self.total is None or not self.team_target:
            return None
        return percent(self.total, self.team_target)

    def to_json(self) -> dict[str, Any]:
        """The ``salesdesk leaderboard --json`` shape (README, "Command line")."""
        goal = self.goal
        return {
            "kpi": self.kpi,
            "period": self.period,
            "source": self.source,
            "as_of": format_datetime(self.as_of) if self.as_of else None,
            "computed_at": format_datetime(self.computed_at) if self.computed_at else None,
            "provisional": self.provisional,
            "total": _json_number(self.total),
            "team_target": _json_number(self.team_target),
            "attainment_pct": _json_number(self.attainment_pct),
            "standings": [row.to_json() for row in self.rows],
            "team_goal": None
            if goal is None
            else {
                "goal": _json_number(goal.goal),
                "total": _json_number(goal.total),
                "attainment_pct": _json_number(goal.attainment_pct),
                "remaining": _json_number(goal.remaining),
                "provisional_total": _json_number(goal.provisional_total),
                "members": [
                    {
                        "user_id": str(m.user_id),
                        "value": _json_number(m.value),
                        "share_pct": _json_number(m.share_pct),
                        "goal_pct": _json_number(m.goal_pct),
                        "provisional": m.provisional,
                    }
                    for m in goal.members
                ],
            },
        }


def _json_number(value: Decimal | int | None) -> str | int | None:
    """Money and rates as exact decimal text ("12300.50"), counts as integers."""
    if value is None or isinstance(value, int):
        return value
    return str(value)


# ---- people -----------------------------------------------------------------------------------


def team_people(store: Store) -> list[rules.Person]:
    """The users of the profile's team (every role; the rules decide who is listed)."""
    profile = store.profile
    users = store.table(User)
    where = [users.c.team_id == profile.team_id] if profile.team_id is not None else []
    found = store.select(User, *where, order_by=[users.c.display_name, users.c.id])
    people = [rules.Person(u.id, u.display_name, u.role, u.active) for u in found]
    if all(p.user_id != profile.user_id for p in people):
        people.append(
            rules.Person(profile.user_id, profile.display_name, profile.role, active=True)
        )
    return people


def _last_sync(store: Store) -> dt.datetime | None:
    raw = store.get_meta("last_sync")
    try:
        return parse_datetime(str(raw)) if raw else None
    except ValueError:
        return None


def _local_targets(store: Store, kpi: str, period: Period) -> list[Target]:
    table = store.table(Target)
    where = [table.c.kpi == kpi, table.c.period == period.code]
    if store.profile.team_id is not None:
        where.append(table.c.team_id == store.profile.team_id)
    return store.select(Target, *where)


def _server_figures(store: Store, kpi: str, period: Period) -> list[TeamFigure]:
    table = store.table(TeamFigure)
    where = [table.c.kpi == kpi, table.c.period == period.code]
    if store.profile.team_id is not None:
        where.append(table.c.team_id == store.profile.team_id)
    return store.select(TeamFigure, *where)


def _load(store: Store, people: list[uuid.UUID], period: Period, kpi: str) -> KpiData:
    with store.engine.connect() as connection:
        return rules.load_kpi_data(connection, ENTITY_TABLES, people, [period], local_zone(), [kpi])


# ---- the standings ----------------------------------------------------------------------------


def standings(store: Store, kpi: str, period: Period | str) -> Standings:
    """The leaderboard of ``kpi`` for ``period`` (rules in the module docstring)."""
    kpi = Kpi(kpi).value
    period = parse_period(period) if isinstance(period, str) else period
    profile = store.profile
    signed_in = store.get_meta("server") is not None
    people = team_people(store)
    names = {p.user_id: p.name for p in people}
    # A local profile has no server to sync with: nothing there is "not synced yet".
    pending = pending_ids(store, KPI_ENTITIES) if signed_in else set()
    figures = _server_figures(store, kpi, period) if signed_in else []
    if signed_in and not profile.is_manager:
        if figures:
            return _from_server(store, kpi, period, figures, names, pending)
        people = [p for p in people if p.user_id == profile.user_id]
    return _from_local(store, kpi, period, people, names, pending, as_of=_last_sync(store))


def _from_local(
    store: Store,
    kpi: str,
    period: Period,
    people: list[rules.Person],
    names: Mapping[uuid.UUID, str],
    pending: set[uuid.UUID],
    *,
    as_of: dt.datetime | None,
) -> Standings:
    tz = local_zone()
    data = _load(store, [p.user_id for p in people], period, kpi)
    targets = _local_targets(store, kpi, period)
    lines = rules.team_figures(kpi, data, period, tz, people, targets)
    listed = [line for line in lines if line.user_id is not None and line.listed]
    if not listed:  # nobody sells here yet: show the signed-in user
        me = store.profile.user_id
        listed = [line for line in lines if line.user_id == me]
    total_line = lines[-1]
    values = {line.user_id: as_kpi_value(kpi, line.value) for line in listed if line.user_id}
    target_of = {line.user_id: line.target for line in listed if line.user_id}
    parts = provisional_parts(kpi, data, period, tz, pending, values.keys())
    return _standings(
        store,
        kpi,
        period,
        LOCAL,
        values,
        names,
        target_of,
        parts,
        total=as_kpi_value(kpi, total_line.value),
        team_target=total_line.target,
        as_of=as_of,
        computed_at=None,
    )


def _from_server(
    store: Store,
    kpi: str,
    period: Period,
    figures: list[TeamFigure],
    names: Mapping[uuid.UUID, str],
    pending: set[uuid.UUID],
) -> Standings:
    me = store.profile.user_id
    values: dict[uuid.UUID, KpiValue | None] = {}
    target_of: dict[uuid.UUID, Decimal | None] = {}
    total: KpiValue | None = None
    team_target: Decimal | None = None
    people = {p.user_id: p for p in team_people(store)}
    for figure in figures:
        if figure.user_id is None:
            total = as_kpi_value(kpi, figure.value)
            team_target = figure.target
            continue
        person = people.get(figure.user_id)
        value = as_kpi_value(kpi, figure.value)
        if figure.user_id == me or (person is not None and rules.is_listed(person, value)):
            values[figure.user_id] = value
            target_of[figure.user_id] = figure.target
    parts: dict[uuid.UUID, KpiValue | None] = {}
    if pending:
        tz = local_zone()
        data = _load(store, [me], period, kpi)
        parts = provisional_parts(kpi, data, period, tz, pending, [me])
        if me in parts:  # my own unsynced work: my line from my own records, which are all here
            mine = kpi_by_rep(kpi, data, period, tz, [me])[me]
            before = values.get(me)
            values[me] = mine
            if is_additive(kpi) and total is not None:
                total = total + (mine or 0) - (before or 0)
    computed = max((f.computed_at for f in figures if f.computed_at), default=None)
    return _standings(
        store,
        kpi,
        period,
        SERVER,
        values,
        names,
        target_of,
        parts,
        total=total,
        team_target=team_target,
        as_of=_last_sync(store),
        computed_at=computed,
    )


def _standings(
    store: Store,
    kpi: str,
    period: Period,
    source: str,
    values: Mapping[uuid.UUID, KpiValue | None],
    names: Mapping[uuid.UUID, str],
    target_of: Mapping[uuid.UUID, Decimal | None],
    parts: Mapping[uuid.UUID, KpiValue | None],
    *,
    total: KpiValue | None,
    team_target: Decimal | None,
    as_of: dt.datetime | None,
    computed_at: dt.datetime | None,
) -> Standings:
    me = store.profile.user_id
    ranked: list[Standing] = rank_values(values, names=names, unit=kpi_unit(kpi), provisional=parts)
    rows = []
    for s in ranked:
        target = target_of.get(s.user_id)
        rows.append(
            StandingRow(
                user_id=s.user_id,
                name=names.get(s.user_id, ""),
                value=s.value,
                rank=s.rank,
                tied=s.tied,
                overtake_rank=s.overtake_rank,
                gap=s.gap,
                to_overtake=s.to_overtake,
                provisional=s.provisional,
                provisional_part=s.provisional_part,
                target=target,
                attainment_pct=percent(s.value, target) if s.value is not None and target else None,
                me=s.user_id == me,
            )
        )
    goal = None
    if is_additive(kpi) and team_target:
        contributions = {row.user_id: row.value or 0 for row in rows}
        goal = team_goal(team_target, contributions, names=names, provisional=parts)
    return Standings(
        kpi=kpi,
        period=period.code,
        source=source,
        as_of=as_of,
        computed_at=computed_at,
        rows=tuple(rows),
        total=total,
        team_target=team_target,
        goal=goal,
        provisional=any(row.provisional for row in rows),
    )
