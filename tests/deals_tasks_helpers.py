"""Test helpers for the Tasks and Deals areas: team members in the local directory, a rep's
profile, and deals with their stage history."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from salesdesk.domain.entities import Customer, Deal, PipelineStage
from salesdesk.domain.ids import uuid7
from salesdesk.domain.schema import entity_def, utcnow
from salesdesk.store import database
from salesdesk.store import deals as deal_store
from salesdesk.store.store import ChangeSet, Store
from salesdesk.store.tables import ENTITY_TABLES


def add_user(store: Store, name: str, role: str = "rep", *, team: bool = True) -> uuid.UUID:
    """A user in the local directory, as a sync from the server would bring one in.

    Directory rows are written by the server only (the write path refuses them),
    so the test puts the row in place directly and announces it as a sync would.
    """
    user_id = uuid7()
    values = entity_def("user").clean_values(
        {
            "username": f"u{user_id.hex[:8]}",
            "display_name": name,
            "role": role,
            "team_id": store.profile.team_id if team else None,
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
    store.notify(ChangeSet({"user": frozenset({user_id})}, source="sync"))
    return user_id


def leave_team(store: Store, user_id: uuid.UUID) -> None:
    """The user left the team (a directory change the server makes and a sync brings)."""
    table = ENTITY_TABLES["user"]
    with database.write_transaction(store.engine) as connection:
        connection.execute(sa.update(table).where(table.c.id == user_id).values(team_id=None))
    store.notify(ChangeSet({"user": frozenset({user_id})}, source="sync"))


def sign_in_as_rep(store: Store, user_id: uuid.UUID | None = None) -> None:
    """Make the profile's user a rep (optionally another user of the directory)."""
    profile = store.profile
    changed = dataclasses.replace(profile, role="rep", user_id=user_id or profile.user_id)
    store.set_meta("profile", changed.to_json())


def stages(store: Store) -> dict[str, PipelineStage]:
    """The profile's stages by code (lead, contact, needs, proposal, negotiation, won…)."""
    with store.engine.connect() as connection:
        return {s.code: s for s in deal_store.load_stages(connection, store.profile.team_id)}


def new_deal(
    store: Store,
    title: str = "年度采购项目",
    *,
    stage: str = "lead",
    amount: str = "10000",
    customer: Customer | None = None,
    now: dt.datetime | None = None,
    **values: Any,
) -> Deal:
    if customer is None:
        customer = store.create(Customer, name=f"测试客户{uuid.uuid4().hex[:6]}有限公司")
    return deal_store.create_deal(
        store,
        {
            "customer_id": customer.id,
            "title": title,
            "amount": Decimal(amount),
            "stage_id": stages(store)[stage].id,
            **values,
        },
        now=now,
    )


def tick_all(store: Store, deal_id: uuid.UUID, code: str) -> None:
    """Tick every checklist item of a stage for a deal."""
    for item in stages(store)[code].checklist:
        deal_store.set_checklist_item(store, deal_id, item["id"], True)


def settle(window: Any) -> None:
    """Quiet a test's main window before the shared fixture shuts its runner down.

    At teardown pytest-qt closes the window, but Qt deletes it only when an event
    loop runs again — in the next test. Until then its pages' timers and pending
    results could fire and schedule work on the runner that has shut down, which
    fails that next test. So: silence the change bus and the runner's results, and
    stop every timer (without running an event loop, which would delete the window).
    """
    from PySide6.QtCore import QTimer

    window.context.bus.blockSignals(True)
    window.context.runner.blockSignals(True)
    for timer in window.findChildren(QTimer):
        timer.stop()
