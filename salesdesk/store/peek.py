"""Who works in a profile, read before the store is loaded.

The app shows its window before it imports the database layer (SQLAlchemy alone takes longer
to import than a bare Qt window takes to start), and the window's navigation depends on the
user's role. This reads the role and name the store keeps in its ``meta`` table, read-only,
with the standard library's sqlite3. It is a first guess: the window is corrected from the
opened store, so anything unexpected here (no file yet, an old or damaged file, a locked
database) just gives ``None``.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

DB_FILE = "salesdesk.db"  # the profile's database file (salesdesk.store.database uses it)
LOCAL_ROLE = "manager"
"""The role of a profile set up without a server (``Store.initialize_local_profile``)."""


@dataclasses.dataclass(frozen=True)
class ProfileGuess:
    role: str
    display_name: str


def peek_profile(data_dir: Path) -> ProfileGuess | None:
    """The profile's role and display name, or None when they cannot be read cheaply."""
    path = Path(data_dir) / DB_FILE
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
        try:
            row = connection.execute("SELECT value FROM meta WHERE key = 'profile'").fetchone()
        finally:
            connection.close()
        raw = json.loads(row[0]) if row else None
        return ProfileGuess(str(raw["role"]), str(raw["display_name"])) if raw else None
    except (sqlite3.Error, ValueError, TypeError, KeyError, OSError):
        return None
