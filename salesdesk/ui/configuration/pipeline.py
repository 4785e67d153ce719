"""The pipeline (销售进程): the team's stages in order — name, win probability, outcome, after how
many days a deal is stuck, and the stage's checklist (SOP) with its required items. Stages are
added, reordered, renamed and deactivated; a stage deals use is never deleted."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import STAGE_OUTCOMES, PipelineStage
from salesdesk.domain.schema import ValidationError
from salesdesk.store import configuration as queries
from salesdesk.store.store import StoreError
from salesdesk.ui import labels
from salesdesk.ui.configuration import names
from salesdesk.ui.configuration.rows import RowsEditor
from salesdesk.ui.configuration.templates import error_label, list_and_editor, with_error
from salesdesk.ui.context import AppContext
from salesdesk.ui.deals import names as deal_names

log = logging.getLogger(__name__)


class PipelineTab(QWidget):
    sig_saved = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.stages: list[PipelineStage] = []
        self.usage: Mapping[uuid.UUID, queries.StageUsage] = {}
        self.current: PipelineStage | None = None  # None with the form shown: a new stage
        self._busy = False

        self.list = QListWidget(self)
        self.list.setObjectName("stage_list")
        self.new_button = QPushButton(self.tr("New stage"), self)
        self.new_button.setObjectName("new_stage")
        self.up_button = QPushButton(self.tr("Move up"), self)
        self.up_button.setObjectName("stage_up")
        self.down_button = QPushButton(self.tr("Move down"), self)
        self.down_button.setObjectName("stage_down")
        self.active_button = QPushButton(self.tr("Deactivate"), self)
        self.active_button.setObjectName("stage_active")
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setObjectName("delete_stage")
        first_row = QHBoxLayout()
        first_row.addWidget(self.new_button)
        first_row.addWidget(self.up_button)
        first_row.addWidget(self.down_button)
        first_row.addStretch(1)
        second_row = QHBoxLayout()
        second_row.addWidget(self.active_button)
        second_row.addWidget(self.delete_button)
        second_row.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(first_row)
        left_layout.addLayout(second_row)

        form_widget = QWidget(self)
        form = QFormLayout(form_widget)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, QLabel] = {}
        self.name = QLineEdit(form_widget)
        self.name.setObjectName("field_name")
        self.name.setMaxLength(60)
        self.outcome = QComboBox(form_widget)
        self.outcome.setObjectName("field_outcome")
        for code, text in labels.choice_items("pipeline_stage", "outcome", STAGE_OUTCOMES):
            self.outcome.addItem(text, code)
        self.probability = QSpinBox(form_widget)
        self.probability.setObjectName("field_probability")
        self.probability.setRange(0, 100)
        self.probability.setSuffix(" %")
        self.stuck_days = QSpinBox(form_widget)
        self.stuck_days.setObjectName("field_stuck_days")
        self.stuck_days.setRange(1, 365)
        for spin in (self.probability, self.stuck_days):
            spin.setMaximumWidth(spin.sizeHint().width() + 60)
        self.checklist = RowsEditor(
            self.tr("Checklist item"), text_key="text", id_key="id", parent=form_widget
        )
        self.checklist.set_object_names("checklist")
        self.usage_note = QLabel(form_widget)
        self.usage_note.setObjectName("stage_usage")
        self.usage_note.setProperty("role", "muted")
        self.usage_note.setWordWrap(True)
        for name, label, editor in (
            ("name", names.field("pipeline_stage", "name"), self.name),
            ("outcome", names.field("pipeline_stage", "outcome"), self.outcome),
            ("probability", names.field("pipeline_stage", "probability"), self.probability),
            ("stuck_days", names.field("pipeline_stage", "stuck_days"), self.stuck_days),
            ("checklist", names.field("pipeline_stage", "checklist"), self.checklist),
        ):
            self.errors[name] = error_label(form_widget, name)
            form.addRow(label, with_error(editor, self.errors[name]))
        form.addRow("", self.usage_note)
        self.problem, self.save_button, self.revert_button = list_and_editor(
            self, left, form_widget, "stage", self.tr("Save stage"), self.tr("Undo changes")
        )

        self.list.currentRowChanged.connect(self._chosen)
        self.new_button.clicked.connect(self.new_stage)
        self.up_button.clicked.connect(lambda: self.move_stage(-1))
        self.down_button.clicked.connect(lambda: self.move_stage(1))
        self.active_button.clicked.connect(self.toggle_active)
        self.delete_button.clicked.connect(self.delete)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(lambda: self.show_stage(self.current))
        self.name.textEdited.connect(lambda _t: self._clear("name"))
        self.outcome.currentIndexChanged.connect(lambda _i: self._outcome_changed())
        self.probability.valueChanged.connect(lambda _v: self._clear("probability"))
        self.checklist.sig_edited.connect(lambda: self._clear("checklist"))
        self.show_stage(None)

    # ---- the list ------------------------------------------------------------------------------
    def set_stages(
        self,
        stages: list[PipelineStage],
        usage: Mapping[uuid.UUID, queries.StageUsage],
        select: uuid.UUID | None,
    ) -> None:
        keep = select or (self.current.id if self.current else None)
        self.stages = stages
        self.usage = usage
        self.list.blockSignals(True)
        self.list.clear()
        for number, stage in enumerate(stages, 1):
            text = (
                f"{number}. {deal_names.stage_name(stage)} · {stage.probability}% · "
                f"{labels.choice_label('pipeline_stage', 'outcome', stage.outcome)}"
            )
            if not stage.active:
                text += " " + self.tr("(inactive)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, stage.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        ids = [s.id for s in stages]
        if keep in ids:
            self.list.setCurrentRow(ids.index(keep))
        elif stages:
            self.list.setCurrentRow(0)
        else:
            self.show_stage(None)

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self.stages):
            self.show_stage(self.stages[row])

    def select_stage(self, stage_id: uuid.UUID) -> None:
        ids = [s.id for s in self.stages]
        if stage_id in ids:
            self.list.setCurrentRow(ids.index(stage_id))

    # ---- the form ------------------------------------------------------------------------------
    def show_stage(self, stage: PipelineStage | None) -> None:
        self.current = stage
        self._clear_all()
        self.name.setText(stage.name if stage else "")
        outcome = stage.outcome if stage else "open"
        self.outcome.blockSignals(True)
        self.outcome.setCurrentIndex(max(self.outcome.findData(outcome), 0))
        self.outcome.blockSignals(False)
        self.probability.setValue(stage.probability if stage else 50)
        self.stuck_days.setValue(stage.stuck_days if stage else 14)
        self.checklist.set_rows(
            [dict(item) for item in (stage.checklist if stage else []) if isinstance(item, dict)]
        )
        usage = self.usage.get(stage.id, queries.StageUsage()) if stage else queries.StageUsage()
        if stage is None:
            self.usage_note.setText(self.tr("A new stage."))
        elif usage.deals or usage.changes:
            self.usage_note.setText(
                self.tr("%1 deals (%2 open) are in this stage; it can be deactivated, not deleted.")
                .replace("%1", str(usage.deals))
                .replace("%2", str(usage.open_deals))
            )
        else:
            self.usage_note.setText(self.tr("No deal uses this stage yet."))
        index = self.stages.index(stage) if stage in self.stages else -1
        self.up_button.setEnabled(index > 0)
        self.down_button.setEnabled(0 <= index < len(self.stages) - 1)
        self.active_button.setEnabled(stage is not None)
        self.active_button.setText(
            self.tr("Activate") if stage is not None and not stage.active else self.tr("Deactivate")
        )
        self.delete_button.setEnabled(stage is not None and usage.deletable)
        self.delete_button.setToolTip(
            ""
            if stage is None or usage.deletable
            else self.tr("Deals use this stage: deactivate it instead.")
        )

    def _outcome_changed(self) -> None:
        self._clear("outcome")
        fixed = {"won": 100, "lost": 0}.get(self.outcome.currentData())
        if fixed is not None:
            self.probability.setValue(fixed)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "outcome": self.outcome.currentData(),
            "probability": self.probability.value(),
            "stuck_days": self.stuck_days.value(),
            "checklist": self.checklist.rows(),
            "active": self.current.active if self.current is not None else True,
        }

    def new_stage(self) -> None:
        self.list.clearSelection()
        self.show_stage(None)
        self.name.setFocus()

    # ---- writing -------------------------------------------------------------------------------
    def _run(
        self, work: Callable[[], Any], message: str, select: Callable[[Any], uuid.UUID | None]
    ) -> None:
        if self._busy:
            return
        self._set_busy(True)

        def done(result: Any) -> None:
            self._set_busy(False)
            chosen = select(result)
            if chosen is not None:
                self.current = next((s for s in self.stages if s.id == chosen), self.current)
                self._select_after = chosen
            self.context.notifier.notify(message)
            self.sig_saved.emit()

        self.context.runner.db(work, done=done, failed=self._failed)

    def save(self) -> None:
        values, store = self.values(), self.context.store
        stage_id = self.current.id if self.current else None

        def saved(stage: PipelineStage) -> uuid.UUID:
            self.current = stage
            return stage.id

        self._run(
            lambda: queries.save_stage(store, values, stage_id),
            self.tr("Stage saved; reps get it with their next sync."),
            saved,
        )

    def move_stage(self, offset: int) -> None:
        stage, store = self.current, self.context.store
        if stage is None:
            return
        self._run(
            lambda: queries.move_stage(store, stage.id, offset),
            self.tr("Stage moved."),
            lambda _result: stage.id,
        )

    def toggle_active(self) -> None:
        stage, store = self.current, self.context.store
        if stage is None:
            return
        active = not stage.active
        self._run(
            lambda: queries.set_stage_active(store, stage.id, active),
            self.tr("Stage activated.") if active else self.tr("Stage deactivated."),
            lambda result: result.id,
        )

    def delete(self) -> None:
        stage, store = self.current, self.context.store
        if stage is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete stage"),
            self.tr("Delete the stage %1?").replace("%1", deal_names.stage_name(stage)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self._busy:
            return
        self._set_busy(True)

        def done(_result: object) -> None:
            self._set_busy(False)
            self.current = None

            def undo() -> None:
                self.context.runner.db(
                    lambda: store.restore(PipelineStage, stage.id), failed=self._failed
                )

            self.context.notifier.notify(self.tr("Stage deleted."), self.tr("Undo"), undo)
            self.sig_saved.emit()

        self.context.runner.db(
            lambda: queries.delete_stage(store, stage.id), done=done, failed=self._failed
        )

    _select_after: uuid.UUID | None = None

    def take_selection(self) -> uuid.UUID | None:
        chosen, self._select_after = self._select_after, None
        return chosen

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            self.show_errors(exc)
        elif isinstance(exc, StoreError):
            self._problem(str(exc))
        else:
            log.error("changing a stage failed", exc_info=exc)
            self._problem(self.tr("Saving failed: %1").replace("%1", str(exc)))

    def show_errors(self, error: ValidationError) -> None:
        self._clear_all()
        others = []
        for field, problem in error.errors.items():
            text = names.message(problem)
            if field.startswith("checklist."):
                self.checklist.show_error(int(field.split(".")[1]), text)
            elif field in self.errors:
                self.errors[field].setText(text)
                self.errors[field].show()
            else:
                others.append(text)
        if others:
            self._problem("; ".join(others))

    def error_text(self, name: str) -> str:
        if name == "checklist":
            return self.checklist.error.text() if not self.checklist.error.isHidden() else ""
        if name == "problem":
            return self.problem.text() if not self.problem.isHidden() else ""
        label = self.errors[name]
        return label.text() if not label.isHidden() else ""

    def _problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _clear(self, name: str) -> None:
        self.errors[name].hide()
        self.problem.hide()

    def _clear_all(self) -> None:
        for label in self.errors.values():
            label.hide()
        self.checklist.error.hide()
        self.problem.hide()
