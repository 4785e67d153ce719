"""Times for people: UTC in the data, local time on screen."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone


def local(value: dt.datetime) -> dt.datetime:
    """An aware UTC datetime in the computer's local time zone."""
    return value.astimezone()


def today() -> dt.date:
    return dt.datetime.now().astimezone().date()


DATE_FORMAT = "yyyy-MM-dd"  # unambiguous in Chinese and English alike
DATETIME_FORMAT = "yyyy-MM-dd HH:mm"


def format_datetime(value: dt.datetime | None) -> str:
    """A UTC time as local date and time, e.g. 2026-11-23 20:00."""
    if value is None:
        return ""
    return to_qdatetime(value).toString(DATETIME_FORMAT)


def format_date(value: dt.date | None) -> str:
    """A date, e.g. 2026-11-23."""
    if value is None:
        return ""
    return QDate(value.year, value.month, value.day).toString(DATE_FORMAT)


def to_qdatetime(value: dt.datetime) -> QDateTime:
    moment = local(value)
    return QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second),
        QTimeZone.systemTimeZone(),
    )


def from_qdatetime(value: QDateTime) -> dt.datetime:
    """A QDateTime shown in local time, as aware UTC."""
    utc = value.toUTC()
    date, time = utc.date(), utc.time()
    return dt.datetime(
        date.year(),
        date.month(),
        date.day(),
        time.hour(),
        time.minute(),
        time.second(),
        tzinfo=dt.UTC,
    )


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())
