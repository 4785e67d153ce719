"""Periods: text forms, extents, navigation, and local dates across time zones."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesdesk.domain.periods import (
    TARGET_KINDS,
    Period,
    PeriodError,
    PeriodKind,
    local_date,
    utc_instant,
)
from tests.domain.builders import NEW_YORK, SHANGHAI, UTC, at, d


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2026-11", PeriodKind.MONTH, "2026-11-01", "2026-11-30"),
        ("2026-02", PeriodKind.MONTH, "2026-02-01", "2026-02-28"),
        ("2028-02", PeriodKind.MONTH, "2028-02-01", "2028-02-29"),
        ("2026-12", PeriodKind.MONTH, "2026-12-01", "2026-12-31"),
        ("2026-Q1", PeriodKind.QUARTER, "2026-01-01", "2026-03-31"),
        ("2026-Q4", PeriodKind.QUARTER, "2026-10-01", "2026-12-31"),
        ("2026", PeriodKind.YEAR, "2026-01-01", "2026-12-31"),
        ("2026-W01", PeriodKind.WEEK, "2025-12-29", "2026-01-04"),
        ("2026-W53", PeriodKind.WEEK, "2026-12-28", "2027-01-03"),
        ("2026-11-23", PeriodKind.DAY, "2026-11-23", "2026-11-23"),
    ],
)
def test_parse_gives_the_calendar_extent(text: str, kind: PeriodKind, start: str, end: str) -> None:
    period = Period.parse(text)
    assert period.kind == kind
    assert period.start == d(start)
    assert period.end == d(end)
    assert period.end_exclusive == d(end) + dt.timedelta(days=1)
    assert period.total_days == (d(end) - d(start)).days + 1
    assert period.code == text
    assert str(period) == text


def test_parse_is_lenient_about_case_and_spaces() -> None:
    assert Period.parse(" 2026-q4 ") == Period.for_quarter(2026, 4)
    assert Period.parse("2026-w48") == Period.for_week(2026, 48)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-13",
        "2026-00",
        "2026-Q5",
        "2026-Q0",
        "26-11",
        "2026/11",
        "2025-W53",
        "2026-02-30",
        "2026-1",
        "November",
        "2026-11-1",
    ],
)
def test_bad_text_raises_a_clear_error(text: str) -> None:
    with pytest.raises(PeriodError) as error:
        Period.parse(text)
    assert error.value.code == "invalid_period"
    assert str(error.value)  # a message, not an empty error


def test_the_error_for_unknown_text_names_the_accepted_forms() -> None:
    with pytest.raises(PeriodError, match="2026-Q4"):
        Period.parse("next month")


def test_kinds_restrict_what_parse_accepts() -> None:
    assert Period.parse("2026-Q4", kinds=TARGET_KINDS).kind == PeriodKind.QUARTER
    with pytest.raises(PeriodError) as error:
        Period.parse("2026-W10", kinds=TARGET_KINDS)
    assert error.value.code == "invalid_kind"


def test_misaligned_start_is_refused() -> None:
    with pytest.raises(PeriodError):
        Period(PeriodKind.MONTH, d("2026-11-02"))
    with pytest.raises(PeriodError):
        Period(PeriodKind.QUARTER, d("2026-02-01"))
    with pytest.raises(PeriodError):
        Period(PeriodKind.WEEK, d("2026-11-24"))  # a Tuesday


@pytest.mark.parametrize(
    ("kind", "day", "expected"),
    [
        (PeriodKind.MONTH, "2026-03-31", "2026-03"),
        (PeriodKind.QUARTER, "2026-03-31", "2026-Q1"),
        (PeriodKind.QUARTER, "2026-04-01", "2026-Q2"),
        (PeriodKind.QUARTER, "2026-12-31", "2026-Q4"),
        (PeriodKind.YEAR, "2026-12-31", "2026"),
        (PeriodKind.WEEK, "2026-11-23", "2026-W48"),  # a Monday
        (PeriodKind.WEEK, "2026-11-29", "2026-W48"),  # the Sunday of that week
        (PeriodKind.WEEK, "2027-01-01", "2026-W53"),  # ISO year differs from calendar year
        (PeriodKind.WEEK, "2024-12-30", "2025-W01"),
    ],
)
def test_containing(kind: PeriodKind, day: str, expected: str) -> None:
    assert Period.containing(kind, d(day)).code == expected


def test_navigation_across_year_boundaries() -> None:
    assert Period.parse("2026-12").next().code == "2027-01"
    assert Period.parse("2027-01").previous().code == "2026-12"
    assert Period.parse("2027-Q1").previous().code == "2026-Q4"
    assert Period.parse("2026-Q4").next().code == "2027-Q1"
    assert Period.parse("2026").previous().code == "2025"
    assert Period.parse("2026-W01").previous().code == "2025-W52"
    assert Period.parse("2026-W53").next().code == "2027-W01"
    assert Period.parse("2026-03-01").previous().code == "2026-02-28"
    assert Period.parse("2026-11").shift(-13).code == "2025-10"
    assert Period.parse("2026-11").shift(0) == Period.parse("2026-11")


def test_same_period_last_year() -> None:
    assert Period.parse("2026-Q4").same_period_last_year().code == "2025-Q4"
    assert Period.parse("2028-02-29").same_period_last_year().code == "2027-02-28"
    assert Period.parse("2026-W53").same_period_last_year().code == "2025-W52"


def test_contains_uses_inclusive_end() -> None:
    q1 = Period.parse("2026-Q1")
    assert q1.contains(d("2026-01-01"))
    assert q1.contains(d("2026-03-31"))
    assert not q1.contains(d("2026-04-01"))
    assert not q1.contains(d("2025-12-31"))


def test_contains_refuses_a_datetime() -> None:
    with pytest.raises(TypeError):
        Period.parse("2026-Q1").contains(at("2026-03-31T17:00:00Z"))


def test_local_date_moves_across_the_quarter_boundary_in_shanghai() -> None:
    instant = at("2026-03-31T17:00:00Z")
    assert local_date(instant, SHANGHAI) == d("2026-04-01")
    assert local_date(instant, UTC) == d("2026-03-31")
    assert Period.containing_instant(PeriodKind.QUARTER, instant, SHANGHAI).code == "2026-Q2"
    assert Period.containing_instant(PeriodKind.QUARTER, instant, UTC).code == "2026-Q1"
    assert not Period.parse("2026-03").contains_instant(instant, SHANGHAI)
    assert Period.parse("2026-04").contains_instant(instant, SHANGHAI)


def test_new_year_in_shanghai_is_still_the_old_year_in_utc_and_new_york() -> None:
    instant = at("2026-12-31T16:00:00Z")  # 2027-01-01 00:00 in Shanghai
    assert Period.containing_instant("year", instant, SHANGHAI).code == "2027"
    assert Period.containing_instant("year", instant, UTC).code == "2026"
    late_new_york = at("2027-01-01T04:59:59Z")  # 23:59:59 on 31 Dec in New York
    assert Period.containing_instant("year", late_new_york, NEW_YORK).code == "2026"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        local_date(dt.datetime(2026, 3, 31, 17, 0), SHANGHAI)


def test_utc_bounds_are_local_midnights() -> None:
    start, end = Period.parse("2026-04").utc_bounds(SHANGHAI)
    assert start == at("2026-03-31T16:00:00Z")
    assert end == at("2026-04-30T16:00:00Z")


def test_utc_bounds_follow_daylight_saving() -> None:
    start, end = Period.parse("2026-03-08").utc_bounds(NEW_YORK)  # DST starts that day
    assert start == at("2026-03-08T05:00:00Z")
    assert end == at("2026-03-09T04:00:00Z")
    assert end - start == dt.timedelta(hours=23)


def test_utc_instant() -> None:
    assert utc_instant(d("2026-11-23"), dt.time(18, 0), SHANGHAI) == at("2026-11-23T10:00:00Z")


@pytest.mark.parametrize(
    ("on", "elapsed"),
    [
        ("2026-10-31", 0),
        ("2026-11-01", 1),
        ("2026-11-15", 15),
        ("2026-11-30", 30),
        ("2026-12-25", 30),
    ],
)
def test_days_elapsed_count_the_day_itself_and_are_clamped(on: str, elapsed: int) -> None:
    month = Period.parse("2026-11")
    assert month.days_elapsed(d(on)) == elapsed
    assert month.days_remaining(d(on)) == 30 - elapsed


def test_iteration() -> None:
    q4 = Period.parse("2026-Q4")
    assert [m.code for m in q4.months()] == ["2026-10", "2026-11", "2026-12"]
    assert len(list(Period.parse("2026").months())) == 12
    assert len(list(q4.days())) == 92
    weeks = list(Period.parse("2026-11").weeks())
    assert weeks[0].code == "2026-W44"  # Mon 26 Oct – Sun 1 Nov
    assert weeks[-1].code == "2026-W49"  # Mon 30 Nov – Sun 6 Dec
    assert [m.code for m in Period.parse("2026-W53").months()] == ["2026-12", "2027-01"]


def test_periods_of_one_kind_sort_chronologically() -> None:
    texts = ["2026-11", "2025-12", "2026-02", "2026-10"]
    assert [p.code for p in sorted(Period.parse(t) for t in texts)] == [
        "2025-12",
        "2026-02",
        "2026-10",
        "2026-11",
    ]


@settings(max_examples=150, deadline=None)
@given(
    day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)),
    kind=st.sampled_from(list(PeriodKind)),
)
def test_every_day_is_in_exactly_its_period_which_round_trips(
    day: dt.date, kind: PeriodKind
) -> None:
    period = Period.containing(kind, day)
    assert period.contains(day)
    assert not period.previous().contains(day)
    assert not period.next().contains(day)
    assert period.previous().end_exclusive == period.start
    assert period.next().start == period.end_exclusive
    assert Period.parse(period.code) == period
    assert sum(p.total_days for p in period.subperiods(PeriodKind.DAY)) == period.total_days


@settings(max_examples=150, deadline=None)
@given(
    instant=st.datetimes(
        min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2060, 1, 1), timezones=st.just(UTC)
    ),
    tz=st.sampled_from([SHANGHAI, NEW_YORK, UTC]),
)
def test_an_instant_is_inside_the_utc_bounds_of_its_local_period(
    instant: dt.datetime, tz: dt.tzinfo
) -> None:
    for kind in PeriodKind:
        start, end = Period.containing_instant(kind, instant, tz).utc_bounds(tz)
        assert start <= instant < end
