"""Reviews of action plans, judged by people: which decided referrals' plans a reviewer
walks through (`dutydesk review`), and what the report counts from their scores.

The rubric is the partnership's (`plan_rubric` in lists.toml): each question is answered
yes, partly or no, with a comment. A referral reviewed again counts by its latest review.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from dutydesk.domain.records import ReferralDetail

SCORES = ("yes", "partly", "no")


@dataclass(frozen=True)
class PlanReview:
    """A reviewer's scores of one referral's action plan: (criterion code, label, score,
    comment) for each question of the rubric, as it was when reviewed."""

    id: int
    referral_id: int
    scores: tuple[tuple[str, str, str, str], ...]
    reviewed_at: datetime
    reviewed_by: str


def to_review(
    details: Sequence[ReferralDetail],
    reviewed: set[int],
    first: date,
    last: date,
    sample: int | None = None,
) -> list[ReferralDetail]:
    """The decided referrals received from `first` to `last` not reviewed yet, in the order
    they came; with `sample`, that many of them picked at random (the same for the same
    range, so a reviewer who stops comes back to the same sample)."""
    decided = sorted(
        (d for d in details if first <= d.session_day <= last and d.decision is not None),
        key=lambda d: d.received_at,
    )
    if sample is not None and sample < len(decided):  # drawn from all, reviewed or not
        chosen = set(random.Random(f"{first}/{last}").sample(range(len(decided)), sample))
        decided = [d for i, d in enumerate(decided) if i in chosen]
    return [d for d in decided if d.referral_id not in reviewed]


@dataclass(frozen=True)
class ReviewCounts:
    decided: int  # decided referrals in the range
    reviewed: int  # of them, with a review
    by_question: tuple[tuple[str, dict[str, int]], ...]  # (label, {score: count})

    @property
    def share(self) -> float | None:
        return 100 * self.reviewed / self.decided if self.decided else None


def review_counts(
    details: Sequence[ReferralDetail], reviews: Sequence[PlanReview], first: date, last: date
) -> ReviewCounts:
    """How many decided referrals' plans were reviewed, and the answers to each question
    (each referral's latest review)."""
    decided = {d.referral_id for d in details if first <= d.session_day <= last and d.decision}
    latest: dict[int, PlanReview] = {}
    for review in sorted(reviews, key=lambda r: (r.reviewed_at, r.id)):
        if review.referral_id in decided:
            latest[review.referral_id] = review
    questions: dict[str, tuple[str, dict[str, int]]] = {}
    for review in latest.values():
        for code, label, score, _comment in review.scores:
            counts = questions.setdefault(code, (label, dict.fromkeys(SCORES, 0)))[1]
            counts[score] = counts.get(score, 0) + 1
    return ReviewCounts(len(decided), len(latest), tuple(questions.values()))
