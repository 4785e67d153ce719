"""Report periods, deadlines (time zones, boundary minute), statuses, figures and sections."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

import pytest

from salesdesk.domain.entities import Report
from salesdesk.domain.periods import Period
from salesdesk.domain.reports import (
    ReportStatus,
    deadline_date,
    figures_to_json,
    is_on_time,
    missing_sections,
    not_reported,
    punctuality,
    report_deadline,
    report_figures,
    report_period,
    report_states,
    submit_errors,
)
from tests.domain.builders import (
    NEW_YORK,
    SHANGHAI,
    at,
    change,
    cst,
    customer,
    d,
    deal,
    default_stages,
    default_template,
    report,
    stage_by_code,
    task,
    uid,
    visit,
)

ALICE, BOB, CAROL, DAN = uid(1), uid(2), uid(3), uid(4)
DAILY = default_template("daily")  # 20:00 the same day
WEEKLY = default_template("weekly")  # Friday 18:00
MONTHLY = default_template("monthly")  # 1st of the next month, 18:00


@pytest.mark.parametrize(
    ("kind", "day", "code"),
    [
        ("daily", "2026-11-23", "2026-11-23"),
        ("weekly", "2026-11-29", "2026-W48"),
        ("weekly", "2027-01-01", "2026-W53"),
        ("monthly", "2026-11-30", "2026-11"),
    ],
)
def test_report_period(kind: str, day: str, code: str) -> None:
    assert report_period(kind, d(day)).code == code


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="yearly"):
        report_period("yearly", d("2026-11-23"))


class TestDeadlines:
    def test_daily_is_that_day_in_local_time(self) -> None:
        period = report_period("daily", d("2026-11-23"))
        assert report_deadline(DAILY, period, SHANGHAI) == cst("2026-11-23T20:00:00")
        assert report_deadline(DAILY, period, SHANGHAI) == at("2026-11-23T12:00:00Z")

    def test_weekly_on_the_configured_weekday(self) -> None:
        week = Period.parse("2026-W48")  # Mon 23 – Sun 29 November
        assert report_deadline(WEEKLY, week, SHANGHAI) == cst("2026-11-27T18:00:00")
        monday = default_template("weekly", deadline_day=1, deadline_time="09:30")
        assert report_deadline(monday, week, SHANGHAI) == cst("2026-11-23T09:30:00")
        sunday = default_template("weekly", deadline_day=0)
        assert deadline_date("weekly", 0, week) == d("2026-11-29")
        assert report_deadline(sunday, week, SHANGHAI) == cst("2026-11-29T18:00:00")

    def test_weekly_across_the_year_end(self) -> None:
        week = Period.parse("2026-W53")  # Mon 28 Dec 2026 – Sun 3 Jan 2027
        assert deadline_date("weekly", 5, week) == d("2027-01-01")

    def test_monthly_in_the_next_month(self) -> None:
        december = Period.parse("2026-12")
        assert report_deadline(MONTHLY, december, SHANGHAI) == cst("2027-01-01T18:00:00")
        assert deadline_date("monthly", 3, Period.parse("2026-11")) == d("2026-12-03")

    def test_monthly_day_31_is_clamped_to_the_next_month_length(self) -> None:
        assert deadline_date("monthly", 31, Period.parse("2026-01")) == d("2026-02-28")
        assert deadline_date("monthly", 31, Period.parse("2028-01")) == d("2028-02-29")

    def test_monthly_zero_is_the_last_day_of_the_month(self) -> None:
        assert deadline_date("monthly", 0, Period.parse("2026-02")) == d("2026-02-28")
        assert deadline_date("monthly", 0, Period.parse("2026-12")) == d("2026-12-31")

    def test_empty_deadline_time_is_end_of_day(self) -> None:
        template = default_template("daily", deadline_time="")
        period = report_period("daily", d("2026-11-23"))
        assert report_deadline(template, period, SHANGHAI) == cst("2026-11-23T23:59:00")

    def test_other_time_zone(self) -> None:
        period = report_period("daily", d("2026-11-23"))
        assert report_deadline(DAILY, period, NEW_YORK) == at("2026-11-24T01:00:00Z")

    def test_bad_configuration(self) -> None:
        with pytest.raises(ValueError, match="Monday"):
            deadline_date("weekly", 8, Period.parse("2026-W48"))
        with pytest.raises(ValueError, match="does not cover"):
            deadline_date("weekly", 5, Period.parse("2026-11"))
        with pytest.raises(ValueError, match="18:00"):
            report_deadline(
                default_template("daily", deadline_time="25:00"),
                Period.parse("2026-11-23"),
                SHANGHAI,
            )

    def test_boundary_minute(self) -> None:
        deadline = cst("2026-11-23T20:00:00")
        assert is_on_time(cst("2026-11-23T19:59:59"), deadline)
        assert is_on_time(cst("2026-11-23T20:00:00"), deadline)
        assert is_on_time(cst("2026-11-23T20:00:59.999999"), deadline)
        assert not is_on_time(cst("2026-11-23T20:01:00"), deadline)


class TestStates:
    PERIOD = report_period("daily", d("2026-11-23"))
    DEADLINE = cst("2026-11-23T20:00:00")

    def _report(self, author: uuid.UUID, **values: Any) -> Report:
        values.setdefault("kind", "daily")
        values.setdefault("period_start", d("2026-11-23"))
        values.setdefault("period_end", d("2026-11-23"))
        return report(author_id=author, **values)

    def test_statuses_after_the_deadline(self) -> None:
        reports = [
            self._report(ALICE, status="submitted", submitted_at=cst("2026-11-23T20:00:30"), rev=7),
            self._report(BOB, status="submitted", submitted_at=cst("2026-11-23T20:01:00")),
            self._report(CAROL, status="draft", updated_at=cst("2026-11-23T19:00:00")),
            # other periods, kinds and deleted rows do not count
            self._report(
                DAN,
                status="submitted",
                submitted_at=cst("2026-11-22T10:00:00"),
                period_start=d("2026-11-22"),
                period_end=d("2026-11-22"),
            ),
            self._report(
                DAN, status="submitted", kind="weekly", submitted_at=cst("2026-11-23T10:00:00")
            ),
            self._report(
                DAN, status="submitted", deleted=True, submitted_at=cst("2026-11-23T10:00:00")
            ),
        ]
        states = report_states(
            DAILY,
            self.PERIOD,
            [ALICE, BOB, CAROL, DAN],
            reports,
            now=cst("2026-11-23T21:00:00"),
            tz=SHANGHAI,
        )
        assert [(s.user_id, s.status) for s in states] == [
            (ALICE, ReportStatus.ON_TIME),
            (BOB, ReportStatus.LATE),
            (CAROL, ReportStatus.MISSING),
            (DAN, ReportStatus.MISSING),
        ]
        assert states[0].unsynced is False
        pending = report_states(
            DAILY,
            self.PERIOD,
            [ALICE],
            reports,
            now=cst("2026-11-23T21:00:00"),
            tz=SHANGHAI,
            unsynced_ids={reports[0].id},
        )
        assert pending[0].unsynced is True  # submitted offline after the draft was synced
        assert states[1].unsynced is True  # rev 0: never reached the server
        assert states[2].has_draft
        assert states[2].report_id == reports[2].id
        assert all(s.deadline == self.DEADLINE for s in states)
        assert not_reported(states) == [CAROL, DAN]
        assert not_reported(states, include_late=True) == [BOB, CAROL, DAN]
        assert punctuality(states) == (1, 4)

    def test_before_the_deadline_nothing_is_missing(self) -> None:
        states = report_states(
            DAILY, self.PERIOD, [ALICE], [], now=cst("2026-11-23T20:00:59"), tz=SHANGHAI
        )
        assert states[0].status == ReportStatus.PENDING
        assert not_reported(states) == []
        assert punctuality(states) == (0, 0)
        later = report_states(
            DAILY, self.PERIOD, [ALICE], [], now=cst("2026-11-23T20:01:00"), tz=SHANGHAI
        )
        assert later[0].status == ReportStatus.MISSING

    def test_the_earliest_submitted_copy_counts(self) -> None:
        reports = [
            self._report(ALICE, status="submitted", submitted_at=cst("2026-11-23T21:00:00")),
            self._report(ALICE, status="submitted", submitted_at=cst("2026-11-23T19:00:00")),
        ]
        states = report_states(
            DAILY,
            self.PERIOD,
            [ALICE],
            reports,
            now=cst("2026-11-24T08:00:00"),
            tz=SHANGHAI,
        )
        assert states[0].status == ReportStatus.ON_TIME
        assert states[0].report_id == reports[1].id

    def test_empty(self) -> None:
        assert report_states(DAILY, self.PERIOD, [], [], now=self.DEADLINE, tz=SHANGHAI) == []


class TestFigures:
    NOV = Period.parse("2026-11")

    def test_figures_from_own_records(self) -> None:
        stages = default_stages()
        lead, contact, needs = (stage_by_code(stages, c).id for c in ("lead", "contact", "needs"))
        lost = stage_by_code(stages, "lost").id
        mine = deal(
            id=uid(50), owner_id=ALICE, status="won", amount="8800.00", closed_on=d("2026-11-11")
        )
        mine_open = deal(id=uid(51), owner_id=ALICE, stage_id=needs)
        bobs = deal(id=uid(52), owner_id=BOB, stage_id=contact)
        figures = report_figures(
            ALICE,
            self.NOV,
            SHANGHAI,
            visits=[
                visit(rep_id=ALICE, status="done", checked_in_at=cst("2026-11-02T10:00:00")),
                visit(rep_id=ALICE, status="planned", planned_on=d("2026-11-03")),
                visit(rep_id=BOB, status="done", checked_in_at=cst("2026-11-02T10:00:00")),
            ],
            customers=[
                customer(owner_id=ALICE, created_at=cst("2026-11-01T00:00:01")),
                customer(owner_id=ALICE, created_at=cst("2026-10-31T23:59:59")),
            ],
            deals=[mine, mine_open, bobs],
            stage_changes=[
                change(
                    deal_id=mine_open.id,
                    from_stage_id=lead,
                    to_stage_id=contact,
                    changed_at=cst("2026-11-04T10:00:00"),
                ),
                change(
                    deal_id=mine_open.id,
                    from_stage_id=contact,
                    to_stage_id=needs,
                    changed_at=cst("2026-11-05T10:00:00"),
                ),
                change(
                    deal_id=bobs.id,
                    from_stage_id=lead,
                    to_stage_id=contact,
                    changed_at=cst("2026-11-04T10:00:00"),
                ),
                change(
                    deal_id=mine.id,
                    from_stage_id=needs,
                    to_stage_id=lost,
                    changed_at=cst("2026-11-04T10:00:00"),
                ),
            ],
            stages=stages,
            tasks=[
                task(assignee_id=ALICE, status="done", completed_at=cst("2026-11-30T23:00:00")),
                task(assignee_id=ALICE, status="done", completed_at=cst("2026-12-01T00:00:00")),
            ],
        )
        assert figures == {
            "visits": 1,
            "new_customers": 1,
            "deals_advanced": 1,
            "revenue_won": Decimal("8800.00"),
            "tasks_done": 1,
        }
        assert figures_to_json(figures)["revenue_won"] == "8800.00"
        assert figures_to_json(figures)["visits"] == 1

    def test_only_the_template_figures_and_unknown_keys_are_skipped(self) -> None:
        figures = report_figures(ALICE, self.NOV, SHANGHAI, keys=["visits", "future_figure"])
        assert figures == {"visits": 0}

    def test_empty_inputs_give_zeros(self) -> None:
        figures = report_figures(ALICE, self.NOV, SHANGHAI)
        assert figures == {
            "visits": 0,
            "new_customers": 0,
            "deals_advanced": 0,
            "revenue_won": Decimal("0.00"),
            "tasks_done": 0,
        }


class TestSections:
    def test_missing_required_sections(self) -> None:
        # the default daily template requires summary and next_plan
        assert missing_sections(DAILY, {}) == ["summary", "next_plan"]
        assert missing_sections(DAILY, {"summary": "拜访了3家客户", "next_plan": " \n\t"}) == [
            "next_plan"
        ]
        assert missing_sections(DAILY, {"summary": "x", "next_plan": "y", "market": ""}) == []
        assert missing_sections(default_template("daily", sections=[]), {}) == []

    def test_submit_errors(self) -> None:
        good = report(
            kind="daily",
            period_start=d("2026-11-23"),
            period_end=d("2026-11-23"),
            sections={"summary": "x", "next_plan": "y"},
        )
        assert submit_errors(DAILY, good) == []
        empty = report(kind="daily", period_start=d("2026-11-23"), period_end=d("2026-11-23"))
        assert [(e.field, e.code) for e in submit_errors(DAILY, empty)] == [
            ("sections.summary", "required"),
            ("sections.next_plan", "required"),
        ]
        wrong_week = report(
            kind="weekly",
            period_start=d("2026-11-24"),
            sections={"summary": "x", "customer_feedback": "y", "next_plan": "z"},
        )
        assert [(e.field, e.code) for e in submit_errors(WEEKLY, wrong_week)] == [
            ("period_start", "wrong_period")
        ]
        # the daily report also lacks the weekly customer_feedback section
        assert [e.code for e in submit_errors(WEEKLY, good)] == ["wrong_kind", "required"]


def test_deadline_is_utc() -> None:
    deadline = report_deadline(WEEKLY, Period.parse("2026-W48"), SHANGHAI)
    assert deadline.utcoffset() == dt.timedelta(0)
