"""contact owners for search

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 00:15:00

The customer list matches each search term in a customer's own text or in one of its
contacts'. The contact indexes give contact rowids at once, but turning thousands of them
into their customers read each contact's indexed text (for its customer_id) and looked the
customer up by id: 15–20 ms for a term such as 138 at 100,000 customers. This table maps a
contact's rowid to its customer's rowid, kept in step by triggers (and, in bulk loads, by
``salesdesk.store.search.bulk_insert``), so the same step is a primary-key lookup per contact.

A contact may be written before its customer (a sync page writes each entity in turn, and
a synced row is rewritten as a delete and an insert): its customer_rowid is NULL until the
customer's insert fills it; a customer's delete clears the rowids pointing at it.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

NOT_SUSPENDED = "NOT EXISTS (SELECT 1 FROM search_suspended)"
OWNER = "(SELECT rowid FROM customer WHERE id = NEW.customer_id)"
DDL = [
    "CREATE TABLE search_contact_owner ("
    "contact_rowid INTEGER PRIMARY KEY, customer_rowid INTEGER)",
    "CREATE INDEX search_contact_owner_customer ON search_contact_owner (customer_rowid)",
    f"""CREATE TRIGGER contact_owner_insert AFTER INSERT ON contact
        WHEN {NOT_SUSPENDED} BEGIN
        INSERT OR REPLACE INTO search_contact_owner VALUES (NEW.rowid, {OWNER});
    END""",
    f"""CREATE TRIGGER contact_owner_update AFTER UPDATE OF customer_id ON contact BEGIN
        INSERT OR REPLACE INTO search_contact_owner VALUES (NEW.rowid, {OWNER});
    END""",
    """CREATE TRIGGER contact_owner_delete AFTER DELETE ON contact BEGIN
        DELETE FROM search_contact_owner WHERE contact_rowid = OLD.rowid;
    END""",
    f"""CREATE TRIGGER customer_owner_insert AFTER INSERT ON customer
        WHEN {NOT_SUSPENDED} BEGIN
        UPDATE search_contact_owner SET customer_rowid = NEW.rowid
            WHERE contact_rowid IN (SELECT rowid FROM contact WHERE customer_id = NEW.id);
    END""",
    """CREATE TRIGGER customer_owner_delete AFTER DELETE ON customer BEGIN
        UPDATE search_contact_owner SET customer_rowid = NULL WHERE customer_rowid = OLD.rowid;
    END""",
    "INSERT INTO search_contact_owner (contact_rowid, customer_rowid) "
    "SELECT contact.rowid, customer.rowid FROM contact "
    "LEFT JOIN customer ON customer.id = contact.customer_id",
]


def upgrade() -> None:
    for statement in DDL:
        op.execute(statement)


def downgrade() -> None:
    for name in (
        "contact_owner_insert",
        "contact_owner_update",
        "contact_owner_delete",
        "customer_owner_insert",
        "customer_owner_delete",
    ):
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE search_contact_owner")
