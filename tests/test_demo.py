"""``salesdesk demo``: the embedded local server, its demo team, and the fallback without it.

The demo server is the real ``salesdesk-server`` started by the app as a
subprocess (``python -m salesdesk.demo serve``) over a SQLite file in the demo
folder, seeded by ``python -m salesdesk.demo seed``. Sizes are small here so
the tests stay quick; the window shows at once and everything else happens in
the background, which the tests wait for as a user would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from salesdesk import demo
from salesdesk.cli import build_parser
from salesdesk.store.store import Store
from salesdesk.ui.app import build_window, make_application
from salesdesk.ui.sync import demo as demo_ui
from salesdesk.ui.sync.shell import AppShell
from sync.server import db as server_db
from sync.server.tables import ENTITY_TABLES
from tests.server.conftest import free_port
from tests.ui.sync_helpers import SYNC_TIMEOUT, close_window, wait_status

CUSTOMERS = 24


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo server database, seeded once for the module (copied by each test)."""
    path = tmp_path_factory.mktemp("demo-seed") / demo_ui.DB_FILE
    assert demo.seed(path, CUSTOMERS) > CUSTOMERS
    return path


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESDESK_SYNC_BACKOFF", "0.05")
    monkeypatch.setenv("SALESDESK_SYNC_ATTEMPTS", "4")
    monkeypatch.delenv("SALESDESK_PASSWORD", raising=False)


def demo_root(tmp_path: Path, seeded: Path | None) -> Path:
    root = tmp_path / "demo"
    if seeded is not None:
        (root / demo_ui.SERVER_FOLDER).mkdir(parents=True)
        shutil.copyfile(seeded, root / demo_ui.SERVER_FOLDER / demo_ui.DB_FILE)
    return root


class Run:
    """One ``salesdesk demo`` run in this process: the shell, its window, the demo server."""

    def __init__(self, qtbot: QtBot, root: Path, role: str = "manager") -> None:
        make_application()
        self.qtbot = qtbot
        self.store = Store.open(demo_ui.profile_folder(root, role))
        self.shell = AppShell(self.store, build_window)
        self.shell.show()
        self.first_window = self.shell.window
        self.ready: list[str] = []
        self.failed: list[str] = []
        server = demo_ui.start_demo(self.shell, root, role=role, customers=CUSTOMERS)
        assert server is not None
        self.server = server
        server.sig_ready.connect(self.ready.append)
        server.sig_failed.connect(self.failed.append)

    def wait_synced(self) -> None:
        qtbot = self.qtbot
        qtbot.waitUntil(lambda: bool(self.ready or self.failed), timeout=120_000)
        assert not self.failed, self.failed
        widget = self.shell.window.sync.status_widget
        qtbot.waitUntil(lambda: widget.state == "synced", timeout=SYNC_TIMEOUT)
        wait_status(qtbot, self.shell.window.sync.controller)

    def close(self) -> None:
        self.shell.close()
        close_window(self.qtbot, self.shell.window)


@pytest.fixture
def runs(qtbot: QtBot) -> Iterator[list[Run]]:
    made: list[Run] = []
    yield made
    for run in made:
        if run.server.process is not None:
            run.close()


def test_the_seeded_team_has_a_manager_and_reps_with_chinese_names(seeded: Path) -> None:
    engine = server_db.create_engine(server_db.normalize_url(str(seeded)))
    try:
        with engine.connect() as connection:
            users = ENTITY_TABLES["user"]
            people = {
                row.username: (row.display_name, row.role)
                for row in connection.execute(sa.select(users)).all()
            }
            teams = connection.execute(sa.select(ENTITY_TABLES["team"].c.name)).scalars().all()
            owners = connection.execute(
                sa.select(ENTITY_TABLES["customer"].c.owner_id).distinct()
            ).scalars()
            owner_names = {
                connection.execute(sa.select(users.c.username).where(users.c.id == o)).scalar()
                for o in owners
            }
            figures = connection.execute(
                sa.select(sa.func.count()).select_from(ENTITY_TABLES["team_figure"])
            ).scalar_one()
    finally:
        engine.dispose()
    assert teams == ["演示团队"]
    assert people["zhangmin"] == ("张敏", "manager")
    assert {people[rep.username] for rep in demo.REPS} == {
        ("李强", "rep"),
        ("王芳", "rep"),
        ("陈杰", "rep"),
    }
    assert owner_names == {rep.username for rep in demo.REPS}  # the reps own the customers
    assert figures > 0  # the leaderboard's team figures were computed
    assert demo.seed(seeded, CUSTOMERS) == 0  # seeding again leaves the database as it is


def test_demo_starts_its_server_signs_in_as_the_manager_and_syncs_the_team(
    qtbot: QtBot, tmp_path: Path, runs: list[Run]
) -> None:
    root = demo_root(tmp_path, None)  # a fresh machine: the first start seeds the team
    started = time.monotonic()
    run = Run(qtbot, root)
    runs.append(run)
    assert time.monotonic() - started < 5  # the window shows at once
    assert run.first_window.isVisible()
    widget = run.first_window.sync.status_widget
    assert widget.state == "busy"
    assert widget.text.text() == "Preparing the demo team (first start only)…"
    run.wait_synced()

    window = run.shell.window
    assert window is not run.first_window  # rebuilt for the manager who signed in
    profile = run.store.profile
    assert (profile.username, profile.display_name, profile.role) == ("zhangmin", "张敏", "manager")
    assert run.store.count("customer") == CUSTOMERS  # the whole team's customers
    assert run.store.count("team_figure") > 0  # the leaderboard's standings
    assert {a.key for a in window.areas} >= {"leaderboard", "review"}
    assert window.user_label.text() == "张敏"
    assert (root / "server" / demo_ui.DB_FILE).is_file()
    process = run.server.process
    assert process is not None and process.poll() is None

    run.close()
    assert process.poll() is not None  # stopped with the app
    port = int((root / "server" / demo_ui.PORT_FILE).read_text())

    # the next start: no seeding, the same port, already signed in
    again = Run(qtbot, root)
    runs.append(again)
    assert again.first_window.sync.status_widget.text.text() == "Starting the demo server…"
    again.wait_synced()
    assert again.shell.window is again.first_window  # the same user: no rebuild
    assert again.server.url == f"http://127.0.0.1:{port}"
    assert again.store.count("customer") == CUSTOMERS


