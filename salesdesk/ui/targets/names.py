"""Translated names and value formats in the Targets area: KPIs, units, progress states."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from salesdesk.domain.kpis import Kpi
from salesdesk.domain.targets import Progress
from salesdesk.ui import labels

CONTEXT = "Targets"


def tr(text: str) -> str:
    """Translate a marked (``QT_TRANSLATE_NOOP``) source text of this context."""
    return QCoreApplication.translate(CONTEXT, text)


def kpi_name(kpi: str) -> str:
    return labels.choice_label("target", "kpi", kpi)


def value_text(kpi: str, value: Decimal | int | None) -> str:
    """A KPI value as people read it: ¥12,300.00, 25, 92.5%."""
    if value is None:
        return "—"
    if kpi == Kpi.REVENUE:
        return labels.money(Decimal(value))
    if kpi == Kpi.RETENTION_RATE:
        return f"{Decimal(value).normalize():f}%"
    return f"{int(value):,}"


def unit_hint(kpi: str) -> str:
    if kpi == Kpi.REVENUE:
        return QCoreApplication.translate("Targets", "In yuan, e.g. 500000")
    if kpi == Kpi.RETENTION_RATE:
        return QCoreApplication.translate("Targets", "A percentage of the customers kept, e.g. 90")
    return QCoreApplication.translate("Targets", "A whole number")


def status_text(progress: Progress | None) -> str:
    if progress is None:
        return QCoreApplication.translate("Targets", "No figures yet")
    if progress.achieved:
        return QCoreApplication.translate("Targets", "Achieved")
    if progress.off_track:
        return QCoreApplication.translate("Targets", "Off track")
    if progress.expected <= 0:
        return QCoreApplication.translate("Targets", "Not started")
    return QCoreApplication.translate("Targets", "On track")


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.quantize(Decimal('0.1'))}%"
