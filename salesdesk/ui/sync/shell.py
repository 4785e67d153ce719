"""The open profile and its main window, for the whole run of the app.

A window's areas and pages are built for one user. Two things change the user
under a running window, and the shell rebuilds it each time:

* **signing in** (or the server changing the user's role or team): the store
  stays open, a new window is built over it and the old one closes;
* **wiping the local copy** at sign-out: the old window stops first (its
  runner finishes, so no query can touch the database any more), the files
  are deleted, a fresh local profile is created in the same folder, and a new
  window opens over it with a notice. Nothing goes on using the deleted store.

The shell also owns the demo's embedded server (``salesdesk demo``), which
outlives windows, and stops everything when the app ends.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal

from salesdesk.store.store import Store
from salesdesk.ui.sync.signout import wipe_local_copy
from salesdesk.ui.sync.window import REOPEN_WIPED

if TYPE_CHECKING:
    from salesdesk.ui.main_window import MainWindow
    from salesdesk.ui.sync.demo import DemoServer

log = logging.getLogger(__name__)


class BuildWindow(Protocol):
    def __call__(self, store: Store, *, frame: MainWindow | None = None) -> MainWindow:
        """A main window over ``store`` (``frame``: a shown window still waiting for one)."""


class AppShell(QObject):
    sig_window_changed = Signal(object)  # the new MainWindow

    def __init__(
        self,
        store: Store,
        build: BuildWindow,
        parent: QObject | None = None,
        *,
        frame: MainWindow | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.folder = Path(store.path).parent
        self.build = build
        self.demo: DemoServer | None = None
        self.background = True  # start background syncs in each new window
        self.window = self._make_window(store, frame)

    def _make_window(self, store: Store, frame: MainWindow | None = None) -> MainWindow:
        window = self.build(store, frame=frame)
        window.sync.reopen_handler = self.reopen
        if self.demo is not None:
            self.demo.prepare(window)
        return window

    def show(self) -> None:
        self.window.show()

    def start_background(self, *, delay_ms: int | None = None) -> None:
        if self.background:
            self.window.sync.start_background(delay_ms=delay_ms)

    # ---- reopening -----------------------------------------------------------------------------
    def reopen(self, reason: str) -> MainWindow:
        """Close the current window and open a new one (over a fresh profile after a wipe)."""
        old = self.window
        geometry = old.saveGeometry()
        area = old.current_area
        self._stop(old)
        if reason == REOPEN_WIPED:
            wipe_local_copy(self.store)
            self.store = Store.open(self.folder)
        window = self._make_window(self.store)
        window.restoreGeometry(geometry)
        window.show_area(area)
        window.show()
        self.window = window
        old.close()
        old.deleteLater()
        if reason == REOPEN_WIPED:
            window.notify(
                QCoreApplication.translate(
                    "AppShell", "You are signed out and the data on this computer was deleted."
                )
            )
        else:
            window.notify(
                QCoreApplication.translate(
                    "AppShell", "Signed in as %1: your areas are shown."
                ).replace("%1", self.store.profile.display_name)
            )
        self.start_background(delay_ms=0 if reason != REOPEN_WIPED else None)
        self.sig_window_changed.emit(window)
        return window

    def _stop(self, window: MainWindow) -> None:
        """Stop a window's background work and wait for it (nothing uses the store after)."""
        window.sync.shutdown()
        window.context.runner.shutdown()
        window.context.bus.close()

    # ---- the end -------------------------------------------------------------------------------
    def close(self) -> None:
        """At exit: stop the window's work, the demo server, and close the store."""
        self._stop(self.window)
        if self.demo is not None:
            self.demo.stop()
        self.store.close()
