"""The words behind the numbers: what referrers and the agencies in the room said.

Pure functions over a period's records (no storage, no screen), for the range export's
`feedback.csv` and `experience.csv` and for the report:

- **referrer satisfaction**: every feedback record that has a score or a comment, by the
  day of the referral's session; the counts per score are over each referral's latest
  score (as `satisfaction_mean` in the measures);
- **each agency's experience of the day**: the latest rating of each agency for a day is
  the one that counts; earlier ones stay in the record and are shown as replaced.

Pseudonymised unless identifiable: who recorded it is left out, and every name the record
holds for the period (children, referrers, the people in the room, view authors, action
owners) is replaced in the free text by `[name]`, whole words, a full name in any case and
each part of it capitalised. (Issue 16 brings role-specific replacement to every export.)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from dutydesk.domain.period import Experience, PeriodRecords

if TYPE_CHECKING:
    from dutydesk.domain.vocab import Lists

SCORES = (1, 2, 3, 4, 5)
NAME = "[name]"


@dataclass(frozen=True)
class Said:
    """One referrer's feedback, or one agency's experience of a day."""

    day: date
    recorded_at: datetime
    who: str  # "referrer" or the agency's code
    ref: str  # the referral's reference (referrers), "" for an agency
    score: int | None
    comment: str  # the referrer's comment, or "what worked"
    change: str  # what to change (agencies), "" for a referrer
    by: str  # who recorded it (a name): only when identifiable
    counts: bool  # this score is the one that counts (latest per referral / agency a day)


@dataclass(frozen=True)
class Voices:
    referrers: tuple[Said, ...]
    agencies: tuple[Said, ...]  # every experience, replaced ones with counts=False

    def referrer_scores(self) -> dict[int, int]:
        return _counts(s.score for s in self.referrers if s.counts)

    def agency_scores(self) -> dict[int, int]:
        return _counts(s.score for s in self.agencies if s.counts)

    @property
    def replaced(self) -> int:
        return sum(1 for s in self.agencies if not s.counts)


def _counts(scores: Iterable[int | None]) -> dict[int, int]:
    found = Counter(s for s in scores if s is not None)
    return {score: found.get(score, 0) for score in SCORES}


def latest_experiences(experiences: Iterable[Experience]) -> set[int]:
    """The ids of the experiences that count: each agency's latest in each session."""
    latest: dict[tuple[int, str], Experience] = {}
    for e in experiences:
        key = (e.session_id, e.agency)
        held = latest.get(key)
        if held is None or (e.recorded_at, e.id) > (held.recorded_at, held.id):
            latest[key] = e
    return {e.id for e in latest.values()}


def names_in(records: PeriodRecords) -> set[str]:
    """Every person's name the period's records hold."""
    names: set[str] = set()
    for session in records.sessions:
        names.update(a.name for a in session.attendees)
    for detail in records.referrals:
        names.update(c.name for c in detail.call.children)
        names.add(detail.call.referrer_name)
        names.update(v.author_name for v in detail.views)
        names.update(a.owner_name for a in detail.actions)
        names.update(d.recorded_by for d in detail.decisions)
    for item in records.feedback:
        names.update((item.recorded_by, item.told_by))
    for e in records.experiences:
        names.add(e.name)
    return {n.strip() for n in names if n and n.strip()}


class Scrubber:
    """Replaces the names it was given by `[name]` in free text: each full name in any
    case, and each part of a name (2 letters or more) where it is written capitalised,
    both as whole words, with a possessive 's kept out of the word."""

    def __init__(self, names: Iterable[str]) -> None:
        full = sorted({n for n in names if n}, key=len, reverse=True)
        parts = sorted(
            {p for n in full for p in re.split(r"[\s\-]+", n) if len(p.strip(".'")) >= 2},
            key=len,
            reverse=True,
        )
        bound = r"(?<![\w'])({})(?!\w)"
        self.full = (
            re.compile(bound.format("|".join(map(re.escape, full))), re.IGNORECASE)
            if full
            else None
        )
        capitalised = [p for p in parts if p[:1].isupper()]
        self.parts = (
            re.compile(bound.format("|".join(map(re.escape, capitalised)))) if capitalised else None
        )

    def __call__(self, text: str) -> str:
        if self.full is not None:
            text = self.full.sub(NAME, text)
        if self.parts is not None:
            text = self.parts.sub(NAME, text)
        return text


