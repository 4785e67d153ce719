"""Helpers for the GUI tests of sync: main windows over signed-in profiles, waiting for syncs.

The servers, devices and keyrings come from the sync tests' machinery
(``tests/syncing/conftest.py``, ``tests/server/conftest.py``): real
``salesdesk-server`` subprocesses on loopback over SQLite files, populated
with admin; Team A (manager ``ma``, reps ``a1``, ``a2``); Team B (``mb``, ``b1``),
all with ``PASSWORD``. Test modules import the fixtures they use from there.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from salesdesk.store.store import Store
from salesdesk.ui.app import build_window, make_application
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.sync.controller import Outcome, SyncController
from tests.server.conftest import Server, Templates

SYNC_TIMEOUT = 30_000
_templates: list[Templates] = []


@pytest.fixture(scope="session")
def templates(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Templates:
    """The populated server databases (two teams), made once for all the sync GUI test modules
    (each module that imports a session fixture would otherwise make its own)."""
    if not _templates:
        _templates.append(Templates(tmp_path_factory.mktemp("sync-gui-templates"), request))
    return _templates[0]


@contextlib.contextmanager
def open_window(qtbot: QtBot, store: Store) -> Iterator[MainWindow]:
    """A shown main window over ``store``; closed and gone afterwards."""
    make_application()
    window = build_window(store)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    wait_status(qtbot, window.sync.controller)
    try:
        yield window
    finally:
        close_window(qtbot, window)


def close_window(qtbot: QtBot, window: MainWindow) -> None:
    controller = window.sync.controller
    if controller.running:
        controller.cancel()
        qtbot.waitUntil(lambda: not controller.running, timeout=SYNC_TIMEOUT)
    window.close()
    window.context.runner.shutdown()
    window.context.bus.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def wait_status(qtbot: QtBot, controller: SyncController) -> None:
    """Until the controller has read the status (and nothing else waits on the runner)."""
    qtbot.waitUntil(lambda: controller.status is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not controller.context.runner.busy, timeout=10_000)


def sync_and_wait(qtbot: QtBot, controller: SyncController, **kw: object) -> Outcome:
    """Start a sync from the GUI and wait for its outcome (and the status read after it)."""
    outcomes: list[Outcome] = []
    controller.sig_finished.connect(outcomes.append)
    try:
        assert controller.sync_now(**kw), "a sync should have started"  # type: ignore[arg-type]
        qtbot.waitUntil(lambda: bool(outcomes), timeout=SYNC_TIMEOUT)
    finally:
        controller.sig_finished.disconnect(outcomes.append)
    wait_status(qtbot, controller)
    return outcomes[0]


def wait_outcome(qtbot: QtBot, controller: SyncController, start: Callable[[], object]) -> Outcome:
    """Run ``start`` (something that leads to a sync) and wait for that sync's outcome."""
    outcomes: list[Outcome] = []
    controller.sig_finished.connect(outcomes.append)
    try:
        start()
        qtbot.waitUntil(lambda: bool(outcomes), timeout=SYNC_TIMEOUT)
    finally:
        controller.sig_finished.disconnect(outcomes.append)
    wait_status(qtbot, controller)
    return outcomes[0]


def restart(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """Start a stopped server again on its old port (the address the profile signed in to)."""
    port = server.port
    monkeypatch.setattr("tests.server.conftest.free_port", lambda: port)
    server.start()


def gone(widget: QWidget) -> bool:
    """Closed (and maybe deleted: the sync dialogs delete themselves when closed)."""
    return not shiboken6.isValid(widget) or not widget.isVisible()


def modal_dialog() -> QDialog | None:
    widget: QWidget | None = QApplication.activeModalWidget()
    return widget if isinstance(widget, QDialog) else None
