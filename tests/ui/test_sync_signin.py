"""Signing in and out from the app: the dialog, every error in plain words, the password
prompt without a keyring, and sign-out with pending changes and with the wipe.

Real servers (``salesdesk-server`` subprocesses on loopback, SQLite), real
profiles; the OS keyring is an in-memory one where a test needs it, and the
machine's own "no keyring" otherwise.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from salesdesk import api
from salesdesk.store.database import DB_FILE
from salesdesk.store.store import Store
from salesdesk.ui import settings
from salesdesk.ui.app import build_window
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.sync import messages
from salesdesk.ui.sync.password import PasswordDialog
from salesdesk.ui.sync.shell import AppShell
from salesdesk.ui.sync.signin import SignInDialog, Step
from salesdesk.ui.sync.signout import SignOutDialog
from sync import client
from sync.client import ErrorKind, credentials
from sync.client.account import Account
from tests.server.conftest import PASSWORD, Server
from tests.syncing import conftest as syncing
from tests.syncing.keyrings import MemoryKeyring
from tests.syncing.support import Device, server_rows
from tests.ui import sync_helpers
from tests.ui.helpers import answer_message_box, type_text
from tests.ui.sync_helpers import (
    SYNC_TIMEOUT,
    close_window,
    gone,
    open_window,
    restart,
    sync_and_wait,
    wait_status,
)

# Fixtures of the sync tests: servers on loopback, devices, keyrings (tests/syncing/conftest.py).
blank_profile = syncing.blank_profile
devices = syncing.devices
memory_keyring = syncing.memory_keyring
postgres = syncing.postgres
quick_retries = syncing.quick_retries
server = syncing.server
servers = syncing.servers
templates = sync_helpers.templates

pytestmark = pytest.mark.gui


@pytest.fixture
def shell(qtbot: QtBot, store: Store) -> Iterator[AppShell]:
    """The app's shell over a fresh local profile (the window the app shows at start)."""
    made = AppShell(store, build_window)
    made.window.resize(1280, 800)
    made.show()
    qtbot.waitExposed(made.window)
    wait_status(qtbot, made.window.sync.controller)
    yield made
    close_window(qtbot, made.window)


def open_sign_in(qtbot: QtBot, window: MainWindow) -> SignInDialog:
    # Sign in is offered once the profile's sync state has been read (on the database thread).
    qtbot.waitUntil(window.sync.sign_in_action.isEnabled, timeout=SYNC_TIMEOUT)
    window.sync.sign_in_action.trigger()
    dialog = window.sync.sign_in_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(lambda: not window.context.runner.busy)
    return dialog


def fill(qtbot: QtBot, dialog: SignInDialog, url: str, user: str, password: str) -> None:
    for field, text in ((dialog.server, url), (dialog.username, user), (dialog.password, password)):
        field.clear()
        type_text(qtbot, field, text)


def refused(qtbot: QtBot, dialog: SignInDialog) -> str:
    """Press Sign in and wait for the refusal shown in the dialog."""
    dialog.message.hide()
    dialog.sign_in_button.click()
    qtbot.waitUntil(
        lambda: dialog.step == Step.FORM and dialog.message.isVisible(), timeout=SYNC_TIMEOUT
    )
    return dialog.message.text()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# ---- signing in ---------------------------------------------------------------------------------


