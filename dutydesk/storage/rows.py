"""The rows each write adds, checked and built once as plain dicts of column values.

The Store's writes hand them to `base.Tx.insert`, which gives each its id and inserts a
table's rows many to a statement. A dict, not an object: building an ORM object
costs about ten times what the insert does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select

from dutydesk.domain import vocab
from dutydesk.domain.clock import london_day
from dutydesk.domain.matching import key_of
from dutydesk.domain.records import CALL_FIELDS, Actor, CallDetails
from dutydesk.domain.text import FieldError, field
from dutydesk.storage import convert
from dutydesk.storage.tables import CALL, CHILD_KEY, CONTACT, REFERRAL

Values = dict[str, Any]

HOW = ("phone", "email", "letter", "in person")  # how a referrer was told the outcome


def actor_fields(actor: Actor) -> Values:
    return {"actor_name": actor.name, "actor_agency": actor.agency, "actor_role": actor.role}


# -- sessions ---------------------------------------------------------------------------


def people(attendees: Sequence[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The people in the room (agency, name, role), cleaned; at least one is needed."""
    found = [(agency, field("Name", name), field("Role", role)) for agency, name, role in attendees]
    if not any(name for _agency, name, _role in found):
        raise FieldError("At least one person in the room is needed")
    return found


def session_row(day: date, now: datetime) -> Values:
    return {"day": day.isoformat(), "started_at": now}


def attendee_row(
    session_id: int, agency: str, name: str, role: str, actor: Actor, now: datetime
) -> Values:
    if agency not in vocab.codes(vocab.AGENCIES):
        raise FieldError(f"Unknown agency {agency!r}")
    return {
        "session_id": session_id,
        "agency": agency,
        "name": name,
        "role": role,
        "added_at": now,
        **actor_fields(actor),
    }


def session_end_row(session_id: int, actor: Actor, now: datetime) -> Values:
    return {"session_id": session_id, "ended_at": now, **actor_fields(actor)}


# -- calls -----------------------------------------------------------------------------


def ref_prefix(day: date) -> str:
    return day.strftime("%y%m%d")


def refs_on(prefix: str) -> Select[int]:
    """How many referrals have a ref with this prefix (the day's): a range on the ref's
    index ('-' < '.'), not LIKE, which would read every row."""
    ref = REFERRAL.c.ref
    return select(func.count()).where(ref > f"{prefix}-", ref < f"{prefix}.")


def new_ref(prefix: str, before: int) -> str:
    """The ref of the day's next referral, after `before` others."""
    return f"{prefix}-{before + 1:02d}"


def referral_row(ref: str, session_id: int, received: datetime, now: datetime) -> Values:
    return {"ref": ref, "session_id": session_id, "received_at": received, "created_at": now}


def call_kind(details: CallDetails) -> str:
    """The event that logs a new call."""
    return "advice call added" if details.is_advice else "call added"


def call_detail(ref: str, details: CallDetails, source: str) -> str:
    """The new call's event detail: its ref, urgency and (if not phoned) how it came."""
    via = f" ({source})" if source != vocab.PHONE else ""
    return f"{ref} {details.urgency}{via}"


def version_rows(
    referral_id: int,
    version: int,
    details: CallDetails,
    now: datetime,
    actor: Actor,
    source: str,
    received: datetime,
) -> list[tuple[Any, Values]]:
    """The rows of one call version (table, values), in the order they are added: the
    call, what kind of contact it is, and its children's keys."""
    rows: list[tuple[Any, Values]] = [
        (CALL, _call_row(referral_id, version, details, now, actor)),
        (
            CONTACT,
            {
                "referral_id": referral_id,
                "version": version,
                "kind": details.kind,
                "advice": details.advice,
                "earlier_ref": details.earlier_ref,
                "source": source,
            },
        ),
    ]
    for child in details.children:
        key = key_of(referral_id, child, london_day(received))
        if key.name:
            rows.append(
                (
                    CHILD_KEY,
                    {
                        "referral_id": referral_id,
                        "version": version,
                        "name_key": key.name,
                        "surname_key": key.surname,
                        "dob": child.dob.isoformat() if child.dob else "",
                        "birth_year": key.year,
                    },
                )
            )
    return rows


def _call_row(
    referral_id: int, version: int, details: CallDetails, now: datetime, actor: Actor
) -> Values:
    return {
        "referral_id": referral_id,
        "version": version,
        "created_at": now,
        "urgency": details.urgency,
        "urgency_label": vocab.label(vocab.URGENCIES, details.urgency),
        "children_json": convert.children_json(details.children),
        "needs_json": convert.needs_json(details.needs),
        **{f.name: f.of(details) for f in CALL_FIELDS},
        **actor_fields(actor),
    }


# -- views, decisions, hand-offs, actions, feedback -------------------------------------


def decision_fields(
    outcome: str,
    reasons: str,
    agreed_by: Sequence[str],
    actor: Actor,
    *,
    amending: bool,
    amend_reason: str,
    referrer_response: str,
    response_reason: str,
) -> Values:
    """A decision's own values, checked before the transaction; `decision_row` adds where
    it stands (the referral, the session, its version)."""
    if outcome not in vocab.codes(vocab.OUTCOMES):
        raise FieldError("Choose the outcome")
    if referrer_response not in ("", "agreed", "different"):
        raise FieldError("Say whether the decision agrees with the referrer's view")
    response_reason = field(
        "Why it differs from the referrer's view",
        response_reason,
        required=referrer_response == "different",
    )
    reasons = field("Reasons", reasons, required=True)
    amend_reason = field("Reason for the change", amend_reason, required=amending)
    return {
        "outcome": outcome,
        "outcome_label": vocab.label(vocab.OUTCOMES, outcome),
        "reasons": reasons,
        "agreed_by_json": json.dumps(list(agreed_by)),
        "amend_reason": amend_reason,
        "referrer_response": referrer_response,
        "response_reason": response_reason if referrer_response == "different" else "",
        **actor_fields(actor),
    }


def decision_row(
    checked: Values,
    referral_id: int,
    session_id: int,
    version: int,
    supersedes_id: int | None,
    now: datetime,
) -> Values:
    return {
        "referral_id": referral_id,
        "session_id": session_id,
        "version": version,
        "supersedes_id": supersedes_id,
        "created_at": now,
        **checked,
    }


def decision_kind(supersedes_id: int | None) -> str:
    return "decision amended" if supersedes_id is not None else "decision made"


def handoff_row(
    referral_id: int, session_id: int, passed: datetime, actor: Actor, now: datetime
) -> Values:
    return {
        "referral_id": referral_id,
        "session_id": session_id,
        "passed_at": passed,
        "recorded_at": now,
        **actor_fields(actor),
    }
