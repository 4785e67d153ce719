"""The main window: navigation between areas, menus, shortcuts, the status bar."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from salesdesk import __version__
from salesdesk.store.peek import ProfileGuess
from salesdesk.ui import resources, settings
from salesdesk.ui.areas import AREAS, Area
from salesdesk.ui.settings import Settings

if TYPE_CHECKING:  # the database layer is loaded after the window shows (MainWindow.attach)
    from salesdesk.ui.context import AppContext
    from salesdesk.ui.sync.window import WindowSync

NOTICE_MS = 10_000
SERVICES_AFTER_MS = 3_000  # reminders start once the first screen has had the database
RECORD_AREAS = {
    "customer": "customers",
    "visit": "visits",
    "task": "tasks",
    "deal": "deals",
    "report": "reports",
}  # the area that shows each kind of record (``MainWindow.open_record``)


class StatusNotice(QWidget):
    """A message in the status bar, with an optional action button (such as Undo)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setObjectName("notice_text")
        self.button = QPushButton(self)
        self.button.setObjectName("notice_action")
        self.button.setFlat(True)
        self.button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        layout.addStretch(1)  # the action button right after its message, not far off
        self._action: Callable[[], None] | None = None
        self.button.clicked.connect(self._run_action)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)

    def show_message(
        self,
        text: str,
        action_text: str = "",
        action: Callable[[], None] | None = None,
        *,
        error: bool = False,
    ) -> None:
        self.label.setText(text)
        self.label.setProperty("role", "error" if error else "")
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)
        self._action = action
        self.button.setText(action_text)
        self.button.setVisible(action is not None)
        self._timer.start(NOTICE_MS)

    def _run_action(self) -> None:
        action, self._action = self._action, None
        self.clear()
        if action is not None:
            action()

    def clear(self) -> None:
        self.label.clear()
        self.button.hide()
        self._action = None


def _areas_for(role: str) -> list[Area]:
    return [a for a in AREAS if a.available_to(role)]


class Opening(QWidget):
    """An area's place before the store is open (normally for a fraction of a second).

    The message is centred by stretches, not an alignment flag: this module does not touch
    Qt's ``Qt`` namespace, whose first use costs PySide6 ~30 ms of enum set-up before the
    window shows.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("opening")
        self.label = QLabel(self.tr("Opening your data…"), self)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.label)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)


class Pages(Mapping[str, QWidget]):
    """The areas' pages by key; a page is built the first time it is asked for."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.built: dict[str, QWidget] = {}

    def __getitem__(self, key: str) -> QWidget:
        if key not in self._keys():
            raise KeyError(key)
        return self._window._page(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._window.areas)

    def _keys(self) -> list[str]:
        return [area.key for area in self._window.areas]


