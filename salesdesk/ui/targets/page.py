"""The Targets area (目标): the period's targets and progress, and for managers the appraisal.

Top: the period (month, quarter or year). The Targets tab lists each team target with its
progress bar (the tick is where a straight line to the target stands today), its reps'
parts below it, and targets set for one rep. Managers add, edit, split (equal, weighted
by last period, by hand) and delete targets; a rep sees the team's targets, their own
parts and progress (the team's figures as the server last computed them).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.periods import PeriodKind
from salesdesk.domain.schema import ValidationError, utcnow
from salesdesk.store import appraisal as appraisal_queries
from salesdesk.store import targets as queries
from salesdesk.store.reports import local_zone
from salesdesk.store.store import ChangeSet, StoreError
from salesdesk.store.team import Member, team_reps
from salesdesk.ui import labels, timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.targets import names
from salesdesk.ui.targets.appraisal import AppraisalTab
from salesdesk.ui.targets.dialogs import SplitDialog, TargetDialog
from salesdesk.ui.targets.period_bar import PeriodBar
from salesdesk.ui.targets.progress import ERROR_COLOUR, ProgressBar

log = logging.getLogger(__name__)
TARGET_SOURCES = ("target", "deal", "visit", "customer", "user", "team_figure")
APPRAISAL_SOURCES = (*TARGET_SOURCES, "report", "report_template", "task", "appraisal_config")
RELOAD_DELAY_MS = 250
COLUMNS = ("name", "target", "actual", "attainment", "progress", "expected", "status")
PROGRESS_WIDTH = 240


class TargetsTab(QWidget):
    """The tree of targets with their progress, and the managers' buttons."""

    def __init__(self, manager: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: queries.TargetsView | None = None
        self.lines: dict[int, queries.TargetLine] = {}  # id(item) -> line
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("targets_tree")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(
            [
                self.tr("Target"),
                self.tr("Target value"),
                self.tr("Actual"),
                self.tr("Reached"),
                self.tr("Progress"),
                self.tr("Expected by today"),
                self.tr("Status"),
            ]
        )
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setRootIsDecorated(True)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        progress = COLUMNS.index("progress")
        header.setSectionResizeMode(progress, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(progress, PROGRESS_WIDTH)
        self.row_height = self.fontMetrics().height() + 14
        self.detail = QLabel(self)
        self.detail.setObjectName("target_detail")
        self.detail.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setObjectName("targets_note")
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.new_button = QPushButton(self.tr("New target…"), self)
        self.new_button.setObjectName("new_target")
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setObjectName("edit_target")
        self.split_button = QPushButton(self.tr("Split to reps…"), self)
        self.split_button.setObjectName("split_target")
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setObjectName("delete_target")
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.split_button, self.delete_button):
            button.setVisible(manager)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.note)
        self.tree.itemSelectionChanged.connect(self._chosen)
        self._chosen()

    # ---- showing -------------------------------------------------------------------------------
    def show_view(self, view: queries.TargetsView) -> None:
        chosen = self.chosen_line()
        chosen_id = chosen.target.id if chosen is not None else None
        self.view = view
        self.tree.clear()
        self.lines = {}
        select: QTreeWidgetItem | None = None
        for team in view.team:
            title = self.tr("%1 · team").replace("%1", names.kpi_name(team.line.kpi))
            item = self._add(None, team.line, title, team=True)
            if team.line.target.id == chosen_id:
                select = item
            for part in team.parts:
                child = self._add(item, part, part.name)
                if part.target.id == chosen_id:
                    select = child
            item.setExpanded(True)
        for line in view.individual:
            item = self._add(None, line, f"{names.kpi_name(line.kpi)} · {line.name}")
            if line.target.id == chosen_id:
                select = item
        if select is None and self.tree.topLevelItemCount():
            select = self.tree.topLevelItem(0)
        if select is not None:
            self.tree.setCurrentItem(select)
        self._chosen()
        self._show_note(view)

    def _add(
        self,
        parent: QTreeWidgetItem | None,
        line: queries.TargetLine,
        title: str,
        *,
        team: bool = False,
    ) -> QTreeWidgetItem:
        progress = line.progress
        texts = [
            title,
            names.value_text(line.kpi, line.value),
            names.value_text(line.kpi, line.actual),
            names.percent_text(progress.attainment_pct) if progress else "—",
            "",
            names.value_text(line.kpi, progress.expected) if progress else "—",
            names.status_text(progress),
        ]
        item = QTreeWidgetItem(texts)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for column in ("target", "actual", "attainment", "expected"):
            item.setTextAlignment(COLUMNS.index(column), right)
        item.setSizeHint(COLUMNS.index("progress"), QSize(PROGRESS_WIDTH, self.row_height))
        if team:
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
        if progress is not None and progress.off_track:
            item.setForeground(COLUMNS.index("status"), QBrush(ERROR_COLOUR))
        if parent is None:
            self.tree.addTopLevelItem(item)
        else:
            parent.addChild(item)
        bar = ProgressBar(self.tree)
        bar.setObjectName(f"progress_{line.target.id}")
        bar.set_progress(progress)
        bar.setToolTip(self._progress_tip(line))
        self.tree.setItemWidget(item, COLUMNS.index("progress"), bar)
        self.lines[id(item)] = line
        return item

    def _progress_tip(self, line: queries.TargetLine) -> str:
        progress = line.progress
        if progress is None:
            return names.status_text(None)
        return (
            self.tr("%1 of the target reached; %2 of the period gone")
            .replace("%1", names.percent_text(progress.attainment_pct))
            .replace("%2", names.percent_text(progress.time_elapsed_pct))
        )

    def _show_note(self, view: queries.TargetsView) -> None:
        parts = [
            self.tr(
                "Progress as of %1; the tick on each bar is where a straight line to the "
                "target stands today. Off track: 10% or more behind it."
            ).replace("%1", timefmt.format_date(view.today))
        ]
        if not view.manager:
            if view.team_figures_at is not None:
                parts.append(
                    self.tr("The team's figures as of %1 (the last sync).").replace(
                        "%1", timefmt.format_datetime(view.team_figures_at)
                    )
                )
            elif view.team:
                parts.append(self.tr("The team's figures arrive with the next sync."))
        if not view.team and not view.individual:
            parts.insert(0, self.tr("No targets for this period yet."))
        self.note.setText("\n".join(parts))

    # ---- choosing ------------------------------------------------------------------------------
    def chosen_line(self) -> queries.TargetLine | None:
        item = self.tree.currentItem()
        return self.lines.get(id(item)) if item is not None else None

    def chosen_team(self) -> queries.TeamTarget | None:
        line = self.chosen_line()
        if line is None or self.view is None:
            return None
        for team in self.view.team:
            if team.target.id == line.target.id:
                return team
        return None

    def select_target(self, target_id: uuid.UUID) -> bool:
        for number in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(number)
            if top is None:
                continue
            for item in [top, *(top.child(i) for i in range(top.childCount()))]:
                line = self.lines.get(id(item)) if item is not None else None
                if item is not None and line is not None and line.target.id == target_id:
                    self.tree.setCurrentItem(item)
                    return True
        return False

    def _chosen(self) -> None:
        line = self.chosen_line()
        team = self.chosen_team()
        self.edit_button.setEnabled(line is not None and line.target.parent_id is None)
        self.split_button.setEnabled(team is not None)
        self.delete_button.setEnabled(line is not None and line.target.parent_id is None)
        if line is None:
            self.detail.setText("")
            return
        parts = []
        if line.target.description.strip():
            parts.append(line.target.description.strip())
        manager = self.view is not None and self.view.manager
        if team is not None and not manager:
            parts.append(
                self.tr("The team's target; your part is listed below it.")
                if team.parts
                else self.tr("The team's target; no part of it is yours.")
            )
        elif team is not None:
            if team.split:
                parts.append(
                    self.tr("Split to %1 reps: %2.")
                    .replace("%1", str(len(team.parts)))
                    .replace("%2", _method_name(team.target.split_method))
                )
            else:
                parts.append(self.tr("Not split to the reps yet."))
            if team.unsplit_reps:
                parts.append(
                    self.tr("Without a part: %1 (split again to include them).").replace(
                        "%1", "、".join(rep.name for rep in team.unsplit_reps)
                    )
                )
        elif line.target.parent_id is not None:
            parts.append(self.tr("A part of the team target; change it by splitting again."))
        self.detail.setText("\n".join(parts))


