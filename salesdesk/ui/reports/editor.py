"""The report form: automatic figures, the template's written sections, the manager's review.

A report is written offline: while the author types, the draft is saved a
moment after the last keystroke (and by **Save draft**), as a Report row with
status ``draft``. **Submit** checks the required sections (messages under
each one), then saves the report as submitted; from then on it is read-only
for its author. The figures are computed from the author's own visits,
customers, deals and tasks on the database thread and shown read-only.
Comments and the rating appear once the manager's review has synced.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import uuid
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import Report
from salesdesk.domain.periods import Period
from salesdesk.domain.reports import submit_errors
from salesdesk.domain.schema import ValidationError, utcnow
from salesdesk.store import reports as queries
from salesdesk.store.store import ChangeSet, StoreError
from salesdesk.ui import labels, timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.reports import names
from salesdesk.ui.reports.model import stars
from salesdesk.ui.runner import Ticket

log = logging.getLogger(__name__)
AUTOSAVE_MS = 1500
FIGURE_SOURCES = ("visit", "customer", "deal", "deal_stage_change", "task", "pipeline_stage")
FIGURE_REFRESH_MS = 600


class SectionText(QPlainTextEdit):
    """A section's text box: about five lines high; longer text scrolls inside it."""

    def sizeHint(self) -> QSize:
        lines = self.fontMetrics().lineSpacing()
        return QSize(400, lines * 5 + 12)

    def minimumSizeHint(self) -> QSize:
        lines = self.fontMetrics().lineSpacing()
        return QSize(200, lines * 3 + 12)