class MainWindow(QMainWindow):
    """The window, in two steps so it can show before the store is loaded.

    ``MainWindow(settings, guess)`` is the frame: navigation for the guessed user's areas,
    menus, the status bar, the remembered size and area. ``attach(context)`` gives it the
    open store: the sync status and actions, the reminder services, the real user (the
    navigation is corrected if the guess was wrong), and the current area's page. Until
    then the page area says the data is being opened; menus and navigation respond.
    """

    def __init__(self, settings: Settings, guess: ProfileGuess) -> None:
        super().__init__()
        self.settings = settings
        self._context: AppContext | None = None  # set by attach()
        self.sync: WindowSync  # made by attach()
        self.setWindowTitle(self.tr("SalesDesk"))
        self.setWindowIcon(resources.icon("salesdesk"))
        self.notice = StatusNotice(self)
        self.statusBar().addWidget(self.notice, 1)
        self.user_label = QLabel(guess.display_name, self)
        self.user_label.setObjectName("user_label")
        self.statusBar().addPermanentWidget(self.user_label)

        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(22, 22))
        self.navigation.setFixedWidth(168)
        self.navigation.setFrameShape(QListWidget.Shape.NoFrame)
        self.navigation.setSpacing(2)
        self.stack = QStackedWidget(self)
        self.areas: list[Area] = []
        self.pages = Pages(self)
        self.services: dict[str, QObject] = {}
        self._shortcuts: dict[QAction, QKeySequence | QKeySequence.StandardKey] = {}
        self.navigation.currentRowChanged.connect(self._show_row)

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._set_areas(guess.role)
        self._restore()

    def attach(self, context: AppContext) -> None:
        """Work on the open store: the step that needs the database layer."""
        from salesdesk.ui.notifications import DesktopNotifications
        from salesdesk.ui.sync.window import WindowSync

        self._context = context
        context.notifier = self
        context.desktop = DesktopNotifications(self, self)
        self.sync = WindowSync(self)  # sync status, Sync now, sign in/out, conflicts
        self.statusBar().removeWidget(self.user_label)  # the user stays last, after sync
        self.statusBar().addPermanentWidget(self.sync.status_widget)
        self.statusBar().addPermanentWidget(self.user_label)
        self.user_label.show()
        self.sync.add_to_menu(self.file_menu, before=self._sync_anchor)
        profile = context.store.profile
        self.user_label.setText(profile.display_name)
        shown = self.current_area
        if [a.key for a in self.areas] != [a.key for a in _areas_for(profile.role)]:
            self._set_areas(profile.role)
        self.services = {
            area.key: area.service(context, self) for area in self.areas if area.service
        }
        QTimer.singleShot(SERVICES_AFTER_MS, self, self._start_services)
        for action in self._store_actions:
            action.setEnabled(True)
        self.set_shortcuts()
        self._show_area_or_first(shown or self.settings.get(settings.CURRENT_AREA))
        self._show_row(self.navigation.currentRow())  # the shown area's page, built now

    @property
    def context(self) -> AppContext:
        if self._context is None:
            raise LookupError("the window has no store yet (MainWindow.attach)")
        return self._context

    @property
    def attached(self) -> bool:
        return self._context is not None

    def _set_areas(self, role: str) -> None:
        """Navigation, page stand-ins and View-menu entries for the areas ``role`` may use."""
        self.navigation.blockSignals(True)
        self.navigation.clear()
        while (stand_in := self.stack.widget(0)) is not None:
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
        for old in self.view_menu.actions():
            self.view_menu.removeAction(old)
            self._shortcuts.pop(old, None)
            old.deleteLater()
        self.areas = _areas_for(role)
        for number, area in enumerate(self.areas, 1):
            self.stack.addWidget(Opening(self))  # stands in until the page is first wanted
            item = QListWidgetItem(resources.icon(area.icon), area.translated_title())
            self.navigation.addItem(item)
            action = QAction(area.translated_title(), self)
            if number <= 9:
                self._shortcuts[action] = QKeySequence(f"Ctrl+{number}")
            action.triggered.connect(lambda _checked=False, key=area.key: self.show_area(key))
            self.view_menu.addAction(action)
        self.navigation.blockSignals(False)

    # ---- menus and shortcuts -------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.file_menu = self.menuBar().addMenu(self.tr("&File"))
        new_customer = QAction(self.tr("&New customer…"), self)
        self._shortcuts[new_customer] = QKeySequence.StandardKey.New
        new_customer.triggered.connect(self._new_customer)
        file_menu.addAction(new_customer)
        recycle_bin = QAction(resources.icon("recycle"), self.tr("&Recycle bin…"), self)
        recycle_bin.triggered.connect(self.show_recycle_bin)
        file_menu.addAction(recycle_bin)
        self._store_actions = (new_customer, recycle_bin)  # enabled once the store is open
        for action in self._store_actions:
            action.setEnabled(False)
        file_menu.addSeparator()
        self._sync_anchor = file_menu.addSeparator()  # the sync actions go above it
        preferences = QAction(self.tr("&Preferences…"), self)
        self._shortcuts[preferences] = QKeySequence.StandardKey.Preferences
        preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        preferences.triggered.connect(self.show_preferences)
        file_menu.addAction(preferences)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        self._shortcuts[quit_action] = QKeySequence.StandardKey.Quit
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.view_menu = self.menuBar().addMenu(self.tr("&View"))  # the areas: _set_areas

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About SalesDesk"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def set_shortcuts(self) -> None:
        """Give the menu actions their shortcuts. The app does it right after the window
        first shows (and ``attach`` at the latest): setting the first one costs PySide6 ~30 ms
        of set-up (the ``Qt`` namespace's enums) that the first paint need not wait for."""
        shortcuts, self._shortcuts = self._shortcuts, {}
        for action, keys in shortcuts.items():
            action.setShortcut(keys)

    def _new_customer(self) -> None:
        from salesdesk.ui.customers.page import CustomersPage

        self.show_area("customers")
        page = self.pages.get("customers")
        if isinstance(page, CustomersPage):
            page.new_customer()

    def show_preferences(self) -> None:
        from salesdesk.ui.preferences import PreferencesDialog, restart_app

        PreferencesDialog(self.settings, self, restart=lambda: restart_app(self)).exec()

    def show_recycle_bin(self) -> None:
        from salesdesk.ui.recycle_bin import RecycleBinDialog

        RecycleBinDialog(self.context, self).exec()  # (its action waits for the store)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About SalesDesk"),
            self.tr("SalesDesk %1\nOffline-first CRM for field sales teams.").replace(
                "%1", __version__
            ),
        )

    # ---- areas ---------------------------------------------------------------------------------
    def _page(self, key: str) -> QWidget:
        """The area's page, built (and put in its place) the first time it is wanted."""
        built = self.pages.built.get(key)
        if built is not None:
            return built
        index = [a.key for a in self.areas].index(key)
        page = self.areas[index].build(self.context)
        page.setObjectName(f"page_{key}")
        stand_in = self.stack.widget(index)
        showing = self.stack.currentIndex() == index
        self.stack.insertWidget(index, page)
        if stand_in is not None:
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
        if showing:
            self.stack.setCurrentIndex(index)
        self.pages.built[key] = page
        return page

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.areas):
            if self.attached:
                self._page(self.areas[row].key)
            self.stack.setCurrentIndex(row)

    def _start_services(self) -> None:
        for service in self.services.values():
            start = getattr(service, "start", None)
            if callable(start):
                start()

    def show_area(self, key: str) -> None:
        keys = [a.key for a in self.areas]
        if key in keys:
            self.navigation.setCurrentRow(keys.index(key))

    def open_record(self, entity: str, record_id: uuid.UUID | None = None) -> bool:
        """Show the area that holds ``entity`` records and, given an id, that record — through
        the page's ``open_record(entity, id)``, else its ``open_<entity>(id)`` or
        ``select_<entity>(id)``. False when no area here holds such records."""
        key = RECORD_AREAS.get(entity, "")
        page = self.pages.get(key)
        if page is None:
            return False
        self.show_area(key)
        if record_id is None:
            return True
        opener = getattr(page, "open_record", None)
        if callable(opener):
            return bool(opener(entity, record_id))
        for name in (f"open_{entity}", f"select_{entity}"):
            show = getattr(page, name, None)
            if callable(show):
                show(record_id)
                break
        return True

    @property
    def current_area(self) -> str:
        row = self.navigation.currentRow()
        return self.areas[row].key if 0 <= row < len(self.areas) else ""

    # ---- notices (the Notifier protocol) -------------------------------------------------------
    def notify(
        self, message: str, action_text: str = "", action: Callable[[], None] | None = None
    ) -> None:
        self.notice.show_message(message, action_text, action)

    def show_error(self, message: str) -> None:
        self.notice.show_message(message, error=True)

    # ---- remembering the layout ----------------------------------------------------------------
    def _restore(self) -> None:
        store = self.settings
        geometry = store.get(settings.WINDOW_GEOMETRY)
        if geometry.isEmpty():
            self.resize(1280, 800)
        else:
            self.restoreGeometry(geometry)
        state = store.get(settings.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        self._show_area_or_first(store.get(settings.CURRENT_AREA))

    def _show_area_or_first(self, key: str) -> None:
        self.show_area(key)
        if self.navigation.currentRow() < 0 and self.areas:
            self.navigation.setCurrentRow(0)

    def save_layout(self) -> None:
        store = self.settings
        store.set(settings.WINDOW_GEOMETRY, self.saveGeometry())
        store.set(settings.WINDOW_STATE, self.saveState())
        store.set(settings.CURRENT_AREA, self.current_area)
        for page in self.pages.built.values():
            save = getattr(page, "save_layout", None)
            if save is not None:
                save()
        store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
