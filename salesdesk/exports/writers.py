"""Writing an export file: CSV, Excel or PDF, atomically.

Every format is written to a temporary file in the target's folder and renamed
over the target only when complete (``os.replace``), so a full disk, a bad
path or a crash never leaves half a file, and an existing file is replaced
whole or not at all. Problems a person can fix raise :class:`ExportError`.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO

from salesdesk.exports.document import Document, ExportError, Sheet, cell_text

FORMATS = ("csv", "xlsx", "pdf")
_UMASK = os.umask(0o022)
os.umask(_UMASK)

__all__ = ["FORMATS", "atomic_file", "write", "write_csv", "write_xlsx"]


@contextlib.contextmanager
def atomic_file(target: Path | str) -> Iterator[Path]:
    """A temporary path beside ``target``; renamed to ``target`` when the block succeeds."""
    target = Path(target).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"the folder {folder} does not exist")
    if target.is_dir():
        raise ExportError(f"{target} is a folder; give a file name")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ExportError(_reason(exc, folder)) from None
    os.close(handle)
    temporary = Path(name)
    with contextlib.suppress(OSError):  # mkstemp makes 0600; an export is an ordinary file
        temporary.chmod(0o666 & ~_UMASK)
    try:
        yield temporary
        os.replace(temporary, target)
    except OSError as exc:
        raise ExportError(_reason(exc, target)) from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _reason(exc: OSError, where: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"the disk is full: {where} was not written"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"no permission to write {where}"
    return f"cannot write {where}: {exc.strerror or exc}"


def _sync(handle: IO[bytes] | IO[str]) -> None:
    handle.flush()
    os.fsync(handle.fileno())


def write_csv(document: Document, path: Path) -> None:
    """The first table as CSV in UTF-8 with a BOM (Excel then reads Chinese right)."""
    sheet = document.sheets[0] if document.sheets else Sheet(document.title, (), ())
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(sheet.headers)
        for row in sheet.rows:
            writer.writerow(
                [
                    f"{value:.2f}" if isinstance(value, Decimal) else cell_text(value)
                    for value in row
                ]
            )
        _sync(handle)


_BAD_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _sheet_title(title: str, used: set[str]) -> str:
    base = (title.translate(_BAD_SHEET_CHARS).strip() or "Sheet")[:28]
    name, number = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {number}"
        number += 1
    used.add(name.lower())
    return name


def write_xlsx(document: Document, path: Path) -> None:
    """Every table on a worksheet of its own (numbers stay numbers; money as ¥#,##0.00)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    sheets = list(document.sheets) or [Sheet(document.title, (), ())]
    for index, sheet in enumerate(sheets):
        ws = book.create_sheet(_sheet_title(sheet.title, used))
        ws.append([sheet.title])
        ws["A1"].font = Font(bold=True, size=13)
        if document.subtitle:
            ws.append([document.subtitle])
        for note in sheet.notes:
            ws.append([note])
        ws.append([])
        ws.append(list(sheet.headers))
        header_row = ws.max_row
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
        widths = [len(str(h)) * 2 + 2 for h in sheet.headers]
        for row in sheet.rows:
            values: list[object] = []
            for value in row:
                if isinstance(value, dt.datetime):
                    values.append(value.astimezone().replace(tzinfo=None))
                else:
                    values.append(value)
            ws.append(values)
            for column, value in enumerate(row):
                if column < len(widths):
                    widths[column] = max(widths[column], min(len(cell_text(value)) * 2 + 2, 60))
                cell = ws.cell(row=ws.max_row, column=column + 1)
                if column in sheet.money:
                    cell.number_format = '"¥"#,##0.00'
                elif isinstance(value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        for column, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(column)].width = max(width, 8)
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        if index < len(document.images):
            _add_image(
                ws,
                document.images[index].png,
                f"{get_column_letter(len(sheet.headers) + 2)}{header_row}",
            )
    with path.open("wb") as handle:
        book.save(handle)
        _sync(handle)


def _add_image(ws: object, png: bytes, anchor: str) -> None:
    """Put a chart beside its table; openpyxl needs Pillow for pictures, so without it the
    workbook holds the numbers only."""
    import io

    try:
        from openpyxl.drawing.image import Image as XlImage  # type: ignore[import-untyped]

        image = XlImage(io.BytesIO(png))
    except ImportError:
        return
    ws.add_image(image, anchor)  # type: ignore[attr-defined]


def _write_pdf(document: Document, path: Path) -> None:
    from salesdesk.exports.pdf import write_pdf  # Qt, only when a PDF is wanted

    write_pdf(document, path)


WRITERS: dict[str, Callable[[Document, Path], None]] = {
    "csv": write_csv,
    "xlsx": write_xlsx,
    "pdf": _write_pdf,
}


def write(document: Document, target: Path | str, file_format: str) -> Path:
    """Write ``document`` to ``target`` as ``file_format`` (csv, xlsx or pdf); returns the path."""
    if file_format not in WRITERS:
        raise ExportError(f"unknown format {file_format!r}: use {', '.join(FORMATS)}")
    target = Path(target).expanduser()
    with atomic_file(target) as temporary:
        try:
            WRITERS[file_format](document, temporary)
        except OSError as exc:
            raise ExportError(_reason(exc, target)) from None
    return target
