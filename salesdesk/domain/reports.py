"""Report rules (汇报): periods, deadlines, on-time status, automatic figures, required sections.

Periods
    A ``daily`` report covers one day, a ``weekly`` one the ISO week (Monday
    to Sunday), a ``monthly`` one the calendar month; ``Report.period_start``
    is the period's first day.

Deadlines (local wall-clock time in the team's ``tz``, returned as UTC)
    * daily: ``deadline_time`` on that day;
    * weekly: ``deadline_time`` on weekday ``deadline_day`` of that week
      (1 = Monday … 7 = Sunday; 0 means Sunday, the end of the week);
    * monthly: ``deadline_time`` on day ``deadline_day`` of the *next* month
      (clamped to that month's length, so 31 means its last day); 0 means the
      last day of the reported month itself.

    An empty ``deadline_time`` means 23:59. The deadline is a minute as the
    manager typed it: a report submitted at any second of the deadline
    minute (18:00:00–18:00:59) is on time; from 18:01:00 it is late.

Status per rep (:func:`report_states`)
    ``on_time`` / ``late`` for a submitted report (by ``submitted_at``),
    ``pending`` when nothing is submitted yet and the deadline has not
    passed, ``missing`` when nothing is submitted and it has. Each state also
    says whether a draft exists and whether the submitted report has not yet
    reached the server (已提交未同步: ``rev == 0``, or listed as having pending
    edits). When one rep has several reports for the period (written on two
    laptops), the earliest submitted one counts.
    The domain knows no holiday calendar (调休): the caller asks only about
    working days.

Figures (:func:`report_figures`)
    From the rep's own records, with the KPI definitions of ``kpis``:
    ``visits`` (done, checked in), ``new_customers`` (owned, created),
    ``deals_advanced`` (owned deals moved forward at least once — to a later,
    not lost stage — counted once per deal), ``revenue_won`` (won, closed in
    the period) and ``tasks_done`` (completed in the period).

Sections
    A required section is empty when its text is missing or only whitespace.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Any

from salesdesk.domain.defaults import FIGURES
from salesdesk.domain.entities import (
    Customer,
    Deal,
    DealStageChange,
    PipelineStage,
    Report,
    ReportTemplate,
    Task,
    Visit,
)
from salesdesk.domain.kpis import (
    new_customers_by_rep,
    revenue_by_rep,
    tasks_done_by_rep,
    visits_by_rep,
)
from salesdesk.domain.periods import Period, PeriodKind, utc_instant
from salesdesk.domain.pipeline import advanced_deals
from salesdesk.domain.schema import FieldError

__all__ = [
    "GRACE",
    "ReportState",
    "ReportStatus",
    "deadline_date",
    "figures_to_json",
    "is_on_time",
    "missing_sections",
    "not_reported",
    "punctuality",
    "report_deadline",
    "report_figures",
    "report_period",
    "report_states",
    "submit_errors",
]

KIND_PERIODS = {"daily": PeriodKind.DAY, "weekly": PeriodKind.WEEK, "monthly": PeriodKind.MONTH}
DEFAULT_DEADLINE_TIME = dt.time(23, 59)
GRACE = dt.timedelta(minutes=1)
"""The deadline minute itself is on time: late means at or after deadline + GRACE."""

_TIME = re.compile(r"(\d{1,2}):(\d{2})")


def report_period(kind: str, day: dt.date) -> Period:
    """The period a report of ``kind`` (daily/weekly/monthly) written for ``day`` covers."""
    try:
        return Period.containing(KIND_PERIODS[kind], day)
    except KeyError:
        raise ValueError(f"unknown report kind {kind!r}") from None


def _parse_time(text: str) -> dt.time:
    if not text.strip():
        return DEFAULT_DEADLINE_TIME
    match = _TIME.fullmatch(text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"a deadline time looks like 18:00, not {text!r}")
    return dt.time(int(match[1]), int(match[2]))


def deadline_date(kind: str, deadline_day: int, period: Period) -> dt.date:
    """The local date of the deadline for ``period`` (rules in the module docstring)."""
    if period.kind != KIND_PERIODS.get(kind):
        raise ValueError(f"a {kind} report does not cover a {period.kind}")
    if kind == "daily":
        return period.start
    if kind == "weekly":
        weekday = deadline_day or 7
        if not 1 <= weekday <= 7:
            raise ValueError("a weekly deadline day is 1 (Monday) to 7 (Sunday)")
        return period.start + dt.timedelta(days=weekday - 1)
    if deadline_day == 0:
        return period.end
    if not 1 <= deadline_day <= 31:
        raise ValueError("a monthly deadline day is 1 to 31, or 0 for the month's last day")
    following = period.end_exclusive
    last = calendar.monthrange(following.year, following.month)[1]
    return following.replace(day=min(deadline_day, last))


def report_deadline(template: ReportTemplate, period: Period, tz: dt.tzinfo) -> dt.datetime:
    """The deadline for a report of ``template``'s kind covering ``period``, as a UTC instant."""
    day = deadline_date(template.kind, template.deadline_day, period)
    return utc_instant(day, _parse_time(template.deadline_time), tz)


