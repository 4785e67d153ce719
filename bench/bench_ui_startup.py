"""Benchmark: SalesDesk's cold start to a usable window, against a bare PySide6 window.

Target (issue #5): at most 2× the start of a bare PySide6 window on the same machine.
Both are started as fresh processes, several times each (alternating), offscreen:

- bare: ``python -c`` that makes a QApplication, shows a 1400×860 QWidget and reports once
  the event loop has run;
- SalesDesk: ``python -m salesdesk.cli --data-dir PROFILE`` with ``SALESDESK_SMOKE_EXIT=1``,
  which prints ``{"window": "shown"}`` once its window is on screen and the event loop has
  run (navigation, menus and the status bar respond; the store is still being opened on a
  background thread), and ``{"smoke": …}`` once the store is open, the first area is built
  and the customer list has loaded.

The time is from starting the process to each report line; medians are compared. The
target ratio is the window's; the data's time is printed beside it (as a ratio too), and an
empty profile is measured as well, to separate the fixed cost of starting from the data's.
SalesDesk's modules are byte-compiled first, as an installed copy is (pip and PyInstaller
compile them; PySide6's own are compiled already): with ``PYTHONDONTWRITEBYTECODE`` set
a source checkout would otherwise compile every module on every start.

    python bench/bench_ui_startup.py                          # 100,000 customers, temp profile
    python bench/bench_ui_startup.py --profile ~/bench-100k   # generated once, then reused
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_ui_customers import prepare_profile

RATIO_TARGET = 2.0
BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(1400, 860)
window.setWindowTitle("bare")
window.show()
timer = QTimer()
timer.setSingleShot(True)
timer.timeout.connect(lambda: print("ready", flush=True) or app.quit())
timer.start(0)
app.exec()
"""


def time_to_lines(command: list[str], markers: tuple[str, ...], home: Path) -> list[float]:
    """Seconds from starting ``command`` until it prints a line starting with each marker."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(home / "config"),  # SalesDesk's settings: fresh each run
        "SALESDESK_SMOKE_EXIT": "1",
    }
    started = time.perf_counter()
    times: list[float] = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(markers[len(times)]):
                times.append(time.perf_counter() - started)
                if len(times) == len(markers):
                    process.stdout.read()
                    break
        else:
            raise SystemExit(f"{command[:3]} never reported (status {process.wait()})")
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} exited with status {process.returncode}")
    return times


PHASES = """
import json, sys, time
started = time.perf_counter()
from PySide6.QtWidgets import QApplication
pyside = time.perf_counter()
from salesdesk.store.peek import LOCAL_ROLE, ProfileGuess, peek_profile
from salesdesk.ui.app import OPENING_MODULES, ProfileOpener, build_window, make_application
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.settings import Settings
imported = time.perf_counter()
app = make_application()
made = time.perf_counter()
window = MainWindow(Settings(), peek_profile(sys.argv[1]) or ProfileGuess(LOCAL_ROLE, ""))
window.show()
app.processEvents()
shown = time.perf_counter()
page_module = tuple(a.module for a in window.areas if a.key == window.current_area)
opener = ProfileOpener(sys.argv[1], OPENING_MODULES + page_module)
times = {}
def opened(store):
    times["opened"] = time.perf_counter()
    build_window(store, frame=window)
    times["attached"] = time.perf_counter()
    window.pages["customers"].model.sig_loaded.connect(loaded)
def loaded(_count):
    done = time.perf_counter()
    print(json.dumps({
        "import PySide6": pyside - started,
        "import the window's modules": imported - pyside,
        "QApplication, style, translators": made - imported,
        "window built and shown": shown - made,
        "(thread) load the store, open the profile": times["opened"] - shown,
        "attach: sync, services, the area's page": times["attached"] - times["opened"],
        "customer list loaded": done - times["attached"],
    }), flush=True)
    app.quit()
opener.sig_opened.connect(opened)
opener.start()
app.exec()
import os
os._exit(0)  # no teardown: other areas' background work may still be running
"""


def phases(profile: Path, home: Path, runs: int) -> dict[str, float]:
    """Median seconds of each start-up phase of SalesDesk (a fresh process per run)."""
    import json

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(home / "cfg")}
    results = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PHASES, str(profile)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=120,  # a child that never reports fails the run instead of hanging it
        ).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--profile", type=Path, help="profile folder to generate once and reuse")
    parser.add_argument("--runs", type=int, default=7, help="starts of each kind (default 7)")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    for package in ("salesdesk", "sync"):
        compileall.compile_dir(root / package, quiet=1)
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        profile = prepare_profile(args.profile or home / "profile", args.customers)
        empty = home / "empty"
        salesdesk = [sys.executable, "-m", "salesdesk.cli", "--data-dir"]
        markers = ('{"window"', '{"smoke"')
        time_to_lines([*salesdesk, str(empty)], markers, home)  # creates the empty profile
        bare: list[float] = []
        shown: list[float] = []
        full: list[float] = []
        fixed: list[float] = []
        for _ in range(args.runs):
            bare.extend(time_to_lines([sys.executable, "-c", BARE], ("ready",), home))
            window, loaded = time_to_lines([*salesdesk, str(profile)], markers, home)
            shown.append(window)
            full.append(loaded)
            fixed.append(time_to_lines([*salesdesk, str(empty)], markers, home)[1])
        ratio = statistics.median(shown) / statistics.median(bare)
        loaded_ratio = statistics.median(full) / statistics.median(bare)
        print(f"\ncold start, offscreen, {args.runs} fresh processes each, {os.cpu_count()} cores")
        print(f"  bare PySide6 window shown:   median {statistics.median(bare) * 1000:.0f} ms")
        print(
            f"  SalesDesk window shown, {args.customers:,} customers: "
            f"median {statistics.median(shown) * 1000:.0f} ms "
            f"(runs {', '.join(f'{t * 1000:.0f}' for t in shown)} ms)"
        )
        print(
            f"  SalesDesk first area and customer list loaded: "
            f"median {statistics.median(full) * 1000:.0f} ms = {loaded_ratio:.1f}× "
            f"(runs {', '.join(f'{t * 1000:.0f}' for t in full)} ms)"
        )
        print(f"  the same, empty profile: median {statistics.median(fixed) * 1000:.0f} ms")
        print("  where SalesDesk's start goes (medians of 3 runs):")
        for phase, seconds in phases(profile, home, 3).items():
            print(f"    {phase:<40} {seconds * 1000:6.0f} ms")
        print(
            f"  window shown: ratio {ratio:.2f}× — "
            f"{'PASS' if ratio <= RATIO_TARGET else 'MISS'} (target ≤ {RATIO_TARGET:g}×)"
        )


if __name__ == "__main__":
    main()
