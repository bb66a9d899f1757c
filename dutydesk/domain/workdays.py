"""Working days in England: Monday to Friday, excluding English bank holidays.

Statutory guidance expects a decision within one working day. A call's decision is due at
the same London wall-clock time on the first working day after the day of the call: a call
at 16:50 on Friday is due by 16:50 on Monday (or Tuesday, if Monday is a bank holiday).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache

from dutydesk.domain.clock import LONDON_ZONE

# Holidays moved or added by proclamation, which no rule can work out.
MOVED: dict[int, dict[date, date]] = {
    2020: {date(2020, 5, 4): date(2020, 5, 8)},  # VE Day
    2022: {date(2022, 5, 30): date(2022, 6, 2)},  # Platinum Jubilee
}
EXTRA: dict[int, tuple[date, ...]] = {
    2022: (date(2022, 6, 3), date(2022, 9, 19)),  # Jubilee; the Queen's state funeral
    2023: (date(2023, 5, 8),),  # the King's coronation
}


def easter_sunday(year: int) -> date:
    """Gregorian Easter (the anonymous algorithm, as in Meeus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def _substitute(day: date, taken: set[date]) -> date:
    """A holiday on a weekend moves to the next weekday not already a holiday."""
    while day.weekday() >= 5 or day in taken:
        day += timedelta(days=1)
    return day


@cache
def bank_holidays(year: int) -> frozenset[date]:
    easter = easter_sunday(year)
    days: set[date] = {
        easter - timedelta(days=2),  # Good Friday
        easter + timedelta(days=1),  # Easter Monday
        _first_monday(year, 5),  # early May
        _last_monday(year, 5),  # spring
        _last_monday(year, 8),  # summer
    }
    days.add(_substitute(date(year, 1, 1), days))
    christmas = _substitute(date(year, 12, 25), days)
    days.add(christmas)
    days.add(_substitute(date(year, 12, 26), days))
    for usual, moved in MOVED.get(year, {}).items():
        days.discard(usual)
        days.add(moved)
    days.update(EXTRA.get(year, ()))
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def next_working_day(day: date) -> date:
    """The first working day after `day`."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def decision_due(received: datetime) -> datetime:
    """When a decision on a call received at `received` is due, in UTC: the same London
    wall time (to the second) on the next working day. A working day is never a day the
    clocks change (a Sunday), so that wall time is never missing nor doubled."""
    local = received.astimezone(LONDON_ZONE)
    day = next_working_day(local.date())
    wall = datetime(day.year, day.month, day.day, local.hour, local.minute, local.second)
    return wall.replace(tzinfo=LONDON_ZONE).astimezone(UTC)
