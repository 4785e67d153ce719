"""Icons and style sheets from the ``resources`` package (importlib.resources)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtGui import QIcon, QPixmap

LINE_COLOUR = b"#6b7785"
"""The grey the line icons are drawn in; on a selected (highlighted) item they are white."""


@cache
def icon(name: str) -> QIcon:
    """An icon from resources/icons/<name>.svg, with a white variant for selected items (the
    grey lines would vanish on the highlight colour)."""
    data = (resources.files("resources") / "icons" / f"{name}.svg").read_bytes()
    pixmap = QPixmap()
    pixmap.loadFromData(data, "SVG")
    result = QIcon(pixmap)
    if LINE_COLOUR in data:
        selected = QPixmap()
        selected.loadFromData(data.replace(LINE_COLOUR, b"#ffffff"), "SVG")
        result.addPixmap(selected, QIcon.Mode.Selected)
    return result


def stylesheet() -> str:
    return (resources.files("resources") / "styles" / "app.qss").read_text(encoding="utf-8")
