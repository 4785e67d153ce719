"""The customer's Feedback tab: satisfaction ratings, complaints and suggestions.

Feedback records are append-only (they never conflict in sync): they are
added and deleted (with Undo), never edited. The add dialog is an
``EntityForm`` with a 1–5 rating picker; a satisfaction record needs a rating
(``domain.feedback``), and every message shows next to its field.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import CustomerFeedback
from salesdesk.domain.feedback import feedback_errors, normalized_feedback
from salesdesk.domain.schema import ValidationError
from salesdesk.store import feedback as queries
from salesdesk.store.store import ChangeSet, StoreError
from salesdesk.ui import labels, timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.widgets.form import EntityForm

log = logging.getLogger(__name__)
FIELDS = ("kind", "rating", "recorded_on", "body")


def stars(rating: int | None) -> str:
    return "" if rating is None else "★" * rating + "☆" * (5 - rating)


class RatingCombo(QComboBox):
    """A satisfaction rating of 1 to 5 stars, or none."""

    sig_chosen = Signal(object)  # int | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem("—", None)
        for value in range(5, 0, -1):
            self.addItem(f"{stars(value)}  {value}", value)
        self.currentIndexChanged.connect(lambda _index: self.sig_chosen.emit(self.value()))

    def value(self) -> int | None:
        data = self.currentData()
        return data if isinstance(data, int) else None

    def set_value(self, value: int | None) -> None:
        self.setCurrentIndex(max(self.findData(value), 0) if value is not None else 0)


class FeedbackDialog(QDialog):
    """Record what the customer said: satisfaction (with a rating), a complaint or a suggestion."""

    def __init__(
        self, context: AppContext, customer_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.customer_id = customer_id
        self.saved: CustomerFeedback | None = None
        self.setWindowTitle(self.tr("Add feedback"))
        self.rating = RatingCombo(self)
        self.form = EntityForm("feedback", FIELDS, self, editors={"rating": self.rating})
        self.form.set_values({"kind": "satisfaction", "recorded_on": timefmt.today()})
        self.problem = QLabel(self)
        self.problem.setObjectName("save_problem")
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        kind = self.form.editor("kind")
        assert isinstance(kind, QComboBox)
        kind.currentIndexChanged.connect(lambda _index: self._kind_changed())
        self._kind_changed()
        self.resize(460, 380)

    def _kind_changed(self) -> None:
        satisfaction = self.form.values().get("kind") == "satisfaction"
        self.rating.setEnabled(satisfaction)
        if not satisfaction:
            self.rating.set_value(None)

    def save(self) -> None:
        try:
            values = self.form.validate(creating=True, extra={"customer_id": self.customer_id})
        except ValidationError:
            return  # the messages are shown next to the fields
        values = normalized_feedback(values)
        errors = feedback_errors(values)
        if errors:
            self.form.show_errors(ValidationError(errors))
            return
        self.buttons.setEnabled(False)
        store = self.context.store
        self.context.runner.db(
            lambda: store.create(CustomerFeedback, values), done=self._saved, failed=self._failed
        )

    def _saved(self, record: CustomerFeedback) -> None:
        self.saved = record
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            others = self.form.show_errors(exc)
            text = "; ".join(labels.error_text(None, e) for e in others)
        elif isinstance(exc, StoreError):
            text = str(exc)
        else:
            log.error("saving feedback failed", exc_info=exc)
            text = self.tr("Saving failed: %1").replace("%1", str(exc))
        if text:
            self.problem.setText(text)
            self.problem.show()


class FeedbackTab(QWidget):
    """The Feedback tab of the customer detail pane."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Feedback"))
        self.customer_id: uuid.UUID | None = None
        self.rows: list[queries.FeedbackRow] = []
        self.loading = False
        self._stale = False
        self._generation = 0
        self._select_after_load: uuid.UUID | None = None

        self.summary = QLabel(self)
        self.summary.setObjectName("feedback_summary")
        self.summary.setProperty("role", "muted")
        self.summary.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add feedback…"), self)
        self.add_button.setObjectName("add_feedback")
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setObjectName("delete_feedback")
        self.delete_button.setToolTip(
            self.tr("Feedback cannot be edited; delete it and add it again")
        )
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("feedback")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Kind"),
                self.tr("Rating"),
                self.tr("Feedback"),
                self.tr("Recorded by"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if column == 3
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self.add_button.clicked.connect(self.add_feedback)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        context.bus.sig_changed.connect(self._on_changes)
        self._update_buttons()

    # ---- loading -------------------------------------------------------------------------------
    def set_customer(self, customer_id: uuid.UUID | None) -> None:
        if customer_id != self.customer_id:
            self.customer_id = customer_id
            self.rows = []
            self.table.setRowCount(0)
            self.summary.clear()
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self._generation += 1
        generation = self._generation
        customer_id = self.customer_id
        if customer_id is None:
            self._show([])
            return
        store = self.context.store
        self.loading = True

        def done(rows: list[queries.FeedbackRow]) -> None:
            if generation == self._generation:
                self.loading = False
                self._show(rows)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.loading = False
                self.context.notifier.show_error(str(exc))

        self.context.runner.db(
            lambda: queries.customer_feedback(store, customer_id), done=done, failed=failed
        )

    def _on_changes(self, changes: ChangeSet) -> None:
        if self.customer_id is not None and changes.touches("feedback", "user"):
            self._stale = True
            if self.isVisible():
                self.reload()

    def _show(self, rows: list[queries.FeedbackRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for row, item in enumerate(rows):
            record = item.feedback
            day = record.recorded_on or timefmt.local(record.created_at).date()
            cells: list[tuple[str, Any]] = [
                (timefmt.format_date(day), None),
                (labels.choice_label("feedback", "kind", record.kind), None),
                (stars(record.rating), None),
                (record.body.replace("\n", " "), record.body),
                (item.recorded_by, None),
            ]
            for column, (text, tip) in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, record.id)
                if tip:
                    cell.setToolTip(tip)
                self.table.setItem(row, column, cell)
        average, count = queries.average_rating(rows)
        if not rows:
            self.summary.setText(self.tr("No feedback recorded yet."))
        elif average is None:
            self.summary.setText(self.tr("Records: %1").replace("%1", str(len(rows))))
        else:
            self.summary.setText(
                self.tr("Records: %1 · average satisfaction %2 / 5 (rated: %3)")
                .replace("%1", str(len(rows)))
                .replace("%2", f"{average:.1f}")
                .replace("%3", str(count))
            )
        wanted, self._select_after_load = self._select_after_load, None
        if wanted is not None:
            self.select_feedback(wanted)
        self._update_buttons()

    # ---- selection and actions -----------------------------------------------------------------
    def select_feedback(self, feedback_id: uuid.UUID) -> None:
        for row, item in enumerate(self.rows):
            if item.feedback.id == feedback_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.table.model().index(row, 0))
                return
        self._select_after_load = feedback_id  # shown once the list has loaded

    def selected(self) -> CustomerFeedback | None:
        rows = self.table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.rows):
            return self.rows[rows[0].row()].feedback
        return None

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self.customer_id is not None)
        self.delete_button.setEnabled(self.selected() is not None)

    def add_feedback(self) -> None:
        if self.customer_id is None:
            return
        dialog = FeedbackDialog(self.context, self.customer_id, self)
        if dialog.exec() and dialog.saved is not None:
            self._select_after_load = dialog.saved.id

    def delete_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete feedback"),
            self.tr("Delete this feedback?\n%1").replace("%1", record.body[:200]),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        store, notifier, runner = self.context.store, self.context.notifier, self.context.runner

        def undo() -> None:
            runner.db(
                lambda: store.restore(CustomerFeedback, record.id),
                failed=lambda exc: notifier.show_error(str(exc)),
            )

        runner.db(
            lambda: store.delete(CustomerFeedback, record.id),
            done=lambda _none: notifier.notify(self.tr("Feedback deleted."), self.tr("Undo"), undo),
            failed=lambda exc: notifier.show_error(str(exc)),
        )
