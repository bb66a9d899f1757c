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

from sqlalchemy import Select, func, select

from dutydesk.domain import vocab
from dutydesk.domain.calls import ready
from dutydesk.domain.clock import london_day, to_utc
from dutydesk.domain.day import QueueRow
from dutydesk.domain.records import Actor, CallDetails, Decision, Sharing, View
from dutydesk.domain.text import FieldError, field
from dutydesk.storage import convert, rows
from dutydesk.storage.base import (
    ConflictError,
    DecisionConflict,
    PassedOnConflict,
    StoreBase,
    Tx,
)
from dutydesk.storage.reading import (
    CALL,
    CONTACT,
    DECISION,
    HANDOFF,
    REFERRAL,
    SESSION,
    VIEW,
    by_id,
)


class ReferralWrites(StoreBase):
    # -- calls --------------------------------------------------------------------------

    def add_call(
        self,
        session_id: int,
        details: CallDetails,
        actor: Actor,
        received_at: datetime | None = None,
        source: str = vocab.PHONE,
        *,
        token: str = "",
    ) -> QueueRow:
        """A new referral, as the queue shows it. `token`: the form's (see
        `StoreBase._saved_before`); a second save with it answers with the referral the
        first made."""
        referral_id, day = self._add_call(session_id, details, actor, received_at, source, token)
        # Read after the commit: the other desks need not wait for it.
        with self._read() as s:
            return self.queue_cache.rows(s, [referral_id], day, self.lists)[0]

    def record_call(
        self, session_id: int, details: CallDetails, actor: Actor, received_at: datetime, **how: str
    ) -> int:
        """`add_call` answering with the new referral's id only (seeding: no queue row read);
        `how`: its `source` or `token`."""
        return self._add_call(session_id, details, actor, received_at, **how)[0]

    def _add_call(
        self,
        session_id: int,
        details: CallDetails,
        actor: Actor,
        received_at: datetime | None,
        source: str = vocab.PHONE,
        token: str = "",
    ) -> tuple[int, date]:
        details = ready(details, london_day(self.now()), self.lists)
        received = to_utc(received_at) if received_at else self.now()
        with self._write() as tx:
            day = session_day(tx, session_id)
            saved = self._saved_before(tx, token, "referral")
            if saved is None:
                referral_id, _ref = self._insert_call(
                    tx, session_id, day, details, actor, received, source
                )
                self._remember(tx, token, "referral", referral_id)
            else:
                referral_id = saved
        return referral_id, day

    def _insert_call(
        self,
        tx: Tx,
        session_id: int,
        day: date,
        details: CallDetails,
        actor: Actor,
        received: datetime,
        source: str,
    ) -> tuple[int, str]:
        """A new referral and its first call version, in the caller's transaction: its id
        and ref."""
        if source not in vocab.SOURCES:
            raise FieldError(f"Unknown source {source!r}")
        prefix = day.strftime("%y%m%d")
        before = tx.known(("refs", prefix), lambda: int(tx.scalar(refs_on(prefix)) or 0))
        ref = f"{prefix}-{before + 1:02d}"  # the day's next referral
        referral = {
            "ref": ref,
            "session_id": session_id,
            "received_at": received,
            "created_at": self.now(),
        }
        referral_id = tx.insert(REFERRAL, referral)
        tx.note(("refs", prefix), before + 1)
        tx.note(("ref", referral_id), ref)
        tx.note(("decision", referral_id), (None, 0))  # new: not decided, not passed on
        tx.note(("handoff", referral_id), None)
        for model, values in rows.version_rows(
            referral_id, 1, details, self.now(), actor, source, received, self.lists
        ):
            tx.insert(model, values)
        # The event: the ref, the urgency and (if not phoned) how the call came.
        detail = f"{ref} {details.urgency}" + (f" ({source})" if source != vocab.PHONE else "")
        kind = "advice call added" if details.is_advice else "call added"
        self._log(tx, kind, actor, detail, session_id, referral_id)
        return referral_id, ref

    def amend_call(
        self,
        referral_id: int,
        session_id: int,
        details: CallDetails,
        actor: Actor,
        expected_version: int,
        *,
        token: str = "",
    ) -> int:
        """A new version of the call; the earlier one stays in the record.

        An advice call made a referral is such a version: the advice given is kept in it.
        A second save with the same `token` answers with the version the first made.
        """
        details = ready(details, london_day(self.now()), self.lists)
        versions = CALL
        with self._write() as tx:
            saved = self._saved_before(tx, token, "call_version")
            if saved is not None:
                return int(tx.scalar(select(versions.c.version).where(versions.c.id == saved)))
            current = (
                tx.conn.execute(
                    select(CALL)
                    .where(CALL.c.referral_id == referral_id)
                    .order_by(CALL.c.version.desc())
                    .limit(1)
                )
                .mappings()
                .first()
            )
            assert current is not None
            if current["version"] != expected_version:
                raise ConflictError(
                    "The call was changed at another desk. Reopen it to see the change."
                )
            contact = (
                tx.conn.execute(
                    select(CONTACT).where(
                        CONTACT.c.referral_id == referral_id,
                        CONTACT.c.version == current["version"],
                    )
                )
                .mappings()
                .first()
            )
            before = convert.call_details(current, contact)
            if before.is_advice and not details.is_advice and not details.advice:
                details = replace(details, advice=before.advice)  # the advice is kept
            changed = [
                f.name
                for f in fields(CallDetails)
                if f.compare and getattr(before, f.name) != getattr(details, f.name)
            ]
            if not changed:
                return int(current["version"])
            received = tx.scalar(select(REFERRAL.c.received_at).where(REFERRAL.c.id == referral_id))
            source = contact["source"] if contact else vocab.PHONE
            version = int(current["version"]) + 1
            for model, values in rows.version_rows(
                referral_id, version, details, self.now(), actor, source, received, self.lists
            ):
                row_id = tx.insert(model, values)
                if model is CALL:
                    self._remember(tx, token, "call_version", row_id)
            if before.is_advice and not details.is_advice:
                self._log(tx, "advice call made a referral", actor, "", session_id, referral_id)
            self._log(tx, "call amended", actor, ", ".join(changed), session_id, referral_id)
            return version

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
        *,
        token: str = "",
    ) -> View:
        knows, needed = field("What we know", knows), field("What we think is needed", needed)
        if not (knows or needed):
            raise FieldError("Write what your agency knows or what it thinks is needed")
        if agency not in vocab.codes(self.lists.agencies):
            raise FieldError("Choose the agency")
        shared = (sharing or Sharing()).checked()
        row = {
            "referral_id": referral_id,
            "session_id": session_id,
            "agency": agency,
            "agency_label": vocab.label(self.lists.agencies, agency),
            "author_name": actor.name,
            "author_role": actor.role,
            "created_at": self.now(),
            "knows": knows,
            "needed": needed,
            "consent": shared.consent,
            "without_consent_reason": shared.without_consent_reason,
            "shared_what": shared.what,
            "shared_with": shared.with_whom,
            **rows.actor_fields(actor),
        }
        with self._write() as tx:
            if (saved := self._save_once(tx, token, VIEW, row)) is not None:
                first = by_id(tx.conn, VIEW, saved)
                assert first is not None
                return convert.view(first)
            self._log(tx, "view added", actor, row["agency_label"], session_id, referral_id)
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
        token: str = "",
    ) -> Decision:
        """Record the decision, or amend it (a new version with its own reason).

        `referrer_response`: "agreed" with the referrer's view, or "different" (then
        `response_reason` is required); "" only for callers that do not ask. A second
        save with the same `token` answers with the decision the first made.
        """
        if outcome not in vocab.codes(self.lists.outcomes):
            raise FieldError("Choose the outcome")
        if referrer_response not in ("", "agreed", "different"):
            raise FieldError("Say whether the decision agrees with the referrer's view")
        response_reason = field(
            "Why it differs from the referrer's view",
            response_reason,
            required=referrer_response == "different",
        )
        checked = {
            "outcome": outcome,
            "outcome_label": vocab.label(self.lists.outcomes, outcome),
            "reasons": field("Reasons", reasons, required=True),
            "agreed_by_json": json.dumps(list(agreed_by)),
            "amend_reason": field(
                "Reason for the change", amend_reason, required=expected_version > 0
            ),
            "referrer_response": referrer_response,
            "response_reason": response_reason if referrer_response == "different" else "",
            **rows.actor_fields(actor),
        }
        decisions = DECISION
        with self._write() as tx:
            mine = self._saved_before(tx, token, "decision")
            if mine is not None:  # before the version check: the first save moved it on
                first = by_id(tx.conn, DECISION, mine)
                assert first is not None
                return convert.decision(first, self.lists)
            # (id, version) of the newest decision, read under the write lock: no other
            # desk can decide between here and the commit.
            supersedes, version = tx.known(
                ("decision", referral_id),
                lambda: tuple(
                    tx.conn.execute(
                        select(decisions.c.id, decisions.c.version)
                        .where(decisions.c.referral_id == referral_id)
                        .order_by(decisions.c.version.desc())
                        .limit(1)
                    ).first()
                    or (None, 0)
                ),
            )
            if version != expected_version:
                saved = by_id(tx.conn, DECISION, supersedes) if supersedes else None
                raise DecisionConflict(convert.decision(saved, self.lists) if saved else None)
            row = {
                "referral_id": referral_id,
                "session_id": session_id,
                "version": version + 1,
                "supersedes_id": supersedes,
                "created_at": self.now(),
                **checked,
            }
            decision_id = tx.insert(DECISION, row)
            tx.note(("decision", referral_id), (decision_id, version + 1))
            self._remember(tx, token, "decision", decision_id)
            kind = "decision amended" if supersedes is not None else "decision made"
            self._log(tx, kind, actor, row["outcome_label"], session_id, referral_id)
        return convert.decision({**row, "id": decision_id}, self.lists)

    def pass_on(
        self,
        referral_id: int,
        session_id: int,
        actor: Actor,
        at: datetime | None = None,
        *,
        first: bool = False,
        token: str = "",
    ) -> datetime:
        """Record when the referral was passed to the Assessment Team (once).

        If it already was, the first record stays and its time is returned; with
        `first=True` (a person who has not seen that record yet) PassedOnConflict says so,
        unless it was this form's own save (the same `token`) that recorded it.
        """
        passed = to_utc(at) if at else self.now()
        handoffs = HANDOFF
        with self._write() as tx:
            saved = self._saved_before(tx, token, "handoff")
            if saved is not None:
                mine: datetime = tx.scalar(
                    select(handoffs.c.passed_at).where(handoffs.c.id == saved)
                )
                return mine
            existing = tx.known(
                ("handoff", referral_id),
                lambda: tx.conn.execute(
                    select(handoffs.c.passed_at, handoffs.c.actor_name, handoffs.c.actor_agency)
                    .where(handoffs.c.referral_id == referral_id)
                    .order_by(handoffs.c.id)
                    .limit(1)
                ).first(),
            )
            if existing is not None:
                passed_at, name, agency = existing
                if first:
                    raise PassedOnConflict(
                        passed_at, name or vocab.label(self.lists.agencies, agency)
                    )
                return passed_at  # type: ignore[no-any-return]
            handoff = {
                "referral_id": referral_id,
                "session_id": session_id,
                "passed_at": passed,
                "recorded_at": self.now(),
                **rows.actor_fields(actor),
            }
            handoff_id = tx.insert(HANDOFF, handoff)
            tx.note(("handoff", referral_id), (passed, actor.name, actor.agency))
            self._remember(tx, token, "handoff", handoff_id)
            self._log(tx, "passed to Assessment Team", actor, "", session_id, referral_id)
        return passed


def refs_on(prefix: str) -> Select[Any]:
    """How many referrals have a ref with this prefix (the day's): a range on the ref's
    index ('-' < '.'), not LIKE, which would read every row."""
    ref = REFERRAL.c.ref
    return select(func.count()).where(ref > f"{prefix}-", ref < f"{prefix}.")


def session_day(tx: Tx, session_id: int) -> date:
    sessions = SESSION
    day = tx.known(
        ("day", session_id),
        lambda: tx.scalar(select(sessions.c.day).where(sessions.c.id == session_id)),
    )
    if day is None:
        raise FieldError("There is no such session")
    return date.fromisoformat(day)
