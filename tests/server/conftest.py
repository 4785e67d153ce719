"""Fixtures for the server tests: the real ``salesdesk-server`` on loopback, SQLite and PostgreSQL.

Nothing here is mocked. Every server is started with the CLI as a subprocess
(``python -m sync.server.cli … run``) on a free 127.0.0.1 port, against a
SQLite file in the test's temporary folder or a fresh PostgreSQL database.

PostgreSQL: ``SALESDESK_TEST_PG`` may name a server and a role that can create
databases (``postgresql://user:pw@host:port/postgres``). Without it the local
Debian cluster 15/main is started (``pg_ctlcluster``) and a ``salesdesk_test``
role is created through ``runuser -u postgres -- psql`` (needs root). If
neither works the PostgreSQL tests fail loudly: they are never skipped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests

from salesdesk.domain.ids import uuid7
from salesdesk.domain.schema import format_datetime
from sync.protocol import PROTOCOL_VERSION, VERSION_HEADER, summarize

PASSWORD = "correct-horse-9"
PG_ROLE = "salesdesk_test"
BACKENDS = ["sqlite", "postgres"]
WORLD_MAX_BODY = 4 * 1024 * 1024  # the shared servers refuse bodies above this (413)


# ---- PostgreSQL ---------------------------------------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False, timeout=120)


def _local_postgres() -> str:
    """Start the local cluster if needed and make sure the test role exists; its admin URL.

    Uses the Debian cluster tools: the first cluster ``pg_lsclusters`` lists
    (15/main on these machines), started with ``pg_ctlcluster`` when it is down.
    """
    if shutil.which("pg_ctlcluster") is None or shutil.which("pg_lsclusters") is None:
        pytest.fail(
            "PostgreSQL is needed for the server tests: apt-get install postgresql-15 "
            "(or set SALESDESK_TEST_PG to a server where the role can create databases)"
        )
    listed = [line.split() for line in _run("pg_lsclusters", "--no-header").stdout.splitlines()]
    clusters = [fields for fields in listed if len(fields) >= 4]
    if not clusters:
        pytest.fail("no PostgreSQL cluster exists: pg_createcluster 15 main (or reinstall)")
    version, name, port, status = clusters[0][:4]
    if status != "online":
        started = _run("pg_ctlcluster", version, name, "start")
        if started.returncode != 0:
            pytest.fail(f"cannot start PostgreSQL {version}/{name}: {started.stderr.strip()}")
    for _ in range(60):
        if _run("pg_isready", "-h", "127.0.0.1", "-p", port).returncode == 0:
            break
        time.sleep(0.5)
    else:
        pytest.fail("PostgreSQL did not start accepting connections within 30 seconds")
    sql = (
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PG_ROLE}') THEN "
        f"CREATE ROLE {PG_ROLE} LOGIN CREATEDB PASSWORD '{PG_ROLE}'; END IF; END $$;"
    )
    made = _run(
        "runuser", "-u", "postgres", "--", "psql", "-p", port, "-v", "ON_ERROR_STOP=1", "-c", sql
    )
    if made.returncode != 0:
        pytest.fail(f"cannot create the PostgreSQL test role: {made.stderr.strip()}")
    return f"postgresql://{PG_ROLE}:{PG_ROLE}@127.0.0.1:{port}/postgres"


class Postgres:
    """Creates a fresh database per server and drops them all at the end."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.created: list[str] = []

    def _connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.admin_url, autocommit=True, connect_timeout=10)

    def new_database(self) -> str:
        name = f"sdtest_{uuid.uuid4().hex[:12]}"
        with self._connect() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        base, _, _ = self.admin_url.rpartition("/")
        return f"{base}/{name}"

    def copy_database(self, url: str) -> str:
        """A new database made from another one (PostgreSQL's CREATE DATABASE … TEMPLATE)."""
        source = url.rpartition("/")[2]
        name = f"sdtest_{uuid.uuid4().hex[:12]}"
        with self._connect() as connection:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        self.created.append(name)
        return f"{self.admin_url.rpartition('/')[0]}/{name}"

    def drop_all(self) -> None:
        with self._connect() as connection:
            for name in self.created:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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


