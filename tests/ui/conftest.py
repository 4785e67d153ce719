"""GUI test fixtures: a main window over a fresh profile, driven with pytest-qt."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from salesdesk.store.store import Store
from salesdesk.ui.app import build_window, make_application
from salesdesk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, store: Store) -> Iterator[MainWindow]:
    make_application()
    main = build_window(store)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    yield main
    main.context.runner.shutdown()
    main.context.bus.close()
