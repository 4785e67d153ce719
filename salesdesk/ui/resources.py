"""Icons and style sheets from the ``resources`` package (importlib.resources)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtGui import QIcon, QPixmap


@cache
def icon(name: str) -> QIcon:
    """An icon from resources/icons/<name>.svg."""
    data = (resources.files("resources") / "icons" / f"{name}.svg").read_bytes()
    pixmap = QPixmap()
    pixmap.loadFromData(data, "SVG")
    return QIcon(pixmap)


def stylesheet() -> str:
    return (resources.files("resources") / "styles" / "app.qss").read_text(encoding="utf-8")
