"""Test helpers for the Visits and Today areas: customers with places, visits on a day,
other users in the local directory and a rep's profile."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.entities import Customer, Visit
from salesdesk.domain.ids import uuid7
from salesdesk.domain.schema import entity_def, utcnow
from salesdesk.store import database
from salesdesk.store import visits as visit_store
from salesdesk.store.store import ChangeSet, Store
from salesdesk.store.tables import ENTITY_TABLES

# Shenzhen: two districts, with real-looking coordinates (latitude, longitude).
PLACES: dict[str, dict[str, Any]] = {
    "南山A": {
        "province": "广东省",
        "city": "深圳市",
        "district": "南山区",
        "address": "科技园南区高新南七道 18 号",
        "latitude": 22.540,
        "longitude": 113.950,
    },
    "南山B": {
        "province": "广东省",
        "city": "深圳市",
        "district": "南山区",
        "address": "蛇口工业一路 6 号",
        "latitude": 22.490,
        "longitude": 113.910,
    },
    "南山C": {
        "province": "广东省",
        "city": "深圳市",
        "district": "南山区",
        "address": "科技园北区朗山路 9 号",
        "latitude": 22.555,
        "longitude": 113.945,
    },
    "福田A": {
        "province": "广东省",
        "city": "深圳市",
        "district": "福田区",
        "address": "深南大道 6008 号",
        "latitude": 22.540,
        "longitude": 114.060,
    },
    "福田B": {
        "province": "广东省",
        "city": "深圳市",
        "district": "福田区",
        "address": "福华三路 88 号",
        "latitude": 22.535,
        "longitude": 114.055,
    },
}


def customer_at(store: Store, place: str, name: str | None = None) -> Customer:
    return store.create(Customer, name=name or f"{place}科技有限公司", **PLACES[place])


def plan(store: Store, customer: Customer, day: dt.date, time: str = "", **values: Any) -> Visit:
    """Plan a visit through the Visits write path (so the day stays in route order)."""
    saved = visit_store.save_visit(
        store,
        {
            "customer_id": customer.id,
            "planned_on": day,
            "planned_time": time,
            "purpose": values.pop("purpose", "拜访"),
            **values,
        },
    )
    return saved.visit


def route(store: Store, day: dt.date, rep_id: uuid.UUID | None = None) -> list[uuid.UUID]:
    """The ids of a day's routed visits in stored route order."""
    table = store.table(Visit)
    rep = rep_id or store.profile.user_id
    visits = store.select(
        Visit,
        table.c.planned_on == day,
        table.c.rep_id == rep,
        table.c.status != "cancelled",
        order_by=[table.c.route_order],
    )
    numbers = [v.route_order for v in visits]
    assert numbers == list(range(1, len(visits) + 1)), numbers
    return [v.id for v in visits]


def add_user(store: Store, name: str, role: str = "rep") -> uuid.UUID:
    """A user of the team in the local directory, as a sync would bring one in."""
    user_id = uuid7()
    values = entity_def("user").clean_values(
        {
            "username": f"u{user_id.hex[:8]}",
            "display_name": name,
            "role": role,
            "team_id": store.profile.team_id,
        },
        creating=True,
    )
    now = utcnow()
    with database.write_transaction(store.engine) as connection:
        connection.execute(
            sa.insert(ENTITY_TABLES["user"]).values(
                id=user_id, rev=1, deleted=False, created_at=now, updated_at=now, **values
            )
        )
    store.notify(ChangeSet({"user": frozenset({user_id})}, source="sync"))  # as a sync does
    return user_id


def sign_in_as(store: Store, user_id: uuid.UUID | None = None, role: str = "rep") -> None:
    """Make the profile's user another one of the directory, or give it another role."""
    profile = store.profile
    changed = dataclasses.replace(profile, role=role, user_id=user_id or profile.user_id)
    store.set_meta("profile", changed.to_json())
