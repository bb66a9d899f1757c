"""The Store: every read and write the console, the CLI and the exports make.

Each save is one short IMMEDIATE transaction that adds rows and appends to the event log;
nothing is updated in place.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields, replace
from datetime import date, datetime
from typing import Any, TypedDict

from sqlalchemy import Engine, func
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from dutydesk.domain import vocab
from dutydesk.domain.clock import Clock, london_day, system_clock, to_utc
from dutydesk.domain.records import (
    Action,
    Actor,
    CallDetails,
    DaySummary,
    Decision,
    QueueRow,
    ReferralDetail,
    SessionInfo,
    View,
)
from dutydesk.domain.text import FieldError, field
from dutydesk.storage import convert, queries
from dutydesk.storage.engine import DatabaseError, explain, make_engine
from dutydesk.storage.tables import (
    ActionRow,
    ActionStatusRow,
    AttendeeRow,
    CallVersionRow,
    DecisionRow,
    DutySession,
    EventRow,
    HandoffRow,
    ReferralRow,
    SessionEndRow,
    ViewRow,
)

MAX_AGE = 30


class ConflictError(RuntimeError):
    """Someone else changed the record since it was read (e.g. a decision at another desk)."""


def open_store(target: str | os.PathLike[str], clock: Clock = system_clock) -> Store:
    return Store(make_engine(target), clock)


class Store:
    def __init__(self, engine: Engine, clock: Clock = system_clock) -> None:
        self.engine = engine
        self.clock = clock

    @property
    def location(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def now(self) -> datetime:
        return to_utc(self.clock())

    def today(self) -> date:
        return london_day(self.now())

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions -------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Session]:
        try:
            with Session(self.engine) as s:
                yield s
        except SQLAlchemyError as error:
            raise DatabaseError(explain(error, self.location)) from error

    @contextmanager
    def _write(self) -> Iterator[Session]:
        try:
            with (
                self.engine.connect().execution_options(immediate=True) as conn,
                Session(bind=conn, expire_on_commit=False) as s,
            ):
                yield s
                s.commit()
        except SQLAlchemyError as error:
            raise DatabaseError(explain(error, self.location)) from error

    def _log(
        self,
        s: Session,
        kind: str,
        actor: Actor,
        detail: str = "",
        session_id: int | None = None,
        referral_id: int | None = None,
    ) -> None:
        s.add(
            EventRow(
                at=self.now(),
                session_id=session_id,
                referral_id=referral_id,
                kind=kind,
                detail=detail,
                **_actor(actor),
            )
        )

    # -- sessions -----------------------------------------------------------------------

    def session_for(self, day: date) -> SessionInfo | None:
        with self._read() as s:
            row = s.exec(select(DutySession).where(DutySession.day == day.isoformat())).first()
            return queries.session_info(s, row) if row else None

    def session_days(self) -> list[date]:
        with self._read() as s:
            days = s.exec(select(DutySession.day).order_by(col(DutySession.day))).all()
        return [date.fromisoformat(d) for d in days]

    def start_session(
        self, day: date, attendees: Sequence[tuple[str, str, str]], actor: Actor
    ) -> SessionInfo:
        """Today's session with these people in the room (agency, name, role)."""
        people = [
            (agency, field("Name", name), field("Role", role)) for agency, name, role in attendees
        ]
        if not any(name for _agency, name, _role in people):
            raise FieldError("At least one person in the room is needed")
        with self._write() as s:
            row = s.exec(select(DutySession).where(DutySession.day == day.isoformat())).first()
            if row is None:
                row = DutySession(day=day.isoformat(), started_at=self.now())
                s.add(row)
                s.flush()
                self._log(s, "session started", actor, day.isoformat(), row.id)
            assert row.id is not None
            # Resuming the day with the same people must not list them twice.
            present = {
                (a.agency, a.name.casefold())
                for a in s.exec(select(AttendeeRow).where(AttendeeRow.session_id == row.id))
            }
            for agency, name, role in people:
                if name and (agency, name.casefold()) not in present:
                    self._add_attendee(s, row.id, agency, name, role, actor)
                    present.add((agency, name.casefold()))
            s.flush()
            return queries.session_info(s, row)

    def add_attendee(
        self, session_id: int, agency: str, name: str, role: str, actor: Actor
    ) -> None:
        name = field("Name", name, required=True)
        with self._write() as s:
            self._add_attendee(s, session_id, agency, name, field("Role", role), actor)

    def _add_attendee(
        self, s: Session, session_id: int, agency: str, name: str, role: str, actor: Actor
    ) -> None:
        if agency not in vocab.codes(vocab.AGENCIES):
            raise FieldError(f"Unknown agency {agency!r}")
        s.add(
            AttendeeRow(
                session_id=session_id,
                agency=agency,
                name=name,
                role=role,
                added_at=self.now(),
                **_actor(actor),
            )
        )
        self._log(s, "attendee added", actor, vocab.label(vocab.AGENCIES, agency), session_id)

    def end_session(self, session_id: int, actor: Actor) -> SessionInfo:
        with self._write() as s:
            s.add(SessionEndRow(session_id=session_id, ended_at=self.now(), **_actor(actor)))
            self._log(s, "session ended", actor, session_id=session_id)
            s.flush()
            row = s.get(DutySession, session_id)
            assert row is not None
            return queries.session_info(s, row)

    # -- calls --------------------------------------------------------------------------

    def add_call(
        self,
        session_id: int,
        details: CallDetails,
        actor: Actor,
        received_at: datetime | None = None,
    ) -> QueueRow:
        details = cleaned(details)
        details.validate()
        received = to_utc(received_at) if received_at else self.now()
        with self._write() as s:
            session = s.get(DutySession, session_id)
            if session is None:
                raise FieldError("There is no such session")
            prefix = date.fromisoformat(session.day).strftime("%y%m%d")
            count = s.exec(
                select(func.count())
                .select_from(ReferralRow)
                .where(col(ReferralRow.ref).startswith(prefix))
            ).one()
            referral = ReferralRow(
                ref=f"{prefix}-{count + 1:02d}",
                session_id=session_id,
                received_at=received,
                created_at=self.now(),
            )
            s.add(referral)
            s.flush()
            assert referral.id is not None
            s.add(_call_row(referral.id, 1, details, self.now(), actor))
            self._log(
                s, "call added", actor, f"{referral.ref} {details.urgency}", session_id, referral.id
            )
            s.flush()
            return queries.queue_rows(s, [referral.id], date.fromisoformat(session.day))[0]

    def amend_call(
        self,
        referral_id: int,
        session_id: int,
        details: CallDetails,
        actor: Actor,
        expected_version: int,
    ) -> int:
        """A new version of the call; the earlier one stays in the record."""
        details = cleaned(details)
        details.validate()
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
            before = convert.call_details(current)
            changed = [
                f.name
                for f in fields(CallDetails)
                if getattr(before, f.name) != getattr(details, f.name)
            ]
            if not changed:
                return current.version
            s.add(_call_row(referral_id, current.version + 1, details, self.now(), actor))
            self._log(s, "call amended", actor, ", ".join(changed), session_id, referral_id)
            return current.version + 1

    # -- views, decisions, hand-offs, actions --------------------------------------------

    def add_view(
        self, referral_id: int, session_id: int, agency: str, knows: str, needed: str, actor: Actor
    ) -> View:
        knows, needed = field("What we know", knows), field("What we think is needed", needed)
        if not (knows or needed):
            raise FieldError("Write what your agency knows or what it thinks is needed")
        if agency not in vocab.codes(vocab.AGENCIES):
            raise FieldError("Choose the agency")
        with self._write() as s:
            row = ViewRow(
                referral_id=referral_id,
                session_id=session_id,
                agency=agency,
                agency_label=vocab.label(vocab.AGENCIES, agency),
                author_name=actor.name,
                author_role=actor.role,
                created_at=self.now(),
                knows=knows,
                needed=needed,
                **_actor(actor),
            )
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
    ) -> Decision:
        """Record the decision, or amend it (a new version with its own reason)."""
        if outcome not in vocab.codes(vocab.OUTCOMES):
            raise FieldError("Choose the outcome")
        reasons = field("Reasons", reasons, required=True)
        amend_reason = field("Reason for the change", amend_reason, required=expected_version > 0)
        with self._write() as s:
            current = s.exec(
                select(DecisionRow)
                .where(DecisionRow.referral_id == referral_id)
                .order_by(col(DecisionRow.version).desc())
            ).first()
            version = current.version if current else 0
            if version != expected_version:
                raise ConflictError(
                    "The decision was changed at another desk since you opened it. "
                    "Look at it again, then amend it if you still need to."
                )
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
                **_actor(actor),
            )
            s.add(row)
            kind = "decision amended" if current else "decision made"
            self._log(s, kind, actor, row.outcome_label, session_id, referral_id)
            s.flush()
            return convert.decision(row)

    def pass_on(
        self, referral_id: int, session_id: int, actor: Actor, at: datetime | None = None
    ) -> datetime:
        """Record when the referral was passed to the Assessment Team (once)."""
        passed = to_utc(at) if at else self.now()
        with self._write() as s:
            existing = s.exec(
                select(HandoffRow).where(HandoffRow.referral_id == referral_id)
            ).first()
            if existing is not None:
                return existing.passed_at
            s.add(
                HandoffRow(
                    referral_id=referral_id,
                    session_id=session_id,
                    passed_at=passed,
                    recorded_at=self.now(),
                    **_actor(actor),
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
    ) -> Action:
        what = field("What", what, required=True)
        if owner_agency not in vocab.codes(vocab.ACTION_OWNERS):
            raise FieldError("Choose who owns the action")
        with self._write() as s:
            row = ActionRow(
                referral_id=referral_id,
                session_id=session_id,
                what=what,
                owner_agency=owner_agency,
                owner_label=vocab.label(vocab.ACTION_OWNERS, owner_agency),
                owner_name=field("Owner's name", owner_name),
                due_at=to_utc(due_at) if due_at else None,
                need_code=need,
                need_label=vocab.label(vocab.NEEDS, need),
                created_at=self.now(),
                **_actor(actor),
            )
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
                    **_actor(actor),
                )
            )
            kind = "action done" if done else "action reopened"
            self._log(s, kind, actor, str(action_id), session_id, action.referral_id)

    # -- reads --------------------------------------------------------------------------

    def queue(self, session: SessionInfo) -> list[QueueRow]:
        """Today's queue: what the session handled, plus undecided referrals carried over."""
        with self._read() as s:
            ids = set(queries.handled_ids(s, session.id)) | set(
                queries.undecided_before(s, session.day)
            )
            return queries.queue_rows(s, sorted(ids), session.day)

    def referral(self, referral_id: int) -> ReferralDetail:
        found = self.referral_details([referral_id])
        if not found:
            raise FieldError("There is no such referral")
        return found[0]

    def referral_details(self, ids: Sequence[int]) -> list[ReferralDetail]:
        with self._read() as s:
            return queries.referral_details(s, list(ids))

    def handled_ids(self, session_id: int) -> list[int]:
        with self._read() as s:
            return queries.handled_ids(s, session_id)

    def open_actions(self) -> list[Action]:
        """Every action not yet done, from any session, soonest due first."""
        with self._read() as s:
            done_now = select(ActionStatusRow.action_id).where(
                col(ActionStatusRow.id).in_(
                    select(func.max(ActionStatusRow.id)).group_by(col(ActionStatusRow.action_id))
                ),
                col(ActionStatusRow.done).is_(True),
            )
            rows = s.exec(select(ActionRow).where(col(ActionRow.id).not_in(done_now))).all()
            actions = queries.action_records(s, rows)
        far = datetime.max.replace(tzinfo=self.now().tzinfo)
        return sorted(actions, key=lambda a: (a.due_at or far, a.id))

    def views_in_session(self, session_id: int) -> list[tuple[str, View]]:
        with self._read() as s:
            rows = s.exec(
                select(ViewRow, ReferralRow.ref)
                .join(ReferralRow, col(ReferralRow.id) == ViewRow.referral_id)
                .where(ViewRow.session_id == session_id)
                .order_by(col(ViewRow.id))
            ).all()
            return [(ref, convert.view(view)) for view, ref in rows]

    def day_summary(self, session: SessionInfo) -> DaySummary:
        rows = self.queue(session)
        with self._read() as s:
            carried = len(queries.undecided_before(s, session.day))
            decisions = s.exec(
                select(DecisionRow).where(DecisionRow.session_id == session.id)
            ).all()
            created = s.exec(
                select(func.count())
                .select_from(ActionRow)
                .where(ActionRow.session_id == session.id)
            ).one()
            # Done at the end of the session: an action ticked then reopened is not done.
            last_in_session = (
                select(func.max(ActionStatusRow.id))
                .where(ActionStatusRow.session_id == session.id)
                .group_by(col(ActionStatusRow.action_id))
            )
            done = s.exec(
                select(func.count())
                .select_from(ActionStatusRow)
                .where(
                    col(ActionStatusRow.id).in_(last_in_session),
                    col(ActionStatusRow.done).is_(True),
                )
            ).one()
        current = {d.referral_id: d for d in sorted(decisions, key=lambda d: d.version)}
        return DaySummary(
            day=session.day,
            # Every call the session took, even one received the evening before.
            calls=sum(1 for r in rows if r.carried_from is None),
            carried_over=carried,
            decisions_by_outcome=dict(Counter(d.outcome_label for d in current.values())),
            amended=sum(1 for d in decisions if d.version > 1),
            actions_created=created,
            actions_done=done,
            still_waiting=sum(1 for r in rows if r.open),
            passed_on=sum(1 for r in rows if r.passed_at is not None),
            immediate_not_passed_on=sum(1 for r in rows if r.immediate_not_passed_on),
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


class ActorFields(TypedDict):
    actor_name: str
    actor_agency: str
    actor_role: str


def _actor(actor: Actor) -> ActorFields:
    return {"actor_name": actor.name, "actor_agency": actor.agency, "actor_role": actor.role}


def _call_row(
    referral_id: int, version: int, details: CallDetails, now: datetime, actor: Actor
) -> CallVersionRow:
    return CallVersionRow(
        referral_id=referral_id,
        version=version,
        created_at=now,
        urgency=details.urgency,
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
        **_actor(actor),
    )
