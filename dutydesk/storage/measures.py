"""What the test's measures need: referrer feedback, the team's experience, a period's records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from dutydesk.domain import vocab
from dutydesk.domain.period import Experience, Feedback, PeriodRecords
from dutydesk.domain.records import Actor
from dutydesk.domain.text import FieldError, field
from dutydesk.storage import convert, rows
from dutydesk.storage.base import StoreBase
from dutydesk.storage.details import FEEDBACK_TOLD
from dutydesk.storage.period import read_period
from dutydesk.storage.reading import EXPERIENCE, FEEDBACK, mappings
from dutydesk.storage.tables import ExperienceRow, FeedbackRow, FeedbackToldRow

HOW = rows.HOW


class MeasuresStore(StoreBase):
    def add_feedback(
        self,
        referral_id: int,
        session_id: int,
        how: str,
        satisfaction: int | None,
        comment: str,
        actor: Actor,
        *,
        told_at: datetime | None = None,
        told_by: str = "",
        text: str = "",
        token: str = "",
    ) -> Feedback:
        """The referrer was told the outcome: when, how, by whom, what they were told, and
        how satisfied they were (1-5), if asked. A second save with the same `token`
        answers with the feedback the first made."""
        row, told = rows.feedback_rows(
            referral_id,
            session_id,
            how,
            satisfaction,
            comment,
            actor,
            self.now(),
            told_at=told_at,
            told_by=told_by,
            text=text,
        )
        with self._write() as tx:
            saved = self._saved_before(tx, token, "feedback")
            if saved is not None:
                return _feedback(tx.conn, FEEDBACK.c.id == saved)[0]
            feedback_id = tx.insert(FeedbackRow, row)
            self._remember(tx, token, "feedback", feedback_id)
            tx.insert(FeedbackToldRow, {"feedback_id": feedback_id, **told})
            detail = rows.feedback_detail(how, satisfaction)
            self._log(tx, "feedback given", actor, detail, session_id, referral_id)
        return convert.feedback({**row, **told, "id": feedback_id})

    def add_experience(
        self,
        session_id: int,
        agency: str,
        rating: int,
        worked: str,
        change: str,
        actor: Actor,
        *,
        token: str = "",
    ) -> Experience:
        """One agency's view of how the session went (1-5, what worked, what to change).
        A second save with the same `token` answers with the one the first made."""
        if agency not in vocab.codes(vocab.AGENCIES):
            raise FieldError("Choose the agency")
        if not 1 <= rating <= 5:
            raise FieldError("The rating is 1 (poor) to 5 (very good)")
        row = {
            "session_id": session_id,
            "agency": agency,
            "name": actor.name,
            "rating": rating,
            "worked": field("What worked", worked),
            "change": field("What to change", change),
            "recorded_at": self.now(),
            **rows.actor_fields(actor),
        }
        with self._write() as tx:
            saved = self._saved_before(tx, token, "team_experience")
            if saved is not None:
                return _experiences(tx.conn, EXPERIENCE.c.id == saved)[0]
            experience_id = tx.insert(ExperienceRow, row)
            self._remember(tx, token, "team_experience", experience_id)
            label = vocab.label(vocab.AGENCIES, agency)
            self._log(tx, "experience given", actor, f"{label}: {rating}", session_id)
        return convert.experience({**row, "id": experience_id})

    def experiences(self, session_id: int) -> list[Experience]:
        with self._read() as c:
            return _experiences(c, EXPERIENCE.c.session_id == session_id)

    def feedback_for(self, referral_id: int) -> list[Feedback]:
        with self._read() as c:
            return _feedback(c, FEEDBACK.c.referral_id == referral_id)

    def period_records(self, first: date, last: date) -> PeriodRecords:
        """The sessions from `first` to `last`, every referral they received or carried,
        and the feedback and experiences recorded about them."""
        with self._read() as c:
            return read_period(c, first, last, self.now()).records


def _experiences(c: Connection, where: Any) -> list[Experience]:
    query = select(EXPERIENCE).where(where).order_by(EXPERIENCE.c.id)
    return [convert.experience(row) for row in mappings(c, query)]


def _feedback(c: Connection, where: Any) -> list[Feedback]:
    return [convert.feedback(row) for row in mappings(c, FEEDBACK_TOLD.where(where))]
