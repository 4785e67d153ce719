"""The kanban board: one column per active stage, cards painted by a delegate, drag and drop.

Each column is a list view over a small model of cards (loaded a page at a time
on the database thread by the page). Dragging a card carries the deal's id and
its stage in SalesDesk's own mime type; dropping it on another column asks the
page to move the deal (``sig_dropped``) — the page checks the move and refuses
it, or writes it; the board then reloads from the store.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import Deal, PipelineStage
from salesdesk.store.deals import PAGE, ColumnPage, DealCard
from salesdesk.ui import labels, timefmt
from salesdesk.ui.deals.names import stage_name

MIME_TYPE = "application/x-salesdesk-deal"
COLUMN_WIDTH = 180  # an open column's narrowest: five open stages fit a laptop screen
COLUMN_MAX_WIDTH = 300
COLLAPSED_WIDTH = 34
WARNING_COLOUR = QColor("#9a6700")  # the style sheet's warning colour
ERROR_COLOUR = QColor("#d93025")  # the style sheet's error colour
CARD_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def deal_mime(deal: Deal) -> QMimeData:
    """The drag payload of a card: the deal and the stage it is dragged from."""
    mime = QMimeData()
    payload = {"deal_id": str(deal.id), "stage_id": str(deal.stage_id)}
    mime.setData(MIME_TYPE, json.dumps(payload).encode())
    return mime


def read_mime(mime: QMimeData) -> tuple[uuid.UUID, uuid.UUID] | None:
    """(deal id, source stage id) from a drag payload, or None when it is not a deal."""
    if not mime.hasFormat(MIME_TYPE):
        return None
    try:
        payload = json.loads(bytes(mime.data(MIME_TYPE).data()).decode())
        return uuid.UUID(payload["deal_id"]), uuid.UUID(payload["stage_id"])
    except (ValueError, KeyError, TypeError):
        return None


class CardModel(QAbstractListModel):
    """The cards of one column; a drop of another column's card emits ``sig_dropped``."""

    sig_dropped = Signal(object, object)  # deal id, this column's stage id

    def __init__(self, stage_id: uuid.UUID, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stage_id = stage_id
        self.cards: list[DealCard] = []

    def set_cards(self, cards: Sequence[DealCard]) -> None:
        self.beginResetModel()
        self.cards = list(cards)
        self.endResetModel()

    def card(self, row: int) -> DealCard:
        return self.cards[row]

    def row_of(self, deal_id: uuid.UUID) -> int | None:
        return next((i for i, c in enumerate(self.cards) if c.deal.id == deal_id), None)

    # ---- Qt model ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cards)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        card = self.cards[index.row()]
        if role == CARD_ROLE:
            return card
        if role == Qt.ItemDataRole.DisplayRole:
            return card.deal.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(
                p
                for p in (
                    card.customer_name,
                    card.deal.title,
                    labels.money(card.deal.amount),
                    card.owner_name,
                )
                if p
            )
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
        )

    # ---- drag and drop -------------------------------------------------------------------------
    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if not rows:
            return QMimeData()
        return deal_mime(self.cards[rows[0]].deal)

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: Index,
    ) -> bool:
        found = read_mime(data)
        return found is not None and found[1] != self.stage_id

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: Index,
    ) -> bool:
        found = read_mime(data)
        if found is None or found[1] == self.stage_id:
            return False
        self.sig_dropped.emit(found[0], self.stage_id)
        return False  # nothing is inserted here: the board reloads once the move is written