# ---- the server process -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """A salesdesk-server database plus (once started) its HTTP process."""

    def __init__(self, db_url: str, folder: Path, backend: str) -> None:
        self.db_url = db_url
        self.folder = folder
        self.backend = backend
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.log_path = folder / f"server-{uuid.uuid4().hex[:6]}.log"
        self.clients: list[Client] = []
        self.users: dict[str, str] = {}  # username -> role
        self._shared: dict[str, Client] = {}

    # ---- CLI -------------------------------------------------------------------------------
    def cli(
        self, *args: str, password: str | None = PASSWORD, check: bool = True, **env: str
    ) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, **env}
        environment.pop("SALESDESK_PASSWORD", None)
        if password is not None:
            environment["SALESDESK_PASSWORD"] = password
        done = subprocess.run(
            [sys.executable, "-m", "sync.server.cli", "--db", self.db_url, *args],
            capture_output=True,
            text=True,
            env=environment,
            stdin=subprocess.DEVNULL,
            timeout=120,
            check=False,
            cwd=self.folder,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"salesdesk-server {' '.join(args)} failed: {done.stderr}")
        return done

    def add_user(self, name: str, role: str, team: str | None) -> None:
        args = ["user", "add", name, "--role", role, "--name", name.upper()]
        if team:
            args += ["--team", team]
        self.cli(*args)
        self.users[name] = role

    # ---- HTTP process ----------------------------------------------------------------------
    def start(self, workers: int = 1, **env: str) -> Server:
        self.port = free_port()
        environment = {**os.environ, "SALESDESK_LOG_LEVEL": "warning", **env}
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "sync.server.cli",
                    "--db",
                    self.db_url,
                    "run",
                    "--port",
                    str(self.port),
                    "--workers",
                    str(workers),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=environment,
                cwd=self.folder,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the server exited at start:\n{self.log()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return self
            time.sleep(0.1)
        self.stop()
        raise AssertionError(f"the server did not answer within 60 s:\n{self.log()}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, *, hard: bool = False) -> None:
        for client in self.clients:
            client.close()
        self.clients.clear()
        self._shared.clear()
        if self.process is None:
            return
        process, self.process = self.process, None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL if hard else signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)

    # ---- clients ---------------------------------------------------------------------------
    def client(self, version: int = PROTOCOL_VERSION) -> Client:
        client = Client(self.url, version)
        self.clients.append(client)
        return client

    def login(
        self, username: str, password: str = PASSWORD, version: int = PROTOCOL_VERSION
    ) -> Client:
        client = self.client(version)
        client.login(username, password)
        return client

    def shared(self, username: str) -> Client:
        """A signed-in client kept for the server's lifetime (for tests that only read)."""
        if username not in self._shared:
            self._shared[username] = self.login(username)
        return self._shared[username]

    def errors_in_log(self) -> list[str]:
        return [line for line in self.log().splitlines() if "Traceback" in line or " 500 " in line]


class ApiError(AssertionError):
    def __init__(self, response: requests.Response) -> None:
        self.response = response
        super().__init__(f"{response.status_code}: {response.text[:500]}")


class Client:
    """A small protocol client for tests: one installation (client_id) of one signed-in user."""

    def __init__(self, url: str, version: int = PROTOCOL_VERSION) -> None:
        self.url = url
        self.http = requests.Session()
        self.http.headers[VERSION_HEADER] = str(version)
        self.version = version
        self.client_id = uuid7()
        self.user: dict[str, Any] = {}
        self.tokens: dict[str, Any] = {}
        self.cursor = 0
        self.rows: dict[uuid.UUID, dict[str, Any]] = {}  # the replica: id -> row (with entity)
        self.seen: list[tuple[int, str, uuid.UUID, str]] = []

    def close(self) -> None:
        self.http.close()

    @property
    def user_id(self) -> uuid.UUID:
        return uuid.UUID(self.user["user_id"])

    @property
    def team_id(self) -> uuid.UUID | None:
        return uuid.UUID(self.user["team_id"]) if self.user.get("team_id") else None

    # ---- raw requests ----------------------------------------------------------------------
    def request(self, method: str, path: str, **kw: Any) -> requests.Response:
        kw.setdefault("timeout", 60)
        return self.http.request(method, f"{self.url}{path}", **kw)

    def ok(self, method: str, path: str, **kw: Any) -> Any:
        response = self.request(method, path, **kw)
        if response.status_code != 200:
            raise ApiError(response)
        return response.json()

    # ---- auth ------------------------------------------------------------------------------
    def login(self, username: str, password: str = PASSWORD) -> None:
        self.set_tokens(
            self.ok("POST", "/auth/login", json={"username": username, "password": password})
        )

    def set_tokens(self, tokens: dict[str, Any]) -> None:
        self.tokens = tokens
        self.user = tokens["user"]
        self.http.headers["Authorization"] = f"Bearer {tokens['access_token']}"

    def refresh(self) -> requests.Response:
        response = self.request(
            "POST", "/auth/refresh", json={"refresh_token": self.tokens["refresh_token"]}
        )
        if response.status_code == 200:
            self.set_tokens(response.json())
        return response

    # ---- sync ------------------------------------------------------------------------------
    def push(
        self, *ops: dict[str, Any], client_id: uuid.UUID | None = None
    ) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"ops": list(ops)}
        if self.version >= 2:
            body["client_id"] = str(client_id or self.client_id)
        results: list[dict[str, Any]] = self.ok("POST", "/sync/push", json=body)["results"]
        assert [r["op_id"] for r in results] == [op["op_id"] for op in ops]
        return results

    def push_one(self, op: dict[str, Any]) -> dict[str, Any]:
        return self.push(op)[0]

    def pull_page(self, **params: Any) -> dict[str, Any]:
        page: dict[str, Any] = self.ok(
            "GET", "/sync/pull", params={"cursor": self.cursor, **params}
        )
        return page

    def sync(self, **params: Any) -> list[dict[str, Any]]:
        """Pull until nothing is left, applying every change to the replica."""
        changes: list[dict[str, Any]] = []
        for _ in range(100_000):
            page = self.pull_page(**params)
            if page["reset"]:
                self.rows.clear()
                self.cursor = 0
                continue
            last = self.cursor
            for change in page["changes"]:
                assert change["seq"] > last, "changes must come in increasing seq order"
                last = change["seq"]
                row_id = uuid.UUID(change["id"])
                self.seen.append((change["seq"], change["entity"], row_id, change["op"]))
                if change["op"] == "upsert":
                    assert change["row"]["rev"] == change["seq"]
                    self.rows[row_id] = {**change["row"], "_entity": change["entity"]}
                else:
                    self.rows.pop(row_id, None)
            changes.extend(page["changes"])
            assert page["cursor"] >= last
            self.cursor = page["cursor"]
            if not page["more"]:
                return changes
        raise AssertionError("the pull never ended")

    def summary(self) -> dict[str, Any]:
        summary: dict[str, Any] = self.ok("GET", "/sync/summary")
        return summary

    def local_summary(self) -> dict[str, dict[str, Any]]:
        grouped: dict[str, list[tuple[uuid.UUID, int]]] = {}
        for row_id, row in self.rows.items():
            grouped.setdefault(row["_entity"], []).append((row_id, row["rev"]))
        return {name: summarize(pairs).to_json() for name, pairs in grouped.items()}

    def assert_converged(self) -> None:
        """The replica equals the server's view of this user's scope (the self-check)."""
        self.sync()
        server = self.summary()
        assert server["cursor"] == self.cursor or self.sync() == []
        empty = {"count": 0, "hash": "0" * 16}
        local = self.local_summary()
        for name, remote in server["entities"].items():
            assert local.get(name, empty) == remote, f"{name} differs from the server"
        assert set(local) <= set(server["entities"])

    def ids(self, entity: str) -> set[uuid.UUID]:
        return {row_id for row_id, row in self.rows.items() if row["_entity"] == entity}

    def row(self, row_id: uuid.UUID | str) -> dict[str, Any]:
        return self.rows[uuid.UUID(str(row_id))]


