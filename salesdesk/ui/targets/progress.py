"""A progress bar against a target with the straight-line expectation marked on it.

The bar fills to the actual (attainment, capped at the bar's end); a vertical tick marks
where a straight line from the period's start to its target stands today (时间进度). The
fill is green when on track, red when off track (10% or more behind the tick), and the
highlight colour when there is no expectation yet. Colours carry meaning only; the track
and the tick follow the palette.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from salesdesk.domain.targets import Progress

OK_COLOUR = QColor("#1e8e3e")  # the ok role: on track
ERROR_COLOUR = QColor("#d93025")  # the error role of app.qss: off track


class ProgressBar(QWidget):
    """Actual against target, with the expected-to-date tick."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress: Progress | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_progress(self, progress: Progress | None) -> None:
        self.progress = progress
        self.update()

    @property
    def filled(self) -> float:
        """How much of the bar is filled (0–1)."""
        progress = self.progress
        if progress is None or progress.target <= 0:
            return 0.0
        return float(min(progress.actual / progress.target, Decimal(1)))

    @property
    def expected_at(self) -> float:
        """Where the expectation tick stands (0–1)."""
        progress = self.progress
        if progress is None or progress.target <= 0:
            return 0.0
        return float(min(progress.expected / progress.target, Decimal(1)))

    @property
    def colour(self) -> QColor:
        progress = self.progress
        if progress is None:
            return self.palette().color(QPalette.ColorRole.Mid)
        if progress.off_track:
            return ERROR_COLOUR
        if progress.expected > 0 or progress.achieved:
            return OK_COLOUR
        return self.palette().color(QPalette.ColorRole.Highlight)

    def sizeHint(self) -> QSize:
        return QSize(160, max(14, self.fontMetrics().height() - 2))

    def minimumSizeHint(self) -> QSize:
        return QSize(60, 10)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        height = min(self.height() - 4, 12)
        track = QRectF(1, (self.height() - height) / 2, self.width() - 2, height)
        palette = self.palette()
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(track, 3, 3)
        if self.filled > 0:
            fill = QRectF(track.left(), track.top(), track.width() * self.filled, track.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.colour)
            painter.drawRoundedRect(fill, 3, 3)
        if self.progress is not None and self.progress.expected > 0:
            x = track.left() + track.width() * self.expected_at
            painter.setPen(QPen(palette.color(QPalette.ColorRole.WindowText), 2))
            painter.drawLine(int(x), int(track.top()) - 2, int(x), int(track.bottom()) + 2)
        painter.end()
