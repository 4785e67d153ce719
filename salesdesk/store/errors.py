"""The store's error for people, importable without the database layer (SQLAlchemy), so the
command line and the app's first window can catch it before the store is loaded."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the local data the user can act on (message is for people)."""
