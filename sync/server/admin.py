"""Administration: set-up, teams, users, team moves and reassigning customers.

These are the operations behind ``salesdesk-server`` sub-commands. Each runs
in one write transaction through :class:`RowWriter`, so its changes reach
clients through the normal pull, with removal events where rows leave
someone's scope. Problems a person can fix raise :class:`AdminError`.

A user moving team ends up with exactly the new team's scope: their own rows
move with them (the old team's managers get removals, the new team's get
upserts); the rows they could see only through the old team get removal
events addressed to them; the rows they can see only through the new team
get a new seq, so their next pull brings them.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from salesdesk.domain import defaults
from salesdesk.domain.ids import uuid7
from salesdesk.domain.schema import ENTITIES, ROLES, Scope, ValidationError, utcnow
from sync.server import auth, figures
from sync.server.rows import RowWriter, writing
from sync.server.scope import Keys, Viewer, keys_for
from sync.server.tables import ENTITY_TABLES, auth_account, sync_row

USERS = ENTITY_TABLES["user"]
TEAMS = ENTITY_TABLES["team"]
CUSTOMERS = ENTITY_TABLES["customer"]
_USERNAME = re.compile(r"^[^\s/\\:@]{1,64}$")


class AdminError(Exception):
    """A problem with an admin command the person running it can fix."""


def _create(writer: RowWriter, entity: str, values: dict[str, Any]) -> uuid.UUID:
    definition = ENTITIES[entity]
    row_id = uuid7()
    try:
        cleaned = definition.clean_values(values, creating=True)
    except ValidationError as exc:
        raise AdminError(str(exc)) from None
    keys = keys_for(definition, row_id, cleaned, writer.teams, fallback_team=None)
    assert keys is not None
    writer.insert(definition, row_id, cleaned, keys, created_at=writer.now)
    return row_id


def is_initialised(engine: sa.Engine) -> bool:
    with engine.connect() as connection:
        return connection.execute(sa.select(auth_account.c.user_id).limit(1)).first() is not None


def init(engine: sa.Engine, admin: str, password: str) -> uuid.UUID:
    """Create the first administrator (the database must be new)."""
    if is_initialised(engine):
        raise AdminError("this database is already set up; use 'user add' for more users")
    return add_user(engine, admin, password, role="admin", team=None)


def find_team(connection: sa.Connection, name: str) -> uuid.UUID:
    found = connection.execute(
        sa.select(TEAMS.c.id).where(TEAMS.c.name == name.strip(), TEAMS.c.deleted.is_(False))
    ).scalar_one_or_none()
    if found is None:
        raise AdminError(f"there is no team called {name!r} (add it with 'team add')")
    return found


def find_user(connection: sa.Connection, username: str) -> sa.RowMapping:
    found = (
        connection.execute(
            sa.select(USERS).where(sa.func.lower(USERS.c.username) == username.strip().lower())
        )
        .mappings()
        .first()
    )
    if found is None:
        raise AdminError(f"there is no user called {username!r}")
    return found


def add_team(engine: sa.Engine, name: str) -> tuple[uuid.UUID, int, int]:
    """A new team with the default pipeline stages and report templates."""
    name = name.strip()
    if not name:
        raise AdminError("a team needs a name")
    with writing(engine) as writer:
        connection = writer.connection
        exists = connection.execute(sa.select(TEAMS.c.id).where(TEAMS.c.name == name)).first()
        if exists:
            raise AdminError(f"a team called {name!r} already exists")
        team_id = _create(writer, "team", {"name": name})
        stages = defaults.stage_rows()
        templates = defaults.template_rows()
        for values in stages:
            _create(writer, "pipeline_stage", {**values, "team_id": team_id})
        for values in templates:
            _create(writer, "report_template", {**values, "team_id": team_id})
    return team_id, len(stages), len(templates)


def add_user(
    engine: sa.Engine,
    username: str,
    password: str,
    *,
    role: str,
    team: str | None,
    display_name: str = "",
) -> uuid.UUID:
    username = username.strip()
    if not _USERNAME.match(username):
        raise AdminError("a user name has 1 to 64 characters without spaces, '/', '\\', ':' or '@'")
    if role not in ROLES:
        raise AdminError(f"the role must be one of {', '.join(ROLES)}")
    if role != "admin" and not team:
        raise AdminError(f"a {role} needs a team (--team NAME)")
    try:
        auth.check_password_rules(password)
    except ValueError as exc:
        raise AdminError(str(exc)) from None
    password_hash = auth.hash_password(password)
    with writing(engine) as writer:
        connection = writer.connection
        taken = connection.execute(
            sa.select(auth_account.c.user_id).where(auth_account.c.username_key == username.lower())
        ).first()
        if taken:
            raise AdminError(f"the user name {username!r} is taken")
        team_id = find_team(connection, team) if team else None
        user_id = _create(
            writer,
            "user",
            {
                "username": username,
                "display_name": display_name.strip() or username,
                "role": role,
                "team_id": team_id,
                "active": True,
            },
        )
        connection.execute(
            sa.insert(auth_account).values(
                user_id=user_id,
                username_key=username.lower(),
                password_hash=password_hash,
                password_changed_at=writer.now,
            )
        )
    figures.after_admin(engine, [team_id])  # a new rep is listed with their (zero) figures
    return user_id


def set_active(engine: sa.Engine, username: str, active: bool) -> None:
    """Disable (or enable) a user; disabling ends all their sessions at once."""
    with writing(engine) as writer:
        connection = writer.connection
        user = find_user(connection, username)
        if bool(user["active"]) != active:
            writer.update(ENTITIES["user"], user, {"active": active})
        if not active:
            auth.revoke_all(connection, user["id"], "disabled")
    figures.after_admin(engine, [user["team_id"]])  # disabled reps leave the standings


def set_password(engine: sa.Engine, username: str, password: str) -> None:
    """A new password; the user's existing sessions end."""
    try:
        auth.check_password_rules(password)
    except ValueError as exc:
        raise AdminError(str(exc)) from None
    password_hash = auth.hash_password(password)
    with writing(engine) as writer:
        connection = writer.connection
        user = find_user(connection, username)
        connection.execute(
            sa.update(auth_account)
            .where(auth_account.c.user_id == user["id"])
            .values(password_hash=password_hash, password_changed_at=utcnow())
        )
        auth.revoke_all(connection, user["id"], "password_changed")