def _method_name(method: str) -> str:
    return labels.choice_label("target", "split_method", method)


class TargetsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        profile = context.store.profile
        self.manager = profile.is_manager
        self.tz: dt.tzinfo = local_zone()
        self._clock: Callable[[], dt.datetime] = utcnow
        self._generation = 0
        self._loading = 0
        self._stale = {"targets": True, "appraisal": True}
        self._select_after: uuid.UUID | None = None
        self.bar = PeriodBar([PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR], self)
        self.bar.tz = self.tz
        self.targets = TargetsTab(self.manager, self)
        self.appraisal = AppraisalTab(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("targets_tabs")
        self.tabs.addTab(self.targets, self.tr("Targets and progress"))
        if self.manager:
            self.tabs.addTab(self.appraisal, self.tr("Appraisal"))
        else:
            self.appraisal.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.tabs, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RELOAD_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.bar.sig_changed.connect(lambda _p: self._period_changed())
        self.tabs.currentChanged.connect(lambda _i: self.reload())
        self.targets.new_button.clicked.connect(self.new_target)
        self.targets.edit_button.clicked.connect(self.edit_target)
        self.targets.split_button.clicked.connect(self.split_target)
        self.targets.delete_button.clicked.connect(self.delete_target)
        self.targets.tree.itemDoubleClicked.connect(lambda _item, _col: self.edit_target())
        context.bus.sig_changed.connect(self._on_changes)

    # ---- time (tests choose "now") ---------------------------------------------------------------
    @property
    def clock(self) -> Callable[[], dt.datetime]:
        return self._clock

    @clock.setter
    def clock(self, clock: Callable[[], dt.datetime]) -> None:
        self._clock = clock
        self.bar.clock = clock

    def today(self) -> dt.date:
        return self.bar.today()

    @property
    def busy(self) -> bool:
        return self._loading > 0 or self._timer.isActive()

    # ---- loading -------------------------------------------------------------------------------
    def _period_changed(self) -> None:
        self._stale = {"targets": True, "appraisal": True}
        self.reload()

    def reload(self) -> None:
        """Load what the current tab shows (the other tab when it is shown)."""
        self._timer.stop()
        showing = "appraisal" if self.tabs.currentWidget() is self.appraisal else "targets"
        self._stale[showing] = False
        self._generation += 1
        generation = self._generation
        store, period, tz, today = self.context.store, self.bar.period, self.tz, self.today()
        now = self._clock()
        self._loading += 1

        def done(view: object) -> None:
            self._loading -= 1
            if generation != self._generation:
                return
            if isinstance(view, queries.TargetsView):
                self.targets.show_view(view)
                if self._select_after is not None:
                    self.targets.select_target(self._select_after)
                    self._select_after = None
            elif isinstance(view, appraisal_queries.AppraisalView):
                self.appraisal.show_view(view)

        def failed(exc: BaseException) -> None:
            self._loading -= 1
            self._failed(exc)

        if showing == "targets":
            self.context.runner.db(
                lambda: queries.load_targets(store, period, today=today, tz=tz),
                done=done,
                failed=failed,
            )
        else:
            self.context.runner.db(
                lambda: appraisal_queries.scorecards(store, period, today=today, now=now, tz=tz),
                done=done,
                failed=failed,
            )

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.touches(*TARGET_SOURCES):
            self._stale["targets"] = True
        if changes.touches(*APPRAISAL_SOURCES):
            self._stale["appraisal"] = True
        showing = "appraisal" if self.tabs.currentWidget() is self.appraisal else "targets"
        if self.isVisible() and self._stale[showing]:
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        showing = "appraisal" if self.tabs.currentWidget() is self.appraisal else "targets"
        if self._stale[showing]:
            self.reload()

    # ---- managing targets ----------------------------------------------------------------------
    def _members(self, then: Callable[[list[Member]], None]) -> None:
        store = self.context.store
        self.context.runner.db(lambda: team_reps(store), done=then, failed=self._failed)

    def new_target(self) -> None:
        def open_dialog(members: list[Member]) -> None:
            dialog = TargetDialog(self.context, members, self.bar.period, parent=self)
            if dialog.exec() and dialog.saved is not None:
                self._after_save(dialog.saved.id, self.tr("Target saved."))

        self._members(open_dialog)

    def edit_target(self) -> None:
        line = self.targets.chosen_line()
        if line is None or not self.manager or line.target.parent_id is not None:
            return
        target = line.target

        def open_dialog(members: list[Member]) -> None:
            dialog = TargetDialog(self.context, members, self.bar.period, target, parent=self)
            if dialog.exec() and dialog.saved is not None:
                self._after_save(dialog.saved.id, self.tr("Target saved."))

        self._members(open_dialog)

    def _after_save(self, target_id: uuid.UUID, message: str) -> None:
        self.context.notifier.notify(message)
        self._select_after = target_id

    def split_target(self) -> None:
        team = self.targets.chosen_team()
        if team is None or not self.manager:
            return
        store, target_id, tz = self.context.store, team.target.id, self.tz

        def open_dialog(split: queries.SplitContext) -> None:
            dialog = SplitDialog(self.context, split, self)
            if dialog.exec():
                self.context.notifier.notify(
                    self.tr("Split to %1 reps; they see their part after their next sync.").replace(
                        "%1", str(len(dialog.saved))
                    )
                )

        self.context.runner.db(
            lambda: queries.split_context(store, target_id, tz=tz),
            done=open_dialog,
            failed=self._failed,
        )

    def delete_target(self) -> None:
        line = self.targets.chosen_line()
        if line is None or not self.manager or line.target.parent_id is not None:
            return
        team = self.targets.chosen_team()
        question = (
            self.tr("Delete the team target %1 and its %2 parts?")
            .replace("%1", names.kpi_name(line.kpi))
            .replace("%2", str(len(team.parts)))
            if team is not None and team.split
            else self.tr("Delete the target %1?").replace("%1", names.kpi_name(line.kpi))
        )
        answer = QMessageBox.question(self, self.tr("Delete target"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        store, target_id = self.context.store, line.target.id

        def done(ids: list[uuid.UUID]) -> None:
            def undo() -> None:
                self.context.runner.db(
                    lambda: queries.restore_targets(store, ids), failed=self._failed
                )

            self.context.notifier.notify(self.tr("Target deleted."), self.tr("Undo"), undo)

        self.context.runner.db(
            lambda: queries.delete_target(store, target_id), done=done, failed=self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.context.notifier.show_error("; ".join(p.message for p in exc.errors.values()))
        elif isinstance(exc, StoreError):
            self.context.notifier.show_error(str(exc))
        else:
            log.error("targets work failed", exc_info=exc)
            self.context.notifier.show_error(
                self.tr("Something went wrong: %1").replace("%1", str(exc))
            )
