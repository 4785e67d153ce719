"""Pull speed of salesdesk-server: a first sync of a territory of 20,000 customers (~150,000 rows).

Loads one rep's territory straight into a new server database (customers, 2
contacts and 2 visits each, a deal with its stage change, feedback for every
other customer), then measures, on SQLite and on PostgreSQL:

* server side: rows/s of ``sync.server.pull.pull`` building pages in process
  (scope query, row fetch, wire JSON), with the default page size and with
  large pages;
* end to end: rows/s of a client pulling every page over HTTP from the real
  server (subprocess, gzip on).

    python bench/bench_server_pull.py [--customers 20000]

PostgreSQL as in bench_server_push.py (``SALESDESK_BENCH_PG``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from salesdesk.domain.ids import uuid7
from salesdesk.domain.schema import ENTITIES, utcnow
from sync.protocol import DEFAULT_PAGE_BYTES, DEFAULT_PAGE_ROWS, MAX_PAGE_BYTES
from sync.server import admin, db, pull
from sync.server.auth import load_viewer
from sync.server.tables import ENTITY_TABLES, sync_counter, sync_row

CHUNK = 5000
# The server set-up helpers (PostgreSQL database, server process) are bench_server_push's.
_push_bench = importlib.import_module("bench_server_push")
PASSWORD: str = _push_bench.PASSWORD
drop_database = _push_bench.drop_database
postgres_database = _push_bench.postgres_database
start_server = _push_bench.start_server
stop_server = _push_bench.stop_server


class Loader:
    """Writes rows with their scope index directly (the bench's set-up, not the write path)."""

    def __init__(self, connection: sa.Connection, rep: uuid.UUID, team: uuid.UUID) -> None:
        self.connection = connection
        self.rep, self.team = rep, team
        self.seq = int(connection.execute(sa.select(sync_counter.c.value)).scalar_one())
        self.pending: dict[str, list[dict[str, Any]]] = {}
        self.index: list[dict[str, Any]] = []
        self.templates: dict[str, dict[str, Any]] = {}
        self.now = utcnow()
        self.count = 0

    def add(self, entity: str, **values: Any) -> uuid.UUID:
        if entity not in self.templates:
            self.templates[entity] = ENTITIES[entity].clean_values(values, creating=True)
        self.seq += 1
        row_id = uuid7()
        self.pending.setdefault(entity, []).append(
            {
                **self.templates[entity],
                **values,
                "id": row_id,
                "rev": self.seq,
                "deleted": False,
                "created_at": self.now,
                "updated_at": self.now,
                "created_rev": self.seq,
                "field_revs": "{}",
            }
        )
        self.index.append(
            {
                "row_id": row_id,
                "entity": entity,
                "seq": self.seq,
                "scope_user": self.rep,
                "scope_team": self.team,
                "wide": False,
            }
        )
        self.count += 1
        if len(self.index) >= CHUNK:
            self.flush()
        return row_id

    def flush(self) -> None:
        for entity in ("customer", "contact", "visit", "deal", "deal_stage_change", "feedback"):
            rows = self.pending.pop(entity, [])
            if rows:
                self.connection.execute(sa.insert(ENTITY_TABLES[entity]), rows)
        if self.index:
            self.connection.execute(sa.insert(sync_row), self.index)
            self.index = []


@contextlib.contextmanager
def territory_server(
    backend: str, customers: int, folder: Path
) -> Iterator[tuple[str, int, float] | None]:
    """The real server on a loopback port over a new database (``sqlite`` in ``folder`` or
    ``postgres``) holding rep ``rep``'s territory: yields (base URL, rows, seconds to load),
    or None when no PostgreSQL server is at hand; stops the server and drops the database."""
    admin_url = None
    if backend == "postgres":
        made = postgres_database()
        if made is None:
            yield None
            return
        url, admin_url = made
    else:
        url = str(folder / "server.db")
    try:
        count, seconds = load_territory(url, customers)
        process, base = start_server(url, 1, folder)
        try:
            yield base, count, seconds
        finally:
            stop_server(process)
    finally:
        if admin_url is not None:
            drop_database(url, admin_url)


def load_territory(url: str, customers: int) -> tuple[int, float]:
    engine = db.create_engine(db.normalize_url(url))
    db.migrate(engine)
    admin.init(engine, "admin", PASSWORD)
    team = admin.add_team(engine, "Bench")[0]
    rep = admin.add_user(engine, "rep", PASSWORD, role="rep", team="Bench")
    stages = ENTITY_TABLES["pipeline_stage"]
    started = time.perf_counter()
    with db.write_transaction(engine) as (connection, seqs):
        stage = connection.execute(
            sa.select(stages.c.id).where(stages.c.team_id == team).limit(1)
        ).scalar_one()
        loader = Loader(connection, rep, team)
        for number in range(customers):
            customer = loader.add(
                "customer",
                name=f"客户{number:05d}有限公司",
                owner_id=rep,
                city="上海",
                address=f"浦东新区世纪大道{number}号",
                tags=("重点",),
            )
            for i in range(2):
                loader.add("contact", customer_id=customer, name=f"联系人{i}", mobile="13800138000")
                loader.add("visit", customer_id=customer, purpose="回访", rep_id=rep)
            deal = loader.add("deal", customer_id=customer, title="年度采购", stage_id=stage)
            loader.add("deal_stage_change", deal_id=deal, to_stage_id=stage)
            if number % 2 == 0:
                loader.add("feedback", customer_id=customer, body="服务满意", rating=5)
        loader.flush()
        seqs.last = loader.seq  # the transaction stores the counter at its end
    engine.dispose()
    return loader.count, time.perf_counter() - started


def server_side(url: str, limit: int, max_bytes: int) -> tuple[int, float, int]:
    engine = db.create_engine(db.normalize_url(url))
    with engine.connect() as connection:
        rep = connection.execute(
            sa.select(ENTITY_TABLES["user"].c.id).where(ENTITY_TABLES["user"].c.username == "rep")
        ).scalar_one()
    viewer = load_viewer(engine, rep)
    assert viewer is not None
    cursor, rows, pages = 0, 0, 0
    started = time.perf_counter()
    while True:
        page = json.loads(pull.pull(engine, viewer, cursor, limit, max_bytes))
        rows += len(page["changes"])
        pages += 1
        cursor = page["cursor"]
        if not page["more"]:
            break
    elapsed = time.perf_counter() - started
    engine.dispose()
    return rows, elapsed, pages


def over_http(url: str, folder: Path) -> tuple[int, float, int, int]:
    process, base = start_server(url, 1, folder)
    try:
        with requests.Session() as http:
            http.headers["X-SalesDesk-Protocol"] = "2"
            tokens = http.post(
                f"{base}/auth/login", json={"username": "rep", "password": PASSWORD}
            ).json()
            http.headers["Authorization"] = f"Bearer {tokens['access_token']}"
            cursor, rows, pages, wire = 0, 0, 0, 0
            started = time.perf_counter()
            while True:
                response = http.get(f"{base}/sync/pull", params={"cursor": cursor}, stream=True)
                raw = response.raw.read(decode_content=False)
                wire += len(raw)
                page = json.loads(response.content if not raw else _decode(raw, response))
                rows += len(page["changes"])
                pages += 1
                cursor = page["cursor"]
                if not page["more"]:
                    break
            elapsed = time.perf_counter() - started
    finally:
        stop_server(process)
    return rows, elapsed, pages, wire


def _decode(raw: bytes, response: requests.Response) -> bytes:
    import gzip

    if response.headers.get("Content-Encoding") == "gzip":
        return gzip.decompress(raw)
    return raw


def measure(label: str, url: str, customers: int, folder: Path) -> None:
    count, load_seconds = load_territory(url, customers)
    print(f"{label}: loaded {count:,} rows for one rep in {load_seconds:.1f} s")
    for name, limit, max_bytes in (
        ("default pages", DEFAULT_PAGE_ROWS, DEFAULT_PAGE_BYTES),
        ("large pages", 5000, MAX_PAGE_BYTES),
    ):
        rows, seconds, pages = server_side(url, limit, max_bytes)
        print(
            f"  server side, {name:<13} ({limit} rows/page): {rows / seconds:9,.0f} rows/s  "
            f"({rows:,} rows, {pages} pages, {seconds:.1f} s)"
        )
    rows, seconds, pages, wire = over_http(url, folder)
    print(
        f"  over HTTP (gzip), default pages:        {rows / seconds:9,.0f} rows/s  "
        f"({rows:,} rows, {pages} pages, {seconds:.1f} s, {wire / 1_048_576:.1f} MB on the wire)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20_000)
    args, _unknown = parser.parse_known_args()
    with tempfile.TemporaryDirectory() as folder:
        measure("SQLite", str(Path(folder) / "bench.db"), args.customers, Path(folder))
        found = postgres_database()
        if found is not None:
            url, admin_url = found
            try:
                measure("PostgreSQL", url, args.customers, Path(folder))
            finally:
                drop_database(url, admin_url)


if __name__ == "__main__":
    main()
