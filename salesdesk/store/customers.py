"""Queries behind the customer list: filtered, sorted ids, and the values filters offer.

The list view holds only ids (raw 32-character hex strings, as SQLite stores
them, so 100,000 of them load quickly) and fetches rows lazily by id.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import sqlalchemy as sa

from salesdesk.store.search import matching_customers, rough_matches, terms
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


INDEXED_SORTS = ("updated", "name")  # orders an index of the customer table walks
DENSE_MATCHES = 1_000
"""From this many matches on, the first rows of a search are found faster by walking the
list's index in order (each entry checked against the matches) than by fetching and sorting
all the matches: at 100,000 customers the walk checks about 200 × 100,000 / matches entries
(20 ms for the whole index), the sort costs about 2.5 µs per match."""


def broad(query: CustomerFilter) -> bool:
    """Whether ``query`` may match a large part of the list: no search text, or a single term
    of one or two characters (深, 张, 13). Such a list is worth showing its first rows first."""
    words = terms(query.text)
    return not words or (len(words) == 1 and len(words[0]) < 3)


def _dense(connection: sa.Connection, query: CustomerFilter) -> bool:
    """Whether the search of ``query`` (one term) finds about DENSE_MATCHES or more."""
    return rough_matches(connection, query.text, DENSE_MATCHES) >= DENSE_MATCHES


def _conditions(query: CustomerFilter, walk: bool = False) -> list[sa.ColumnElement[bool]]:
    found = matching_customers(query.text)
    # While searching, the matches are few: "+deleted" keeps SQLite from walking the whole
    # list index (deleted, updated_at…) and makes it fetch the matching rows, then sort them.
    # For the first rows of a search with many matches (``walk``), walking that index in
    # order and stopping after them is faster than fetching and sorting all the matches.
    few = found is not None and not walk
    live = sa.literal_column("+customer.deleted") if few else customer.c.deleted
    conditions: list[sa.ColumnElement[bool]] = [live.is_(False)]
    for name in ("tier", "status", "industry", "province", "city"):
        value = getattr(query, name)
        if value:
            conditions.append(customer.c[name] == value)
    if query.owner_id is not None:  # (as stored: hex text, so every parameter is plain text)
        conditions.append(sa.literal_column("customer.owner_id") == query.owner_id.hex)
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
    order = [*columns.get(query.sort, columns["updated"]), customer.c.id]  # id: a stable order
    return [c.desc() for c in order] if query.descending else order


def customer_ids(
    connection: sa.Connection, query: CustomerFilter, limit: int | None = None
) -> list[str]:
    """Ids (hex strings) of the customers matching ``query``, in its order (the first
    ``limit`` of them when given: the same ids the whole list starts with)."""
    walk = (  # for the first rows: walk an index in the list's order (see _conditions)
        limit is not None
        and query.sort in INDEXED_SORTS
        and (not terms(query.text) or _dense(connection, query))
    )
    statement: sa.Select[Any] = (
        sa.select(sa.literal_column("customer.id"))
        .select_from(customer)
        .where(*_conditions(query, walk=walk))
        .order_by(*_order(query))
        .limit(limit)
    )
    # Straight from the driver: up to 100,000 one-column rows, where SQLAlchemy's result rows
    # would double the time. Every parameter here is plain text or a number (no type to bind).
    compiled = statement.compile(dialect=connection.dialect)
    values = [compiled.params[name] for name in compiled.positiontup or ()]
    cursor = connection.connection.driver_connection.execute(str(compiled), values)  # type: ignore[union-attr]
    return [row[0] for row in cursor.fetchall()]


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
