"""Test set-up: Qt offscreen and strict, a fresh profile per test, an in-memory keyring."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_SCALE_FACTOR", "1")
os.environ.pop("SALESDESK_HOME", None)
os.environ.pop("SALESDESK_PASSWORD", None)

from collections.abc import Iterator
from pathlib import Path

import pytest

from salesdesk.store.store import Store


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    return tmp_path / "profile"


@pytest.fixture
def store(profile_dir: Path) -> Iterator[Store]:
    """A new local profile (manager role, default pipeline and templates)."""
    opened = Store.open(profile_dir)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> None:
    """QSettings of each test in its own folder (never the developer's real settings)."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
