"""Reading due dates as people type them: 'today 16:00', 'tomorrow', 'fri', '2026-12-01'."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dutydesk.domain.clock import london_datetime, london_day

END_OF_DAY = (17, 0)  # a due day without a time means the end of the working day
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HINT = "try 'today 16:00', 'tomorrow', 'fri 10am', '+2d' or '2026-12-01'"


class DueError(ValueError):
    """The text could not be read as a due date; the message says what to type."""


def parse_due(text: str, now: datetime) -> datetime | None:
    """The moment `text` names, in UTC, or None for an empty text.

    Days are London days; a weekday means its next occurrence (today if it is that day).
    """
    words = text.strip().lower().replace(",", " ").split()
    if not words:
        return None
    today = london_day(now)
    day: date | None = None
    clock: tuple[int, int] | None = None
    for word in words:
        if (found := _day(word, today)) is not None:
            if day is not None:
                raise DueError(f"'{text.strip()}' names two days: {HINT}")
            day = found
        elif (time := _time(word)) is not None:
            if clock is not None:
                raise DueError(f"'{text.strip()}' names two times: {HINT}")
            clock = time
        else:
            raise DueError(f"Could not read '{word}' as a day or time: {HINT}")
    hour, minute = clock or END_OF_DAY
    return london_datetime(day or today, hour, minute)


def _day(word: str, today: date) -> date | None:
    if word in ("today", "tod", "eod"):
        return today
    if word in ("tomorrow", "tmrw", "tom"):
        return today + timedelta(days=1)
    if (match := re.fullmatch(r"\+(\d{1,3})d?", word)) is not None:
        return today + timedelta(days=int(match.group(1)))
    for index, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and _weekday_name(index).startswith(word) and word[:3] == name:
            return today + timedelta(days=(index - today.weekday()) % 7)
    if (match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", word)) is not None:
        return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)), word)
    if (match := re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?", word)) is not None:
        year = int(match.group(3)) if match.group(3) else today.year
        year = year + 2000 if year < 100 else year
        return _date(year, int(match.group(2)), int(match.group(1)), word)
    return None


def _weekday_name(index: int) -> str:
    return ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[index]


def _date(year: int, month: int, day: int, word: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DueError(f"'{word}' is not a real date: {HINT}") from None


def _time(word: str) -> tuple[int, int] | None:
    if word == "noon":
        return (12, 0)
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?(am|pm)?", word)
    if match is None or (match.group(2) is None and match.group(3) is None):
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3) == "pm" and hour < 12:
        hour += 12
    elif match.group(3) == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise DueError(f"'{word}' is not a time of day: {HINT}")
    return (hour, minute)
