"""The sync corner, the sign-in and sign-out dialogs and the conflicts view, looked at.

Rendered offscreen in Chinese and English (saved as PNGs under
``artifacts/screenshots/sync/<language>/`` for people to look at) and in the
pseudo-locale, where no text may be clipped; in Chinese no English may be
left. The states are made for real against a server (a conflict, a rejected
change, a first sync's progress…), except the moment of a long download,
which is set on the controller to draw it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from salesdesk.ui import i18n, resources
from salesdesk.ui.app import make_application
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.sync.conflicts import ConflictsDialog
from salesdesk.ui.sync.signin import SignInDialog
from salesdesk.ui.sync.signout import SignOutDialog
from sync.client import Phase, SyncProgress
from tests.server.conftest import Server
from tests.syncing import conftest as syncing
from tests.syncing.support import Device
from tests.ui import sync_helpers
from tests.ui.sync_helpers import open_window, sync_and_wait, wait_status
from tests.ui.test_i18n import chinese_leftovers, language
from tests.ui.test_pseudo_locale import clipped
from tests.ui.test_screenshots import distinct_colours, has_cjk_font, screenshot_dir

# Fixtures of the sync tests: servers on loopback, devices, keyrings (tests/syncing/conftest.py).
blank_profile = syncing.blank_profile
devices = syncing.devices
postgres = syncing.postgres
quick_retries = syncing.quick_retries
server = syncing.server
templates = sync_helpers.templates

pytestmark = pytest.mark.gui


class Looker:
    """Saves what it is shown and collects layout and language problems."""

    def __init__(self, qtbot: QtBot, lang: str) -> None:
        self.qtbot = qtbot
        self.lang = lang
        self.folder = screenshot_dir(f"sync/{lang}") if lang != i18n.PSEUDO else None
        if self.folder is not None:
            for old in self.folder.glob("*.png"):
                old.unlink()
        self.problems: list[str] = []
        self.saved: list[str] = []

    def look(self, name: str, widget: QWidget) -> None:
        self.qtbot.wait(30)
        if self.folder is not None:
            image = widget.grab().toImage()
            assert image.save(str(self.folder / f"{name}.png"))
            assert distinct_colours(image, step=3) > 3, f"{name} looks blank"
            self.saved.append(name)
        if self.lang == i18n.PSEUDO:
            self.problems += [f"{name}: {p}" for p in clipped(widget)]
        if self.lang == i18n.CHINESE:
            self.problems += [f"{name}: {p}" for p in chinese_leftovers(widget)]


@contextmanager
def shown(qtbot: QtBot, widget: QWidget) -> Iterator[QWidget]:
    widget.show()
    qtbot.waitExposed(widget)
    try:
        yield widget
    finally:
        widget.close()


def status_bar(window: MainWindow) -> QWidget:
    return window.statusBar()


@pytest.mark.parametrize("lang", [i18n.CHINESE, i18n.ENGLISH, i18n.PSEUDO])
def test_sync_screens_in_each_language(
    qtbot: QtBot,
    server: Server,
    devices: Callable[..., Device],
    lang: str,
) -> None:
    if lang == i18n.CHINESE:
        assert has_cjk_font(), "no CJK font: Chinese would render as boxes (fonts-noto-cjk)"
    i18n.build()
    rep, manager = devices(server, "a1"), devices(server, "ma")
    customer = rep.add("customer", name="华信科技有限公司", city="宁波", tier="B", source="web")
    rep.sync()
    manager.sync()
    manager.set("customer", customer, tier="A")
    manager.sync()
    rep.set("customer", customer, tier="C")
    other = rep.add("customer", name="远航贸易有限公司", city="温州")
    rep.sync()
    server.cli("reassign", "--from", "a1", "--to", "a2", "--customer", str(other))
    rep.add("contact", customer_id=other, name="王建国", mobile="13912345601", title="采购经理")
    looker = Looker(qtbot, lang)
    app = make_application()
    app.setStyleSheet(resources.stylesheet())  # as the app looks (the test app has none)
    try:
        look_at_everything(qtbot, server, devices, rep, looker, lang)
    finally:
        app.setStyleSheet("")
    assert not looker.problems, "\n".join(looker.problems)
    if lang != i18n.PSEUDO:
        assert len(looker.saved) == 11


def look_at_everything(
    qtbot: QtBot,
    server: Server,
    devices: Callable[..., Device],
    rep: Device,
    looker: Looker,
    lang: str,
) -> None:
    with language(lang):
        local = devices(server, "b1", login=False)
        local.add("customer", name="本地客户有限公司", city="杭州")
        with open_window(qtbot, local.store) as window:
            looker.look("status_signed_out", status_bar(window))
            window.sync.sign_in_action.trigger()
            dialog = window.sync.sign_in_dialog
            assert isinstance(dialog, SignInDialog)
            qtbot.waitUntil(lambda: not window.context.runner.busy)
            dialog.server.setText(server.url)
            dialog.username.setText("b1")
            dialog.password.setText("wrong-password")
            dialog.submit()
            qtbot.waitUntil(dialog.message.isVisible, timeout=10_000)
            looker.look("sign_in_dialog", dialog)
            dialog.reject()

        with open_window(qtbot, rep.store) as window:
            controller = window.sync.controller
            looker.look("status_never_synced", status_bar(window))
            # the moment of a long first download, drawn
            controller.running = True
            controller._on_progress(SyncProgress(Phase.PULL, 12_400, 150_000))
            looker.look("status_downloading", status_bar(window))
            controller.running = False
            controller.progress = None
            sync_and_wait(qtbot, controller)
            looker.look("status_synced_with_badge", status_bar(window))

            window.sync.show_conflicts()
            conflicts = window.sync.conflicts_dialog
            assert isinstance(conflicts, ConflictsDialog)
            qtbot.waitUntil(lambda: not conflicts.loading)
            looker.look("conflicts", conflicts)
            conflicts.tabs.setCurrentIndex(1)
            looker.look("rejected_changes", conflicts)
            conflicts.close()

            rep.add("task", title="回访华信科技", priority="high")
            window.sync.controller.reachable = False
            controller.refresh_status()
            wait_status(qtbot, controller)
            looker.look("status_offline", status_bar(window))
            controller.reachable = True

            window.sync.sign_out_action.trigger()
            sign_out = window.sync.sign_out_dialog
            assert isinstance(sign_out, SignOutDialog)
            sign_out.wipe.setChecked(True)
            sign_out._warn(3, None)
            looker.look("sign_out_warning", sign_out)
            sign_out.reject()

            window.sync.ask_password("")
            password = window.sync.password_dialog
            assert password is not None
            looker.look("password_dialog", password)
            password.reject()
            looker.look("window", window)
