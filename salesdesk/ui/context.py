"""What every screen gets: the store, the background runner, the change bus, settings,
and a way to tell the user something (with an optional action such as Undo)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from salesdesk.store.store import Store
from salesdesk.ui.changes import ChangeBus
from salesdesk.ui.runner import Runner
from salesdesk.ui.settings import Settings

if TYPE_CHECKING:
    from salesdesk.ui.notifications import DesktopNotifications

log = logging.getLogger(__name__)


class Notifier(Protocol):
    def notify(
        self, message: str, action_text: str = "", action: Callable[[], None] | None = None
    ) -> None:
        """Show a short message; with an action, offer it as a button (e.g. Undo)."""

    def show_error(self, message: str) -> None:
        """Tell the user something failed, in plain words."""


class LogNotifier:
    """Messages to the log: the notifier before (or without) a main window."""

    def notify(
        self, message: str, action_text: str = "", action: Callable[[], None] | None = None
    ) -> None:
        log.info("%s", message)

    def show_error(self, message: str) -> None:
        log.warning("%s", message)


@dataclasses.dataclass
class AppContext:
    store: Store
    runner: Runner
    bus: ChangeBus
    settings: Settings
    notifier: Notifier = dataclasses.field(default_factory=LogNotifier)
    desktop: DesktopNotifications | None = None  # reminders; set up by the main window
