"""What an export holds: titled tables, optional text blocks and chart images."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

Cell = str | int | Decimal | dt.date | dt.datetime | None
"""A table cell: text, a whole number, an exact decimal, a date or time, or empty."""


class ExportError(Exception):
    """An export that could not be written, in words for people (the target is untouched)."""


@dataclasses.dataclass(frozen=True)
class Sheet:
    """One table: a worksheet in Excel, a table in PDF, the whole file in CSV.

    ``money``: indexes of columns holding yuan (shown with two decimals and
    thousands separators). ``notes``: paragraphs shown under the title (PDF) or
    above the table (Excel).
    """

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    money: frozenset[int] = frozenset()
    notes: Sequence[str] = ()


@dataclasses.dataclass(frozen=True)
class Image:
    """A chart as PNG bytes, with its caption (PDF and Excel put it beside its table)."""

    caption: str
    png: bytes


@dataclasses.dataclass(frozen=True)
class Section:
    """A block of free text (a report's sections, a comment): PDF only; CSV and Excel skip it."""

    heading: str
    paragraphs: Sequence[str]


@dataclasses.dataclass(frozen=True)
class Document:
    """An export: a title, a subtitle (period, when made), tables, text and images."""

    title: str
    subtitle: str = ""
    sheets: Sequence[Sheet] = ()
    sections: Sequence[Section] = ()
    images: Sequence[Image] = ()


def money_text(value: Decimal | None) -> str:
    """Yuan with thousands separators and two decimals (¥12,300.00), for PDF cells."""
    return "" if value is None else f"¥{value:,.2f}"


def cell_text(value: Cell, money: bool = False) -> str:
    """A cell as text (CSV and PDF)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return money_text(value) if money else f"{value}"
    if isinstance(value, dt.datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