# ---- building ops -------------------------------------------------------------------------------


def now_text() -> str:
    return format_datetime(dt.datetime.now(dt.UTC))


def op(
    kind: str,
    entity: str,
    row_id: uuid.UUID | str | None = None,
    fields: dict[str, Any] | None = None,
    base_rev: int = 0,
) -> dict[str, Any]:
    return {
        "op_id": str(uuid7()),
        "entity": entity,
        "row_id": str(row_id or uuid7()),
        "kind": kind,
        "base_rev": base_rev,
        "fields": fields or {},
        "created_at": now_text(),
    }


def create(entity: str, row_id: uuid.UUID | str | None = None, **fields: Any) -> dict[str, Any]:
    return op("create", entity, row_id, _wire(fields))


def update(entity: str, row_id: uuid.UUID | str, base_rev: int, **fields: Any) -> dict[str, Any]:
    return op("update", entity, row_id, _wire(fields), base_rev)


def delete(entity: str, row_id: uuid.UUID | str, base_rev: int = 0) -> dict[str, Any]:
    return op("delete", entity, row_id, None, base_rev)


def restore(entity: str, row_id: uuid.UUID | str, base_rev: int = 0) -> dict[str, Any]:
    return op("restore", entity, row_id, None, base_rev)


def note(text: str, by: uuid.UUID | None = None) -> dict[str, Any]:
    return {"id": str(uuid7()), "at": now_text(), "by": str(by) if by else None, "text": text}


