"""Is this the same child as in an earlier contact? Careful matching, never merging.

A *likely* match: the same name and date of birth (case and spaces aside), or the call
quotes the earlier contact's reference. A *possible* match: the same name and the same
age or year of birth (one side has no date of birth), or the same date of birth and a
similar surname. The person at the screen confirms a match; nothing is merged.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dutydesk.domain.records import Action, Child

LIKELY = "likely"
POSSIBLE = "possible"
REPEAT_WINDOW = timedelta(days=365)  # "repeat contacts within 12 months"
SIMILAR_SURNAME = 0.8  # difflib ratio at or above which two surnames look alike


def name_key(name: str) -> str:
    """'  amira  KHAN ' -> 'amira khan': case and spaces do not tell two children apart."""
    return " ".join(re.sub(r"[^\w\s'-]", " ", name).casefold().split())


def surname_key(name: str) -> str:
    parts = name_key(name).split()
    return parts[-1] if len(parts) > 1 else ""


def birth_year(child: Child, on: date) -> int | None:
    """The year of birth, or the year it would be from an age in years on `on`."""
    if child.dob is not None:
        return child.dob.year
    age = child.age.strip().lower().removesuffix("y").removesuffix("years").strip()
    return on.year - int(age) if age.isdigit() else None


@dataclass(frozen=True)
class ChildKey:
    """What matching compares about one child named on one contact."""

    referral_id: int
    name: str  # name_key
    surname: str
    dob: date | None
    year: int | None


def key_of(referral_id: int, child: Child, on: date) -> ChildKey:
    return ChildKey(
        referral_id, name_key(child.name), surname_key(child.name), child.dob, birth_year(child, on)
    )


def typos(a: str, b: str) -> int:
    """Edits between two words, a swap of two letters counting as one (Khan, Kahn)."""
    rows = [list(range(len(b) + 1))]
    for i, x in enumerate(a, start=1):
        row = [i]
        for j, y in enumerate(b, start=1):
            best = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                best = min(best, rows[-2][j - 2] + 1)
            row.append(best)
        rows.append(row)
    return rows[-1][-1]


def similar(a: str, b: str) -> bool:
    """Surnames that may be one name typed two ways: one slip, or mostly the same letters."""
    if not a or not b:
        return False
    if a == b or typos(a, b) <= 1:
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= SIMILAR_SURNAME


def strength(a: ChildKey, b: ChildKey) -> tuple[str, str] | None:
    """(LIKELY or POSSIBLE, why) if `a` and `b` may be the same child, else None."""
    if not a.name or not b.name:
        return None
    if a.name == b.name and a.dob is not None and a.dob == b.dob:
        return LIKELY, "same name and date of birth"
    if a.dob is not None and a.dob == b.dob and similar(a.surname, b.surname):
        return POSSIBLE, "same date of birth, similar surname"
    one_without_dob = a.dob is None or b.dob is None
    if (
        a.name == b.name
        and one_without_dob
        and a.year is not None
        and b.year is not None
        and abs(a.year - b.year) <= 1
    ):
        return POSSIBLE, "same name, same age"
    return None


@dataclass(frozen=True)
class EarlierContact:
    """An earlier contact that may be about the same child, with what came of it."""

    referral_id: int
    ref: str
    received_at: datetime
    kind: str
    child: str  # the child's name on the earlier contact
    strength: str  # LIKELY or POSSIBLE
    why: str
    outcome: str  # the current decision's label, or ""
    decided_at: datetime | None
    advice: str
    open_actions: tuple[Action, ...]
    confirmed_by: str = ""
    confirmed_at: datetime | None = None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


def counts_as_repeat(strength: str, confirmed: bool, earlier: datetime, later: datetime) -> bool:
    """A repeat contact: a likely or confirmed match in the 12 months before."""
    recent = timedelta(0) <= later - earlier <= REPEAT_WINDOW
    return recent and (strength == LIKELY or confirmed)


def repeat_of(
    referral_id: int,
    later: datetime,
    keys: Sequence[ChildKey],
    same_name_dob: Mapping[tuple[str, date], Sequence[ChildKey]],
    quoted: int | None,
    linked: Collection[int],
    received: Mapping[int, datetime],
) -> list[int]:
    """The earlier contacts that make a referral (received `later`, its children's `keys`)
    a repeat contact, newest first: likely matches among the keys of the same name and
    date of birth, the contact whose reference it quotes, and those confirmed by hand
    (`linked`), in the 12 months before it. `received`: when each of those was."""
    likely: set[int] = set()
    for key in keys:
        for other in same_name_dob.get((key.name, key.dob), []) if key.dob else []:
            match = strength(key, other)
            if match is not None and match[0] == LIKELY:
                likely.add(other.referral_id)
    if quoted is not None:
        likely.add(quoted)
    found = [
        other
        for other in sorted((likely | set(linked)) - {referral_id})
        if received[other] < later
        and counts_as_repeat(
            LIKELY if other in likely else POSSIBLE, other in linked, received[other], later
        )
    ]
    return sorted(found, key=lambda other: received[other], reverse=True)
