"""PDF exports through Qt: a ``QTextDocument`` (HTML tables, text, chart images) printed on a
``QPdfWriter`` (A4, 300 dpi), with a font that has Chinese glyphs.

The only module of ``salesdesk.exports`` that imports Qt, and only QtGui; imported when a
PDF is written. Without a running Qt application (the CLI) a ``QGuiApplication`` is created,
offscreen on a Linux box without a display.
"""

from __future__ import annotations

import html
import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from salesdesk.exports.document import Document, ExportError, cell_text

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "SimSun",
    "Noto Serif CJK SC",
)

_app: QGuiApplication | None = None  # made here when no Qt application runs (the CLI)


def _application() -> None:
    global _app  # noqa: PLW0603  (one application per process, kept alive)
    if QGuiApplication.instance() is not None:
        return
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication  # a widgets app: whoever comes later may need one

    _app = QApplication([sys.argv[0] if sys.argv else "salesdesk"])


def cjk_font(point_size: float = 9.5) -> QFont:
    """A font that shows Chinese: the first installed of :data:`CJK_FAMILIES`."""
    installed = set(QFontDatabase.families())
    families = [f for f in CJK_FAMILIES if f in installed]
    font = QFont()
    if families:
        font.setFamilies(families)
    font.setPointSizeF(point_size)
    return font


def document_html(document: Document) -> str:
    """The export as HTML for QTextDocument (tables, text, images named ``chart-N``)."""
    esc = html.escape
    parts = [
        "<html><body>",
        f"<h2>{esc(document.title)}</h2>",
    ]
    if document.subtitle:
        parts.append(f"<p style='color:#555'>{esc(document.subtitle)}</p>")
    for index, image in enumerate(document.images):
        parts.append(f"<p><b>{esc(image.caption)}</b><br/><img src='chart-{index}'/></p>")
    for sheet in document.sheets:
        parts.append(f"<h3>{esc(sheet.title)}</h3>")
        parts.extend(f"<p>{esc(note)}</p>" for note in sheet.notes)
        parts.append(
            "<table border='1' cellspacing='0' cellpadding='4' width='100%' "
            "style='border-collapse:collapse; border-color:#999'>"
        )
        parts.append(
            "<tr>"
            + "".join(f"<th bgcolor='#e8e8e8'>{esc(str(h))}</th>" for h in sheet.headers)
            + "</tr>"
        )
        for row in sheet.rows:
            cells = []
            for column, value in enumerate(row):
                text = esc(cell_text(value, money=column in sheet.money))
                align = " align='right'" if not isinstance(value, str) else ""
                cells.append(f"<td{align}>{text}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</table>")
    for section in document.sections:
        parts.append(f"<h3>{esc(section.heading)}</h3>")
        parts.extend(
            f"<p>{esc(paragraph).replace(chr(10), '<br/>')}</p>" for paragraph in section.paragraphs
        )
    parts.append("</body></html>")
    return "".join(parts)


def write_pdf(document: Document, path: Path) -> None:
    """Print ``document`` to a PDF file at ``path`` (A4 portrait)."""
    _application()
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle(document.title)
    writer.setCreator("SalesDesk")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    text = QTextDocument()
    text.setDefaultFont(cjk_font())
    # Laid out in points (what font sizes are in); print_() scales to the writer's resolution.
    page = writer.pageLayout().paintRect(QPageLayout.Unit.Point)
    text.setPageSize(QSizeF(page.width(), page.height()))
    for index, image in enumerate(document.images):
        picture = QImage()
        if not picture.loadFromData(QByteArray(image.png), "PNG"):
            raise ExportError(f"the chart {image.caption!r} could not be read")
        fitted = picture.scaledToWidth(
            min(picture.width(), int(text.pageSize().width() * 0.95)),
        )
        text.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"chart-{index}"), fitted)
    text.setHtml(document_html(document))
    text.print_(writer)
    del writer  # finishes the file
    if not path.exists() or path.stat().st_size == 0:
        raise ExportError(f"the PDF {path.name} could not be written")
