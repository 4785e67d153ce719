"""Queries behind the customer list: filtered, sorted ids, and the values filters offer.

The list view holds only ids (raw 32-character hex strings, as SQLite stores
them, so 100,000 of them load quickly) and fetches rows lazily by id.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import sqlalchemy as sa

from salesdesk.store.search import matching_customers
from salesdesk.store.tables import ENTITY_TABLES

customer = ENTITY_TABLES["customer"]
contact = ENTITY_TABLES["contact"]

SORTS = ("updated", "name", "tier", "status", "industry", "region", "created")


@dataclasses.dataclass(frozen=True)
class CustomerFilter:
    """What the customer list shows: search text, filters, and sort order."""

    text: str = ""
    tier: str = ""
    status: str = ""
    industry: str = ""
    province: str = ""
    city: str = ""
    owner_id: uuid.UUID | None = None
    sort: str = "updated"
    descending: bool = True


def _conditions(query: CustomerFilter) -> list[sa.ColumnElement[bool]]:
    found = matching_customers(query.text)
    # While searching, the matches are few: "+deleted" keeps SQLite from walking the whole
    # list index (deleted, updated_at…) and makes it fetch the matching rows, then sort them.
    live = sa.literal_column("+customer.deleted") if found is not None else customer.c.deleted
    conditions: list[sa.ColumnElement[bool]] = [live.is_(False)]
    for name in ("tier", "status", "industry", "province", "city"):
        value = getattr(query, name)
        if value:
            conditions.append(customer.c[name] == value)
    if query.owner_id is not None:
        conditions.append(customer.c.owner_id == query.owner_id)
    if found is not None:
        conditions.append(found)
    return conditions


def _order(query: CustomerFilter) -> list[Any]:
    columns: dict[str, list[Any]] = {
        "updated": [customer.c.updated_at],
        "created": [customer.c.created_at],
        "name": [customer.c.name],
        "tier": [customer.c.tier, customer.c.name],
        "status": [customer.c.status, customer.c.name],
        "industry": [customer.c.industry, customer.c.name],
        "region": [customer.c.province, customer.c.city, customer.c.district, customer.c.name],
    }
    order = columns.get(query.sort, columns["updated"])
    return [c.desc() for c in order] if query.descending else list(order)


def customer_ids(connection: sa.Connection, query: CustomerFilter) -> list[str]:
    """Ids (hex strings) of the customers matching ``query``, in its order."""
    statement: sa.Select[Any] = (
        sa.select(sa.literal_column("customer.id"))
        .select_from(customer)
        .where(*_conditions(query))
        .order_by(*_order(query), customer.c.id)
    )
    return [row[0] for row in connection.execute(statement)]


def regions(connection: sa.Connection) -> dict[str, list[str]]:
    """Provinces in use, each with its cities in use, for the region filters."""
    rows = connection.execute(
        sa.select(customer.c.province, customer.c.city)
        .where(customer.c.deleted.is_(False), customer.c.province != "")
        .group_by(customer.c.province, customer.c.city)
        .order_by(customer.c.province, customer.c.city)
    )
    found: dict[str, list[str]] = {}
    for province, city in rows:
        cities = found.setdefault(province, [])
        if city:
            cities.append(city)
    return found


def primary_contacts(connection: sa.Connection, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The primary (or first) contact's name and mobile for each customer id."""
    rows = connection.execute(
        sa.select(contact.c.customer_id, contact.c.name, contact.c.mobile, contact.c.is_primary)
        .where(contact.c.customer_id.in_(ids), contact.c.deleted.is_(False))
        .order_by(contact.c.is_primary.desc(), contact.c.created_at)
    )
    found: dict[uuid.UUID, str] = {}
    for customer_id, name, mobile, _primary in rows:
        found.setdefault(customer_id, f"{name} {mobile}".strip())
    return found
