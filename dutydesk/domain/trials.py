"""Tests of change the partnership names ("Front door test 1"), the team's retrospectives,
and reviews of action plans: what the report reads beside the measures. No storage here.

A test is a name and its days, fixed when it is added; a rename or an end is a new record
(the name and days it had stay in the record). Ending a test on a day drops its days after.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MOST_DAYS = 366  # a test longer than a year is a typing mistake


class TrialError(ValueError):
    """The test cannot be added, renamed or ended as asked: the message says why."""


@dataclass(frozen=True)
class Trial:
    number: int
    name: str
    days: tuple[date, ...]  # all it was given, in order
    ended_on: date | None
    added_at: datetime
    added_by: str

    @property
    def test_days(self) -> tuple[date, ...]:
        """Its days, without those after it was ended."""
        end = self.ended_on
        return tuple(d for d in self.days if end is None or d <= end)


@dataclass(frozen=True)
class Retrospective:
    """The team's retrospective of a day, or of a test (`trial`) ending on `day`."""

    id: int
    day: date
    trial: int | None
    worked: str
    not_worked: str
    try_next: str
    present: str
    recorded_at: datetime
    recorded_by: str


def days_listed(text: str) -> list[date]:
    """`2026-10-18,2026-10-19`: the days, in order, each once."""
    days: set[date] = set()
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            days.add(date.fromisoformat(part))
        except ValueError:
            raise TrialError(f"'{part}' is not a day: use YYYY-MM-DD") from None
    return _checked(sorted(days))


def days_between(first: date, last: date, weekdays: str = "mon,tue,wed,thu,fri") -> list[date]:
    """The days from `first` to `last` on the `weekdays` (e.g. "mon,wed")."""
    if last < first:
        raise TrialError(f"the last day {last} is before the first {first}")
    if (last - first).days >= MOST_DAYS:
        raise TrialError(f"{first} to {last} is over a year: is a year mistyped?")
    chosen: set[int] = set()
    for part in (p.strip().lower()[:3] for p in weekdays.split(",")):
        if part not in WEEKDAYS:
            raise TrialError(f"'{part}' is not a weekday: use mon,tue,wed,thu,fri,sat,sun")
        chosen.add(WEEKDAYS.index(part))
    span = range((last - first).days + 1)
    days = [first + timedelta(n) for n in span if (first + timedelta(n)).weekday() in chosen]
    return _checked(days)


def _checked(days: Sequence[date]) -> list[date]:
    if not days:
        raise TrialError("a test needs at least one day")
    if len(days) > MOST_DAYS:
        raise TrialError(f"{len(days)} days is over a year: is a year mistyped?")
    return list(days)


def name_of(text: str, taken: Sequence[Trial], *, number: int | None = None) -> str:
    """The test's name, cleaned; refused if empty or another test's already."""
    name = " ".join(text.split())
    if not name:
        raise TrialError('a test needs a name, e.g. "Front door test 1"')
    if len(name) > 100:
        raise TrialError("the name is over 100 characters: a short name reads better")
    for other in taken:
        if other.name.casefold() == name.casefold() and other.number != number:
            raise TrialError(f'there is already a test called "{other.name}"')
    return name


def find(trials: Sequence[Trial], name: str) -> Trial:
    """The test called `name` (any case), or TrialError naming those there are."""
    wanted = " ".join(name.split()).casefold()
    for trial in trials:
        if trial.name.casefold() == wanted:
            return trial
    there = ", ".join(f'"{t.name}"' for t in trials) or "none yet (`dutydesk test add`)"
    raise TrialError(f'no test is called "{name}". The tests: {there}')


RETRO_COLUMNS = ("day", "about", "present", "worked", "not_worked", "try_next")


def retrospective_rows(
    items: Sequence[Retrospective],
    trials: Sequence[Trial],
    unnamed: Callable[[date], Callable[[str], str]] | None = None,
) -> list[dict[str, str]]:
    """Each retrospective as the report shows it; pseudonymised (`unnamed` gives a day's
    scrubber), its free text without names and who was there as a count."""
    named = {t.number: t.name for t in trials}
    return [_retro_row(r, named, None if unnamed is None else unnamed(r.day)) for r in items]


def _retro_row(
    r: Retrospective, named: dict[int, str], scrub: Callable[[str], str] | None
) -> dict[str, str]:
    return {
        "day": r.day.isoformat(),
        "about": f'the test "{named.get(r.trial, r.trial)}"' if r.trial else "the day",
        "present": r.present if scrub is None else f"{_people(r.present)} (names left out)",
        **{
            key: (text if scrub is None else scrub(text))
            for key, text in (
                ("worked", r.worked),
                ("not_worked", r.not_worked),
                ("try_next", r.try_next),
            )
        },
    }


def present(item: Retrospective) -> list[str]:
    """The names typed as who was there, to take out of the free text: each written as a
    name ("Jo Example"; not "the duty team", whose "the" would go from every sentence)."""
    return [n for n in _names(item.present) if all(w[:1].isupper() for w in n.split())]


def _people(text: str) -> int:
    return len(_names(text))


def _names(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").replace(" and ", ",").split(",") if p.strip()]
