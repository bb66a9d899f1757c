"""The words behind the numbers: what referrers and the agencies in the room said.

Pure functions over a period's records (no storage, no screen), for the range export's
`feedback.csv` and `experience.csv` and for the report:

- **referrer satisfaction**: every feedback record that has a score or a comment, by the
  day of the referral's session; the counts per score are over each referral's latest
  score (as `satisfaction_mean` in the measures);
- **each agency's experience of the day**: the latest rating of each agency for a day is
  the one that counts; earlier ones stay in the record and are shown as replaced.

Pseudonymised unless identifiable: who recorded it is left out, and every name the record
holds for the day (children, referrers, the people in the room, view authors, action
owners, who recorded it) is replaced in the free text by its role, `[child 1]`,
`[health: named nurse]`, as in every export (domain/pseudonym.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from dutydesk.domain import vocab
from dutydesk.domain.period import Experience, PeriodRecords
from dutydesk.domain.pseudonym import Names, Person, agency_role, day_names, people, room
from dutydesk.domain.records import ReferralDetail

if TYPE_CHECKING:
    from dutydesk.domain.vocab import Lists

SCORES = (1, 2, 3, 4, 5)


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
    names_out: tuple[int, int] = (0, 0)  # names and details replaced: referrers', agencies'

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


class _Unnamed:
    """Free text without names, day by day: one `Names` a day, made when first needed."""

    def __init__(self, records: PeriodRecords, lists: Lists) -> None:
        self.lists = lists
        self.details: dict[date, list[ReferralDetail]] = defaultdict(list)
        for detail in records.referrals:
            self.details[detail.session_day].append(detail)
        self.rooms = {s.id: room(s, lists) for s in records.sessions}
        self.day_of = {s.id: s.day for s in records.sessions}
        self.room_of = {s.day: self.rooms[s.id] for s in records.sessions}
        self.extra: dict[date, list[Person]] = defaultdict(list)
        day_of_referral = {d.referral_id: d.session_day for d in records.referrals}
        for f in records.feedback:
            day = day_of_referral.get(f.referral_id)
            if day is not None:
                self.extra[day] += [
                    Person(f.recorded_by, "duty team"),
                    Person(f.told_by, "duty team"),
                ]
        for e in records.experiences:
            if e.session_id in self.day_of:
                agency = agency_role(vocab.label(lists.agencies, e.agency), "")
                self.extra[self.day_of[e.session_id]].append(Person(e.name, agency))
        self.names: dict[date, Names] = {}

    def day(self, day: date) -> Names:
        if day not in self.names:
            extra = [p for p in self.extra[day] if p.name.strip()]
            self.names[day] = day_names(self.details[day], self.room_of.get(day, []), extra)
        return self.names[day]

    def referral(self, detail: ReferralDetail) -> Callable[[str], str]:
        room = self.room_of.get(detail.session_day, [])
        return self.day(detail.session_day).scrubber(lambda: people(detail, self.lists, room))

    def session(self, session_id: int) -> Callable[[str], str]:
        return self.day(self.day_of[session_id]).scrubber(lambda: self.rooms[session_id])

    @property
    def replaced(self) -> int:
        return sum(n.replaced for n in self.names.values())


def voices(records: PeriodRecords, lists: Lists, identifiable: bool = False) -> Voices:
    """What referrers and agencies said over the period, in day order."""
    unnamed = None if identifiable else _Unnamed(records, lists)
    referral = {d.referral_id: d for d in records.referrals}
    day_of = {s.id: s.day for s in records.sessions}
    latest_feedback: dict[int, int] = {}  # referral -> id of its latest scored feedback
    for item in sorted(records.feedback, key=lambda f: (f.recorded_at, f.id)):
        if item.satisfaction is not None:
            latest_feedback[item.referral_id] = item.id

    def plain(text: str) -> str:
        return text

    referrers = [
        Said(
            day=referral[f.referral_id].session_day,
            recorded_at=f.recorded_at,
            who="referrer",
            ref=referral[f.referral_id].ref,
            score=f.satisfaction,
            comment=(unnamed.referral(referral[f.referral_id]) if unnamed else plain)(
                f.comment.strip()
            ),
            change="",
            by=f.recorded_by if identifiable else "",
            counts=latest_feedback.get(f.referral_id) == f.id,
        )
        for f in records.feedback
        if f.referral_id in referral
        and records.first <= referral[f.referral_id].session_day <= records.last
        and (f.satisfaction is not None or f.comment.strip())
    ]
    in_referrers = unnamed.replaced if unnamed else 0
    counting = latest_experiences(records.experiences)
    agencies = []
    for e in records.experiences:
        if e.session_id not in day_of:
            continue
        scrub = unnamed.session(e.session_id) if unnamed else plain
        agencies.append(
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
        )
    in_agencies = (unnamed.replaced if unnamed else 0) - in_referrers

    def order(s: Said) -> tuple[date, str, str, datetime]:
        return (s.day, s.who, s.ref, s.recorded_at)

    return Voices(
        tuple(sorted(referrers, key=order)),
        tuple(sorted(agencies, key=order)),
        (in_referrers, in_agencies),
    )


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
