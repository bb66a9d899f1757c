"""What the test's measures need: referrer feedback, the team's experience, a period's records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from dutydesk.domain import vocab
from dutydesk.domain.clock import to_utc
from dutydesk.domain.records import Actor, Experience, Feedback, PeriodRecords
from dutydesk.domain.text import FieldError, field
from dutydesk.storage import convert, queries, rows
from dutydesk.storage.base import StoreBase
from dutydesk.storage.convert import Saved
from dutydesk.storage.tables import DutySession, ExperienceRow, FeedbackRow, FeedbackToldRow

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
            if (first := self._save_once(tx, token, FeedbackRow, row)) is not None:
                return convert.feedback(first, _told(tx.orm, [first]).get(first.id))
            told["feedback_id"] = row["id"]
            tx.insert(FeedbackToldRow, told)
            detail = f"{how}, satisfaction {satisfaction}" if satisfaction else how
            self._log(tx, "feedback given", actor, detail, session_id, referral_id)
        return convert.feedback(Saved(row), Saved(told))

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
            if (first := self._save_once(tx, token, ExperienceRow, row)) is not None:
                return convert.experience(first)
            label = vocab.label(vocab.AGENCIES, agency)
            self._log(tx, "experience given", actor, f"{label}: {rating}", session_id)
        return convert.experience(Saved(row))

    def experiences(self, session_id: int) -> list[Experience]:
        with self._read() as s:
            rows = s.exec(
                select(ExperienceRow)
                .where(ExperienceRow.session_id == session_id)
                .order_by(col(ExperienceRow.id))
            ).all()
            return [convert.experience(r) for r in rows]

    def feedback_for(self, referral_id: int) -> list[Feedback]:
        with self._read() as s:
            rows = s.exec(
                select(FeedbackRow)
                .where(FeedbackRow.referral_id == referral_id)
                .order_by(col(FeedbackRow.id))
            ).all()
            extra = _told(s, rows)
            return [convert.feedback(r, extra.get(r.id or 0)) for r in rows]

    def period_records(self, first: date, last: date) -> PeriodRecords:
        """The sessions from `first` to `last`, every referral they received or carried,
        and the feedback and experiences recorded about them."""
        with self._read() as s:
            sessions = s.exec(
                select(DutySession)
                .where(DutySession.day >= first.isoformat(), DutySession.day <= last.isoformat())
                .order_by(col(DutySession.day))
            ).all()
            infos = tuple(queries.session_info(s, row) for row in sessions)
            ids: set[int] = set()
            never = queries.never_closed(s)  # the same for every day: read once
            for info in infos:
                ids.update(queries.handled_ids(s, info.id))
                ids.update(queries.undecided_before(s, info.day, never))
            ordered = sorted(ids)
            details = tuple(queries.referral_details(s, ordered))
            feedback = queries.rows_for(
                s, FeedbackRow, FeedbackRow.referral_id, ordered, FeedbackRow.id
            )
            extra = _told(s, feedback)
            session_ids = [info.id for info in infos]
            experiences = queries.rows_for(
                s, ExperienceRow, ExperienceRow.session_id, session_ids, ExperienceRow.id
            )
        return PeriodRecords(
            first=first,
            last=last,
            sessions=infos,
            referrals=details,
            feedback=tuple(convert.feedback(r, extra.get(r.id or 0)) for r in feedback),
            experiences=tuple(convert.experience(r) for r in experiences),
        )


def _told(s: Session, rows: Sequence[FeedbackRow]) -> dict[int, FeedbackToldRow]:
    ids = [r.id for r in rows if r.id is not None]
    found = queries.rows_for(
        s, FeedbackToldRow, FeedbackToldRow.feedback_id, ids, FeedbackToldRow.id
    )
    return {r.feedback_id: r for r in found}
