"""The report list's table model: my reports, or the team's (one row per report, any author).

A rep has a few hundred reports a year and a team a few thousand, so the
list holds small summaries (``store.reports.ReportSummary``) queried on the
database thread; the newest query wins.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor

from salesdesk.domain.schema import utcnow
from salesdesk.store import reports as queries
from salesdesk.store.store import ChangeSet
from salesdesk.ui import timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.reports import names

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("period", "kind", "author", "state", "score", "comments")
ERROR_COLOUR = QColor("#d93025")  # the error role of app.qss: late
WARNING_COLOUR = QColor("#9a6700")  # the warning role: a draft past its deadline
RELOAD_DELAY_MS = 250
WATCHED = ("report", "report_comment", "report_template", "user")


def stars(score: int | None) -> str:
    if score is None:
        return ""
    return "★" * score + "☆" * (5 - score)


class ReportListModel(QAbstractTableModel):
    sig_loaded = Signal(int)
    sig_failed = Signal(str)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._rows: list[queries.ReportSummary] = []
        self._query = queries.ReportQuery(author_id=context.store.profile.user_id)
        self._generation = 0
        self.loading = False
        self.active = False  # shown on screen: reload on changes (else when shown again)
        self._stale = True
        self.tz: dt.tzinfo = queries.local_zone()
        self.clock: Callable[[], dt.datetime] = utcnow
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RELOAD_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        context.bus.sig_changed.connect(self._on_changes)

    # ---- loading -------------------------------------------------------------------------------
    @property
    def query(self) -> queries.ReportQuery:
        return self._query

    @property
    def busy(self) -> bool:
        """Loading, or about to reload after a change."""
        return self.loading or self._timer.isActive()

    @property
    def shows_authors(self) -> bool:
        return self._query.author_id is None

    def set_active(self, active: bool) -> None:
        """Follow changes while the list is on screen; catch up when it comes back."""
        self.active = active
        if not active:
            self._timer.stop()
        elif self._stale:
            self.reload()

    def set_query(self, query: queries.ReportQuery) -> None:
        if query != self._query:
            self._query = query
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
            self.reload()

    def reload(self) -> None:
        self._timer.stop()
        self._stale = False
        self._generation += 1
        generation = self._generation
        store, query, now, tz = self._context.store, self._query, self.clock(), self.tz
        self.loading = True
        self._context.runner.db(
            lambda: queries.list_reports(store, query, now=now, tz=tz),
            done=lambda rows: self._loaded(generation, rows),
            failed=lambda exc: self._failed(generation, exc),
        )

    def _loaded(self, generation: int, rows: list[queries.ReportSummary]) -> None:
        if generation != self._generation:
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        self.loading = False
        self.sig_loaded.emit(len(rows))

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.loading = False
            self.sig_failed.emit(str(exc))

    def _on_changes(self, changes: ChangeSet) -> None:
        if not changes.touches(*WATCHED):
            return
        if self.active:
            self._timer.start()
        else:
            self._stale = True

    # ---- lookups -------------------------------------------------------------------------------
    def summary(self, row: int) -> queries.ReportSummary:
        return self._rows[row]

    def row_of(self, report_id: uuid.UUID | None) -> int | None:
        for row, summary in enumerate(self._rows):
            if summary.id == report_id:
                return row
        return None

    # ---- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            "period": self.tr("Period"),
            "kind": self.tr("Kind"),
            "author": self.tr("Author"),
            "state": self.tr("Status"),
            "score": self.tr("Rating"),
            "comments": self.tr("Comments"),
        }[COLUMNS[section]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        if role == Qt.ItemDataRole.ForegroundRole and key == "state":
            if row.state == "late":
                return ERROR_COLOUR
            if row.state == "overdue":
                return WARNING_COLOUR
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _display(self, row: queries.ReportSummary, key: str) -> str:
        if key == "period":
            return names.period_short(row.period)
        if key == "kind":
            return names.kind_name(row.kind)
        if key == "author":
            return row.author_name
        if key == "state":
            return names.state_name(row.state)
        if key == "score":
            return stars(row.score)
        if key == "comments":
            return str(row.comments) if row.comments else ""
        return ""

    def _tooltip(self, row: queries.ReportSummary, key: str) -> str:
        lines = [f"{names.kind_name(row.kind)} · {names.period_text(row.period)}"]
        if row.deadline is not None:
            lines.append(
                self.tr("Deadline: %1").replace("%1", timefmt.format_datetime(row.deadline))
            )
        if row.submitted_at is not None:
            lines.append(
                self.tr("Submitted: %1").replace("%1", timefmt.format_datetime(row.submitted_at))
            )
        if row.unsynced:
            lines.append(self.tr("Not yet sent to the server"))
        if row.read_at is not None:
            lines.append(
                self.tr("Read by the manager: %1").replace(
                    "%1", timefmt.format_datetime(row.read_at)
                )
            )
        if row.score is not None and key == "score":
            lines.append(self.tr("Rated %1 of 5").replace("%1", str(row.score)))
        return "\n".join(lines)
