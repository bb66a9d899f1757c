"""The test's measures, computed from the record (definitions: docs/measures.md).

Pure functions over PeriodRecords: no storage, no screen. Every referral is counted on
the day its call came in; actions are judged (done, open, overdue) at `now`.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dutydesk.domain import vocab
from dutydesk.domain.clock import london_datetime
from dutydesk.domain.period import Experience, Feedback, PeriodRecords
from dutydesk.domain.records import COUNTED, ReferralDetail
from dutydesk.domain.voices import latest_experiences
from dutydesk.domain.workdays import decision_due

IMMEDIATE_TARGET_MINUTES = 240  # the partnership's target for IMMEDIATE referrals to reach AT
# Owners whose actions are not "services other than children's social care".
SOCIAL_CARE_OWNERS = frozenset({"social_work", "mash"})
# Outcomes that are themselves support from outside children's social care.
BEYOND_OUTCOMES = frozenset({"early_help", "partner"})
DECISION_BUCKETS: tuple[tuple[str, int | None], ...] = (
    ("under 1 hour", 60),
    ("1 to 2 hours", 120),
    ("2 to 4 hours", 240),
    ("4 to 8 hours", 480),
    ("8 to 24 hours", 1440),
    ("over a day", None),
)


@dataclass(frozen=True)
class ReferralMeasures:
    ref: str
    day: date
    urgency: str
    received_at: datetime
    decided_at: datetime | None  # the first decision
    minutes_to_decision: int | None
    decision_due_at: datetime
    missed_working_day: bool  # decided after it was due, or still undecided past it
    passed_at: datetime | None
    minutes_to_assessment_team: int | None
    outcome: str  # the current outcome's label
    outcome_code: str
    amended: bool
    agencies: tuple[str, ...]
    views: int
    actions: int
    beyond_social_care: bool
    needs: tuple[str, ...]
    advice_only: bool = False  # an advice call: no referral, counted on its own
    repeat: bool = False  # the child had a contact in the 12 months before
    source: str = vocab.PHONE
    # Each counted chosen field's code (records.COUNTED), by its `counted` key; "" not recorded.
    chosen: dict[str, str] = field(default_factory=dict)


@dataclass
class Summary:
    """The figures for one day, or for the whole period."""

    label: str
    calls: int = 0  # every contact: referrals and advice calls
    advice_calls: int = 0
    online_form: int = 0
    repeat_contacts: int = 0
    immediate: int = 0
    immediate_passed_on: int = 0
    immediate_median_minutes: float | None = None
    immediate_p90_minutes: int | None = None
    immediate_over_target: int = 0
    decisions: int = 0
    decisions_by_outcome: dict[str, int] = field(default_factory=dict)  # by saved label
    decisions_by_outcome_code: dict[str, int] = field(default_factory=dict)
    # By counted chosen field (`counted` key): (its code, outcome code): decisions
    decisions_by: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)
    amended: int = 0
    undecided_at_end: int = 0
    median_minutes_to_decision: float | None = None
    missed_working_day: int = 0
    actions: int = 0
    # Actions are seldom spread evenly: how many referrals have any, and the fewest and
    # most on one of those (the mean over every referral alone reads as "one each").
    referrals_with_actions: int = 0
    fewest_actions_on_a_referral: int | None = None
    most_actions_on_a_referral: int | None = None
    actions_with_owner: int = 0
    actions_with_person: int = 0
    actions_with_due: int = 0
    actions_with_need: int = 0
    actions_done: int = 0
    actions_open: int = 0
    actions_overdue: int = 0
    beyond_social_care: int = 0
    views: int = 0
    feedback_given: int = 0  # decided referrals whose referrer was told
    feedback_awaiting: int = 0  # decided referrals whose referrer was not told yet
    satisfaction_count: int = 0
    satisfaction_mean: float | None = None
    experience_count: int = 0
    experience_mean: float | None = None

    @property
    def referrals(self) -> int:
        return self.calls - self.advice_calls

    @property
    def actions_per_referral(self) -> float | None:
        """Over every referral, those without actions too."""
        return self.actions / self.referrals if self.referrals else None

    @property
    def actions_per_referral_with_actions(self) -> float | None:
        with_actions = self.referrals_with_actions
        return self.actions / with_actions if with_actions else None

    def share(self, part: int, whole: int | None = None) -> float | None:
        whole = self.actions if whole is None else whole
        return part / whole if whole else None


@dataclass
class Measures:
    first: date
    last: date
    now: datetime
    target_minutes: int
    referrals: list[ReferralMeasures]
    days: list[Summary]
    total: Summary
    amendments: list[tuple[str, str, str, str]]  # ref, from, to, why
    needs_by_category: dict[str, int]
    views_by_agency: dict[str, int]
    decision_times: dict[str, int]  # bucket label -> referrals
    feedback: list[Feedback]
    experiences: list[Experience]


def percentile(values: list[int], share: float) -> int | None:
    """Nearest-rank percentile: the value at rank ceil(share x n) of the sorted values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def minutes(start: datetime, end: datetime | None) -> int | None:
    return None if end is None else int((end - start).total_seconds() // 60)


def referral_measures(
    detail: ReferralDetail, now: datetime, lists: vocab.Lists
) -> ReferralMeasures:
    first = detail.decisions[0] if detail.decisions else None
    current = detail.decision
    due = decision_due(detail.received_at)
    decided_at = first.created_at if first else None
    owners = {a.owner_agency for a in detail.actions}
    outcome = current.outcome if current else ""
    return ReferralMeasures(
        ref=detail.ref,
        day=detail.session_day,
        urgency=detail.call.urgency,
        received_at=detail.received_at,
        decided_at=decided_at,
        minutes_to_decision=minutes(detail.received_at, decided_at),
        decision_due_at=due,
        missed_working_day=(decided_at or now) > due and not detail.call.is_advice,
        passed_at=detail.passed_at,
        minutes_to_assessment_team=minutes(detail.received_at, detail.passed_at),
        outcome=current.outcome_label if current else "",
        outcome_code=outcome,
        amended=len(detail.decisions) > 1,
        agencies=tuple(dict.fromkeys(v.agency for v in detail.views)),
        views=len(detail.views),
        actions=len(detail.actions),
        beyond_social_care=bool(owners - SOCIAL_CARE_OWNERS) or outcome in BEYOND_OUTCOMES,
        needs=detail.call.needs_shown(lists),
        advice_only=detail.call.is_advice and current is None,
        repeat=bool(detail.repeat_of),
        source=detail.source,
        chosen={f.counted: f.of(detail.call) for f in COUNTED},
    )


def compute(
    records: PeriodRecords,
    now: datetime,
    target_minutes: int = IMMEDIATE_TARGET_MINUTES,
    *,
    lists: vocab.Lists,
) -> Measures:
    details = sorted(records.referrals, key=lambda d: d.received_at)
    rows = [referral_measures(d, now, lists) for d in details]
    ends = {s.day: s.ended_at or london_datetime(s.day, 23, 59) for s in records.sessions}
    on_day: dict[date, list[tuple[ReferralDetail, ReferralMeasures]]] = defaultdict(list)
    for pair in zip(details, rows, strict=True):
        on_day[pair[1].day].append(pair)
    undecided = Undecided(details)
    seen = Seen(records)
    days = [
        summarise(
            s.day.isoformat(),
            on_day[s.day],
            seen,
            now,
            target_minutes,
            lists.to_assessment_team,
            undecided=undecided.at(ends[s.day]),
            sessions={s.id},
        )
        for s in sorted(records.sessions, key=lambda s: s.day)
    ]
    in_period = [
        (d, r) for d, r in zip(details, rows, strict=True) if records.first <= r.day <= records.last
    ]
    total = summarise(
        "all days",
        in_period,
        seen,
        now,
        target_minutes,
        lists.to_assessment_team,
        undecided=sum(d.undecided_at_end for d in days),
        sessions={s.id for s in records.sessions},
    )
    amendments = [
        (d.ref, earlier.outcome_label, later.outcome_label, later.amend_reason)
        for d, _r in in_period
        for earlier, later in zip(d.decisions, d.decisions[1:], strict=False)
    ]
    buckets: Counter[str] = Counter()
    for _detail, row in in_period:
        buckets[bucket(row.minutes_to_decision)] += 1
    return Measures(
        first=records.first,
        last=records.last,
        now=now,
        target_minutes=target_minutes,
        referrals=[r for _d, r in in_period],
        days=days,
        total=total,
        amendments=amendments,
        needs_by_category=dict(Counter(n for r in rows for n in r.needs).most_common()),
        views_by_agency=dict(
            Counter(v.agency_shown(lists) for d in details for v in d.views).most_common()
        ),
        decision_times={label: buckets[label] for label in bucket_labels()},
        feedback=list(records.feedback),
        experiences=list(records.experiences),
    )


def bucket_labels() -> list[str]:
    return [label for label, _limit in DECISION_BUCKETS] + ["not decided"]


def bucket(minutes_taken: int | None) -> str:
    if minutes_taken is None:
        return "not decided"
    for label, limit in DECISION_BUCKETS:
        if limit is None or minutes_taken < limit:
            return label
    return DECISION_BUCKETS[-1][0]


class Undecided:
    """`undecided_at` for many ends: a referral is undecided from when it is received until
    its first decision or hand-off (advice calls never are), so a count at `end` is how
    many were received by then less how many were also closed by then."""

    def __init__(self, details: Iterable[ReferralDetail]) -> None:
        received: list[datetime] = []
        closed: list[datetime] = []
        for d in details:
            if d.call.is_advice:
                continue
            received.append(d.received_at)
            ends = [d.decisions[0].created_at] if d.decisions else []
            ends += [d.passed_at] if d.passed_at else []
            if ends:
                closed.append(max(d.received_at, min(ends)))
        self.received = sorted(received)
        self.closed = sorted(closed)

    def at(self, end: datetime) -> int:
        return bisect.bisect_right(self.received, end) - bisect.bisect_right(self.closed, end)


class Seen:
    """A period's feedback by referral (oldest recorded first) and experiences by session."""

    def __init__(self, records: PeriodRecords) -> None:
        self.feedback: dict[int, list[Feedback]] = defaultdict(list)
        for item in sorted(records.feedback, key=lambda f: f.recorded_at):
            self.feedback[item.referral_id].append(item)
        # Each agency's latest rating of a day (an earlier one was replaced by it).
        counting = latest_experiences(records.experiences)
        self.experiences: dict[int, list[int]] = defaultdict(list)
        for e in records.experiences:
            if e.id in counting:
                self.experiences[e.session_id].append(e.rating)


def summarise(
    label: str,
    pairs: list[tuple[ReferralDetail, ReferralMeasures]],
    seen: Seen,
    now: datetime,
    target_minutes: int,
    to_the_team: frozenset[str],
    *,
    undecided: int,
    sessions: set[int],
) -> Summary:
    everything = [r for _d, r in pairs]
    rows = [r for r in everything if not r.advice_only]  # referrals
    actions = [a for d, _r in pairs for a in d.actions]
    spread = [len(d.actions) for d, _r in pairs if d.actions]  # actions on each that has any
    immediate = [r for r in rows if r.urgency == "immediate"]
    to_team = [r.minutes_to_assessment_team for r in immediate]
    passed = [m for m in to_team if m is not None]
    decided = [r.minutes_to_decision for r in rows if r.minutes_to_decision is not None]
    ids = {d.referral_id for d, _r in pairs}
    ratings = []  # each referrer's latest rating
    for rid in ids & seen.feedback.keys():
        rated = [f.satisfaction for f in seen.feedback[rid] if f.satisfaction is not None]
        ratings += rated[-1:]
    told = ids & seen.feedback.keys()
    decided_ids = {
        d.referral_id
        for d, r in pairs
        if not r.advice_only and (r.outcome or r.passed_at is not None)
    }
    experience = [rating for session in sessions for rating in seen.experiences[session]]
    return Summary(
        label=label,
        calls=len(everything),
        advice_calls=len(everything) - len(rows),
        online_form=sum(1 for r in everything if r.source == vocab.ONLINE_FORM),
        repeat_contacts=sum(1 for r in everything if r.repeat),
        feedback_given=len(decided_ids & told),
        feedback_awaiting=len(decided_ids - told),
        immediate=len(immediate),
        immediate_passed_on=len(passed),
        immediate_median_minutes=statistics.median(passed) if passed else None,
        immediate_p90_minutes=percentile(passed, 0.9),
        immediate_over_target=sum(
            over_target(r, now, target_minutes, to_the_team) for r in immediate
        ),
        decisions=sum(1 for r in rows if r.outcome),
        decisions_by_outcome=dict(Counter(r.outcome for r in rows if r.outcome).most_common()),
        decisions_by_outcome_code=dict(Counter(r.outcome_code for r in rows if r.outcome_code)),
        decisions_by={
            f.counted: dict(
                Counter((r.chosen[f.counted], r.outcome_code) for r in rows if r.outcome_code)
            )
            for f in COUNTED
        },
        amended=sum(1 for r in rows if r.amended),
        undecided_at_end=undecided,
        median_minutes_to_decision=statistics.median(decided) if decided else None,
        missed_working_day=sum(1 for r in rows if r.missed_working_day),
        actions=len(actions),
        referrals_with_actions=len(spread),
        fewest_actions_on_a_referral=min(spread) if spread else None,
        most_actions_on_a_referral=max(spread) if spread else None,
        actions_with_owner=sum(1 for a in actions if a.owner_agency),
        actions_with_person=sum(1 for a in actions if a.owner_name),
        actions_with_due=sum(1 for a in actions if a.due_at is not None),
        actions_with_need=sum(1 for a in actions if a.need),
        actions_done=sum(1 for a in actions if a.done),
        actions_open=sum(1 for a in actions if not a.done),
        actions_overdue=sum(1 for a in actions if a.overdue(now)),
        beyond_social_care=sum(1 for r in rows if r.beyond_social_care),
        views=sum(r.views for r in rows),
        satisfaction_count=len(ratings),
        satisfaction_mean=statistics.mean(ratings) if ratings else None,
        experience_count=len(experience),
        experience_mean=statistics.mean(experience) if experience else None,
    )


def over_target(row: ReferralMeasures, now: datetime, target: int, to_team: frozenset[str]) -> bool:
    """Passed on later than the target, or still waiting to go and already past it."""
    if row.minutes_to_assessment_team is not None:
        return row.minutes_to_assessment_team > target
    still_to_go = row.outcome_code in ("", *to_team)
    return still_to_go and (now - row.received_at) > timedelta(minutes=target)
