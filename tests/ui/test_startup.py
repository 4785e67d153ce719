"""Starting the app: the window shows before the database layer is loaded, then gets its store.

``salesdesk`` shows a frame (navigation for the user's areas, menus, status bar) at once,
opens the profile on a background thread (``ProfileOpener``) and attaches the window to the
store (``MainWindow.attach``). These tests drive those steps with real profiles and widgets,
and start the real app in a fresh process to check what it imports before its window shows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from salesdesk.store import database
from salesdesk.store.peek import LOCAL_ROLE, ProfileGuess, peek_profile
from salesdesk.store.store import Store
from salesdesk.ui.app import OPENING_MODULES, ProfileOpener, build_window, make_application
from salesdesk.ui.customers.page import CustomersPage
from salesdesk.ui.main_window import MainWindow, Opening
from salesdesk.ui.settings import Settings
from tests.deals_tasks_helpers import add_user, sign_in_as_rep

ROOT = Path(__file__).resolve().parents[2]


def frame(qtbot: QtBot, guess: ProfileGuess) -> MainWindow:
    make_application()
    window = MainWindow(Settings(), guess)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def nav_keys(window: MainWindow) -> list[str]:
    return [area.key for area in window.areas]


def menu_texts(window: MainWindow) -> list[str]:
    return [action.text() for action in window.file_menu.actions()]


def stop(window: MainWindow) -> None:
    window.context.runner.shutdown()
    window.context.bus.close()


def test_peek_reads_the_role_and_name_without_the_store(tmp_path: Path, store: Store) -> None:
    folder = Path(store.path).parent
    assert peek_profile(folder) == ProfileGuess(store.profile.role, store.profile.display_name)
    sign_in_as_rep(store, add_user(store, "李娜"))
    assert peek_profile(folder) == ProfileGuess("rep", store.profile.display_name)
    assert peek_profile(tmp_path / "nothing here") is None
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / database.DB_FILE).write_bytes(b"not a database at all" * 100)
    assert peek_profile(damaged) is None  # the store will say what is wrong; no guess


def test_the_frame_works_before_the_store_and_is_corrected_by_it(
    qtbot: QtBot, store: Store
) -> None:
    sign_in_as_rep(store, add_user(store, "李娜"))
    window = frame(qtbot, ProfileGuess(LOCAL_ROLE, "?"))  # a wrong guess: a manager's areas
    assert not window.attached
    assert "review" in nav_keys(window)
    assert window.current_area == "today"
    shown = window.stack.currentWidget()
    assert isinstance(shown, Opening) and shown.isVisible()
    assert not window.pages.built
    window.show_area("customers")  # the navigation responds while the profile opens
    assert window.current_area == "customers"
    assert isinstance(window.stack.currentWidget(), Opening)
    store_actions = [a for a in window.file_menu.actions() if not a.isEnabled()]
    assert len(store_actions) == 2  # New customer, Recycle bin: they need the store

    build_window(store, frame=window)
    try:
        assert window.attached
        assert nav_keys(window) == [a.key for a in window.areas if a.available_to("rep")]
        assert "review" not in nav_keys(window)
        assert window.current_area == "customers"  # the area chosen while opening is kept
        assert isinstance(window.stack.currentWidget(), CustomersPage)
        assert list(window.pages.built) == ["customers"]
        assert window.user_label.text() == store.profile.display_name
        assert all(action.isEnabled() for action in store_actions)
        texts = menu_texts(window)
        sync_at = texts.index(window.sync.sync_action.text())
        assert texts.index(window.tr("&Recycle bin…")) < sync_at
        assert sync_at < texts.index(window.tr("&Preferences…"))
        assert window.sync.status_widget.isVisible() and window.user_label.isVisible()
        assert window.sync.status_widget.x() < window.user_label.x()  # the user stays last
        view = window.view_menu.actions()
        assert [a.text() for a in view] == [a.translated_title() for a in window.areas]
        assert view[0].shortcut().toString() == "Ctrl+1"
    finally:
        stop(window)


def test_the_opener_loads_the_store_on_its_own_thread(qtbot: QtBot, profile_dir: Path) -> None:
    Store.open(profile_dir).close()
    opener = ProfileOpener(profile_dir, OPENING_MODULES)
    with qtbot.waitSignal(opener.sig_opened, timeout=20_000) as opened:
        opener.start()
    store = opened.args[0]
    assert isinstance(store, Store) and store is opener.store
    window = frame(qtbot, peek_profile(profile_dir) or ProfileGuess(LOCAL_ROLE, ""))
    build_window(store, frame=window)
    try:
        assert window.current_area == "today" and "today" in window.pages.built
    finally:
        stop(window)
        opener.finish(adopted=True)
        store.close()


def test_a_damaged_profile_is_reported_and_left_as_it_was(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    folder.mkdir()
    damaged = folder / database.DB_FILE
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x07" * 8000)
    before = damaged.read_bytes()
    opener = ProfileOpener(folder, OPENING_MODULES)
    with qtbot.waitSignal(opener.sig_failed, timeout=20_000) as failed:
        opener.start()
    opener.finish(adopted=False)
    assert "not a SalesDesk database" in failed.args[0]
    assert opener.store is None
    assert damaged.read_bytes() == before


def test_the_real_app_shows_its_window_before_loading_the_database_layer(
    tmp_path: Path,
) -> None:
    """A fresh process: the modules the window needs do not import SQLAlchemy or the store,
    and ``salesdesk`` reports its window shown, then its first list loaded, and exits 0."""
    probe = (
        "import sys, salesdesk.cli, salesdesk.ui.app; "
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'salesdesk.store'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert loaded.strip() == "['salesdesk.store', 'salesdesk.store.errors', 'salesdesk.store.peek']"

    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "SALESDESK_SMOKE_EXIT": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "salesdesk.cli", "--data-dir", str(tmp_path / "profile")],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines[0] == {"window": "shown"}
    assert lines[1]["smoke"] == "ok" and lines[1]["area"] == "today"
    assert (tmp_path / "profile" / database.DB_FILE).is_file()
