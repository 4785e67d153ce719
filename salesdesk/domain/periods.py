"""Calendar periods: days, ISO weeks, months, quarters and years, and local dates.

A :class:`Period` is a run of whole local calendar days with a kind and a
first day. Its text form is the one used everywhere in the product (targets,
the CLI, the wire):

=========  ==============  ==========================================
kind       text            covers
=========  ==============  ==========================================
day        ``2026-11-23``  that day
week       ``2026-W48``    ISO 8601 week, Monday to Sunday (周一至周日)
month      ``2026-11``     the calendar month
quarter    ``2026-Q4``     Q1 Jan–Mar, Q2 Apr–Jun, Q3 Jul–Sep, Q4 Oct–Dec
year       ``2026``        the calendar year
=========  ==============  ==========================================

Dates in records are local dates (``closed_on``, ``planned_on``); timestamps are
timezone-aware UTC (``checked_in_at``, ``created_at``). Which period a
timestamp falls in depends on where the team works, so every function that
turns a timestamp into a date takes an explicit ``tz`` (a ``zoneinfo.ZoneInfo``
such as ``Asia/Shanghai``): ``2026-03-31T17:00Z`` is 1 April in Shanghai and
therefore in April and in Q2. Naive datetimes are refused rather than guessed.

Straight-line expectations count **elapsed days inclusively**: on the 15th of
a 30-day month, 15 of 30 days have elapsed (the Chinese 时间进度 convention,
"today counts"). Pass yesterday's date for a "through yesterday" view.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from enum import StrEnum

__all__ = [
    "TARGET_KINDS",
    "Period",
    "PeriodError",
    "PeriodKind",
    "local_date",
    "local_datetime",
    "utc_instant",
]


class PeriodKind(StrEnum):
    """The length of a period."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


TARGET_KINDS = frozenset({PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR})
"""The kinds a target, a leaderboard or a commission statement may cover."""


class PeriodError(ValueError):
    """A period text or value that does not make sense; ``code`` is stable for the UI."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


_FORMS = "2026-11 (month), 2026-Q4 (quarter), 2026 (year), 2026-W48 (ISO week) or 2026-11-23 (day)"
_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q(\d)")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def local_date(instant: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The calendar date in ``tz`` of an aware instant (2026-03-31T17:00Z → 2026-04-01 in CST)."""
    return local_datetime(instant, tz).date()


