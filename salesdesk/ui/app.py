"""Starting the desktop app: Qt set-up, the window, opening the profile.

The window shows first: Python, Qt and this module's few imports are all it waits for. The
database layer (SQLAlchemy, the store and its migrations) and the first area's page module
are loaded and the profile is opened on a background thread (``ProfileOpener``) while the
window is already on screen, responding; the window then gets the open store
(``MainWindow.attach``) and builds the area it shows.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from salesdesk import gc_policy, paths
from salesdesk.store.errors import StoreError
from salesdesk.store.peek import LOCAL_ROLE, ProfileGuess, peek_profile
from salesdesk.ui import i18n, resources, settings
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.settings import Settings

if TYPE_CHECKING:
    from salesdesk.store.store import Store
    from salesdesk.ui.sync.shell import AppShell

log = logging.getLogger(__name__)

SMOKE_ENV = "SALESDESK_SMOKE_EXIT"
"""Set to 1 for a start-up check (the desktop build's): print ``{"window": "shown"}`` once
the window is on screen, then once its first list has loaded print one JSON line about it
and quit with status 0."""
SMOKE_TIMEOUT_MS = 60_000
OPENING_MODULES = (
    "salesdesk.store.store",
    "salesdesk.ui.context",
    "salesdesk.ui.changes",
    "salesdesk.ui.notifications",
    "salesdesk.ui.sync.window",
    "salesdesk.ui.sync.shell",
)  # what the window needs to work on the store, loaded off the GUI thread


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with SalesDesk's names, icon and style (created once)."""
    existing = QApplication.instance()
    if existing is not None:
        return cast(QApplication, existing)
    # High-DPI: Qt 6 scales by the screen's exact factor (PassThrough rounding) by default.
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName("SalesDesk")
    app.setApplicationName("SalesDesk")
    app.setApplicationDisplayName("SalesDesk")
    app.setWindowIcon(resources.icon("salesdesk"))
    app.setStyleSheet(resources.stylesheet())
    i18n.install(app, i18n.choose_language(Settings().get(settings.LANGUAGE)))
    return app


def build_window(
    store: Store, settings: Settings | None = None, *, frame: MainWindow | None = None
) -> MainWindow:
    """The main window over an open store, with its runner and change bus (``frame``: a
    window already shown, waiting for its store)."""
    from salesdesk.ui.changes import ChangeBus
    from salesdesk.ui.context import AppContext
    from salesdesk.ui.runner import Runner

    if frame is None:
        profile = store.profile
        frame = MainWindow(settings or Settings(), ProfileGuess(profile.role, profile.display_name))
    runner = Runner()
    bus = ChangeBus(store)
    context = AppContext(store, runner, bus, frame.settings)
    runner.setParent(frame)
    bus.setParent(frame)
    frame.attach(context)
    return frame


class ProfileOpener(QObject):
    """Loads the database layer and opens a profile on a thread of its own; tells the GUI
    thread with ``sig_opened(store)`` or ``sig_failed(message)``."""

    sig_opened = Signal(object)
    sig_failed = Signal(str)

    def __init__(self, folder: Path, modules: tuple[str, ...], parent: QObject | None = None):
        super().__init__(parent)
        self.folder = folder
        self.modules = modules
        self.store: Store | None = None
        self._thread = threading.Thread(target=self._open, name="salesdesk-open", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _open(self) -> None:
        try:
            for name in self.modules:
                importlib.import_module(name)
            from salesdesk.store.store import Store

            self.store = Store.open(self.folder)
        except StoreError as exc:
            self.sig_failed.emit(str(exc))
            return
        except Exception:
            log.exception("opening the profile in %s failed", self.folder)
            self.sig_failed.emit(
                QCoreApplication.translate(
                    "App", "An unexpected error stopped SalesDesk from opening %1."
                ).replace("%1", str(self.folder))
            )
            return
        self.sig_opened.emit(self.store)

    def finish(self, *, adopted: bool) -> None:
        """After the event loop: wait for the thread; close a store nobody took (the window
        was closed while the profile was being opened)."""
        self._thread.join()
        if not adopted and self.store is not None:
            self.store.close()


def run(
    data_dir: str | None = None,
    *,
    demo: bool = False,
    demo_customers: int = 2000,
    demo_role: str = "manager",
) -> int:
    """Open the app on a profile; the entry point of ``salesdesk`` and ``salesdesk demo``
    (the demo with its embedded server, signed in as ``demo_role``: manager or rep)."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    app = make_application()
    smoke = bool(os.environ.get(SMOKE_ENV))
    folder = paths.profile_dir(data_dir, demo=demo)
    target = folder
    if demo:  # the demo's server and HTTP client: not loaded for a normal start
        from salesdesk.demo import server_available
        from salesdesk.ui.sync.demo import profile_folder, start_demo

        embedded = server_available()
        target = profile_folder(folder, demo_role) if embedded else folder
    window = MainWindow(Settings(), peek_profile(target) or ProfileGuess(LOCAL_ROLE, ""))
    window.show()
    if smoke:
        QTimer.singleShot(0, lambda: _print_line({"window": "shown"}))
    QTimer.singleShot(0, window.set_shortcuts)  # once the window is on screen
    shown = [a.module for a in window.areas if a.key == window.current_area]
    modules = OPENING_MODULES + tuple(shown)  # with the shown area's page module
    opener = ProfileOpener(target, modules)
    shells: list[AppShell] = []

    def opened(store: Store) -> None:
        from salesdesk.ui.sync.shell import AppShell

        shell = AppShell(store, build_window, frame=window)  # reopened after sign-in or a wipe
        shells.append(shell)
        gc_policy.freeze_startup()  # later full collections skip all that start-up made
        if demo:
            start_demo(shell, folder, role=demo_role, customers=demo_customers, embedded=embedded)
        else:
            shell.start_background()
        if smoke:
            _exit_when_ready(window)

    def failed(message: str) -> None:
        QMessageBox.critical(
            window, QCoreApplication.translate("App", "SalesDesk cannot open your data"), message
        )
        QCoreApplication.exit(1)

    opener.sig_opened.connect(opened)
    opener.sig_failed.connect(failed)
    opener.start()
    code = app.exec()
    opener.finish(adopted=bool(shells))
    if shells:
        shells[0].close()
    return code


def _print_line(line: dict[str, object]) -> None:
    if sys.stdout is not None:  # a windowed build on Windows has no stdout
        print(json.dumps(line, ensure_ascii=False), flush=True)


def _exit_when_ready(window: MainWindow) -> None:
    """SALESDESK_SMOKE_EXIT: report and quit once the window is shown and the customer list
    (built at start, whichever area shows first) has loaded."""
    model = getattr(window.pages.get("customers"), "model", None)

    def report(*_args: object) -> None:
        installed = i18n.installed()
        item = window.navigation.currentItem()
        _print_line(
            {
                "smoke": "ok",
                "area": window.current_area,
                "title": item.text() if item is not None else "",
                "customers": model.rowCount() if model is not None else None,
                "language": installed.language,
                "catalogs": list(installed.catalogs),
                "qt_translations": installed.qt_translations,
            }
        )
        QTimer.singleShot(0, window.close)

    loaded = getattr(model, "sig_loaded", None)
    if loaded is None or not getattr(model, "loading", False):
        QTimer.singleShot(0, report)
    else:
        from PySide6.QtCore import Qt

        loaded.connect(report, Qt.ConnectionType.SingleShotConnection)

    def too_slow() -> None:
        log.error("smoke check: the window was not ready after %d ms", SMOKE_TIMEOUT_MS)
        QCoreApplication.exit(3)

    QTimer.singleShot(SMOKE_TIMEOUT_MS, too_slow)
