"""The areas of the main window, in navigation order.

Each area is a page built from the app context — the first time it is shown
(or something asks for it), so starting the app builds only one page. An area
is listed here only once it is built, so the navigation never shows an empty
screen; ``roles`` limits an area to managers. ``service`` starts work that
must run whether or not the page was ever opened (reminders); its callbacks
reach the page through the window, which builds it on demand.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QWidget

from salesdesk.domain.schema import MANAGERS
from salesdesk.ui.context import AppContext
from salesdesk.ui.labels import QT_TRANSLATE_NOOP


@dataclasses.dataclass(frozen=True)
class Area:
    key: str
    title: str  # source text, translated in the "Areas" context
    icon: str
    factory: Callable[[AppContext], QWidget]
    roles: frozenset[str] | None = None  # None: everyone
    service: Callable[[AppContext, Any], QObject] | None = None  # (context, main window)

    def translated_title(self) -> str:
        return QCoreApplication.translate("Areas", self.title)

    def available_to(self, role: str) -> bool:
        return self.roles is None or role in self.roles


def _customers(context: AppContext) -> QWidget:
    from salesdesk.ui.customers.page import CustomersPage

    return CustomersPage(context)


def _today(context: AppContext) -> QWidget:
    from salesdesk.ui.today.page import TodayPage

    return TodayPage(context)


def _visits(context: AppContext) -> QWidget:
    from salesdesk.ui.visits.page import VisitsPage

    return VisitsPage(context)


def _tasks(context: AppContext) -> QWidget:
    from salesdesk.ui.tasks.page import TasksPage

    return TasksPage(context)


def _deals(context: AppContext) -> QWidget:
    from salesdesk.ui.deals.page import DealsPage

    return DealsPage(context)


def _task_reminders(context: AppContext, window: Any) -> QObject:
    from salesdesk.ui.tasks.reminders import TaskReminders

    def open_task(task_id: Any) -> None:
        window.pages["tasks"].open_task(task_id)

    def open_overdue() -> None:
        window.pages["tasks"].open_overdue()

    return TaskReminders(context, open_task, open_overdue, window)


def _report_reminder(context: AppContext, window: Any) -> QObject:
    from salesdesk.ui.reports.reminder import DailyReportReminder

    def open_today() -> None:
        window.pages["reports"].open_today()

    return DailyReportReminder(context, open_today, window)


def _reports(context: AppContext) -> QWidget:
    from salesdesk.ui.reports.page import ReportsPage

    return ReportsPage(context)


def _review(context: AppContext) -> QWidget:
    from salesdesk.ui.review.page import ReviewPage

    return ReviewPage(context)


def _targets(context: AppContext) -> QWidget:
    from salesdesk.ui.targets.page import TargetsPage

    return TargetsPage(context)


def _leaderboard(context: AppContext) -> QWidget:
    from salesdesk.ui.leaderboard.page import LeaderboardPage

    return LeaderboardPage(context)


def _commissions(context: AppContext) -> QWidget:
    from salesdesk.ui.commissions.page import CommissionsPage

    return CommissionsPage(context)


def _dash(context: AppContext) -> QWidget:
    from salesdesk.ui.dashboard.page import DashboardPage

    return DashboardPage(context)


def _cfg(context: AppContext) -> QWidget:
    from salesdesk.ui.configuration.page import ConfigurationPage

    return ConfigurationPage(context)


AREAS: list[Area] = [
    Area("today", QT_TRANSLATE_NOOP("Areas", "Today"), "today", _today),
    Area("customers", QT_TRANSLATE_NOOP("Areas", "Customers"), "customers", _customers),
    Area("visits", QT_TRANSLATE_NOOP("Areas", "Visits"), "visits", _visits),
    Area("tasks", QT_TRANSLATE_NOOP("Areas", "Tasks"), "tasks", _tasks, service=_task_reminders),
    Area("deals", QT_TRANSLATE_NOOP("Areas", "Deals"), "deals", _deals),
    Area(
        "reports",
        QT_TRANSLATE_NOOP("Areas", "Reports"),
        "reports",
        _reports,
        service=_report_reminder,
    ),
    Area("review", QT_TRANSLATE_NOOP("Areas", "Review"), "review", _review, roles=MANAGERS),
    Area("targets", QT_TRANSLATE_NOOP("Areas", "Targets"), "targets", _targets),
    Area("leaderboard", QT_TRANSLATE_NOOP("Areas", "Leaderboard"), "leaderboard", _leaderboard),
    Area("commissions", QT_TRANSLATE_NOOP("Areas", "Commissions"), "commissions", _commissions),
    Area("dashboard", QT_TRANSLATE_NOOP("Areas", "Dashboard"), "dashboard", _dash, roles=MANAGERS),
    Area("config", QT_TRANSLATE_NOOP("Areas", "Configuration"), "settings", _cfg, roles=MANAGERS),
]
