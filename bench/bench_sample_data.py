"""Benchmark: generating sample data into a profile through the write path.

Goal (issue #2): 100,000 customers with their related records in under a minute.
Prints the elapsed time against that goal, and the ratio to a plain bulk
insert of the same rows (no validation, no outbox, no search index) measured
in the same run on the same machine, so the write path's own cost is visible.

    python bench/bench_sample_data.py                 # 100,000 customers
    python bench/bench_sample_data.py --customers 5000
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import tempfile
import time
from pathlib import Path

from salesdesk import api, sample
from salesdesk.domain.schema import entity_def
from salesdesk.store import bulk
from salesdesk.store.tables import ENTITY_TABLES

GOAL_SECONDS = 60.0


def plain_bulk_insert(
    folder: Path, context: sample.Context, customers: int
) -> tuple[int, float, float]:
    """The same rows into bare tables with one executemany each: the floor to compare against."""
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{folder / 'plain.db'}")
    metadata = sa.MetaData()
    tables = {name: table.to_metadata(metadata) for name, table in ENTITY_TABLES.items()}
    metadata.create_all(engine)
    started, cpu = time.perf_counter(), time.process_time()
    rows = 0
    with engine.begin() as connection:
        for entity, batch in sample.generate(customers, context):
            now = dt.datetime.now(dt.UTC)
            full = [
                {"rev": 0, "deleted": False, "updated_at": now, "created_at": now, **r}
                for r in batch
            ]
            for spec in entity_def(entity).current_refs:
                for row in full:
                    row[spec.name] = row[spec.name] or context.owners[0]
            bulk.insert_rows(connection, tables[entity], full)
            rows += len(batch)
    return rows, time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    args = parser.parse_args()
    print(f"SQLite {sqlite3.sqlite_version}; {args.customers} customers")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = api.open_profile(folder / "profile")
        started, cpu = time.perf_counter(), time.process_time()
        written = api.demo_data(store, args.customers)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        stages = store.select("pipeline_stage", order_by=[store.table("pipeline_stage").c.position])
        context = sample.Context(
            owners=[store.profile.user_id],
            stages=[(s.id, s.code, s.probability, s.outcome) for s in stages],  # type: ignore[attr-defined]
            templates={},
            team_id=store.profile.team_id,
            today=dt.date.today(),
            with_config=True,
        )
        pending = store.outbox_count()
        store.close()
        plain_rows, plain_elapsed, plain_cpu = plain_bulk_insert(folder, context, args.customers)
    scaled_goal = GOAL_SECONDS * args.customers / 100_000
    # CPU time beside the elapsed time: on a busy machine the gap shows the wait for a core.
    print(
        f"write path: {written} rows ({pending} outbox entries) in {elapsed:.1f} s "
        f"(CPU {cpu:.1f} s)"
    )
    print(f"            {written / elapsed:,.0f} rows/s, {1e6 * elapsed / written:.0f} µs per row")
    print(
        f"plain bulk insert of the same rows: {plain_elapsed:.1f} s (CPU {plain_cpu:.1f} s, "
        f"{plain_rows} rows)"
    )
    print(f"ratio write path / plain bulk insert: {elapsed / plain_elapsed:.2f}")
    verdict = "meets" if elapsed <= scaled_goal else "MISSES"
    print(
        f"goal {scaled_goal:.0f} s for {args.customers} customers: {elapsed / scaled_goal:.2f} "
        f"of the goal ({verdict})"
    )


if __name__ == "__main__":
    main()
