from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QImage
from pytestqt.qtbot import QtBot

from salesdesk.ui import resources
from salesdesk.ui.main_window import MainWindow


def test_window_opens_on_today(window: MainWindow) -> None:
    assert window.current_area == "today"


def test_pages_are_built_when_first_shown(qtbot: QtBot, window: MainWindow) -> None:
    """Starting builds only the area shown; another area's page is built when it is opened."""
    assert set(window.pages.built) == {"today"}
    window.show_area("visits")
    assert set(window.pages.built) == {"today", "visits"}
    page = window.pages.built["visits"]
    assert window.stack.currentWidget() is page and page.isVisible()


def _light_pixels(image: QImage) -> int:
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 128 and image.pixelColor(x, y).lightness() > 230
    )


def test_a_selected_navigation_icon_is_drawn_white(qtbot: QtBot, window: MainWindow) -> None:
    """The grey line icons would vanish on the selection's highlight colour."""
    icon = resources.icon("customers")
    normal = icon.pixmap(QSize(24, 24), QIcon.Mode.Normal).toImage()
    selected = icon.pixmap(QSize(24, 24), QIcon.Mode.Selected).toImage()
    assert _light_pixels(normal) == 0
    assert _light_pixels(selected) > 20
