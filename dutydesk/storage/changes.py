"""Cheap change detection: has anything been saved, at any desk, since the last look?

The token is the event log's last id. Every write appends an event in the same
transaction as the change (`base.py`), so the id moves with every saved change from any
desk or process, and on any engine `SELECT max(id) FROM event` is one index lookup.

On SQLite a connection kept for watching only asks `PRAGMA data_version` first: it
changes when any *other* connection commits, and this one never writes, so it changes
for this process's own saves too. While it stays the same the last token is returned
without running a query. Drafts (saved once a second while someone types) move
data_version but not the event log, so they cost one extra lookup and no refresh.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.exc import SQLAlchemyError

from dutydesk.domain.clock import Clock, system_clock
from dutydesk.domain.vocab import Lists
from dutydesk.storage import reading
from dutydesk.storage.base import StoreBase
from dutydesk.storage.engine import DatabaseError, explain
from dutydesk.storage.reading import last_event

# The read layer's statement, as SQLite's text: the watching connection is a raw one.
LAST_EVENT = str(reading.LAST_EVENT.compile(dialect=sqlite_dialect.dialect()))


class ChangeWatch(StoreBase):
    def __init__(
        self, engine: Engine, clock: Clock = system_clock, lists: Lists | None = None
    ) -> None:
        super().__init__(engine, clock, lists)
        self._watch_lock = threading.Lock()
        self._watch: Any = None  # the pooled connection kept for watching (SQLite only)
        self._watch_seen: tuple[int, int] | None = None  # (data_version, token)

    def change_token(self) -> int:
        """A number that changes whenever anything is saved (0 for an empty log).

        Compare it with the one seen before; equal means nothing to read again.
        """
        url = self.engine.url
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            # Elsewhere (and in memory, where the watching connection would be the writing
            # one, whose own commits data_version does not count) the event id alone.
            return self.last_event_id()
        with self._watch_lock:
            try:
                return self._sqlite_token()
            except (sqlite3.Error, SQLAlchemyError) as error:
                self._drop_watch()  # a fresh connection next time
                raise DatabaseError(explain(error, self.location)) from error

    def last_event_id(self) -> int:
        """The portable part of the token: one index lookup on any engine."""
        with self._read() as c:
            return last_event(c)

    def _sqlite_token(self) -> int:
        if self._watch is None:
            self._watch = self.engine.raw_connection()
        # data_version before the event id: a commit in between is seen next time.
        version = int(_one(self._watch, "PRAGMA data_version"))
        if self._watch_seen is not None and self._watch_seen[0] == version:
            return self._watch_seen[1]
        token = int(_one(self._watch, LAST_EVENT) or 0)
        self._watch_seen = (version, token)
        return token

    def _drop_watch(self) -> None:
        watch, self._watch, self._watch_seen = self._watch, None, None
        if watch is not None:
            with contextlib.suppress(sqlite3.Error, SQLAlchemyError):
                watch.invalidate()

    def close(self) -> None:
        with self._watch_lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None
        super().close()


def _one(connection: Any, sql: str) -> Any:
    # The connection is in autocommit (engine.py): reading every row and closing the
    # cursor ends the statement, so no read transaction is left open to hold back the WAL.
    cursor = connection.cursor()
    try:
        rows = cursor.execute(sql).fetchall()
    finally:
        cursor.close()
    return rows[0][0]
