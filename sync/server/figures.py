"""Team figures: the server computes each team's standings and writes them as ``team_figure`` rows.

A rep holds only their own customers, so their copy cannot rank the team. The
server can: for each team, each KPI (``domain.kpis``) and each period it keeps
(the current and previous month, quarter and year — ``figure_periods``), it
computes every listed member's value and the team total, the target
(``Target`` rows) and the rank (``domain.leaderboard.rank_values``); the
rules of who and what counts are in ``salesdesk.store.figure_rules``, shared
with the desktop's local leaderboard.

The rows are written through the server's one write path (``rows.RowWriter``),
as the server (no user), with scope keys *team, wide*: every member of the team
pulls every member's figures, nobody outside the team gets any. Only rows whose
value, target or rank changed are written (each change takes a seq, so an
unchanged refresh costs the clients nothing); figures of people who left the
team are tombstoned.

When: right after a push batch that changed deals, visits, customers or
targets (``after_push``: only the teams and KPI families it touched; in its
own write transaction, so a failure here is logged and never undoes or fails
the push — the next change or ``salesdesk-server figures refresh`` catches
up), after admin commands that change a team's people, and on demand with
``salesdesk-server --db URL figures refresh [--team NAME] [--period PERIOD …]``.

Time zone: the team's wall clock decides which period a check-in or a new
customer falls in. ``SALESDESK_TEAM_TZ`` (an IANA name) sets it for the
server; the default is ``Asia/Shanghai`` (China has one time zone).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa

from salesdesk.domain.entities import Target
from salesdesk.domain.ids import uuid7
from salesdesk.domain.periods import Period, local_date
from salesdesk.domain.schema import ENTITIES, utcnow
from salesdesk.store import figure_rules as rules
from sync.server.rows import RowWriter, writing
from sync.server.scope import Keys
from sync.server.tables import ENTITY_TABLES, sync_row

log = logging.getLogger(__name__)

TZ_ENV = "SALESDESK_TEAM_TZ"
DEFAULT_TZ = "Asia/Shanghai"
FIGURE = ENTITIES["team_figure"]
FIGURES = ENTITY_TABLES["team_figure"]
USERS = ENTITY_TABLES["user"]
TARGETS = ENTITY_TABLES["target"]
WATCHED = frozenset({"deal", "visit", "customer", "target"})
"""Entities whose changes can move a figure."""


class FiguresError(Exception):
    """A figures problem an administrator can fix (a bad time zone setting)."""


def team_zone() -> ZoneInfo:
    """The teams' time zone: ``$SALESDESK_TEAM_TZ`` or Asia/Shanghai."""
    name = os.environ.get(TZ_ENV, "").strip() or DEFAULT_TZ
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise FiguresError(f"{TZ_ENV}={name!r} is not a time zone (e.g. Asia/Shanghai)") from None


@dataclasses.dataclass(frozen=True)
class Touched:
    """What a write transaction changed that figures depend on: row ids per watched entity,
    and customers edited only in other fields (they count if churned: a churned customer's
    last edit can date its churn, see ``kpis.churn_date``)."""

    rows: Mapping[str, frozenset[uuid.UUID]]
    edited_customers: frozenset[uuid.UUID] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.rows and not self.edited_customers


FIGURE_FIELDS: dict[str, frozenset[str]] = {
    "deal": frozenset({"owner_id", "amount", "status", "closed_on", "deleted"}),
    "visit": frozenset({"rep_id", "status", "checked_in_at", "deleted"}),
    "customer": frozenset({"owner_id", "status", "churned_on", "deleted"}),
}
"""The columns of a watched entity that figures read (``figure_rules.load_kpi_data``); an
update of other columns only cannot move a figure. Targets: every column counts."""


def touched(
    logged: Iterable[Mapping[str, Any]], updated_fields: Mapping[int, frozenset[str]] | None = None
) -> Touched:
    """The watched rows among a RowWriter's change log entries (``writer.logged.values()``),
    leaving out updates of columns no figure reads (``writer.updated_fields``)."""
    found: dict[str, set[uuid.UUID]] = {}
    edited: set[uuid.UUID] = set()
    for entry in logged:
        entity = entry["entity"]
        if entity not in WATCHED:
            continue
        update = entry["kind"] == "update" and updated_fields is not None
        fields = updated_fields.get(entry["seq"]) if update and updated_fields else None
        if fields is not None and entity in FIGURE_FIELDS and not fields & FIGURE_FIELDS[entity]:
            if entity == "customer":
                edited.add(entry["row_id"])
            continue
        found.setdefault(entity, set()).add(entry["row_id"])
    return Touched({name: frozenset(ids) for name, ids in found.items()}, frozenset(edited))


