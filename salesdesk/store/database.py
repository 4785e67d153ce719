"""Opening a profile's SQLite file: connection set-up, migrations, backups.

Every connection gets foreign keys, WAL, ``synchronous=NORMAL`` and a busy
timeout. Transactions are begun explicitly (pysqlite's own handling is
switched off) so a write transaction can take the write lock up front with
``BEGIN IMMEDIATE`` and never deadlock on upgrade.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from salesdesk.store import peek
from salesdesk.store.columns import json_text
from salesdesk.store.errors import StoreError

SCHEMA_HEAD = "0005"
"""The newest schema revision this SalesDesk writes (a test checks it against Alembic)."""

DB_FILE = peek.DB_FILE
BUSY_TIMEOUT_MS = 10_000


class SchemaTooNewError(StoreError):
    pass


CACHE_KB = 16_384
"""SQLite page cache per connection: hot pages of the lists and indexes stay cached, while
several pooled connections stay well inside the memory goal (bench/bench_ui_customers.py).
Bulk writes (sample data) raise it for their transaction."""


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute(f"PRAGMA cache_size = -{CACHE_KB}")
    cursor.close()
    from salesdesk.store.search import register_functions

    register_functions(dbapi_connection)


def _on_begin(connection: sa.Connection) -> None:
    connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))


def create_engine(path: Path) -> sa.Engine:
    """An engine over one SQLite file with the connection set-up above."""
    engine = sa.create_engine(
        f"sqlite+pysqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        pool_size=4,
        max_overflow=4,
        json_serializer=json_text,
    )
    sa.event.listen(engine, "connect", _on_connect)
    sa.event.listen(engine, "begin", _on_begin)
    return engine


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A transaction that holds SQLite's write lock from its first statement."""
    with engine.connect() as plain:
        connection = plain.execution_options(sqlite_begin="BEGIN IMMEDIATE")
        with connection.begin():
            yield connection


def current_revision(engine: sa.Engine) -> str | None:
    """The schema revision stored in the file, or None for a new, empty file."""
    with engine.connect() as connection:
        has_table = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).first()
        if not has_table:
            tables = connection.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE type='table'"
            ).scalar_one()
            if tables:
                raise StoreError("this file is not a SalesDesk database")
            return None
        row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        return row[0] if row else None


def _alembic_config(engine: sa.Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("salesdesk.store") / "migrations")
    )
    config.attributes["engine"] = engine
    return config


def known_revisions(engine: sa.Engine) -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(engine))
    return {rev.revision for rev in script.walk_revisions()}


def backup(path: Path, label: str) -> Path:
    """A consistent copy of the database file (WAL included) next to it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{label}-{stamp}{path.suffix}")
    source = sqlite3.connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target


def migrate(engine: sa.Engine, path: Path, target: str = "head") -> Path | None:
    """Bring the file to the current schema; returns the backup made first, if any.

    Raises SchemaTooNewError when the file was written by a newer SalesDesk.
    """
    revision = current_revision(engine)
    if revision == SCHEMA_HEAD and target == "head":
        return None
    if revision is not None and revision not in known_revisions(engine):
        raise SchemaTooNewError(
            f"{path} was written by a newer version of SalesDesk (schema {revision}). "
            "Please update SalesDesk to open it; the file was not changed."
        )
    saved = backup(path, revision) if revision is not None else None
    from alembic import command

    command.upgrade(_alembic_config(engine), target)
    return saved


def open_database(path: Path) -> sa.Engine:
    """Open (creating if needed) and migrate the profile database at ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the data folder {path.parent}: {exc.strerror}") from None
    if path.exists() and not _readable_sqlite(path):
        raise StoreError(f"{path} is not a SalesDesk database (or it is damaged)")
    engine = create_engine(path)
    try:
        migrate(engine, path)
    except StoreError:
        engine.dispose()
        raise
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise StoreError(f"cannot open {path}: {exc.orig}") from None
    except sa.exc.DatabaseError as exc:  # a SQLite header over damaged pages
        engine.dispose()
        raise StoreError(
            f"{path} is not a SalesDesk database (or it is damaged): {exc.orig}"
        ) from None
    return engine


def _readable_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError:
        return False
    return header in (b"SQLite format 3\x00", b"")