def test_sign_in_adopts_local_data_runs_the_first_sync_and_shows_the_users_areas(
    qtbot: QtBot, shell: AppShell, server: Server, memory_keyring: MemoryKeyring
) -> None:
    store = shell.store
    local = api.add(store, "customer", {"name": "本地录入的客户有限公司", "city": "杭州"}).id
    window = shell.window
    assert "review" in [a.key for a in window.areas]  # a local profile is its own manager
    assert window.sync.status_widget.state == "signed_out"
    window.sync.status_widget.action.click()  # "Sign in…" in the status bar
    dialog = window.sync.sign_in_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: not window.context.runner.busy)
    assert dialog.adoption.isVisible()
    assert "uploaded as yours" in dialog.adoption.text()
    assert not dialog.keyring.isVisible()  # this test has a keyring

    fill(qtbot, dialog, server.url, "a1", PASSWORD)
    progress_seen: list[str] = []
    window.sync.controller.sig_progress.connect(
        lambda _p: progress_seen.append(dialog.progress_text.text())
    )
    dialog.sign_in_button.click()
    assert dialog.step == Step.SIGNING_IN
    assert not dialog.server.isEnabled()
    qtbot.waitUntil(lambda: shell.window is not window, timeout=SYNC_TIMEOUT)
    new = shell.window
    assert store.profile.username == "a1"
    assert [a.key for a in new.areas if a.key == "review"] == []  # a rep's areas
    assert progress_seen, "the dialog showed the first sync's progress"
    wait_status(qtbot, new.sync.controller)
    status = new.sync.controller.status
    assert status is not None and status.signed_in and status.last_sync is not None
    assert new.sync.status_widget.state == "synced"
    assert new.sync.status_widget.text.text().startswith("Synced ")
    assert "a1" in new.notice.label.text().lower() or "A1" in new.notice.label.text()
    # the local data was adopted and uploaded as a1's
    uploaded = server_rows(server, "customer")[str(local)]
    assert uploaded["owner_id"] == str(store.profile.user_id)
    assert store.outbox_count() == 0
    # the server and user are remembered for next time; the refresh token is in the keyring
    assert new.context.settings.get(settings.SYNC_SERVER) == server.url
    assert new.context.settings.get(settings.SYNC_USER) == "a1"
    assert memory_keyring.items
    # the menu offers Sign out now
    assert new.sync.sign_out_action.isVisible() and not new.sync.sign_in_action.isVisible()


