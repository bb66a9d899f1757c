"""A write transaction (`Tx`): the one place ids are handed out, rows are sealed and the
event chain grows, for one save or a batch (`StoreBase._write`, `StoreBase.batch`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Executable,
    Insert,
    Select,
    Table,
    func,
    insert,
    select,
)

from dutydesk.domain.records import Actor
from dutydesk.storage import chain, seal, server
from dutydesk.storage.rows import actor_fields
from dutydesk.storage.tables import EVENT, metadata

T = TypeVar("T")


@cache
def insert_into(into: Table) -> Insert:
    """One insert statement per table, made once: its cache key is then made once too."""
    return insert(into)


@cache
def id_tables() -> tuple[Table, ...]:
    return tuple(t for t in metadata.sorted_tables if has_id(t))


@cache
def tips() -> Select[Any]:
    """In one statement (one round trip to a server): every table's highest id, and the
    hash of the newest event, which the next one is chained to."""
    tables = id_tables()
    newest = select(EVENT.c.hash).order_by(EVENT.c.id.desc()).limit(1)
    return select(
        *(select(func.max(t.c.id)).scalar_subquery().label(t.name) for t in tables),
        newest.scalar_subquery().label("hash"),
    )


@cache
def has_id(into: Table) -> bool:
    return "id" in into.c


@cache
def rank(into: Table) -> int:
    """The table's place among all of them, parents before children (foreign keys)."""
    return into.metadata.sorted_tables.index(into)


class Tx:
    """A write transaction: the one place ids are handed out and the event chain grows.

    Rows go in as plain dicts (`rows.py`), without the ORM's objects. `insert` gives each
    row its id at once (one more than the table's highest, read once under the write lock;
    no other desk can insert until the commit) and holds it; held rows go in table by
    table, many to a statement, when `conn` is asked for (so a read through it sees them:
    read only through it) and at the commit.

    Each row inserted is sealed (`seal.row_hash`); the next event logged carries the seals
    of the rows since the one before, and is held open (its hash not made yet) until the
    rows go in, another event is logged or the write ends (`close_write`), so that a row
    added just after it (the form's submission) is its too. Rows no event took get an
    event of their own then."""

    def __init__(self, conn: Connection, key: bytes | None = None) -> None:
        self._conn = conn
        self._key = key
        self._key_id = seal.key_id(key) if key is not None else ""
        self._seals: list[str] = []  # of the rows since the last event closed
        self._open: dict[str, Any] | None = None  # the last event, its hash not made yet
        self._last_at: datetime | None = None
        self._held: dict[Table, list[dict[str, Any]]] = {}
        self._next: dict[Table, int] = {}  # the next id of every table, once read
        self._given: set[Table] = set()  # the tables given ids
        self._last_hash: str | None = None  # the chain's end, once read
        self._known: dict[Hashable, Any] = {}

    @classmethod
    @contextmanager
    def of(cls, conn: Connection, key: bytes | None = None) -> Iterator[Tx]:
        """`conn` in a transaction (begun now, so that its lock is taken first), committed
        if the block ends normally; rolled back by the connection's close otherwise."""
        conn.begin()
        tx = cls(conn, key)
        yield tx
        tx.commit(again=False)

    def commit(self, *, again: bool = True) -> None:
        """Commit all written so far; `again`: and begin the next transaction (its lock
        taken anew, so the ids, the chain's end and all `known` are read afresh: another
        desk may write in between)."""
        self.close_write()
        self.flush()
        if self._conn.dialect.name == "postgresql":
            server.move_sequences(self._conn, {t: self._next[t] - 1 for t in self._given})
        self._conn.commit()
        self._next, self._given, self._known, self._last_hash = {}, set(), {}, None
        if again:
            self._conn.begin()

    @property
    def conn(self) -> Connection:
        """The connection, with every row held so far in it."""
        self.flush()
        return self._conn

    def insert(self, into: Table, row: dict[str, Any]) -> int:
        """Add one row (the dict is kept: not to be changed after); its id (the one in
        `row`, or the next one)."""
        row_id = 0
        if has_id(into):
            next_id = self._tips()[into]
            row_id = row["id"] = row.get("id") or next_id
            self._next[into] = max(next_id, row_id + 1)
            self._given.add(into)
        if seal.is_sealed(into):
            self._seals.append(seal.entry(into, row_id, seal.row_hash(into, row)))
        held = self._held.get(into)
        if held is None:
            held = self._held[into] = []
        held.append(row)
        return row_id

    def _tips(self) -> dict[Table, int]:
        """The next id of every table, and the chain's end: read once, under the write lock
        (no other desk can insert until this transaction ends), then kept here."""
        if not self._next:
            *highest, last_hash = self.conn.execute(tips()).one()
            self._next = {t: int(top or 0) + 1 for t, top in zip(id_tables(), highest, strict=True)}
            self._last_hash = last_hash or chain.GENESIS
        return self._next

    def log(
        self,
        at: datetime,
        kind: str,
        actor: Actor,
        detail: str,
        session_id: int | None,
        referral_id: int | None,
    ) -> None:
        """Append an event, chained to the one before (read once under the write lock: no
        other desk can add an event until this transaction ends); held open (above)."""
        self._close()
        self._last_at = at
        event_id = self._tips()[EVENT]
        self._next[EVENT] = event_id + 1
        self._given.add(EVENT)
        self._open = {
            "id": event_id,
            "at": at,
            "session_id": session_id,
            "referral_id": referral_id,
            "kind": kind,
            "detail": detail,
            **actor_fields(actor),
        }

    def close_write(self) -> None:
        """The end of one write: its last event takes the rows after it, and is final
        (rows no event took get one of their own)."""
        if self._seals and self._open is None:
            at = self._last_at or datetime.now(UTC)
            self.log(at, "rows saved", Actor("", "", ""), "", None, None)
        self._close()

    def removed(self, into: Table, ids: Iterable[int]) -> None:
        """Note rows removed (by the purge): the next event says so in its seals."""
        self._seals.extend(f"{into.name}:{i}:{seal.REMOVED}" for i in sorted(ids))

    def _close(self) -> None:
        """Give the open event the seals of the rows since, and its hash: it is final."""
        row, self._open = self._open, None
        if row is None:
            return
        assert self._last_hash is not None
        seals, self._seals = " ".join(self._seals), []
        text = chain.content(
            row["id"],
            row["at"],
            row["session_id"],
            row["referral_id"],
            row["kind"],
            row["detail"],
            row["actor_name"],
            row["actor_agency"],
            row["actor_role"],
            seals,
            self._key_id,
        )
        row.update(
            prev_hash=self._last_hash,
            hash=chain.link(self._last_hash, text, self._key),
            seals=seals,
            key_id=self._key_id,
        )
        self._last_hash = row["hash"]
        self._held.setdefault(EVENT, []).append(row)

    def flush(self) -> None:
        """Insert the rows held, parents' tables first, each table's in one statement."""
        self._close()
        held, self._held = self._held, {}
        for into in sorted(held, key=rank):
            self._conn.execute(insert_into(into), held[into])

    def scalar(self, query: Executable) -> Any:
        return self.conn.scalar(query)

    def known(self, key: Hashable, read: Callable[[], T]) -> T:
        """What this transaction knows of `key` (a referral's current decision, a day's
        count of refs): read once, then as `note`d by its own writes. Under the write lock
        nothing else changes it, so a batch of many writes reads each thing once."""
        if key not in self._known:
            self._known[key] = read()
        found: T = self._known[key]
        return found

    def note(self, key: Hashable, value: Any) -> None:
        self._known[key] = value
