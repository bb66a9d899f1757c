"""Rows to records, and the few values written as JSON (the only place that knows both).

A row is a mapping of the table's column names to values: what the read layer's Core
statements give (`reading.py`), or the values a write has just inserted (with its id). It
is read by column name, never by position.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from dutydesk.domain import vocab
from dutydesk.domain.baseline import BaselineDay
from dutydesk.domain.period import Experience, Feedback
from dutydesk.domain.records import (
    CALL_FIELDS,
    Action,
    Attendee,
    CallDetails,
    Child,
    Decision,
    Service,
    SessionInfo,
    View,
)
from dutydesk.domain.reviews import PlanReview
from dutydesk.domain.trials import Retrospective

Row = Mapping[Any, Any]  # a RowMapping, or the values a write inserted


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


def needs_json(needs: tuple[str, ...], lists: vocab.Lists) -> str:
    return json.dumps(
        [[code, vocab.label(lists.needs, code)] for code in needs], ensure_ascii=False
    )


def children(text: str) -> tuple[Child, ...]:
    """A call version's `children_json` as the children it names."""
    return tuple(
        Child(
            name=c["name"],
            dob=date.fromisoformat(c["dob"]) if c.get("dob") else None,
            age=c.get("age", ""),
            school=c.get("school", ""),
        )
        for c in json.loads(text)
    )


# The call's own columns, read into `CallDetails` as they are (the rest are JSON).
CALL_TEXT = ("urgency", "urgency_label", *(f.name for f in CALL_FIELDS))
CONTACT_TEXT = ("kind", "advice", "earlier_ref")  # from `call_contact`, when there is one


def call_details(row: Row, contact: Row | None = None) -> CallDetails:
    """The call as saved; `contact` is its kind (a call saved before schema 5 has none)."""
    needs = json.loads(row["needs_json"])
    return CallDetails(
        children=children(row["children_json"]),
        needs=tuple(code for code, _label in needs),
        need_labels=tuple(label for _code, label in needs),
        **{name: row[name] for name in CALL_TEXT},
        **({name: contact[name] for name in CONTACT_TEXT} if contact else {}),
    )


def recorded_by(row: Row, lists: vocab.Lists) -> str:
    """Who recorded it: their name, else their agency."""
    return str(row["actor_name"] or vocab.label(lists.agencies, row["actor_agency"]))


def view(row: Row) -> View:
    return View(
        id=row["id"],
        agency=row["agency"],
        author_name=row["author_name"],
        author_role=row["author_role"],
        created_at=row["created_at"],
        knows=row["knows"],
        needed=row["needed"],
        agency_label=row["agency_label"],
        consent=row["consent"],
        without_consent_reason=row["without_consent_reason"],
        shared_what=row["shared_what"],
        shared_with=row["shared_with"],
    )


def decision(row: Row, lists: vocab.Lists) -> Decision:
    return Decision(
        id=row["id"],
        version=row["version"],
        outcome=row["outcome"],
        outcome_label=row["outcome_label"],
        reasons=row["reasons"],
        agreed_by=tuple(json.loads(row["agreed_by_json"])),
        created_at=row["created_at"],
        recorded_by=recorded_by(row, lists),
        amend_reason=row["amend_reason"],
        referrer_response=row["referrer_response"],
        response_reason=row["response_reason"],
    )


def action(row: Row, ref: str, done_at: datetime | None) -> Action:
    return Action(
        id=row["id"],
        referral_id=row["referral_id"],
        ref=ref,
        what=row["what"],
        owner_agency=row["owner_agency"],
        owner_name=row["owner_name"],
        due_at=row["due_at"],
        need=row["need_label"],
        created_at=row["created_at"],
        done_at=done_at,
        owner_label=row["owner_label"],
        service_id=row["service_id"],
        service_name=row["service_name"],
    )


def feedback(row: Row, lists: vocab.Lists) -> Feedback:
    """A feedback row with its `feedback_told` columns (`told_at`, `told_by`, `text`; None
    for feedback saved before schema 5, told when it was recorded)."""
    told = row["told_at"] is not None
    return Feedback(
        id=row["id"],
        referral_id=row["referral_id"],
        how=row["how"],
        satisfaction=row["satisfaction"],
        comment=row["comment"],
        recorded_at=row["recorded_at"],
        recorded_by=recorded_by(row, lists),
        told_at=row["told_at"] if told else row["recorded_at"],
        told_by=row["told_by"] if told else row["actor_name"],
        text=row["text"] if told else "",
    )


def experience(row: Row) -> Experience:
    return Experience(
        id=row["id"],
        session_id=row["session_id"],
        agency=row["agency"],
        name=row["name"],
        rating=row["rating"],
        worked=row["worked"],
        change=row["change"],
        recorded_at=row["recorded_at"],
    )


def attendee(row: Row) -> Attendee:
    return Attendee(id=row["id"], agency=row["agency"], name=row["name"], role=row["role"])


def session(row: Row, attendees: tuple[Attendee, ...], ended_at: datetime | None) -> SessionInfo:
    return SessionInfo(
        id=row["id"],
        day=date.fromisoformat(row["day"]),
        started_at=row["started_at"],
        ended_at=ended_at,
        attendees=attendees,
    )


def service(row: Row) -> Service:
    return Service(
        id=row["id"],
        name=row["name"],
        needs=tuple(json.loads(row["needs_json"])),
        who_for=row["who_for"],
        how_to_refer=row["how_to_refer"],
        contact=row["contact"],
    )


def baseline_day(row: Row) -> BaselineDay:
    return BaselineDay(
        day=date.fromisoformat(row["day"]),
        contacts=row["contacts"],
        decisions=row["decisions"],
        median_minutes_to_decision=row["median_minutes_to_decision"],
        immediate=row["immediate"],
        immediate_median_minutes=row["immediate_median_minutes"],
        decided_within_one_working_day=row["decided_within_one_working_day"],
        outcomes=json.loads(row["outcomes_json"]),
    )


def retrospective(row: Row) -> Retrospective:
    return Retrospective(
        id=row["id"],
        day=date.fromisoformat(row["day"]),
        trial=row["trial"],
        worked=row["worked"],
        not_worked=row["not_worked"],
        try_next=row["try_next"],
        present=row["present"],
        recorded_at=row["recorded_at"],
        recorded_by=row["actor_name"],
    )


def plan_review(row: Row) -> PlanReview:
    return PlanReview(
        id=row["id"],
        referral_id=row["referral_id"],
        scores=tuple(tuple(s) for s in json.loads(row["scores_json"])),
        reviewed_at=row["reviewed_at"],
        reviewed_by=row["actor_name"],
    )
