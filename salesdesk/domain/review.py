"""Reviewing the team's reports (审阅) from a manager's copy: which reports are due in a span,
and what a report the copy does not hold can mean.

Report slots (:func:`report_slots`)
    The reports due for a span (a day, a week, a month, a quarter or a year) are those whose
    period *ends* in the span and has begun by ``today``: the daily reports of its working
    days (Monday to Friday — the domain knows no holiday calendar), the weekly reports of the
    weeks ending (on Sunday) in it, the monthly reports of the months ending in it. Each report
    belongs to exactly one span of a kind, so consecutive weeks or months never count a report
    twice (the appraisal's punctuality relies on that).

Received, or only written? (:func:`review_status`)
    A manager's copy holds what had reached the server by the manager's last sync. A report
    it does not hold (or holds only as a draft) after the deadline is either not written —
    or submitted on the rep's laptop offline and not yet synced (已提交未同步). The copy
    cannot see the second case directly, but it can tell whether the rep has synced since
    the deadline: a laptop pushes its changes oldest first, so a row the rep *created* after
    the deadline that has reached this copy proves that everything the rep did before it —
    a report submitted by the deadline included — reached the server as well, and this copy
    with it. ``last_heard`` is the latest creation time (the rep's own clock) of such rows.

    * ``missing`` (未交): past the deadline and not submitted, and either the rep has synced
      since the deadline, or the copy is complete for this rep (the signed-in user's own
      reports, written on this computer);
    * ``not_received`` (未收到): past the deadline, not submitted in this copy, and nothing
      the rep created after the deadline has arrived — not written, or written offline and
      not yet synced; the next sync after the rep's tells;
    * ``on_time`` / ``late`` / ``pending`` as in ``reports.report_states``.

    A rep whose laptop clock runs behind can look "not received" a little longer; a clock
    running ahead can confirm "missing" a little early. Both only move a report between two
    "not reported" states; a report received is never called missing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from enum import StrEnum

from salesdesk.domain.periods import Period, PeriodKind
from salesdesk.domain.reports import KIND_PERIODS, ReportState, ReportStatus

__all__ = [
    "ReviewState",
    "ReviewStatus",
    "not_reported",
    "report_slots",
    "review_state",
    "review_status",
]

WORKING_DAYS = frozenset({1, 2, 3, 4, 5})  # ISO weekdays Monday to Friday


class ReviewStatus(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    PENDING = "pending"  # not submitted, deadline not yet passed
    MISSING = "missing"  # not submitted by the deadline (confirmed)
    NOT_RECEIVED = "not_received"  # not in this copy; may be submitted offline, not synced

    @property
    def reported(self) -> bool:
        return self in (ReviewStatus.ON_TIME, ReviewStatus.LATE)


def report_slots(span: Period, kinds: Iterable[str], today: dt.date) -> list[tuple[str, Period]]:
    """The (kind, period) of every report due in ``span`` that has begun by ``today``.

    Rules in the module docstring; in order: by period end, then daily, weekly, monthly.
    """
    wanted = [kind for kind in KIND_PERIODS if kind in set(kinds)]
    slots: list[tuple[str, Period]] = []
    for kind in wanted:
        period_kind = KIND_PERIODS[kind]
        period = Period.containing(period_kind, span.start)
        while period.start <= span.end and period.start <= today:
            if span.contains(period.end) and (
                period_kind != PeriodKind.DAY or period.start.isoweekday() in WORKING_DAYS
            ):
                slots.append((kind, period))
            period = period.next()
    order = {kind: number for number, kind in enumerate(KIND_PERIODS)}
    slots.sort(key=lambda slot: (slot[1].end, order[slot[0]]))
    return slots


def review_status(
    state: ReportState, *, last_heard: dt.datetime | None, complete: bool = False
) -> ReviewStatus:
    """What one rep's report state means in this copy (rules in the module docstring).

    ``last_heard``: when the rep last created something that reached this copy (None: never);
    ``complete``: this copy holds all of the rep's work (the signed-in user's own reports).
    """
    if state.status == ReportStatus.ON_TIME:
        return ReviewStatus.ON_TIME
    if state.status == ReportStatus.LATE:
        return ReviewStatus.LATE
    if state.status == ReportStatus.PENDING:
        return ReviewStatus.PENDING
    if complete or (last_heard is not None and last_heard >= state.deadline):
        return ReviewStatus.MISSING
    return ReviewStatus.NOT_RECEIVED


@dataclasses.dataclass(frozen=True, slots=True)
class ReviewState:
    """One rep's report of one kind and period, as the reviewing manager sees it."""

    kind: str
    period: Period
    report: ReportState
    status: ReviewStatus

    @property
    def user_id(self) -> uuid.UUID:
        return self.report.user_id


def review_state(
    kind: str,
    period: Period,
    state: ReportState,
    *,
    last_heard: Mapping[uuid.UUID, dt.datetime],
    complete_for: uuid.UUID | None = None,
) -> ReviewState:
    """Wrap a ``report_states`` result with its review status."""
    status = review_status(
        state,
        last_heard=last_heard.get(state.user_id),
        complete=complete_for is not None and state.user_id == complete_for,
    )
    return ReviewState(kind, period, state, status)


def not_reported(states: Iterable[ReviewState], *, include_late: bool = False) -> list[ReviewState]:
    """The reports not in by their deadline: missing and not received (and late, if asked)."""
    wanted = {ReviewStatus.MISSING, ReviewStatus.NOT_RECEIVED}
    if include_late:
        wanted.add(ReviewStatus.LATE)
    return [state for state in states if state.status in wanted]
