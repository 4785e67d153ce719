"""The sync corner of the status bar, Sync now, and the background syncs.

Every state the status bar can show is reached for real — a real server
subprocess on loopback, real profiles — and checked as the user sees it:
never synced, syncing with counts and a progress bar, synced, offline with
the pending count, an error in plain words with the details on hover, the
badge for conflicts, and the password prompt's state. Background syncs: one
sync a short while after a burst of local edits, one when the network comes
back, never two at once.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtNetwork import QNetworkInformation
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from salesdesk.ui import settings
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.sync import messages
from salesdesk.ui.sync.controller import Outcome
from sync.client import ErrorKind, credentials
from sync.client.account import Account
from tests.server.conftest import Server
from tests.syncing import conftest as syncing
from tests.syncing.support import Device, server_rows
from tests.ui import sync_helpers
from tests.ui.sync_helpers import (
    SYNC_TIMEOUT,
    open_window,
    restart,
    sync_and_wait,
    wait_outcome,
    wait_status,
)

# Fixtures of the sync tests: servers on loopback, devices, keyrings (tests/syncing/conftest.py).
blank_profile = syncing.blank_profile
devices = syncing.devices
postgres = syncing.postgres
quick_retries = syncing.quick_retries
server = syncing.server
servers = syncing.servers
templates = sync_helpers.templates

pytestmark = pytest.mark.gui


def test_not_signed_in(qtbot: QtBot, window: MainWindow) -> None:
    wait_status(qtbot, window.sync.controller)
    widget = window.sync.status_widget
    assert widget.state == "signed_out"
    assert widget.text.text() == "Not signed in"
    assert widget.action.isVisible() and widget.action.text() == "Sign in…"
    assert not widget.pending.isVisible()  # a local-only profile has nothing "waiting"
    assert not widget.badge.isVisible()
    assert widget.sync_button.toolTip() == "Sync now (F5)"


def test_never_synced_then_syncing_with_counts_then_synced(
    qtbot: QtBot,
    server: Server,
    devices: Callable[..., Device],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rep = devices(server, "a2")
    for number in range(24):
        rep.add("customer", name=f"进度测试客户{number:02d}有限公司", city="成都")
    rep.sync()
    manager = devices(server, "ma")  # signed in, never synced
    monkeypatch.setattr("sync.client.engine.PAGE_ROWS", 10)  # a first sync of several pages
    with open_window(qtbot, manager.store) as window:
        widget = window.sync.status_widget
        assert widget.state == "never"
        assert widget.text.text() == "Never synced"
        assert "Signed in to " in widget.text.toolTip()

        seen: list[tuple[str, str, int, int, bool]] = []
        window.sync.controller.sig_state.connect(
            lambda: seen.append(
                (
                    widget.state,
                    widget.text.text(),
                    widget.progress.value(),
                    widget.progress.maximum(),
                    widget.progress.isVisible(),
                )
            )
        )
        window.sync.sync_action.trigger()  # Sync now
        assert window.sync.controller.running
        assert widget.state == "syncing" and widget.progress.isVisible()
        qtbot.waitUntil(lambda: widget.state == "synced", timeout=SYNC_TIMEOUT)
        wait_status(qtbot, window.sync.controller)

        downloads = [s for s in seen if s[0] == "syncing" and s[1].startswith("Downloading ")]
        assert len(downloads) >= 3, seen
        total = downloads[-1][3]
        assert total >= 24
        assert downloads[-1][1] == f"Downloading {downloads[-1][2]:,} of {total:,}"
        assert all(s[4] for s in downloads)  # the bar shows while it downloads
        assert [s[2] for s in downloads] == sorted(s[2] for s in downloads)
        assert widget.text.text().startswith("Synced ")
        assert not widget.progress.isVisible()
        assert not widget.pending.isVisible()

        manager.add("task", title="回访进度测试客户", priority="high")
        qtbot.waitUntil(widget.pending.isVisible, timeout=5000)
        assert widget.pending.text() == "1 change waiting"
        manager.add("task", title="再次回访", priority="normal")
        qtbot.waitUntil(lambda: widget.pending.text() == "2 changes waiting", timeout=5000)
        sync_and_wait(qtbot, window.sync.controller)
        assert not widget.pending.isVisible()


def test_offline_keeps_the_pending_count_and_the_network_coming_back_syncs(
    qtbot: QtBot,
    servers: syncing.Servers,
    devices: Callable[..., Device],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    own = servers.start()
    a1 = devices(own, "a1")
    a1.sync()
    with open_window(qtbot, a1.store) as window:
        widget = window.sync.status_widget
        controller = window.sync.controller
        customer = a1.add("customer", name="断网时新增有限公司", city="厦门")
        own.stop()
        outcome = sync_and_wait(qtbot, controller)
        assert outcome.error is not None and outcome.error.kind == ErrorKind.UNREACHABLE
        assert widget.state == "offline"
        assert widget.text.text() == "Offline"
        assert widget.pending.text() == "1 change waiting"
        assert messages.error_text(ErrorKind.UNREACHABLE) in widget.text.toolTip()
        assert a1.get("customer", customer) is not None  # nothing is lost

        # the network comes back: a sync follows by itself
        restart(own, monkeypatch)
        scheduler = window.sync.scheduler
        scheduler.return_timer.setInterval(50)
        scheduler.start(first_sync=False)
        controller.set_network_online(False)  # as the reachability backend said meanwhile
        outcome = wait_outcome(
            qtbot,
            controller,
            lambda: scheduler.reachability_changed(QNetworkInformation.Reachability.Online),
        )
        assert outcome.ok
        assert widget.state == "synced"
        assert not widget.pending.isVisible()
        assert str(customer) in server_rows(own, "customer")


def test_errors_are_shown_in_plain_words_with_the_details_on_hover(
    qtbot: QtBot,
    server: Server,
    devices: Callable[..., Device],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a1 = devices(server, "a1")
    a1.sync()
    with open_window(qtbot, a1.store) as window:
        widget = window.sync.status_widget
        monkeypatch.setattr("sync.client.http.CLIENT_VERSION", 0)  # a SalesDesk from long ago
        outcome = sync_and_wait(qtbot, window.sync.controller)
        assert outcome.error is not None and outcome.error.kind == ErrorKind.CLIENT_TOO_OLD
        assert widget.state == "error"
        assert widget.text.text() == "Please update SalesDesk"
        assert widget.text.property("role") == "error"
        tooltip = widget.text.toolTip()
        assert messages.error_text(ErrorKind.CLIENT_TOO_OLD) in tooltip
        assert "Details: " in tooltip  # the engine's own words and the server's answer
        assert "426" in tooltip

        # the error is kept in the profile: after a restart of the app it still shows
        window.sync.controller.error = None
        window.sync.controller.refresh_status()
        wait_status(qtbot, window.sync.controller)
        assert widget.state == "error" and widget.text.text() == "Please update SalesDesk"

        monkeypatch.undo()  # updated: the next sync clears it
        sync_and_wait(qtbot, window.sync.controller)
        assert widget.state == "synced"


def test_a_disabled_account_is_named_in_the_status_bar(
    qtbot: QtBot, servers: syncing.Servers, devices: Callable[..., Device]
) -> None:
    own = servers.start()
    a1 = devices(own, "a1")
    a1.sync()
    with open_window(qtbot, a1.store) as window:
        widget = window.sync.status_widget
        own.cli("user", "disable", "a1")  # every session of a1 ends at once
        outcome = sync_and_wait(qtbot, window.sync.controller)
        assert outcome.error is not None and outcome.error.kind == ErrorKind.ACCOUNT_DISABLED
        assert widget.state == "error"
        assert widget.text.text() == "Account disabled"
        assert messages.error_text(ErrorKind.ACCOUNT_DISABLED) in widget.text.toolTip()


def test_password_needed_state_and_its_button(
    qtbot: QtBot, server: Server, devices: Callable[..., Device]
) -> None:
    a2 = devices(server, "a2")
    account = Account.of(a2.store)
    assert account is not None
    credentials.drop(account.key)  # no keyring and a new session: the password is needed
    with open_window(qtbot, a2.store) as window:
        widget = window.sync.status_widget
        assert widget.state == "password"
        assert widget.text.property("role") == "warning"
        widget.action.click()
        dialog = window.sync.password_dialog
        assert dialog is not None and dialog.isVisible()
        dialog.reject()


def test_conflicts_badge_counts_and_opens_the_view(
    qtbot: QtBot, server: Server, devices: Callable[..., Device]
) -> None:
    rep, manager = devices(server, "a1"), devices(server, "ma")
    customer = rep.add("customer", name="徽章冲突有限公司", city="宁波", tier="B")
    rep.sync()
    manager.sync()
    manager.set("customer", customer, tier="A")
    manager.sync()
    rep.set("customer", customer, tier="C")
    with open_window(qtbot, rep.store) as window:
        widget = window.sync.status_widget
        assert not widget.badge.isVisible()
        sync_and_wait(qtbot, window.sync.controller)
        assert widget.badge.isVisible()
        assert widget.badge.text() == "1 conflict"
        widget.badge.click()
        dialog = window.sync.conflicts_dialog
        assert dialog is not None and dialog.isVisible()
        qtbot.waitUntil(lambda: not dialog.loading)
        assert dialog.conflict_table.rowCount() == 1
        dialog.close()


def test_sync_now_runs_from_the_menu_and_f5_never_two_at_once(
    qtbot: QtBot, server: Server, devices: Callable[..., Device]
) -> None:
    b1 = devices(server, "b1")
    with open_window(qtbot, b1.store) as window:
        controller = window.sync.controller
        started: list[bool] = []
        overlaps: list[bool] = []
        controller.sig_started.connect(lambda: started.append(True))
        controller.sig_started.connect(lambda: overlaps.append(len(started) > len(finished) + 1))
        finished: list[Outcome] = []
        controller.sig_finished.connect(finished.append)

        file_menu = window.menuBar().actions()[0].menu()
        assert isinstance(file_menu, QMenu)
        action = next(a for a in file_menu.actions() if a.text() == "&Sync now")
        assert action.shortcut().toString() == "F5"
        qtbot.keyClick(window, Qt.Key.Key_F5)  # the shortcut
        assert controller.running
        action.trigger()  # asked again while one runs: it follows, it does not overlap
        assert not window.sync.controller.sync_now()
        qtbot.waitUntil(lambda: len(finished) == 2, timeout=SYNC_TIMEOUT)
        assert len(started) == 2
        assert not any(overlaps)
        assert all(outcome.ok for outcome in finished)


def test_a_burst_of_local_edits_sends_one_background_sync(
    qtbot: QtBot, server: Server, devices: Callable[..., Device]
) -> None:
    a2 = devices(server, "a2")
    a2.sync()
    with open_window(qtbot, a2.store) as window:
        scheduler = window.sync.scheduler
        scheduler.edit_timer.setInterval(300)  # a few seconds in the app
        scheduler.start(first_sync=False)
        finished: list[Outcome] = []
        window.sync.controller.sig_finished.connect(finished.append)
        ids = [a2.add("customer", name=f"连续编辑{n}有限公司", city="青岛") for n in range(3)]
        qtbot.wait(100)
        assert not finished  # not at once: after the burst
        qtbot.waitUntil(lambda: bool(finished), timeout=SYNC_TIMEOUT)
        qtbot.wait(600)
        assert len(finished) == 1 and finished[0].ok
        on_server = server_rows(server, "customer")
        assert all(str(i) in on_server for i in ids)
        wait_status(qtbot, window.sync.controller)
        assert window.sync.status_widget.state == "synced"
        scheduler.stop()


def test_the_timer_syncs_every_few_minutes_as_set(
    qtbot: QtBot, server: Server, devices: Callable[..., Device]
) -> None:
    b1 = devices(server, "b1")
    with open_window(qtbot, b1.store) as window:
        scheduler = window.sync.scheduler
        window.context.settings.set(settings.SYNC_INTERVAL, 3)
        scheduler.start(first_sync=False)
        assert scheduler.periodic.isActive() and scheduler.periodic.interval() == 3 * 60_000
        outcome = wait_outcome(qtbot, window.sync.controller, scheduler.periodic.timeout.emit)
        assert outcome.ok and not outcome.interactive  # a background sync
        window.context.settings.set(settings.SYNC_INTERVAL, 0)  # 0: no timer
        scheduler.apply_interval()
        assert not scheduler.periodic.isActive()
        scheduler.stop()
