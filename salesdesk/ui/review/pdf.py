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
    lose their text mapping in Qt's PDF output. Qt maps each glyph back to the lowest
    code point that uses it, so an ideograph that shares its glyph with a Kangxi radical
    (用 and ⽤) is extracted as the radical: the same character after Unicode NFKC
    normalisation, which PDF viewers' search generally applies.
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
    return path


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
