"""The Leaderboard area (排行榜): who leads on a KPI in a period, how far each rep is from the
one above, and how the team goal is coming along with each member's share.

Everyone sees it. A rep's copy shows the standings the server computed (``team_figure``
rows, as of the last sync) with their own unsynced work on top, marked provisional; a
manager's copy computes them live from the team's rows (``store.figures``). The numbers are
loaded on the database thread and reloaded when a sync or a local change touches what they
are made of.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import KPIS
from salesdesk.domain.kpis import KpiValue
from salesdesk.domain.periods import Period
from salesdesk.store import figures
from salesdesk.store.store import ChangeSet
from salesdesk.ui import labels, timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.leaderboard.period import PeriodPicker, period_text

WATCHED = ("team_figure", "deal", "visit", "customer", "target", "user")


def value_text(kpi: str, value: KpiValue | Decimal | None) -> str:
    """A KPI value for people: money, a percentage or a count; a dash for none."""
    if value is None:
        return "—"
    if kpi == "revenue":
        return labels.money(Decimal(value))
    if kpi == "retention_rate":
        return f"{Decimal(value):.2f}%"
    return f"{int(value):,}"


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


class LeaderboardPage(QWidget):
    COLUMNS = 6

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.standings: figures.Standings | None = None
        self.stale = True
        self.loading = False
        self._generation = 0

        self.kpi = QComboBox(self)
        self.kpi.setObjectName("leaderboard_kpi")
        for code, text in labels.choice_items("target", "kpi", KPIS):
            self.kpi.addItem(text, code)
        self.picker = PeriodPicker(self, name="leaderboard")
        self.as_of = QLabel(self)
        self.as_of.setObjectName("leaderboard_as_of")
        self.as_of.setProperty("role", "muted")
        bar = QHBoxLayout()
        bar.addWidget(self.kpi)
        bar.addWidget(self.picker)
        bar.addStretch(1)
        bar.addWidget(self.as_of)

        self.title = QLabel(self)
        self.title.setObjectName("leaderboard_title")
        self.title.setProperty("role", "heading")
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setObjectName("leaderboard_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Rank"),
                self.tr("Name"),
                self.tr("Result"),
                self.tr("Target"),
                self.tr("Attainment"),
                self.tr("Gap to the rep above"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel(self)
        self.note.setObjectName("leaderboard_note")
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        board = QWidget(self)
        board_layout = QVBoxLayout(board)
        board_layout.setContentsMargins(0, 0, 0, 0)
        board_layout.addWidget(self.title)
        board_layout.addWidget(self.table, 1)
        board_layout.addWidget(self.note)

        self.goal_box = QGroupBox(self.tr("Team goal"), self)
        self.goal_box.setObjectName("team_goal")
        self.goal_bar = QProgressBar(self.goal_box)
        self.goal_bar.setObjectName("team_goal_bar")
        self.goal_bar.setRange(0, 1000)
        self.goal_bar.setTextVisible(True)
        self.goal_text = QLabel(self.goal_box)
        self.goal_text.setObjectName("team_goal_text")
        self.goal_text.setWordWrap(True)
        self.shares = QTableWidget(0, 4, self.goal_box)
        self.shares.setObjectName("team_goal_shares")
        self.shares.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Result"), self.tr("Contribution"), self.tr("Of the goal")]
        )
        self.shares.verticalHeader().hide()
        self.shares.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.shares.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        shares_header = self.shares.horizontalHeader()
        shares_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        shares_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        goal_layout = QVBoxLayout(self.goal_box)
        goal_layout.addWidget(self.goal_bar)
        goal_layout.addWidget(self.goal_text)
        goal_layout.addWidget(self.shares, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(board)
        splitter.addWidget(self.goal_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.kpi.currentIndexChanged.connect(lambda _i: self.reload())
        self.picker.sig_changed.connect(lambda _p: self.reload())
        context.bus.sig_changed.connect(self._on_changes)

    # ---- loading -------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.reload()

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.touches(*WATCHED):
            self.stale = True
            if self.isVisible():
                self.reload()

    def current_kpi(self) -> str:
        return str(self.kpi.currentData())

    def show_kpi(self, kpi: str, period: Period | None = None) -> None:
        """Show one KPI (and period), e.g. from elsewhere in the app."""
        self.kpi.setCurrentIndex(max(self.kpi.findData(kpi), 0))
        if period is not None:
            self.picker.set_value(period)

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        self.stale = False
        self.loading = True
        store = self.context.store
        kpi, period = self.current_kpi(), self.picker.value()

        def done(found: figures.Standings) -> None:
            if generation == self._generation:
                self.loading = False
                self._show(found)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.loading = False
                self.context.notifier.show_error(
                    self.tr("The leaderboard could not be loaded: %1").replace("%1", str(exc))
                )

        self.context.runner.db(lambda: figures.standings(store, kpi, period), done, failed)

    # ---- showing -------------------------------------------------------------------------------
    def gap_text(self, kpi: str, row: figures.StandingRow) -> str:
        if row.rank == 1:
            return self.tr("Leading")
        if row.to_overtake is None or row.overtake_rank is None:
            return ""
        return (
            self.tr("%1 to overtake #%2")
            .replace("%1", value_text(kpi, row.to_overtake))
            .replace("%2", str(row.overtake_rank))
        )

    def _as_of_text(self, found: figures.Standings) -> str:
        if found.source == figures.SERVER and found.as_of is not None:
            return self.tr("As of the last sync, %1").replace(
                "%1", timefmt.format_datetime(found.as_of)
            )
        if found.as_of is not None:
            return self.tr("Live from this computer's copy (last sync %1)").replace(
                "%1", timefmt.format_datetime(found.as_of)
            )
        return self.tr("Live from this computer's data")

    def _show(self, found: figures.Standings) -> None:
        self.standings = found
        kpi = found.kpi
        name = labels.choice_label("target", "kpi", kpi)
        self.title.setText(
            self.tr("%1 · %2")
            .replace("%1", name)
            .replace("%2", period_text(Period.parse(found.period)))
        )
        self.as_of.setText(self._as_of_text(found))
        self.table.setRowCount(len(found.rows) + 1)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for number, row in enumerate(found.rows):
            value = value_text(kpi, row.value) + (" *" if row.provisional else "")
            rank = "—" if row.rank is None else (f"={row.rank}" if row.tied else str(row.rank))
            cells = (
                rank,
                row.name + (self.tr(" (me)") if row.me else ""),
                value,
                value_text(kpi, row.target) if row.target is not None else "",
                percent_text(row.attainment_pct) if row.target is not None else "",
                self.gap_text(kpi, row),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (0, 2, 3, 4):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if row.me:
                    item.setFont(bold)
                if column == 2 and row.provisional:
                    item.setToolTip(
                        self.tr("Includes %1 not synced yet").replace(
                            "%1", value_text(kpi, row.provisional_part)
                        )
                        if row.provisional_part is not None
                        else self.tr("Includes work not synced yet")
                    )
                self.table.setItem(number, column, item)
        total_row = len(found.rows)
        totals = (
            "",
            self.tr("Team total"),
            value_text(kpi, found.total),
            value_text(kpi, found.team_target) if found.team_target is not None else "",
            percent_text(found.attainment_pct) if found.team_target is not None else "",
            "",
        )
        for column, text in enumerate(totals):
            item = QTableWidgetItem(text)
            item.setFont(bold)
            if column in (2, 3, 4):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(total_row, column, item)
        notes = []
        if found.provisional:
            notes.append(self.tr("* Includes work not synced yet (provisional)."))
        if found.source == figures.LOCAL and found.as_of is not None and len(found.rows) == 1:
            notes.append(self.tr("The team's figures for this period come with the next sync."))
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))
        self._show_goal(found)

    def _show_goal(self, found: figures.Standings) -> None:
        goal = found.goal
        kpi = found.kpi
        if goal is None:
            self.goal_bar.hide()
            self.shares.hide()
            self.goal_text.setText(
                self.tr("No team target for this KPI and period: a manager sets one in Targets.")
                if kpi != "retention_rate"
                else self.tr("A retention rate is a team rate; members do not add up to it.")
            )
            return
        self.goal_bar.show()
        self.shares.show()
        attained = goal.attainment_pct or Decimal(0)
        self.goal_bar.setValue(int(min(attained, Decimal(100)) * 10))
        self.goal_bar.setFormat(f"{attained}%")
        if goal.remaining:
            text = (
                self.tr("%1 of %2 reached, %3 to go.")
                .replace("%1", value_text(kpi, goal.total))
                .replace("%2", value_text(kpi, goal.goal))
                .replace("%3", value_text(kpi, goal.remaining))
            )
        else:
            text = (
                self.tr("Goal reached: %1 of %2.")
                .replace("%1", value_text(kpi, goal.total))
                .replace("%2", value_text(kpi, goal.goal))
            )
        if goal.provisional_total:
            text += " " + self.tr("%1 of it not synced yet.").replace(
                "%1", value_text(kpi, goal.provisional_total)
            )
        self.goal_text.setText(text)
        names = {row.user_id: row.name for row in found.rows}
        self.shares.setRowCount(len(goal.members))
        for number, member in enumerate(goal.members):
            share = QProgressBar(self.shares)
            share.setRange(0, 1000)
            share.setValue(int(member.share_pct * 10))
            share.setFormat(f"{member.share_pct}%")
            share.setObjectName(f"share_{number}")
            cells = (
                names.get(member.user_id, ""),
                value_text(kpi, member.value) + (" *" if member.provisional else ""),
                f"{member.share_pct}%",
                percent_text(member.goal_pct),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.shares.setItem(number, column, item)
            self.shares.setCellWidget(number, 2, share)
