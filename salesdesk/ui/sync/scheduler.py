"""When SalesDesk syncs by itself: at start, every few minutes, after edits, when online again.

:class:`SyncScheduler` only decides *when*; the :class:`SyncController` runs
the sync (one at a time) and a sync asked for while one runs happens right
after it. Nothing here blocks: every trigger is a Qt timer or signal.

* **start**: shortly after the window shows (``start``); this first sync may
  ask for the password when the sign-in could not be kept (no keyring);
* **every few minutes**: the ``sync/interval_minutes`` setting (0: never);
* **after local edits**: a few seconds after the last edit of a burst
  (``ChangeSet.source == "local"``), so typing a form sends one sync;
* **when the network returns**: through ``QNetworkInformation``
  (reachability) when a backend can be loaded; where none can (some
  offscreen or minimal systems) the timer alone catches up.

A background sync never opens a dialog, except the password prompt of the
first one; its errors show in the status bar.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtNetwork import QNetworkInformation

from salesdesk.store.store import ChangeSet
from salesdesk.ui import settings
from salesdesk.ui.context import AppContext
from salesdesk.ui.sync.controller import SyncController

log = logging.getLogger(__name__)

START_DELAY_MS = 1500  # let the window paint its first screen before the network starts
EDIT_DELAY_MS = 5000  # after the last local edit of a burst
RETURN_DELAY_MS = 2000  # after the network comes back (links flap)

_network: list[QNetworkInformation | None] = []  # loaded once per process


def network_information() -> QNetworkInformation | None:
    """The reachability backend, loaded on first use; None where no backend exists."""
    if not _network:
        instance: QNetworkInformation | None = None
        try:
            if QNetworkInformation.availableBackends() and (
                QNetworkInformation.instance() is not None
                or QNetworkInformation.loadBackendByFeatures(
                    QNetworkInformation.Feature.Reachability
                )
            ):
                instance = QNetworkInformation.instance()
        except RuntimeError:  # no usable backend on this system
            log.info("no network information backend: syncing on the timer only")
        _network.append(instance)
    return _network[0]


def is_online(reachability: QNetworkInformation.Reachability) -> bool | None:
    """Online, offline, or None when the backend does not know."""
    Reachability = QNetworkInformation.Reachability  # noqa: N806
    if reachability == Reachability.Unknown:
        return None
    return reachability in (Reachability.Online, Reachability.Site, Reachability.Local)


class SyncScheduler(QObject):
    def __init__(
        self,
        controller: SyncController,
        context: AppContext,
        parent: QObject | None = None,
        *,
        edit_delay_ms: int = EDIT_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.context = context
        self.started = False
        self._listening = False
        self.start_timer = self._timer(START_DELAY_MS, self._first_sync)
        self.edit_timer = self._timer(edit_delay_ms, self._after_edits)
        self.return_timer = self._timer(RETURN_DELAY_MS, self._network_returned)
        self.periodic = QTimer(self)
        self.periodic.timeout.connect(self._periodic)
        self.network = network_information()
        context.bus.sig_changed.connect(self._on_changes)

    def _timer(self, interval: int, slot: object) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

    # ---- starting and stopping -----------------------------------------------------------------
    def start(self, *, delay_ms: int | None = None, first_sync: bool = True) -> None:
        """Begin syncing by itself: a first sync after ``delay_ms``, then on the timers."""
        if self.started:
            return
        self.started = True
        if delay_ms is not None:
            self.start_timer.setInterval(delay_ms)
        if first_sync:
            self.start_timer.start()
        self.apply_interval()
        if self.network is not None:
            self.network.reachabilityChanged.connect(self.reachability_changed)
            self._listening = True
            self.controller.set_network_online(is_online(self.network.reachability()))

    def apply_interval(self) -> None:
        """(Re)start the periodic timer from the setting."""
        minutes = self.context.settings.get(settings.SYNC_INTERVAL)
        if self.started and minutes > 0:
            self.periodic.start(minutes * 60_000)
        else:
            self.periodic.stop()

    def stop(self) -> None:
        self.started = False
        for timer in (
            self.start_timer,
            self.edit_timer,
            self.return_timer,
            self.periodic,
        ):
            timer.stop()
        if self.network is not None and self._listening:
            self.network.reachabilityChanged.disconnect(self.reachability_changed)
            self._listening = False

    # ---- triggers ------------------------------------------------------------------------------
    def _first_sync(self) -> None:
        self._sync(ask_password=True)

    def _periodic(self) -> None:
        self._sync()

    def _on_changes(self, changes: ChangeSet) -> None:
        if not self.started or changes.source != "local" or not self.controller.signed_in:
            return
        self.edit_timer.start()  # restarted by each edit: one sync after a burst

    def _after_edits(self) -> None:
        self._sync()

    def reachability_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        online = is_online(reachability)
        was_offline = self.controller.offline
        self.controller.set_network_online(online)
        if online and was_offline and self.started:
            self.return_timer.start()

    def _network_returned(self) -> None:
        self._sync()

    def _sync(self, *, ask_password: bool = False) -> None:
        if not self.started:
            return
        if self.controller.status is not None and not self.controller.signed_in:
            return
        self.controller.sync_now(interactive=False, ask_password=ask_password)
