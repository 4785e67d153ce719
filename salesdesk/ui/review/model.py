"""The review list's table model: one row per rep and report due in the span.

A team of ten has about 220 daily reports a month, so the model holds the rows
(``store.review.ReviewRow``) the database thread computed; the newest load wins.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from salesdesk.domain.review import ReviewStatus
from salesdesk.store.review import ReviewRow
from salesdesk.ui import timefmt
from salesdesk.ui.labels import QT_TRANSLATE_NOOP
from salesdesk.ui.reports import names as report_names
from salesdesk.ui.reports.model import stars
from salesdesk.ui.review import names

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("rep", "kind", "period", "status", "submitted", "read", "score", "comments")
HEADERS = {
    "rep": QT_TRANSLATE_NOOP("ReviewTableModel", "Rep"),
    "kind": QT_TRANSLATE_NOOP("ReviewTableModel", "Report"),
    "period": QT_TRANSLATE_NOOP("ReviewTableModel", "Period"),
    "status": QT_TRANSLATE_NOOP("ReviewTableModel", "Status"),
    "submitted": QT_TRANSLATE_NOOP("ReviewTableModel", "Submitted"),
    "read": QT_TRANSLATE_NOOP("ReviewTableModel", "Read"),
    "score": QT_TRANSLATE_NOOP("ReviewTableModel", "Score"),
    "comments": QT_TRANSLATE_NOOP("ReviewTableModel", "Comments"),
}
ERROR_COLOUR = QColor("#d93025")  # the error role of app.qss: not submitted, late
WARNING_COLOUR = QColor("#9a6700")  # the warning role: not received yet

FILTERS = ("all", "not_reported", "late", "unread", "unrated")


def matches(row: ReviewRow, shown: str) -> bool:
    """Whether a row passes the list's status filter."""
    if shown == "not_reported":
        return row.status in (ReviewStatus.MISSING, ReviewStatus.NOT_RECEIVED)
    if shown == "late":
        return row.status == ReviewStatus.LATE
    if shown == "unread":
        return row.status.reported and row.read_at is None
    if shown == "unrated":
        return row.status.reported and row.score is None
    return True


class ReviewTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[ReviewRow] = []
        self._rows: list[ReviewRow] = []  # those the filter lets through
        self.kind = ""
        self.shown = "all"
        self.me: object = None  # the signed-in user: their own reports are never "unread"

    def set_rows(self, rows: list[ReviewRow]) -> None:
        self._all = list(rows)
        self._refilter()

    def set_filter(self, kind: str, shown: str) -> None:
        """Show only reports of ``kind`` ("" for all) that pass the status filter ``shown``."""
        self.kind, self.shown = kind, shown
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self._rows = [
            row
            for row in self._all
            if (not self.kind or row.kind == self.kind) and matches(row, self.shown)
        ]
        self.endResetModel()

    def row(self, number: int) -> ReviewRow:
        return self._rows[number]

    def rows(self) -> list[ReviewRow]:
        return list(self._rows)

    def find(self, row: ReviewRow) -> int | None:
        """The row number (as shown) of the same rep, kind and period."""
        for number, other in enumerate(self._rows):
            if (other.rep_id, other.kind, other.period) == (row.rep_id, row.kind, row.period):
                return number
        return None

    # ---- the model interface -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[COLUMNS[section]])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == "status":
            return names.explanation(row) or None
        if role == Qt.ItemDataRole.ForegroundRole and column == "status":
            if row.status in (ReviewStatus.MISSING, ReviewStatus.LATE):
                return ERROR_COLOUR
            if row.status == ReviewStatus.NOT_RECEIVED:
                return WARNING_COLOUR
        if role == Qt.ItemDataRole.FontRole and self._unread(row):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _unread(self, row: ReviewRow) -> bool:
        return row.status.reported and row.read_at is None and row.rep_id != self.me

    def _text(self, row: ReviewRow, column: str) -> str:
        if column == "rep":
            return row.rep_name
        if column == "kind":
            return report_names.kind_name(row.kind)
        if column == "period":
            return row.period.code
        if column == "status":
            return names.status_text(row)
        if column == "submitted":
            return timefmt.format_datetime(row.submitted_at)
        if column == "read":
            if not row.status.reported or row.rep_id == self.me:
                return ""
            return self.tr("Read") if row.read_at is not None else self.tr("Unread")
        if column == "score":
            return stars(row.score)
        if column == "comments":
            return str(row.comments) if row.comments else ""
        return ""
