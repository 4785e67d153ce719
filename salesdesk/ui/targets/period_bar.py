"""A bar to choose a period: its length (day, week, month, quarter or year), earlier and later
ones, and back to the current one. Shared by the Targets and Review areas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from salesdesk.domain.periods import Period, PeriodKind, local_date
from salesdesk.domain.schema import utcnow
from salesdesk.store.reports import local_zone
from salesdesk.ui.labels import QT_TRANSLATE_NOOP
from salesdesk.ui.reports import names as report_names

KIND_NAMES = {
    PeriodKind.DAY: QT_TRANSLATE_NOOP("PeriodBar", "Day"),
    PeriodKind.WEEK: QT_TRANSLATE_NOOP("PeriodBar", "Week"),
    PeriodKind.MONTH: QT_TRANSLATE_NOOP("PeriodBar", "Month"),
    PeriodKind.QUARTER: QT_TRANSLATE_NOOP("PeriodBar", "Quarter"),
    PeriodKind.YEAR: QT_TRANSLATE_NOOP("PeriodBar", "Year"),
}
CURRENT_NAMES = {
    PeriodKind.DAY: QT_TRANSLATE_NOOP("PeriodBar", "Today"),
    PeriodKind.WEEK: QT_TRANSLATE_NOOP("PeriodBar", "This week"),
    PeriodKind.MONTH: QT_TRANSLATE_NOOP("PeriodBar", "This month"),
    PeriodKind.QUARTER: QT_TRANSLATE_NOOP("PeriodBar", "This quarter"),
    PeriodKind.YEAR: QT_TRANSLATE_NOOP("PeriodBar", "This year"),
}


def period_text(period: Period) -> str:
    """A period as people say it: a date, a week with its days, a month, a quarter, a year."""
    translate = QCoreApplication.translate
    if period.kind == PeriodKind.QUARTER:
        quarter = (period.start.month - 1) // 3 + 1
        return (
            translate("PeriodBar", "Q%1 %2")
            .replace("%1", str(quarter))
            .replace("%2", str(period.start.year))
        )
    if period.kind == PeriodKind.YEAR:
        return translate("PeriodBar", "Year %1").replace("%1", str(period.start.year))
    return report_names.period_text(period)


class PeriodBar(QWidget):
    """Kind buttons, ◀ ▶, the current period, and the period shown."""

    sig_changed = Signal(object)  # Period

    def __init__(
        self,
        kinds: Sequence[PeriodKind],
        parent: QWidget | None = None,
        *,
        future: bool = True,
    ) -> None:
        super().__init__(parent)
        self.tz: dt.tzinfo = local_zone()
        self.clock: Callable[[], dt.datetime] = utcnow
        self.future = future  # whether later periods than the current one can be chosen
        self.kinds = list(kinds)
        self.period = Period.containing(self.kinds[0], self.today())
        self.kind_buttons = QButtonGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for kind in self.kinds:
            button = QPushButton(QCoreApplication.translate("PeriodBar", KIND_NAMES[kind]), self)
            button.setObjectName(f"period_kind_{kind}")
            button.setCheckable(True)
            button.setChecked(kind == self.period.kind)
            self.kind_buttons.addButton(button)
            button.clicked.connect(lambda _checked=False, k=kind: self.choose_kind(k))
            layout.addWidget(button)
        self.previous_button = QToolButton(self)
        self.previous_button.setObjectName("previous_period")
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.previous_button.setToolTip(self.tr("Earlier period"))
        self.next_button = QToolButton(self)
        self.next_button.setObjectName("next_period")
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setToolTip(self.tr("Later period"))
        self.current_button = QPushButton(self)
        self.current_button.setObjectName("current_period")
        self.label = QLabel(self)
        self.label.setObjectName("period_label")
        self.label.setProperty("role", "heading")
        self.label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        layout.addSpacing(12)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.current_button)
        layout.addSpacing(12)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.current_button.clicked.connect(
            lambda: self.set_period(Period.containing(self.period.kind, self.today()))
        )
        self._show()

    def today(self) -> dt.date:
        return local_date(self.clock(), self.tz)

    def current(self) -> Period:
        return Period.containing(self.period.kind, self.today())

    def choose_kind(self, kind: PeriodKind) -> None:
        """Show the period of ``kind`` that holds the current one's start (or today)."""
        today = self.today()
        anchor = today if self.period.contains(today) else self.period.start
        self.set_period(Period.containing(kind, anchor))

    def step(self, count: int) -> None:
        target = self.period.shift(count)
        if self.future or target.start <= self.current().start:
            self.set_period(target)

    def set_period(self, period: Period, *, emit: bool = True) -> None:
        changed = period != self.period
        self.period = period
        self._show()
        if changed and emit:
            self.sig_changed.emit(period)

    def _show(self) -> None:
        kind = self.period.kind
        for button in self.kind_buttons.buttons():
            button.setChecked(button.objectName() == f"period_kind_{kind}")
        self.current_button.setText(QCoreApplication.translate("PeriodBar", CURRENT_NAMES[kind]))
        current = self.current()
        self.current_button.setEnabled(self.period != current)
        self.next_button.setEnabled(self.future or self.period.start < current.start)
        self.label.setText(period_text(self.period))
