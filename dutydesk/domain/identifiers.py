"""Dates of birth, phone numbers, email addresses and postcodes in free text, for the
exports without names (domain/pseudonym.py): UK forms, written as people type them.

A date is a date of birth when it is one the record holds, or follows "dob", "d.o.b.",
"date of birth" or "born"; other dates stay (and no name is looked for inside them:
"5 May 2024" keeps its May).
"""

from __future__ import annotations

import re
from collections.abc import Set
from datetime import date

_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DETAILS = re.compile(
    "|".join(
        f"(?P<{kind}>(?<![\\w+]){pattern})"
        for kind, pattern in {
            "email": r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",
            "phone": r"(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s\-]?\d{3,4}[\s\-]?\d{3,4}(?!\d)",
            "postcode": r"[A-Za-z]{1,2}\d[A-Za-z\d]?\s?\d[A-Za-z]{2}(?!\w)",
            "dob": rf"\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})(?![\d/.\-]\d)"
            rf"|\d{{4}}-\d{{2}}-\d{{2}}(?!\d)"
            rf"|(?i:{_DAY}\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+\d{{4}}"
            rf"|(?:{_MONTHS})\.?\s+{_DAY},?\s+\d{{4}})(?!\d)",
        }.items()
    )
)
_BORN = re.compile(r"(?:\bd\.?o\.?b\.?|date of birth|born(?: on)?)\W{0,3}$", re.IGNORECASE)
_MONTH_STARTS = [m.split("(")[0] for m in _MONTHS.split("|")]


def as_date(text: str) -> date | None:
    """A date as written in free text (day first, as in the UK), or None."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    month = re.search(_MONTHS, text, re.IGNORECASE)
    try:
        if month:
            word = month[0].lower()
            number = 1 + next(i for i, m in enumerate(_MONTH_STARTS) if word.startswith(m))
            day, year = (numbers[0], numbers[-1])
        elif numbers[0] > 31:  # 2015-03-12
            year, number, day = numbers
        else:
            day, number, year = numbers
            year += 0 if year > 99 else 2000 if year < 50 else 1900
        return date(year, number, day)
    except (ValueError, IndexError, StopIteration):
        return None


def _wanted(match: re.Match[str], dobs: Set[date]) -> bool:
    kind, found = match.lastgroup, match[0]
    if kind == "dob":
        before = match.string[max(0, match.start() - 20) : match.start()]
        return as_date(found) in dobs or _BORN.search(before) is not None
    if kind == "phone":
        return 10 <= sum(c.isdigit() for c in found) <= 13  # +44 (0) 7700 900123: 13
    if kind == "postcode":
        return not re.search(r"\d(?:st|nd|rd|th)$", found)
    return True


def found(
    text: str, dobs: Set[date]
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """What to replace in `text` (start, end, `[dob]`...), and the dates to keep as they are
    (start, end, "")."""
    changes: list[tuple[int, int, str]] = []
    kept: list[tuple[int, int, str]] = []
    for match in _DETAILS.finditer(text):
        if _wanted(match, dobs):
            changes.append((match.start(), match.end(), f"[{match.lastgroup}]"))
        else:
            kept.append((match.start(), match.end(), ""))
    return changes, kept
