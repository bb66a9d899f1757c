"""The one read layer's base: SQLAlchemy Core `select()` over the tables of `tables.py`.

Every read of the record (screens, exports, measures, search, purge, copy) is a Core
statement over the `Table` objects of `tables.py`, run on a `Connection` (the Store's read or write
transaction, or a read-only connection to a file), and its rows come back as mappings
that `convert.py` turns into the domain's records by column name. No session and no
identity map: a year's export reads a few statements per table, as the sqlite3 tool would,
and the statements are the same on SQLite and PostgreSQL. Moments come back aware, in UTC
(`tables.UTCDateTime`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    RowMapping,
    Select,
    String,
    Table,
    bindparam,
    func,
    select,
    type_coerce,
)

from dutydesk.storage import tables as t
from dutydesk.storage.chain import CONTENT_COLUMNS

# The tables (`tables.py`), here too: a read names them from where it takes its tools.
SESSION, ATTENDEE, SESSION_END, REFERRAL = t.SESSION, t.ATTENDEE, t.SESSION_END, t.REFERRAL
CALL, CONTACT, CHILD_KEY, LINK, VIEW = t.CALL, t.CONTACT, t.CHILD_KEY, t.LINK, t.VIEW
DECISION, HANDOFF, ACTION, STATUS = t.DECISION, t.HANDOFF, t.ACTION, t.STATUS
FEEDBACK, TOLD, EXPERIENCE, EVENT = t.FEEDBACK, t.TOLD, t.EXPERIENCE, t.EVENT
SERVICE_IMPORT, SERVICE, DRAFT, SUBMISSION = t.SERVICE_IMPORT, t.SERVICE, t.DRAFT, t.SUBMISSION

CHUNK = 500  # ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits

# The tables whose rows name the session they were written in: what a session handled.
WORKED_ON = (VIEW, DECISION, HANDOFF, ACTION)


def chunks(ids: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


_PREPARED: dict[tuple[int, int], tuple[Any, Any, Select[Any]]] = {}


def _prepared(query: Select[Any], column: Any) -> Select[Any]:
    """`query` for the rows whose `column` is in the list `ids`, made once per query: a
    statement object made once has its cache key made once too (most of Core's cost)."""
    key = (id(query), id(column))
    found = _PREPARED.get(key)
    if found is None:
        statement = query.where(column.in_(bindparam("ids", expanding=True)))
        found = _PREPARED[key] = (query, column, statement)  # the objects kept: ids stay theirs
    return found[2]


def rows_in(
    conn: Connection,
    query: Select[Any],
    column: Any,
    ids: Iterable[Any],
    params: Mapping[str, Any] | None = None,
) -> list[RowMapping]:
    """`query` (made once, at import: see `_prepared`) for the rows whose `column` is one of
    `ids`, a chunk at a time, as mappings; no statement at all for no ids."""
    wanted = sorted(set(ids))
    statement = _prepared(query, column)
    found: list[RowMapping] = []
    for part in chunks(wanted):
        found.extend(conn.execute(statement, {**(params or {}), "ids": list(part)}).mappings())
    return found


def mappings(
    conn: Connection, query: Select[Any], params: Mapping[str, Any] | None = None
) -> list[RowMapping]:
    return list(conn.execute(query, dict(params or {})).mappings())


def newest_version(referral_id: Any) -> ColumnElement[Any]:
    """The newest call version of the referral `referral_id` (each correction is one more)."""
    newer = CALL.alias("newer")
    return (
        select(func.max(newer.c.version))
        .where(newer.c.referral_id == referral_id)
        .scalar_subquery()
    )


def latest(rows: Iterable[RowMapping], key: str = "referral_id") -> dict[Any, RowMapping]:
    """The last row per `key`, for rows ordered oldest first."""
    return {row[key]: row for row in rows}


LAST_EVENT = select(func.max(EVENT.c.id))


def last_event(conn: Connection) -> int:
    """The newest event's id (0 for an empty log): one step back on the primary key."""
    return int(conn.scalar(LAST_EVENT) or 0)


# The event log as the hash chain covers it (`chain.CONTENT_COLUMNS`, then the hashes), in
# order; its time as stored (text on SQLite), so that an unreadable one is reported as such.
CHAIN = select(
    *(
        type_coerce(EVENT.c[name], String) if name == "at" else EVENT.c[name]
        for name in CONTENT_COLUMNS
    ),
    EVENT.c.prev_hash,
    EVENT.c.hash,
    EVENT.c.seals,
    EVENT.c.key_id,
).order_by(EVENT.c.id)


def by_id(conn: Connection, table: Table, ident: int) -> RowMapping | None:
    """One row of `table`, by its id."""
    return conn.execute(select(table).where(table.c.id == ident)).mappings().first()