class SectionEditor(QWidget):
    """One written section: its title, a text box, and the message shown when it is missing."""

    def __init__(self, key: str, title: str, required: bool, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.key = key
        self.required = required
        self.name = title
        self.title = QLabel(title + (" *" if required else ""), self)
        self.title.setProperty("role", "heading")
        self.title.setObjectName(f"title_{key}")
        self.text = SectionText(self)
        self.text.setObjectName(f"section_{key}")
        self.text.setTabChangesFocus(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.reading = QLabel(self)  # the text as read once it can no longer change
        self.reading.setObjectName(f"reading_{key}")
        self.reading.setWordWrap(True)
        self.reading.setTextFormat(Qt.TextFormat.PlainText)
        self.reading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reading.setContentsMargins(2, 0, 0, 6)
        self.reading.hide()
        self.error = QLabel(self)
        self.error.setObjectName(f"error_{key}")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.reading)
        layout.addWidget(self.error)

    def value(self) -> str:
        return self.text.toPlainText()

    def set_value(self, text: str, *, editable: bool) -> None:
        self.title.setText(self.name + (" *" if self.required and editable else ""))
        self.text.setPlainText(text)
        self.text.setReadOnly(not editable)
        self.text.setVisible(editable)
        self.reading.setText(text.strip() or "—")
        self.reading.setProperty("role", "" if text.strip() else "muted")
        self.reading.setVisible(not editable)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()


class ReportEditor(QWidget):
    """Shows one report form (``store.reports.ReportForm``) and saves what the author writes."""

    sig_saved = Signal(object)  # Report, after a draft was saved
    sig_submitted = Signal(object)  # Report
    sig_loaded = Signal(object)  # ReportForm

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, read_only: bool = False
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.read_only = read_only  # only ever shows reports (the manager's Review area)
        self.form: queries.ReportForm | None = None
        self.tz: dt.tzinfo = queries.local_zone()
        self.clock: Callable[[], dt.datetime] = utcnow
        self.sections: dict[str, SectionEditor] = {}
        self.figure_labels: dict[str, QLabel] = {}
        self._report_id: uuid.UUID | None = None
        self._dirty = False
        self._saving = False
        self._saved_at: dt.datetime | None = None
        self._generation = 0
        self._editable = False
        self._stale = False  # changed while hidden: reload when shown
        self._loading = False

        self.title = QLabel(self)
        self.title.setObjectName("report_title")
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.badge = QLabel(self)
        self.badge.setObjectName("report_state")
        self.badge.setProperty("role", "badge")
        self.meta = QLabel(self)
        self.meta.setObjectName("report_meta")
        self.meta.setProperty("role", "muted")
        self.meta.setWordWrap(True)
        self.banner = QLabel(self)
        self.banner.setObjectName("report_banner")
        self.banner.setProperty("role", "warning")
        self.banner.setWordWrap(True)
        self.banner.hide()

        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)

        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget(self.scroll_area)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 6, 0)
        self.scroll_area.setWidget(self.body)

        self.figures_box = QGroupBox(self.tr("Figures from your data"), self.body)
        self.figures_box.setObjectName("figures")
        self.figures_grid = QGridLayout(self.figures_box)
        self.figures_grid.setHorizontalSpacing(18)
        self.figures_note = QLabel(self.figures_box)
        self.figures_note.setProperty("role", "muted")
        self.figures_note.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Refresh"), self.figures_box)
        self.refresh_button.setObjectName("refresh_figures")
        self.refresh_button.setToolTip(self.tr("Count the figures again from your data"))
        self.refresh_button.clicked.connect(self.refresh_figures)

        self.sections_box = QWidget(self.body)
        self.sections_layout = QVBoxLayout(self.sections_box)
        self.sections_layout.setContentsMargins(0, 0, 0, 0)
        self.sections_layout.setSpacing(10)

        self.review_box = QGroupBox(self.tr("Manager's review"), self.body)
        self.review_box.setObjectName("review")
        self.review_score = QLabel(self.review_box)
        self.review_score.setObjectName("review_score")
        self.review_read = QLabel(self.review_box)
        self.review_read.setObjectName("review_read")
        self.review_read.setProperty("role", "muted")
        self.comments = QLabel(self.review_box)
        self.comments.setObjectName("comments")
        self.comments.setWordWrap(True)
        self.comments.setTextFormat(Qt.TextFormat.PlainText)
        self.comments.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        review_layout = QVBoxLayout(self.review_box)
        review_layout.addWidget(self.review_score)
        review_layout.addWidget(self.review_read)
        review_layout.addWidget(self.comments)

        self.body_layout.addWidget(self.figures_box)
        self.body_layout.addWidget(self.sections_box)
        self.body_layout.addWidget(self.review_box)
        self.body_layout.addStretch(1)

        self.save_state = QLabel(self)
        self.save_state.setObjectName("save_state")
        self.save_state.setProperty("role", "muted")
        self.save_button = QPushButton(self.tr("Save draft"), self)
        self.save_button.setObjectName("save_report")
        self.save_button.setToolTip(self.tr("Drafts are also saved while you type"))
        self.submit_button = QPushButton(self.tr("Submit…"), self)
        self.submit_button.setObjectName("submit_report")
        self.submit_button.setDefault(True)
        self.save_button.clicked.connect(self.save_now)
        self.submit_button.clicked.connect(self.submit)
        foot = QHBoxLayout()
        foot.addWidget(self.save_state, 1)
        foot.addWidget(self.save_button)
        foot.addWidget(self.submit_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.meta)
        layout.addWidget(self.banner)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(foot)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self._save)
        self._figure_timer = QTimer(self)
        self._figure_timer.setSingleShot(True)
        self._figure_timer.setInterval(FIGURE_REFRESH_MS)
        self._figure_timer.timeout.connect(self.refresh_figures)
        context.bus.sig_changed.connect(self._on_changes)
        self._set_buttons()

    # ---- state ---------------------------------------------------------------------------------
    @property
    def report_id(self) -> uuid.UUID | None:
        return self._report_id

    @property
    def editable(self) -> bool:
        return self._editable

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def busy(self) -> bool:
        """Loading or saving, or about to save (an edit waits for the auto-save)."""
        return self._loading or self._saving or self._autosave.isActive()

    def section_values(self) -> dict[str, str]:
        return {key: editor.value() for key, editor in self.sections.items()}

    # ---- loading -------------------------------------------------------------------------------
    def load(
        self,
        kind: str,
        period: Period,
        *,
        author_id: uuid.UUID | None = None,
        report_id: uuid.UUID | None = None,
    ) -> None:
        """Show a report: by id, or the author's (default: mine) for a kind and period.

        Unsaved text of the report shown so far is saved first.
        """
        self.flush()
        self._generation += 1
        generation = self._generation
        store, tz = self.context.store, self.tz

        self._loading = True

        def done(form: queries.ReportForm) -> None:
            if generation == self._generation:
                self._loading = False
                self.show_form(form)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._loading = False
            self._failed(exc)

        self.context.runner.db(
            lambda: queries.load_form(
                store, kind, period, author_id=author_id, report_id=report_id, tz=tz
            ),
            done=done,
            failed=failed,
        )

    def reload(self) -> None:
        if self.form is not None:
            self.load(
                self.form.kind,
                self.form.period,
                author_id=self.form.author_id,
                report_id=self._report_id,
            )

    def show_form(self, form: queries.ReportForm) -> None:
        self.form = form
        self._report_id = form.report.id if form.report is not None else None
        self._dirty = False
        self._saved_at = form.report.updated_at if form.report is not None else None
        self._editable = not self.read_only and form.editable_by(self.context.store.profile.user_id)
        self._build_sections(form)
        self._show_figures(form.figures)
        self._show_header(form)
        self._show_review(form)
        self._set_buttons()
        self.sig_loaded.emit(form)

    def _build_sections(self, form: queries.ReportForm) -> None:
        for editor in self.sections.values():
            self.sections_layout.removeWidget(editor)
            editor.hide()
            editor.deleteLater()
        self.sections = {}
        template_sections = list(form.template.sections) if form.template is not None else []
        known = set()
        for section in template_sections:
            if not isinstance(section, dict) or not section.get("key"):
                continue
            key = str(section["key"])
            known.add(key)
            self._add_section(key, names.section_title(section), bool(section.get("required")))
        for key, value in form.sections.items():  # text kept from sections the template dropped
            if key not in known and isinstance(value, str) and value.strip():
                self._add_section(key, names.section_title({"key": key}), False)
        stored = form.sections
        for key, editor in self.sections.items():
            value = stored.get(key)
            editor.set_value(value if isinstance(value, str) else "", editable=self._editable)
            editor.text.textChanged.connect(lambda key=key: self._edited(key))

    def _add_section(self, key: str, title: str, required: bool) -> None:
        editor = SectionEditor(key, title, required, self.sections_box)
        self.sections_layout.addWidget(editor)
        self.sections[key] = editor

    def _show_figures(self, figures: dict[str, int | Decimal]) -> None:
        while self.figures_grid.count():
            item = self.figures_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget not in (self.figures_note, self.refresh_button):
                widget.deleteLater()
        self.figure_labels = {}
        keys = list(self.form.template.figures) if self.form and self.form.template else []
        keys = [k for k in keys if k in figures] + [k for k in figures if k not in keys]
        columns = 3
        for number, key in enumerate(keys):
            name = QLabel(names.figure_name(key), self.figures_box)
            name.setProperty("role", "muted")
            name.setWordWrap(True)
            value = QLabel(names.figure_value(key, figures[key]), self.figures_box)
            value.setObjectName(f"figure_{key}")
            value.setProperty("role", "heading")
            row, column = divmod(number, columns)
            self.figures_grid.addWidget(name, row * 2, column)
            self.figures_grid.addWidget(value, row * 2 + 1, column)
            self.figure_labels[key] = value
        last = (len(keys) + columns - 1) // columns * 2
        self.figures_grid.addWidget(self.figures_note, last, 0, 1, 2)
        self.figures_grid.addWidget(
            self.refresh_button, last, columns - 1, Qt.AlignmentFlag.AlignRight
        )
        self.figures_box.setVisible(bool(keys))
        live = self.form is not None and not self.form.submitted
        self.refresh_button.setVisible(live and self._editable)
        now = timefmt.local(self.clock()).strftime("%H:%M")
        self.figures_note.setText(
            self.tr("Counted at %1 from your visits, customers, deals and tasks").replace("%1", now)
            if live
            else self.tr("As submitted")
        )

    def _show_header(self, form: queries.ReportForm) -> None:
        title = f"{names.kind_name(form.kind)} · {names.period_text(form.period)}"
        me = self.context.store.profile.user_id
        if form.author_id != me and form.author_name:
            title = f"{form.author_name} · {title}"
        self.title.setText(title)
        state = self._state(form)
        self.badge.setText(names.state_name(state))
        self.badge.setVisible(True)
        parts = []
        if form.deadline is not None:
            parts.append(
                self.tr("Deadline %1").replace("%1", timefmt.format_datetime(form.deadline))
            )
        if form.report is not None and form.report.submitted_at is not None:
            parts.append(
                self.tr("submitted %1").replace(
                    "%1", timefmt.format_datetime(form.report.submitted_at)
                )
            )
        if form.unsynced:
            parts.append(self.tr("waiting to be sent to the server"))
        self.meta.setText(" · ".join(parts))
        if form.template is None:
            self.banner.setText(
                self.tr(
                    "Your team has no template for this kind of report yet. "
                    "Your manager sets templates up; they arrive with the next sync."
                )
            )
        elif form.submitted and form.author_id == me:
            self.banner.setText(self.tr("This report is submitted and can no longer be changed."))
        elif form.author_id != me:
            self.banner.setText(self.tr("You are reading a colleague's report."))
        else:
            self.banner.setText("")
        self.banner.setVisible(bool(self.banner.text()))
        self._show_save_state()

    def _state(self, form: queries.ReportForm) -> str:
        if form.report is None:
            return "new"
        template = form.template
        state, _deadline = queries.report_state(form.report, template, self.tz, self.clock())
        return state

    def _show_review(self, form: queries.ReportForm) -> None:
        report = form.report
        reviewed = report is not None and (
            report.score is not None or report.read_at is not None or bool(form.comments)
        )
        self.review_box.setVisible(form.submitted or reviewed)
        if report is not None and report.score is not None:
            text = self.tr("Rating: %1 (%2 of 5)").replace("%1", stars(report.score))
            text = text.replace("%2", str(report.score))
            if form.reviewer_name:
                text += " · " + form.reviewer_name
            self.review_score.setText(text)
        else:
            self.review_score.setText(self.tr("Not rated yet."))
        if report is not None and report.read_at is not None:
            self.review_read.setText(
                self.tr("Read by the manager on %1").replace(
                    "%1", timefmt.format_datetime(report.read_at)
                )
            )
            self.review_read.show()
        else:
            self.review_read.hide()
        if form.comments:
            self.comments.setText(
                "\n\n".join(
                    f"{c.author_name} · {timefmt.format_datetime(c.at)}\n{c.body}"
                    for c in form.comments
                )
            )
        elif form.author_id == self.context.store.profile.user_id:
            self.comments.setText(
                self.tr("No comments yet. Comments from your manager appear after a sync.")
            )
        else:
            self.comments.setText(self.tr("No comments yet."))

    def _set_buttons(self) -> None:
        self.save_button.setVisible(self._editable)
        self.submit_button.setVisible(self._editable)

    def _show_save_state(self) -> None:
        if self.form is None or not self._editable:
            self.save_state.setText("")
        elif self._saving:
            self.save_state.setText(self.tr("Saving…"))
        elif self._dirty:
            self.save_state.setText(self.tr("Changes not saved yet"))
        elif self._report_id is None:
            self.save_state.setText(self.tr("Not written yet"))
        elif self._saved_at is not None:
            self.save_state.setText(
                self.tr("Draft saved %1").replace("%1", timefmt.format_datetime(self._saved_at))
            )
        else:
            self.save_state.setText("")

    # ---- editing and saving --------------------------------------------------------------------
    def _edited(self, key: str) -> None:
        if not self._editable:
            return
        self.sections[key].error.hide()
        self._dirty = True
        self._autosave.start()
        self._show_save_state()

    def save_now(self) -> None:
        """Save the draft now (the Save draft button)."""
        self._dirty = True
        self._save()

    def flush(self) -> Ticket | None:
        """Save unsaved text right away; returns the save's ticket, if one was started."""
        if self._editable and self._dirty:
            return self._save()
        return None

    def _save(self) -> Ticket | None:
        self._autosave.stop()
        form = self.form
        if form is None or not self._editable:
            return None
        if self._saving:  # one save at a time; the newest text is saved right after
            self._autosave.start()
            return None
        sections = self.section_values()
        store, tz, report_id = self.context.store, self.tz, self._report_id
        self._saving = True
        self._show_save_state()
        generation = self._generation

        def done(report: Report) -> None:
            self._saving = False
            if generation != self._generation:
                return
            self._report_id = report.id
            self._saved_at = report.updated_at
            if self.form is not None and self.form.report is None:
                self.form = dataclasses.replace(self.form, report=report)  # now it exists
            if self.section_values() == sections:
                self._dirty = False
            if self.form is not None:
                self._show_header(self.form)
            self.sig_saved.emit(report)

        def failed(exc: BaseException) -> None:
            self._saving = False
            self._failed(exc)

        try:
            return self.context.runner.db(
                lambda: queries.save_draft(
                    store,
                    kind=form.kind,
                    period=form.period,
                    sections=sections,
                    report_id=report_id,
                    tz=tz,
                ),
                done=done,
                failed=failed,
            )
        except RuntimeError:  # the runner has shut down: the app closed (after saving)
            self._saving = False
            return None

    def validate(self) -> bool:
        """Check the required sections here (messages under them); True if it can be submitted."""
        form = self.form
        if form is None or form.template is None:
            return False
        now = self.clock()
        draft = Report(
            id=self._report_id or uuid.uuid4(),
            created_at=now,
            updated_at=now,
            kind=form.kind,
            period_start=form.period.start,
            period_end=form.period.end,
            sections=self.section_values(),
        )
        errors = submit_errors(form.template, draft)
        self._show_errors(ValidationError(errors))
        return not errors

    def _show_errors(self, error: ValidationError) -> list[str]:
        """Messages under their sections; returns those that belong to no section."""
        for editor in self.sections.values():
            editor.error.hide()
        others: list[str] = []
        first: SectionEditor | None = None
        for name, problem in error.errors.items():
            key = name.removeprefix("sections.")
            section = self.sections.get(key) if name.startswith("sections.") else None
            if section is None:
                others.append(labels.error_text(None, problem))
                continue
            message = (
                self.tr("Please write this section before submitting.")
                if problem.code == "required"
                else labels.error_text(None, problem)
            )
            section.show_error(message)
            first = first or section
        if first is not None:
            shown = first
            shown.text.setFocus()
            QTimer.singleShot(0, self, lambda: self.scroll_area.ensureWidgetVisible(shown))
        return others

    def submit(self) -> None:
        """Check, confirm and submit (the Submit button)."""
        form = self.form
        if form is None or not self._editable:
            return
        self._autosave.stop()
        if not self.validate():
            self.context.notifier.show_error(
                self.tr("Some required sections are empty: the report was not submitted.")
            )
            return
        answer = QMessageBox.question(
            self,
            self.tr("Submit report"),
            self.tr("Submit your %1 for %2?\nAfter submitting you can no longer change it.")
            .replace("%1", names.kind_name(form.kind))
            .replace("%2", names.period_text(form.period)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        sections = self.section_values()
        store, tz, report_id, now = self.context.store, self.tz, self._report_id, self.clock()
        self.submit_button.setEnabled(False)

        def done(report: Report) -> None:
            self.submit_button.setEnabled(True)
            self._dirty = False
            self._report_id = report.id
            self.context.notifier.notify(
                self.tr("%1 submitted.").replace("%1", names.kind_name(form.kind))
            )
            self.sig_submitted.emit(report)
            self.reload()

        def failed(exc: BaseException) -> None:
            self.submit_button.setEnabled(True)
            self._failed(exc)

        self.context.runner.db(
            lambda: queries.submit_report(
                store,
                kind=form.kind,
                period=form.period,
                sections=sections,
                report_id=report_id,
                now=now,
                tz=tz,
            ),
            done=done,
            failed=failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self._show_save_state()
        if isinstance(exc, ValidationError):
            if "status" in exc.errors:  # submitted meanwhile (on another device, synced)
                self.context.notifier.show_error(
                    self.tr("This report was already submitted; it can no longer be changed.")
                )
                self.reload()
                return
            others = self._show_errors(exc)
            if others:
                self.context.notifier.show_error("; ".join(others))
        elif isinstance(exc, StoreError):
            self.context.notifier.show_error(str(exc))
        else:
            log.error("report work failed", exc_info=exc)
            self.context.notifier.show_error(
                self.tr("The report could not be saved: %1").replace("%1", str(exc))
            )

    # ---- figures -------------------------------------------------------------------------------
    def refresh_figures(self) -> None:
        form = self.form
        if form is None or form.submitted or form.template is None or not self.isVisible():
            return
        store, tz, generation = self.context.store, self.tz, self._generation

        def done(figures: dict[str, int | Decimal]) -> None:
            if generation == self._generation and self.form is not None:
                self.form = dataclasses.replace(self.form, figures=figures)
                self._show_figures(figures)

        self.context.runner.db(
            lambda: queries.refresh_figures(store, form, tz), done=done, failed=self._failed
        )

    def figure_text(self, key: str) -> str:
        label = self.figure_labels.get(key)
        return label.text() if label is not None else ""

    # ---- changes from elsewhere ----------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        stale, self._stale = self._stale, False
        if stale and self.form is not None:
            if self._dirty or self.busy:
                self._refresh_review()
                self.refresh_figures()
            else:
                self.reload()

    def _on_changes(self, changes: ChangeSet) -> None:
        form = self.form
        if form is None:
            return
        watched = ("report", "report_comment", "report_template", *FIGURE_SOURCES)
        if not self.isVisible():  # brought up to date when shown again
            self._stale = self._stale or changes.touches(*watched)
            return
        if self._editable and changes.touches(*FIGURE_SOURCES):
            self._figure_timer.start()
        if not changes.touches("report", "report_comment", "report_template"):
            return
        own_save = (
            changes.source == "local"
            and set(changes.rows) == {"report"}
            and (self._report_id is None or changes.ids("report") <= {self._report_id})
            and self._editable
        )
        if own_save:
            return
        if self._dirty or self.busy:
            self._refresh_review()
        else:
            self.reload()

    def _refresh_review(self) -> None:
        """Update the review, state and header, keeping the text being written."""
        form = self.form
        if form is None:
            return
        store, tz, generation = self.context.store, self.tz, self._generation

        def done(fresh: queries.ReportForm) -> None:
            if generation != self._generation or self.form is None:
                return
            if fresh.submitted and not self.form.submitted:
                self.show_form(fresh)  # submitted on another device: show what was submitted
                return
            self.form = dataclasses.replace(self.form, comments=fresh.comments, report=fresh.report)
            self._show_header(self.form)
            self._show_review(self.form)

        self.context.runner.db(
            lambda: queries.load_form(
                store,
                form.kind,
                form.period,
                author_id=form.author_id,
                report_id=self._report_id,
                tz=tz,
            ),
            done=done,
            failed=self._failed,
        )
