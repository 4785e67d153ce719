"""The server's Alembic migrations make exactly the schema the code declares, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from sync.server import db
from sync.server.tables import metadata
from tests.server.conftest import Postgres


def _migrated(url: str) -> list[object]:
    engine = db.create_engine(db.normalize_url(url))
    try:
        assert db.migrate(engine) is True
        assert db.schema_revision(engine) == db.SCHEMA_HEAD
        assert db.migrate(engine) is False  # nothing left to do
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": False, "compare_server_default": False}
            )
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def test_schema_head_is_the_newest_migration(tmp_path: Path) -> None:
    engine = db.create_engine(db.normalize_url(str(tmp_path / "x.db")))
    script = ScriptDirectory.from_config(db._alembic_config(engine))
    assert script.get_current_head() == db.SCHEMA_HEAD
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_migrations_match_the_declared_schema(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if backend == "sqlite":
        url = str(tmp_path / "server.db")
    else:
        postgres: Postgres = request.getfixturevalue("postgres")
        url = postgres.new_database()
    differences = _migrated(url)
    assert differences == [], (
        "the server tables differ from the migrations: add a migration in "
        f"sync/server/migrations/versions: {differences}"
    )
