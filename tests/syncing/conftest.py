"""Fixtures for the sync tests: real servers on loopback, client devices, keyrings.

Servers come from the server tests' machinery (``tests/server/conftest.py``):
a populated template database per backend (admin; Team A with manager ``ma``
and reps ``a1``, ``a2``; Team B with ``mb`` and ``b1``; password ``PASSWORD``),
copied for each test and served by the real ``salesdesk-server`` subprocess.
PostgreSQL is started as the server tests start it. The OS keyring is the
one thing replaced: :class:`~tests.syncing.keyrings.MemoryKeyring` in process,
a file keyring for client subprocesses, and the machine's own "no keyring"
where a test says so.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import psycopg
import pytest

from salesdesk.store.database import DB_FILE
from salesdesk.store.store import Store
from sync.client import faults
from tests.server.conftest import Postgres, Server, Templates, _local_postgres
from tests.syncing.keyrings import MemoryKeyring
from tests.syncing.support import Device


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    admin_url = os.environ.get("SALESDESK_TEST_PG") or _local_postgres()
    pg = Postgres(admin_url)
    try:
        with pg._connect() as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as exc:
        pytest.fail(f"cannot connect to PostgreSQL at {admin_url}: {exc}")
    yield pg
    pg.drop_all()


@pytest.fixture(scope="session")
def templates(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Templates:
    return Templates(tmp_path_factory.mktemp("sync-templates"), request)


class Servers:
    """Makes fresh servers (two teams) for one test and stops them at its end."""

    def __init__(self, templates: Templates, folder: Path) -> None:
        self.templates = templates
        self.folder = folder
        self.made: list[Server] = []

    def make(self, backend: str = "sqlite") -> Server:
        server = self.templates.copy(backend, self.folder / f"srv{len(self.made)}-{backend}")
        self.made.append(server)
        return server

    def start(self, backend: str = "sqlite", workers: int = 1, **env: str) -> Server:
        return self.make(backend).start(workers, **env)

    def stop(self) -> list[str]:
        problems = []
        for server in self.made:
            server.stop()
            problems += server.errors_in_log()
        return problems


@pytest.fixture
def servers(templates: Templates, tmp_path: Path) -> Iterator[Servers]:
    made = Servers(templates, tmp_path)
    yield made
    problems = made.stop()
    assert not problems, "server errors:\n" + "\n".join(problems)


@pytest.fixture(scope="module")
def server(templates: Templates, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A running SQLite server shared by one module's tests (they add data, never break it)."""
    made = Servers(templates, tmp_path_factory.mktemp("shared-server"))
    yield made.start()
    problems = made.stop()
    assert not problems, "server errors:\n" + "\n".join(problems)


@pytest.fixture(scope="session")
def blank_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new, migrated local profile database, copied for each device (saves the migrations)."""
    folder = tmp_path_factory.mktemp("blank-profile")
    Store.open(folder).close()
    return folder / DB_FILE


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory OS keyring for this test (the machine has none)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Short back-off in tests; no crash hook left behind."""
    monkeypatch.setenv("SALESDESK_SYNC_BACKOFF", "0.05")
    monkeypatch.setenv("SALESDESK_SYNC_ATTEMPTS", "4")
    monkeypatch.delenv("SALESDESK_PASSWORD", raising=False)
    yield
    faults.install(None)


@pytest.fixture
def devices(tmp_path: Path, blank_profile: Path) -> Iterator[Callable[..., Device]]:
    """``devices(server, "a1")`` → a new in-process device (profile folder) for that user."""
    made: list[Device] = []

    def make(server: Server, username: str, *, login: bool = True, **kw: Any) -> Device:
        folder = tmp_path / f"device{len(made)}-{username}"
        folder.mkdir()
        shutil.copyfile(blank_profile, folder / DB_FILE)
        device = Device(folder, server, username)
        made.append(device)
        if login:
            device.login(**kw)
        return device

    yield make
    for device in made:
        device.close()