def local_datetime(instant: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """An aware instant as wall-clock time in ``tz``; naive datetimes raise ValueError."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("naive datetime: pass a timezone-aware (UTC) instant")
    return instant.astimezone(tz)


def utc_instant(day: dt.date, time: dt.time, tz: dt.tzinfo) -> dt.datetime:
    """The UTC instant of wall-clock ``time`` on ``day`` in ``tz``."""
    return dt.datetime.combine(day, time, tzinfo=tz).astimezone(dt.UTC)


def _quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclasses.dataclass(frozen=True, slots=True, order=True)
class Period:
    """A run of whole local days: ``kind`` and its first day ``start``.

    Build one with :meth:`parse`, :meth:`containing` or the ``for_*``
    constructors. Periods of one kind sort chronologically.
    """

    kind: PeriodKind
    start: dt.date

    def __post_init__(self) -> None:
        kind = PeriodKind(self.kind)
        object.__setattr__(self, "kind", kind)
        start = self.start
        if isinstance(start, dt.datetime) or not isinstance(start, dt.date):
            raise PeriodError("invalid_period", "a period starts on a date")
        aligned = {
            PeriodKind.DAY: True,
            PeriodKind.WEEK: start.isoweekday() == 1,
            PeriodKind.MONTH: start.day == 1,
            PeriodKind.QUARTER: start.day == 1 and start.month in (1, 4, 7, 10),
            PeriodKind.YEAR: start.day == 1 and start.month == 1,
        }[kind]
        if not aligned:
            raise PeriodError("invalid_period", f"{start} is not the first day of a {kind}")

    # ---- constructors --------------------------------------------------------------------------
    @classmethod
    def for_day(cls, day: dt.date) -> Period:
        return cls(PeriodKind.DAY, day)

    @classmethod
    def for_week(cls, iso_year: int, week: int) -> Period:
        """ISO week ``week`` (1–52/53) of ISO year ``iso_year``; it starts on a Monday."""
        try:
            return cls(PeriodKind.WEEK, dt.date.fromisocalendar(iso_year, week, 1))
        except ValueError:
            raise PeriodError("invalid_period", f"{iso_year} has no ISO week {week}") from None

    @classmethod
    def for_month(cls, year: int, month: int) -> Period:
        try:
            return cls(PeriodKind.MONTH, dt.date(year, month, 1))
        except ValueError:
            raise PeriodError("invalid_period", f"there is no month {year}-{month:02d}") from None

    @classmethod
    def for_quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise PeriodError("invalid_period", "a quarter is Q1, Q2, Q3 or Q4")
        try:
            return cls(PeriodKind.QUARTER, dt.date(year, 3 * quarter - 2, 1))
        except ValueError:
            raise PeriodError("invalid_period", f"there is no year {year}") from None

    @classmethod
    def for_year(cls, year: int) -> Period:
        try:
            return cls(PeriodKind.YEAR, dt.date(year, 1, 1))
        except ValueError:
            raise PeriodError("invalid_period", f"there is no year {year}") from None

    @classmethod
    def containing(cls, kind: PeriodKind | str, day: dt.date) -> Period:
        """The period of ``kind`` that contains local date ``day``."""
        if isinstance(day, dt.datetime):
            raise TypeError("pass a local date; use containing_instant() for a timestamp")
        kind = PeriodKind(kind)
        if kind == PeriodKind.DAY:
            return cls(kind, day)
        if kind == PeriodKind.WEEK:
            return cls(kind, day - dt.timedelta(days=day.isoweekday() - 1))
        if kind == PeriodKind.MONTH:
            return cls(kind, day.replace(day=1))
        if kind == PeriodKind.QUARTER:
            return cls(kind, dt.date(day.year, 3 * _quarter_of(day.month) - 2, 1))
        return cls(kind, dt.date(day.year, 1, 1))

    @classmethod
    def containing_instant(
        cls, kind: PeriodKind | str, instant: dt.datetime, tz: dt.tzinfo
    ) -> Period:
        """The period of ``kind`` containing an aware instant, seen from time zone ``tz``."""
        return cls.containing(kind, local_date(instant, tz))

    @classmethod
    def parse(cls, text: str, *, kinds: Iterable[PeriodKind | str] | None = None) -> Period:
        """Parse ``2026-11``, ``2026-Q4``, ``2026``, ``2026-W48`` or ``2026-11-23``.

        ``kinds`` restricts what is accepted (e.g. :data:`TARGET_KINDS`). Raises
        :class:`PeriodError` with a message that shows the accepted forms.
        """
        if not isinstance(text, str):
            raise PeriodError("invalid_period", f"a period is text like {_FORMS}")
        value = text.strip().upper()
        period: Period | None = None
        if match := _YEAR.fullmatch(value):
            period = cls.for_year(int(match[1]))
        elif match := _MONTH.fullmatch(value):
            period = cls.for_month(int(match[1]), int(match[2]))
        elif match := _QUARTER.fullmatch(value):
            period = cls.for_quarter(int(match[1]), int(match[2]))
        elif match := _WEEK.fullmatch(value):
            period = cls.for_week(int(match[1]), int(match[2]))
        elif match := _DAY.fullmatch(value):
            try:
                period = cls.for_day(dt.date(int(match[1]), int(match[2]), int(match[3])))
            except ValueError:
                raise PeriodError("invalid_period", f"there is no date {text.strip()}") from None
        if period is None:
            raise PeriodError("invalid_period", f"{text.strip()!r} is not a period; use {_FORMS}")
        if kinds is not None:
            allowed = {PeriodKind(kind) for kind in kinds}
            if period.kind not in allowed:
                names = ", ".join(sorted(allowed))
                raise PeriodError("invalid_kind", f"{period.code} is a {period.kind}; use {names}")
        return period

    # ---- text ----------------------------------------------------------------------------------
    @property
    def code(self) -> str:
        """The period's text form (``2026-11``, ``2026-Q4`` …); :meth:`parse` reads it back."""
        start = self.start
        if self.kind == PeriodKind.DAY:
            return start.isoformat()
        if self.kind == PeriodKind.WEEK:
            iso = start.isocalendar()
            return f"{iso.year:04d}-W{iso.week:02d}"
        if self.kind == PeriodKind.MONTH:
            return f"{start.year:04d}-{start.month:02d}"
        if self.kind == PeriodKind.QUARTER:
            return f"{start.year:04d}-Q{_quarter_of(start.month)}"
        return f"{start.year:04d}"

    def __str__(self) -> str:
        return self.code

    # ---- extent --------------------------------------------------------------------------------
    @property
    def end(self) -> dt.date:
        """The last day of the period (inclusive)."""
        return self.end_exclusive - dt.timedelta(days=1)

    @property
    def end_exclusive(self) -> dt.date:
        """The first day after the period (the next period's start)."""
        start = self.start
        if self.kind == PeriodKind.DAY:
            return start + dt.timedelta(days=1)
        if self.kind == PeriodKind.WEEK:
            return start + dt.timedelta(days=7)
        if self.kind == PeriodKind.MONTH:
            return _add_months(start, 1)
        if self.kind == PeriodKind.QUARTER:
            return _add_months(start, 3)
        return dt.date(start.year + 1, 1, 1)

    @property
    def total_days(self) -> int:
        return (self.end_exclusive - self.start).days

    def contains(self, day: dt.date) -> bool:
        """Whether local date ``day`` lies in the period."""
        if isinstance(day, dt.datetime):
            raise TypeError("pass a local date; use contains_instant() for a timestamp")
        return self.start <= day < self.end_exclusive

    def contains_instant(self, instant: dt.datetime, tz: dt.tzinfo) -> bool:
        """Whether an aware instant falls in the period as seen from time zone ``tz``."""
        return self.contains(local_date(instant, tz))

    def utc_bounds(self, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
        """``[start, end)`` as UTC instants: local midnight of the first day and of the day after.

        For store queries on timestamp columns (``start <= at < end``).
        """
        return (
            utc_instant(self.start, dt.time(), tz),
            utc_instant(self.end_exclusive, dt.time(), tz),
        )

    # ---- navigation ----------------------------------------------------------------------------
    def next(self) -> Period:
        return Period(self.kind, self.end_exclusive)

    def previous(self) -> Period:
        return Period.containing(self.kind, self.start - dt.timedelta(days=1))

    def shift(self, count: int) -> Period:
        """The period ``count`` periods later (earlier when negative)."""
        period = self
        step = Period.next if count >= 0 else Period.previous
        for _ in range(abs(count)):
            period = step(period)
        return period

    def same_period_last_year(self) -> Period:
        """The matching period one year earlier (同比); for a week, the same ISO week number."""
        if self.kind == PeriodKind.WEEK:
            iso = self.start.isocalendar()
            week = min(iso.week, dt.date(iso.year - 1, 12, 28).isocalendar().week)
            return Period.for_week(iso.year - 1, week)
        if self.kind == PeriodKind.DAY:
            start = self.start
            last = calendar.monthrange(start.year - 1, start.month)[1]
            return Period.for_day(start.replace(year=start.year - 1, day=min(start.day, last)))
        return Period(self.kind, self.start.replace(year=self.start.year - 1))

    # ---- straight-line progress --------------------------------------------------------------
    def days_elapsed(self, on: dt.date) -> int:
        """Days of the period elapsed by the end of ``on`` (inclusive), from 0 to total_days."""
        if on < self.start:
            return 0
        if on >= self.end:
            return self.total_days
        return (on - self.start).days + 1

    def days_remaining(self, on: dt.date) -> int:
        """Days of the period after ``on``."""
        return self.total_days - self.days_elapsed(on)

    # ---- iteration -----------------------------------------------------------------------------
    def days(self) -> Iterator[dt.date]:
        """Every date of the period, in order."""
        day = self.start
        while day < self.end_exclusive:
            yield day
            day += dt.timedelta(days=1)

    def subperiods(self, kind: PeriodKind | str) -> Iterator[Period]:
        """The periods of ``kind`` that overlap this one, in order.

        Months of a quarter or a year; ISO weeks of a month (the first and last
        may reach into the neighbouring months); the month(s) a week touches.
        """
        period = Period.containing(kind, self.start)
        while period.start < self.end_exclusive:
            yield period
            period = period.next()

    def months(self) -> Iterator[Period]:
        """The months this period overlaps (a quarter's three, a year's twelve)."""
        return self.subperiods(PeriodKind.MONTH)

    def weeks(self) -> Iterator[Period]:
        """The ISO weeks (Monday start) this period overlaps."""
        return self.subperiods(PeriodKind.WEEK)
