"""Connecting to the server database (SQLite or PostgreSQL), transactions and migrations.

Writers are serialised: every write transaction first locks the one counter
row (``SELECT … FOR UPDATE`` on PostgreSQL; ``BEGIN IMMEDIATE`` on SQLite),
allocates seqs from it and stores the new value at commit. So seq order is
commit order, in one process or in many, and a pull that sees a seq sees every
smaller one. Reads that need one consistent view (pull, summary) run in a
snapshot: ``REPEATABLE READ`` on PostgreSQL, one read transaction on SQLite.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from salesdesk.store.columns import json_text
from sync.server.tables import sync_counter

log = logging.getLogger(__name__)

SCHEMA_HEAD = "0001"
"""The newest server schema revision (a test checks it against the migrations)."""
DEFAULT_DB_FILE = "salesdesk-server.db"
BUSY_TIMEOUT_MS = 30_000


class DatabaseError(Exception):
    """A problem with the server database that an administrator can act on."""


def normalize_url(url: str) -> str:
    """A SQLAlchemy URL from what a person typed: a file path, sqlite:///… or postgresql://…."""
    url = url.strip()
    if not url:
        raise DatabaseError("the database URL is empty")
    if "://" not in url:
        return f"sqlite+pysqlite:///{Path(url).expanduser().absolute()}"
    scheme, rest = url.split("://", 1)
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        return f"postgresql+psycopg://{rest}"
    if scheme in ("sqlite", "sqlite+pysqlite"):
        return f"sqlite+pysqlite://{rest}"
    raise DatabaseError(f"unsupported database {scheme!r}: use a SQLite file or postgresql://…")


def default_url() -> str:
    return os.environ.get("SALESDESK_DB") or str(Path.cwd() / DEFAULT_DB_FILE)


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun explicitly below
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))


def create_engine(url: str) -> sa.Engine:
    """An engine for a normalised URL, with the connection set-up each database needs."""
    sa_url = sa.make_url(url)
    if sa_url.get_backend_name() == "sqlite":
        if not sa_url.database or sa_url.database == ":memory:":
            raise DatabaseError("the server needs a database file, not an in-memory database")
        folder = Path(sa_url.database).parent
        if not folder.is_dir():
            raise DatabaseError(f"the folder {folder} does not exist")
        engine = sa.create_engine(
            sa_url,
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
            pool_size=8,
            max_overflow=8,
            json_serializer=json_text,
        )
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(
        sa_url,
        pool_size=10,
        max_overflow=10,
        pool_pre_ping=True,
        json_serializer=json_text,
        connect_args={"connect_timeout": 10, "application_name": "salesdesk-server"},
    )


def is_sqlite(engine: sa.Engine | sa.Connection) -> bool:
    return engine.dialect.name == "sqlite"


class Seqs:
    """Hands out seqs inside one write transaction (the counter row is locked meanwhile)."""

    def __init__(self, last: int) -> None:
        self.start = last
        self.last = last

    def next(self) -> int:
        self.last += 1
        return self.last


# SQLite's busy handler polls with growing sleeps; threads of one worker queue here instead.
_sqlite_writers = threading.Lock()
_no_lock = contextlib.nullcontext()
_DEBUG_DELAY_MS = int(os.environ.get("SALESDESK_DEBUG_WRITE_DELAY_MS", "0") or 0)


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[tuple[sa.Connection, Seqs]]:
    """A write transaction holding the counter lock from its first statement to its commit."""
    with _sqlite_writers if is_sqlite(engine) else _no_lock, engine.connect() as plain:
        connection = plain.execution_options(sqlite_begin="BEGIN IMMEDIATE")
        with connection.begin():
            last = connection.execute(
                sa.select(sync_counter.c.value).where(sync_counter.c.id == 1).with_for_update()
            ).scalar_one()
            seqs = Seqs(int(last))
            yield connection, seqs
            if seqs.last != seqs.start:
                if _DEBUG_DELAY_MS:  # tests only: widen the window between seq and commit
                    time.sleep(random.uniform(0, _DEBUG_DELAY_MS) / 1000)
                connection.execute(
                    sa.update(sync_counter).where(sync_counter.c.id == 1).values(value=seqs.last)
                )


@contextmanager
def snapshot(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A read-only transaction whose queries all see the same committed state."""
    with engine.connect() as plain:
        connection = plain
        if not is_sqlite(engine):
            connection = plain.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


@contextmanager
def transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A plain short write transaction that allocates no seqs (auth bookkeeping)."""
    with engine.connect() as plain:
        connection = plain.execution_options(sqlite_begin="BEGIN IMMEDIATE")
        with connection.begin():
            yield connection


def current_seq(connection: sa.Connection) -> int:
    return int(
        connection.execute(
            sa.select(sync_counter.c.value).where(sync_counter.c.id == 1)
        ).scalar_one()
    )


# ---- migrations --------------------------------------------------------------------------------


def _alembic_config(engine: sa.Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("sync.server") / "migrations"))
    config.attributes["engine"] = engine
    return config


def schema_revision(engine: sa.Engine) -> str | None:
    """The schema revision stored in the database, or None for an empty database."""
    try:
        with engine.connect() as connection:
            inspector = sa.inspect(connection)
            if not inspector.has_table("alembic_version"):
                if inspector.get_table_names():
                    raise DatabaseError("this database is not a SalesDesk server database")
                return None
            row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    except sa.exc.DBAPIError as exc:
        raise DatabaseError(f"cannot open the database: {first_line(exc)}") from None
    return row[0] if row else None


def migrate(engine: sa.Engine) -> bool:
    """Create or upgrade the schema to the newest revision; True if anything was done."""
    revision = schema_revision(engine)
    if revision == SCHEMA_HEAD:
        return False
    from alembic import command
    from alembic.script import ScriptDirectory

    config = _alembic_config(engine)
    known = {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}
    if revision is not None and revision not in known:
        raise DatabaseError(
            f"the database was written by a newer salesdesk-server (schema {revision}); "
            "update the server"
        )
    command.upgrade(config, "head")
    with engine.begin() as connection:
        if connection.execute(sa.select(sync_counter.c.id)).first() is None:
            connection.execute(sa.insert(sync_counter).values(id=1, value=0))
    return True


def first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
