"""Benchmark: the customer list with 100,000 customers, through the real widgets (offscreen).

Targets (issue #5):
- first paint of the customer list: window shown → first rows painted, under 300 ms;
- search as you type: keystroke → list updated (its visible rows painted with the new
  matches), under 50 ms per keystroke (median and p95; the list waits SEARCH_DELAY_MS after
  the last keystroke before it asks — a deliberate pause so a query is not run for every
  letter of a fast typist — that pause is reported apart). A broad search (one or two
  characters) shows its first rows before the rest of the list arrives; the time until the
  whole list is in (its count shown) is reported too;
- peak memory of the app process (resident set size of a subprocess that opens the list,
  scrolls through all of it and searches), under 400 MB.

    python bench/bench_ui_customers.py                          # 100,000 customers, temp profile
    python bench/bench_ui_customers.py --profile ~/bench-100k   # generated once, then reused
    python bench/bench_ui_customers.py --customers 20000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIRST_PAINT_MS = 300.0
KEYSTROKE_MS = 50.0
PEAK_MB = 400.0
CHINESE_QUERIES = ("华信科技", "深圳 张")  # a company name; a city and a contact's surname
ENGLISH_QUERIES = ("Schneider", "1380013")  # a foreign company's name; a phone number's digits
FOREIGN = (
    "Siemens",
    "Bosch",
    "Philips",
    "Schneider Electric",
    "Honeywell",
    "Emerson",
    "Festo",
    "Omron",
    "Rockwell Automation",
    "Mitsubishi Electric",
)
FOREIGN_CUSTOMERS = 500  # of the sample's customers, with English names (as in real books)


def prepare_profile(folder: Path, customers: int) -> Path:
    """A profile with ``customers`` sample customers (and everything under them), made once."""
    from salesdesk import api
    from salesdesk.domain.entities import Customer
    from salesdesk.store.store import Store

    store = Store.open(folder)
    try:
        have = store.count("customer")
        if have < customers:
            started = time.perf_counter()
            print(f"generating {customers - have:,} customers into {folder} …", flush=True)
            api.demo_data(store, customers - have - FOREIGN_CUSTOMERS, seed=20261123 + have)
            with store.transaction() as writer:
                writer.create_many(
                    Customer,
                    (
                        {
                            "name": f"{FOREIGN[n % len(FOREIGN)]} (China) Co., Ltd. No. {n}",
                            "tier": "A",
                            "province": "上海市",
                            "city": "上海市",
                        }
                        for n in range(FOREIGN_CUSTOMERS)
                    ),
                )
            print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
        return folder
    finally:
        store.close()


def verdict(value: float, target: float, unit: str) -> str:
    ok = value <= target
    return f"{'PASS' if ok else 'MISS'} ({value:.1f} {unit} vs target ≤ {target:g} {unit})"


class PaintProbe:
    """Tells when the list's viewport has painted rows (the paint after ``arm``)."""

    def __init__(self, page: object) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.page = page
        self.painted_at: float | None = None
        table = page.table  # type: ignore[attr-defined]

        class Filter(QObject):
            def eventFilter(inner, watched: QObject, event: QEvent) -> bool:  # noqa: N805
                if (
                    event.type() == QEvent.Type.Paint
                    and self.armed
                    and (table.model().rowCount() > 0 or not self.need_rows)
                ):
                    self.armed = False
                    self._after_paint.start()  # fires once this paint has finished
                return False

        self.armed = False
        self.need_rows = True
        self._after_paint = QTimer()  # a timer object: see wait_for about QTimer.singleShot
        self._after_paint.setSingleShot(True)
        self._after_paint.setInterval(0)
        self._after_paint.timeout.connect(self._mark)
        self._filter = Filter()
        table.viewport().installEventFilter(self._filter)

    def _mark(self) -> None:
        self.painted_at = time.perf_counter()

    def arm(self, need_rows: bool = True) -> None:
        """Catch the next paint (with rows on it, unless ``need_rows`` is False)."""
        self.painted_at = None
        self.need_rows = need_rows
        self.armed = True


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Run the event loop until ``condition()`` holds.

    A QEventLoop polled by a QTimer signal, not ``processEvents()`` in a loop: with
    PySide6 6.12 on Python 3.11 each ``processEvents()`` call (and each callable fired by
    ``QTimer.singleShot``) drops a reference to None, and after a few thousand calls the
    interpreter aborts ("deallocating None").
    """
    from PySide6.QtCore import QEventLoop, QTimer

    if condition():
        return
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout
    expired: list[bool] = []

    def check() -> None:
        if condition():
            loop.quit()
        elif time.perf_counter() > deadline:
            expired.append(True)
            loop.quit()

    poll = QTimer()
    poll.setInterval(1)
    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    if expired:
        raise TimeoutError("the list did not update in time")


def first_paint(profile: Path) -> tuple[float, float]:
    """(build → first rows painted, shown → first rows painted) in ms."""
    from salesdesk.store.store import Store
    from salesdesk.ui.app import build_window, make_application

    make_application()
    store = Store.open(profile)
    started = time.perf_counter()
    window = build_window(store)
    window.resize(1400, 860)
    window.show_area("customers")  # (the app may open on another area)
    page = window.pages["customers"]
    probe = PaintProbe(page)
    probe.arm()
    shown = time.perf_counter()
    window.show()
    wait_for(lambda: probe.painted_at is not None)
    assert probe.painted_at is not None
    return ((probe.painted_at - started) * 1000, (probe.painted_at - shown) * 1000)


def type_char(widget: object, char: str) -> None:
    """A key press for ASCII; an input method's commit for Chinese (as a real IME does)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    if char.isascii():
        QTest.keyClicks(widget, char)  # type: ignore[arg-type]
    else:
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)  # type: ignore[arg-type]


