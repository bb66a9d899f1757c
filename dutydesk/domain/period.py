"""What the measures and the report read for a period of days (`PeriodRecords`), with
the two records only they and the referral screen need: telling the referrer the outcome
(`Feedback`) and an agency's experience of a session (`Experience`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dutydesk.domain.records import ReferralDetail, SessionInfo


@dataclass(frozen=True)
class Feedback:
    """Telling the referrer the outcome, and how satisfied they were (1-5, or not asked)."""

    id: int
    referral_id: int
    how: str
    satisfaction: int | None
    comment: str
    recorded_at: datetime
    recorded_by: str
    told_at: datetime | None = None  # when they were told (if not when it was recorded)
    told_by: str = ""  # who told them
    text: str = ""  # what they were told


@dataclass(frozen=True)
class Experience:
    """One agency's experience of the session: a 1-5 rating, what worked, what to change."""

    id: int
    session_id: int
    agency: str
    name: str
    rating: int
    worked: str
    change: str
    recorded_at: datetime


@dataclass(frozen=True)
class PeriodRecords:
    """Everything the measures need for the sessions from `first` to `last` (London days)."""

    first: date
    last: date
    sessions: tuple[SessionInfo, ...]
    referrals: tuple[ReferralDetail, ...]
    feedback: tuple[Feedback, ...]
    experiences: tuple[Experience, ...]
