"""What seeding needs from a store (`Writes`), and that interface over the Store itself.

`bulk.BulkWrites` is the other implementation: the same rows, inserted many at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from dutydesk.domain import vocab
from dutydesk.domain.records import Actor, CallDetails, Service, SessionInfo, Sharing
from dutydesk.storage.store import Store


class Writes(Protocol):
    """What seeding needs from a store: its writes, answering with the new row's id."""

    def start_session(
        self, day: date, attendees: Sequence[tuple[str, str, str]], actor: Actor
    ) -> SessionInfo: ...

    def add_call(
        self,
        session_id: int,
        details: CallDetails,
        actor: Actor,
        received_at: datetime,
        source: str = vocab.PHONE,
    ) -> int: ...

    def add_view(
        self,
        referral_id: int,
        session_id: int,
        agency: str,
        knows: str,
        needed: str,
        actor: Actor,
        sharing: Sharing | None = None,
    ) -> None: ...

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
    ) -> None: ...

    def pass_on(self, referral_id: int, session_id: int, actor: Actor, at: datetime) -> None: ...

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
    ) -> int: ...

    def set_action_done(
        self, action_id: int, session_id: int, done: bool, actor: Actor
    ) -> None: ...

    def end_session(self, session_id: int, actor: Actor) -> None: ...

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
    ) -> None: ...

    def commit(self) -> None: ...


class StoreWrites:
    """`Writes` through the Store's own methods: a transaction per step."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def start_session(
        self, day: date, attendees: Sequence[tuple[str, str, str]], actor: Actor
    ) -> SessionInfo:
        return self.store.start_session(day, attendees, actor)

    def add_call(
        self,
        session_id: int,
        details: CallDetails,
        actor: Actor,
        received_at: datetime,
        source: str = vocab.PHONE,
    ) -> int:
        return self.store.add_call(session_id, details, actor, received_at, source).referral_id

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
        self.store.add_view(referral_id, session_id, agency, knows, needed, actor, sharing)

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
        self.store.decide(
            referral_id,
            session_id,
            outcome,
            reasons,
            agreed_by,
            actor,
            expected_version=expected_version,
            amend_reason=amend_reason,
            referrer_response=referrer_response,
            response_reason=response_reason,
        )

    def pass_on(self, referral_id: int, session_id: int, actor: Actor, at: datetime) -> None:
        self.store.pass_on(referral_id, session_id, actor, at=at)

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
        return self.store.add_action(
            referral_id, session_id, what, owner_agency, owner_name, due_at, need, actor, service
        ).id

    def set_action_done(self, action_id: int, session_id: int, done: bool, actor: Actor) -> None:
        self.store.set_action_done(action_id, session_id, done, actor)

    def end_session(self, session_id: int, actor: Actor) -> None:
        self.store.end_session(session_id, actor)

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
        self.store.add_feedback(
            referral_id,
            session_id,
            how,
            satisfaction,
            comment,
            actor,
            told_at=told_at,
            told_by=told_by,
            text=text,
        )

    def commit(self) -> None:
        """Nothing to do: every step was its own transaction."""
