"""Starting the desktop app: Qt set-up, opening the profile, the main window."""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import cast

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from salesdesk import paths
from salesdesk.store.store import Store, StoreError
from salesdesk.ui import i18n, resources, settings
from salesdesk.ui.changes import ChangeBus
from salesdesk.ui.context import AppContext
from salesdesk.ui.main_window import MainWindow
from salesdesk.ui.runner import Runner
from salesdesk.ui.settings import Settings

log = logging.getLogger(__name__)

SMOKE_ENV = "SALESDESK_SMOKE_EXIT"
"""Set to 1 for a start-up check (the desktop build's): once the window is shown and its
first list has loaded, print one JSON line about it and quit with status 0."""
SMOKE_TIMEOUT_MS = 60_000


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with SalesDesk's names, icon and style (created once)."""
    existing = QApplication.instance()
    if existing is not None:
        return cast(QApplication, existing)
    QApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName("SalesDesk")
    app.setApplicationName("SalesDesk")
    app.setApplicationDisplayName("SalesDesk")
    app.setWindowIcon(resources.icon("salesdesk"))
    app.setStyleSheet(resources.stylesheet())
    i18n.install(app, i18n.choose_language(Settings().get(settings.LANGUAGE)))
    return app


def build_window(store: Store, settings: Settings | None = None) -> MainWindow:
    """The main window over an open store, with its runner and change bus."""
    runner = Runner()
    bus = ChangeBus(store)
    context = AppContext(store, runner, bus, settings or Settings())
    window = MainWindow(context)
    runner.setParent(window)
    bus.setParent(window)
    return window


def run(
    data_dir: str | None = None,
    *,
    demo: bool = False,
    demo_customers: int = 2000,
    demo_role: str = "manager",
) -> int:
    """Open the app on a profile; the entry point of ``salesdesk`` and ``salesdesk demo``
    (the demo with its embedded server, signed in as ``demo_role``: manager or rep)."""
    from salesdesk.demo import server_available
    from salesdesk.ui.sync.shell import AppShell

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    app = make_application()
    folder = paths.profile_dir(data_dir, demo=demo)
    embedded = demo and server_available()
    if demo:  # the demo's server and HTTP client: not loaded for a normal start
        from salesdesk.ui.sync.demo import profile_folder, start_demo
    try:
        store = Store.open(profile_folder(folder, demo_role) if embedded else folder)
    except StoreError as exc:
        QMessageBox.critical(
            None,
            QCoreApplication.translate("App", "SalesDesk cannot open your data"),
            str(exc),
        )
        return 1
    shell = AppShell(store, build_window)  # the window; reopened after sign-in or a wipe
    window = shell.window
    shell.show()
    if demo:
        start_demo(shell, folder, role=demo_role, customers=demo_customers, embedded=embedded)
    else:
        shell.start_background()
    if os.environ.get(SMOKE_ENV):
        _exit_when_ready(window)
    code = app.exec()
    shell.close()
    return code


def _exit_when_ready(window: MainWindow) -> None:
    """SALESDESK_SMOKE_EXIT: report and quit once the window is shown and the customer list
    (built at start, whichever area shows first) has loaded."""
    model = getattr(window.pages.get("customers"), "model", None)

    def report(*_args: object) -> None:
        if sys.stdout is not None:  # a windowed build on Windows has no stdout
            installed = i18n.installed()
            item = window.navigation.currentItem()
            line = {
                "smoke": "ok",
                "area": window.current_area,
                "title": item.text() if item is not None else "",
                "customers": model.rowCount() if model is not None else None,
                "language": installed.language,
                "catalogs": list(installed.catalogs),
                "qt_translations": installed.qt_translations,
            }
            print(json.dumps(line, ensure_ascii=False), flush=True)
        QTimer.singleShot(0, window.close)

    loaded = getattr(model, "sig_loaded", None)
    if loaded is None or not getattr(model, "loading", False):
        QTimer.singleShot(0, report)
    else:
        loaded.connect(report, Qt.ConnectionType.SingleShotConnection)

    def too_slow() -> None:
        log.error("smoke check: the window was not ready after %d ms", SMOKE_TIMEOUT_MS)
        QCoreApplication.exit(3)

    QTimer.singleShot(SMOKE_TIMEOUT_MS, too_slow)
