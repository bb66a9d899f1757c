"""The Store: every read and write the console, the CLI and the exports make.

Sessions and reads live here; writes about a referral are in `referrals.py`, transactions
and the event log in `base.py`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date

from sqlalchemy import Connection, select

from dutydesk.domain import vocab
from dutydesk.domain.calls import cleaned
from dutydesk.domain.clock import Clock, system_clock
from dutydesk.domain.day import DaySummary, QueueRow, summarise
from dutydesk.domain.records import Actor, ReferralDetail, SessionInfo, View
from dutydesk.domain.text import FieldError, field
from dutydesk.storage import convert, details, queue
from dutydesk.storage.action_reads import ActionReads
from dutydesk.storage.actions import ActionWrites
from dutydesk.storage.audit import AuditTrail
from dutydesk.storage.base import ConflictError, DecisionConflict, PassedOnConflict
from dutydesk.storage.changes import ChangeWatch
from dutydesk.storage.contacts import ContactStore
from dutydesk.storage.directory import ServiceDirectory
from dutydesk.storage.drafts import DraftStore
from dutydesk.storage.engine import make_engine
from dutydesk.storage.history import HistoryReads
from dutydesk.storage.measures import MeasuresStore
from dutydesk.storage.period import session_figures
from dutydesk.storage.purge import Retention
from dutydesk.storage.reading import REFERRAL, SESSION, VIEW, last_event, mappings
from dutydesk.storage.referrals import ReferralWrites
from dutydesk.storage.reviews import ReviewStore
from dutydesk.storage.rows import actor_fields
from dutydesk.storage.tables import ATTENDEE, SESSION_END
from dutydesk.storage.trials import TrialStore

__all__ = [
    "ConflictError",
    "DecisionConflict",
    "PassedOnConflict",
    "Store",
    "cleaned",
    "open_store",
]


def open_store(
    target: str | os.PathLike[str],
    clock: Clock = system_clock,
    lists: vocab.Lists | None = None,
) -> Store:
    return Store(make_engine(target), clock, lists)


class Store(
    ChangeWatch,
    ContactStore,
    ReferralWrites,
    ActionWrites,
    MeasuresStore,
    DraftStore,
    AuditTrail,
    Retention,
    ServiceDirectory,
    HistoryReads,
    ActionReads,
    TrialStore,
    ReviewStore,
):
    # (session id, day, newest event outside it) and the referrals carried over then.
    _carried_cache: tuple[tuple[int, date, int], tuple[int, ...]] | None = None
    # (newest event, referrals with no decision or hand-off then)
    _never_cache: tuple[int, frozenset[int]] | None = None

    # -- sessions -----------------------------------------------------------------------

    def session_for(self, day: date) -> SessionInfo | None:
        with self._read() as c:
            return queue.session_on(c, day)

    def session_days(self) -> list[date]:
        with self._read() as c:
            days = c.scalars(select(SESSION.c.day).order_by(SESSION.c.day)).all()
        return [date.fromisoformat(d) for d in days]

    def start_session(
        self, day: date, attendees: Sequence[tuple[str, str, str]], actor: Actor
    ) -> SessionInfo:
        """Today's session with these people in the room (agency, name, role); at least one
        is needed."""
        people = [(a, field("Name", name), field("Role", role)) for a, name, role in attendees]
        if not any(name for _agency, name, _role in people):
            raise FieldError("At least one person in the room is needed")
        with self._write() as tx:
            session_id = tx.scalar(select(SESSION.c.id).where(SESSION.c.day == day.isoformat()))
            if session_id is None:
                started = {"day": day.isoformat(), "started_at": self.now()}
                session_id = tx.insert(SESSION, started)
                self._log(tx, "session started", actor, day.isoformat(), session_id)
            tx.note(("day", session_id), day.isoformat())
            # Resuming the day with the same people must not list them twice.
            present = {
                (agency, name.casefold())
                for agency, name in tx.conn.execute(
                    select(ATTENDEE.c.agency, ATTENDEE.c.name).where(
                        ATTENDEE.c.session_id == session_id
                    )
                )
            }
            for agency, name, role in people:
                if not name or (agency, name.casefold()) in present:
                    continue
                if agency not in vocab.codes(self.lists.agencies):
                    raise FieldError(f"Unknown agency {agency!r}")
                row = {"session_id": session_id, "agency": agency, "name": name, "role": role}
                tx.insert(ATTENDEE, {**row, "added_at": self.now(), **actor_fields(actor)})
                label = vocab.label(self.lists.agencies, agency)
                self._log(tx, "attendee added", actor, label, session_id)
                present.add((agency, name.casefold()))
            return queue.session_info(tx.conn, session_id)

    def end_session(self, session_id: int, actor: Actor) -> SessionInfo:
        with self._write() as tx:
            ended = {"session_id": session_id, "ended_at": self.now(), **actor_fields(actor)}
            tx.insert(SESSION_END, ended)
            self._log(tx, "session ended", actor, session_id=session_id)
            return queue.session_info(tx.conn, session_id)

    # -- reads --------------------------------------------------------------------------

    def queue(self, session: SessionInfo) -> list[QueueRow]:
        """Today's queue: what the session handled, plus undecided referrals carried over."""
        with self._read() as c:
            ids = set(queue.handled_ids(c, session.id)) | set(self._carried(c, session))
            return self.queue_cache.rows(c, sorted(ids), session.day, self.lists)

    def handled_rows(self, session: SessionInfo) -> list[QueueRow]:
        """The queue's rows for what the session handled, without the carry-over read."""
        with self._read() as c:
            return self.queue_cache.rows(
                c, queue.handled_ids(c, session.id), session.day, self.lists
            )

    def _carried(self, c: Connection, session: SessionInfo) -> list[int]:
        """`queue.undecided_any_kind` before the session's day, read again only when
        something outside the session has been written since (its event log says so: every
        write logs an event, at any desk). Saving in today's session, and the queue's
        reloads, reuse it."""
        mark = queue.last_event_outside(c, session.id)
        cached = self._carried_cache
        if cached is None or cached[0] != (session.id, session.day, mark):
            found = queue.undecided_any_kind(c, session.day, self._never_closed(c))
            cached = self._carried_cache = ((session.id, session.day, mark), tuple(found))
        # Advice or not is the newest call version's, wherever it was saved: read each time.
        return queue.not_advice(c, cached[1])

    def _never_closed(self, c: Connection) -> set[int]:
        """`queue.never_closed`, read again only after a write (any desk's, any day's)."""
        mark = last_event(c)
        if self._never_cache is None or self._never_cache[0] != mark:
            self._never_cache = (mark, frozenset(queue.never_closed(c)))
        return set(self._never_cache[1])

    def referral(self, referral_id: int) -> ReferralDetail:
        found = self.referral_details([referral_id])
        if not found:
            raise FieldError("There is no such referral")
        return found[0]

    def referral_details(
        self, ids: Sequence[int], *, with_repeats: bool = True
    ) -> list[ReferralDetail]:
        """`with_repeats=False` skips looking for earlier contacts about the same child."""
        with self._read() as c:
            return list(
                details.read(c, ids, self.lists, with_repeats=with_repeats).details.values()
            )

    def handled_ids(self, session_id: int) -> list[int]:
        with self._read() as c:
            return queue.handled_ids(c, session_id)

    def views_in_session(self, session_id: int) -> list[tuple[str, View]]:
        query = (
            select(VIEW, REFERRAL.c.ref)
            .join(REFERRAL, REFERRAL.c.id == VIEW.c.referral_id)
            .where(VIEW.c.session_id == session_id)
            .order_by(VIEW.c.id)
        )
        with self._read() as c:
            return [(row["ref"], convert.view(row)) for row in mappings(c, query)]

    def day_summary(self, session: SessionInfo) -> DaySummary:
        rows = self.queue(session)
        with self._read() as c:
            carried = len(self._carried(c, session))
            figures = session_figures(c, [session.id])[session.id]
        return summarise(session.day, rows, carried, *figures, lists=self.lists)
