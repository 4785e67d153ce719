"""Everyday syncs: one with nothing to do, and one sending 100 changed rows.

Loads a territory of 2,000 customers (``bench_server_pull.load_territory``) into a new
server database, starts the real server on loopback, signs a new profile in and runs the
first sync. Then, in ONE run:

* **no change**: syncs with nothing to send or receive — requests per sync (target: one)
  and the p95 time (target: under 50 ms);
* **100 changed rows**: 100 customers edited locally (through the store's write path, so
  with their outbox entries), then one sync sending them — p95 time (target: under 500 ms).

    python bench/bench_sync_small.py [--rounds 30] [--backend sqlite|postgres]
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from salesdesk.domain.entities import Customer
from salesdesk.store.store import Store
from sync import client

_pull_bench = importlib.import_module("bench_server_pull")
PASSWORD: str = _pull_bench.PASSWORD
CUSTOMERS = 2_000
CHANGED = 100


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(store: Store, rounds: int) -> tuple[list[float], list[int], list[float]]:
    """(no-change sync ms, requests per no-change sync, 100-row sync ms)."""
    quiet: list[float] = []
    requests: list[int] = []
    for _ in range(rounds):
        started = time.perf_counter()
        result = client.sync(store)
        quiet.append((time.perf_counter() - started) * 1000)
        requests.append(result.requests)
    customers = store.select(Customer, limit=CHANGED)
    busy: list[float] = []
    for round_ in range(rounds):
        for customer in customers:
            store.update(Customer, customer.id, address=f"科技园路 {round_}-{customer.name[:4]}")
        started = time.perf_counter()
        result = client.sync(store)
        busy.append((time.perf_counter() - started) * 1000)
        if result.applied != CHANGED:
            raise SystemExit(
                f"expected {CHANGED} changes applied, the server took {result.applied}"
            )
    return quiet, requests, busy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="sdbench-sync-small-") as tmp,
        _pull_bench.territory_server(args.backend, CUSTOMERS, Path(tmp)) as served,
    ):
        if served is None:
            return
        base, count, _ = served
        store = Store.open(Path(tmp) / "profile")
        client.login(store, base, "rep", PASSWORD)
        client.sync(store)
        quiet, requests, busy = measure(store, args.rounds)
        store.close()
    print(f"territory: {count:,} rows ({CUSTOMERS:,} customers), {args.backend} server, loopback")
    one = all(r == 1 for r in requests)
    print(
        f"no-change sync, {len(quiet)} runs: median {statistics.median(quiet):.1f} ms, "
        f"p95 {p95(quiet):.1f} ms (target < 50 ms): {'PASS' if p95(quiet) < 50 else 'FAIL'}; "
        f"requests per sync {sorted(set(requests))} (target 1): {'PASS' if one else 'FAIL'}"
    )
    print(
        f"{CHANGED} changed rows, {len(busy)} runs: median {statistics.median(busy):.1f} ms, "
        f"p95 {p95(busy):.1f} ms (target < 500 ms): {'PASS' if p95(busy) < 500 else 'FAIL'}"
    )


if __name__ == "__main__":
    main()
