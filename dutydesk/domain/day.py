"""The day at a glance: a line of the queue and the queue's order, and the day's figures
for the end of the session and the export, built from those lines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from dutydesk.domain import vocab


@dataclass(frozen=True)
class QueueRow:
    referral_id: int
    ref: str
    received_at: datetime
    urgency: str
    child: str
    referrer_org: str
    needs: tuple[str, ...]
    agencies: tuple[str, ...]  # agencies that have added a view
    status: str
    outcome: str  # the label it was decided with
    outcome_code: str
    decided_at: datetime | None
    passed_at: datetime | None
    carried_from: date | None  # the session day it came from, if not today's
    kind: str = vocab.REFERRAL
    source: str = vocab.PHONE
    repeat: bool = False  # the same child had a contact in the 12 months before
    told_at: datetime | None = None  # when the referrer was first told the outcome

    @property
    def awaiting_feedback(self) -> bool:
        """Decided (or passed on) and the referrer not told yet. Advice is told on the call."""
        return (
            self.kind != vocab.ADVICE
            and (self.decided_at is not None or self.passed_at is not None)
            and self.told_at is None
        )

    @property
    def open(self) -> bool:
        return self.status in (vocab.WAITING, vocab.IN_DISCUSSION)

    def immediate_not_passed_on(self, lists: vocab.Lists) -> bool:
        """An IMMEDIATE referral still open, or decided for the Assessment Team but not sent."""
        return (
            self.urgency == "immediate"
            and self.passed_at is None
            and (self.open or self.outcome_code in lists.to_assessment_team)
        )


def sort_queue(rows: list[QueueRow], lists: vocab.Lists) -> list[QueueRow]:
    """Open referrals first, most urgent then oldest; then the decided ones, newest first."""
    open_rows = sorted(
        (r for r in rows if r.open), key=lambda r: (lists.urgency_rank(r.urgency), r.received_at)
    )
    closed = sorted((r for r in rows if not r.open), key=lambda r: r.received_at, reverse=True)
    return open_rows + closed


@dataclass
class DaySummary:
    day: date
    calls: int = 0
    carried_over: int = 0
    decisions_by_outcome: dict[str, int] = field(default_factory=dict)
    amended: int = 0
    actions_created: int = 0
    actions_done: int = 0
    still_waiting: int = 0
    passed_on: int = 0
    immediate_not_passed_on: int = 0
    advice_calls: int = 0
    repeat_contacts: int = 0
    feedback_awaiting: int = 0


def summarise(
    day: date,
    rows: Sequence[QueueRow],
    carried: int,
    decisions: Iterable[tuple[int, int, str]],
    actions_created: int,
    actions_done: int,
    *,
    lists: vocab.Lists,
) -> DaySummary:
    """The day's figures from its queue rows and the session's own decisions
    (referral id, version, outcome label) and action counts."""
    made = list(decisions)
    current = {rid: label for rid, _version, label in sorted(made, key=lambda d: d[1])}
    return DaySummary(
        day=day,
        # Every call the session took, even one received the evening before.
        calls=sum(1 for r in rows if r.carried_from is None),
        carried_over=carried,
        decisions_by_outcome=dict(Counter(current.values())),
        amended=sum(1 for _rid, version, _label in made if version > 1),
        actions_created=actions_created,
        actions_done=actions_done,
        still_waiting=sum(1 for r in rows if r.open),
        passed_on=sum(1 for r in rows if r.passed_at is not None),
        immediate_not_passed_on=sum(1 for r in rows if r.immediate_not_passed_on(lists)),
        advice_calls=sum(1 for r in rows if r.kind == vocab.ADVICE and r.carried_from is None),
        repeat_contacts=sum(1 for r in rows if r.repeat and r.carried_from is None),
        feedback_awaiting=sum(1 for r in rows if r.awaiting_feedback),
    )
