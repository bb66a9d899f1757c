"""Reading due dates as people type them: 'today 16:00', 'tomorrow', 'fri', '2026-12-01'.

An action's due date is read with `read_due`, which also says in words which day it is
('today, Friday 4 Dec 17:00'), says when that day is not a working day (a weekend or an
English bank holiday) and offers the next one: `nwd` typed after the day moves it there.
The person decides; nothing moves on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pendulum

from dutydesk.domain.clock import london_datetime, london_day, to_london
from dutydesk.domain.workdays import is_working_day, next_working_day

END_OF_DAY = (17, 0)  # a due day without a time means the end of the working day
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NEXT_WORKING = "nwd"  # typed after a day: that day, or the first working day after it
HINT = "try 'today 16:00', 'tomorrow', 'fri 10am', '+2d' or '2026-12-01'"


class DueError(ValueError):
    """The text could not be read as a due date; the message says what to type."""


@dataclass(frozen=True)
class Due:
    """An action's due date as read: when, which day in words, and the working-day offer."""

    at: datetime  # UTC
    said: str  # e.g. 'today, Friday 4 Dec 17:00', 'next Friday, 11 Dec 17:00'
    why: str = ""  # why that day: 'it is past 17:00 today'
    moved_from: date | None = None  # `nwd` moved it off this day (not a working day)

    @property
    def day(self) -> date:
        return london_day(self.at)

    @property
    def working_day(self) -> bool:
        return is_working_day(self.day)

    def offer(self) -> datetime:
        """The same wall time on the first working day after this one."""
        local = to_london(self.at)
        return london_datetime(next_working_day(self.day), local.hour, local.minute)

    def preview(self, now: datetime) -> str:
        """What the form shows under the field, e.g. 'Due: tomorrow, Saturday 5 Dec 17:00.
        Saturday 5 Dec is not a working day: add nwd for Monday 7 Dec.'"""
        text = f"Due: {self.said}" + (f" ({self.why})" if self.why else "")
        if self.moved_from is not None:
            text += f", the next working day after {_long_day(self.moved_from, now)}"
        if self.at <= now:
            text += " (already passed)"
        if not self.working_day:
            offered = _long_day(london_day(self.offer()), now)
            text += (
                f". {_long_day(self.day, now)} is not a working day ({_not_working(self.day)}): "
                f"add {NEXT_WORKING} for {offered}, or keep it"
            )
        return text + "."


def parse_due(text: str, now: datetime) -> datetime | None:
    """The moment `text` names, in UTC, or None for an empty text.

    Days are London days; a weekday means its next occurrence (today if it is that day).
    For a moment already past (when a referrer was told, when it was passed on).
    """
    read = _read(text, now, due=False)
    return None if read is None else read[0]


def read_due(text: str, now: datetime) -> Due | None:
    """An action's due date as typed, or None for an empty text.

    As `parse_due`, except that a weekday typed on that day once its time has passed (after
    17:00 for `fri` on a Friday) means next week's, and `nwd` after a day moves it to the
    first working day from it (alone: the next working day after today).
    """
    read = _read(text, now, due=True)
    if read is None:
        return None
    at, typed_day, moved_from = read
    today, day = london_day(now), london_day(at)
    why = ""
    if typed_day is not None and typed_day == today.weekday() and day != today:
        why = f"{to_london(at).format('HH:mm')} today has passed"
    local = to_london(at)
    named = {
        today: "today",
        today + timedelta(days=1): "tomorrow",
        today - timedelta(days=1): "yesterday",
    }.get(day)
    if named is not None:
        said = f"{named}, {_long_day(day, now)} {local.format('HH:mm')}"
    elif typed_day is not None and 7 <= (day - today).days < 14:
        said = f"next {local.format('dddd')}, {_long_day(day, now, weekday=False)} "
        said += local.format("HH:mm")
    else:
        said = f"{_long_day(day, now)} {local.format('HH:mm')}"
    return Due(at=at, said=said, why=why, moved_from=moved_from)


def _read(
    text: str, now: datetime, *, due: bool
) -> tuple[datetime, int | None, date | None] | None:
    """(the moment in UTC, the weekday typed if a weekday name was, the day `nwd` moved
    it off), or None for an empty text."""
    words = text.strip().lower().replace(",", " ").split()
    if not words:
        return None
    today = london_day(now)
    day: date | None = None
    weekday: int | None = None
    clock: tuple[int, int] | None = None
    working = False
    for word in words:
        if due and word == NEXT_WORKING:
            working = True
        elif (found := _day(word, today)) is not None:
            if day is not None:
                raise DueError(f"'{text.strip()}' names two days: {HINT}")
            day, weekday = found, _weekday(word)
        elif (time := _time(word)) is not None:
            if clock is not None:
                raise DueError(f"'{text.strip()}' names two times: {HINT}")
            clock = time
        else:
            raise DueError(f"Could not read '{word}' as a day or time: {HINT}")
    hour, minute = clock or END_OF_DAY
    if due and weekday is not None and day == today and london_datetime(day, hour, minute) <= now:
        day = today + timedelta(days=7)  # 'fri' after 17:00 on a Friday: next Friday
    moved_from = None
    if working:
        if day is None:
            day = next_working_day(today)
        elif not is_working_day(day):
            moved_from, day = day, next_working_day(day)
    return london_datetime(day or today, hour, minute), weekday, moved_from


def _not_working(day: date) -> str:
    return "a weekend" if day.weekday() >= 5 else "a bank holiday"


def _weekday(word: str) -> int | None:
    """The weekday a day word names: 3 letters or more of its name ('fri', 'friday' -> 4)."""
    if len(word) < 3:
        return None
    return next((i for i, name in enumerate(WEEKDAYS) if name.startswith(word)), None)


def _long_day(day: date, now: datetime, *, weekday: bool = True) -> str:
    """'Friday 4 Dec', with the year when it is not this year's."""
    shown = pendulum.date(day.year, day.month, day.day).format("dddd D MMM" if weekday else "D MMM")
    return shown + (f" {day.year}" if day.year != london_day(now).year else "")


def _day(word: str, today: date) -> date | None:
    if word in ("today", "tod", "eod"):
        return today
    if word in ("tomorrow", "tmrw", "tom"):
        return today + timedelta(days=1)
    if (match := re.fullmatch(r"\+(\d{1,3})d?", word)) is not None:
        return today + timedelta(days=int(match.group(1)))
    if (weekday := _weekday(word)) is not None:
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    if (match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", word)) is not None:
        return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)), word)
    if (match := re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?", word)) is not None:
        year = int(match.group(3)) if match.group(3) else today.year
        year = year + 2000 if year < 100 else year
        return _date(year, int(match.group(2)), int(match.group(1)), word)
    return None


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
