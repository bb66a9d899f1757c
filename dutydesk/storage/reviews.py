"""Reviews of action plans against the partnership's rubric: one attributed record each."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, select

from dutydesk.domain.clock import LONDON_ZONE
from dutydesk.domain.records import Actor
from dutydesk.domain.reviews import SCORES, PlanReview
from dutydesk.domain.text import FieldError, field
from dutydesk.storage import convert
from dutydesk.storage.base import StoreBase
from dutydesk.storage.reading import REFERRAL, mappings
from dutydesk.storage.rows import actor_fields
from dutydesk.storage.tables import REVIEW


class ReviewStore(StoreBase):
    def add_plan_review(
        self,
        referral_id: int,
        scores: Sequence[tuple[str, str, str, str]],
        actor: Actor,
        *,
        token: str = "",
    ) -> PlanReview:
        """A reviewer's (code, label, score, comment) for each question of the rubric. A
        second save with the same `token` answers with the review the first made."""
        cleaned = []
        for code, label, score, comment in scores:
            if score not in SCORES:
                raise FieldError(f"{label}: choose yes, partly or no")
            cleaned.append((code, label, score, field(f"{label}: comment", comment)))
        if not cleaned:
            raise FieldError("The rubric has no questions (lists.toml, plan_rubric)")
        row: dict[str, Any] = {
            "referral_id": referral_id,
            "scores_json": json.dumps(cleaned, ensure_ascii=False),
            "reviewed_at": self.now(),
            **actor_fields(actor),
        }
        with self._write() as tx:
            if (saved := self._save_once(tx, token, REVIEW, row)) is not None:
                return convert.plan_review(
                    mappings(tx.conn, select(REVIEW).where(REVIEW.c.id == saved))[0]
                )
            summary = ", ".join(f"{code} {score}" for code, _l, score, _c in cleaned)
            self._log(tx, "action plan reviewed", actor, summary, referral_id=referral_id)
        return convert.plan_review(row)

    def plan_reviews(self, first: date, last: date) -> list[PlanReview]:
        with self._read() as c:
            return read_reviews(c, first, last)


def read_reviews(c: Connection, first: date, last: date) -> list[PlanReview]:
    """The reviews of the referrals received from `first` to `last` (London days)."""
    start = datetime.combine(first, time(), LONDON_ZONE)
    end = datetime.combine(last + timedelta(days=1), time(), LONDON_ZONE)
    query = (
        select(REVIEW)
        .join(REFERRAL, REFERRAL.c.id == REVIEW.c.referral_id)
        .where(REFERRAL.c.received_at >= start, REFERRAL.c.received_at < end)
        .order_by(REVIEW.c.id)
    )
    return [convert.plan_review(r) for r in mappings(c, query)]
