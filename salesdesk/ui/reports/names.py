"""Translated names in the Reports area: figures, default sections, states, periods.

Template section titles are data the manager writes (in Chinese): they are
shown as they are. Only a default section (``defaults.SECTIONS``) whose title
the manager has not changed is shown in the interface language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from salesdesk.domain.defaults import SECTIONS
from salesdesk.domain.periods import Period, PeriodKind
from salesdesk.ui import labels
from salesdesk.ui.labels import QT_TRANSLATE_NOOP

CONTEXT = "Reports"

FIGURES = {
    "visits": QT_TRANSLATE_NOOP("Reports", "Visits made"),
    "new_customers": QT_TRANSLATE_NOOP("Reports", "New customers"),
    "deals_advanced": QT_TRANSLATE_NOOP("Reports", "Deals advanced"),
    "revenue_won": QT_TRANSLATE_NOOP("Reports", "Revenue won"),
    "tasks_done": QT_TRANSLATE_NOOP("Reports", "Tasks done"),
}

DEFAULT_SECTIONS = {
    "summary": QT_TRANSLATE_NOOP("Reports", "Summary of work"),
    "customer_feedback": QT_TRANSLATE_NOOP("Reports", "Customer feedback"),
    "market": QT_TRANSLATE_NOOP("Reports", "Market and competitor news"),
    "problems": QT_TRANSLATE_NOOP("Reports", "Problems"),
    "next_plan": QT_TRANSLATE_NOOP("Reports", "Next plan"),
}

STATES = {
    "new": QT_TRANSLATE_NOOP("Reports", "Not written"),
    "draft": QT_TRANSLATE_NOOP("Reports", "Draft"),
    "overdue": QT_TRANSLATE_NOOP("Reports", "Draft, overdue"),
    "on_time": QT_TRANSLATE_NOOP("Reports", "Submitted"),
    "late": QT_TRANSLATE_NOOP("Reports", "Submitted late"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def figure_name(key: str) -> str:
    return tr(FIGURES[key]) if key in FIGURES else key


def figure_value(key: str, value: int | Decimal) -> str:
    if key == "revenue_won" or isinstance(value, Decimal):
        return labels.money(Decimal(value))
    return f"{value:,}"


def section_title(section: Mapping[str, Any]) -> str:
    """A template section's title: the manager's words, or a default one translated."""
    key = str(section.get("key", ""))
    title = str(section.get("title") or "")
    if key in DEFAULT_SECTIONS and (not title or title == SECTIONS.get(key)):
        return tr(DEFAULT_SECTIONS[key])
    return title or key


def state_name(state: str) -> str:
    return tr(STATES[state]) if state in STATES else state


def kind_name(kind: str) -> str:
    return labels.choice_label("report", "kind", kind)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def period_text(period: Period) -> str:
    """A report period as people say it: a date with its weekday, a week, a month."""
    locale = QLocale()
    if period.kind == PeriodKind.DAY:
        return locale.toString(_qdate(period.start), QLocale.FormatType.LongFormat)
    if period.kind == PeriodKind.WEEK:
        week = period.start.isocalendar()
        short = QCoreApplication.translate("Reports", "MM-dd")
        return (
            QCoreApplication.translate("Reports", "Week %1, %2 (%3 – %4)")
            .replace("%1", str(week.week))
            .replace("%2", str(week.year))
            .replace("%3", locale.toString(_qdate(period.start), short))
            .replace("%4", locale.toString(_qdate(period.end), short))
        )
    month_format = QCoreApplication.translate("Reports", "MMMM yyyy")
    return locale.toString(_qdate(period.start), month_format)


def period_short(period: Period) -> str:
    """A compact period for lists: 2026-11-23, 2026-W48, 2026-11."""
    return period.code


def current_label(kind: str) -> str:
    return {
        "daily": QCoreApplication.translate("Reports", "Today"),
        "weekly": QCoreApplication.translate("Reports", "This week"),
        "monthly": QCoreApplication.translate("Reports", "This month"),
    }.get(kind, QCoreApplication.translate("Reports", "Today"))