class CardDelegate(QStyledItemDelegate):
    """Paints a card: customer, title, amount and probability, expected close, alerts."""

    PADDING = 8
    GAP = 6

    def __init__(self, show_owner: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.show_owner = show_owner

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(COLUMN_WIDTH - 24, 4 * line + 2 * self.PADDING + 3 * 2 + self.GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card = index.data(CARD_ROLE)
        if not isinstance(card, DealCard):
            return
        deal = card.deal
        palette: QPalette = option.palette
        state = option.state
        rect = QRect(option.rect).adjusted(2, 2, -2, -self.GAP + 2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(state & QStyle.StateFlag.State_Selected)
        border = (
            palette.color(QPalette.ColorRole.Highlight)
            if selected
            else palette.color(QPalette.ColorRole.Mid)
        )
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, 6, 6)

        font: QFont = option.font
        metrics = QFontMetrics(font)
        line = metrics.height()
        inner = rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)
        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)

        # Line 1: the customer, and the alert marker on the right.
        marker, marker_colour = self._marker(card)
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() * 0.9, 7.0))
        small_metrics = QFontMetrics(small)
        marker_width = small_metrics.horizontalAdvance(marker) + 4 if marker else 0
        painter.setFont(small)
        if marker:
            painter.setPen(marker_colour)
            painter.drawText(
                QRect(inner.right() - marker_width, inner.top(), marker_width, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                marker,
            )
        painter.setPen(muted)
        customer_width = inner.width() - marker_width - (4 if marker else 0)
        painter.drawText(
            QRect(inner.left(), inner.top(), customer_width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small_metrics.elidedText(
                card.customer_name, Qt.TextElideMode.ElideRight, customer_width
            ),
        )

        # Line 2: the title.
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        top = inner.top() + line + 2
        painter.drawText(
            QRect(inner.left(), top, inner.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(bold).elidedText(deal.title, Qt.TextElideMode.ElideRight, inner.width()),
        )

        # Line 3: amount and probability.
        painter.setFont(font)
        top += line + 2
        painter.drawText(
            QRect(inner.left(), top, inner.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            labels.money(deal.amount),
        )
        painter.setPen(muted)
        painter.drawText(
            QRect(inner.left(), top, inner.width(), line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{deal.probability}%",
        )

        # Line 4: expected close (or closed on) and the owner.
        top += line + 2
        painter.setFont(small)
        if deal.status == "open":
            when = timefmt.format_date(deal.expected_close)
            close = self.tr("Close %1").replace("%1", when) if when else self.tr("No close date")
        else:
            close = self.tr("Closed %1").replace("%1", timefmt.format_date(deal.closed_on))
        owner = card.owner_name if self.show_owner else ""
        owner_width = small_metrics.horizontalAdvance(owner) + 6 if owner else 0
        if owner and small_metrics.horizontalAdvance(close) + owner_width > inner.width():
            owner, owner_width = "", 0  # too narrow for both: the date matters more
        if owner:
            painter.setPen(muted)
            painter.drawText(
                QRect(inner.right() - owner_width, top, owner_width, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                owner,
            )
        painter.setPen(
            ERROR_COLOUR if card.alert is not None and card.alert.close_overdue else muted
        )
        close_width = inner.width() - owner_width
        painter.drawText(
            QRect(inner.left(), top, close_width, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small_metrics.elidedText(close, Qt.TextElideMode.ElideRight, close_width),
        )
        painter.restore()

    def _marker(self, card: DealCard) -> tuple[str, QColor]:
        alert = card.alert
        if alert is None:
            return "", WARNING_COLOUR
        if alert.stuck:
            text = self.tr("Stuck %1 d").replace("%1", str(alert.days_in_stage))
            return text, WARNING_COLOUR
        return self.tr("Overdue"), ERROR_COLOUR


class CardList(QListView):
    """A column's cards: drag them out, drop other columns' cards in."""

    sig_open = Signal(object)  # DealCard
    sig_menu = Signal(object, object)  # DealCard, global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        self.setSpacing(0)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.doubleClicked.connect(self._open)
        self.activated.connect(self._open)
        self.customContextMenuRequested.connect(self._menu)

    def _open(self, index: QModelIndex) -> None:
        card = index.data(CARD_ROLE)
        if isinstance(card, DealCard):
            self.sig_open.emit(card)

    def _menu(self, position: Any) -> None:
        card = self.indexAt(position).data(CARD_ROLE)
        if isinstance(card, DealCard):
            self.sig_menu.emit(card, self.viewport().mapToGlobal(position))


class CollapsedTitle(QWidget):
    """A collapsed column's name and count, written upwards; a click opens the column."""

    sig_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

    def set_text(self, text: str) -> None:
        self.text = text
        self.setToolTip(text)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().height() + 8, 120)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.sig_clicked.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.translate(0, self.height())
        painter.rotate(-90)
        length = self.height() - 8
        text = QFontMetrics(font).elidedText(self.text, Qt.TextElideMode.ElideRight, length)
        painter.drawText(
            QRect(8, 0, length, self.width()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            text,
        )
        painter.end()


class StageColumn(QFrame):
    """One stage: its name, how many deals and how much, the cards, and "show more".

    A column can be collapsed to a narrow strip (the board starts with the won and
    lost columns collapsed, so the open stages fit a laptop screen); a collapsed
    column still takes dropped cards. Cards dropped anywhere on the column — its
    header, its list, the strip — ask to move the deal to this stage.
    """

    sig_more = Signal(object)  # stage id
    sig_toggle = Signal(object)  # stage id: collapse or open the column

    def __init__(self, stage: PipelineStage, show_owner: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.stage = stage
        self.limit = 0
        self.page: ColumnPage | None = None
        self.collapsed = False
        self.setObjectName(f"column_{stage.code or stage.id.hex}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAcceptDrops(True)
        self.title = QLabel(stage_name(stage), self)
        self.title.setProperty("role", "heading")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.title.ensurePolished()  # the heading font of the style sheet, to measure with
        self.title.setMinimumHeight(2 * self.title.fontMetrics().lineSpacing())  # columns align
        self.count = QLabel(self)
        self.count.setObjectName("column_count")
        self.count.setProperty("role", "badge")
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("toggle_column")
        self.toggle.setAutoRaise(True)
        self.toggle.setArrowType(Qt.ArrowType.LeftArrow)
        self.toggle.setToolTip(self.tr("Collapse this column"))
        self.toggle.clicked.connect(lambda _checked: self.sig_toggle.emit(self.stage.id))
        self.amount = QLabel(self)
        self.amount.setObjectName("column_amount")
        self.amount.setProperty("role", "muted")
        self.model = CardModel(stage.id, self)
        self.list = CardList(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(CardDelegate(show_owner, self.list))
        self.more = QPushButton(self.tr("Show more"), self)
        self.more.setObjectName("show_more")
        self.more.setFlat(True)
        self.more.hide()
        self.more.clicked.connect(lambda _checked: self.sig_more.emit(self.stage.id))
        self.strip = CollapsedTitle(self)
        self.strip.setObjectName("collapsed_title")
        self.strip.sig_clicked.connect(lambda: self.sig_toggle.emit(self.stage.id))
        self.strip.hide()
        head = QHBoxLayout()
        head.setSpacing(4)
        head.addWidget(self.title, 1)
        head.addWidget(self.count, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.amount)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.more)
        layout.addWidget(self.strip, 1)
        if stage.outcome != "open":
            self.title.setToolTip(self.tr("Closed deals: the last 30 days unless all are shown"))
        self.set_collapsed(False)

    def set_collapsed(self, collapsed: bool) -> None:
        self.collapsed = collapsed
        for widget in (self.title, self.count, self.amount, self.list):
            widget.setVisible(not collapsed)
        self.more.setVisible(not collapsed and self.page is not None and self.page.more)
        self.strip.setVisible(collapsed)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow if collapsed else Qt.ArrowType.LeftArrow)
        self.toggle.setToolTip(
            self.tr("Show this column") if collapsed else self.tr("Collapse this column")
        )
        if collapsed:
            self.setFixedWidth(COLLAPSED_WIDTH)
        else:
            self.setMinimumWidth(COLUMN_WIDTH)
            self.setMaximumWidth(COLUMN_MAX_WIDTH)
        self._update_strip()

    def _update_strip(self) -> None:
        total = self.page.total if self.page is not None else 0
        self.strip.set_text(f"{stage_name(self.stage)} · {total}")

    def show_page(self, page: ColumnPage) -> None:
        self.page = page
        selected = self.selected_deal_id()
        self.model.set_cards(page.cards)
        self.count.setText(str(page.total))
        self.amount.setText(labels.money(page.amount))
        self.more.setVisible(page.more and not self.collapsed)
        if page.more:
            self.more.setText(
                self.tr("Show %1 more").replace("%1", str(min(PAGE, page.total - len(page.cards))))
            )
            self.more.setToolTip(
                self.tr("%1 of %2 shown")
                .replace("%1", str(len(page.cards)))
                .replace("%2", str(page.total))
            )
        self._update_strip()
        if selected is not None:
            self.select(selected)

    def selected_deal_id(self) -> uuid.UUID | None:
        indexes = self.list.selectionModel().selectedIndexes()
        return self.model.card(indexes[0].row()).deal.id if indexes else None

    def select(self, deal_id: uuid.UUID) -> bool:
        row = self.model.row_of(deal_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)
        return True

    # ---- drops on the column itself (its header, or the collapsed strip) -----------------------
    def _wanted(self, mime: QMimeData | None) -> tuple[uuid.UUID, uuid.UUID] | None:
        found = read_mime(mime) if mime is not None else None
        return found if found is not None and found[1] != self.stage.id else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._accept_if_wanted(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._accept_if_wanted(event)

    def _accept_if_wanted(self, event: QDragMoveEvent) -> None:
        if self._wanted(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        found = self._wanted(event.mimeData())
        if found is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.model.sig_dropped.emit(found[0], self.stage.id)
