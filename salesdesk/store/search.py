"""Full-text search over customers and contacts (SQLite FTS5, trigram tokenizer).

Trigrams index every three-character window, so a query finds Chinese
substrings (华为技术 in 深圳市华为技术有限公司) and parts of English words
alike. Terms shorter than three characters (a two-character Chinese name is
common) fall back to a LIKE scan of the same index; all terms must match.
The index is kept in step by triggers (see migration 0001).
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from salesdesk.store.tables import ENTITY_TABLES

customer_table = ENTITY_TABLES["customer"]
contact_table = ENTITY_TABLES["contact"]

# The indexed text of each row; the triggers of the newest migration use the same
# expressions with ``NEW.`` (a test checks they agree).
BODY_SQL = {
    "customer": (
        "{row}name || ' ' || {row}credit_code || ' ' || {row}province || ' ' || "
        "{row}city || ' ' || {row}district || ' ' || {row}address || ' ' || "
        "{row}phone || ' ' || {row}phone_key || ' ' || {row}tags"
    ),
    "contact": (
        "{row}name || ' ' || {row}title || ' ' || {row}mobile || ' ' || {row}phone_key || ' ' || "
        "{row}email || ' ' || {row}wechat"
    ),
}


@contextmanager
def bulk_insert(connection: sa.Connection, entity: str) -> Iterator[None]:
    """Index rows inserted in the block with one statement instead of a trigger per row.

    Must run inside a write transaction (so no other writer can insert meanwhile).
    """
    if entity not in BODY_SQL:
        yield
        return
    start = connection.exec_driver_sql(f"SELECT coalesce(max(rowid), 0) FROM {entity}").scalar_one()
    connection.exec_driver_sql("INSERT INTO search_suspended VALUES (1)")
    try:
        yield
    finally:
        connection.exec_driver_sql("DELETE FROM search_suspended")
    body = BODY_SQL[entity].format(row="")
    extra = ", customer_id" if entity == "contact" else ""
    connection.exec_driver_sql(
        f"INSERT INTO search_{entity}(rowid, body{extra}) "
        f"SELECT rowid, {body}{extra} FROM {entity} WHERE rowid > ? AND deleted = 0",
        (start,),
    )


@dataclasses.dataclass(frozen=True)
class SearchHit:
    """One match: a customer, or a contact (with the customer it belongs to)."""

    entity: str  # "customer" or "contact"
    id: uuid.UUID
    customer_id: uuid.UUID
    title: str  # the customer's or contact's name
    customer_name: str


def terms(text: str) -> list[str]:
    """The search terms typed: split on white space, at most eight."""
    return [t for t in re.split(r"\s+", text.strip()) if t][:8]


def _matching(fts_table: str, words: list[str], column: str = "rowid") -> sa.TextualSelect:
    """``SELECT column FROM fts_table`` for the rows whose text contains every term."""
    params: dict[str, Any] = {}
    clauses = []
    long_terms = [w for w in words if len(w) >= 3]
    if long_terms:
        params[f"{fts_table}_match"] = " AND ".join(
            '"' + w.replace('"', '""') + '"' for w in long_terms
        )
        clauses.append(f"{fts_table} MATCH :{fts_table}_match")
    for number, word in enumerate(w for w in words if len(w) < 3):
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params[f"{fts_table}_like{number}"] = f"%{escaped}%"
        clauses.append(f"body LIKE :{fts_table}_like{number} ESCAPE '\\'")
    sql = f"SELECT {column} FROM {fts_table} WHERE {' AND '.join(clauses)}"
    column_type = sa.Integer if column == "rowid" else sa.Uuid
    return sa.text(sql).bindparams(**params).columns(sa.column(column, column_type))


def matching_customers(text: str) -> sa.ColumnElement[bool] | None:
    """A condition on the customer table: the customer or one of its contacts matches ``text``.

    None when there is nothing to search for.
    """
    words = terms(text)
    if not words:
        return None
    return sa.or_(
        sa.literal_column("customer.rowid").in_(_matching("search_customer", words)),
        customer_table.c.id.in_(_matching("search_contact", words, "customer_id")),
    )


def search(connection: sa.Connection, text: str, limit: int = 50) -> list[SearchHit]:
    """Customers and contacts matching ``text``: customers first, each list by name."""
    words = terms(text)
    if not words:
        return []
    customers = connection.execute(
        sa.select(customer_table.c.id, customer_table.c.name)
        .where(
            sa.literal_column("customer.rowid").in_(_matching("search_customer", words)),
            customer_table.c.deleted.is_(False),
        )
        .order_by(customer_table.c.name)
        .limit(limit)
    ).all()
    contacts = connection.execute(
        sa.select(
            contact_table.c.id, contact_table.c.name, customer_table.c.id, customer_table.c.name
        )
        .join(customer_table, customer_table.c.id == contact_table.c.customer_id)
        .where(
            sa.literal_column("contact.rowid").in_(_matching("search_contact", words)),
            contact_table.c.deleted.is_(False),
            customer_table.c.deleted.is_(False),
        )
        .order_by(contact_table.c.name)
        .limit(limit)
    ).all()
    hits = [SearchHit("customer", row[0], row[0], row[1], row[1]) for row in customers]
    hits += [SearchHit("contact", row[0], row[2], row[1], row[3]) for row in contacts]
    return hits
