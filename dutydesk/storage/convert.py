"""Table rows to domain records and back (the only place that knows both shapes).

A row is anything with the table's column names as attributes: the ORM's, or a named tuple
of plain-SQL values (storage/period.py), so this module imports no SQLAlchemy.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from dutydesk.domain import vocab
from dutydesk.domain.records import (
    Action,
    CallDetails,
    Child,
    Decision,
    Experience,
    Feedback,
    View,
)
from dutydesk.storage import queue_read

if TYPE_CHECKING:
    from dutydesk.storage.matches import Contact
    from dutydesk.storage.tables import (
        ActionRow,
        CallVersionRow,
        ContactRow,
        DecisionRow,
        ExperienceRow,
        FeedbackRow,
        FeedbackToldRow,
        ViewRow,
    )


class Saved(dict[str, Any]):
    """A row just inserted, as the column values it was inserted with (and its id), read
    like the table's object (`row.agency`) by the converters below: a write need not build
    the SQLModel object (which costs more than the insert) to answer with its record."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def children_json(children: tuple[Child, ...]) -> str:
    return json.dumps(
        [
            {
                "name": c.name,
                "dob": c.dob.isoformat() if c.dob else None,
                "age": c.age,
                "school": c.school,
            }
            for c in children
        ],
        ensure_ascii=False,
    )


def needs_json(needs: tuple[str, ...]) -> str:
    return json.dumps(
        [[code, vocab.label(vocab.NEEDS, code)] for code in needs], ensure_ascii=False
    )


def call_details(row: CallVersionRow, contact: ContactRow | Contact | None = None) -> CallDetails:
    """The call as saved; `contact` is its kind (a call saved before schema 5 has none)."""
    needs = json.loads(row.needs_json)
    return CallDetails(
        urgency=row.urgency,
        children=queue_read.children(row.children_json),
        worry_seen=row.worry_seen,
        worry_told=row.worry_told,
        referrer_name=row.referrer_name,
        referrer_role=row.referrer_role,
        referrer_org=row.referrer_org,
        referrer_contact=row.referrer_contact,
        referrer_relationship=row.referrer_relationship,
        referrer_view=row.referrer_view,
        needs=tuple(code for code, _label in needs),
        family_knows=row.family_knows,
        consent=row.consent,
        need_labels=tuple(label for _code, label in needs),
        urgency_label=row.urgency_label,
        kind=contact.kind if contact else vocab.REFERRAL,
        advice=contact.advice if contact else "",
        earlier_ref=contact.earlier_ref if contact else "",
    )


def view(row: ViewRow | Saved) -> View:
    assert row.id is not None
    return View(
        id=row.id,
        agency=row.agency,
        author_name=row.author_name,
        author_role=row.author_role,
        created_at=row.created_at,
        knows=row.knows,
        needed=row.needed,
        agency_label=row.agency_label,
        consent=row.consent,
        without_consent_reason=row.without_consent_reason,
        shared_what=row.shared_what,
        shared_with=row.shared_with,
    )


def decision(row: DecisionRow | Saved) -> Decision:
    assert row.id is not None
    recorded_by = row.actor_name or vocab.label(vocab.AGENCIES, row.actor_agency)
    return Decision(
        id=row.id,
        version=row.version,
        outcome=row.outcome,
        outcome_label=row.outcome_label,
        reasons=row.reasons,
        agreed_by=tuple(json.loads(row.agreed_by_json)),
        created_at=row.created_at,
        recorded_by=recorded_by,
        amend_reason=row.amend_reason,
        referrer_response=row.referrer_response,
        response_reason=row.response_reason,
    )


def action(row: ActionRow | Saved, ref: str, done_at: object) -> Action:
    assert row.id is not None
    return Action(
        id=row.id,
        referral_id=row.referral_id,
        ref=ref,
        what=row.what,
        owner_agency=row.owner_agency,
        owner_name=row.owner_name,
        due_at=row.due_at,
        need=row.need_label,
        created_at=row.created_at,
        done_at=done_at,  # type: ignore[arg-type]
        owner_label=row.owner_label,
        service_id=row.service_id,
        service_name=row.service_name,
    )


def feedback(row: FeedbackRow | Saved, extra: FeedbackToldRow | Saved | None = None) -> Feedback:
    """Feedback saved before schema 5 has no `extra`: told when it was recorded."""
    assert row.id is not None
    return Feedback(
        id=row.id,
        referral_id=row.referral_id,
        how=row.how,
        satisfaction=row.satisfaction,
        comment=row.comment,
        recorded_at=row.recorded_at,
        recorded_by=row.actor_name or vocab.label(vocab.AGENCIES, row.actor_agency),
        told_at=extra.told_at if extra else row.recorded_at,
        told_by=extra.told_by if extra else row.actor_name,
        text=extra.text if extra else "",
    )


def experience(row: ExperienceRow | Saved) -> Experience:
    assert row.id is not None
    return Experience(
        id=row.id,
        session_id=row.session_id,
        agency=row.agency,
        name=row.name,
        rating=row.rating,
        worked=row.worked,
        change=row.change,
        recorded_at=row.recorded_at,
    )
