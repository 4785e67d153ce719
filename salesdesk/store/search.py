"""Full-text search over customers and contacts (SQLite FTS5).

Two indexes, kept in step by triggers (see migration 0001):

- trigram tables index every three-character window of all searchable text,
  so a term of three or more characters finds any substring: Chinese
  (华为技术 in 深圳市华为技术有限公司), English, the middle of a phone number. A
  term of exactly three characters is one trigram, looked up with ``MATCH`` (no text
  check); longer terms (and any with ``_``, which ``LIKE`` treats as a wildcard) use
  ``LIKE``, which takes candidates from the index and checks each row's text;
- "gram" tables index names, places and addresses as overlapping character pairs
  (:func:`grams`), so one- and two-character terms — 张伟, 深圳, 张 — are
  index lookups too, not scans.

All typed terms must match. In the customer list each term may match the
customer's own text or one of its contacts' (深圳 张: a customer in Shenzhen
with a contact named Zhang), the contacts' customers found through
``search_contact_owner`` (contact rowid → customer rowid, migration 0004); the
search box's hits are customers and contacts matched by their own text.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from salesdesk.store.tables import ENTITY_TABLES

customer_table = ENTITY_TABLES["customer"]
contact_table = ENTITY_TABLES["contact"]

_RUNS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\W_\u3400-\u9fff\uf900-\ufaff]+")


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def grams(text: str | None) -> str:
    """Index tokens for short searches: Chinese as overlapping pairs plus each run's last
    character (深圳市 → "深圳 圳市 市"), other words whole and lower-case."""
    tokens: list[str] = []
    for run in _RUNS.findall(unicodedata.normalize("NFKC", text or "").lower()):
        if _is_cjk(run[0]):
            tokens.extend(map(str.__add__, run, run[1:]))  # each character with the next
            tokens.append(run[-1])
        else:
            tokens.append(run)
    return " ".join(tokens)


def register_functions(connection: sqlite3.Connection) -> None:
    """Make ``salesdesk_grams`` available to the search triggers on this connection."""
    connection.create_function("salesdesk_grams", 1, grams, deterministic=True)


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
# The entities whose tables have search triggers.
INDEXED = frozenset(BODY_SQL)
GRAMS_SQL = {
    "customer": (
        "salesdesk_grams({row}name || ' ' || {row}province || ' ' || {row}city || ' ' || "
        "{row}district || ' ' || {row}address)"
    ),
    "contact": "salesdesk_grams({row}name)",
}


OWNERS_SQL = {
    # What the contact_owner_insert / customer_owner_insert triggers do, for a whole batch:
    # the new contacts' customers; the contacts still waiting for a customer that came now.
    "contact": (
        "INSERT OR REPLACE INTO search_contact_owner (contact_rowid, customer_rowid) "
        "SELECT contact.rowid, customer.rowid FROM contact NOT INDEXED "
        "LEFT JOIN customer ON customer.id = contact.customer_id "
        "WHERE contact.rowid > ? ORDER BY contact.rowid"
    ),
    "customer": (
        "UPDATE search_contact_owner SET customer_rowid = ("
        "SELECT customer.rowid FROM contact JOIN customer ON customer.id = contact.customer_id "
        "WHERE contact.rowid = search_contact_owner.contact_rowid) "
        "WHERE customer_rowid IS NULL"
    ),
}


@contextmanager
def bulk_insert(connection: sa.Connection, entity: str) -> Iterator[None]:
    """Index rows inserted in the block with one statement per index instead of a trigger per row.

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
    connection.exec_driver_sql(OWNERS_SQL[entity], (start,) if entity == "contact" else ())
    for table, column, expression in (
        (f"search_{entity}", "body", BODY_SQL[entity]),
        (f"search_{entity}_gram", "grams", GRAMS_SQL[entity]),
    ):
        # The new rows in rowid order, read by rowid (NOT INDEXED: left to itself, SQLite reads
        # customers through the (deleted, name, id) index, in name order). FTS5 writes its
        # pending entries out each time a rowid is lower than the one before, so rows in
        # any other order cost a small index segment each, and merging them, several times over.
        connection.exec_driver_sql(
            f"INSERT INTO {table}(rowid, {column}) "
            f"SELECT rowid, {expression.format(row='')} FROM {entity} NOT INDEXED "
            "WHERE rowid > ? AND deleted = 0 ORDER BY rowid",
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
    """The search terms typed: split on white space, at most eight.

    ``%`` is dropped (it would be a wildcard); ``_`` stays and matches itself or any
    one character, which only widens a match slightly (WeChat ids contain it).
    """
    cleaned = text.replace("%", " ")
    return [t for t in re.split(r"\s+", cleaned.strip()) if t][:8]


def _gram_query(term: str) -> str | None:
    """An FTS5 query over the gram index for a one- or two-character term, or None."""
    tokens = grams(term).split()
    if not tokens:
        return None
    if len(tokens) == 1:  # one character, or one short word: anything starting with it
        return '"' + tokens[0] + '"*'
    return '"' + tokens[0] + '"'  # two Chinese characters: exactly that pair


def _matching_sql(
    entity: str, words: list[str], column: str, key: str = ""
) -> tuple[str, dict[str, Any]]:
    """``SELECT column FROM`` an index of ``entity`` for the rows containing every term
    (``key`` keeps the parameter names of several such queries apart)."""
    params: dict[str, Any] = {}
    parts: list[str] = []
    name = f"{entity}{key}"
    long_terms = [w for w in words if len(w) >= 3]
    if long_terms:
        conditions = []
        for number, term in enumerate(long_terms):
            if len(term) == 3 and "_" not in term:  # one trigram: the index alone answers it
                params[f"{name}_tri{number}"] = '"' + term.replace('"', '""') + '"'
                conditions.append(f"search_{entity} MATCH :{name}_tri{number}")
            else:  # the index finds candidates, the text is checked for the whole term
                params[f"{name}_like{number}"] = f"%{term}%"
                conditions.append(f"body LIKE :{name}_like{number}")
        parts.append(f"SELECT {column} FROM search_{entity} WHERE {' AND '.join(conditions)}")
    short_queries = [q for q in (_gram_query(w) for w in words if len(w) < 3) if q]
    if short_queries:
        params[f"{name}_gram"] = " AND ".join(short_queries)
        parts.append(
            f"SELECT {column} FROM search_{entity}_gram "
            f"WHERE search_{entity}_gram MATCH :{name}_gram"
        )
    if not parts:  # only punctuation was typed: nothing can match
        parts.append(f"SELECT {column} FROM search_{entity} WHERE 0")
    return " INTERSECT ".join(parts), params


def _matching(entity: str, words: list[str], column: str = "rowid") -> sa.TextualSelect:
    """``SELECT column FROM`` an index of ``entity`` for the rows containing every term."""
    sql, params = _matching_sql(entity, words, column)
    column_type = sa.Integer if column == "rowid" else sa.Uuid
    return sa.text(sql).bindparams(**params).columns(sa.column(column, column_type))


def matching_customers(text: str) -> sa.ColumnElement[bool] | None:
    """A condition on the customer table: each term of ``text`` is found in the customer's own
    text or in one of its contacts'.

    None when there is nothing to search for.
    """
    words = terms(text)
    if not words:
        return None
    # Per term, one list of matching customer rowids (a UNION, not an OR of two IN lists), so
    # SQLite can fetch just those rows instead of testing every customer against both lists;
    # several terms intersect their lists.
    per_term: list[str] = []
    params: dict[str, Any] = {}
    for number, word in enumerate(words):
        own, own_params = _matching_sql("customer", [word], "rowid", key=str(number))
        contacts, contact_params = _matching_sql("contact", [word], "rowid", key=str(number))
        params |= own_params | contact_params
        union = (  # a matching contact's customer: search_contact_owner (migration 0004)
            f"{own} UNION SELECT customer_rowid FROM search_contact_owner "
            f"WHERE contact_rowid IN ({contacts})"
        )
        per_term.append(union if len(words) == 1 else f"SELECT * FROM ({union})")
    matches = sa.text(" INTERSECT ".join(per_term)).bindparams(**params)
    return sa.literal_column("customer.rowid").in_(matches.columns(sa.column("rowid", sa.Integer)))


def rough_matches(connection: sa.Connection, text: str, upto: int) -> int:
    """How many index entries match ``text``, a single term, counting no further than
    ``upto``: customers matched by their own text plus contacts matched (a customer may count
    twice). A cheap measure of how broad a search is — the index lookups stream and stop at
    ``upto``, well under a millisecond. 0 for several terms."""
    words = terms(text)
    if len(words) != 1:
        return 0
    own, own_params = _matching_sql("customer", words, "rowid", key="n")
    contacts, contact_params = _matching_sql("contact", words, "rowid", key="n")
    sql = f"SELECT count(*) FROM ({own} UNION ALL {contacts} LIMIT :upto)"
    count = connection.execute(sa.text(sql), {**own_params, **contact_params, "upto": upto})
    return int(count.scalar_one())


def search(connection: sa.Connection, text: str, limit: int = 50) -> list[SearchHit]:
    """Customers and contacts matching ``text``: customers first, each list by name."""
    words = terms(text)
    if not words:
        return []
    customers = connection.execute(
        sa.select(customer_table.c.id, customer_table.c.name)
        .where(
            sa.literal_column("customer.rowid").in_(_matching("customer", words)),
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
            sa.literal_column("contact.rowid").in_(_matching("contact", words)),
            contact_table.c.deleted.is_(False),
            customer_table.c.deleted.is_(False),
        )
        .order_by(contact_table.c.name)
        .limit(limit)
    ).all()
    hits = [SearchHit("customer", row[0], row[0], row[1], row[1]) for row in customers]
    hits += [SearchHit("contact", row[0], row[2], row[1], row[3]) for row in contacts]
    return hits