# ---- which teams and KPIs ---------------------------------------------------------------------


def _affected(connection: sa.Connection, changed: Touched) -> dict[uuid.UUID, set[str]]:
    """Team → KPIs to recompute, from the changed rows (their scope team and their people)."""
    teams: dict[uuid.UUID, set[str]] = {}
    watched = {name: set(ids) for name, ids in changed.rows.items()}
    if changed.edited_customers:
        customers = ENTITY_TABLES["customer"]
        churned = connection.execute(
            sa.select(customers.c.id).where(
                customers.c.id.in_(list(changed.edited_customers)),
                customers.c.status == "churned",
            )
        ).scalars()
        watched.setdefault("customer", set()).update(churned)
    for entity, ids in watched.items():
        if not ids:
            continue
        if entity == "target":
            rows = connection.execute(
                sa.select(TARGETS.c.team_id, TARGETS.c.kpi).where(TARGETS.c.id.in_(list(ids)))
            )
            for team_id, kpi in rows:
                teams.setdefault(team_id, set()).add(kpi)
            continue
        families = rules.kpi_families(entity)
        table = ENTITY_TABLES[entity]
        person = table.c.owner_id if "owner_id" in table.c else table.c.rep_id
        scoped = connection.execute(
            sa.select(sync_row.c.scope_team)
            .where(sync_row.c.row_id.in_(list(ids)), sync_row.c.scope_team.is_not(None))
            .distinct()
        ).scalars()
        owned = connection.execute(
            sa.select(USERS.c.team_id)
            .where(USERS.c.id.in_(sa.select(person).where(table.c.id.in_(list(ids)))))
            .where(USERS.c.team_id.is_not(None))
            .distinct()
        ).scalars()
        for team_id in {*scoped, *owned}:
            teams.setdefault(team_id, set()).update(families)
    return teams


# ---- computing and writing --------------------------------------------------------------------


def _people(connection: sa.Connection, team_id: uuid.UUID) -> list[rules.Person]:
    rows = connection.execute(
        sa.select(USERS.c.id, USERS.c.display_name, USERS.c.role, USERS.c.active).where(
            USERS.c.team_id == team_id, USERS.c.deleted.is_(False)
        )
    )
    return [rules.Person(r.id, r.display_name, r.role, bool(r.active)) for r in rows]


def _targets(
    connection: sa.Connection, team_id: uuid.UUID, kpis: Collection[str], codes: Collection[str]
) -> list[Target]:
    rows = connection.execute(
        sa.select(
            TARGETS.c.id,
            TARGETS.c.created_at,
            TARGETS.c.updated_at,
            TARGETS.c.user_id,
            TARGETS.c.kpi,
            TARGETS.c.period,
            TARGETS.c.value,
        ).where(
            TARGETS.c.team_id == team_id,
            TARGETS.c.deleted.is_(False),
            TARGETS.c.kpi.in_(list(kpis)),
            TARGETS.c.period.in_(list(codes)),
        )
    )
    return [
        Target(
            id=r.id,
            created_at=r.created_at,
            updated_at=r.updated_at,
            team_id=team_id,
            user_id=r.user_id,
            kpi=r.kpi,
            period=r.period,
            value=r.value,
        )
        for r in rows
    ]


def compute_team(
    connection: sa.Connection,
    team_id: uuid.UUID,
    periods: Sequence[Period],
    kpis: Collection[str],
    tz: dt.tzinfo,
) -> list[rules.FigureLine]:
    """Every figure line of one team for these periods and KPIs (nothing is written)."""
    people = _people(connection, team_id)
    data = rules.load_kpi_data(
        connection, ENTITY_TABLES, [p.user_id for p in people], periods, tz, kpis
    )
    targets = _targets(connection, team_id, kpis, [p.code for p in periods])
    lines: list[rules.FigureLine] = []
    for kpi in rules.FIGURE_KPIS:
        if kpi not in kpis:
            continue
        for period in periods:
            lines += rules.team_figures(kpi, data, period, tz, people, targets)
    return lines