def _wire(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, uuid.UUID) else v for k, v in fields.items()}


# ---- worlds: a server with two teams ------------------------------------------------------------


def populate(server: Server) -> None:
    """admin; team A (manager ma, reps a1, a2); team B (manager mb, rep b1)."""
    server.cli("init", "--admin", "admin")
    server.users["admin"] = "admin"
    server.cli("team", "add", "Team A")
    server.cli("team", "add", "Team B")
    for name, role, team in (
        ("ma", "manager", "Team A"),
        ("a1", "rep", "Team A"),
        ("a2", "rep", "Team A"),
        ("mb", "manager", "Team B"),
        ("b1", "rep", "Team B"),
    ):
        server.add_user(name, role, team)


class Templates:
    """One populated database per backend, made once; servers start from copies of it."""

    def __init__(self, folder: Path, request: pytest.FixtureRequest) -> None:
        self.folder = folder
        self.request = request
        self.made: dict[str, Server] = {}

    def postgres(self) -> Postgres:
        pg: Postgres = self.request.getfixturevalue("postgres")
        return pg

    def new_empty(self, backend: str, folder: Path) -> Server:
        folder.mkdir(parents=True, exist_ok=True)
        if backend == "sqlite":
            return Server(str(folder / "server.db"), folder, backend)
        return Server(self.postgres().new_database(), folder, backend)

    def copy(self, backend: str, folder: Path) -> Server:
        if backend not in self.made:
            template = self.new_empty(backend, self.folder / f"template-{backend}")
            populate(template)
            self.made[backend] = template
        template = self.made[backend]
        folder.mkdir(parents=True, exist_ok=True)
        if backend == "sqlite":
            target = folder / "server.db"
            shutil.copyfile(template.db_url, target)
            wal = Path(f"{template.db_url}-wal")
            if wal.exists():
                shutil.copyfile(wal, f"{target}-wal")
            url = str(target)
        else:
            url = self.postgres().copy_database(template.db_url)
        server = Server(url, folder, backend)
        server.users = dict(template.users)
        return server


@pytest.fixture(scope="session")
def templates(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Templates:
    return Templates(tmp_path_factory.mktemp("templates"), request)


@pytest.fixture(scope="session", params=BACKENDS)
def world(
    request: pytest.FixtureRequest,
    templates: Templates,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Server]:
    """A running server with two teams, shared by one backend's tests: add, never break."""
    server = templates.copy(request.param, tmp_path_factory.mktemp(f"world-{request.param}"))
    server.start(SALESDESK_MAX_BODY=str(WORLD_MAX_BODY))
    yield server
    server.stop()
    assert not server.errors_in_log(), server.log()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def fresh(backend: str, templates: Templates, tmp_path: Path) -> Iterator[Server]:
    """A server of its own (two teams, not started yet) for tests that change users or teams."""
    server = templates.copy(backend, tmp_path / "srv")
    yield server
    server.stop()
    assert not server.errors_in_log(), server.log()
