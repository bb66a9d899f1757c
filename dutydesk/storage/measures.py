"""What the test's measures need: referrer feedback, the team's experience, a period's records."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select

from dutydesk.domain import vocab
from dutydesk.domain.clock import to_utc
from dutydesk.domain.period import Experience, Feedback, PeriodRecords
from dutydesk.domain.records import Actor
from dutydesk.domain.text import FieldError, field
from dutydesk.storage import convert, rows
from dutydesk.storage.base import StoreBase
from dutydesk.storage.details import FEEDBACK_TOLD
from dutydesk.storage.period import read_period
from dutydesk.storage.reading import EXPERIENCE, FEEDBACK, mappings
from dutydesk.storage.tables import TOLD

HOW = ("phone", "email", "letter", "in person")  # how a referrer was told the outcome


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
        if how not in HOW:
            raise FieldError("Choose how the referrer was told")
        if satisfaction is not None and not 1 <= satisfaction <= 5:
            raise FieldError("Satisfaction is 1 (very unhappy) to 5 (very happy)")
        now = self.now()
        at = to_utc(told_at) if told_at else now
        if at > now + timedelta(minutes=1):
            raise FieldError("When they were told is still to come: type the time it happened")
        told = {
            "told_at": at,
            "told_by": field("Told by", told_by) or actor.name,
            "text": field("What they were told", text),
        }
        row = {
            "referral_id": referral_id,
            "session_id": session_id,
            "how": how,
            "satisfaction": satisfaction,
            "comment": field("Comment", comment),
            "recorded_at": now,
            **rows.actor_fields(actor),
        }
        with self._write() as tx:
            if (saved := self._save_once(tx, token, FEEDBACK, row)) is not None:
                return _feedback(tx.conn, FEEDBACK.c.id == saved, self.lists)[0]
            tx.insert(TOLD, {"feedback_id": row["id"], **told})
            detail = f"{how}, satisfaction {satisfaction}" if satisfaction else how
            self._log(tx, "feedback given", actor, detail, session_id, referral_id)
        return convert.feedback({**row, **told}, self.lists)

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
        if agency not in vocab.codes(self.lists.agencies):
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
            if (saved := self._save_once(tx, token, EXPERIENCE, row)) is not None:
                return _experiences(tx.conn, EXPERIENCE.c.id == saved)[0]
            label = vocab.label(self.lists.agencies, agency)
            self._log(tx, "experience given", actor, f"{label}: {rating}", session_id)
        return convert.experience(row)

    def experiences(self, session_id: int) -> list[Experience]:
        with self._read() as c:
            return _experiences(c, EXPERIENCE.c.session_id == session_id)

    def feedback_for(self, referral_id: int) -> list[Feedback]:
        with self._read() as c:
            return _feedback(c, FEEDBACK.c.referral_id == referral_id, self.lists)

    def period_records(self, first: date, last: date) -> PeriodRecords:
        """The sessions from `first` to `last`, every referral they received or carried,
        and the feedback and experiences recorded about them."""
        with self._read() as c:
            return read_period(c, first, last, self.now(), self.lists).records


def _experiences(c: Connection, where: Any) -> list[Experience]:
    query = select(EXPERIENCE).where(where).order_by(EXPERIENCE.c.id)
    return [convert.experience(row) for row in mappings(c, query)]


def _feedback(c: Connection, where: Any, lists: vocab.Lists) -> list[Feedback]:
    return [convert.feedback(row, lists) for row in mappings(c, FEEDBACK_TOLD.where(where))]
