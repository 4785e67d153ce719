"""The business-rule modules stay plain Python: no Qt, no SQL, no store or UI."""

from __future__ import annotations

import json
import subprocess
import sys

RULE_MODULES = (
    "periods",
    "pipeline",
    "reports",
    "routes",
    "targets",
    "kpis",
    "leaderboard",
    "commission",
    "appraisal",
    "visits",
)
FORBIDDEN = ("PySide6", "shiboken6", "sqlalchemy", "alembic", "salesdesk.store", "salesdesk.ui")


def test_rule_modules_import_nothing_forbidden() -> None:
    # A fresh interpreter: this test process has already imported the store via conftest.
    script = (
        "import importlib, json, sys\n"
        f"for name in {RULE_MODULES!r}:\n"
        "    importlib.import_module('salesdesk.domain.' + name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = json.loads(result.stdout)
    assert {f"salesdesk.domain.{name}" for name in RULE_MODULES} <= set(loaded)
    offending = [
        name
        for name in loaded
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    ]
    assert offending == []
