"""First sync of a large territory, end to end, against a plain bulk insert of the same rows.

Loads one rep's territory of 20,000 customers with their contacts, visits,
deals, stage changes and feedback (about 150,000 rows) into a new server
database (``bench_server_pull.load_territory``), starts the real server, and
signs a new profile in. Then, in ONE run:

* **end to end**: ``sync.client.sync`` on a worker thread inside a
  QApplication, from the first request to the self-check, into the
  profile's SQLite file; rows/s;
* **GUI stalls**: a 10 ms QTimer on the GUI thread meanwhile; the longest gap
  between two ticks (target: under 50 ms);
* **plain bulk insert**: the same rows (read back from the synced profile,
  as Python values) inserted into a fresh profile in one transaction with
  ``bulk.insert_rows`` and ``search.bulk_insert`` — the fastest way this
  code base has to put these rows into a profile (same tables, indexes and
  search index); rows/s;
* the ratio end to end / bulk insert (target: at least 0.3).

    python bench/bench_sync_initial.py [--customers 20000] [--backend sqlite|postgres]
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sqlalchemy as sa

from salesdesk.domain.schema import ENTITIES, SYSTEM_FIELDS
from salesdesk.store import bulk, search
from salesdesk.store.database import write_transaction
from salesdesk.store.store import Store, derived_values, record_from_row
from salesdesk.store.tables import ENTITY_TABLES
from sync import client

_pull_bench = importlib.import_module("bench_server_pull")
PASSWORD: str = _pull_bench.PASSWORD

TERRITORY = ("customer", "contact", "visit", "deal", "deal_stage_change", "feedback")


def read_rows(store: Store) -> dict[str, list[dict[str, Any]]]:
    """The territory's rows of a profile, as the values a bulk insert takes."""
    rows: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as connection:
        for entity in TERRITORY:
            definition = ENTITIES[entity]
            table = ENTITY_TABLES[entity]
            rows[entity] = []
            for row in connection.execute(sa.select(table)).mappings():
                record = record_from_row(definition, row)
                values = {name: getattr(record, name) for name in SYSTEM_FIELDS}
                values.update(record.values())
                values.update(derived_values(entity, values))
                rows[entity].append(values)
    return rows


def bulk_insert(folder: Path, rows: dict[str, list[dict[str, Any]]]) -> float:
    """Seconds to insert the rows into a fresh profile in one transaction."""
    store = Store.open(folder)
    try:
        started = time.perf_counter()
        with write_transaction(store.engine) as connection:
            for entity in TERRITORY:
                with search.bulk_insert(connection, entity):
                    bulk.insert_rows(connection, ENTITY_TABLES[entity], rows[entity])
        return time.perf_counter() - started
    finally:
        store.close()


def sync_in_gui(store: Store) -> tuple[client.SyncResult, float, float, int]:
    """(result, seconds, longest gap between 10 ms timer ticks in ms, ticks) of a first sync
    run on a worker thread while a QApplication's event loop runs."""
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            outcome["result"] = client.sync(store)
        except BaseException as exc:
            outcome["error"] = exc
        finally:
            done.set()

    clock = QElapsedTimer()
    gaps = {"last": 0, "longest": 0, "ticks": 0}

    def tick() -> None:
        now = clock.elapsed()
        gaps["longest"] = max(gaps["longest"], now - gaps["last"])
        gaps["last"] = now
        gaps["ticks"] += 1
        if done.is_set():
            QCoreApplication.quit()

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    worker = threading.Thread(target=work, name="sync")
    clock.start()
    started = time.perf_counter()
    timer.start()
    worker.start()
    app.exec()
    elapsed = time.perf_counter() - started
    timer.stop()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"], elapsed, float(gaps["longest"]), gaps["ticks"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sdbench-sync-") as tmp:
        folder = Path(tmp)
        with _pull_bench.territory_server(args.backend, args.customers, folder) as served:
            if served is None:
                return
            base, count, load_seconds = served
            print(
                f"territory: {count:,} rows ({args.customers:,} customers), "
                f"loaded in {load_seconds:.1f} s ({args.backend})"
            )
            store = Store.open(folder / "profile")
            client.login(store, base, "rep", PASSWORD)
            result, seconds, longest_gap, ticks = sync_in_gui(store)
            rows = read_rows(store)
            store.close()
        synced = sum(len(r) for r in rows.values())
        bulk_seconds = bulk_insert(folder / "bulk", rows)
        e2e_rate = result.pulled / seconds
        bulk_rate = synced / bulk_seconds
        ratio = e2e_rate / bulk_rate
        print(
            f"end to end: {result.pulled:,} changes in {seconds:.1f} s = {e2e_rate:,.0f} rows/s "
            f"({result.pages} pages, {result.requests} requests, self-check "
            f"{'passed' if result.checked else 'FAILED'})"
        )
        print(
            f"plain bulk insert of the same {synced:,} rows: {bulk_seconds:.1f} s = "
            f"{bulk_rate:,.0f} rows/s"
        )
        print(f"ratio: {ratio:.2f} (target >= 0.30): {'PASS' if ratio >= 0.3 else 'FAIL'}")
        print(
            f"GUI event loop: longest gap between 10 ms ticks {longest_gap:.0f} ms over "
            f"{ticks:,} ticks (target < 50 ms): {'PASS' if longest_gap < 50 else 'FAIL'}"
        )


if __name__ == "__main__":
    main()
