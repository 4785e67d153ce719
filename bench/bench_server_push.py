"""Push throughput of salesdesk-server with 20 concurrent clients, on SQLite and PostgreSQL.

Starts the real server (subprocess, loopback) on a new database, signs in 20
reps and lets each push batches of field-level ops (creates of customers and
contacts, then updates) as fast as the server answers. Prints ops/s and the
p50/p95 latency of one push request per database.

    python bench/bench_server_push.py [--seconds 15] [--batch 10] [--workers 2]

PostgreSQL: ``SALESDESK_BENCH_PG`` names a server and a role that may create
databases (default: the ``salesdesk_test`` role the server tests create on the
local cluster); without one the PostgreSQL run is skipped with a message.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from salesdesk.domain.ids import uuid7
from salesdesk.domain.schema import format_datetime, utcnow
from sync.server import admin, db

PG_DEFAULT = "postgresql://salesdesk_test:salesdesk_test@127.0.0.1:5432/postgres"
CLIENTS = 20
PASSWORD = "bench-password-1"


def postgres_database() -> tuple[str, str] | None:
    """(url of a new database, admin url), or None when no PostgreSQL is reachable."""
    admin_url = os.environ.get("SALESDESK_BENCH_PG", PG_DEFAULT)
    name = f"sdbench_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        print(f"PostgreSQL skipped: cannot create a database at {admin_url}: {exc}".strip())
        return None
    return f"{admin_url.rpartition('/')[0]}/{name}", admin_url


def drop_database(url: str, admin_url: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{url.rpartition("/")[2]}" WITH (FORCE)')


def prepare(url: str) -> list[str]:
    engine = db.create_engine(db.normalize_url(url))
    db.migrate(engine)
    admin.init(engine, "admin", PASSWORD)
    admin.add_team(engine, "Bench")
    names = [f"rep{i:02d}" for i in range(CLIENTS)]
    for name in names:
        admin.add_user(engine, name, PASSWORD, role="rep", team="Bench")
    engine.dispose()
    return names


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(url: str, workers: int, folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    log = (folder / "server.log").open("ab")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sync.server.cli",
            "--db",
            url,
            "run",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "SALESDESK_LOG_LEVEL": "warning"},
        start_new_session=True,
    )
    log.close()
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{base}/health", timeout=1).status_code == 200:
                return process, base
        time.sleep(0.1)
    stop_server(process)
    raise SystemExit(f"the server did not start; see {folder / 'server.log'}")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    process.wait(30)


class Pusher(threading.Thread):
    """One client: signs in, then pushes batches until the deadline."""

    def __init__(self, base: str, name: str, batch: int, deadline: float) -> None:
        super().__init__()
        self.base, self.name, self.batch, self.deadline = base, name, batch, deadline
        self.latencies: list[float] = []
        self.ops = 0
        self.error: str = ""

    def run(self) -> None:
        with requests.Session() as http:
            http.headers["X-SalesDesk-Protocol"] = "2"
            answer = http.post(
                f"{self.base}/auth/login", json={"username": self.name, "password": PASSWORD}
            )
            if answer.status_code != 200:
                self.error = f"login: {answer.status_code} {answer.text[:200]}"
                return
            tokens = answer.json()
            http.headers["Authorization"] = f"Bearer {tokens['access_token']}"
            me = tokens["user"]["user_id"]
            client_id = str(uuid7())
            customers: list[tuple[str, int]] = []
            round_number = 0
            while time.monotonic() < self.deadline:
                ops = self._ops(me, customers, round_number)
                started = time.perf_counter()
                response = http.post(
                    f"{self.base}/sync/push", json={"client_id": client_id, "ops": ops}
                )
                self.latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    self.error = f"{response.status_code} {response.text[:200]}"
                    return
                results = response.json()["results"]
                self.ops += len(ops)
                for sent, result in zip(ops, results, strict=True):
                    if sent["kind"] == "create" and sent["entity"] == "customer":
                        customers.append((sent["row_id"], result["seq"]))
                round_number += 1

    def _ops(self, me: str, customers: list[tuple[str, int]], number: int) -> list[dict[str, Any]]:
        now = format_datetime(utcnow())
        ops: list[dict[str, Any]] = []
        for i in range(self.batch):
            kind = i % 3
            if kind == 0 or not customers:
                ops.append(
                    _op(
                        "create",
                        "customer",
                        {
                            "name": f"客户{number}-{i}",
                            "owner_id": me,
                            "city": "上海",
                            "tags": ["重点"],
                        },
                        now,
                    )
                )
            elif kind == 1:
                row_id, seq = customers[(number + i) % len(customers)]
                ops.append(
                    _op("update", "customer", {"phone": f"021-{number:08d}"}, now, row_id, seq)
                )
            else:
                row_id, _seq = customers[-1]
                ops.append(_op("create", "contact", {"name": "联系人", "customer_id": row_id}, now))
        return ops


def _op(
    kind: str,
    entity: str,
    fields: dict[str, Any],
    now: str,
    row_id: str | None = None,
    base: int = 0,
) -> dict[str, Any]:
    return {
        "op_id": str(uuid7()),
        "entity": entity,
        "row_id": row_id or str(uuid7()),
        "kind": kind,
        "base_rev": base,
        "fields": fields,
        "created_at": now,
    }


def measure(label: str, url: str, args: argparse.Namespace, folder: Path) -> None:
    names = prepare(url)
    process, base = start_server(url, args.workers, folder)
    try:
        deadline = time.monotonic() + args.seconds
        started = time.perf_counter()
        pushers = [Pusher(base, name, args.batch, deadline) for name in names]
        for pusher in pushers:
            pusher.start()
        for pusher in pushers:
            pusher.join()
        elapsed = time.perf_counter() - started
    finally:
        stop_server(process)
    errors = [p.error for p in pushers if p.error]
    if errors:
        raise SystemExit(f"{label}: pushes failed: {errors[0]}")
    latencies = sorted(x for p in pushers for x in p.latencies)
    ops = sum(p.ops for p in pushers)
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(
        f"{label:<11} {CLIENTS} clients, {args.workers} worker(s), {args.batch} ops/push: "
        f"{ops / elapsed:8.0f} ops/s  {len(latencies) / elapsed:6.1f} pushes/s  "
        f"p50 {statistics.median(latencies) * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms  "
        f"({ops} ops in {elapsed:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args, _unknown = parser.parse_known_args()
    with tempfile.TemporaryDirectory() as folder:
        measure("SQLite", str(Path(folder) / "bench.db"), args, Path(folder))
        found = postgres_database()
        if found is not None:
            url, admin_url = found
            try:
                measure("PostgreSQL", url, args, Path(folder))
            finally:
                drop_database(url, admin_url)


if __name__ == "__main__":
    main()
