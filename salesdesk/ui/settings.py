"""User settings, declared in one place: key, type, default and what it is for.

Stored with QSettings (per user, not per profile). Each stored layout
version is brought up to date by numbered upgrade steps, so renaming a key
never loses a user's choice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type[T]
    default: T
    description: str


LANGUAGE = Setting(
    "ui/language", str, "", "Interface language: '' follows the system, or zh_CN / en"
)
WINDOW_GEOMETRY = Setting("window/geometry", QByteArray, QByteArray(), "Main window size and place")
WINDOW_STATE = Setting("window/state", QByteArray, QByteArray(), "Main window toolbars and docks")
CURRENT_AREA = Setting("window/area", str, "today", "The area shown when the app starts")
CUSTOMER_SPLITTER = Setting(
    "customers/splitter", QByteArray, QByteArray(), "Sizes of the customer list and detail pane"
)
CUSTOMER_COLUMNS = Setting(
    "customers/header", QByteArray, QByteArray(), "Widths and order of the customer list columns"
)
VISITS_SPLITTER = Setting(
    "visits/splitter", QByteArray, QByteArray(), "Sizes of the visit list and the visit pane"
)
VISITS_VIEW = Setting("visits/view", str, "day", "The Visits area shows a 'day' or a 'week'")
SYNC_INTERVAL = Setting(
    "sync/interval_minutes", int, 5, "Minutes between background syncs (0: no timer)"
)
SYNC_SERVER = Setting("sync/server", str, "", "The server address last signed in to")
SYNC_USER = Setting("sync/user", str, "", "The user name last signed in with")

ALL: tuple[Setting[Any], ...] = (
    LANGUAGE,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    CURRENT_AREA,
    CUSTOMER_SPLITTER,
    CUSTOMER_COLUMNS,
    VISITS_SPLITTER,
    VISITS_VIEW,
    SYNC_INTERVAL,
    SYNC_SERVER,
    SYNC_USER,
)

LAYOUT_VERSION = 1
_VERSION_KEY = "settings/version"


def _upgrade_to_1(settings: QSettings) -> None:
    """Version 1 is the first layout: nothing to move."""


UPGRADES: dict[int, Callable[[QSettings], None]] = {1: _upgrade_to_1}


class Settings:
    """Typed access to the declared settings."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings or QSettings()
        stored = int(str(self._q.value(_VERSION_KEY, 0) or 0))
        for version in range(stored + 1, LAYOUT_VERSION + 1):
            UPGRADES[version](self._q)
        if stored != LAYOUT_VERSION:
            self._q.setValue(_VERSION_KEY, LAYOUT_VERSION)

    def get(self, setting: Setting[T]) -> T:
        value = self._q.value(setting.key, setting.default)
        if isinstance(value, setting.type):
            return value
        try:
            return setting.type(value)  # type: ignore[call-arg]
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        self._q.setValue(setting.key, value)

    def sync(self) -> None:
        self._q.sync()
