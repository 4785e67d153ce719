"""Layering: the domain, the store and sync import without Qt."""

from __future__ import annotations

import subprocess
import sys

BLOCK_QT = """
import importlib.abc, sys
class BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6'):
            raise ImportError('Qt is not allowed here: ' + name)
        return None
sys.meta_path.insert(0, BlockQt())
import pkgutil, importlib
for package in ('salesdesk.domain', 'salesdesk.store', 'sync'):
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + '.'):
        if '.migrations' in info.name:
            continue
        importlib.import_module(info.name)
import salesdesk.api, salesdesk.cli, salesdesk.sample
print('ok')
"""


def test_domain_store_and_sync_import_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_blocker_really_blocks_qt() -> None:
    probe = BLOCK_QT.replace(
        "import salesdesk.api, salesdesk.cli, salesdesk.sample", "import salesdesk.ui.app"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "Qt is not allowed" in result.stderr