def write_team(
    writer: RowWriter,
    team_id: uuid.UUID,
    periods: Sequence[Period],
    kpis: Collection[str],
    tz: dt.tzinfo,
) -> int:
    """Compute one team's figures and write the rows that differ; returns how many were written."""
    connection = writer.connection
    lines = compute_team(connection, team_id, periods, kpis, tz)
    codes = [p.code for p in periods]
    stored = {
        (row["user_id"], row["kpi"], row["period"]): row
        for row in connection.execute(
            sa.select(FIGURES).where(
                FIGURES.c.team_id == team_id,
                FIGURES.c.period.in_(codes),
                FIGURES.c.kpi.in_(list(kpis)),
            )
        ).mappings()
    }
    keys = Keys(user=None, team=team_id, wide=True)
    written = 0
    for line in lines:
        key = (line.user_id, line.kpi, line.period)
        values = {"value": line.value, "target": line.target, "rank": line.rank}
        row = stored.pop(key, None)
        if row is None:
            cleaned = FIGURE.clean_values(
                {
                    "team_id": team_id,
                    "user_id": line.user_id,
                    "kpi": line.kpi,
                    "period": line.period,
                    "computed_at": writer.now,
                    **values,
                },
                creating=True,
            )
            writer.insert(FIGURE, uuid7(), cleaned, keys, created_at=writer.now)
            written += 1
            continue
        changes = {name: value for name, value in values.items() if row[name] != value}
        if row["deleted"]:
            writer.set_deleted(FIGURE, row, False)
            written += 1
        if changes:
            writer.update(FIGURE, row, {**changes, "computed_at": writer.now})
            written += 1
    for row in stored.values():  # people who are no longer listed (left the team)
        if not row["deleted"]:
            writer.set_deleted(FIGURE, row, True)
            written += 1
    return written


def refresh(
    engine: sa.Engine,
    teams: Mapping[uuid.UUID, Collection[str]] | Collection[uuid.UUID] | None = None,
    *,
    periods: Sequence[Period] | None = None,
    today: dt.date | None = None,
) -> tuple[int, int]:
    """Recompute and write figures in one write transaction; returns (teams, rows written).

    ``teams``: team ids (all KPIs) or team id → KPIs; None: every team.
    ``periods``: default the six kept periods around ``today`` (the team's today).
    """
    tz = team_zone()
    if periods is None:
        periods = rules.figure_periods(today or local_date(utcnow(), tz))
    with writing(engine) as writer:
        connection = writer.connection
        if teams is None:
            team_table = ENTITY_TABLES["team"]
            ids = connection.execute(
                sa.select(team_table.c.id).where(team_table.c.deleted.is_(False))
            ).scalars()
            wanted: dict[uuid.UUID, Collection[str]] = dict.fromkeys(ids, rules.FIGURE_KPIS)
        elif isinstance(teams, Mapping):
            wanted = dict(teams)
        else:
            wanted = dict.fromkeys(teams, rules.FIGURE_KPIS)
        written = 0
        for team_id in sorted(wanted, key=str):
            if wanted[team_id]:
                written += write_team(writer, team_id, periods, set(wanted[team_id]), tz)
    return len(wanted), written


def after_push(engine: sa.Engine, changed: Touched) -> None:
    """Bring the figures of the teams a push touched up to date (errors are logged, not raised)."""
    if changed.empty:
        return
    try:
        with engine.connect() as connection:
            teams = _affected(connection, changed)
        if teams:
            refresh(engine, teams)
    except Exception:  # figures must never fail a push that has already committed
        log.exception("recomputing team figures failed; 'figures refresh' will catch up")


def after_admin(engine: sa.Engine, teams: Iterable[uuid.UUID | None]) -> None:
    """Refresh the figures of teams whose people an admin command changed (errors logged)."""
    wanted = {team for team in teams if team is not None}
    if not wanted:
        return
    try:
        refresh(engine, wanted)
    except Exception:  # the admin change is committed; figures catch up on the next refresh
        log.exception("recomputing team figures failed; run 'salesdesk-server figures refresh'")
