"""Choosing a month, quarter or year (``2026-11``, ``2026-Q4``, ``2026``) and showing one.

Shared by the leaderboard, commission and dashboard screens.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from salesdesk.domain.periods import Period, PeriodKind
from salesdesk.ui import timefmt

KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)
HOW_MANY = {PeriodKind.MONTH: 24, PeriodKind.QUARTER: 12, PeriodKind.YEAR: 6}


def period_text(period: Period) -> str:
    """A period for people: 2026-11 / 2026年11月, Q4 2026 / 2026年第4季度, 2026 / 2026年."""
    year = str(period.start.year)
    if period.kind == PeriodKind.MONTH:
        text = QCoreApplication.translate("PeriodPicker", "%1-%2")
        return text.replace("%1", year).replace("%2", f"{period.start.month:02d}")
    if period.kind == PeriodKind.QUARTER:
        quarter = str((period.start.month - 1) // 3 + 1)
        text = QCoreApplication.translate("PeriodPicker", "Q%2 %1")
        return text.replace("%1", year).replace("%2", quarter)
    if period.kind == PeriodKind.YEAR:
        return QCoreApplication.translate("PeriodPicker", "%1", "a year").replace("%1", year)
    return period.code


class PeriodPicker(QWidget):
    """A kind (month / quarter / year) and one of the recent periods of that kind."""

    sig_changed = Signal(object)  # Period

    def __init__(self, parent: QWidget | None = None, *, name: str = "period") -> None:
        super().__init__(parent)
        self.kind = QComboBox(self)
        self.kind.setObjectName(f"{name}_kind")
        for kind, text in zip(
            KINDS, (self.tr("Month"), self.tr("Quarter"), self.tr("Year")), strict=True
        ):
            self.kind.addItem(text, kind.value)
        self.period = QComboBox(self)
        self.period.setObjectName(f"{name}_period")
        self.period.setMinimumContentsLength(10)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.period)
        self._fill()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.period.currentIndexChanged.connect(lambda _i: self.sig_changed.emit(self.value()))

    def _fill(self, keep: Period | None = None) -> None:
        kind = PeriodKind(self.kind.currentData())
        current = Period.containing(kind, timefmt.today())
        self.period.blockSignals(True)
        self.period.clear()
        period = current
        for _ in range(HOW_MANY[kind]):
            self.period.addItem(period_text(period), period.code)
            period = period.previous()
        if keep is not None and keep.kind == kind:
            index = self.period.findData(keep.code)
            if index < 0:
                self.period.addItem(period_text(keep), keep.code)
                index = self.period.count() - 1
            self.period.setCurrentIndex(index)
        self.period.blockSignals(False)

    def _kind_changed(self, _index: int) -> None:
        self._fill()
        self.sig_changed.emit(self.value())

    def value(self) -> Period:
        return Period.parse(self.period.currentData())

    def set_value(self, period: Period) -> None:
        """Show ``period`` (any month, quarter or year, not only the recent ones)."""
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(max(self.kind.findData(period.kind.value), 0))
        self.kind.blockSignals(False)
        self._fill(keep=period)
        self.sig_changed.emit(self.value())