def search_latency(profile: Path, queries: tuple[str, ...], rounds: int) -> dict[str, list[float]]:
    """Per keystroke: 'work' = the query asked (after the pause) → the list's rows painted with
    the new matches; 'whole' = the query asked → the whole list in (count shown; a broad search
    shows its first rows before the rest); 'total' adds the pause after the keystroke to 'work'."""
    from salesdesk import gc_policy
    from salesdesk.store.store import Store
    from salesdesk.ui.app import build_window, make_application

    make_application()
    store = Store.open(profile)
    window = build_window(store)
    window.resize(1400, 860)
    window.show_area("customers")  # (the app may open on another area)
    page = window.pages["customers"]
    probe = PaintProbe(page)
    probe.arm()
    window.show()
    wait_for(lambda: probe.painted_at is not None)
    wait_for(lambda: not window.context.runner.busy)  # the start's own queries are done
    gc_policy.freeze_startup()  # as the app does once its window is up (salesdesk/ui/app.py)
    asked: list[float] = []
    page._timer.timeout.connect(lambda: asked.append(time.perf_counter()))  # type: ignore[attr-defined]
    model = page.model  # type: ignore[attr-defined]
    timings: dict[str, list[float]] = {"work": [], "whole": [], "total": [], "rows": []}
    for _round in range(rounds):
        for query in queries:
            for char in query:
                changed: list[float] = []
                loaded: list[tuple[int, float]] = []

                def change(*_args: object, changed: list[float] = changed) -> None:
                    if not changed:  # the rows shown change: the next paint shows them
                        changed.append(time.perf_counter())
                        probe.arm(need_rows=False)

                def done(count: int, loaded: list[tuple[int, float]] = loaded) -> None:
                    loaded.append((count, time.perf_counter()))

                model.modelReset.connect(change)
                model.rowsInserted.connect(change)
                model.sig_loaded.connect(done)
                probe.painted_at = None
                asked.clear()
                pressed = time.perf_counter()
                type_char(page.search, char)  # type: ignore[attr-defined]

                def updated(loaded: list[tuple[int, float]] = loaded) -> bool:
                    return bool(loaded) and probe.painted_at is not None

                wait_for(updated)
                for signal, slot in (
                    (model.modelReset, change),
                    (model.rowsInserted, change),
                    (model.sig_loaded, done),
                ):
                    signal.disconnect(slot)
                assert probe.painted_at is not None
                timings["total"].append((probe.painted_at - pressed) * 1000)
                timings["work"].append((probe.painted_at - asked[0]) * 1000)
                timings["whole"].append((loaded[0][1] - asked[0]) * 1000)
                timings["rows"].append(float(loaded[0][0]))
            page.search.clear()  # type: ignore[attr-defined]
            wait_for(lambda: not page._timer.isActive() and not model.loading)  # type: ignore[attr-defined]
    return timings


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# ---- peak memory, measured on a subprocess -----------------------------------------------------


