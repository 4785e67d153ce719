"""The appraisal scorecard tab (绩效考核), for managers: each rep's weighted score for the period
— results (revenue against target) and activity (visits, report punctuality, task completion)
— and the chosen rep's scorecard line by line: score, weight and points."""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.appraisal import Component, ComponentScore
from salesdesk.store import appraisal as queries
from salesdesk.ui.labels import QT_TRANSLATE_NOOP
from salesdesk.ui.targets import names

log = logging.getLogger(__name__)

COMPONENTS = {
    Component.REVENUE: QT_TRANSLATE_NOOP("AppraisalTab", "Revenue against target"),
    Component.VISITS: QT_TRANSLATE_NOOP("AppraisalTab", "Visits"),
    Component.REPORT_PUNCTUALITY: QT_TRANSLATE_NOOP("AppraisalTab", "Report punctuality"),
    Component.TASK_COMPLETION: QT_TRANSLATE_NOOP("AppraisalTab", "Task completion"),
}
GROUPS = {
    "results": QT_TRANSLATE_NOOP("AppraisalTab", "Results"),
    "activity": QT_TRANSLATE_NOOP("AppraisalTab", "Activity"),
}


def _item(text: str, *, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _score(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f}"


class AppraisalTab(QWidget):
    """The team's scorecards for one period."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: queries.AppraisalView | None = None
        self.note = QLabel(self)
        self.note.setObjectName("appraisal_note")
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.team = QTableWidget(0, 7, self)
        self.team.setObjectName("appraisal_team")
        self.team.setHorizontalHeaderLabels(
            [
                self.tr("Rep"),
                self.tr(COMPONENTS[Component.REVENUE]),
                self.tr(COMPONENTS[Component.VISITS]),
                self.tr(COMPONENTS[Component.REPORT_PUNCTUALITY]),
                self.tr(COMPONENTS[Component.TASK_COMPLETION]),
                self.tr("Total"),
                self.tr("Grade"),
            ]
        )
        self._table_setup(self.team)
        self.team.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.team.itemSelectionChanged.connect(self._rep_chosen)
        self.card_title = QLabel(self)
        self.card_title.setObjectName("scorecard_title")
        self.card_title.setProperty("role", "heading")
        self.card = QTableWidget(0, 7, self)
        self.card.setObjectName("scorecard")
        self.card.setHorizontalHeaderLabels(
            [
                self.tr("Component"),
                self.tr("Group"),
                self.tr("Actual"),
                self.tr("Target or due"),
                self.tr("Score"),
                self.tr("Weight"),
                self.tr("Points"),
            ]
        )
        self._table_setup(self.card)
        self.card.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.card_total = QLabel(self)
        self.card_total.setObjectName("scorecard_total")
        self.card_total.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.team, 3)
        layout.addWidget(self.card_title)
        layout.addWidget(self.card, 2)
        layout.addWidget(self.card_total)

    @staticmethod
    def _table_setup(table: QTableWidget) -> None:
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)

    # ---- showing -------------------------------------------------------------------------------
    def show_view(self, view: queries.AppraisalView) -> None:
        chosen = self.chosen_rep()
        self.view = view
        config = view.config
        if config.config is None:
            source = self.tr("Default weights (set the team's in Configuration).")
        elif config.problem:
            source = self.tr(
                "The team's weights do not add up to 100: the default weights are used."
            )
        else:
            source = self.tr("The team's weights: %1.").replace("%1", config.config.name)
        weights = " · ".join(
            f"{self.tr(COMPONENTS[c])} {config.weights.get(c.value, Decimal(0)).normalize():f}"
            for c in Component
        )
        lines = [f"{source} {weights}"]
        if view.in_progress:
            lines.append(
                self.tr(
                    "The period is not over: revenue and visits are compared with the whole "
                    "period's targets; reports and tasks count those due so far."
                )
            )
        self.note.setText("\n".join(lines))
        self.team.setRowCount(len(view.cards))
        for row, card in enumerate(view.cards):
            scores = {line.component: line for line in card.card.components}
            self.team.setItem(row, 0, _item(card.rep.name))
            for column, component in enumerate(Component, 1):
                line = scores[component]
                self.team.setItem(
                    row,
                    column,
                    _item(_score(line.score) if line.applicable else "—", right=True),
                )
            total = card.card.total
            self.team.setItem(row, 5, _item("—" if total is None else f"{total:.2f}", right=True))
            self.team.setItem(row, 6, _item(card.card.grade or "—"))
        if view.cards:
            ids = [card.rep.id for card in view.cards]
            self.team.selectRow(ids.index(chosen) if chosen in ids else 0)
        else:
            self._show_card(None)

    def chosen_rep(self) -> uuid.UUID | None:
        row = self.team.currentRow()
        if self.view is None or not 0 <= row < len(self.view.cards):
            return None
        return self.view.cards[row].rep.id

    def _rep_chosen(self) -> None:
        row = self.team.currentRow()
        if self.view is not None and 0 <= row < len(self.view.cards):
            self._show_card(self.view.cards[row])

    def _show_card(self, card: queries.RepScorecard | None) -> None:
        if card is None:
            self.card_title.setText("")
            self.card.setRowCount(0)
            self.card_total.setText("")
            return
        self.card_title.setText(self.tr("Scorecard of %1").replace("%1", card.rep.name))
        lines = card.card.components
        self.card.setRowCount(len(lines))
        for row, line in enumerate(lines):
            self.card.setItem(row, 0, _item(self.tr(COMPONENTS[line.component])))
            self.card.setItem(row, 1, _item(self.tr(GROUPS[line.group])))
            actual, target = self._amounts(line)
            self.card.setItem(row, 2, _item(actual, right=True))
            self.card.setItem(row, 3, _item(target, right=True))
            self.card.setItem(
                row,
                4,
                _item(_score(line.score) if line.applicable else self.tr("not judged"), right=True),
            )
            weight = f"{line.weight.normalize():f}"
            if line.applicable and line.effective_weight != line.weight:
                weight += f" → {line.effective_weight.quantize(Decimal('0.1'))}"
            self.card.setItem(row, 5, _item(weight, right=True))
            self.card.setItem(row, 6, _item(f"{line.points:.2f}", right=True))
        total = card.card.total
        if total is None:
            self.card_total.setText(
                self.tr("Nothing could be judged yet: no targets, reports or tasks were due.")
            )
        else:
            self.card_total.setText(
                self.tr("Results %1 + activity %2 = %3 points · grade %4")
                .replace("%1", f"{card.card.results_points:.2f}")
                .replace("%2", f"{card.card.activity_points:.2f}")
                .replace("%3", f"{total:.2f}")
                .replace("%4", card.card.grade or "—")
            )

    def _amounts(self, line: ComponentScore) -> tuple[str, str]:
        if line.component == Component.REVENUE:
            return (
                names.value_text("revenue", line.actual),
                names.value_text("revenue", line.target) if line.target > 0 else "—",
            )
        actual = str(int(line.actual))
        target = str(int(line.target)) if line.target > 0 else "—"
        return actual, target
