"""SQLModel tables. Rows are only ever added: a correction is a new row, never an update.

Times are stored as UTC. Codes are stored beside the label they had when saved, so that
later changes to the lists do not rewrite what was recorded.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, TypeDecorator, UniqueConstraint
from sqlmodel import Field, SQLModel

# The schema's number (a change to a table here needs a migration and a new number).
from dutydesk.storage.version import SCHEMA_VERSION as SCHEMA_VERSION


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored naive in UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a naive datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if not isinstance(value, datetime):
            return None
        return value.replace(tzinfo=UTC)


def _when(**kwargs: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kwargs)


class ActorColumns(SQLModel):
    """Who made the change: the attendee's name, agency code and role at that moment."""

    actor_name: str = ""
    actor_agency: str = ""
    actor_role: str = ""


class DutySession(SQLModel, table=True):
    __tablename__ = "duty_session"
    id: int | None = Field(default=None, primary_key=True)
    day: str = Field(unique=True, index=True)  # ISO date of the London day
    started_at: datetime = _when()


class AttendeeRow(ActorColumns, table=True):
    __tablename__ = "attendee"
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="duty_session.id", index=True)
    agency: str
    name: str
    role: str = ""
    added_at: datetime = _when()


class SessionEndRow(ActorColumns, table=True):
    __tablename__ = "session_end"
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="duty_session.id", index=True)
    ended_at: datetime = _when()


class ReferralRow(SQLModel, table=True):
    __tablename__ = "referral"
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(unique=True, index=True)
    session_id: int = Field(foreign_key="duty_session.id", index=True)
    received_at: datetime = _when(index=True)
    created_at: datetime = _when()


