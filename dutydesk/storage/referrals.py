"""Writes about a referral: the call and its corrections, views, decisions, hand-offs, actions.

Each is one short IMMEDIATE transaction that adds rows (never updates them) and appends
to the event log.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from dutydesk.domain import vocab
from dutydesk.domain.clock import london_day, to_utc
from dutydesk.domain.matching import key_of
from dutydesk.domain.records import (
    Action,
    Actor,
    CallDetails,
    Decision,
    QueueRow,
    Service,
    Sharing,
    View,
)
from dutydesk.domain.text import FieldError, field
from dutydesk.storage import convert, queries
from dutydesk.storage.base import (
    ConflictError,
    DecisionConflict,
    PassedOnConflict,
    StoreBase,
    actor_fields,
)
from dutydesk.storage.tables import (
    ActionRow,
    ActionStatusRow,
    CallVersionRow,
    ChildKeyRow,
    ContactRow,
    DecisionRow,
    DutySession,
    HandoffRow,
    ReferralRow,
    ViewRow,
)

MAX_AGE = 30


class ReferralWrites(StoreBase):
    # -- calls --------------------------------------------------------------------------

    def add_call(
        self,
        session_id: int,
        details: CallDetails,
        actor: Actor,
        received_at: datetime | None = None,
        source: str = vocab.PHONE,
    ) -> QueueRow:
        details = ready(details)
        received = to_utc(received_at) if received_at else self.now()
        with self._write() as s:
            session = s.get(DutySession, session_id)
            if session is None:
                raise FieldError("There is no such session")
            referral_id = self._insert_call(s, session, details, actor, received, source)
            s.flush()
            return queries.queue_rows(s, [referral_id], date.fromisoformat(session.day))[0]

    def _insert_call(
        self,
        s: Session,
        session: DutySession,
        details: CallDetails,
        actor: Actor,
        received: datetime,
        source: str,
    ) -> int:
        """A new referral and its first call version, in the caller's transaction."""
        assert session.id is not None
        if source not in vocab.SOURCES:
            raise FieldError(f"Unknown source {source!r}")
        prefix = date.fromisoformat(session.day).strftime("%y%m%d")
        # A range on the ref's index ('-' < '.'), not LIKE, which would read every row.
        count = s.exec(
            select(func.count())
            .select_from(ReferralRow)
            .where(col(ReferralRow.ref) > f"{prefix}-", col(ReferralRow.ref) < f"{prefix}.")
        ).one()
        referral = ReferralRow(
            ref=f"{prefix}-{count + 1:02d}",
            session_id=session.id,
            received_at=received,
            created_at=self.now(),
        )
        s.add(referral)
        s.flush()
        assert referral.id is not None
        _add_version(s, referral.id, 1, details, self.now(), actor, source, received)
        what = "advice call added" if details.is_advice else "call added"
        via = f" ({source})" if source != vocab.PHONE else ""
        self._log(s, what, actor, f"{referral.ref} {details.urgency}{via}", session.id, referral.id)
        return referral.id

    def amend_call(
        self,
        referral_id: int,
        session_id: int,
        details: CallDetails,
        actor: Actor,
        expected_version: int,
    ) -> int:
        """A new version of the call; the earlier one stays in the record.

        An advice call made a referral is such a version: the advice given is kept in it.
        """
        details = ready(details)
        with self._write() as s:
            current = s.exec(
                select(CallVersionRow)
                .where(CallVersionRow.referral_id == referral_id)
                .order_by(col(CallVersionRow.version).desc())
            ).first()
            assert current is not None
            if current.version != expected_version:
                raise ConflictError(
                    "The call was changed at another desk. Reopen it to see the change."
                )
            contact = s.exec(
                select(ContactRow).where(
                    ContactRow.referral_id == referral_id, ContactRow.version == current.version
                )
            ).first()
            before = convert.call_details(current, contact)
            if before.is_advice and not details.is_advice and not details.advice:
                details = replace(details, advice=before.advice)  # the advice is kept
            changed = [
                f.name
                for f in fields(CallDetails)
                if f.compare and getattr(before, f.name) != getattr(details, f.name)
            ]
            if not changed:
                return current.version
            referral = s.get(ReferralRow, referral_id)
            assert referral is not None
            source = contact.source if contact else vocab.PHONE
            version = current.version + 1
            _add_version(
                s, referral_id, version, details, self.now(), actor, source, referral.received_at
            )
            if before.is_advice and not details.is_advice:
                self._log(s, "advice call made a referral", actor, "", session_id, referral_id)
            self._log(s, "call amended", actor, ", ".join(changed), session_id, referral_id)
            return current.version + 1

    # -- views, decisions, hand-offs, actions --------------------------------------------

    def add_view(
        self,
        referral_id: int,
        session_id: int,
        agency: str,
        knows: str,
        needed: str,
        actor: Actor,
        sharing: Sharing | None = None,
    ) -> View:
        row = view_row(referral_id, session_id, agency, knows, needed, actor, sharing, self.now())
        with self._write() as s:
            s.add(row)
            self._log(s, "view added", actor, row.agency_label, session_id, referral_id)
            s.flush()
            return convert.view(row)

    def decide(
        self,
        referral_id: int,
        session_id: int,
        outcome: str,
        reasons: str,
        agreed_by: Sequence[str],
        actor: Actor,
        *,
        expected_version: int,
        amend_reason: str = "",
        referrer_response: str = "",
        response_reason: str = "",
    ) -> Decision:
        """Record the decision, or amend it (a new version with its own reason).

        `referrer_response`: "agreed" with the referrer's view, or "different" (then
        `response_reason` is required); "" only for callers that do not ask.
        """
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
        amend_reason = field("Reason for the change", amend_reason, required=expected_version > 0)
        with self._write() as s:
            current = s.exec(
                select(DecisionRow)
                .where(DecisionRow.referral_id == referral_id)
                .order_by(col(DecisionRow.version).desc())
            ).first()
            version = current.version if current else 0
            # Checked under the write lock: no other desk can decide between here and commit.
            if version != expected_version:
                raise DecisionConflict(convert.decision(current) if current else None)
            row = DecisionRow(
                referral_id=referral_id,
                session_id=session_id,
                version=version + 1,
                supersedes_id=current.id if current else None,
                outcome=outcome,
                outcome_label=vocab.label(vocab.OUTCOMES, outcome),
                reasons=reasons,
                agreed_by_json=json.dumps(list(agreed_by)),
                amend_reason=amend_reason,
                created_at=self.now(),
                referrer_response=referrer_response,
                response_reason=response_reason if referrer_response == "different" else "",
                **actor_fields(actor),
            )
            s.add(row)
            kind = "decision amended" if current else "decision made"
            self._log(s, kind, actor, row.outcome_label, session_id, referral_id)
            s.flush()
            return convert.decision(row)

    def pass_on(
        self,
        referral_id: int,
        session_id: int,
        actor: Actor,
        at: datetime | None = None,
        *,
        first: bool = False,
    ) -> datetime:
        """Record when the referral was passed to the Assessment Team (once).

        If it already was, the first record stays and its time is returned; with
        `first=True` (a person who has not seen that record yet) PassedOnConflict says so.
        """
        passed = to_utc(at) if at else self.now()
        with self._write() as s:
            existing = s.exec(
                select(HandoffRow).where(HandoffRow.referral_id == referral_id)
            ).first()
            if existing is not None:
                if first:
                    by = existing.actor_name or vocab.label(vocab.AGENCIES, existing.actor_agency)
                    raise PassedOnConflict(existing.passed_at, by)
                return existing.passed_at
            s.add(
                HandoffRow(
                    referral_id=referral_id,
                    session_id=session_id,
                    passed_at=passed,
                    recorded_at=self.now(),
                    **actor_fields(actor),
                )
            )
            self._log(s, "passed to Assessment Team", actor, "", session_id, referral_id)
        return passed

    def add_action(
        self,
        referral_id: int,
        session_id: int,
        what: str,
        owner_agency: str,
        owner_name: str,
        due_at: datetime | None,
        need: str,
        actor: Actor,
        service: Service | None = None,
    ) -> Action:
        row = action_row(
            referral_id,
            session_id,
            what,
            owner_agency,
            owner_name,
            due_at,
            need,
            actor,
            service,
            self.now(),
        )
        with self._write() as s:
            s.add(row)
            self._log(s, "action added", actor, row.owner_label, session_id, referral_id)
            s.flush()
            return queries.action_records(s, [row])[0]

    def set_action_done(self, action_id: int, session_id: int, done: bool, actor: Actor) -> None:
        with self._write() as s:
            action = s.get(ActionRow, action_id)
            if action is None:
                raise FieldError("There is no such action")
            s.add(
                ActionStatusRow(
                    action_id=action_id,
                    session_id=session_id,
                    done=done,
                    at=self.now(),
                    **actor_fields(actor),
                )
            )
            kind = "action done" if done else "action reopened"
            self._log(s, kind, actor, str(action_id), session_id, action.referral_id)


