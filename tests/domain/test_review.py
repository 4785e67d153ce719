"""Which reports a span holds, and what a report a manager's copy does not hold can mean."""

from __future__ import annotations

import datetime as dt
import uuid

from salesdesk.domain.entities import Report
from salesdesk.domain.periods import Period
from salesdesk.domain.reports import ReportState, report_states
from salesdesk.domain.review import (
    ReviewStatus,
    not_reported,
    report_slots,
    review_state,
    review_status,
)
from tests.domain.builders import SHANGHAI, cst, d, default_template, report, uid

KINDS = ("daily", "weekly", "monthly")
A, B = uid(1), uid(2)


def codes(slots: list[tuple[str, Period]]) -> list[str]:
    return [f"{kind}:{period.code}" for kind, period in slots]


class TestReportSlots:
    def test_a_week_holds_its_working_days_and_its_weekly_report(self) -> None:
        week = Period.parse("2026-W47")  # Monday 16 to Sunday 22 November
        slots = report_slots(week, KINDS, today=d("2026-11-30"))
        assert codes(slots) == [
            "daily:2026-11-16",
            "daily:2026-11-17",
            "daily:2026-11-18",
            "daily:2026-11-19",
            "daily:2026-11-20",
            "weekly:2026-W47",
        ]

    def test_only_periods_begun_by_today(self) -> None:
        week = Period.parse("2026-W47")
        slots = report_slots(week, KINDS, today=d("2026-11-18"))
        assert codes(slots) == [
            "daily:2026-11-16",
            "daily:2026-11-17",
            "daily:2026-11-18",
            "weekly:2026-W47",  # begun on Monday: due on Friday
        ]
        assert report_slots(week, KINDS, today=d("2026-11-15")) == []

    def test_a_month_holds_the_weeks_ending_in_it_and_its_monthly_report(self) -> None:
        november = Period.parse("2026-11")
        slots = report_slots(november, ("weekly", "monthly"), today=d("2026-12-31"))
        # 2026-W44 runs 26 Oct – 1 Nov: it ends in November; W49 ends on 6 December
        assert codes(slots) == [
            "weekly:2026-W44",
            "weekly:2026-W45",
            "weekly:2026-W46",
            "weekly:2026-W47",
            "weekly:2026-W48",
            "monthly:2026-11",
        ]
        daily = report_slots(november, ("daily",), today=d("2026-12-31"))
        assert len(daily) == 21  # the working days of November 2026

    def test_consecutive_spans_never_share_a_report(self) -> None:
        october, november = Period.parse("2026-10"), Period.parse("2026-11")
        first = set(codes(report_slots(october, KINDS, today=d("2027-01-01"))))
        second = set(codes(report_slots(november, KINDS, today=d("2027-01-01"))))
        assert not first & second
        quarter = set(codes(report_slots(Period.parse("2026-Q4"), KINDS, d("2027-01-01"))))
        assert first | second <= quarter

    def test_a_day_holds_only_its_daily_report_and_a_weekend_nothing(self) -> None:
        assert codes(report_slots(Period.parse("2026-11-18"), KINDS, d("2026-11-18"))) == [
            "daily:2026-11-18"
        ]
        assert report_slots(Period.parse("2026-11-21"), KINDS, d("2026-11-30")) == []

    def test_only_the_kinds_asked_for(self) -> None:
        slots = report_slots(Period.parse("2026-W47"), ("weekly",), d("2026-11-30"))
        assert codes(slots) == ["weekly:2026-W47"]


class TestReviewStatus:
    template = default_template("daily")  # due at 20:00 on the day
    day = Period.parse("2026-11-18")

    def states(self, now: dt.datetime, *reports: Report) -> dict[uuid.UUID, ReportState]:
        found = report_states(self.template, self.day, [A, B], list(reports), now=now, tz=SHANGHAI)
        return {s.user_id: s for s in found}

    def test_submitted_reports_keep_their_on_time_or_late_status(self) -> None:
        on_time = report(
            author_id=A,
            kind="daily",
            period_start=self.day.start,
            status="submitted",
            submitted_at=cst("2026-11-18 19:00"),
            rev=3,
        )
        late = report(
            author_id=B,
            kind="daily",
            period_start=self.day.start,
            status="submitted",
            submitted_at=cst("2026-11-18 20:01"),
            rev=3,
        )
        states = self.states(cst("2026-11-19 09:00"), on_time, late)
        assert review_status(states[A], last_heard=None) == ReviewStatus.ON_TIME
        assert review_status(states[B], last_heard=None) == ReviewStatus.LATE

    def test_before_the_deadline_it_is_pending(self) -> None:
        state = self.states(cst("2026-11-18 19:59"))[A]
        assert review_status(state, last_heard=None) == ReviewStatus.PENDING

    def test_missing_only_when_the_rep_synced_after_the_deadline(self) -> None:
        state = self.states(cst("2026-11-19 09:00"))[A]
        deadline = cst("2026-11-18 20:00")
        assert review_status(state, last_heard=None) == ReviewStatus.NOT_RECEIVED
        before = deadline - dt.timedelta(minutes=1)
        assert review_status(state, last_heard=before) == ReviewStatus.NOT_RECEIVED
        assert review_status(state, last_heard=deadline) == ReviewStatus.MISSING
        assert review_status(state, last_heard=None, complete=True) == ReviewStatus.MISSING

    def test_a_draft_alone_is_not_a_report(self) -> None:
        draft = report(author_id=A, kind="daily", period_start=self.day.start, rev=2)
        state = self.states(cst("2026-11-19 09:00"), draft)[A]
        review = review_state("daily", self.day, state, last_heard={A: cst("2026-11-19 08:00")})
        assert review.status == ReviewStatus.MISSING and review.report.has_draft

    def test_not_reported_lists_missing_and_not_received(self) -> None:
        states = self.states(cst("2026-11-19 09:00"))
        reviews = [
            review_state("daily", self.day, s, last_heard={A: cst("2026-11-19 08:00")})
            for s in states.values()
        ]
        found = {r.user_id: r.status for r in not_reported(reviews)}
        assert found == {A: ReviewStatus.MISSING, B: ReviewStatus.NOT_RECEIVED}
