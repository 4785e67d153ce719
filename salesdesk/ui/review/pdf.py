"""The team's reports as a PDF (A4): one report after another with its figures, written
sections, score and comments, in real (searchable, copyable) text with a Chinese font.

:func:`export_reports_pdf` needs no window: the command line calls it too. It needs a Qt
GUI application for fonts; :func:`ensure_application` makes an offscreen one when there is
none (a script or the CLI). Rendering uses ``QTextDocument`` and ``QPdfWriter``.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QRawFont,
    QTextDocument,
)

from salesdesk.domain.periods import Period, PeriodKind, local_date
from salesdesk.domain.schema import utcnow
from salesdesk.store.reports import local_zone
from salesdesk.store.review import ExportedReport, reports_for_export
from salesdesk.store.store import Store
from salesdesk.ui import timefmt
from salesdesk.ui.reports import names as report_names
from salesdesk.ui.reports.model import stars
from salesdesk.ui.targets.period_bar import period_text

CONTEXT = "ReviewPdf"
PREFERRED_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "SimSun",
)
_made: list[QGuiApplication] = []  # the application made here, kept alive


def ensure_application() -> QCoreApplication:
    """The running Qt application, or a new offscreen GUI one (fonts need one)."""
    existing = QCoreApplication.instance()
    if existing is not None:
        return existing
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _made.append(QGuiApplication([]))
    return _made[-1]


LATIN_FONTS = ("Arial", "Helvetica", "Segoe UI", "DejaVu Sans", "Liberation Sans")


def chinese_font(point_size: float = 10.0) -> QFont:
    """A font for the document: a Latin family for letters and digits, then one with
    Simplified Chinese glyphs (a well-known one when installed).

    Letters and digits come from the Latin family because some CJK fonts' Latin glyphs
    lose their text mapping in Qt's PDF output (see also :func:`fix_text_mapping`).
    """
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    cjk = next((f for f in PREFERRED_FONTS if f in chinese), None)
    if cjk is None:
        cjk = next((f for f in chinese if "CJK" in f), chinese[0] if chinese else "")
    latin_families = set(QFontDatabase.families(QFontDatabase.WritingSystem.Latin))
    latin = next((f for f in LATIN_FONTS if f in latin_families), "")
    font = QFont()
    font.setFamilies([f for f in (latin, cjk) if f])
    font.setPointSizeF(point_size)
    return font


def _text(value: str) -> str:
    return html.escape(value).replace("\n", "<br/>")


def _report_html(item: ExportedReport, first_of_author: bool, first: bool) -> str:
    report = item.report
    parts: list[str] = []
    style = ' style="page-break-before: always"' if first_of_author and not first else ""
    title = " · ".join(
        x
        for x in (
            item.author_name,
            report_names.kind_name(item.kind),
            report_names.period_text(item.period),
        )
        if x
    )
    parts.append(f"<h2{style}>{_text(title)}</h2>")
    meta = []
    if report.submitted_at is not None:
        meta.append(
            QCoreApplication.translate("ReviewPdf", "Submitted %1").replace(
                "%1", timefmt.format_datetime(report.submitted_at)
            )
        )
    if item.on_time is not None:
        meta.append(
            QCoreApplication.translate("ReviewPdf", "on time")
            if item.on_time
            else QCoreApplication.translate("ReviewPdf", "late")
        )
    if item.deadline is not None:
        meta.append(
            QCoreApplication.translate("ReviewPdf", "deadline %1").replace(
                "%1", timefmt.format_datetime(item.deadline)
            )
        )
    if item.template_name:
        meta.append(
            QCoreApplication.translate("ReviewPdf", "template %1").replace("%1", item.template_name)
        )
    parts.append(f'<p class="meta">{_text(" · ".join(meta))}</p>')
    keys = [k for k in item.figure_keys if k in item.figures]
    keys += [k for k in item.figures if k not in keys]
    if keys:
        cells = "".join(
            f"<td>{_text(report_names.figure_name(key))}<br/><b>"
            f"{_text(report_names.figure_value(key, item.figures[key]))}</b></td>"
            for key in keys
        )
        parts.append(f'<table class="figures" cellpadding="4"><tr>{cells}</tr></table>')
    for section, text in item.section_texts():
        parts.append(f"<h3>{_text(report_names.section_title(section))}</h3>")
        parts.append(f"<p>{_text(text.strip()) if text.strip() else '—'}</p>")
    review = []
    if report.score is not None:
        score = QCoreApplication.translate("ReviewPdf", "Score: %1 (%2 of 5)").replace(
            "%1", stars(report.score)
        )
        score = score.replace("%2", str(report.score))
        if item.reviewer_name:
            score += " · " + item.reviewer_name
        review.append(f"<p>{_text(score)}</p>")
    for comment in item.comments:
        head = f"{comment.author_name} · {timefmt.format_datetime(comment.at)}"
        review.append(f'<p><span class="meta">{_text(head)}</span><br/>{_text(comment.body)}</p>')
    if review:
        parts.append(f"<h3>{_text(QCoreApplication.translate('ReviewPdf', 'Review'))}</h3>")
        parts.extend(review)
    parts.append("<hr/>")
    return "\n".join(parts)


def reports_html(reports: Sequence[ExportedReport], span: Period, made_at: dt.datetime) -> str:
    """The document: a title page header, then each report."""
    head = QCoreApplication.translate("ReviewPdf", "Team reports · %1").replace(
        "%1", period_text(span)
    )
    summary = (
        QCoreApplication.translate("ReviewPdf", "%1 reports · made %2")
        .replace("%1", str(len(reports)))
        .replace("%2", timefmt.format_datetime(made_at))
    )
    body = [
        "<html><head><style>"
        "h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 14px; }"
        "h3 { font-size: 11pt; margin-bottom: 2px; } .meta { color: #555555; }"
        "table.figures td { border: 1px solid #bbbbbb; }"
        "</style></head><body>",
        f"<h1>{_text(head)}</h1>",
        f'<p class="meta">{_text(summary)}</p>',
    ]
    if not reports:
        none = QCoreApplication.translate("ReviewPdf", "No submitted reports in this period.")
        body.append(f"<p>{_text(none)}</p>")
    previous_author: object = object()
    for number, item in enumerate(reports):
        author = item.report.author_id
        body.append(_report_html(item, author != previous_author, number == 0))
        previous_author = author
    body.append("</body></html>")
    return "\n".join(body)


def write_pdf(
    reports: Sequence[ExportedReport],
    span: Period,
    path: Path,
    *,
    made_at: dt.datetime | None = None,
) -> Path:
    """Render ``reports`` to an A4 PDF at ``path`` (on the GUI thread, or without widgets)."""
    ensure_application()
    document = QTextDocument()
    document.setDefaultFont(chinese_font(10))
    document.setHtml(reports_html(reports, span, made_at or utcnow()))
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 16, 18, 16), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(
        QCoreApplication.translate("ReviewPdf", "Team reports · %1").replace(
            "%1", period_text(span)
        )
    )
    writer.setCreator("SalesDesk")
    document.print_(writer)
    del writer  # finishes the file
    fix_text_mapping(path, document.toPlainText(), document.defaultFont())
    return path


# Qt maps each glyph of a PDF font back to the lowest code point that uses it. In CJK fonts an
# ideograph often shares its glyph with a Kangxi radical (用 U+7528 and ⽤ U+2F64, 户 and ⼾),
# so copying or searching the text would find the radical, not the character: "客户" would not
# be found. The radicals' code points come before the ideographs', hence the mix-up.
RADICALS = range(0x2E80, 0x2FE0)  # CJK Radicals Supplement and Kangxi Radicals
_CMAP = re.compile(rb"begincmap.*?endcmap", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f]{4})>")


def radical_mapping(text: str, font: QFont) -> dict[int, int]:
    """For the ideographs in ``text``: the radical code point Qt would write for each (the
    lowest sharing its glyph in the font's CJK families) → the ideograph."""
    ideographs = sorted({ch for ch in text if ord(ch) >= 0x3400 and ord(ch) <= 0xFFFF})
    radicals = "".join(chr(code) for code in RADICALS)
    used = {ord(ch) for ch in text}
    mapping: dict[int, int] = {}
    for family in font.families()[1:] or font.families():
        for weight in (QFont.Weight.Normal, QFont.Weight.Bold):
            raw = QRawFont.fromFont(QFont(family, 10, weight))
            if not raw.isValid() or not ideographs:
                continue
            first: dict[int, int] = {}
            for code, glyph in zip(RADICALS, raw.glyphIndexesForString(radicals), strict=False):
                if glyph:
                    first.setdefault(glyph, code)
            for ch, glyph in zip(
                ideographs, raw.glyphIndexesForString("".join(ideographs)), strict=False
            ):
                radical = first.get(glyph) if glyph else None
                if radical is not None and radical not in used:
                    mapping.setdefault(radical, ord(ch))
    return mapping


def fix_text_mapping(path: Path, text: str, font: QFont) -> int:
    """Make the PDF's text map to the ideographs written, not to radicals sharing their glyphs
    (a same-length change of the fonts' ToUnicode tables); returns how many were changed."""
    mapping = radical_mapping(text, font)
    if not mapping:
        return 0
    changed = 0

    def target(code: bytes) -> bytes:
        nonlocal changed
        found = mapping.get(int(code, 16))
        if found is None:
            return b"<" + code + b">"
        changed += 1
        return f"<{found:04X}>".encode()

    def fix_line(line: bytes, sources: int) -> bytes:
        tokens = list(_HEX.finditer(line))
        if len(tokens) <= sources:
            return line
        start = tokens[sources].start()
        rest = _HEX.sub(lambda m: target(m.group(1)), line[start:])
        return line[:start] + rest

    def fix_cmap(match: re.Match[bytes]) -> bytes:
        lines = match.group(0).split(b"\n")
        sources = 0  # tokens at the start of a line that are glyph codes, not text
        for number, line in enumerate(lines):
            if line.endswith(b"beginbfchar"):
                sources = 1
            elif line.endswith(b"beginbfrange"):
                sources = 2
            elif line.startswith(b"end"):
                sources = 0
            elif sources:
                lines[number] = fix_line(line, sources)
        return b"\n".join(lines)

    data = path.read_bytes()
    fixed = _CMAP.sub(fix_cmap, data)
    if len(fixed) != len(data):  # never: every change keeps four hex digits
        raise AssertionError("the text mapping changed the PDF's length")
    path.write_bytes(fixed)
    return changed


def export_reports_pdf(
    store: Store,
    path: Path | str,
    span: Period | None = None,
    *,
    tz: dt.tzinfo | None = None,
) -> int:
    """Write the submitted reports whose period ends in ``span`` (default: this week — its
    daily reports and the weekly one) to an A4 PDF at ``path``; returns how many."""
    tz = tz or local_zone()
    span = span or Period.containing(PeriodKind.WEEK, local_date(utcnow(), tz))
    reports = reports_for_export(store, span, tz=tz)
    write_pdf(reports, span, Path(path))
    return len(reports)


__all__ = [
    "chinese_font",
    "ensure_application",
    "export_reports_pdf",
    "reports_html",
    "write_pdf",
]
