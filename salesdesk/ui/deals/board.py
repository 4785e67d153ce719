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
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from salesdesk.domain.entities import Deal, PipelineStage
from salesdesk.store.deals import ColumnPage, DealCard
from salesdesk.ui import labels, timefmt
from salesdesk.ui.deals.names import stage_name

MIME_TYPE = "application/x-salesdesk-deal"
COLUMN_WIDTH = 248
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
        if card.alert is not None and card.alert.close_overdue:
            painter.setPen(ERROR_COLOUR)
        painter.drawText(
            QRect(inner.left(), top, inner.width(), line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            close,
        )
        if self.show_owner and card.owner_name:
            painter.setPen(muted)
            owner_width = inner.width() // 2
            painter.drawText(
                QRect(inner.right() - owner_width, top, owner_width, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                small_metrics.elidedText(card.owner_name, Qt.TextElideMode.ElideRight, owner_width),
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


class StageColumn(QFrame):
    """One stage: its name, how many deals and how much, the cards, and "show more"."""

    sig_more = Signal(object)  # stage id

    def __init__(self, stage: PipelineStage, show_owner: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.stage = stage
        self.limit = 0
        self.page: ColumnPage | None = None
        self.setObjectName(f"column_{stage.code or stage.id.hex}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(COLUMN_WIDTH)
        self.title = QLabel(stage_name(stage), self)
        self.title.setProperty("role", "heading")
        self.count = QLabel(self)
        self.count.setObjectName("column_count")
        self.count.setProperty("role", "badge")
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
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.amount)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.more)
        if stage.outcome != "open":
            self.title.setToolTip(self.tr("Closed deals: the last 30 days unless all are shown"))

    def show_page(self, page: ColumnPage) -> None:
        self.page = page
        selected = self.selected_deal_id()
        self.model.set_cards(page.cards)
        self.count.setText(str(page.total))
        self.amount.setText(labels.money(page.amount))
        self.more.setVisible(page.more)
        if page.more:
            self.more.setText(
                self.tr("Show more (%1 of %2)")
                .replace("%1", str(len(page.cards)))
                .replace("%2", str(page.total))
            )
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