def _viewer(user: Any, team: uuid.UUID | None) -> Viewer:
    return Viewer(user["id"], team, user["role"], user["username"], user["display_name"])


def move_user(engine: sa.Engine, username: str, team: str) -> int:
    """Move a user to another team; returns how many rows changed scope for them."""
    with writing(engine) as writer:
        connection = writer.connection
        user = find_user(connection, username)
        new_team = find_team(connection, team)
        old_team = user["team_id"]
        if old_team == new_team:
            raise AdminError(f"{username} is already in team {team}")
        user_id = user["id"]
        before, after = _viewer(user, old_team), _viewer(user, new_team)
        # What they saw only through the old team: removals addressed to them.
        lost = _team_rows(connection, old_team, before) if old_team else []
        for entity, row_id in lost:
            writer.remove_for(entity, [row_id], Keys(user=user_id, team=None, wide=False))
        # Their user row and their own rows move team.
        writer.update(
            ENTITIES["user"],
            user,
            {"team_id": new_team},
            new_keys=Keys(user=user_id, team=new_team, wide=True),
        )
        writer.teams.forget(user_id)
        # (Targets and commission assignments that concern them stay with their team's rows.)
        own = [
            (entity, row_id)
            for entity, row_id in connection.execute(
                sa.select(sync_row.c.entity, sync_row.c.row_id)
                .where(sync_row.c.scope_user == user_id, sync_row.c.row_id != user_id)
                .order_by(sync_row.c.seq)
            )
            if ENTITIES[entity].scope != Scope.TEAM
        ]
        for entity, row_id in own:
            writer.bump(entity, row_id, Keys(user=user_id, team=new_team, wide=False))
        # What they see only through the new team: a new seq so their next pull brings it.
        gained = _team_rows(connection, new_team, after)
        for entity, row_id in gained:
            writer.bump(entity, row_id)
    figures.after_admin(engine, [old_team, new_team])  # their figures move with them
    return len(lost) + len(own) + len(gained)


def _team_rows(
    connection: sa.Connection, team: uuid.UUID, viewer: Viewer
) -> list[tuple[str, uuid.UUID]]:
    """Rows a viewer sees through this team (not the rows that are theirs)."""
    condition = sync_row.c.scope_team == team
    if viewer.role == "rep":
        condition = sa.and_(condition, sync_row.c.wide.is_(True))
    if viewer.role == "admin":
        return []
    rows = connection.execute(
        sa.select(sync_row.c.entity, sync_row.c.row_id)
        .where(
            condition,
            sa.or_(sync_row.c.scope_user.is_(None), sync_row.c.scope_user != viewer.user_id),
        )
        .order_by(sync_row.c.seq)
    ).all()
    return [(r.entity, r.row_id) for r in rows]


def reassign(engine: sa.Engine, source: str, target: str, customers: Sequence[str] = ()) -> int:
    """Give the customers of one user (all, or the listed ones) to another; returns the count.

    Everything under a customer follows it; deals the old owner held change owner too.
    """
    with writing(engine) as writer:
        connection = writer.connection
        old = find_user(connection, source)
        new = find_user(connection, target)
        if old["id"] == new["id"]:
            raise AdminError("--from and --to name the same user")
        if not new["active"]:
            raise AdminError(f"{target} is disabled")
        query = sa.select(CUSTOMERS).where(CUSTOMERS.c.owner_id == old["id"])
        if customers:
            try:
                ids = [uuid.UUID(c) for c in customers]
            except ValueError:
                raise AdminError("a customer id is not a valid id") from None
            query = query.where(CUSTOMERS.c.id.in_(ids))
            found = {r["id"] for r in connection.execute(query).mappings()}
            missing = [str(i) for i in ids if i not in found]
            if missing:
                raise AdminError(f"{source} owns no customer with id {missing[0]}")
        rows = list(connection.execute(query.order_by(CUSTOMERS.c.id)).mappings())
        keys = Keys(user=new["id"], team=new["team_id"], wide=False)
        for row in rows:
            writer.update(ENTITIES["customer"], row, {"owner_id": new["id"]}, new_keys=keys)
            writer.follow_owner(ENTITIES["customer"], row["id"], old["id"], new["id"])
    if rows:
        figures.after_admin(engine, [old["team_id"], new["team_id"]])
    return len(rows)
