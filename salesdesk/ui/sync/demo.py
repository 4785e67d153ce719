"""``salesdesk demo``: the app on a demo profile, synced with an embedded local server.

The window shows at once; everything else happens in the background with its
progress in the status bar:

1. the first time, the demo server's database is made with the demo team
   (``salesdesk.demo seed``: 演示团队, a manager and three reps with their
   customers, deals, visits… written on the server side) — a SQLite file in
   the demo folder, so it survives restarts;
2. the real ``salesdesk-server`` starts as a subprocess on a loopback port
   (the same port as last time when it is free; it stops when the app ends,
   and by itself if the app is killed);
3. the demo profile signs in as the manager 张敏 (or, with ``--as rep``, as the
   rep 李强, in a profile of its own) and syncs: the user sees a real team,
   the leaderboard and the status bar at work. The demo password is filled in
   by itself (and shown in the sign-in dialog after a sign-out).

Folders: the demo folder (``…/profiles/demo`` or ``--data-dir``) is the
manager's profile; ``server/`` in it holds the server's database and log,
``as-rep/`` the rep's profile. Deleting the demo folder starts afresh.

When the server cannot run here (a desktop build without the server's
packages, or it fails to start) the demo falls back to the local-only demo:
sample data on this computer, with a notice saying why.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

import requests
from PySide6.QtCore import QCoreApplication, QObject, Signal

from salesdesk import demo as demo_data
from salesdesk.store.database import write_transaction
from salesdesk.store.store import Store
from salesdesk.ui.runner import Runner
from salesdesk.ui.sync import messages
from sync import client

if TYPE_CHECKING:
    from salesdesk.ui.main_window import MainWindow
    from salesdesk.ui.sync.shell import AppShell

log = logging.getLogger(__name__)

SERVER_FOLDER = "server"
REP_FOLDER = "as-rep"
DB_FILE = "demo-server.db"
PORT_FILE = "port"
LOG_FILE = "server.log"
START_TIMEOUT = 60.0
SEED_TIMEOUT = 900.0
STOP_TIMEOUT = 5.0


def profile_folder(demo_root: Path, role: str) -> Path:
    """The demo profile of ``role``: the demo folder itself for the manager."""
    demo_data.person_for(role)  # a known role
    return demo_root if role == "manager" else demo_root / REP_FOLDER


class DemoError(Exception):
    """The embedded server could not be made ready; the message is for the log."""


def free_port(preferred: int = 0) -> int:
    """``preferred`` if nothing listens on it, else a free loopback port."""
    for candidate in (preferred, 0) if preferred else (0,):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            port: int = sock.getsockname()[1]
            return port
    raise DemoError("no free loopback port")


class DemoServer(QObject):
    """The embedded server of one ``salesdesk demo`` run, and the demo profile's sign-in to it."""

    sig_ready = Signal(str)  # the server's URL, once the profile is signed in
    sig_failed = Signal(str)  # why the demo runs without its server

    def __init__(
        self,
        shell: AppShell,
        demo_root: Path,
        *,
        role: str = "manager",
        customers: int = demo_data.DEFAULT_CUSTOMERS,
    ) -> None:
        super().__init__(shell)
        self.shell = shell
        self.folder = demo_root / SERVER_FOLDER
        self.db_file = self.folder / DB_FILE
        self.person = demo_data.person_for(role)
        self.customers = customers
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.ready = False
        self.failed = ""
        self.runner = Runner(self, network_workers=1)
        shell.demo = self

    # ---- the windows -----------------------------------------------------------------------------
    def prepare(self, window: MainWindow) -> None:
        """Give a (new) window the demo's password and sign-in defaults."""
        sync = window.sync
        sync.controller.password_provider = lambda: demo_data.PASSWORD
        sync.sign_in_server = self.url
        sync.sign_in_user = self.person.username
        sync.sign_in_hint = (
            QCoreApplication.translate(
                "DemoServer", "Demo: every demo user's password is %1 (manager %2, reps %3)."
            )
            .replace("%1", demo_data.PASSWORD)
            .replace("%2", demo_data.MANAGER.username)
            .replace("%3", ", ".join(rep.username for rep in demo_data.REPS))
        )

    # ---- starting --------------------------------------------------------------------------------
    def start(self) -> None:
        """Seed (first time), start the server and sign in, in the background."""
        self.prepare(self.shell.window)
        first = not self.db_file.exists()
        self._activity(
            QCoreApplication.translate("DemoServer", "Preparing the demo team (first start only)…")
            if first
            else QCoreApplication.translate("DemoServer", "Starting the demo server…")
        )
        store = self.shell.store
        self.runner.net(lambda: self._bring_up(store), done=self._up, failed=self._failed)

    def _activity(self, text: str) -> None:
        self.shell.window.sync.controller.set_activity(text)

    def _bring_up(self, store: Store) -> bool:
        """(Worker thread.) Returns whether signing in changed the profile's user."""
        self.folder.mkdir(parents=True, exist_ok=True)
        logfile = self.folder / LOG_FILE
        if not self.db_file.exists():
            started = time.monotonic()
            with logfile.open("ab") as out:
                done = subprocess.run(
                    demo_data.command(
                        "seed", "--db", str(self.db_file), "--customers", str(self.customers)
                    ),
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    timeout=SEED_TIMEOUT,
                    check=False,
                )
            if done.returncode != 0 or not self.db_file.exists():
                raise DemoError(f"seeding the demo server failed:\n{_tail(logfile)}")
            log.info("demo team seeded in %.1f s", time.monotonic() - started)
        self.url = self._serve(logfile)
        status = client.status(store)
        if not status.signed_in:
            before = store.profile
            client.login(store, self.url, self.person.username, demo_data.PASSWORD)
            return store.profile != before
        if status.server != self.url:
            move_server(store, self.url)
        return False

    def _serve(self, logfile: Path) -> str:
        port_file = self.folder / PORT_FILE
        try:
            preferred = int(port_file.read_text().strip())
        except (OSError, ValueError):
            preferred = 0
        port = free_port(preferred)
        port_file.write_text(str(port))
        with logfile.open("ab") as out:
            self.process = subprocess.Popen(
                demo_data.command(
                    "serve",
                    "--db",
                    str(self.db_file),
                    "--port",
                    str(port),
                    "--parent",
                    str(os.getpid()),
                ),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**os.environ, "SALESDESK_LOG_LEVEL": "warning"},
            )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise DemoError(f"the demo server exited at start:\n{_tail(logfile)}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{url}/health", timeout=2).status_code == 200:
                    return url
            time.sleep(0.1)
        raise DemoError(f"the demo server did not answer within {START_TIMEOUT:.0f} s")

    def _up(self, profile_changed: bool) -> None:
        self.ready = True
        self._activity("")
        self.prepare(self.shell.window)
        if profile_changed:
            self.shell.reopen("profile")  # the window for the demo user; it syncs at once
        else:
            self.shell.start_background(delay_ms=0)
        self.sig_ready.emit(self.url)

    def _failed(self, exc: BaseException) -> None:
        self._activity("")
        window = self.shell.window
        if isinstance(exc, client.SyncError):
            log.warning("the demo could not sign in to its server: %r", exc)
            self.failed = exc.message
            why = messages.sentences(
                QCoreApplication.translate(
                    "DemoServer", "The demo could not sign in to its server: %1"
                ).replace("%1", messages.explain(exc)),
                QCoreApplication.translate(
                    "DemoServer", "Delete the demo folder to start the demo afresh."
                ),
            )
        else:
            log.warning("the demo server could not start: %s", exc)
            self.failed = str(exc)
            why = QCoreApplication.translate(
                "DemoServer",
                "The demo server could not start (see server.log in the demo folder), so the "
                "demo runs on this computer only.",
            )
        self.stop()
        window.sync.controller.password_provider = None
        fall_back_to_local(window, self.customers, why)
        self.shell.start_background()
        self.sig_failed.emit(self.failed)

    # ---- stopping --------------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop the server (at exit): politely, then for good."""
        self.runner.shutdown()
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def move_server(store: Store, url: str) -> None:
    """The demo server moved to another port: point the profile's sign-in at the new address.

    ``sync.client`` has no call for "the same server at a new address" yet, so this
    rewrites the two places the engine keeps the address (meta ``server`` and
    ``origin``; see ``sync/client/account.py``). Only for the embedded demo server.
    """
    server = store.get_meta("server")
    origin = store.get_meta("origin")
    with write_transaction(store.engine) as connection:
        if server:
            store.set_meta("server", {**server, "url": url}, connection)
        if origin:
            store.set_meta("origin", {**origin, "url": url}, connection)
    log.info("the demo server moved to %s", url)


