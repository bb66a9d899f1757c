"""The Store's foundation: its clock, its transactions and the event log every write appends to."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Engine, Executable, Insert, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from dutydesk.domain.clock import Clock, london_day, system_clock, to_utc
from dutydesk.domain.records import Actor, Decision
from dutydesk.storage import chain
from dutydesk.storage.engine import DatabaseError, explain
from dutydesk.storage.queue_cache import QueueCache
from dutydesk.storage.rows import event_row, table
from dutydesk.storage.tables import EventRow, SubmissionRow


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
        self.queue_cache = QueueCache()  # the queue's rows, kept between reads

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
    def _read(self) -> Iterator[Connection]:
        """A connection to read on (`reading.py`): one transaction, so all that is read in
        it is one snapshot."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as error:
            raise DatabaseError(explain(error, self.location)) from error

    @contextmanager
    def _write(self) -> Iterator[Tx]:
        """One write transaction: BEGIN IMMEDIATE on SQLite, the advisory lock on
        PostgreSQL (`server.py`), taken before anything is read; committed at the end."""
        try:
            with (
                self.engine.connect().execution_options(immediate=True) as conn,
                Tx.of(conn) as tx,
            ):
                yield tx
        except SQLAlchemyError as error:
            raise DatabaseError(explain(error, self.location)) from error

    def _log(
        self,
        tx: Tx,
        kind: str,
        actor: Actor,
        detail: str = "",
        session_id: int | None = None,
        referral_id: int | None = None,
    ) -> None:
        """Append an event, chained to the one before (read under the write lock: the
        transaction began IMMEDIATE, so no other desk can add an event in between)."""
        last = tx.conn.execute(LAST_EVENT).first()
        event_id, prev_hash = (int(last[0]) + 1, str(last[1])) if last else (1, chain.GENESIS)
        tx.insert(
            EventRow,
            event_row(
                event_id, prev_hash, self.now(), kind, actor, detail, session_id, referral_id
            ),
        )

    # -- each form's save once (the `submission` table) -----------------------------------

    def _saved_before(self, tx: Tx, token: str, table_name: str) -> int | None:
        """The id of the record a save with this token made, if one did (read under the
        write lock: a second save of the token, at any desk, waits for the first)."""
        if not token:
            return None
        found = tx.conn.execute(
            select(SUBMISSION.c.table_name, SUBMISSION.c.record_id).where(
                SUBMISSION.c.token == token
            )
        ).first()
        if found is None:
            return None
        if found.table_name != table_name:  # a form gives its token to one kind of record
            raise ConflictError(f"This form was already saved (as a {found.table_name} record).")
        return int(found.record_id)

    def _remember(self, tx: Tx, token: str, table_name: str, record_id: int) -> None:
        """Note, in the record's own transaction, that the save with this token made it."""
        if token:
            tx.insert(
                SubmissionRow,
                {
                    "token": token,
                    "table_name": table_name,
                    "record_id": record_id,
                    "saved_at": self.now(),
                },
            )


SUBMISSION = table(SubmissionRow)

# The newest event's id and hash: one step back on the primary key.
LAST_EVENT = (
    select(table(EventRow).c.id, table(EventRow).c.hash)
    .order_by(table(EventRow).c.id.desc())
    .limit(1)
)


@cache
def insert_into(model: Any) -> Insert:
    """One insert statement per table, made once: its cache key is then made once too."""
    return insert(table(model))


class Tx:
    """A write transaction's connection. Rows go in as Core inserts of plain dicts
    (`rows.py`), without the ORM's objects, flush and identity map; `orm` is a Session on
    the same connection for the few writes that read or change table objects."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._orm: Session | None = None

    @classmethod
    @contextmanager
    def of(cls, conn: Connection) -> Iterator[Tx]:
        """`conn` in a transaction (begun now, so that its lock is taken first), committed
        if the block ends normally; rolled back by the connection's close otherwise."""
        conn.begin()
        tx = cls(conn)
        try:
            yield tx
            if tx._orm is not None:
                tx._orm.flush()
            conn.commit()
        finally:
            if tx._orm is not None:
                tx._orm.close()

    @property
    def orm(self) -> Session:
        if self._orm is None:
            self._orm = Session(bind=self.conn, expire_on_commit=False)
        return self._orm

    def insert(self, model: Any, values: Mapping[str, Any]) -> int:
        """Insert one row; its id (given in `values`, or the new one)."""
        if self._orm is not None:
            self._orm.flush()  # objects added before it go in first
        result = self.conn.execute(insert_into(model), values)
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def scalar(self, query: Executable) -> Any:
        return self.conn.scalar(query)
