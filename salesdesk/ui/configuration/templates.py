"""Report templates (汇报模板): the team's daily, weekly and monthly templates — name, written
sections and which are required, automatic figures, the deadline. One template is active per
kind; reports follow it, and reps get changes with their next sync."""

from __future__ import annotations

import logging
import uuid
from typing import Any, NamedTuple

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.defaults import FIGURES
from salesdesk.domain.entities import REPORT_KINDS, ReportTemplate
from salesdesk.domain.schema import ValidationError
from salesdesk.domain.team_config import new_section_key
from salesdesk.store import configuration as queries
from salesdesk.store.store import StoreError
from salesdesk.ui.configuration import names
from salesdesk.ui.configuration.rows import RowsEditor
from salesdesk.ui.context import AppContext
from salesdesk.ui.labels import QT_TRANSLATE_NOOP
from salesdesk.ui.reports import names as report_names

log = logging.getLogger(__name__)
WEEKDAYS = (
    QT_TRANSLATE_NOOP("TemplatesTab", "Monday"),
    QT_TRANSLATE_NOOP("TemplatesTab", "Tuesday"),
    QT_TRANSLATE_NOOP("TemplatesTab", "Wednesday"),
    QT_TRANSLATE_NOOP("TemplatesTab", "Thursday"),
    QT_TRANSLATE_NOOP("TemplatesTab", "Friday"),
    QT_TRANSLATE_NOOP("TemplatesTab", "Saturday"),
    QT_TRANSLATE_NOOP("TemplatesTab", "Sunday"),
)


def error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(f"error_{name}")
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.hide()
    return label


def with_error(editor: QWidget, error: QLabel) -> QWidget:
    cell = QWidget(editor.parentWidget())
    box = QVBoxLayout(cell)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    box.addWidget(editor)
    box.addWidget(error)
    return cell


class EditorPane(NamedTuple):
    """What :func:`list_and_editor` made: the editor's problem line and its buttons."""

    problem: QLabel
    save_button: QPushButton
    revert_button: QPushButton


def list_and_editor(
    owner: QWidget, left: QWidget, form: QWidget, name: str, save: str, revert: str
) -> EditorPane:
    """Lay ``owner`` out as a list (``left``) beside its editor: ``form`` scrolling, a problem
    line under it and Undo changes / Save buttons (``revert`` / ``save``, translated by the
    caller; object names ``<name>_problem``, ``save_<name>``, ``revert_<name>``)."""
    scroll = QScrollArea(owner)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(form)
    problem = QLabel(owner)
    problem.setObjectName(f"{name}_problem")
    problem.setProperty("role", "error")
    problem.setWordWrap(True)
    problem.hide()
    save_button = QPushButton(save, owner)
    save_button.setObjectName(f"save_{name}")
    revert_button = QPushButton(revert, owner)
    revert_button.setObjectName(f"revert_{name}")
    foot = QHBoxLayout()
    foot.addStretch(1)
    foot.addWidget(revert_button)
    foot.addWidget(save_button)
    right = QWidget(owner)
    right_layout = QVBoxLayout(right)
    right_layout.setContentsMargins(8, 0, 0, 0)
    right_layout.addWidget(scroll, 1)
    right_layout.addWidget(problem)
    right_layout.addLayout(foot)
    splitter = QSplitter(Qt.Orientation.Horizontal, owner)
    splitter.addWidget(left)
    splitter.addWidget(right)
    splitter.setStretchFactor(0, 1)
    splitter.setStretchFactor(1, 2)
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(splitter)
    return EditorPane(problem, save_button, revert_button)