def is_on_time(submitted_at: dt.datetime, deadline: dt.datetime) -> bool:
    """Submitted before the deadline minute has passed."""
    return submitted_at < deadline + GRACE


class ReportStatus(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    PENDING = "pending"  # not submitted, deadline not yet passed
    MISSING = "missing"  # not submitted, deadline passed


@dataclasses.dataclass(frozen=True, slots=True)
class ReportState:
    """One rep's report for one period."""

    user_id: uuid.UUID
    status: ReportStatus
    deadline: dt.datetime
    report_id: uuid.UUID | None = None  # the submitted report, else the latest draft
    submitted_at: dt.datetime | None = None
    has_draft: bool = False
    unsynced: bool = False  # submitted here but not yet on the server

    @property
    def submitted(self) -> bool:
        return self.status in (ReportStatus.ON_TIME, ReportStatus.LATE)


def report_states(
    template: ReportTemplate,
    period: Period,
    rep_ids: Iterable[uuid.UUID],
    reports: Iterable[Report],
    *,
    now: dt.datetime,
    tz: dt.tzinfo,
    unsynced_ids: Collection[uuid.UUID] = (),
) -> list[ReportState]:
    """The status of each rep's report of ``template.kind`` for ``period``, in ``rep_ids`` order.

    A submitted report is ``unsynced`` when it never reached the server
    (``rev == 0``) or its id is in ``unsynced_ids`` (the store's pending edits).
    """
    deadline = report_deadline(template, period, tz)
    mine: dict[uuid.UUID, list[Report]] = {}
    for report in reports:
        if (
            report.deleted
            or report.kind != template.kind
            or report.period_start != period.start
            or report.author_id is None
        ):
            continue
        mine.setdefault(report.author_id, []).append(report)
    states = []
    for rep in rep_ids:
        written = mine.get(rep, [])
        submitted = sorted(
            (r for r in written if r.status == "submitted" and r.submitted_at is not None),
            key=lambda r: (r.submitted_at, str(r.id)),
        )
        drafts = sorted(
            (r for r in written if r.status != "submitted"),
            key=lambda r: (r.updated_at, str(r.id)),
        )
        if submitted:
            first = submitted[0]
            assert first.submitted_at is not None
            on_time = is_on_time(first.submitted_at, deadline)
            states.append(
                ReportState(
                    user_id=rep,
                    status=ReportStatus.ON_TIME if on_time else ReportStatus.LATE,
                    deadline=deadline,
                    report_id=first.id,
                    submitted_at=first.submitted_at,
                    has_draft=bool(drafts),
                    unsynced=first.rev == 0 or first.id in unsynced_ids,
                )
            )
            continue
        overdue = not is_on_time(now, deadline)
        states.append(
            ReportState(
                user_id=rep,
                status=ReportStatus.MISSING if overdue else ReportStatus.PENDING,
                deadline=deadline,
                report_id=drafts[-1].id if drafts else None,
                has_draft=bool(drafts),
            )
        )
    return states


def not_reported(states: Iterable[ReportState], *, include_late: bool = False) -> list[uuid.UUID]:
    """Reps who have not reported by the deadline: still missing (and, if asked, late)."""
    wanted = {ReportStatus.MISSING} | ({ReportStatus.LATE} if include_late else set())
    return [state.user_id for state in states if state.status in wanted]


def punctuality(states: Iterable[ReportState]) -> tuple[int, int]:
    """(reports on time, reports due) over states whose deadline has passed or that are done.

    Pending reports are not due yet and are left out.
    """
    due = on_time = 0
    for state in states:
        if state.status == ReportStatus.PENDING:
            continue
        due += 1
        on_time += state.status == ReportStatus.ON_TIME
    return on_time, due


# ---- figures ----------------------------------------------------------------------------------


def report_figures(
    rep_id: uuid.UUID,
    period: Period,
    tz: dt.tzinfo,
    *,
    visits: Iterable[Visit] = (),
    customers: Iterable[Customer] = (),
    deals: Iterable[Deal] = (),
    stage_changes: Iterable[DealStageChange] = (),
    stages: Sequence[PipelineStage] = (),
    tasks: Iterable[Task] = (),
    keys: Iterable[str] = FIGURES,
) -> dict[str, int | Decimal]:
    """The automatic figures ``keys`` (a template's ``figures``) for one rep and period.

    Unknown keys are ignored, so an old client skips a figure a newer template names.
    """
    wanted = [key for key in keys if key in FIGURES]
    reps = [rep_id]
    deal_list = [deal for deal in deals if not deal.deleted]
    figures: dict[str, int | Decimal] = {}
    for key in wanted:
        if key == "visits":
            figures[key] = visits_by_rep(visits, period, tz, reps)[rep_id]
        elif key == "new_customers":
            figures[key] = new_customers_by_rep(customers, period, tz, reps)[rep_id]
        elif key == "revenue_won":
            figures[key] = revenue_by_rep(deal_list, period, reps)[rep_id]
        elif key == "tasks_done":
            figures[key] = tasks_done_by_rep(tasks, period, tz, reps)[rep_id]
        elif key == "deals_advanced":
            owned = {deal.id for deal in deal_list if deal.owner_id == rep_id}
            figures[key] = len(advanced_deals(stage_changes, stages, period, tz) & owned)
    return figures


def figures_to_json(figures: Mapping[str, int | Decimal]) -> dict[str, Any]:
    """Figures for ``Report.figures`` (JSON): money as text with 2 decimals, counts as numbers."""
    return {
        key: format(value, "f") if isinstance(value, Decimal) else value
        for key, value in figures.items()
    }


# ---- sections ---------------------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | dict):
        return not value
    return False


def missing_sections(template: ReportTemplate, sections: Mapping[str, Any]) -> list[str]:
    """Keys of the template's required sections that are empty, in template order."""
    missing = []
    for section in template.sections:
        if not isinstance(section, Mapping) or not section.get("required"):
            continue
        key = str(section.get("key", ""))
        if key and _is_blank(sections.get(key)):
            missing.append(key)
    return missing


def submit_errors(template: ReportTemplate, report: Report) -> list[FieldError]:
    """Why ``report`` cannot be submitted: one error per empty required section, and a kind
    or period that does not match the template (codes ``required``, ``wrong_kind``,
    ``wrong_period``). Field names are ``sections.<key>`` so the form shows them in place."""
    errors: list[FieldError] = []
    if report.kind != template.kind:
        errors.append(FieldError("kind", "wrong_kind", "the report and template kinds differ"))
    elif report.period_start is not None:
        period = report_period(report.kind, report.period_start)
        if period.start != report.period_start or (
            report.period_end is not None and report.period_end != period.end
        ):
            errors.append(
                FieldError(
                    "period_start", "wrong_period", f"a {report.kind} report covers {period}"
                )
            )
    else:
        errors.append(FieldError("period_start", "required", "a value is required"))
    for key in missing_sections(template, report.sections):
        errors.append(FieldError(f"sections.{key}", "required", "this section is required"))
    return errors
