"""The Visits area: a day or a week of visits in route order, grouped by area, with the
visit pane beside it.

- **Day**: the day's route, stop by stop, under headings per area (province,
  city, district) in the order the rep drives them; cancelled visits last.
  Reorder with Move up/Move down (Alt+↑/↓) or by dragging a stop; **Plan
  route** plans the day afresh (area by area, nearest next) — with Undo.
- **Week**: Monday to Sunday, each day's stops in route order; drag a visit
  onto another day to move it there. Double-click a day to open it.

Filters: status, and for managers whose visits (mine, a rep's, everyone's).
The list reloads itself when visits, customers or attachments change.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QLocale, QMimeData, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import VISIT_STATUSES, User, Visit
from salesdesk.domain.schema import ValidationError
from salesdesk.store import visits as visit_store
from salesdesk.store.store import ChangeSet
from salesdesk.store.visits import VisitItem
from salesdesk.ui import labels, timefmt
from salesdesk.ui.context import AppContext
from salesdesk.ui.settings import VISITS_SPLITTER, VISITS_VIEW
from salesdesk.ui.visits.actions import VisitActions
from salesdesk.ui.visits.detail import VisitDetail
from salesdesk.ui.visits.dialogs import rule_message

VISIT_ROLE = Qt.ItemDataRole.UserRole
DAY_ROLE = Qt.ItemDataRole.UserRole + 1
MIME_VISIT = "application/x-salesdesk-visit"
RELOAD_DELAY_MS = 60
ACTIVE = ("planned", "in_progress", "done")
COLUMNS = 6  # #, time, customer, purpose, address, status


def find_data(combo: QComboBox, value: object) -> int:
    """The index of the item whose data equals ``value`` (``findData`` compares Python
    objects such as UUIDs by identity, not by value), or -1."""
    return next((i for i in range(combo.count()) if combo.itemData(i) == value), -1)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


class VisitTree(QTreeWidget):
    """The list of visits; a visit can be dragged onto another stop or another day."""

    sig_dropped = Signal(object, object, object)  # visit id, target day, target stop's visit id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visit_tree")
        self.setColumnCount(COLUMNS)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(False)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.dropped_below = False

    def mimeTypes(self) -> list[str]:
        return [MIME_VISIT]

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        data = QMimeData()
        ids = [item.data(0, VISIT_ROLE) for item in items if item.data(0, VISIT_ROLE)]
        data.setData(MIME_VISIT, QByteArray(" ".join(str(i) for i in ids).encode()))
        return data

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def _target(self, position: QPoint) -> QTreeWidgetItem | None:
        item = self.itemAt(position)
        if item is None:
            return None
        if item.data(0, VISIT_ROLE) or item.data(0, DAY_ROLE):
            return item
        return item.child(0) if item.childCount() else None  # an area heading: its first stop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME_VISIT):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(MIME_VISIT) and self._target(event.position().toPoint()):
            super().dragMoveEvent(event)
            event.setDropAction(Qt.DropAction.CopyAction)  # the list is rebuilt, never moved
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        raw = bytes(event.mimeData().data(MIME_VISIT).data()).decode()
        target = self._target(event.position().toPoint())
        if not raw or target is None:
            event.ignore()
            return
        # Copy, not move: the view must not delete the dragged row; it reloads from the store.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        rect = self.visualItemRect(target)
        below = event.position().toPoint().y() > rect.center().y()
        day = target.data(0, DAY_ROLE)
        target_visit = target.data(0, VISIT_ROLE)
        self.dropped_below = below
        for text in raw.split():
            self.sig_dropped.emit(uuid.UUID(text), day, target_visit)


class VisitsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.items: list[VisitItem] = []
        self._generation = 0
        self._select_after_load: uuid.UUID | None = None
        self.loading = False
        self._stale = False
        profile = context.store.profile
        self.visit_actions = VisitActions(context, self)

        # ---- the bar: period, view, filters, actions --------------------------------------------
        self.previous_button = QToolButton(self)
        self.previous_button.setObjectName("previous_period")
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.previous_button.setToolTip(self.tr("Previous"))
        self.next_button = QToolButton(self)
        self.next_button.setObjectName("next_period")
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setToolTip(self.tr("Next"))
        self.today_button = QPushButton(self.tr("Today"), self)
        self.today_button.setObjectName("go_today")
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("visit_date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDate(timefmt.to_qdate(timefmt.today()))
        self.period_label = QLabel(self)
        self.period_label.setObjectName("period_label")
        self.period_label.setProperty("role", "heading")

        self.day_button = QToolButton(self)
        self.day_button.setObjectName("day_view")
        self.day_button.setText(self.tr("Day"))
        self.week_button = QToolButton(self)
        self.week_button.setObjectName("week_view")
        self.week_button.setText(self.tr("Week"))
        self.view_group = QButtonGroup(self)
        for button in (self.day_button, self.week_button):
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.view_group.addButton(button)
        view = context.settings.get(VISITS_VIEW)
        (self.week_button if view == "week" else self.day_button).setChecked(True)

        self.status = QComboBox(self)
        self.status.setObjectName("filter_status")
        self.status.addItem(self.tr("Planned and done"), "active")
        self.status.addItem(self.tr("All, with cancelled"), "")
        for code, text in labels.choice_items("visit", "status", VISIT_STATUSES):
            self.status.addItem(text, code)
        self.rep = QComboBox(self)
        self.rep.setObjectName("filter_rep")
        self.rep.addItem(self.tr("My visits"), profile.user_id)
        self.rep.setVisible(profile.is_manager)

        if profile.is_manager:
            self._fill_reps()

        self.plan_button = QPushButton(self.tr("Plan route"), self)
        self.plan_button.setObjectName("plan_route")
        self.plan_button.setToolTip(
            self.tr("Order the stops area by area, nearest next, so the route does not criss-cross")
        )
        self.new_button = QPushButton(self.tr("New visit…"), self)
        self.new_button.setObjectName("new_visit")

        bar = QHBoxLayout()  # which day or week
        for widget in (self.previous_button, self.today_button, self.next_button, self.date_edit):
            bar.addWidget(widget)
        bar.addWidget(self.period_label, 1)
        bar.addWidget(self.day_button)
        bar.addWidget(self.week_button)
        filters = QHBoxLayout()  # above the list: what it shows, and a new visit
        filters.addWidget(self.status)
        filters.addWidget(self.rep)
        filters.addStretch(1)
        filters.addWidget(self.new_button)

        # ---- the list ---------------------------------------------------------------------------
        self.tree = VisitTree(self)
        self.tree.setHeaderLabels(
            [
                self.tr("#"),
                self.tr("Time"),
                self.tr("Customer"),
                self.tr("Purpose"),
                self.tr("Address"),
                self.tr("Status"),
            ]
        )
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((36, 52, 210, 120, 260, 110)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.tree.sig_dropped.connect(self._dropped)

        self.up_button = QPushButton(self.tr("Move up"), self)
        self.up_button.setObjectName("move_up")
        self.up_button.setToolTip(self.tr("Earlier in the route (Alt+Up)"))
        self.down_button = QPushButton(self.tr("Move down"), self)
        self.down_button.setObjectName("move_down")
        self.down_button.setToolTip(self.tr("Later in the route (Alt+Down)"))
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.count = QLabel(self)
        self.count.setObjectName("visit_count")
        self.count.setProperty("role", "muted")
        self.count.setWordWrap(True)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.empty = QLabel(self)
        self.empty.setObjectName("visits_empty")
        self.empty.setProperty("role", "muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        below = QHBoxLayout()  # the route: reorder by hand, or plan it afresh
        below.addWidget(self.up_button)
        below.addWidget(self.down_button)
        below.addWidget(self.plan_button)
        below.addWidget(self.count, 1)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.tree, 1)
        left_layout.addWidget(self.empty)
        left_layout.addLayout(below)

        self.detail = VisitDetail(context, self.visit_actions, self)
        self.detail.sig_open_customer.connect(self._open_customer)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        state = context.settings.get(VISITS_SPLITTER)
        if not state.isEmpty():
            self.splitter.restoreState(state)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        # ---- wiring ---------------------------------------------------------------------------
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RELOAD_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(lambda: self.set_day(timefmt.today()))
        self.date_edit.dateChanged.connect(lambda _date: self.reload())
        self.view_group.buttonClicked.connect(lambda _button: self._view_changed())
        self.status.currentIndexChanged.connect(lambda _index: self.reload())
        self.rep.currentIndexChanged.connect(lambda _index: self.reload())
        self.plan_button.clicked.connect(self.plan_route)
        self.new_button.clicked.connect(self.new_visit)
        for key, action in (
            (QKeySequence("Alt+Up"), lambda: self.move_selected(-1)),
            (QKeySequence("Alt+Down"), lambda: self.move_selected(1)),
            (QKeySequence(Qt.Key.Key_Delete), self._delete_selected),
            (QKeySequence(Qt.Key.Key_Return), self._edit_selected),
        ):
            shortcut = QShortcut(key, self.tree, action)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        context.bus.sig_changed.connect(self._on_changes)
        self.reload()

    # ---- what is shown -------------------------------------------------------------------------
    @property
    def week_view(self) -> bool:
        return self.week_button.isChecked()

    @property
    def day(self) -> dt.date:
        return timefmt.from_qdate(self.date_edit.date())

    def period(self) -> tuple[dt.date, dt.date]:
        if self.week_view:
            first = monday_of(self.day)
            return first, first + dt.timedelta(days=6)
        return self.day, self.day

    def set_day(self, day: dt.date) -> None:
        self.date_edit.setDate(timefmt.to_qdate(day))

    def step(self, direction: int) -> None:
        self.set_day(self.day + dt.timedelta(days=direction * (7 if self.week_view else 1)))

    def set_week_view(self, week: bool) -> None:
        (self.week_button if week else self.day_button).setChecked(True)
        self._view_changed()

    def _view_changed(self) -> None:
        self.context.settings.set(VISITS_VIEW, "week" if self.week_view else "day")
        self.reload()

    def rep_filter(self) -> uuid.UUID | None:
        data = self.rep.currentData()
        return data if isinstance(data, uuid.UUID) else None

    def status_filter(self) -> tuple[str, ...]:
        code = self.status.currentData() or ""
        if code == "active":
            return ACTIVE
        return (code,) if code else ()

    def _fill_reps(self) -> None:
        store = self.context.store
        me = store.profile.user_id

        def done(users: list[User]) -> None:
            current = self.rep.currentData()
            self.rep.blockSignals(True)
            while self.rep.count() > 1:
                self.rep.removeItem(1)
            for user in users:
                if user.id != me:
                    self.rep.addItem(user.display_name, user.id)
            self.rep.addItem(self.tr("Everyone"), "everyone")
            index = find_data(self.rep, current)
            self.rep.setCurrentIndex(max(index, 0))
            self.rep.blockSignals(False)

        self.context.runner.db(lambda: visit_store.visit_reps(store), done=done)

    # ---- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        first, last = self.period()
        rep_id = self.rep_filter()
        statuses = self.status_filter()
        store = self.context.store
        self.loading = True
        self._show_period(first, last)

        def done(items: list[VisitItem]) -> None:
            if generation != self._generation:
                return
            self.loading = False
            self._fill(items)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.loading = False
                self.context.notifier.show_error(str(exc))

        self.context.runner.db(
            lambda: visit_store.visit_items(store, first, last, rep_id=rep_id, statuses=statuses),
            done=done,
            failed=failed,
        )

    def _show_period(self, first: dt.date, last: dt.date) -> None:
        locale = QLocale()
        if first == last:
            text = locale.toString(timefmt.to_qdate(first), QLocale.FormatType.LongFormat)
            if first == timefmt.today():
                text = self.tr("Today · %1").replace("%1", text)
        else:
            week = timefmt.to_qdate(first).weekNumber()[0]
            text = (
                self.tr("Week %1 · %2 – %3")
                .replace("%1", str(week))
                .replace("%2", timefmt.format_date(first))
                .replace("%3", timefmt.format_date(last))
            )
        self.period_label.setText(text)
        self.period_label.setToolTip(text)
        self.up_button.setVisible(not self.week_view)
        self.down_button.setVisible(not self.week_view)

    def _on_changes(self, changes: ChangeSet) -> None:
        if changes.touches("visit", "customer", "contact", "attachment"):
            if self.isVisible():
                self._timer.start()
            else:
                self._stale = True  # reloaded when shown: no work for a hidden screen
        if changes.touches("user") and self.context.store.profile.is_manager:
            self._fill_reps()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()

    def _fill(self, items: list[VisitItem]) -> None:
        wanted = self._select_after_load or self.detail.visit_id
        self._select_after_load = None
        self.items = items
        self.tree.blockSignals(True)
        self.tree.clear()
        if self.week_view:
            self._fill_week(items)
        else:
            self._fill_day(items)
        self.tree.expandAll()
        self.tree.blockSignals(False)
        routed = [i for i in items if i.visit.status != "cancelled"]
        done = sum(1 for i in items if i.visit.status == "done")
        text = (
            self.tr("%1 visits, %2 done").replace("%1", str(len(routed))).replace("%2", str(done))
        )
        if routed and all(i.visit.route_order == 0 for i in routed):
            text = self.tr("Route not planned yet: press Plan route.") + "  " + text
        self.count.setText(text)
        self.empty.setVisible(not items)
        if not items:
            none = (
                self.tr("No visits this week.")
                if self.week_view
                else self.tr("No visits this day.")
            )
            self.empty.setText(none + " " + self.tr("Plan one with New visit…"))
        item = self._item_of(wanted) if wanted else None
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
        else:
            self.tree.clearSelection()
            if self.detail.visit_id is not None:
                self.detail.show_visit(None)
        self._update_buttons()

    def _heading(self, text: str, day: dt.date | None = None) -> QTreeWidgetItem:
        """A heading row (an area or a day) added to the list, spanning its columns."""
        heading = QTreeWidgetItem([text])
        self.tree.addTopLevelItem(heading)
        heading.setFirstColumnSpanned(True)  # only works once the item is in the tree
        heading.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled)
        font = QFont(self.tree.font())
        font.setBold(True)
        heading.setFont(0, font)
        if day is not None:
            heading.setData(0, DAY_ROLE, day)
        return heading

    def _row(self, item: VisitItem) -> QTreeWidgetItem:
        visit = item.visit
        number = str(visit.route_order) if visit.route_order and visit.status != "cancelled" else ""
        row = QTreeWidgetItem(
            [
                number,
                visit.planned_time,
                item.customer_name,
                visit.purpose,
                item.full_address if self.week_view or not item.address else item.address,
                labels.choice_label("visit", "status", visit.status),
            ]
        )
        row.setData(0, VISIT_ROLE, visit.id)
        row.setData(0, DAY_ROLE, visit.planned_on)
        row.setTextAlignment(0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.setToolTip(4, item.full_address)
        row.setToolTip(2, " ".join(p for p in (item.contact_name, item.contact_mobile) if p))
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if visit.status != "cancelled":
            flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        else:
            for column in range(COLUMNS):
                font = row.font(column)
                font.setStrikeOut(True)
                row.setFont(column, font)
        row.setFlags(flags)
        return row

    def _fill_day(self, items: list[VisitItem]) -> None:
        """Stops in route order under a heading per run of one area; cancelled ones last."""
        routed = [i for i in items if i.visit.status != "cancelled"]
        cancelled = [i for i in items if i.visit.status == "cancelled"]
        heading: QTreeWidgetItem | None = None
        area: str | None = None
        runs: list[tuple[QTreeWidgetItem, int]] = []
        for item in routed:
            if heading is None or item.area != area:
                area = item.area
                heading = self._heading(area or self.tr("No area"), item.visit.planned_on)
                runs.append((heading, 0))
            heading.addChild(self._row(item))
        for heading_item, _ in runs:
            heading_item.setText(
                0, self._with_stops(heading_item.text(0), heading_item.childCount())
            )
        if cancelled:
            group = self._heading(self.tr("Cancelled"))
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for item in cancelled:
                group.addChild(self._row(item))

    def _with_stops(self, text: str, count: int) -> str:
        if count == 1:
            return self.tr("%1 · 1 stop").replace("%1", text)
        return self.tr("%1 · %2 stops").replace("%1", text).replace("%2", str(count))

    def _fill_week(self, items: list[VisitItem]) -> None:
        first, _last = self.period()
        locale = QLocale()
        today = timefmt.today()
        for offset in range(7):
            day = first + dt.timedelta(days=offset)
            on_day = [i for i in items if i.visit.planned_on == day]
            routed = sum(1 for i in on_day if i.visit.status != "cancelled")
            qdate = timefmt.to_qdate(day)
            name = (
                locale.dayName(qdate.dayOfWeek(), QLocale.FormatType.LongFormat)
                + " "
                + locale.toString(qdate, QLocale.FormatType.ShortFormat)
            )
            text = self._with_stops(name, routed)
            if day == today:
                text = self.tr("%1 (today)").replace("%1", text)
            heading = self._heading(text, day)
            for item in on_day:
                heading.addChild(self._row(item))

    def _rows(self) -> list[QTreeWidgetItem]:
        """The visit rows, top to bottom."""
        rows = []
        for top in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(top)
            assert heading is not None
            for index in range(heading.childCount()):
                child = heading.child(index)
                assert child is not None
                rows.append(child)
        return rows

    def _item_of(self, visit_id: uuid.UUID) -> QTreeWidgetItem | None:
        return next((r for r in self._rows() if r.data(0, VISIT_ROLE) == visit_id), None)

    def visit_ids(self) -> list[uuid.UUID]:
        """The visits as listed, top to bottom."""
        return [row.data(0, VISIT_ROLE) for row in self._rows()]

    # ---- selection -----------------------------------------------------------------------------
    def selected_visit(self) -> Visit | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        visit_id = items[0].data(0, VISIT_ROLE)
        return next((i.visit for i in self.items if i.visit.id == visit_id), None)

    def select_visit(self, visit_id: uuid.UUID) -> None:
        item = self._item_of(visit_id)
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)

    def _selection_changed(self) -> None:
        visit = self.selected_visit()
        if visit is not None and visit.id != self.detail.visit_id:
            self.detail.show_visit(visit.id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        visit = self.selected_visit()
        movable = visit is not None and visit.status != "cancelled" and visit.route_order > 0
        routed = [i.visit for i in self.items if i.visit.status != "cancelled"]
        last = max((v.route_order for v in routed if v.planned_on == self.day), default=0)
        self.up_button.setEnabled(movable and visit is not None and visit.route_order > 1)
        self.down_button.setEnabled(movable and visit is not None and visit.route_order < last)
        has_route = any(v.status == "planned" for v in routed)
        self.plan_button.setEnabled(has_route)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        visit_id = item.data(0, VISIT_ROLE)
        if visit_id:
            self.visit_actions.edit(visit_id)
            return
        day = item.data(0, DAY_ROLE)
        if self.week_view and isinstance(day, dt.date):
            self.set_day(day)
            self.set_week_view(False)

    def _edit_selected(self) -> None:
        visit = self.selected_visit()
        if visit is not None:
            self.visit_actions.edit(visit.id)

    def _delete_selected(self) -> None:
        visit = self.selected_visit()
        if visit is not None:
            self.visit_actions.delete(visit.id)

    # ---- planning ------------------------------------------------------------------------------
    def new_visit(self) -> None:
        day = self.day
        visit = self.selected_visit()
        if self.week_view and visit is not None and visit.planned_on is not None:
            day = visit.planned_on
        saved = self.visit_actions.new_visit(day)
        if saved is not None:
            self._select_after_load = saved.id
            if saved.planned_on is not None and not (
                self.period()[0] <= saved.planned_on <= self.period()[1]
            ):
                self.set_day(saved.planned_on)

    def move_selected(self, step: int) -> None:
        visit = self.selected_visit()
        if visit is None or visit.status == "cancelled" or self.week_view:
            return
        self._move(visit.id, visit.route_order + step)

    def _move(self, visit_id: uuid.UUID, position: int) -> None:
        store = self.context.store
        self._select_after_load = visit_id
        self.context.runner.db(
            lambda: visit_store.move_visit(store, visit_id, position),
            failed=self._failed,
        )

    def _dropped(self, visit_id: uuid.UUID, day: object, target_id: object) -> None:
        dragged = next((i.visit for i in self.items if i.visit.id == visit_id), None)
        if dragged is None or not isinstance(day, dt.date):
            return
        store = self.context.store
        if day != dragged.planned_on:
            self._select_after_load = visit_id
            self.context.runner.db(
                lambda: visit_store.save_visit(store, {"planned_on": day}, visit_id),
                failed=self._failed,
            )
            return
        target = next((i.visit for i in self.items if i.visit.id == target_id), None)
        if target is None or target.id == visit_id:
            return
        if target.status == "cancelled" or target.route_order == 0:
            position = 10_000  # after the last stop
        else:
            position = target.route_order + (1 if self.tree.dropped_below else 0)
            if dragged.route_order and dragged.route_order < position:
                position -= 1
        self._move(visit_id, position)

    def plan_route(self) -> None:
        """Plan each shown day afresh (per rep); the notice offers Undo."""
        days = {
            (i.visit.rep_id, i.visit.planned_on)
            for i in self.items
            if i.visit.status != "cancelled" and i.visit.planned_on is not None
        }
        if not days:
            return
        before = {
            i.visit.id: i.visit.route_order for i in self.items if i.visit.status != "cancelled"
        }
        store = self.context.store

        def work() -> None:
            for rep_id, day in sorted(days, key=lambda d: (d[1], str(d[0]))):
                assert day is not None
                visit_store.plan_route(store, rep_id, day)

        def undo() -> None:
            self.context.runner.db(
                lambda: visit_store.set_route(store, before), failed=self._failed
            )

        self.context.runner.db(
            work,
            done=lambda _none: self.context.notifier.notify(
                self.tr("Route planned area by area."), self.tr("Undo"), undo
            ),
            failed=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.context.notifier.show_error(
                "; ".join(rule_message(e) for e in exc.errors.values())
            )
        else:
            self.context.notifier.show_error(str(exc))

    # ---- from elsewhere in the app -------------------------------------------------------------
    def open_record(self, entity: str, record_id: uuid.UUID | None) -> bool:
        """Show a visit: its day, with filters that let it be seen, selected."""
        if entity != "visit" or record_id is None:
            return False
        visit = self.context.store.get(Visit, record_id)
        if visit is None:
            return False
        self._select_after_load = visit.id
        for combo, wanted in (
            (self.status, "" if visit.status == "cancelled" else "active"),
            (self.rep, visit.rep_id),
        ):
            index = find_data(combo, wanted)
            if index < 0 and combo is self.rep:
                index = find_data(combo, "everyone")
            combo.blockSignals(True)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self.date_edit.blockSignals(True)
        if visit.planned_on is not None:
            self.set_day(visit.planned_on)
        self.date_edit.blockSignals(False)
        self.day_button.setChecked(True)
        self.reload()
        return True

    def _open_customer(self, customer_id: uuid.UUID) -> None:
        window = self.window()
        opener = getattr(window, "open_record", None)
        if callable(opener):
            opener("customer", customer_id)

    # ---- layout memory -------------------------------------------------------------------------
    def save_layout(self) -> None:
        self.context.settings.set(VISITS_SPLITTER, self.splitter.saveState())