def test_every_sign_in_problem_is_explained(
    qtbot: QtBot,
    window: MainWindow,
    server: Server,
    devices: Callable[..., Device],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_sign_in(qtbot, window)
    assert dialog.keyring.isVisible()  # no keyring on this machine: said before signing in

    fill(qtbot, dialog, server.url, "a1", "")
    assert refused(qtbot, dialog) == "Enter your password."

    fill(qtbot, dialog, server.url, "a1", "not-the-password")
    assert refused(qtbot, dialog) == messages.error_text(ErrorKind.WRONG_CREDENTIALS)
    assert dialog.password.hasFocus()
    assert dialog.server.text() == server.url  # the fields stay filled in

    fill(qtbot, dialog, f"http://127.0.0.1:{free_port()}", "a1", PASSWORD)
    assert refused(qtbot, dialog) == messages.error_text(ErrorKind.UNREACHABLE)

    fill(qtbot, dialog, server.url.replace("http://", "https://"), "a1", PASSWORD)
    assert refused(qtbot, dialog) == messages.error_text(ErrorKind.TLS)

    fill(qtbot, dialog, "crm.example.cn", "a1", PASSWORD)
    assert "not valid" in refused(qtbot, dialog)

    monkeypatch.setattr("sync.client.http.CLIENT_VERSION", 0)
    fill(qtbot, dialog, server.url, "a1", PASSWORD)
    text = refused(qtbot, dialog)
    assert text == messages.error_text(ErrorKind.CLIENT_TOO_OLD)
    assert "update SalesDesk" in text
    monkeypatch.undo()

    server.cli("user", "disable", "b1")
    fill(qtbot, dialog, server.url, "b1", PASSWORD)
    assert refused(qtbot, dialog) == messages.error_text(ErrorKind.ACCOUNT_DISABLED)
    assert dialog.username.hasFocus()

    for _ in range(6):  # the server allows five failed sign-ins per account in its window
        server.client().request("POST", "/auth/login", json={"username": "mb", "password": "x"})
    fill(qtbot, dialog, server.url, "mb", PASSWORD)
    text = refused(qtbot, dialog)
    assert text.startswith("Too many failed sign-ins. Try again in about ")
    assert dialog.message.toolTip().startswith("Details: ")  # the engine's words on hover
    assert not store_signed_in(window)
    dialog.reject()

    # a profile that holds another account's synced data refuses another user
    a1 = devices(server, "a1")
    a1.sync()
    client.logout(a1.store)
    with open_window(qtbot, a1.store) as other:
        dialog = open_sign_in(qtbot, other)
        fill(qtbot, dialog, server.url, "a2", PASSWORD)
        assert refused(qtbot, dialog) == messages.error_text(ErrorKind.WRONG_PROFILE)
        dialog.reject()


def store_signed_in(window: MainWindow) -> bool:
    return client.status(window.context.store).signed_in


def test_the_password_is_asked_when_the_sign_in_cannot_be_kept(
    qtbot: QtBot, server: Server, devices: Callable[..., Device]
) -> None:
    a1 = devices(server, "a1")  # no keyring: the sign-in is held by this process only
    a1.sync()
    account = Account.of(a1.store)
    assert account is not None
    credentials.drop(account.key)  # as after a restart of the app
    with open_window(qtbot, a1.store) as window:
        widget = window.sync.status_widget
        assert widget.state == "password"
        assert widget.text.text() == "Password needed"
        assert widget.action.isVisible() and widget.action.text() == "Enter password…"

        # the first background sync asks once; a wrong password is asked again
        window.sync.start_background(delay_ms=0)
        qtbot.waitUntil(lambda: window.sync.password_dialog is not None, timeout=SYNC_TIMEOUT)
        dialog = window.sync.password_dialog
        assert isinstance(dialog, PasswordDialog)
        assert dialog.keyring.isVisible()  # said: the sign-in cannot be remembered here
        assert not dialog.message.isVisible()
        type_text(qtbot, dialog.password, "wrong-password")
        dialog.accept()
        qtbot.waitUntil(
            lambda: window.sync.password_dialog not in (None, dialog), timeout=SYNC_TIMEOUT
        )
        again = window.sync.password_dialog
        assert isinstance(again, PasswordDialog)
        assert again.message.isVisible()
        type_text(qtbot, again.password, PASSWORD)
        again.accept()
        qtbot.waitUntil(lambda: widget.state == "synced", timeout=SYNC_TIMEOUT)
        wait_status(qtbot, window.sync.controller)
    # nothing secret reached the disk
    data = b"".join(p.read_bytes() for p in a1.folder.iterdir() if p.is_file())
    assert PASSWORD.encode() not in data


# ---- signing out --------------------------------------------------------------------------------


def test_sign_out_sends_pending_changes_or_warns_how_many_stay(
    qtbot: QtBot,
    servers: syncing.Servers,
    devices: Callable[..., Device],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    own = servers.start()
    a1 = devices(own, "a1")
    a1.sync()
    with open_window(qtbot, a1.store) as window:
        first = a1.add("customer", name="先同步再退出有限公司", city="苏州")
        window.sync.sign_out_action.trigger()
        dialog = window.sync.sign_out_dialog
        assert isinstance(dialog, SignOutDialog)
        dialog.cancel_button.click()  # Cancel: still signed in
        assert store_signed_in(window)

        # the server is down: the change cannot be sent, and the dialog says so
        own.stop()
        window.sync.sign_out_action.trigger()
        dialog = window.sync.sign_out_dialog
        assert isinstance(dialog, SignOutDialog)
        dialog.sign_out_button.click()
        qtbot.waitUntil(dialog.warning.isVisible, timeout=SYNC_TIMEOUT)
        text = dialog.warning.text()
        assert text.startswith("1 change has not reached the server.")
        assert messages.error_text(ErrorKind.UNREACHABLE) in text
        assert "stay on this computer" in text
        dialog.wipe.setChecked(True)
        dialog.retry_button.click()
        qtbot.waitUntil(dialog.warning.isVisible, timeout=SYNC_TIMEOUT)
        assert "are lost" in dialog.warning.text()  # with the wipe, they would be lost
        dialog.wipe.setChecked(False)
        dialog.cancel_button.click()
        assert store_signed_in(window)

        # back online: Sign out sends the change first
        restart(own, monkeypatch)
        window.sync.sign_out_action.trigger()
        back = window.sync.sign_out_dialog
        assert isinstance(back, SignOutDialog)
        back.sign_out_button.click()
        qtbot.waitUntil(lambda: gone(back), timeout=SYNC_TIMEOUT)
        assert str(first) in server_rows(own, "customer")
        wait_status(qtbot, window.sync.controller)
        assert window.sync.status_widget.state == "signed_out"
        assert window.sync.sign_in_action.isVisible()

        # signed out with a change that could not be sent: forced, the change stays here
        client.login(a1.store, own.url, "a1", PASSWORD)
        second = a1.add("customer", name="离线新增有限公司", city="无锡")
        own.stop()
        window.sync.controller.refresh_status()
        wait_status(qtbot, window.sync.controller)
        window.sync.sign_out_action.trigger()
        dialog = window.sync.sign_out_dialog
        assert isinstance(dialog, SignOutDialog)
        dialog.sign_out_button.click()
        qtbot.waitUntil(dialog.force_button.isVisible, timeout=SYNC_TIMEOUT)
        dialog.force_button.click()
        qtbot.waitUntil(lambda: gone(dialog), timeout=SYNC_TIMEOUT)
        wait_status(qtbot, window.sync.controller)
        assert not store_signed_in(window)
        assert a1.get("customer", second) is not None
        assert a1.store.outbox_count() == 1  # kept, sent after the next sign-in


def test_sign_out_with_wipe_deletes_the_local_copy_and_opens_a_fresh_profile(
    qtbot: QtBot,
    server: Server,
    tmp_path: Path,
    blank_profile: Path,
) -> None:
    folder = tmp_path / "wiped"
    folder.mkdir()
    shutil.copyfile(blank_profile, folder / DB_FILE)
    store = Store.open(folder)
    client.login(store, server.url, "a2", PASSWORD)
    kept = api.add(store, "customer", {"name": "要清除的本机数据有限公司", "city": "南京"}).id
    shell = AppShell(store, build_window)
    shell.show()
    old = shell.window
    wait_status(qtbot, old.sync.controller)
    sync_and_wait(qtbot, old.sync.controller)
    old.sync.sign_out_action.trigger()
    dialog = old.sync.sign_out_dialog
    assert isinstance(dialog, SignOutDialog)
    dialog.wipe.setChecked(True)
    dialog.sign_out_button.click()
    qtbot.waitUntil(lambda: shell.window is not old, timeout=SYNC_TIMEOUT)
    try:
        new = shell.window
        assert gone(old)
        assert shell.store is not store  # a fresh profile in the same folder
        assert shell.store.get("customer", kept) is None
        assert shell.store.profile.username == "local"
        wait_status(qtbot, new.sync.controller)
        assert new.sync.status_widget.state == "signed_out"
        assert "deleted" in new.notice.label.text()
        assert str(kept) in server_rows(server, "customer")  # what was synced is on the server
    finally:
        shell.close()
        close_window(qtbot, shell.window)


def test_a_wipe_without_the_app_shell_closes_the_window(
    qtbot: QtBot, server: Server, devices: Callable[..., Device]
) -> None:
    b1_store = devices(server, "a2").store
    window = build_window(b1_store)
    qtbot.addWidget(window)
    window.show()
    wait_status(qtbot, window.sync.controller)
    window.sync.sign_out_action.trigger()
    dialog = window.sync.sign_out_dialog
    assert isinstance(dialog, SignOutDialog)
    dialog.wipe.setChecked(True)
    seen: list[str] = []
    answer_message_box(QMessageBox.StandardButton.Ok, seen)
    dialog.sign_out_button.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=SYNC_TIMEOUT)
    assert seen == ["The data on this computer was deleted. SalesDesk closes now."]
    assert not Path(b1_store.path).exists()
