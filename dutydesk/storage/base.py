"""The Store's foundation: its clock, its transactions and the event log every write appends to."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TypedDict

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from dutydesk.domain.clock import Clock, london_day, system_clock, to_utc
from dutydesk.domain.records import Actor, Decision
from dutydesk.storage import chain
from dutydesk.storage.engine import DatabaseError, explain
from dutydesk.storage.tables import EventRow


class ConflictError(RuntimeError):
    """Someone else changed the record since it was read (e.g. a decision at another desk)."""


class DecisionConflict(ConflictError):
    """The decision is not the one the form was opened on: `current` was saved meanwhile."""

    def __init__(self, current: Decision | None) -> None:
        super().__init__(
            "The decision was changed at another desk since you opened it. "
            "Look at it again, then amend it if you still need to."
        )
        self.current = current


class PassedOnConflict(ConflictError):
    """The referral had already been passed to the Assessment Team (the first one stays)."""

    def __init__(self, passed_at: datetime, recorded_by: str) -> None:
        super().__init__("It had already been passed to the Assessment Team at another desk.")
        self.passed_at = passed_at
        self.recorded_by = recorded_by


class StoreBase:
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
        """Append an event, chained to the one before (read under the write lock: the
        transaction began IMMEDIATE, so no other desk can add an event in between)."""
        # LIMIT 1: without it the ORM fetches every event before keeping the first.
        last = s.exec(
            select(EventRow.id, EventRow.hash).order_by(col(EventRow.id).desc()).limit(1)
        ).first()
        event_id, prev_hash = ((last[0] or 0) + 1, last[1]) if last else (1, chain.GENESIS)
        row = EventRow(
            id=event_id,
            at=self.now(),
            session_id=session_id,
            referral_id=referral_id,
            kind=kind,
            detail=detail,
            prev_hash=prev_hash,
            **actor_fields(actor),
        )
        row.hash = chain.link(
            prev_hash,
            chain.content(
                event_id,
                row.at,
                session_id,
                referral_id,
                kind,
                detail,
                actor.name,
                actor.agency,
                actor.role,
            ),
        )
        s.add(row)


class ActorFields(TypedDict):
    actor_name: str
    actor_agency: str
    actor_role: str


def actor_fields(actor: Actor) -> ActorFields:
    return {"actor_name": actor.name, "actor_agency": actor.agency, "actor_role": actor.role}
