"""The computer's time zone: what "today" and "this week" mean for the user's queries."""

from __future__ import annotations

import datetime as dt


def local_tz() -> dt.tzinfo:
    """The computer's current time zone (a fixed offset, as the system reports it now)."""
    tz = dt.datetime.now().astimezone().tzinfo
    assert tz is not None
    return tz
