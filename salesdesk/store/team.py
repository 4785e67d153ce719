"""Who is in the signed-in manager's team, as this copy knows it (the manager screens' people).

The team's reps are the active users of the profile's team with the rep role. A profile with
no reps — a local profile, or a manager who has not synced yet — works with the signed-in
user alone, so a manager trying SalesDesk out sees their own reports, targets and scorecard.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from salesdesk.domain.entities import User
from salesdesk.domain.schema import parse_datetime
from salesdesk.store.store import Store

__all__ = ["Member", "last_sync", "team_reps"]


@dataclasses.dataclass(frozen=True, slots=True)
class Member:
    """A person the manager screens list: id and name."""

    id: uuid.UUID
    name: str


def team_reps(store: Store) -> list[Member]:
    """The team's active reps by name, or the signed-in user alone when there are none."""
    profile = store.profile
    users = store.table(User)
    conditions = [users.c.role == "rep", users.c.active.is_(True)]
    if profile.team_id is not None:
        conditions.append(users.c.team_id == profile.team_id)
    reps = store.select(User, *conditions, order_by=[users.c.display_name, users.c.id])
    if reps:
        return [Member(user.id, user.display_name) for user in reps]
    me = store.get(User, profile.user_id)
    return [Member(profile.user_id, me.display_name if me is not None else profile.display_name)]


def last_sync(store: Store) -> dt.datetime | None:
    """When this copy last synced with the server (None: never — a local profile)."""
    raw = store.get_meta("last_sync")
    if not raw:
        return None
    try:
        return parse_datetime(str(raw))
    except ValueError:
        return None
