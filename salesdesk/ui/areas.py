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
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QWidget

from salesdesk.domain.roles import MANAGERS
from salesdesk.ui.i18n import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from salesdesk.ui.context import AppContext


@dataclasses.dataclass(frozen=True)
class Area:
    key: str
    title: str  # source text, translated in the "Areas" context
    icon: str
    page: str  # "module:Class" of the page, imported the first time the page is built
    roles: frozenset[str] | None = None  # None: everyone
    service: Callable[[AppContext, Any], QObject] | None = None  # (context, main window)

    def translated_title(self) -> str:
        return QCoreApplication.translate("Areas", self.title)

    def available_to(self, role: str) -> bool:
        return self.roles is None or role in self.roles

    @property
    def module(self) -> str:
        return self.page.partition(":")[0]

    def build(self, context: AppContext) -> QWidget:
        """The area's page (its module is imported now, if nothing imported it before)."""
        module, _, name = self.page.partition(":")
        page: QWidget = getattr(importlib.import_module(module), name)(context)
        return page


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


AREAS: list[Area] = [
    Area(
        "today", QT_TRANSLATE_NOOP("Areas", "Today"), "today", "salesdesk.ui.today.page:TodayPage"
    ),
    Area(
        "customers",
        QT_TRANSLATE_NOOP("Areas", "Customers"),
        "customers",
        "salesdesk.ui.customers.page:CustomersPage",
    ),
    Area(
        "visits",
        QT_TRANSLATE_NOOP("Areas", "Visits"),
        "visits",
        "salesdesk.ui.visits.page:VisitsPage",
    ),
    Area(
        "tasks",
        QT_TRANSLATE_NOOP("Areas", "Tasks"),
        "tasks",
        "salesdesk.ui.tasks.page:TasksPage",
        service=_task_reminders,
    ),
    Area(
        "deals", QT_TRANSLATE_NOOP("Areas", "Deals"), "deals", "salesdesk.ui.deals.page:DealsPage"
    ),
    Area(
        "reports",
        QT_TRANSLATE_NOOP("Areas", "Reports"),
        "reports",
        "salesdesk.ui.reports.page:ReportsPage",
        service=_report_reminder,
    ),
    Area(
        "review",
        QT_TRANSLATE_NOOP("Areas", "Review"),
        "review",
        "salesdesk.ui.review.page:ReviewPage",
        roles=MANAGERS,
    ),
    Area(
        "targets",
        QT_TRANSLATE_NOOP("Areas", "Targets"),
        "targets",
        "salesdesk.ui.targets.page:TargetsPage",
    ),
    Area(
        "leaderboard",
        QT_TRANSLATE_NOOP("Areas", "Leaderboard"),
        "leaderboard",
        "salesdesk.ui.leaderboard.page:LeaderboardPage",
    ),
    Area(
        "commissions",
        QT_TRANSLATE_NOOP("Areas", "Commissions"),
        "commissions",
        "salesdesk.ui.commissions.page:CommissionsPage",
    ),
    Area(
        "dashboard",
        QT_TRANSLATE_NOOP("Areas", "Dashboard"),
        "dashboard",
        "salesdesk.ui.dashboard.page:DashboardPage",
        roles=MANAGERS,
    ),
    Area(
        "config",
        QT_TRANSLATE_NOOP("Areas", "Configuration"),
        "settings",
        "salesdesk.ui.configuration.page:ConfigurationPage",
        roles=MANAGERS,
    ),
]