def view_row(
    referral_id: int,
    session_id: int,
    agency: str,
    knows: str,
    needed: str,
    actor: Actor,
    sharing: Sharing | None,
    now: datetime,
) -> ViewRow:
    """An agency's view, checked, as the Store and the bulk seeder both write it."""
    knows, needed = field("What we know", knows), field("What we think is needed", needed)
    if not (knows or needed):
        raise FieldError("Write what your agency knows or what it thinks is needed")
    if agency not in vocab.codes(vocab.AGENCIES):
        raise FieldError("Choose the agency")
    shared = (sharing or Sharing()).checked()
    return ViewRow(
        referral_id=referral_id,
        session_id=session_id,
        agency=agency,
        agency_label=vocab.label(vocab.AGENCIES, agency),
        author_name=actor.name,
        author_role=actor.role,
        created_at=now,
        knows=knows,
        needed=needed,
        consent=shared.consent,
        without_consent_reason=shared.without_consent_reason,
        shared_what=shared.what,
        shared_with=shared.with_whom,
        **actor_fields(actor),
    )


def action_row(
    referral_id: int,
    session_id: int,
    what: str,
    owner_agency: str,
    owner_name: str,
    due_at: datetime | None,
    need: str,
    actor: Actor,
    service: Service | None,
    now: datetime,
) -> ActionRow:
    """An action, checked, as the Store and the bulk seeder both write it."""
    what = field("What", what, required=True)
    if owner_agency not in vocab.codes(vocab.ACTION_OWNERS):
        raise FieldError("Choose who owns the action")
    return ActionRow(
        referral_id=referral_id,
        session_id=session_id,
        what=what,
        owner_agency=owner_agency,
        owner_label=vocab.label(vocab.ACTION_OWNERS, owner_agency),
        owner_name=field("Owner's name", owner_name),
        due_at=to_utc(due_at) if due_at else None,
        need_code=need,
        need_label=vocab.label(vocab.NEEDS, need),
        created_at=now,
        service_id=service.id if service else None,
        service_name=service.name if service else "",
        **actor_fields(actor),
    )


