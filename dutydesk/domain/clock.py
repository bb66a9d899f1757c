"""Time: stored in UTC, shown in Europe/London.

Everything that needs "now" takes a clock (a function returning an aware UTC datetime) so
that tests can stand at any moment, including the hour around a clock change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pendulum

LONDON = pendulum.timezone("Europe/London")
# The same zone for the standard library's own conversions: several times faster than
# pendulum's, for the exports' thousands of cells (the results are the same).
LONDON_ZONE = ZoneInfo("Europe/London")
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return pendulum.now("UTC")


def fixed_clock(moment: datetime) -> Clock:
    """A clock that always says `moment` (for tests and snapshots)."""
    fixed = to_utc(moment)
    return lambda: fixed


def to_utc(moment: datetime) -> pendulum.DateTime:
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not allowed: say which zone")
    return pendulum.instance(moment).in_timezone("UTC")


def to_london(moment: datetime) -> pendulum.DateTime:
    return pendulum.instance(moment).in_timezone(LONDON)


def london_day(moment: datetime) -> date:
    """The calendar day in London at `moment` (which day's session it belongs to)."""
    return _aware(moment).astimezone(LONDON_ZONE).date()


def london_datetime(day: date, hour: int, minute: int = 0) -> pendulum.DateTime:
    """A wall-clock time in London on `day`, as UTC."""
    local = pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=LONDON)
    return local.in_timezone("UTC")


def hhmm(moment: datetime | None) -> str:
    return to_london(moment).format("HH:mm") if moment else ""


def day_label(day: date) -> str:
    """e.g. 'Thu 26 Nov 2026'."""
    return pendulum.date(day.year, day.month, day.day).format("ddd D MMM YYYY")


def when(moment: datetime | None, today: date | None = None, *, short: bool = False) -> str:
    """'14:05' for today, 'Tue 24 Nov 14:05' otherwise ('Tue 14:05' if short and within a week)."""
    if moment is None:
        return ""
    local = to_london(moment)
    if today is not None and local.date() == today:
        return local.format("HH:mm")
    if short and today is not None and abs((today - local.date()).days) < 7:
        return local.format("ddd HH:mm")
    return local.format("ddd D MMM HH:mm")


def iso_local(moment: datetime | None) -> str:
    """For exports: London wall time with its offset, e.g. 2026-10-25T01:30:00+00:00."""
    return _aware(moment).astimezone(LONDON_ZONE).isoformat(timespec="seconds") if moment else ""


def excel_local(moment: datetime | None) -> str:
    """For a spreadsheet: London date and time, no offset and no "T" (2026-12-04 15:53:46),
    which Excel reads as a date. Twice the same in the hour the clocks go back."""
    return iso_local(moment)[:19].replace("T", " ")


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:  # as pendulum.instance: a naive moment is taken as UTC
        return moment.replace(tzinfo=pendulum.UTC)
    return moment


def duration(delta: timedelta) -> str:
    """A wait, short and readable across a room: '45m', '2h 05m', '3d 4h'."""
    seconds = max(0, int(delta.total_seconds()))
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h {minutes:02d}m"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h"
