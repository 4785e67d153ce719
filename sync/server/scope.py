"""Who may read and write which rows: the server-computed scope ("briefcase").

Every row carries three scope keys (on ``sync_row``): ``user`` (the rep it
belongs to), ``team`` and ``wide`` (the whole team reads it). They are derived
from the row and its parent chain:

* customer → its ``owner_id``; contact, deal, visit, feedback → their customer;
  deal_stage_change → deal → customer; attachment → visit → customer;
  report_comment → report (CHILD rows copy their parent's keys);
* task → ``assignee_id``; report → ``author_id`` (PERSONAL);
* pipeline_stage, report_template, commission_plan → the team, wide; target and
  commission_assignment → the team, and the ``user_id`` they concern (wide when
  it is empty, i.e. they concern the whole team);
* team → itself, wide; user → their team, wide, and themselves.

``team`` of a user-owned row is that user's team. Readers: the row's user;
every team member when wide; the team's managers; admins. Writers: a rep
writes rows whose user is themselves; a manager writes anything in their
team; an admin everything (users and teams only through the CLI).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.schema import EntityDef, Scope
from sync.server.tables import ENTITY_TABLES, sync_row


@dataclasses.dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in user a request acts for (read fresh from the database on every request)."""

    user_id: uuid.UUID
    team_id: uuid.UUID | None
    role: str
    username: str
    display_name: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"


@dataclasses.dataclass(frozen=True, slots=True)
class Keys:
    """A row's scope keys."""

    user: uuid.UUID | None
    team: uuid.UUID | None
    wide: bool

    def visible_to(self, viewer: Viewer) -> bool:
        if viewer.is_admin or (self.user is not None and self.user == viewer.user_id):
            return True
        if viewer.team_id is None or self.team != viewer.team_id:
            return False
        return self.wide or viewer.is_manager

    def writable_by(self, viewer: Viewer) -> bool:
        if viewer.is_admin or (self.user is not None and self.user == viewer.user_id):
            return True
        return viewer.is_manager and viewer.team_id is not None and self.team == viewer.team_id

    def removal_for(self, new: Keys) -> Keys | None:
        """The audience that loses a row whose keys change from ``self`` to ``new``.

        Readers who can still see it may be included: the removal's seq is always
        below the row's new seq, so they remove it and get it back right after.
        """
        user = self.user if self.user is not None and self.user != new.user else None
        team_kept = self.team == new.team and (new.wide or not self.wide)
        team = None if team_kept else self.team
        if user is None and team is None:
            return None
        return Keys(user=user, team=team, wide=self.wide and team is not None)


def visible(table: sa.Table, viewer: Viewer) -> sa.ColumnElement[bool]:
    """SQL condition: rows of ``sync_row`` (or ``sync_removal``) this viewer reads."""
    if viewer.is_admin:
        return sa.true()
    mine = table.c.scope_user == viewer.user_id
    if viewer.team_id is None:
        return mine
    team = table.c.scope_team == viewer.team_id
    if viewer.is_manager:
        return sa.or_(mine, team)
    return sa.or_(mine, sa.and_(team, table.c.wide.is_(True)))


def visible_parts(table: sa.Table, viewer: Viewer) -> list[sa.ColumnElement[bool]]:
    """The same condition as a list of disjuncts, each served by one index (user or team)."""
    if viewer.is_admin:
        return [sa.true()]
    parts: list[sa.ColumnElement[bool]] = [table.c.scope_user == viewer.user_id]
    if viewer.team_id is not None:
        team = table.c.scope_team == viewer.team_id
        if viewer.is_manager:
            parts.append(sa.and_(team, sa.or_(table.c.scope_user.is_(None), ~_mine(table, viewer))))
        else:
            parts.append(
                sa.and_(
                    team,
                    table.c.wide.is_(True),
                    sa.or_(table.c.scope_user.is_(None), ~_mine(table, viewer)),
                )
            )
    return parts


def _mine(table: sa.Table, viewer: Viewer) -> sa.ColumnElement[bool]:
    return table.c.scope_user == viewer.user_id


class TeamLookup:
    """The team of a user, cached for one transaction."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self._teams: dict[uuid.UUID, uuid.UUID | None] = {}

    def team_of(self, user_id: uuid.UUID | None) -> uuid.UUID | None:
        if user_id is None:
            return None
        if user_id not in self._teams:
            users = ENTITY_TABLES["user"]
            self._teams[user_id] = self.connection.execute(
                sa.select(users.c.team_id).where(users.c.id == user_id)
            ).scalar_one_or_none()
        return self._teams[user_id]

    def forget(self, user_id: uuid.UUID) -> None:
        self._teams.pop(user_id, None)


def stored_keys(connection: sa.Connection, row_id: uuid.UUID) -> tuple[str, Keys] | None:
    """The entity and scope keys recorded for a row, or None if no such row exists."""
    row = connection.execute(
        sa.select(
            sync_row.c.entity, sync_row.c.scope_user, sync_row.c.scope_team, sync_row.c.wide
        ).where(sync_row.c.row_id == row_id)
    ).first()
    if row is None:
        return None
    return row.entity, Keys(row.scope_user, row.scope_team, bool(row.wide))


def keys_for(
    definition: EntityDef,
    row_id: uuid.UUID,
    values: Mapping[str, Any],
    teams: TeamLookup,
    *,
    fallback_team: uuid.UUID | None,
) -> Keys | None:
    """The scope keys of a row with these field values; None when its parent does not exist.

    ``fallback_team``: the team of a user-owned row that names no user (an
    unassigned customer or task): the writer's team.
    """
    scope = definition.scope
    field = definition.scope_field
    if scope == Scope.CHILD and field is not None:
        parent_id = values.get(field)
        found = stored_keys(teams.connection, parent_id) if parent_id is not None else None
        parent = definition.field(field).ref
        if found is None or found[0] != parent:
            return None
        return found[1]
    if scope in (Scope.OWNED, Scope.PERSONAL) and field is not None:
        user = values.get(field)
        team = teams.team_of(user) if user is not None else fallback_team
        return Keys(user=user, team=team, wide=False)
    if scope == Scope.TEAM and field is not None:
        user = values.get("user_id") if "user_id" in definition.by_name else None
        return Keys(user=user, team=values.get(field), wide=user is None)
    if definition.name == "team":
        return Keys(user=None, team=row_id, wide=True)
    if definition.name == "user":
        return Keys(user=row_id, team=values.get("team_id"), wide=True)
    raise AssertionError(f"no scope rule for {definition.name}")


def scope_fields(definition: EntityDef) -> frozenset[str]:
    """Fields whose change can change a row's scope keys."""
    names = {definition.scope_field} if definition.scope_field else set()
    if definition.scope == Scope.TEAM and "user_id" in definition.by_name:
        names.add("user_id")
    if definition.name == "user":
        names.add("team_id")
    return frozenset(n for n in names if n is not None)