class CallVersionRow(ActorColumns, table=True):
    __tablename__ = "call_version"
    __table_args__ = (UniqueConstraint("referral_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    version: int
    created_at: datetime = _when()
    urgency: str
    children_json: str  # [{"name", "dob", "age", "school"}]
    worry_seen: str = ""
    worry_told: str = ""
    referrer_name: str = ""
    referrer_role: str = ""
    referrer_org: str = ""
    referrer_org_type: str = ""
    referrer_contact: str = ""
    referrer_relationship: str = ""
    referrer_view: str = ""
    needs_json: str = "[]"  # [[code, label]]
    family_knows: str = "unknown"
    consent: str = "unknown"
    urgency_label: str = ""  # as the lists named it when saved ("" before schema 5)


class ViewRow(ActorColumns, table=True):
    __tablename__ = "agency_view"
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    session_id: int = Field(foreign_key="duty_session.id", index=True)
    agency: str
    agency_label: str
    author_name: str = ""
    author_role: str = ""
    created_at: datetime = _when()
    knows: str = ""
    needed: str = ""
    # Information sharing: "given" (consent given) or "without" (and why); what went to whom.
    consent: str = ""
    without_consent_reason: str = ""
    shared_what: str = ""
    shared_with: str = ""


class DecisionRow(ActorColumns, table=True):
    __tablename__ = "decision"
    # One decision per version: two desks deciding at once cannot both be version 2.
    __table_args__ = (UniqueConstraint("referral_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    session_id: int = Field(foreign_key="duty_session.id", index=True)
    version: int
    supersedes_id: int | None = Field(default=None, foreign_key="decision.id")
    outcome: str
    outcome_label: str
    reasons: str
    agreed_by_json: str = "[]"  # agency codes
    amend_reason: str = ""
    created_at: datetime = _when()
    # How the decision answers the referrer's view: "agreed" or "different" (and why).
    referrer_response: str = ""
    response_reason: str = ""


class HandoffRow(ActorColumns, table=True):
    __tablename__ = "handoff"
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    session_id: int = Field(foreign_key="duty_session.id", index=True)
    passed_at: datetime = _when()
    recorded_at: datetime = _when()


class ActionRow(ActorColumns, table=True):
    __tablename__ = "action"
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    session_id: int = Field(foreign_key="duty_session.id", index=True)
    what: str
    owner_agency: str
    owner_label: str
    owner_name: str = ""
    due_at: datetime | None = _when(default=None)
    need_code: str = ""
    need_label: str = ""
    created_at: datetime = _when()
    # The directory's service it links to, as it was when saved. No foreign key: the id
    # names a row of the directory import it was picked from.
    service_id: int | None = None
    service_name: str = ""


class ServiceImportRow(ActorColumns, table=True):
    """One load of the services directory: the latest import is the directory in use."""

    __tablename__ = "service_import"
    id: int | None = Field(default=None, primary_key=True)
    imported_at: datetime = _when()
    source: str = ""  # the file's name
    services: int = 0


class ServiceRow(SQLModel, table=True):
    """A local service in one import of the directory ("pathway to provision")."""

    __tablename__ = "service"
    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(foreign_key="service_import.id", index=True)
    name: str
    needs_json: str = "[]"  # need codes
    who_for: str = ""
    how_to_refer: str = ""
    contact: str = ""


class ActionStatusRow(ActorColumns, table=True):
    __tablename__ = "action_status"
    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    session_id: int = Field(foreign_key="duty_session.id", index=True)
    done: bool
    at: datetime = _when()


class EventRow(ActorColumns, table=True):
    """The log of every change, written in the same transaction as the change."""

    __tablename__ = "event"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _when(index=True)
    session_id: int | None = Field(default=None, foreign_key="duty_session.id", index=True)
    # No foreign key: the log outlives a referral removed by the retention purge.
    referral_id: int | None = Field(default=None, index=True)
    kind: str
    detail: str = ""
    # The hash chain (storage/chain.py): editing or removing an event breaks it.
    prev_hash: str = ""
    hash: str = ""


class FeedbackRow(ActorColumns, table=True):
    """Telling the referrer the outcome; how satisfied they were (1-5), if asked."""

    __tablename__ = "feedback"
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    session_id: int = Field(foreign_key="duty_session.id", index=True)
    how: str = ""  # phone, email, letter, in person
    satisfaction: int | None = None
    comment: str = ""
    recorded_at: datetime = _when()


class ExperienceRow(ActorColumns, table=True):
    """One agency's experience of a session, given at its end."""

    __tablename__ = "team_experience"
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="duty_session.id", index=True)
    agency: str
    name: str = ""
    rating: int
    worked: str = ""
    change: str = ""
    recorded_at: datetime = _when()


class DraftRow(ActorColumns, table=True):
    """What a form holds that is not saved yet, kept so that a crash does not lose it.

    Not part of the record: the one table whose rows are replaced while someone types and
    deleted when the form is saved or discarded. `desk` tells apart two desks typing the
    same kind of form at once; `fields_json` maps each field's id to its value.
    """

    __tablename__ = "draft"
    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="duty_session.id", index=True)
    form: str  # "call", "view", "decision", "action"
    referral_id: int | None = Field(default=None, foreign_key="referral.id")
    desk: str = ""
    fields_json: str = "{}"
    updated_at: datetime = _when()


# -- schema 5: advice calls, online-form contacts, feedback in full, earlier contacts ----


class ContactRow(SQLModel, table=True):
    """What kind of contact one call version is, and how the contact came in.

    Written with every call version (a call before schema 5 has none: a phoned referral).
    An advice call made a referral later is a new version with kind "referral"; the advice
    given stays in it and in the versions before.
    """

    __tablename__ = "call_contact"
    __table_args__ = (UniqueConstraint("referral_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    version: int
    kind: str = "referral"  # "referral" or "advice"
    advice: str = ""
    earlier_ref: str = ""
    source: str = "phone"  # "phone" or "online form"


class ChildKeyRow(SQLModel, table=True):
    """Each child named on a call version, normalised for finding earlier contacts."""

    __tablename__ = "child_key"
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    version: int
    name_key: str = Field(index=True)
    surname_key: str = ""
    dob: str = Field(default="", index=True)  # ISO date, or "" when not known
    birth_year: int | None = None


class ContactLinkRow(ActorColumns, table=True):
    """Someone confirmed that an earlier contact is about the same child (never a merge)."""

    __tablename__ = "contact_link"
    __table_args__ = (UniqueConstraint("referral_id", "earlier_id"),)
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    earlier_id: int = Field(foreign_key="referral.id", index=True)
    session_id: int = Field(foreign_key="duty_session.id", index=True)
    confirmed_at: datetime = _when()


class FeedbackToldRow(SQLModel, table=True):
    """The rest of a feedback record: when and by whom the referrer was told, and what."""

    __tablename__ = "feedback_told"
    id: int | None = Field(default=None, primary_key=True)
    feedback_id: int = Field(foreign_key="feedback.id", unique=True, index=True)
    told_at: datetime = _when()
    told_by: str = ""
    text: str = ""


# -- schema 7: each form's save exactly once ------------------------------------------------


class SubmissionRow(SQLModel, table=True):
    """A form's save: the token the form was given when it opened, and the record it made,
    written in the same transaction. A save that comes again with the same token (a double
    Enter, a key repeat, a retry after a timeout) is answered with the first record."""

    __tablename__ = "submission"
    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(unique=True, index=True)
    table_name: str  # the record's table: "action", "decision", ...
    record_id: int
    saved_at: datetime = _when()


# -- schema 9: tests of change, baseline days, retrospectives, action-plan reviews ---------


class TrialRow(ActorColumns, table=True):
    """A test of change (numbered 1, 2, ...) named, renamed or ended: one row per change."""

    __tablename__ = "trial"
    __table_args__ = (UniqueConstraint("number", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(index=True)
    version: int
    name: str
    ended_on: str = ""  # ISO date: its days after it are no longer test days
    at: datetime = _when()


class TrialDayRow(SQLModel, table=True):
    __tablename__ = "trial_day"
    __table_args__ = (UniqueConstraint("number", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(index=True)  # the test's
    day: str  # ISO date


class BaselineDayRow(ActorColumns, table=True):
    __tablename__ = "baseline_day"  # the latest import of a day is the one used
    id: int | None = Field(default=None, primary_key=True)
    day: str = Field(index=True)  # ISO date
    contacts: int
    decisions: int
    median_minutes_to_decision: float | None = None
    immediate: int
    immediate_median_minutes: float | None = None
    decided_within_one_working_day: int
    outcomes_json: str = "{}"  # {outcome code: decisions}
    source: str = ""  # the file's name
    imported_at: datetime = _when()


class RetrospectiveRow(ActorColumns, table=True):
    __tablename__ = "retrospective"
    id: int | None = Field(default=None, primary_key=True)
    day: str = Field(index=True)  # ISO date: the day, or the last day of the test
    trial: int | None = None  # the test's number, for a test's retrospective
    worked: str = ""
    not_worked: str = ""
    try_next: str = ""
    present: str = ""  # who was there, as typed
    recorded_at: datetime = _when()


class PlanReviewRow(ActorColumns, table=True):
    __tablename__ = "plan_review"
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    scores_json: str = "[]"  # [[criterion code, label, "yes"|"partly"|"no", comment]]
    reviewed_at: datetime = _when()