def cleaned(details: CallDetails) -> CallDetails:
    """The details with every text field cleaned of control characters and trimmed."""
    children = tuple(
        replace(
            c,
            name=field("Child's name", c.name),
            age=_age(c.age),
            school=field("School or setting", c.school),
        )
        for c in details.children
        if c.name.strip() or c.age.strip() or c.dob or c.school.strip()
    )
    texts: dict[str, Any] = {
        f.name: field(f.name.replace("_", " ").capitalize(), getattr(details, f.name))
        for f in fields(CallDetails)
        if isinstance(getattr(details, f.name), str)
    }
    return replace(details, children=children, **texts)


def _age(text: str) -> str:
    # An age is short ('7', 'unborn', '8 months'); a long one is likely a name typed in the
    # wrong field, and ages go into the default (non-identifying) export.
    age = field("Age", text)
    if len(age) > MAX_AGE:
        raise FieldError(
            f"Age: type a date like 2015-03-04 or an age like 7 (at most {MAX_AGE} characters)"
        )
    return age


def _call_row(
    referral_id: int, version: int, details: CallDetails, now: datetime, actor: Actor
) -> CallVersionRow:
    return CallVersionRow(
        referral_id=referral_id,
        version=version,
        created_at=now,
        urgency=details.urgency,
        urgency_label=vocab.label(vocab.URGENCIES, details.urgency),
        children_json=convert.children_json(details.children),
        worry_seen=details.worry_seen,
        worry_told=details.worry_told,
        referrer_name=details.referrer_name,
        referrer_role=details.referrer_role,
        referrer_org=details.referrer_org,
        referrer_contact=details.referrer_contact,
        referrer_relationship=details.referrer_relationship,
        referrer_view=details.referrer_view,
        needs_json=convert.needs_json(details.needs),
        family_knows=details.family_knows,
        consent=details.consent,
        **actor_fields(actor),
    )


def ready(details: CallDetails) -> CallDetails:
    """Cleaned and validated; an advice call with no urgency chosen is routine."""
    details = cleaned(details)
    if details.is_advice and not details.urgency:
        details = replace(details, urgency="routine")
    details.validate()
    return details


def _add_version(
    s: Session,
    referral_id: int,
    version: int,
    details: CallDetails,
    now: datetime,
    actor: Actor,
    source: str,
    received: datetime,
) -> None:
    """One call version: the call, what kind of contact it is, and its children's keys."""
    for row in version_rows(referral_id, version, details, now, actor, source, received):
        s.add(row)


def version_rows(
    referral_id: int,
    version: int,
    details: CallDetails,
    now: datetime,
    actor: Actor,
    source: str,
    received: datetime,
) -> list[CallVersionRow | ContactRow | ChildKeyRow]:
    """The rows of one call version, in the order they are added (bulk.py builds the same)."""
    rows: list[CallVersionRow | ContactRow | ChildKeyRow] = [
        _call_row(referral_id, version, details, now, actor),
        ContactRow(
            referral_id=referral_id,
            version=version,
            kind=details.kind,
            advice=details.advice,
            earlier_ref=details.earlier_ref,
            source=source,
        ),
    ]
    for child in details.children:
        key = key_of(referral_id, child, london_day(received))
        if key.name:
            rows.append(
                ChildKeyRow(
                    referral_id=referral_id,
                    version=version,
                    name_key=key.name,
                    surname_key=key.surname,
                    dob=child.dob.isoformat() if child.dob else "",
                    birth_year=key.year,
                )
            )
    return rows
