"""The change bus: one Qt signal that tells every view what a commit changed.

The store calls its subscribers on whatever thread committed (the database
worker, the sync engine); the bus re-emits the change set on the GUI thread.
Views look at the change set and decide themselves whether to reload.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot

from salesdesk.store.store import ChangeSet, Store


class ChangeBus(QObject):
    sig_changed = Signal(object)  # ChangeSet, on the GUI thread
    _sig_from_any_thread = Signal(object)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sig_from_any_thread.connect(self._relay, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = store.subscribe(self._sig_from_any_thread.emit)

    @Slot(object)
    def _relay(self, changes: ChangeSet) -> None:
        self.sig_changed.emit(changes)

    def close(self) -> None:
        self._unsubscribe()
