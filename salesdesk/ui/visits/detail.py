"""The visit pane: where and whom, why, check-in and check-out, the outcome and next step,
the follow-up tasks, the photos and files, and the visit log."""

from __future__ import annotations

import html
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import Visit
from salesdesk.store import visits as visit_store
from salesdesk.store.store import ChangeSet
from salesdesk.ui import labels, timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.visits.actions import VisitActions
from salesdesk.ui.visits.attachments import AttachmentsPanel


def duration_text(minutes: int) -> str:
    from PySide6.QtCore import QCoreApplication

    if minutes < 60:
        return QCoreApplication.translate("VisitDetail", "%1 min").replace("%1", str(minutes))
    return (
        QCoreApplication.translate("VisitDetail", "%1 h %2 min")
        .replace("%1", str(minutes // 60))
        .replace("%2", str(minutes % 60))
    )


class VisitDetail(QWidget):
    """Everything about one visit, with its actions."""

    sig_open_customer = Signal(object)  # uuid.UUID

    def __init__(
        self, context: AppContext, actions: VisitActions, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.visit_actions = actions
        self.details: visit_store.VisitDetails | None = None
        self._generation = 0

        self.title = QLabel(self)
        self.title.setObjectName("visit_title")
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.linkActivated.connect(self._open_customer)
        self.title.setToolTip(self.tr("Open the customer"))
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("visit_subtitle")
        self.subtitle.setProperty("role", "muted")
        self.subtitle.setWordWrap(True)

        self.check_in_button = QPushButton(self.tr("Check in…"), self)
        self.check_in_button.setObjectName("check_in")
        self.check_out_button = QPushButton(self.tr("Check out…"), self)
        self.check_out_button.setObjectName("check_out")
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.setObjectName("edit_visit")
        self.cancel_button = QPushButton(self.tr("Cancel visit…"), self)
        self.cancel_button.setObjectName("cancel_visit")
        self.reopen_button = QPushButton(self.tr("Plan again"), self)
        self.reopen_button.setObjectName("reopen_visit")
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setObjectName("delete_visit")
        self.check_in_button.clicked.connect(lambda: self._act(self.visit_actions.check_in))
        self.check_out_button.clicked.connect(lambda: self._act(self.visit_actions.check_out))
        self.edit_button.clicked.connect(lambda: self._act(self.visit_actions.edit))
        self.cancel_button.clicked.connect(lambda: self._act(self.visit_actions.cancel))
        self.reopen_button.clicked.connect(self._reopen)
        self.delete_button.clicked.connect(lambda: self._act(self.visit_actions.delete))
        actions_row = QHBoxLayout()
        for button in (self.check_in_button, self.check_out_button, self.edit_button):
            actions_row.addWidget(button)
        actions_row.addStretch(1)
        for button in (self.cancel_button, self.reopen_button, self.delete_button):
            actions_row.addWidget(button)

        self.facts = QFormLayout()
        self.facts.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fact_labels: dict[str, QLabel] = {}
        for key, text in (
            ("address", self.tr("Address")),
            ("contact", self.tr("Contact")),
            ("purpose", self.tr("Purpose")),
            ("check_in", self.tr("Checked in")),
            ("check_out", self.tr("Checked out")),
            ("outcome", self.tr("Outcome")),
            ("next_step", self.tr("Next step")),
            ("tasks", self.tr("Follow-up tasks")),
        ):
            value = QLabel(self)
            value.setObjectName(f"fact_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fact_labels[key] = value
            self.facts.addRow(text, value)
        facts_widget = QWidget(self)
        facts_widget.setLayout(self.facts)
        facts_scroll = QScrollArea(self)
        facts_scroll.setWidget(facts_widget)
        facts_scroll.setWidgetResizable(True)
        facts_scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.attachments = AttachmentsPanel(context, self)
        self.log = QListWidget(self)
        self.log.setObjectName("visit_log")
        self.log.setWordWrap(True)
        self.log_input = QLineEdit(self)
        self.log_input.setObjectName("log_input")
        self.log_input.setPlaceholderText(self.tr("Add to the visit log and press Enter"))
        self.log_input.returnPressed.connect(self._add_note)
        log_page = QWidget(self)
        log_layout = QVBoxLayout(log_page)
        log_layout.addWidget(self.log, 1)
        log_layout.addWidget(self.log_input)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.attachments, self.tr("Photos and files"))
        self.tabs.addTab(log_page, self.tr("Visit log"))
        self.attachments.sig_count.connect(self._count_attachments)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(facts_scroll)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        self.empty = QLabel(self.tr("Select a visit to see it here."), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("role", "muted")

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(actions_row)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.empty, 1)
        self._set_visible(False)
        context.bus.sig_changed.connect(self._on_changes)

    def _set_visible(self, has_visit: bool) -> None:
        widgets: list[QWidget] = [self.title, self.subtitle, self.splitter]
        widgets += [
            self.check_in_button,
            self.check_out_button,
            self.edit_button,
            self.cancel_button,
            self.reopen_button,
            self.delete_button,
        ]
        for widget in widgets:
            widget.setVisible(has_visit)
        self.empty.setVisible(not has_visit)

    # ---- loading -------------------------------------------------------------------------------
    @property
    def visit_id(self) -> uuid.UUID | None:
        return self.details.item.visit.id if self.details else None

    @property
    def visit(self) -> Visit | None:
        return self.details.item.visit if self.details else None

    def show_visit(self, visit_id: uuid.UUID | None) -> None:
        self._generation += 1
        generation = self._generation
        if visit_id is None:
            self.details = None
            self.attachments.show_attachments(None, [])
            self._set_visible(False)
            return
        store = self.context.store

        def done(details: visit_store.VisitDetails | None) -> None:
            if generation == self._generation:
                self._show(details)

        self.context.runner.db(lambda: visit_store.load_details(store, visit_id), done=done)

    def _show(self, details: visit_store.VisitDetails | None) -> None:
        self.details = details
        self._set_visible(details is not None)
        if details is None:
            self.attachments.show_attachments(None, [])
            return
        item = details.item
        visit = item.visit
        name = html.escape(item.customer_name or self.tr("(no customer)"))
        self.title.setText(f'<a href="customer">{name}</a>' if visit.customer_id else name)
        when = " ".join(p for p in (timefmt.format_date(visit.planned_on), visit.planned_time) if p)
        parts = [labels.choice_label("visit", "status", visit.status), when]
        if visit.route_order and visit.status != "cancelled":
            parts.append(self.tr("stop %1 of the day").replace("%1", str(visit.route_order)))
        if details.rep_name and visit.rep_id != self.context.store.profile.user_id:
            parts.append(details.rep_name)
        self.subtitle.setText(" · ".join(p for p in parts if p))

        contact = " ".join(p for p in (item.contact_name, item.contact_mobile) if p)
        check_in = ""
        if visit.checked_in_at is not None:
            place = visit.check_in_address
            if visit.latitude is not None and visit.longitude is not None:
                place = f"{place} ({visit.latitude:.5f}, {visit.longitude:.5f})".strip()
            check_in = " · ".join(
                p for p in (timefmt.format_datetime(visit.checked_in_at), place) if p
            )
        check_out = ""
        if visit.checked_out_at is not None:
            check_out = timefmt.format_datetime(visit.checked_out_at)
            if visit.checked_in_at is not None:
                minutes = int((visit.checked_out_at - visit.checked_in_at).total_seconds() // 60)
                check_out += " · " + duration_text(max(minutes, 0))
        tasks = "\n".join(
            "• "
            + task.title
            + (" ✓" if task.status == "done" else "")
            + (f" ({timefmt.format_datetime(task.due_at)})" if task.due_at else "")
            for task in details.tasks
        )
        values = {
            "address": item.full_address,
            "contact": contact,
            "purpose": visit.purpose,
            "check_in": check_in,
            "check_out": check_out,
            "outcome": visit.outcome,
            "next_step": visit.next_step,
            "tasks": tasks,
        }
        for key, value in values.items():
            self.fact_labels[key].setText(value or "—")

        status = visit.status
        mine = visit.rep_id == self.context.store.profile.user_id
        self.check_in_button.setVisible(status == "planned")
        self.check_in_button.setEnabled(mine)
        self.check_out_button.setVisible(status == "in_progress")
        self.check_out_button.setEnabled(mine)
        self.cancel_button.setVisible(status in ("planned", "in_progress"))
        self.reopen_button.setVisible(status == "cancelled")
        if not mine:
            tip = self.tr("Only %1 can check in to this visit.").replace("%1", details.rep_name)
            self.check_in_button.setToolTip(tip)
            self.check_out_button.setToolTip(tip)
        else:
            self.check_in_button.setToolTip("")
            self.check_out_button.setToolTip("")

        self.attachments.show_attachments(visit.id, details.attachments)
        self.log.clear()
        for note in reversed(visit.notes):
            author = details.note_authors.get(note.by, "") if note.by else ""
            self.log.addItem(
                QListWidgetItem(f"{timefmt.format_datetime(note.at)}  {author}\n{note.text}")
            )
        self.tabs.setTabText(1, self.tr("Visit log (%1)").replace("%1", str(len(visit.notes))))

    def _count_attachments(self, count: int) -> None:
        self.tabs.setTabText(0, self.tr("Photos and files (%1)").replace("%1", str(count)))

    def _on_changes(self, changes: ChangeSet) -> None:
        current = self.visit_id
        if current is None:
            return
        if current in changes.ids("visit") or changes.touches(
            "attachment", "task", "customer", "contact"
        ):
            self.show_visit(current)

    # ---- actions -------------------------------------------------------------------------------
    def _act(self, action: object) -> None:
        visit_id = self.visit_id
        if visit_id is not None and callable(action):
            action(visit_id)

    def _reopen(self) -> None:
        visit_id = self.visit_id
        if visit_id is None:
            return
        store = self.context.store
        self.context.runner.db(
            lambda: visit_store.reopen_visit(store, visit_id),
            failed=lambda exc: self.context.notifier.show_error(str(exc)),
        )

    def _add_note(self) -> None:
        text = self.log_input.text().strip()
        visit_id = self.visit_id
        if text and visit_id is not None:
            self.visit_actions.add_note(visit_id, text, self.log_input.clear)

    def _open_customer(self, _link: str) -> None:
        visit = self.visit
        if visit is not None and visit.customer_id is not None:
            self.sig_open_customer.emit(visit.customer_id)
