"""The manager's review of one report: a score of one to five stars and comments.

Both are written on the database thread through the write path (``store.review``); the
rep sees them after their next sync. Comments are append-only: a comment once added stays.
"""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import Report
from salesdesk.domain.schema import FieldError, ValidationError
from salesdesk.store import review as queries
from salesdesk.store.store import StoreError
from salesdesk.ui import labels
from salesdesk.ui.context import AppContext

log = logging.getLogger(__name__)


class CommentBox(QPlainTextEdit):
    """About three lines high."""

    def sizeHint(self) -> QSize:
        return QSize(300, self.fontMetrics().lineSpacing() * 3 + 14)

    def minimumSizeHint(self) -> QSize:
        return QSize(150, self.fontMetrics().lineSpacing() * 2 + 14)


class ReviewPanel(QGroupBox):
    """Rate and comment the report shown (only a submitted one can be reviewed)."""

    sig_reviewed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Your review"))
        self.setObjectName("review_panel")
        self.context = context
        self.report: Report | None = None
        self.author_name = ""
        self._busy = False

        self.score_label = QLabel(self.tr("Score:"), self)
        self.star_buttons: list[QToolButton] = []
        stars_row = QHBoxLayout()
        stars_row.setSpacing(0)
        stars_row.addWidget(self.score_label)
        stars_row.addSpacing(6)
        for value in range(1, 6):
            button = QToolButton(self)
            button.setObjectName(f"score_{value}")
            button.setAutoRaise(True)
            button.setText("☆")
            font = button.font()
            font.setPointSizeF(font.pointSizeF() * 1.5)
            button.setFont(font)
            button.setToolTip(self.tr("Rate %1 of 5").replace("%1", str(value)))
            button.clicked.connect(lambda _checked=False, v=value: self.rate(v))
            self.star_buttons.append(button)
            stars_row.addWidget(button)
        self.score_note = QLabel(self)
        self.score_note.setObjectName("score_note")
        self.score_note.setProperty("role", "muted")
        stars_row.addSpacing(8)
        stars_row.addWidget(self.score_note, 1)

        self.comment = CommentBox(self)
        self.comment.setObjectName("comment_text")
        self.comment.setTabChangesFocus(True)
        self.comment.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.comment.textChanged.connect(self._edited)
        self.add_button = QPushButton(self.tr("Add comment"), self)
        self.add_button.setObjectName("add_comment")
        self.add_button.clicked.connect(self.add_comment)
        self.error = QLabel(self)
        self.error.setObjectName("review_error")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.hint = QLabel(self)
        self.hint.setObjectName("review_hint")
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)

        comment_row = QHBoxLayout()
        comment_row.addWidget(self.comment, 1)
        comment_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(stars_row)
        layout.addLayout(comment_row)
        layout.addWidget(self.error)
        layout.addWidget(self.hint)
        self.set_report(None)

    # ---- showing -------------------------------------------------------------------------------
    def set_report(self, report: Report | None, author_name: str = "") -> None:
        changed = (report.id if report else None) != (self.report.id if self.report else None)
        self.report = report
        self.author_name = author_name
        reviewable = report is not None and report.status == "submitted"
        for value, button in enumerate(self.star_buttons, 1):
            filled = report is not None and report.score is not None and value <= report.score
            button.setText("★" if filled else "☆")
            button.setEnabled(reviewable and not self._busy)
        if report is not None and report.score is not None:
            self.score_note.setText(self.tr("%1 of 5").replace("%1", str(report.score)))
        else:
            self.score_note.setText(self.tr("Not rated yet"))
        self.comment.setEnabled(reviewable)
        self.comment.setPlaceholderText(
            self.tr("A comment for %1…").replace("%1", author_name) if author_name else ""
        )
        if changed:
            self.comment.clear()
            self.error.hide()
        self.add_button.setEnabled(reviewable and bool(self.comment.toPlainText().strip()))
        self.hint.setText(
            self.tr("The rep sees your score and comments after their next sync.")
            if reviewable
            else self.tr("Only a submitted report can be rated and commented.")
        )

    def _edited(self) -> None:
        self.error.hide()
        reviewable = self.report is not None and self.report.status == "submitted"
        self.add_button.setEnabled(
            reviewable and not self._busy and bool(self.comment.toPlainText().strip())
        )

    # ---- reviewing -----------------------------------------------------------------------------
    def rate(self, score: int) -> None:
        report = self.report
        if report is None or self._busy:
            return
        store = self.context.store
        self._start()

        def done(saved: Report) -> None:
            self._busy = False
            if self.report is not None and self.report.id == saved.id:
                self.set_report(saved, self.author_name)
            self.context.notifier.notify(self.tr("Rated %1 of 5.").replace("%1", str(score)))
            self.sig_reviewed.emit()

        self.context.runner.db(
            lambda: queries.rate_report(store, report.id, score), done=done, failed=self._failed
        )

    def add_comment(self) -> None:
        report = self.report
        text = self.comment.toPlainText()
        if report is None or self._busy:
            return
        if not text.strip():
            self._show_error(self.tr("Write a comment first."))
            return
        store = self.context.store
        report_id: uuid.UUID = report.id
        self._start()

        def done(_comment: object) -> None:
            self._busy = False
            if self.report is not None and self.report.id == report_id:
                self.comment.clear()
            self._edited()
            self.set_report(self.report, self.author_name)
            self.context.notifier.notify(
                self.tr("Comment added; %1 sees it after the next sync.").replace(
                    "%1", self.author_name or self.tr("the rep")
                )
            )
            self.sig_reviewed.emit()

        self.context.runner.db(
            lambda: queries.add_comment(store, report_id, text), done=done, failed=self._failed
        )

    @property
    def busy(self) -> bool:
        return self._busy

    def _start(self) -> None:
        self._busy = True
        self.error.hide()
        for button in self.star_buttons:
            button.setEnabled(False)
        self.add_button.setEnabled(False)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.set_report(self.report, self.author_name)
        if isinstance(exc, ValidationError):
            self._show_error("; ".join(self._message(p) for p in exc.errors.values()))
        elif isinstance(exc, StoreError):
            self._show_error(str(exc))
        else:
            log.error("reviewing a report failed", exc_info=exc)
            self._show_error(self.tr("The review could not be saved: %1").replace("%1", str(exc)))

    def _message(self, problem: FieldError) -> str:
        if problem.code == "not_submitted":
            return self.tr("Only a submitted report can be rated and commented.")
        if problem.code == "required":
            return self.tr("Write a comment first.")
        if problem.code == "not_found":
            return self.tr("This report no longer exists.")
        return labels.error_text(None, problem)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
