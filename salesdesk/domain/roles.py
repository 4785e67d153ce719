"""The users' roles (a module of its own so the app's window can use them before the rest of
the domain is imported)."""

from __future__ import annotations

ROLES = ("rep", "manager", "admin")
MANAGERS = frozenset({"manager", "admin"})
