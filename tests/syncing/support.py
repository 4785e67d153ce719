"""Helpers for the sync tests: devices (client profiles), copies to compare, worker processes.

A *device* is one installation: its own data folder and SQLite file, signed
in as one user. In-process devices (:class:`Device`) call ``sync.client``
directly; worker devices run ``tests/syncing/worker.py`` (or the real
``salesdesk`` CLI) as subprocesses, so they are separate processes that can
be killed. Copies are compared as whole rows in the wire format, entity by
entity: a device's local copy against the server's view of its user (a fresh
full pull by the test's own protocol client).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from salesdesk import api
from salesdesk.domain.schema import ENTITIES, Record
from salesdesk.store.store import Store, record_from_row
from salesdesk.store.tables import ENTITY_TABLES
from sync import client
from tests.server.conftest import PASSWORD, Server

ROOT = Path(__file__).resolve().parents[2]
Copy = dict[str, dict[str, dict[str, Any]]]  # entity -> id -> row (wire JSON)


def local_copy(store: Store) -> Copy:
    """Every row of a profile (tombstones and unsynced rows included), in the wire format."""
    copy: Copy = {}
    with store.engine.connect() as connection:
        for name, definition in ENTITIES.items():
            rows = connection.execute(sa.select(ENTITY_TABLES[name])).mappings()
            copy[name] = {
                str(row["id"]): definition.to_json(record_from_row(definition, row)) for row in rows
            }
    return copy


def server_copy(server: Server, username: str) -> Copy:
    """The server's view of one user's scope: a fresh full pull, in the wire format."""
    reader = server.login(username)
    try:
        reader.sync()
        copy: Copy = {name: {} for name in ENTITIES}
        for row_id, row in reader.rows.items():
            entity = row["_entity"]
            copy[entity][str(row_id)] = {k: v for k, v in row.items() if k != "_entity"}
        return copy
    finally:
        reader.close()
        server.clients.remove(reader)


def differences(mine: Copy, theirs: Copy, limit: int = 10) -> list[str]:
    """Readable differences between two copies (empty when they are equal)."""
    found: list[str] = []
    for entity in sorted(set(mine) | set(theirs)):
        a, b = mine.get(entity, {}), theirs.get(entity, {})
        for row_id in sorted(set(a) | set(b)):
            if row_id not in b:
                found.append(f"{entity} {row_id}: only local (rev {a[row_id]['rev']})")
            elif row_id not in a:
                found.append(f"{entity} {row_id}: only on the server (rev {b[row_id]['rev']})")
            elif a[row_id] != b[row_id]:
                fields = sorted(
                    k
                    for k in set(a[row_id]) | set(b[row_id])
                    if a[row_id].get(k) != b[row_id].get(k)
                )
                shown = ", ".join(
                    f"{k}: {a[row_id].get(k)!r} != {b[row_id].get(k)!r}" for k in fields[:4]
                )
                found.append(f"{entity} {row_id}: {shown}")
            if len(found) >= limit:
                return found
    return found


def assert_converged(store: Store, server: Server, username: str) -> None:
    """The device's copy equals the server's view of its user, row for row, field for field."""
    diff = differences(local_copy(store), server_copy(server, username))
    assert not diff, "the local copy differs from the server's:\n" + "\n".join(diff)
    assert store.outbox_count() == 0, "changes are still pending"


def server_rows(server: Server, entity: str) -> dict[str, dict[str, Any]]:
    """All rows of an entity in the server database (admin's view), by id."""
    return server_copy(server, "admin")[entity]


class Device:
    """One installation in this process: a profile folder signed in as one user."""

    def __init__(self, folder: Path, server: Server, username: str) -> None:
        self.folder = folder
        self.server = server
        self.username = username
        self.url = server.url
        self.store = Store.open(folder)

    def login(self, password: str = PASSWORD, url: str | None = None) -> None:
        self.url = url or self.url
        client.login(self.store, self.url, self.username, password)

    def sync(self, **kw: Any) -> client.SyncResult:
        return client.sync(self.store, **kw)

    def add(self, entity: str, **values: Any) -> uuid.UUID:
        return api.add(self.store, entity, _text(values)).id

    def set(self, entity: str, row_id: uuid.UUID, **values: Any) -> None:
        api.set(self.store, entity, row_id, _text(values))

    def delete(self, entity: str, row_id: uuid.UUID) -> None:
        api.delete(self.store, entity, row_id)

    def note(self, entity: str, row_id: uuid.UUID, text: str) -> None:
        with self.store.transaction() as writer:
            writer.add_note(entity, row_id, text)

    def get(self, entity: str, row_id: uuid.UUID) -> Record | None:
        return self.store.get(entity, row_id, deleted=True)

    def copy(self) -> Copy:
        return local_copy(self.store)

    def assert_converged(self) -> None:
        assert_converged(self.store, self.server, self.username)

    def close(self) -> None:
        self.store.close()


def _text(values: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in values.items()}


# ---- subprocesses ------------------------------------------------------------------------------


def client_env(folder: Path, **extra: str) -> dict[str, str]:
    """Environment of a client subprocess: quick retries, a file keyring in ``folder``."""
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "tests.syncing.keyrings.FileKeyring",
        "SALESDESK_TEST_KEYRING": str(folder / "keyring.json"),
        "SALESDESK_SYNC_BACKOFF": "0.05",
        "SALESDESK_SYNC_ATTEMPTS": "4",
        "SALESDESK_SYNC_TIMEOUT": "20",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("SALESDESK_PASSWORD", None)
    env.pop("SALESDESK_SYNC_CRASH", None)
    env.update(extra)
    return env


def worker(
    data_dir: Path, commands: Sequence[Sequence[Any]], env: dict[str, str], *, check: bool = True
) -> list[Any]:
    """Run ``tests/syncing/worker.py`` with these commands; its JSON results, one per command."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.syncing.worker", str(data_dir), json.dumps(commands)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"worker failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def cli(
    data_dir: Path, *args: str, env: dict[str, str], check: bool = True
) -> subprocess.CompletedProcess[str]:
    """The real ``salesdesk`` command on a profile."""
    done = subprocess.run(
        [sys.executable, "-m", "salesdesk.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"salesdesk {' '.join(args)} failed: {done.stderr}")
    return done


# ---- a large territory ---------------------------------------------------------------------------


def load_territory(server: Server, username: str, customers: int) -> int:
    """Give ``username`` a territory straight in the server database: per customer 2 contacts,
    2 visits, a deal with a stage change, and feedback for every other one (7.5 rows each).

    Written like the server's own writes (seqs from the counter, scope index rows), in one
    transaction, much faster than pushing them; returns the number of rows.
    """
    import sqlalchemy as sa

    from salesdesk.domain.ids import uuid7
    from salesdesk.domain.schema import utcnow
    from sync.server import db
    from sync.server.tables import ENTITY_TABLES as SERVER_TABLES
    from sync.server.tables import sync_row

    engine = db.create_engine(db.normalize_url(server.db_url))
    users, stages = SERVER_TABLES["user"], SERVER_TABLES["pipeline_stage"]
    now = utcnow()
    count = 0
    try:
        with db.write_transaction(engine) as (connection, seqs):
            user = connection.execute(
                sa.select(users.c.id, users.c.team_id).where(users.c.username == username)
            ).one()
            stage = connection.execute(
                sa.select(stages.c.id).where(stages.c.team_id == user.team_id).limit(1)
            ).scalar_one()
            pending: dict[str, list[dict[str, Any]]] = {}
            index: list[dict[str, Any]] = []
            templates: dict[str, dict[str, Any]] = {}

            def add(entity: str, **values: Any) -> uuid.UUID:
                nonlocal count
                if entity not in templates:
                    templates[entity] = ENTITIES[entity].clean_values(values, creating=True)
                seq = seqs.next()
                row_id = uuid7()
                pending.setdefault(entity, []).append(
                    {
                        **templates[entity],
                        **values,
                        "id": row_id,
                        "rev": seq,
                        "deleted": False,
                        "created_at": now,
                        "updated_at": now,
                        "created_rev": seq,
                        "field_revs": "{}",
                    }
                )
                index.append(
                    {
                        "row_id": row_id,
                        "entity": entity,
                        "seq": seq,
                        "scope_user": user.id,
                        "scope_team": user.team_id,
                        "wide": False,
                    }
                )
                count += 1
                return row_id

            for number in range(customers):
                customer = add(
                    "customer",
                    name=f"客户{number:05d}有限公司",
                    owner_id=user.id,
                    city="上海",
                    address=f"浦东新区世纪大道{number}号",
                    tags=("重点",),
                )
                for i in range(2):
                    add("contact", customer_id=customer, name=f"联系人{i}", mobile="13800138000")
                    add("visit", customer_id=customer, purpose="回访", rep_id=user.id)
                deal = add(
                    "deal", customer_id=customer, title="年度采购", stage_id=stage, owner_id=user.id
                )
                add("deal_stage_change", deal_id=deal, to_stage_id=stage)
                if number % 2 == 0:
                    add("feedback", customer_id=customer, body="服务满意", rating=5)
            for entity in ("customer", "contact", "visit", "deal", "deal_stage_change", "feedback"):
                if pending.get(entity):
                    connection.execute(sa.insert(SERVER_TABLES[entity]), pending[entity])
            connection.execute(sa.insert(sync_row), index)
    finally:
        engine.dispose()
    return count
