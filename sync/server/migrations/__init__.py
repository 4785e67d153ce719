"""Alembic migrations of the server database (a package so the scripts ship in the wheel)."""
