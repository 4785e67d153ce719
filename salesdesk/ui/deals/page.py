"""The Deals area (商机): the kanban board and the funnel, with their filters.

Moving a deal — by dragging its card to another column, or with the card's
"Move to" menu — is checked with the pipeline rules first: the current stage's
required checklist items must be ticked before it moves on (the board says
which are missing and refuses), moving back is always allowed, a lost stage
asks for the reason, a closed deal asks before it reopens. The move and its
stage-history row are written together on the database thread.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain import pipeline
from salesdesk.domain.entities import Deal, PipelineStage, User
from salesdesk.domain.schema import ValidationError, utcnow
from salesdesk.store import deals as queries
from salesdesk.store import tasks as task_queries
from salesdesk.store.clock import local_tz
from salesdesk.store.store import ChangeSet
from salesdesk.ui import resources
from salesdesk.ui.context import AppContext
from salesdesk.ui.deals.board import StageColumn
from salesdesk.ui.deals.detail import DealDetailDialog
from salesdesk.ui.deals.editor import DealDialog, LostReasonDialog, translated
from salesdesk.ui.deals.funnel import FunnelView
from salesdesk.ui.deals.names import item_text, stage_name
from salesdesk.ui.tasks.widgets import index_of

SEARCH_DELAY_MS = 200
RELOAD_DELAY_MS = 60


class DealsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.profile = context.store.profile
        self.stages: list[PipelineStage] = []
        self.members: list[User] = []
        self.columns: dict[uuid.UUID, StageColumn] = {}
        self.details: dict[uuid.UUID, DealDetailDialog] = {}
        self.query = queries.DealFilter()
        self._generations: dict[uuid.UUID, int] = {}
        self._generation_all = 0
        self._opened: set[uuid.UUID] = set()  # columns the user opened or collapsed
        self._closed: set[uuid.UUID] = set()
        self._pending = 0
        self._refused_deal: uuid.UUID | None = None

        self.search = QLineEdit(self)
        self.search.setObjectName("deal_search")
        self.search.setPlaceholderText(self.tr("Search deals or customers…"))
        self.search.setClearButtonEnabled(True)
        self.owner = QComboBox(self)
        self.owner.setObjectName("filter_owner")
        self.owner.setVisible(self.profile.is_manager)
        self._fill_owners()
        self.include_closed = QCheckBox(self.tr("All closed deals"), self)
        self.include_closed.setObjectName("include_closed")
        self.include_closed.setToolTip(
            self.tr("Without this, the won and lost columns show the last 30 days")
        )
        self.board_button = QToolButton(self)
        self.board_button.setObjectName("show_board")
        self.board_button.setText(self.tr("Board"))
        self.funnel_button = QToolButton(self)
        self.funnel_button.setObjectName("show_funnel")
        self.funnel_button.setText(self.tr("Funnel"))
        self.view_group = QButtonGroup(self)
        for number, button in enumerate((self.board_button, self.funnel_button)):
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.view_group.addButton(button, number)
        self.board_button.setChecked(True)
        self.new_button = QPushButton(resources.icon("add"), self.tr("New deal…"), self)
        self.new_button.setObjectName("new_deal")

        bar = QHBoxLayout()
        bar.addWidget(self.board_button)
        bar.addWidget(self.funnel_button)
        bar.addSpacing(8)
        bar.addWidget(self.search, 3)
        bar.addWidget(self.owner, 1)
        bar.addWidget(self.include_closed)
        bar.addStretch(1)
        bar.addWidget(self.new_button)

        self.banner = QFrame(self)
        self.banner.setObjectName("move_refused")
        self.banner_text = QLabel(self.banner)
        self.banner_text.setObjectName("move_refused_text")
        self.banner_text.setProperty("role", "warning")
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextFormat(Qt.TextFormat.PlainText)
        self.banner_open = QPushButton(self.tr("Open checklist"), self.banner)
        self.banner_open.setObjectName("move_refused_open")
        self.banner_close = QToolButton(self.banner)
        self.banner_close.setText("×")
        self.banner_close.setToolTip(self.tr("Close"))
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(0, 0, 0, 0)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.banner_open, 0, Qt.AlignmentFlag.AlignTop)
        banner_layout.addWidget(self.banner_close, 0, Qt.AlignmentFlag.AlignTop)
        self.banner.hide()

        self.board = QWidget()
        self.board.setObjectName("deal_board")
        self.board_layout = QHBoxLayout(self.board)
        self.board_layout.setContentsMargins(0, 0, 0, 0)
        self.board_layout.setSpacing(6)
        self.board_layout.addStretch(0)
        self.board_scroll = QScrollArea(self)
        self.board_scroll.setWidget(self.board)
        self.board_scroll.setWidgetResizable(True)
        self.board_scroll.setFrameShape(QFrame.Shape.NoFrame)
        # A board of eight stages is wider than a laptop screen: scrolling sideways is its
        # design, not text that does not fit (layout checks may skip it by this property).
        self.board_scroll.setProperty("scrollsSideways", True)
        self.funnel = FunnelView(context, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.board_scroll)
        self.stack.addWidget(self.funnel)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filter)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self._refresh)
        self._stale_stages = True  # nothing read yet: the board loads when first shown
        self._stale_columns = False
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.owner.currentIndexChanged.connect(lambda _index: self._apply_filter())
        self.include_closed.toggled.connect(lambda _on: self._apply_filter())
        self.view_group.idToggled.connect(self._view_toggled)
        self.new_button.clicked.connect(lambda _checked: self.new_deal())
        self.banner_close.clicked.connect(self.banner.hide)
        self.banner_open.clicked.connect(self._open_refused)
        context.bus.sig_changed.connect(self._on_changes)
        self._load_members()

    # ---- loading -------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        """Whether columns or stages are still being read."""
        return self._pending > 0 or self._reload_timer.isActive()

    def _run(self, work: Any, done: Any) -> None:
        """Database work whose result the board waits for (counted in ``loading``)."""
        self._pending += 1

        def finished(value: Any) -> None:
            self._pending -= 1
            done(value)

        def failed(exc: BaseException) -> None:
            self._pending -= 1
            self.context.notifier.show_error(str(exc))

        self.context.runner.db(work, done=finished, failed=failed)

    def reload_stages(self) -> None:
        """Read the stages and every column's cards in one go (no follow-up work is chained
        to a result, so nothing is asked of a runner that stopped meanwhile)."""
        store = self.context.store
        team_id = self.profile.team_id
        query = self.query
        limits = {stage_id: column.limit for stage_id, column in self.columns.items()}
        now, tz = utcnow(), local_tz()
        self._generation_all += 1
        generation = self._generation_all
        for stage_id in self.columns:  # older single-column reads are now out of date
            self._generations[stage_id] = self._generations.get(stage_id, 0) + 1
        asked = dict(self._generations)

        def work() -> tuple[list[PipelineStage], dict[uuid.UUID, queries.ColumnPage]]:
            with store.engine.connect() as connection:
                stages = queries.load_stages(connection, team_id)
                pages = {
                    stage.id: queries.board_column(
                        connection,
                        stage,
                        stages,
                        query,
                        limit=limits.get(stage.id, queries.PAGE),
                        now=now,
                        tz=tz,
                    )
                    for stage in pipeline.ordered_stages(stages)
                }
            return stages, pages

        def done(result: tuple[list[PipelineStage], dict[uuid.UUID, queries.ColumnPage]]) -> None:
            if generation == self._generation_all:
                self._stages_loaded(*result, asked)

        self._run(work, done)

    def _stages_loaded(
        self,
        stages: list[PipelineStage],
        pages: dict[uuid.UUID, queries.ColumnPage],
        asked: dict[uuid.UUID, int],
    ) -> None:
        self.stages = stages
        wanted = pipeline.ordered_stages(stages)
        if [c.stage for c in self.columns.values()] != wanted:
            for column in self.columns.values():
                self.board_layout.removeWidget(column)
                column.deleteLater()
            self.columns = {}
            for stage in wanted:
                column = StageColumn(stage, self.profile.is_manager, self.board)
                column.limit = queries.PAGE
                # Queued: the drop finishes before any question (lost reason, reopen) is asked.
                column.model.sig_dropped.connect(
                    self.request_move, Qt.ConnectionType.QueuedConnection
                )
                column.list.sig_open.connect(lambda card: self.open_deal(card.deal.id))
                column.list.sig_menu.connect(self._card_menu)
                column.sig_more.connect(self._show_more)
                column.sig_toggle.connect(self.toggle_column)
                column.set_collapsed(self._starts_collapsed(stage))
                self.board_layout.insertWidget(self.board_layout.count() - 1, column, 1)
                self.columns[stage.id] = column
        for stage_id, column in self.columns.items():
            newer = self._generations.get(stage_id, 0) != asked.get(stage_id, 0)
            if stage_id in pages and not newer:  # not if a column read was asked for since
                column.show_page(pages[stage_id])

    def reload_columns(self) -> None:
        self._reload_timer.stop()
        for stage_id in self.columns:
            self._load_column(stage_id)

    def _load_column(self, stage_id: uuid.UUID) -> None:
        column = self.columns[stage_id]
        generation = self._generations.get(stage_id, 0) + 1
        self._generations[stage_id] = generation
        store = self.context.store
        stage, stages, query, limit = column.stage, list(self.stages), self.query, column.limit
        now, tz = utcnow(), local_tz()

        def work() -> queries.ColumnPage:
            with store.engine.connect() as connection:
                return queries.board_column(
                    connection, stage, stages, query, limit=limit, now=now, tz=tz
                )

        def done(page: queries.ColumnPage) -> None:
            current = self.columns.get(stage_id)
            if current is column and self._generations.get(stage_id) == generation:
                column.show_page(page)

        self._run(work, done)

    def _starts_collapsed(self, stage: PipelineStage) -> bool:
        """Won and lost columns start collapsed (the open stages are where the work is), unless
        the user opened them."""
        if stage.id in self._opened:
            return False
        return stage.outcome != "open" or stage.id in self._closed

    def toggle_column(self, stage_id: uuid.UUID) -> None:
        column = self.columns.get(stage_id)
        if column is None:
            return
        collapse = not column.collapsed
        (self._closed if collapse else self._opened).add(stage_id)
        (self._opened if collapse else self._closed).discard(stage_id)
        column.set_collapsed(collapse)

    def _show_more(self, stage_id: uuid.UUID) -> None:
        column = self.columns.get(stage_id)
        if column is not None:
            column.limit += queries.PAGE
            self._load_column(stage_id)

    def _load_members(self) -> None:
        store = self.context.store
        team_id = self.profile.team_id

        def work() -> list[User]:
            with store.engine.connect() as connection:
                return task_queries.team_members(connection, team_id)

        def done(members: list[User]) -> None:
            self.members = members
            self._fill_owners()

        self.context.runner.db(work, done=done, failed=lambda _exc: None)

    def _fill_owners(self) -> None:
        current = self.owner.currentData()
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItem(self.tr("All reps"), None)
        for member in self.members:
            self.owner.addItem(member.display_name, member.id)
        self.owner.setCurrentIndex(max(index_of(self.owner, current), 0))
        self.owner.blockSignals(False)

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.touches("pipeline_stage"):
            self._stale_stages = True
        if changes.touches("deal", "customer", "user", "deal_stage_change"):
            self._stale_columns = True
        if (self._stale_stages or self._stale_columns) and self.isVisible():
            self._reload_timer.start()
        if changes.touches("deal", "deal_stage_change", "pipeline_stage"):
            self.funnel.set_filter(self.query)
        if changes.touches("user"):
            self._load_members()

    def _refresh(self) -> None:
        """Bring the board up to date with the store — only while it shows (a hidden board
        catches up when it is shown again)."""
        if not self.isVisible():
            return
        stages, self._stale_stages = self._stale_stages, False
        self._stale_columns = False
        if stages:
            self.reload_stages()
        else:
            self.reload_columns()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale_stages or self._stale_columns:
            self._refresh()

    # ---- filters and views ---------------------------------------------------------------------
    def current_filter(self) -> queries.DealFilter:
        owner = self.owner.currentData()
        return queries.DealFilter(
            text=self.search.text(),
            owner_id=owner if isinstance(owner, uuid.UUID) else None,
            include_closed=self.include_closed.isChecked(),
        )

    def _apply_filter(self) -> None:
        self._search_timer.stop()
        wanted = self.current_filter()
        if wanted != self.query:
            self.query = wanted
            for column in self.columns.values():
                column.limit = queries.PAGE
            self.reload_columns()
            self.funnel.set_filter(wanted)

    def _view_toggled(self, view: int, checked: bool) -> None:
        if checked:
            self.stack.setCurrentIndex(view)

    def show_funnel(self) -> None:
        self.funnel_button.setChecked(True)

    def show_board(self) -> None:
        self.board_button.setChecked(True)

    # ---- finding cards -------------------------------------------------------------------------
    def card_deal(self, deal_id: uuid.UUID) -> Deal | None:
        for column in self.columns.values():
            row = column.model.row_of(deal_id)
            if row is not None:
                return column.model.card(row).deal
        return None

    def stage(self, stage_id: uuid.UUID | None) -> PipelineStage | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    # ---- moving --------------------------------------------------------------------------------
    def request_move(self, deal_id: uuid.UUID, to_stage_id: uuid.UUID) -> None:
        """Move a deal (dropped on a column, or chosen from its menu) if the rules allow."""
        deal = self.card_deal(deal_id) or self.context.store.get(Deal, deal_id)
        target = self.stage(to_stage_id)
        if deal is None or target is None or deal.stage_id == to_stage_id:
            return
        self.banner.hide()
        reopen = False
        if deal.status not in ("open", target.outcome):
            if deal.status == "won" and not self.profile.is_manager:
                self._show_banner(
                    self.tr("Only a manager can reopen a won deal (its revenue was booked)."),
                    None,
                )
                return
            answer = QMessageBox.question(
                self,
                self.tr("Reopen deal"),
                self.tr("“%1” is closed (%2). Move it to %3 and reopen it?")
                .replace("%1", deal.title)
                .replace("%2", self._status_name(deal.status))
                .replace("%3", stage_name(target)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            reopen = True
        reason: str | None = None
        if target.outcome == "lost":
            dialog = LostReasonDialog(deal.title, self)
            if not dialog.exec():
                return
            reason = dialog.text()
            reopen = True
        check = pipeline.check_move(deal, target.id, self.stages, lost_reason=reason, reopen=reopen)
        if not check.allowed:
            self._refused(deal, target, check)
            return
        self._move(deal, target, reason=reason, reopen=reopen)

    def _move(self, deal: Deal, target: PipelineStage, *, reason: str | None, reopen: bool) -> None:
        store = self.context.store

        def work() -> Deal:
            return queries.move_deal(store, deal.id, target.id, lost_reason=reason, reopen=reopen)

        def done(moved: Deal) -> None:
            self.context.notifier.notify(
                self.tr("“%1” moved to %2.")
                .replace("%1", moved.title)
                .replace("%2", stage_name(target))
            )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, pipeline.MoveRejectedError):
                self._refused(deal, target, exc.check)
            elif isinstance(exc, ValidationError):
                text = "; ".join(e.message for e in translated(exc).errors.values())
                self._show_banner(text, None)
            else:
                self.context.notifier.show_error(str(exc))

        self.context.runner.db(work, done=done, failed=failed)

    def _refused(self, deal: Deal, target: PipelineStage, check: pipeline.MoveCheck) -> None:
        """Say why a move was refused; for missing checklist items, list them."""
        problems = set(check.problems)
        if problems == {pipeline.MoveProblem.SAME_STAGE}:
            return
        if pipeline.MoveProblem.CHECKLIST_INCOMPLETE in problems:
            names = {s.id: stage_name(s) for s in self.stages}
            lines = [
                self.tr("“%1” cannot move to %2 yet. Tick these required items first:")
                .replace("%1", deal.title)
                .replace("%2", stage_name(target))
            ]
            lines += [
                f"• {names.get(item.stage_id, '')}: {item_text(item)}"
                for item in check.missing_items
            ]
            self._show_banner("\n".join(lines), deal.id)
            return
        if pipeline.MoveProblem.REASON_REQUIRED in problems:
            text = self.tr("Give a reason why the deal was lost.")
        elif pipeline.MoveProblem.DEAL_CLOSED in problems:
            text = self.tr("“%1” is closed; reopen it first.").replace("%1", deal.title)
        elif pipeline.MoveProblem.INACTIVE_STAGE in problems:
            text = self.tr("%1 is no longer in use.").replace("%1", stage_name(target))
        else:
            text = self.tr("This stage no longer exists.")
        self._show_banner(text, None)

    def _show_banner(self, text: str, deal_id: uuid.UUID | None) -> None:
        self._refused_deal = deal_id
        self.banner_text.setText(text)
        self.banner_open.setVisible(deal_id is not None)
        self.banner.show()

    def _open_refused(self) -> None:
        if self._refused_deal is not None:
            self.open_deal(self._refused_deal)

    def _status_name(self, status: str) -> str:
        from salesdesk.ui import labels

        return labels.choice_label("deal", "status", status)

    # ---- the card menu -------------------------------------------------------------------------
    def _card_menu(self, card: queries.DealCard, position: QPoint) -> None:
        deal = card.deal
        menu = QMenu(self)
        menu.addAction(self.tr("Open"), lambda: self.open_deal(deal.id))
        menu.addAction(self.tr("Edit…"), lambda: self.edit_deal(deal))
        move = menu.addMenu(self.tr("Move to"))
        for stage in pipeline.ordered_stages(self.stages):
            if stage.id != deal.stage_id:
                move.addAction(stage_name(stage), self._mover(deal.id, stage.id))
        menu.addSeparator()
        if deal.status != "lost":
            menu.addAction(self.tr("Mark lost…"), lambda: self.mark_lost(deal))
        menu.addAction(self.tr("Delete"), lambda: self.delete_deal(deal))
        menu.popup(position)

    def _mover(self, deal_id: uuid.UUID, stage_id: uuid.UUID) -> Callable[[], None]:
        return lambda: self.request_move(deal_id, stage_id)

    def open_record(self, entity: str, record_id: uuid.UUID | None) -> bool:
        """Show a deal (``MainWindow.open_record``); False for other kinds of record."""
        if entity != "deal":
            return False
        if record_id is not None:
            self.show_board()
            self.open_deal(record_id)
        return True

    # ---- one deal ------------------------------------------------------------------------------
    def open_deal(self, deal_id: uuid.UUID) -> DealDetailDialog:
        """Show a deal's detail window (one per deal) and its card on the board."""
        for column in self.columns.values():
            if column.select(deal_id):
                break
        dialog = self.details.get(deal_id)
        if dialog is None:
            dialog = DealDetailDialog(self.context, deal_id, self)
            dialog.sig_edit.connect(self.edit_deal)
            dialog.sig_lost.connect(self.mark_lost)
            dialog.sig_reopen.connect(self.reopen_deal)
            dialog.sig_delete.connect(self.delete_deal)
            dialog.sig_new_task.connect(self.new_task_for)
            dialog.finished.connect(lambda _result: self._detail_closed(deal_id))
            self.details[deal_id] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _detail_closed(self, deal_id: uuid.UUID) -> None:
        dialog = self.details.pop(deal_id, None)
        if dialog is not None:
            dialog.deleteLater()

    def new_deal(self, preset: dict[str, Any] | None = None) -> None:
        dialog = DealDialog(self.context, self.stages, self.members, parent=self, preset=preset)
        if dialog.exec() and dialog.saved is not None:
            self.open_deal(dialog.saved.id)

    def edit_deal(self, deal: Deal) -> None:
        current = self.context.store.get(Deal, deal.id) or deal
        DealDialog(self.context, self.stages, self.members, current, parent=self).exec()

    def mark_lost(self, deal: Deal) -> None:
        dialog = LostReasonDialog(deal.title, self)
        if not dialog.exec():
            return
        reason = dialog.text()
        store = self.context.store
        self.context.runner.db(
            lambda: queries.mark_lost(store, deal.id, reason),
            done=lambda moved: self.context.notifier.notify(
                self.tr("“%1” marked lost.").replace("%1", moved.title)
            ),
            failed=self._write_failed,
        )

    def reopen_deal(self, deal: Deal) -> None:
        answer = QMessageBox.question(
            self, self.tr("Reopen deal"), self.tr("Reopen “%1”?").replace("%1", deal.title)
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        store = self.context.store
        self.context.runner.db(
            lambda: queries.reopen_deal(store, deal.id),
            done=lambda moved: self.context.notifier.notify(
                self.tr("“%1” reopened.").replace("%1", moved.title)
            ),
            failed=self._write_failed,
        )

    def delete_deal(self, deal: Deal) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Delete deal"),
            self.tr("Delete the deal “%1”?").replace("%1", deal.title),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        store = self.context.store
        notifier = self.context.notifier
        dialog = self.details.get(deal.id)
        if dialog is not None:
            dialog.close()

        def undo() -> None:
            self.context.runner.db(lambda: store.restore(Deal, deal.id), failed=self._write_failed)

        self.context.runner.db(
            lambda: store.delete(Deal, deal.id),
            done=lambda _none: notifier.notify(
                self.tr("Deal “%1” deleted.").replace("%1", deal.title), self.tr("Undo"), undo
            ),
            failed=self._write_failed,
        )

    def new_task_for(self, deal: Deal) -> None:
        """A task linked to this deal (and its customer), in the Tasks area's dialog."""
        preset = {"customer_id": deal.customer_id, "deal_id": deal.id}
        pages = getattr(self.window(), "pages", {})
        tasks = pages.get("tasks") if isinstance(pages, dict) else None
        new_task = getattr(tasks, "new_task", None)
        if new_task is not None:
            new_task(preset)
            return
        from salesdesk.ui.tasks.editor import TaskDialog

        TaskDialog(self.context, self.members, parent=self, preset=preset).exec()

    def _write_failed(self, exc: BaseException) -> None:
        if isinstance(exc, pipeline.MoveRejectedError):
            self.context.notifier.show_error(str(exc))
        elif isinstance(exc, ValidationError):
            self.context.notifier.show_error(
                "; ".join(e.message for e in translated(exc).errors.values())
            )
        else:
            self.context.notifier.show_error(str(exc))
