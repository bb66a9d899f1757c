"""The tables, described once as SQLAlchemy Core `Table`s. Rows are only ever added: a
correction is a new row, never an update.

Every read (`reading.py`) and every write (`base.Tx`, rows as plain dicts from `rows.py`)
goes through these `Table` objects; no ORM class sits on top of them (SQLModel's classes
cost a fifth of a second to import and build, on every command, for nothing a Core
statement needs). Times are stored as UTC. Codes are stored beside the label they had when
saved, so that later changes to the lists do not rewrite what was recorded. A column with
a default (`""`, `0`, ...) gets it when an insert leaves it out.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from dutydesk.storage.utc import UTCDateTime as UTCDateTime

# The schema's number (a change to a table here needs a migration and a new number).
from dutydesk.storage.version import SCHEMA_VERSION as SCHEMA_VERSION

metadata = MetaData()


def text(name: str, default: str | None = "", **kwargs: Any) -> Column[Any]:
    """A text column, never NULL; `default=None`: one an insert must give."""
    return Column(name, String, nullable=False, default=default, **kwargs)


def number(
    name: str, default: int | None = None, *, null: bool = False, index: bool = False
) -> Column[Any]:
    return Column(name, Integer, nullable=null, default=default, index=index)


def when(name: str, *, null: bool = False, index: bool = False) -> Column[Any]:
    return Column(name, UTCDateTime, nullable=null, index=index)


def ref(
    name: str, target: str = "duty_session", *, null: bool = False, index: bool = True, **kw: Any
) -> Column[Any]:
    """A reference to a row of `target` (by its id), indexed."""
    return Column(name, Integer, ForeignKey(f"{target}.id"), nullable=null, index=index, **kw)


def table(name: str, *columns: Any, actor: bool = False) -> Table:
    """A table with an `id` key; `actor`: first who made the row (the attendee's name,
    agency code and role at that moment)."""
    who = (text("actor_name"), text("actor_agency"), text("actor_role")) if actor else ()
    return Table(name, metadata, *who, Column("id", Integer, primary_key=True), *columns)


SESSION = table(
    "duty_session",
    text("day", None, unique=True, index=True),  # ISO date of the London day
    when("started_at"),
)

ATTENDEE = table(
    "attendee",
    ref("session_id"),
    text("agency", None),
    text("name", None),
    text("role"),
    when("added_at"),
    actor=True,
)

SESSION_END = table("session_end", ref("session_id"), when("ended_at"), actor=True)

REFERRAL = table(
    "referral",
    text("ref", None, unique=True, index=True),
    ref("session_id"),
    when("received_at", index=True),
    when("created_at"),
)

CALL = table(
    "call_version",
    ref("referral_id", "referral"),
    number("version"),
    when("created_at"),
    text("urgency", None),
    text("children_json", None),  # [{"name", "dob", "age", "school"}]
    text("worry_seen"),
    text("worry_told"),
    text("referrer_name"),
    text("referrer_role"),
    text("referrer_org"),
    text("referrer_org_type"),
    text("referrer_contact"),
    text("referrer_relationship"),
    text("referrer_view"),
    text("needs_json", "[]"),  # [[code, label]]
    text("family_knows", "unknown"),
    text("consent", "unknown"),
    text("urgency_label"),  # as the lists named it when saved ("" before schema 5)
    UniqueConstraint("referral_id", "version"),
    actor=True,
)

VIEW = table(
    "agency_view",
    ref("referral_id", "referral"),
    ref("session_id"),
    text("agency", None),
    text("agency_label", None),
    text("author_name"),
    text("author_role"),
    when("created_at"),
    text("knows"),
    text("needed"),
    # Information sharing: "given" (consent given) or "without" (and why); what went to whom.
    text("consent"),
    text("without_consent_reason"),
    text("shared_what"),
    text("shared_with"),
    actor=True,
)

DECISION = table(
    "decision",
    ref("referral_id", "referral"),
    ref("session_id"),
    number("version"),
    ref("supersedes_id", "decision", null=True, index=False),
    text("outcome", None),
    text("outcome_label", None),
    text("reasons", None),
    text("agreed_by_json", "[]"),  # agency codes
    text("amend_reason"),
    when("created_at"),
    # How the decision answers the referrer's view: "agreed" or "different" (and why).
    text("referrer_response"),
    text("response_reason"),
    # One decision per version: two desks deciding at once cannot both be version 2.
    UniqueConstraint("referral_id", "version"),
    actor=True,
)

HANDOFF = table(
    "handoff",
    ref("referral_id", "referral"),
    ref("session_id"),
    when("passed_at"),
    when("recorded_at"),
    actor=True,
)

ACTION = table(
    "action",
    ref("referral_id", "referral"),
    ref("session_id"),
    text("what", None),
    text("owner_agency", None),
    text("owner_label", None),
    text("owner_name"),
    when("due_at", null=True),
    text("need_code"),
    text("need_label"),
    when("created_at"),
    # The directory's service it links to, as it was when saved. No foreign key: the id
    # names a row of the directory import it was picked from.
    number("service_id", null=True),
    text("service_name"),
    actor=True,
)

# One load of the services directory: the latest import is the directory in use.
SERVICE_IMPORT = table(
    "service_import",
    when("imported_at"),
    text("source"),  # the file's name
    number("services", 0),
    actor=True,
)

# A local service in one import of the directory ("pathway to provision").
SERVICE = table(
    "service",
    ref("import_id", "service_import"),
    text("name", None),
    text("needs_json", "[]"),  # need codes
    text("who_for"),
    text("how_to_refer"),
    text("contact"),
)

STATUS = table(
    "action_status",
    ref("action_id", "action"),
    ref("session_id"),
    Column("done", Boolean, nullable=False),
    when("at"),
    actor=True,
)

# The log of every change, written in the same transaction as the change.
EVENT = table(
    "event",
    when("at", index=True),
    ref("session_id", null=True),
    # No foreign key: the log outlives a referral removed by the retention purge.
    Column("referral_id", Integer, nullable=True, index=True),
    text("kind", None),
    text("detail"),
    # The hash chain (storage/chain.py): editing or removing an event breaks it.
    text("prev_hash"),
    text("hash"),
    # Schema 10 (storage/seal.py): the seals of the rows this event recorded, "table:id:hash"
    # each, and the id of the key that sealed it ("" when the chain is not keyed).
    text("seals"),
    text("key_id"),
    actor=True,
)

# Telling the referrer the outcome; how satisfied they were (1-5), if asked.
FEEDBACK = table(
    "feedback",
    ref("referral_id", "referral"),
    ref("session_id"),
    text("how"),  # phone, email, letter, in person
    number("satisfaction", null=True),
    text("comment"),
    when("recorded_at"),
    actor=True,
)

# One agency's experience of a session, given at its end.
EXPERIENCE = table(
    "team_experience",
    ref("session_id"),
    text("agency", None),
    text("name"),
    number("rating"),
    text("worked"),
    text("change"),
    when("recorded_at"),
    actor=True,
)

# What a form holds that is not saved yet, kept so that a crash does not lose it. Not part
# of the record: the one table whose rows are replaced while someone types and deleted when
# the form is saved or discarded. `desk` tells apart two desks typing the same kind of form
# at once; `fields_json` maps each field's id to its value.
DRAFT = table(
    "draft",
    ref("session_id"),
    text("form", None),  # "call", "view", "decision", "action"
    ref("referral_id", "referral", null=True, index=False),
    text("desk"),
    text("fields_json", "{}"),
    when("updated_at"),
    actor=True,
)

# -- schema 5: advice calls, online-form contacts, feedback in full, earlier contacts ----

# What kind of contact one call version is, and how the contact came in. Written with every
# call version (a call before schema 5 has none: a phoned referral). An advice call made a
# referral later is a new version with kind "referral"; the advice given stays in it and in
# the versions before.
CONTACT = table(
    "call_contact",
    ref("referral_id", "referral"),
    number("version"),
    text("kind", "referral"),  # "referral" or "advice"
    text("advice"),
    text("earlier_ref"),
    text("source", "phone"),  # "phone" or "online form"
    UniqueConstraint("referral_id", "version"),
)

# Each child named on a call version, normalised for finding earlier contacts.
CHILD_KEY = table(
    "child_key",
    ref("referral_id", "referral"),
    number("version"),
    text("name_key", None, index=True),
    text("surname_key"),
    text("dob", index=True),  # ISO date, or "" when not known
    number("birth_year", null=True),
)

# Someone confirmed that an earlier contact is about the same child (never a merge).
LINK = table(
    "contact_link",
    ref("referral_id", "referral"),
    ref("earlier_id", "referral"),
    ref("session_id"),
    when("confirmed_at"),
    UniqueConstraint("referral_id", "earlier_id"),
    actor=True,
)

# The rest of a feedback record: when and by whom the referrer was told, and what.
TOLD = table(
    "feedback_told",
    ref("feedback_id", "feedback", unique=True),
    when("told_at"),
    text("told_by"),
    text("text"),
)

# -- schema 7: each form's save exactly once ------------------------------------------------

# A form's save: the token the form was given when it opened, and the record it made.
# Written in the same transaction as that record. A save that comes again with the same
# token (a double Enter, a key repeat, a retry after a timeout) finds it and answers with
# the first record instead of writing another.
SUBMISSION = table(
    "submission",
    text("token", None, unique=True, index=True),
    text("table_name", None),  # the record's table: "action", "decision", ...
    number("record_id"),
    when("saved_at"),
)

# -- schema 9: tests of change, baseline days, retrospectives, action-plan reviews ---------

# A test of change (numbered 1, 2, ...) named, renamed or ended: one row per change.
TRIAL = table(
    "trial",
    number("number", index=True),
    number("version"),
    text("name", None),
    text("ended_on"),  # ISO date: its days after it are no longer test days
    when("at"),
    UniqueConstraint("number", "version"),
    actor=True,
)

TRIAL_DAY = table(
    "trial_day",
    number("number", index=True),  # the test's
    text("day", None),  # ISO date
    UniqueConstraint("number", "day"),
)

# The latest import of a day is the one used.
BASELINE = table(
    "baseline_day",
    text("day", None, index=True),  # ISO date
    number("contacts"),
    number("decisions"),
    Column("median_minutes_to_decision", Float, nullable=True),
    number("immediate"),
    Column("immediate_median_minutes", Float, nullable=True),
    number("decided_within_one_working_day"),
    text("outcomes_json", "{}"),  # {outcome code: decisions}
    text("source"),  # the file's name
    when("imported_at"),
    actor=True,
)

RETRO = table(
    "retrospective",
    text("day", None, index=True),  # ISO date: the day, or the last day of the test
    number("trial", null=True),  # the test's number, for a test's retrospective
    text("worked"),
    text("not_worked"),
    text("try_next"),
    text("present"),  # who was there, as typed
    when("recorded_at"),
    actor=True,
)

REVIEW = table(
    "plan_review",
    ref("referral_id", "referral"),
    text("scores_json", "[]"),  # [[criterion code, label, "yes"|"partly"|"no", comment]]
    when("reviewed_at"),
    actor=True,
)
