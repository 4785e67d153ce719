"""Finding probable duplicates before a customer or contact is saved.

The rules live in ``domain.dedupe``; this module finds the candidates with
indexed lookups on the local-only ``name_key`` and ``phone_key`` columns.
"""

from __future__ import annotations

import dataclasses
import uuid

import sqlalchemy as sa

from salesdesk.domain.dedupe import keys_match, max_edits, normalize_company_name, phone_key
from salesdesk.store.tables import ENTITY_TABLES

customer = ENTITY_TABLES["customer"]
contact = ENTITY_TABLES["contact"]


@dataclasses.dataclass(frozen=True)
class Duplicate:
    """An existing customer that looks like the one being saved, and why."""

    customer_id: uuid.UUID
    customer_name: str
    reason: str  # "credit_code" | "name" | "phone" | "mobile"
    detail: str  # the value that matched (a contact's name and number for "mobile")


def find_customer_duplicates(
    connection: sa.Connection,
    *,
    name: str = "",
    credit_code: str = "",
    phone: str = "",
    mobiles: tuple[str, ...] = (),
    exclude: uuid.UUID | None = None,
    limit: int = 10,
) -> list[Duplicate]:
    """Existing customers sharing the credit code, a phone number, or a (nearly) same name."""
    found: dict[uuid.UUID, Duplicate] = {}
    live: list[sa.ColumnElement[bool]] = [customer.c.deleted.is_(False)]
    if exclude is not None:
        live.append(customer.c.id != exclude)

    def add(row_id: uuid.UUID, row_name: str, reason: str, detail: str) -> None:
        found.setdefault(row_id, Duplicate(row_id, row_name, reason, detail))

    if credit_code.strip():
        code = credit_code.strip().upper()
        for by_code in connection.execute(
            sa.select(customer.c.id, customer.c.name).where(customer.c.credit_code == code, *live)
        ):
            add(by_code.id, by_code.name, "credit_code", code)
    numbers = {phone_key(n) for n in (phone, *mobiles) if phone_key(n)}
    if numbers:
        for row in connection.execute(
            sa.select(customer.c.id, customer.c.name, customer.c.phone).where(
                customer.c.phone_key.in_(numbers), *live
            )
        ):
            add(row.id, row.name, "phone", row.phone)
        for by_mobile in connection.execute(
            sa.select(customer.c.id, customer.c.name, contact.c.name.label("who"), contact.c.mobile)
            .join(contact, contact.c.customer_id == customer.c.id)
            .where(contact.c.phone_key.in_(numbers), contact.c.deleted.is_(False), *live)
        ):
            add(by_mobile.id, by_mobile.name, "mobile", f"{by_mobile.who} {by_mobile.mobile}")
    key = normalize_company_name(name)
    if key:
        for by_name in connection.execute(_name_candidates(key, live)):
            if keys_match(key, by_name.name_key):
                add(by_name.id, by_name.name, "name", by_name.name)
    return list(found.values())[:limit]


def _name_candidates(
    key: str, live: list[sa.ColumnElement[bool]]
) -> sa.Select[tuple[uuid.UUID, str, str]]:
    """Customers whose name key equals ``key`` or could be within the allowed edits of it.

    A near-identical name almost always keeps its first two characters, so the
    candidates are found by an index range on the key's prefix.
    """
    prefix = key[:2]
    spread = max_edits(len(key))
    near = sa.and_(
        customer.c.name_key >= prefix,
        customer.c.name_key < prefix + "\U0010ffff",
        sa.func.length(customer.c.name_key).between(len(key) - spread, len(key) + spread),
    )
    return (
        sa.select(customer.c.id, customer.c.name, customer.c.name_key)
        .where(sa.or_(customer.c.name_key == key, near) if spread else customer.c.name_key == key)
        .where(*live)
        .limit(200)
    )


def find_contact_duplicates(
    connection: sa.Connection, mobile: str, *, exclude: uuid.UUID | None = None
) -> list[Duplicate]:
    """Contacts (of any customer) with the same mobile number."""
    number = phone_key(mobile)
    if not number:
        return []
    query = (
        sa.select(customer.c.id, customer.c.name, contact.c.name.label("who"), contact.c.mobile)
        .join(contact, contact.c.customer_id == customer.c.id)
        .where(contact.c.phone_key == number, contact.c.deleted.is_(False))
        .where(customer.c.deleted.is_(False))
    )
    if exclude is not None:
        query = query.where(contact.c.id != exclude)
    return [
        Duplicate(row.id, row.name, "mobile", f"{row.who} {row.mobile}")
        for row in connection.execute(query)
    ]
