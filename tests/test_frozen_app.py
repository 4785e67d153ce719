"""The desktop build: salesdesk.spec builds, and the frozen app runs and exits cleanly.

Building takes about a minute, so these carry the ``build`` marker, which the
default run deselects; ``./dev build-check`` runs them (``-m build``) and CI
calls it after the test suite. The app
is started with ``SALESDESK_SMOKE_EXIT=1``: it shows its window, waits for
the customer list, prints one JSON line about what it loaded and quits.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from salesdesk.ui.areas import AREAS

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "pyinstaller"
DIST = ROOT / "dist"
APP = DIST / "SalesDesk" / ("SalesDesk.exe" if sys.platform == "win32" else "SalesDesk")
RUN_TIMEOUT = 120

pytestmark = pytest.mark.build

UNUSED_QT = ("WebEngine", "3DCore", "Quick", "Qml", "Multimedia", "Bluetooth", "VirtualKeyboard")
TITLE = """
import sys
from PySide6.QtWidgets import QApplication
from salesdesk.ui import i18n
from salesdesk.ui.areas import AREAS
app = QApplication([])
i18n.install(app, sys.argv[2])
print(next(a.translated_title() for a in AREAS if a.key == sys.argv[1]))
"""
CATALOGS: set[str] = set()  # the translation catalogs there were when the build started
SERVER_ONLY = ("fastapi", "uvicorn", "starlette", "psycopg", "argon2", "sync.server")


@pytest.fixture(scope="module")
def app() -> Path:
    """Build dist/SalesDesk with PyInstaller (its work folder is kept, so rebuilds are quicker)."""
    CATALOGS.update(p.stem for p in (ROOT / "resources" / "translations").glob("*.ts"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--workpath",
            str(BUILD),
            "--distpath",
            str(DIST),
            str(ROOT / "salesdesk.spec"),
        ],
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    assert APP.is_file()
    return APP


def run(command: list[str], home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("QT_", "SALESDESK_")) and key not in ("LANG", "LC_ALL")
    }
    environment.update(XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"))
    environment.update(env)
    return subprocess.run(
        command, check=False, capture_output=True, text=True, env=environment, timeout=RUN_TIMEOUT
    )


def smoke_report(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    problems = (
        f"exit status {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    assert result.returncode == 0, problems
    assert "Traceback" not in result.stderr, problems
    lines = [line for line in result.stdout.splitlines() if line.startswith('{"smoke"')]
    assert len(lines) == 1, problems
    report: dict[str, object] = json.loads(lines[0])
    return report


@pytest.fixture(scope="module")
def profile(app: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo profile written by the frozen app's own command line (migrations included)."""
    folder = tmp_path_factory.mktemp("frozen") / "profile"
    result = run(
        [str(app), "--data-dir", str(folder), "demo-data", "--customers", "300"],
        folder.parent,
    )
    assert result.returncode == 0, result.stderr
    assert "300 customers" in result.stdout
    return folder


def test_bundle_has_every_resource_and_no_unused_parts(app: Path) -> None:
    internal = app.parent / "_internal"
    resources = internal / "resources"
    assert {p.name for p in (resources / "icons").glob("*.svg")} == {
        p.name for p in (ROOT / "resources" / "icons").glob("*.svg")
    }
    assert (resources / "styles" / "app.qss").is_file()
    assert {p.stem for p in (resources / "translations").glob("*.qm")} == CATALOGS
    versions = internal / "salesdesk" / "store" / "migrations" / "versions"
    assert {p.name for p in versions.glob("*.py")} == {
        p.name for p in (ROOT / "salesdesk" / "store" / "migrations" / "versions").glob("*.py")
    }
    files = [str(p.relative_to(internal)) for p in internal.rglob("*")]
    unused = [f for f in files if any(f"Qt6{name}" in f or f"Qt{name}" in f for name in UNUSED_QT)]
    assert unused == []
    modules = (BUILD / "salesdesk" / "PYZ-00.toc").read_text(encoding="utf-8")
    bundled = set(re.findall(r"\('([\w.]+)',", modules))
    assert {"salesdesk.ui.app", "salesdesk.ui.customers.page", "alembic.op"} <= bundled
    server = sorted(m for m in bundled if m.startswith(SERVER_ONLY))
    assert server == []


def test_frozen_app_starts_in_chinese_and_exits_cleanly(app: Path, profile: Path) -> None:
    result = run(
        [str(app), "--data-dir", str(profile)],
        profile.parent,
        QT_QPA_PLATFORM="offscreen",
        LANG="zh_CN.UTF-8",
        SALESDESK_SMOKE_EXIT="1",
    )
    report = smoke_report(result)
    assert report["customers"] == 300
    assert report["language"] == "zh_CN"
    assert {"core", "customers"} <= set(report["catalogs"])  # type: ignore[call-overload]
    assert report["qt_translations"] is True
    chinese = subprocess.run(  # the area shown first, by its name in the Chinese catalog
        [sys.executable, "-c", TITLE, str(report["area"]), "zh_CN"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.strip()
    assert report["title"] == chinese != ""
    assert any("\u4e00" <= char <= "\u9fff" for char in chinese)


def test_frozen_app_runs_on_an_x_display(app: Path, profile: Path) -> None:
    """The real windowing plugin (xcb) under Xvfb, in English (Linux: X is its display)."""
    if sys.platform != "linux":
        return  # Windows and macOS have no X display; the offscreen runs above cover them
    assert shutil.which("xvfb-run"), "install xvfb (and xauth) to check the X display"
    plugin = app.parent / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    ldd = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=False)
    missing = [line.split()[0] for line in ldd.stdout.splitlines() if "not found" in line]
    assert not missing, f"this machine lacks X libraries Qt needs: {', '.join(missing)}"
    result = run(
        ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", str(app), "--data-dir", str(profile)],
        profile.parent,
        QT_QPA_PLATFORM="xcb",
        LANG="en_US.UTF-8",
        SALESDESK_SMOKE_EXIT="1",
    )
    report = smoke_report(result)
    assert report["language"] == "en"
    assert report["customers"] == 300
    english = next(a.title for a in AREAS if a.key == report["area"])
    assert report["title"] == english