def voices(records: PeriodRecords, identifiable: bool = False) -> Voices:
    """What referrers and agencies said over the period, in day order."""
    scrub = (lambda text: text) if identifiable else Scrubber(names_in(records))
    referral = {d.referral_id: d for d in records.referrals}
    day_of = {s.id: s.day for s in records.sessions}
    latest_feedback: dict[int, int] = {}  # referral -> id of its latest scored feedback
    for item in sorted(records.feedback, key=lambda f: (f.recorded_at, f.id)):
        if item.satisfaction is not None:
            latest_feedback[item.referral_id] = item.id
    referrers = [
        Said(
            day=referral[f.referral_id].session_day,
            recorded_at=f.recorded_at,
            who="referrer",
            ref=referral[f.referral_id].ref,
            score=f.satisfaction,
            comment=scrub(f.comment.strip()),
            change="",
            by=f.recorded_by if identifiable else "",
            counts=latest_feedback.get(f.referral_id) == f.id,
        )
        for f in records.feedback
        if f.referral_id in referral
        and records.first <= referral[f.referral_id].session_day <= records.last
        and (f.satisfaction is not None or f.comment.strip())
    ]
    counting = latest_experiences(records.experiences)
    agencies = [
        Said(
            day=day_of[e.session_id],
            recorded_at=e.recorded_at,
            who=e.agency,
            ref="",
            score=e.rating,
            comment=scrub(e.worked.strip()),
            change=scrub(e.change.strip()),
            by=e.name if identifiable else "",
            counts=e.id in counting,
        )
        for e in records.experiences
        if e.session_id in day_of
    ]

    def order(s: Said) -> tuple[date, str, str, datetime]:
        return (s.day, s.who, s.ref, s.recorded_at)

    return Voices(tuple(sorted(referrers, key=order)), tuple(sorted(agencies, key=order)))


def feedback_rows(v: Voices, identifiable: bool) -> list[dict[str, str | int]]:
    """`feedback.csv`: one row a feedback record with a score or a comment."""
    from dutydesk.domain.clock import excel_local, iso_local

    return [
        {
            "day": s.day.isoformat(),
            "ref": s.ref,
            "recorded_at": iso_local(s.recorded_at),
            "recorded_local": excel_local(s.recorded_at),
            "satisfaction": "" if s.score is None else s.score,
            "latest_score": "yes" if s.counts else "no",
            "comment": s.comment,
            **({"recorded_by": s.by} if identifiable else {}),
        }
        for s in v.referrers
    ]


def experience_rows(v: Voices, identifiable: bool, lists: Lists) -> list[dict[str, str | int]]:
    """`experience.csv`: every agency's experience of each day; `counts` says which one
    counts (the agency's latest that day), the others are `replaced`."""
    from dutydesk.domain import vocab
    from dutydesk.domain.clock import excel_local, iso_local

    return [
        {
            "day": s.day.isoformat(),
            "agency": vocab.label(lists.agencies, s.who),
            "recorded_at": iso_local(s.recorded_at),
            "recorded_local": excel_local(s.recorded_at),
            "rating": "" if s.score is None else s.score,
            "counts": "yes" if s.counts else "replaced",
            "what_worked": s.comment,
            "what_to_change": s.change,
            **({"name": s.by} if identifiable else {}),
        }
        for s in v.agencies
    ]


def feedback_columns(identifiable: bool) -> tuple[str, ...]:
    base = ("day", "ref", "recorded_at", "satisfaction", "latest_score", "comment")
    return (*base, "recorded_by", "recorded_local") if identifiable else (*base, "recorded_local")


def experience_columns(identifiable: bool) -> tuple[str, ...]:
    base = ("day", "agency", "recorded_at", "rating", "counts", "what_worked", "what_to_change")
    return (*base, "name", "recorded_local") if identifiable else (*base, "recorded_local")
