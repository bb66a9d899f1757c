"""The Store's foundation: its clock, its transactions and the event log every write appends to."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from dutydesk.domain import vocab
from dutydesk.domain.clock import Clock, london_day, system_clock, to_utc
from dutydesk.domain.records import Actor, Decision
from dutydesk.storage import seal
from dutydesk.storage.engine import DatabaseError, explain
from dutydesk.storage.queue_cache import QueueCache
from dutydesk.storage.tables import SUBMISSION
from dutydesk.storage.tx import Tx as Tx


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
    def __init__(
        self, engine: Engine, clock: Clock = system_clock, lists: vocab.Lists | None = None
    ) -> None:
        self.engine = engine
        self.clock = clock
        # What its writes check codes against and save labels from (the app's, a command's).
        self.lists = lists or vocab.defaults()
        self.queue_cache = QueueCache()  # the queue's rows, kept between reads
        # The partnership's seal key, if one is set (`seal.load_key`); why not, if unusable.
        self.seal_key: bytes | None = None
        self.seal_key_error = ""
        try:
            self.seal_key = seal.load_key()
        except seal.SealKeyError as error:
            self.seal_key_error = str(error)

    @property
    def location(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def now(self) -> datetime:
        return to_utc(self.clock())

    def today(self) -> date:
        return london_day(self.now())

    def close(self) -> None:
        self.engine.dispose()

    async def seal_problem(self) -> str:
        """What is wrong with the record's seal ("" if nothing): `dutydesk check`, at open,
        in a child process (it reads the whole record: `integrity.seal_problem_apart`)."""
        from dutydesk.storage.at_open import seal_problem_apart

        return await seal_problem_apart(self.engine.url, self.seal_key_error)

    def seal_head(self) -> seal.Head | None:
        """The chain's head now: printed at the end of the day as its seal."""
        with self._read() as conn:
            return seal.head(conn)

    # -- transactions -------------------------------------------------------------------

    _batch: tuple[int, Tx] | None = None  # (thread, transaction) of an open `batch()`

    def _in_batch(self) -> Tx | None:
        """The open batch's transaction, if the calling thread opened one."""
        batch = self._batch
        return batch[1] if batch is not None and batch[0] == threading.get_ident() else None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection to read on (`reading.py`): one transaction, so all that is read in
        it is one snapshot. Inside a batch, the batch's, with all it wrote so far."""
        if (tx := self._in_batch()) is not None:
            yield tx.conn
            return
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as error:
            raise DatabaseError(explain(error, self.location)) from error

    @contextmanager
    def _write(self) -> Iterator[Tx]:
        """One write transaction: BEGIN IMMEDIATE on SQLite, the advisory lock on
        PostgreSQL (`server.py`), taken before anything is read; committed at the end.
        Inside `batch()`, the batch's transaction (committed when the batch ends)."""
        if (tx := self._in_batch()) is not None:
            yield tx
            tx.close_write()  # its event takes its rows, not the next write's
            return
        try:
            with (
                self.engine.connect().execution_options(immediate=True) as conn,
                Tx.of(conn, self.seal_key) as tx,
            ):
                yield tx
        except SQLAlchemyError as error:
            raise DatabaseError(explain(error, self.location)) from error

    @contextmanager
    def batch(self) -> Iterator[Tx]:
        """Many writes in one transaction: every write method of this Store called inside
        it, from this thread, adds its rows to it, many to a statement; its reads see them.
        Committed at the end; nothing of it is kept if it fails. For seeding, and imports."""
        if self._in_batch() is not None:
            raise RuntimeError("A batch is already open")
        with self._write() as tx:
            self._batch = (threading.get_ident(), tx)
            try:
                yield tx
            finally:
                self._batch = None

    def _log(
        self,
        tx: Tx,
        kind: str,
        actor: Actor,
        detail: str = "",
        session_id: int | None = None,
        referral_id: int | None = None,
    ) -> None:
        """Append an event to the log, chained to the one before (`Tx.log`)."""
        tx.log(self.now(), kind, actor, detail, session_id, referral_id)

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

    def _save_once(self, tx: Tx, token: str, into: Table, row: dict[str, Any]) -> int | None:
        """Insert a form's record (`row` gets its id), unless the save with this token made
        one already: then nothing is inserted and the first record's id is returned
        instead of None."""
        name = into.name
        if (saved := self._saved_before(tx, token, name)) is not None:
            return saved
        self._remember(tx, token, name, tx.insert(into, row))
        return None

    def _remember(self, tx: Tx, token: str, table_name: str, record_id: int) -> None:
        """Note, in the record's own transaction, that the save with this token made it."""
        if token:
            tx.insert(
                SUBMISSION,
                {
                    "token": token,
                    "table_name": table_name,
                    "record_id": record_id,
                    "saved_at": self.now(),
                },
            )