def memory_scenario(profile: Path) -> None:
    """In the child: open the list, scroll through all of it, search, open details."""
    from salesdesk import gc_policy
    from salesdesk.store.store import Store
    from salesdesk.ui.app import build_window, make_application

    make_application()
    store = Store.open(profile)
    window = build_window(store)
    window.resize(1400, 860)
    window.show_area("customers")  # (the app may open on another area)
    page = window.pages["customers"]
    probe = PaintProbe(page)
    probe.arm()
    window.show()
    wait_for(lambda: probe.painted_at is not None)
    gc_policy.freeze_startup()  # as the app does once its window is up
    table = page.table  # type: ignore[attr-defined]
    rows = page.model.rowCount()  # type: ignore[attr-defined]
    for step in range(0, rows, max(1, rows // 200)):  # 200 jumps through the whole list
        probe.arm()
        table.scrollTo(page.model.index(step, 0))  # type: ignore[attr-defined]
        wait_for(lambda: probe.painted_at is not None)
    for row in range(min(rows, 50)):
        table.selectRow(row)
        wait_for(lambda: not window.context.runner.busy)
    for query in (*CHINESE_QUERIES, *ENGLISH_QUERIES, ""):
        page.search.setText(query)  # type: ignore[attr-defined]
        page._apply_filter()  # type: ignore[attr-defined]
        wait_for(lambda: not page.model.loading)  # type: ignore[attr-defined]


def child_env(customers_only: bool = False) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if customers_only:
        env["BENCH_CUSTOMERS_ONLY"] = "1"
    return env


def child(mode: str, profile: Path, *extra: str, customers_only: bool = False) -> Any:
    """Run one measurement in a fresh process (as the app runs: one window, one process)."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--profile", str(profile), *extra],
        env=child_env(customers_only),
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith(("[", "{", "n"))]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"the {mode} run failed ({result.returncode}):\n{result.stderr}")
    return json.loads(lines[-1])


def peak_memory_mb(profile: Path, customers_only: bool = False) -> float:
    """Peak resident set size of a fresh process running ``memory_scenario``."""
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            [sys.executable, __file__, "--child", "memory", "--profile", str(profile)],
            env=child_env(customers_only),
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"the memory run failed:\n{errors.read()}")
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--profile", type=Path, help="profile folder to generate once and reuse")
    parser.add_argument("--rounds", type=int, default=3, help="times each query is typed")
    parser.add_argument("--child", choices=("paint", "search", "memory"), help=argparse.SUPPRESS)
    parser.add_argument("--queries", nargs="*", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # one window per process, like the app; the result as one JSON line
        if os.environ.get("BENCH_CUSTOMERS_ONLY"):  # the customers area without the others
            from salesdesk.ui import areas

            areas.AREAS[:] = [a for a in areas.AREAS if a.key == "customers"]
        if args.child == "paint":
            result: object = first_paint(args.profile)
        elif args.child == "search":
            result = search_latency(args.profile, tuple(args.queries), args.rounds)
        else:
            memory_scenario(args.profile)
            result = None
        print(json.dumps(result), flush=True)
        os._exit(0)  # no teardown: other areas' background work may still be running
    with tempfile.TemporaryDirectory() as scratch:
        profile = prepare_profile(args.profile or Path(scratch) / "profile", args.customers)
        from salesdesk.ui.customers.page import SEARCH_DELAY_MS

        print(f"\ncustomer list, {args.customers:,} customers, offscreen, {os.cpu_count()} cores")
        paints = [child("paint", profile) for _ in range(5)]
        alone = [child("paint", profile, customers_only=True) for _ in range(5)]
        built = statistics.median(p[0] for p in paints)
        shown = statistics.median(p[1] for p in paints)
        print(
            f"first paint: window shown → first rows painted, median of 5: {shown:.1f} ms "
            f"(window built → painted {built:.1f} ms)"
        )
        print(f"  {verdict(shown, FIRST_PAINT_MS, 'ms')}")
        print(
            "  the customers area alone (no other area queued before it on the database "
            f"thread): shown → painted {statistics.median(p[1] for p in alone):.1f} ms, "
            f"built → painted {statistics.median(p[0] for p in alone):.1f} ms"
        )

        for name, queries in (("Chinese", CHINESE_QUERIES), ("English", ENGLISH_QUERIES)):
            timings = child("search", profile, "--rounds", str(args.rounds), "--queries", *queries)
            work, total = timings["work"], timings["total"]
            print(
                f"search as you type, {name} {list(queries)}, {len(work)} keystrokes "
                f"({int(min(timings['rows'])):,}–{int(max(timings['rows'])):,} rows shown):"
            )
            print(
                f"  query asked → list updated: median {statistics.median(work):.1f} ms, "
                f"p95 {percentile(work, 0.95):.1f} ms"
            )
            whole = timings["whole"]
            print(
                f"  query asked → whole list in (count shown): median "
                f"{statistics.median(whole):.1f} ms, p95 {percentile(whole, 0.95):.1f} ms"
            )
            print(
                f"  keystroke → list updated, with the {SEARCH_DELAY_MS} ms typing pause: "
                f"median {statistics.median(total):.1f} ms, p95 {percentile(total, 0.95):.1f} ms"
            )
            print(
                f"  {verdict(percentile(work, 0.95), KEYSTROKE_MS, 'ms')} (p95 of the work "
                "per keystroke)"
            )
            alone = child(
                "search",
                profile,
                "--rounds",
                str(args.rounds),
                "--queries",
                *queries,
                customers_only=True,
            )["work"]
            print(
                f"  the customers area alone: median {statistics.median(alone):.1f} ms, "
                f"p95 {percentile(alone, 0.95):.1f} ms"
            )

        peak = peak_memory_mb(profile)
        print(
            f"peak memory (RSS) of an app process that opens the list, scrolls all "
            f"{args.customers:,} rows and searches: {peak:.0f} MB"
        )
        print(f"  {verdict(peak, PEAK_MB, 'MB')}")
        print(f"  the customers area alone: {peak_memory_mb(profile, customers_only=True):.0f} MB")


if __name__ == "__main__":
    main()