def test_demo_as_a_rep_sees_only_the_reps_own_customers(
    qtbot: QtBot, tmp_path: Path, seeded: Path, runs: list[Run]
) -> None:
    root = demo_root(tmp_path, seeded)
    run = Run(qtbot, root, role="rep")
    runs.append(run)
    run.wait_synced()
    profile = run.store.profile
    assert (profile.username, profile.role) == ("liqiang", "rep")
    assert Path(run.store.path).parent == root / demo_ui.REP_FOLDER
    customers = run.store.select("customer")
    assert 0 < len(customers) < CUSTOMERS
    assert {c.owner_id for c in customers} == {profile.user_id}  # type: ignore[attr-defined]
    assert "review" not in {a.key for a in run.shell.window.areas}


def test_a_moved_port_is_followed(
    qtbot: QtBot, tmp_path: Path, seeded: Path, runs: list[Run]
) -> None:
    root = demo_root(tmp_path, seeded)
    first = Run(qtbot, root)
    runs.append(first)
    first.wait_synced()
    first.close()
    old_port = int((root / "server" / demo_ui.PORT_FILE).read_text())
    import socket

    with socket.socket() as squatter:  # another program took the port meanwhile
        squatter.bind(("127.0.0.1", old_port))
        squatter.listen()
        second = Run(qtbot, root)
        runs.append(second)
        second.wait_synced()
        assert second.server.url != f"http://127.0.0.1:{old_port}"
        status = second.shell.window.sync.controller.status
        assert status is not None and status.server == second.server.url


def test_without_its_server_the_demo_runs_locally_and_says_why(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_application()
    store = Store.open(tmp_path / "local-demo")
    shell = AppShell(store, build_window)
    shell.show()
    try:
        assert demo_ui.start_demo(shell, tmp_path, customers=CUSTOMERS, embedded=False) is None
        window = shell.window
        qtbot.waitUntil(lambda: store.count("customer") == CUSTOMERS, timeout=30_000)
        qtbot.waitUntil(lambda: "Demo data is ready" in window.notice.label.text())
        assert "runs on this computer only" in window.notice.label.text()
        # the status bar's read is idle work: it follows the demo data's writes
        qtbot.waitUntil(lambda: window.sync.status_widget.state == "signed_out")
    finally:
        shell.close()
        close_window(qtbot, shell.window)


def test_a_demo_server_that_cannot_start_falls_back_to_the_local_demo(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "broken"
    monkeypatch.setattr(
        demo, "command", lambda *args: [sys.executable, "-c", "raise SystemExit(3)"]
    )
    make_application()
    store = Store.open(root)
    shell = AppShell(store, build_window)
    shell.show()
    try:
        server = demo_ui.start_demo(shell, root, customers=CUSTOMERS, embedded=True)
        assert server is not None
        failed: list[str] = []
        server.sig_failed.connect(failed.append)
        qtbot.waitUntil(lambda: bool(failed), timeout=30_000)
        assert "seeding the demo server failed" in failed[0]
        qtbot.waitUntil(lambda: store.count("customer") == CUSTOMERS, timeout=30_000)
        assert "could not start" in shell.window.notice.label.text()
        assert shell.window.sync.controller.activity == ""
    finally:
        shell.close()
        close_window(qtbot, shell.window)


def test_the_server_stops_by_itself_when_the_app_is_gone(tmp_path: Path, seeded: Path) -> None:
    db_file = tmp_path / demo_ui.DB_FILE
    shutil.copyfile(seeded, db_file)
    port = free_port()
    serve = " ".join(demo.command("serve", "--db", str(db_file), "--port", str(port)))
    # a stand-in for the app: a shell that starts the server as its child, then ends
    app = subprocess.Popen(
        ["sh", "-c", f"{serve} --parent $$ > {tmp_path / 'serve.log'} 2>&1 & sleep 4"],
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/health"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=1).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.1)
    else:
        app.kill()
        raise AssertionError((tmp_path / "serve.log").read_text())
    app.wait(timeout=30)  # the "app" is gone
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
        except requests.RequestException:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the demo server outlived its app")


def test_the_demo_command_keeps_its_contract() -> None:
    args = build_parser().parse_args(["demo"])
    assert (args.command, args.customers, args.role) == ("demo", 2000, "manager")
    args = build_parser().parse_args(["demo", "--customers", "50", "--as", "rep"])
    assert (args.customers, args.role) == (50, "rep")
    with pytest.raises(SystemExit):
        build_parser().parse_args(["demo", "--as", "admin"])
    assert os.path.basename(str(demo_ui.profile_folder(Path("/x/demo"), "manager"))) == "demo"
