"""Times for people: UTC in the data, local time on screen."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone


def local(value: dt.datetime) -> dt.datetime:
    """An aware UTC datetime in the computer's local time zone."""
    return value.astimezone()


def today() -> dt.date:
    return dt.datetime.now().astimezone().date()


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return QLocale().toString(to_qdatetime(value), QLocale.FormatType.ShortFormat)


def format_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return QLocale().toString(
        QDate(value.year, value.month, value.day), QLocale.FormatType.ShortFormat
    )


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
