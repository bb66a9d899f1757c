"""A child's date of birth or age, as people type it on a call.

Accepted: a date (`14/03/2018`, `14-3-18`, `2018-03-14`, `14 Mar 2018`, `14th March 2018`),
an age in years (`8`, `8y`, `8 yrs`, `8 years old`), in months (`8 months`, `8m`) or weeks
(`3w`, `3 weeks`), `about 8` for a guess, `unborn` (pre-birth) and `not known`. Anything
else (a name typed in the wrong field) is refused with a message saying what to type.

A date of birth is never after the day it is typed on, and nobody over 25 is a child here
(care leavers are supported to 25). What is kept is normalised, so that reading it again
gives the same: a date, or an age text from `AGE_FORMS`.
"""

from __future__ import annotations

import re
from datetime import date

from dutydesk.domain.text import FieldError

OLDEST = 25  # years: the oldest "child" (a care leaver) a call can be about
UNBORN = "unborn"
NOT_KNOWN = "not known"
EXAMPLES = (
    "type a date like 14/03/2018 or 14 Mar 2018, an age like 8, 8 months or 3w, unborn or not known"
)
AGE_FORMS = ("8", "about 8", "8 months", "3 weeks", UNBORN, NOT_KNOWN)  # what is stored

MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_UNITS = {
    "years": ("y", "yo", "yr", "yrs", "year", "years", "years old", "yrs old", "y/o"),
    "months": ("m", "mo", "mos", "mth", "mths", "mnth", "mnths", "month", "months", "months old"),
    "weeks": ("w", "wk", "wks", "week", "weeks", "weeks old"),
}
_UNIT = {word: unit for unit, words in _UNITS.items() for word in words}
_UNBORN_WORDS = ("unborn", "pre-birth", "prebirth", "pre birth", "unborn baby", "not yet born")
_NOT_KNOWN_WORDS = ("not known", "unknown", "nk", "n/k", "?", "don't know", "dont know", "dk")
_ABOUT = re.compile(
    r"(?:about|approx\.?|approximately|around|roughly|c\.?|~)\s*(\d{1,3})\s*(?:y|yrs?|years?)?"
    r"(?: old)?|(\d{1,3})\s*-?ish"
)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
_MONTH_FIRST = re.compile(r"([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)? (\d{4})")
_NAMED_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ \-/]?([a-z]{3,9})\.?[ \-/]?(\d{2}|\d{4})")


def parse_dob_or_age(
    text: str, today: date, name: str = "Date of birth or age"
) -> tuple[date | None, str]:
    """(date of birth, "") or (None, a normalised age), or (None, "") for an empty text.

    `today` is the London day it is typed on (the app's clock): a date after it, or more
    than OLDEST years before it, is refused with FieldError naming `name`.
    """
    value = " ".join(text.strip().lower().replace(",", " ").split())
    if not value:
        return None, ""
    born = _date(value, today, text.strip(), name)
    if born is not None:
        if born > today:
            raise FieldError(
                f"{name}: {text.strip()} is still to come (a baby not yet born: type unborn)"
            )
        if (years := _years_between(born, today)) > OLDEST:
            raise FieldError(
                f"{name}: {text.strip()} makes them {years}: over {OLDEST}, not a child"
            )
        return born, ""
    return None, _age(value, text.strip(), name)


def normal_age(age: str, today: date, name: str = "Age") -> str:
    """An age text as kept (the Store's check of what a form or an import hands it)."""
    born, kept = parse_dob_or_age(age, today, name)
    if born is not None:  # a date in the age field: the caller must pass it as the date
        raise FieldError(f"{name}: a date of birth is not an age")
    return kept


def check_dob(born: date, today: date, name: str = "Date of birth") -> date:
    """`born` if it can be a child's date of birth on `today`, else FieldError."""
    parse_dob_or_age(born.isoformat(), today, name)
    return born


def _years_between(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _date(value: str, today: date, typed: str, name: str) -> date | None:
    """The date `value` names, None if it does not look like a date at all."""
    parts = _date_parts(value, today)
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        raise FieldError(f"{name}: '{typed}' is not a real date") from None


def _date_parts(value: str, today: date) -> tuple[int, int, int] | None:
    """(year, month, day) as typed (not yet checked to be a real date), or None."""
    if (match := _ISO.fullmatch(value)) is not None:
        return int(match.group(1)), int(match.group(2)), int(match.group(3))
    if (match := _NUMERIC.fullmatch(value)) is not None:  # day first, as in the UK
        year = _full_year(match.group(3), today)
        return year, int(match.group(2)), int(match.group(1))
    if (match := _NAMED_MONTH.fullmatch(value)) is not None:
        month = _month(match.group(2))
        if month is not None:
            return _full_year(match.group(3), today), month, int(match.group(1))
    if (match := _MONTH_FIRST.fullmatch(value)) is not None:
        month = _month(match.group(1))
        if month is not None:
            return int(match.group(3)), month, int(match.group(2))
    return None


def _full_year(typed: str, today: date) -> int:
    """A two-digit year is this century's unless that is still to come."""
    year = int(typed)
    if len(typed) == 4:
        return year
    year += 2000
    return year if year <= today.year else year - 100


def _month(word: str) -> int | None:
    """'mar', 'march', 'sept' -> 3, 3, 9; None for a word that is not a month."""
    for number, full in enumerate(MONTH_NAMES, start=1):
        if len(word) >= 3 and (full.startswith(word) or (word == "sept" and number == 9)):
            return number
    return None


def _age(value: str, typed: str, name: str) -> str:
    if value in _UNBORN_WORDS:
        return UNBORN
    if value in _NOT_KNOWN_WORDS:
        return NOT_KNOWN
    about = _ABOUT.fullmatch(value)
    if about is not None:
        years = int(about.group(1) or about.group(2))
        return f"about {_years(years, typed, name)}"
    match = re.fullmatch(r"(\d{1,3})\s*([a-z/' ]*?)", value)
    if match is None or (match.group(2) and match.group(2) not in _UNIT):
        raise FieldError(f"{name}: could not read '{typed}': {EXAMPLES}")
    number, unit = int(match.group(1)), _UNIT.get(match.group(2), "years")
    if unit == "years":
        return str(_years(number, typed, name))
    limit = {"months": 12 * (OLDEST + 1), "weeks": 52 * (OLDEST + 1)}[unit]
    if number >= limit:
        raise FieldError(f"{name}: {typed} is over {OLDEST} years: not a child")
    if number == 0:
        raise FieldError(f"{name}: '{typed}': a baby under a {unit[:-1]}? type a date of birth")
    return f"{number} {unit}" if number != 1 else f"1 {unit[:-1]}"


def _years(years: int, typed: str, name: str) -> int:
    if years > OLDEST:
        raise FieldError(f"{name}: {typed} is over {OLDEST}: not a child")
    if years == 0:
        raise FieldError(f"{name}: '{typed}': for a baby type months (8 months) or weeks (3w)")
    return years