def local_only_text() -> str:
    return QCoreApplication.translate(
        "DemoServer",
        "The demo runs on this computer only: this installation has no server part "
        "(install SalesDesk with its server extra to see a team syncing).",
    )


def fall_back_to_local(window: MainWindow, customers: int, why: str) -> None:
    """The local-only demo: sample data on this computer (once), and a notice saying why."""
    from salesdesk import api

    context = window.context

    def filled(rows: int) -> None:
        if rows:
            ready = QCoreApplication.translate(
                "DemoServer", "Demo data is ready: %1 customers."
            ).replace("%1", str(customers))
            window.notify(messages.sentences(ready, why))

    def fill_if_empty() -> int:
        if context.store.count("customer") or client.status(context.store).signed_in:
            return 0
        return api.demo_data(context.store, customers)

    window.notify(why)
    context.runner.db(fill_if_empty, done=filled, failed=lambda exc: window.show_error(str(exc)))


def start_demo(
    shell: AppShell,
    demo_root: Path,
    *,
    role: str = "manager",
    customers: int = demo_data.DEFAULT_CUSTOMERS,
    embedded: bool | None = None,
) -> DemoServer | None:
    """Start ``salesdesk demo``'s background work for the shell's window."""
    if embedded is None:
        embedded = demo_data.server_available()
    if not embedded:
        fall_back_to_local(shell.window, customers, local_only_text())
        shell.start_background()
        return None
    server = DemoServer(shell, demo_root, role=role, customers=customers)
    server.start()
    return server
