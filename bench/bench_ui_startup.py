"""Benchmark: SalesDesk's cold start to a usable window, against a bare PySide6 window.

Target (issue #5): at most 2× the start of a bare PySide6 window on the same machine.
Both are started as fresh processes, several times each (alternating), offscreen:

- bare: ``python -c`` that makes a QApplication, shows a 1400×860 QWidget and reports once
  the event loop has run;
- SalesDesk: ``python -m salesdesk.cli --data-dir PROFILE`` with ``SALESDESK_SMOKE_EXIT=1``,
  which reports once the window is shown and the customer list has loaded (usable).

The time is from starting the process to its report line; medians are compared. An empty
profile is measured too, to separate the fixed cost of starting from the cost of the data.
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


def time_to_line(command: list[str], marker: str, home: Path) -> float:
    """Seconds from starting ``command`` until it prints a line starting with ``marker``."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(home / "config"),  # SalesDesk's settings: fresh each run
        "SALESDESK_SMOKE_EXIT": "1",
    }
    started = time.perf_counter()
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(marker):
                elapsed = time.perf_counter() - started
                process.stdout.read()
                break
        else:
            raise SystemExit(f"{command[:3]} never reported (status {process.wait()})")
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} exited with status {process.returncode}")
    return elapsed


PHASES = """
import json, sys, time
started = time.perf_counter()
from PySide6.QtWidgets import QApplication
pyside = time.perf_counter()
import sqlalchemy
sqla = time.perf_counter()
from salesdesk.ui.app import build_window, make_application
from salesdesk.store.store import Store
imported = time.perf_counter()
app = make_application()
made = time.perf_counter()
store = Store.open(sys.argv[1])
opened = time.perf_counter()
window = build_window(store)
built = time.perf_counter()
window.show()
page = window.pages["customers"]
def loaded(_count):
    done = time.perf_counter()
    print(json.dumps({
        "import PySide6": pyside - started,
        "import SQLAlchemy": sqla - pyside,
        "import SalesDesk": imported - sqla,
        "QApplication, style, translators": made - imported,
        "open the profile": opened - made,
        "build the window (the area shown first)": built - opened,
        "show → customer list loaded": done - built,
    }), flush=True)
    app.quit()
page.model.sig_loaded.connect(loaded)
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
        time_to_line([*salesdesk, str(empty)], '{"smoke"', home)  # creates the empty profile
        bare: list[float] = []
        full: list[float] = []
        fixed: list[float] = []
        for _ in range(args.runs):
            bare.append(time_to_line([sys.executable, "-c", BARE], "ready", home))
            full.append(time_to_line([*salesdesk, str(profile)], '{"smoke"', home))
            fixed.append(time_to_line([*salesdesk, str(empty)], '{"smoke"', home))
        ratio = statistics.median(full) / statistics.median(bare)
        print(f"\ncold start, offscreen, {args.runs} fresh processes each, {os.cpu_count()} cores")
        print(f"  bare PySide6 window shown:   median {statistics.median(bare) * 1000:.0f} ms")
        print(
            f"  SalesDesk usable, {args.customers:,} customers: "
            f"median {statistics.median(full) * 1000:.0f} ms "
            f"(list loaded; runs {', '.join(f'{t * 1000:.0f}' for t in full)} ms)"
        )
        print(f"  SalesDesk usable, empty profile: median {statistics.median(fixed) * 1000:.0f} ms")
        print("  where SalesDesk's start goes (medians of 3 runs):")
        for phase, seconds in phases(profile, home, 3).items():
            print(f"    {phase:<40} {seconds * 1000:6.0f} ms")
        print(
            f"  ratio {ratio:.2f}× — "
            f"{'PASS' if ratio <= RATIO_TARGET else 'MISS'} (target ≤ {RATIO_TARGET:g}×)"
        )


if __name__ == "__main__":
    main()
