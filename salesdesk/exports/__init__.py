"""Exports: tables and documents written to CSV, Excel (.xlsx) and PDF files.

* ``document`` — what an export holds: a :class:`~salesdesk.exports.document.Document` of
  titled :class:`~salesdesk.exports.document.Sheet` tables (and, for PDF, chart images).
* ``writers`` — CSV (UTF-8 with a BOM, so Excel opens Chinese correctly) and .xlsx
  (openpyxl), each written to a temporary file beside the target and renamed into place,
  so a full disk or a bad path never leaves half a file.
* ``pdf`` — PDF through Qt (``QPdfWriter`` + ``QTextDocument``, CJK fonts), imported only
  when a PDF is asked for: nothing else here imports Qt.
* ``sources`` — the documents the CLI exports (customers, leaderboard, a week's reports),
  read from a profile.
"""

from __future__ import annotations

from salesdesk.exports.document import Document, ExportError, Sheet
from salesdesk.exports.writers import FORMATS, write

__all__ = ["FORMATS", "Document", "ExportError", "Sheet", "write"]
