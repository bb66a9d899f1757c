"""Writing a long history fast: the Store's writes, held in memory and inserted in bulk.

`seed_demo` writes years of fictional duty days. Through the Store each step is its own
transaction (a millisecond or more each, and a wait for the disk), so 100,000 referrals
would take hours. `BulkWrites` has the same write methods and builds the same rows with
the Store's own builders (`rows.py`), the same event texts and the same hash chain (ids
are given in order, as SQLite would give them), but keeps them in memory and inserts them
table by table with one `executemany` each, committing every `commit_every` rows.
`writes.StoreWrites` is the same interface (`writes.Writes`) over the Store itself;
`tests/test_bulk.py` checks both give identical files.

Only for a store no one else is writing to (seeding): the ids and the chain are worked
out here, under the write lock of each transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select

from dutydesk.domain import vocab
from dutydesk.domain.clock import london_day, to_utc
from dutydesk.domain.records import Actor, Attendee, CallDetails, Service, SessionInfo, Sharing
from dutydesk.domain.text import FieldError
from dutydesk.storage import chain, rows, server
from dutydesk.storage.referrals import ready
from dutydesk.storage.rows import event_row, table
from dutydesk.storage.store import Store
from dutydesk.storage.tables import (
    ActionRow,
    ActionStatusRow,
    AttendeeRow,
    CallVersionRow,
    ChildKeyRow,
    ContactRow,
    DecisionRow,
    DutySession,
    EventRow,
    FeedbackRow,
    FeedbackToldRow,
    HandoffRow,
    ReferralRow,
    SessionEndRow,
    ViewRow,
)

# Parents before children, so that every foreign key finds its row.
ORDER: tuple[Any, ...] = (
    DutySession,
    AttendeeRow,
    ReferralRow,
    CallVersionRow,
    ContactRow,
    ChildKeyRow,
    ViewRow,
    DecisionRow,
    HandoffRow,
    ActionRow,
    ActionStatusRow,
    SessionEndRow,
    FeedbackRow,
    FeedbackToldRow,
    EventRow,
)


class BulkWrites:
    """`Writes` held in memory and inserted in bulk by `commit` (and every `commit_every` rows)."""

    def __init__(self, store: Store, commit_every: int = 50_000) -> None:
        self.store = store
        self.commit_every = commit_every
        self.pending: dict[Table, list[dict[str, Any]]] = defaultdict(list)
        self.size = 0
        self.next_id: dict[Table, int] = {}
        self.last_hash = chain.GENESIS
        self.refs_on: dict[str, int] = {}  # referrals so far on each day's ref prefix
        self.decided: dict[int, tuple[int, int]] = {}  # referral: (version, decision id)
        self.passed: set[int] = set()
        self.action_referral: dict[int, int] = {}
        self._start()

    def _start(self) -> None:
        """Where the ids and the chain go on from (read again after each commit)."""
        with self.store.engine.connect() as conn:
            for model in ORDER:
                found = table(model)
                self.next_id[found] = (conn.scalar(select(func.max(found.c.id))) or 0) + 1
            last = conn.execute(
                select(table(EventRow).c.hash).order_by(table(EventRow).c.id.desc()).limit(1)
            ).first()
        self.last_hash = last[0] if last else chain.GENESIS

    def _add(self, model: Any, values: dict[str, Any]) -> int:
        into = table(model)
        row_id = self.next_id[into]
        self.next_id[into] = row_id + 1
        values["id"] = row_id
        self.pending[into].append(values)
        self.size += 1
        return row_id

    def _log(
        self,
        kind: str,
        actor: Actor,
        detail: str = "",
        session_id: int | None = None,
        referral_id: int | None = None,
    ) -> None:
        event_id = self.next_id[table(EventRow)]
        values = event_row(
            event_id, self.last_hash, self.store.now(), kind, actor, detail, session_id, referral_id
        )
        self._add(EventRow, values)
        self.last_hash = values["hash"]

    def commit(self) -> None:
        """Insert everything held, in one IMMEDIATE transaction; ids go on from there."""
        if not self.size:
            return
        conn: Connection
        with self.store.engine.connect().execution_options(immediate=True) as conn:
            for model in ORDER:
                rows = self.pending.get(table(model))
                if rows:
                    conn.execute(insert(table(model)), rows)
                    if conn.dialect.name == "postgresql":  # ids were given: move its sequence on
                        server.advance_sequence(conn, table(model))
            conn.commit()
        self.pending.clear()
        self.size = 0
        self._start()

    def _maybe_commit(self) -> None:
        if self.size >= self.commit_every:
            self.commit()

    # -- the writes, as the Store makes them -----------------------------------------------

    def start_session(
        self, day: date, attendees: Sequence[tuple[str, str, str]], actor: Actor
    ) -> SessionInfo:
        people = rows.people(attendees)
        now = self.store.now()
        session_id = self._add(DutySession, rows.session_row(day, now))
        self._log("session started", actor, day.isoformat(), session_id)
        present: set[tuple[str, str]] = set()
        found: list[Attendee] = []
        for agency, name, role in people:
            if not name or (agency, name.casefold()) in present:
                continue
            attendee_id = self._add(
                AttendeeRow,
                rows.attendee_row(session_id, agency, name, role, actor, self.store.now()),
            )
            self._log("attendee added", actor, vocab.label(vocab.AGENCIES, agency), session_id)
            present.add((agency, name.casefold()))
            found.append(Attendee(id=attendee_id, agency=agency, name=name, role=role))
        return SessionInfo(
            id=session_id, day=day, started_at=now, ended_at=None, attendees=tuple(found)
        )

    def add_call(
        self,
        session_id: int,
        details: CallDetails,
        actor: Actor,
        received_at: datetime,
        source: str = vocab.PHONE,
    ) -> int:
        self._maybe_commit()
        details = ready(details, london_day(self.store.now()))
        if source not in vocab.SOURCES:
            raise FieldError(f"Unknown source {source!r}")
        day = self._day_of(session_id)
        prefix = rows.ref_prefix(day)
        count = self.refs_on.get(prefix)
        if count is None:
            count = self._count_refs(prefix)
        self.refs_on[prefix] = count + 1
        ref = rows.new_ref(prefix, count)
        received = to_utc(received_at)
        referral_id = self._add(
            ReferralRow, rows.referral_row(ref, session_id, received, self.store.now())
        )
        now = self.store.now()
        for model, values in rows.version_rows(
            referral_id, 1, details, now, actor, source, received
        ):
            self._add(model, values)
        detail = rows.call_detail(ref, details, source)
        self._log(rows.call_kind(details), actor, detail, session_id, referral_id)
        return referral_id

    def _day_of(self, session_id: int) -> date:
        for values in reversed(self.pending[table(DutySession)]):
            if values["id"] == session_id:
                return date.fromisoformat(values["day"])
        with self.store.engine.connect() as conn:
            day = conn.scalar(
                select(table(DutySession).c.day).where(table(DutySession).c.id == session_id)
            )
        if day is None:
            raise FieldError("There is no such session")
        return date.fromisoformat(day)

    def _count_refs(self, prefix: str) -> int:
        with self.store.engine.connect() as conn:
            return int(conn.scalar(rows.refs_on(prefix)) or 0)

    def add_view(
        self,
        referral_id: int,
        session_id: int,
        agency: str,
        knows: str,
        needed: str,
        actor: Actor,
        sharing: Sharing | None = None,
    ) -> None:
        row = rows.view_row(
            referral_id, session_id, agency, knows, needed, actor, sharing, self.store.now()
        )
        self._add(ViewRow, row)
        self._log("view added", actor, row["agency_label"], session_id, referral_id)

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
    ) -> None:
        checked = rows.decision_fields(
            outcome,
            reasons,
            agreed_by,
            actor,
            amending=expected_version > 0,
            amend_reason=amend_reason,
            referrer_response=referrer_response,
            response_reason=response_reason,
        )
        version, current = self.decided.get(referral_id, (0, None))
        if version != expected_version:
            raise FieldError("The decision's version is not the one expected")
        row = rows.decision_row(
            checked, referral_id, session_id, version + 1, current, self.store.now()
        )
        decision_id = self._add(DecisionRow, row)
        self.decided[referral_id] = (version + 1, decision_id)
        self._log(rows.decision_kind(current), actor, row["outcome_label"], session_id, referral_id)

    def pass_on(self, referral_id: int, session_id: int, actor: Actor, at: datetime) -> None:
        if referral_id in self.passed:
            return
        self.passed.add(referral_id)
        self._add(
            HandoffRow,
            rows.handoff_row(referral_id, session_id, to_utc(at), actor, self.store.now()),
        )
        self._log("passed to Assessment Team", actor, "", session_id, referral_id)

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
    ) -> int:
        row = rows.action_row(
            referral_id,
            session_id,
            what,
            owner_agency,
            owner_name,
            due_at,
            need,
            actor,
            service,
            self.store.now(),
        )
        action_id = self._add(ActionRow, row)
        self.action_referral[action_id] = referral_id
        self._log("action added", actor, row["owner_label"], session_id, referral_id)
        return action_id

    def set_action_done(self, action_id: int, session_id: int, done: bool, actor: Actor) -> None:
        referral_id = self.action_referral.get(action_id)
        if referral_id is None:
            raise FieldError("There is no such action")
        self._add(
            ActionStatusRow, rows.status_row(action_id, session_id, done, actor, self.store.now())
        )
        self._log(rows.status_kind(done), actor, str(action_id), session_id, referral_id)

    def end_session(self, session_id: int, actor: Actor) -> None:
        self._add(SessionEndRow, rows.session_end_row(session_id, actor, self.store.now()))
        self._log("session ended", actor, session_id=session_id)

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
    ) -> None:
        row, told = rows.feedback_rows(
            referral_id,
            session_id,
            how,
            satisfaction,
            comment,
            actor,
            self.store.now(),
            told_at=told_at,
            told_by=told_by,
            text=text,
        )
        feedback_id = self._add(FeedbackRow, row)
        self._add(FeedbackToldRow, {"feedback_id": feedback_id, **told})
        self._log(
            "feedback given",
            actor,
            rows.feedback_detail(how, satisfaction),
            session_id,
            referral_id,
        )
