"""Where profiles live: ``--data-dir``, then ``SALESDESK_HOME``, then the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "SalesDesk"
HOME_ENV = "SALESDESK_HOME"


def profiles_root() -> Path:
    """The folder holding the default and demo profiles (per-user, per-platform)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "profiles"


def profile_dir(data_dir: str | os.PathLike[str] | None = None, *, demo: bool = False) -> Path:
    """The profile folder to use: the one given, ``$SALESDESK_HOME``, or the platform default."""
    if data_dir:
        return Path(data_dir).expanduser()
    if os.environ.get(HOME_ENV):
        return Path(os.environ[HOME_ENV]).expanduser()
    return profiles_root() / ("demo" if demo else "default")