class TemplatesTab(QWidget):
    sig_saved = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.templates: list[ReportTemplate] = []
        self.current: ReportTemplate | None = None  # None with the form shown: a new one
        self._busy = False

        self.list = QListWidget(self)
        self.list.setObjectName("template_list")
        self.new_button = QPushButton(self.tr("New template"), self)
        self.new_button.setObjectName("new_template")
        self.active_button = QPushButton(self.tr("Deactivate"), self)
        self.active_button.setObjectName("template_active")
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.new_button)
        list_buttons.addWidget(self.active_button)
        list_buttons.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(list_buttons)

        form_widget = QWidget(self)
        form = QFormLayout(form_widget)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, QLabel] = {}
        self.name = QLineEdit(form_widget)
        self.name.setObjectName("field_name")
        self.name.setMaxLength(80)
        self.kind = QComboBox(form_widget)
        self.kind.setObjectName("field_kind")
        for kind in REPORT_KINDS:
            self.kind.addItem(report_names.kind_name(kind), kind)
        self.deadline_time = QLineEdit(form_widget)
        self.deadline_time.setObjectName("field_deadline_time")
        self.deadline_time.setPlaceholderText("18:00")
        self.deadline_time.setMaxLength(5)
        self.weekday = QComboBox(form_widget)
        self.weekday.setObjectName("field_weekday")
        for number, day in enumerate(WEEKDAYS, 1):
            self.weekday.addItem(self.tr(day), number)
        self.month_day = QSpinBox(form_widget)
        self.month_day.setObjectName("field_month_day")
        self.month_day.setRange(0, 31)
        self.month_day.setSpecialValueText(self.tr("Last day of the month reported"))
        self.day_note = QLabel(form_widget)
        self.day_note.setObjectName("deadline_note")
        self.day_note.setProperty("role", "muted")
        self.day_note.setWordWrap(True)
        day_box = QWidget(form_widget)
        day_layout = QVBoxLayout(day_box)
        day_layout.setContentsMargins(0, 0, 0, 0)
        day_layout.addWidget(self.weekday)
        day_layout.addWidget(self.month_day)
        day_layout.addWidget(self.day_note)
        self.figures: dict[str, QCheckBox] = {}
        figures_box = QWidget(form_widget)
        figures_grid = QGridLayout(figures_box)
        figures_grid.setContentsMargins(0, 0, 0, 0)
        for number, key in enumerate(FIGURES):
            box = QCheckBox(report_names.figure_name(key), figures_box)
            box.setObjectName(f"figure_{key}")
            self.figures[key] = box
            figures_grid.addWidget(box, number // 2, number % 2)
        self.sections = RowsEditor(
            self.tr("Section"),
            text_key="title",
            id_key="key",
            new_id=new_section_key,
            parent=form_widget,
        )
        self.sections.set_object_names("sections")
        self.active = QCheckBox(self.tr("Active: reports of this kind follow this template"), self)
        self.active.setObjectName("field_active")
        for name, label, editor in (
            ("name", names.field("report_template", "name"), self.name),
            ("kind", names.field("report_template", "kind"), self.kind),
            ("deadline_time", names.field("report_template", "deadline_time"), self.deadline_time),
            ("deadline_day", names.field("report_template", "deadline_day"), day_box),
            ("figures", names.field("report_template", "figures"), figures_box),
            ("sections", names.field("report_template", "sections"), self.sections),
            ("active", "", self.active),
        ):
            self.errors[name] = error_label(form_widget, name)
            form.addRow(label, with_error(editor, self.errors[name]))
        self.problem, self.save_button, self.revert_button = list_and_editor(
            self, left, form_widget, "template", self.tr("Save template"), self.tr("Undo changes")
        )

        self.list.currentRowChanged.connect(self._chosen)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.new_button.clicked.connect(self.new_template)
        self.active_button.clicked.connect(self.toggle_active)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(lambda: self.show_template(self.current))
        self.name.textEdited.connect(lambda _t: self._clear("name"))
        self.deadline_time.textEdited.connect(lambda _t: self._clear("deadline_time"))
        self.sections.sig_edited.connect(lambda: self._clear("sections"))
        self.show_template(None)

    # ---- the list ------------------------------------------------------------------------------
    def set_templates(self, templates: list[ReportTemplate], select: uuid.UUID | None) -> None:
        keep = select or (self.current.id if self.current else None)
        self.templates = templates
        self.list.blockSignals(True)
        self.list.clear()
        for template in templates:
            text = f"{template.name} · {report_names.kind_name(template.kind)}"
            if template.deadline_time:
                text += " · " + self.tr("due %1").replace("%1", template.deadline_time)
            if not template.active:
                text += " " + self.tr("(inactive)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, template.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        ids = [t.id for t in templates]
        if keep in ids:
            self.list.setCurrentRow(ids.index(keep))
        elif templates:
            self.list.setCurrentRow(0)
        else:
            self.show_template(None)

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self.templates):
            self.show_template(self.templates[row])

    # ---- the form ------------------------------------------------------------------------------
    def show_template(self, template: ReportTemplate | None) -> None:
        self.current = template
        self._clear_all()
        values: dict[str, Any] = (
            template.values()
            if template is not None
            else {
                "name": "",
                "kind": "weekly",
                "deadline_time": "18:00",
                "deadline_day": 5,
                "figures": list(FIGURES),
                "sections": [],
                "active": True,
            }
        )
        self.name.setText(values["name"])
        self.kind.setCurrentIndex(max(self.kind.findData(values["kind"]), 0))
        self.kind.setEnabled(template is None)  # reports keep the kind of their template
        self.deadline_time.setText(values["deadline_time"])
        day = int(values["deadline_day"] or 0)
        self.weekday.setCurrentIndex(max(self.weekday.findData(day or 7), 0))
        self.month_day.setValue(day)
        for key, box in self.figures.items():
            box.setChecked(key in values["figures"])
        self.sections.set_rows([dict(s) for s in values["sections"] if isinstance(s, dict)])
        self.active.setChecked(bool(values["active"]))
        self._kind_changed()
        self.active_button.setEnabled(template is not None)
        self.active_button.setText(
            self.tr("Activate")
            if template is not None and not template.active
            else self.tr("Deactivate")
        )

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.weekday.setVisible(kind == "weekly")
        self.month_day.setVisible(kind == "monthly")
        notes = {
            "daily": self.tr("A daily report is due on its own day."),
            "weekly": self.tr("The day of the reported week the report is due."),
            "monthly": self.tr("The day of the next month the report is due."),
        }
        self.day_note.setText(notes.get(kind, ""))

    def values(self) -> dict[str, Any]:
        kind = self.kind.currentData()
        day = 0
        if kind == "weekly":
            day = int(self.weekday.currentData())
        elif kind == "monthly":
            day = self.month_day.value()
        return {
            "name": self.name.text(),
            "kind": kind,
            "deadline_time": self.deadline_time.text().strip(),
            "deadline_day": day,
            "figures": [key for key in FIGURES if self.figures[key].isChecked()],
            "sections": self.sections.rows(),
            "active": self.active.isChecked(),
        }

    def new_template(self) -> None:
        self.list.clearSelection()
        self.show_template(None)
        self.sections.set_rows([])
        self.name.setFocus()

    # ---- saving --------------------------------------------------------------------------------
    def save(self) -> None:
        if self._busy:
            return
        values = self.values()
        store = self.context.store
        template_id = self.current.id if self.current else None
        self._set_busy(True)

        def done(result: tuple[ReportTemplate, list[uuid.UUID]]) -> None:
            self._set_busy(False)
            saved, retired = result
            self.current = saved
            message = self.tr("Template saved; reps get it with their next sync.")
            if retired:
                message = self.tr(
                    "Template saved and made the active %1; the previous one was deactivated."
                ).replace("%1", report_names.kind_name(saved.kind))
            self.context.notifier.notify(message)
            self.sig_saved.emit()

        self.context.runner.db(
            lambda: queries.save_template(store, values, template_id),
            done=done,
            failed=self._failed,
        )

    def toggle_active(self) -> None:
        template = self.current
        if template is None or self._busy:
            return
        store, active = self.context.store, not template.active
        self._set_busy(True)

        def done(result: tuple[ReportTemplate, list[uuid.UUID]]) -> None:
            self._set_busy(False)
            self.current = result[0]
            self.context.notifier.notify(
                self.tr("Template activated.") if active else self.tr("Template deactivated.")
            )
            self.sig_saved.emit()

        self.context.runner.db(
            lambda: queries.set_template_active(store, template.id, active),
            done=done,
            failed=self._failed,
        )

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self.active_button.setEnabled(not busy and self.current is not None)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            self.show_errors(exc)
        elif isinstance(exc, StoreError):
            self._problem(str(exc))
        else:
            log.error("saving a template failed", exc_info=exc)
            self._problem(self.tr("Saving failed: %1").replace("%1", str(exc)))

    def show_errors(self, error: ValidationError) -> None:
        self._clear_all()
        others = []
        for field, problem in error.errors.items():
            text = names.message(problem)
            if field.startswith("sections."):
                self.sections.show_error(int(field.split(".")[1]), text)
            elif field == "sections":
                self.sections.show_error(None, text)
            elif field in self.errors:
                self.errors[field].setText(text)
                self.errors[field].show()
            else:
                others.append(text)
        if others:
            self._problem("; ".join(others))

    def error_text(self, name: str) -> str:
        if name == "sections":
            return self.sections.error.text() if not self.sections.error.isHidden() else ""
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
        self.sections.error.hide()
        self.problem.hide()
