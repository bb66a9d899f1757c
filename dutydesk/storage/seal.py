"""Every saved row sealed: a SHA-256 of its own columns, carried by the event that records it.

`Tx.insert` seals each row it adds (`row_hash`) and `Tx.log` writes the seals of the rows
since the last event into the event's `seals` column, which the hash chain covers
(`chain.content`). `dutydesk check` recomputes every row (`RowCheck`) and names, by table
and id, a row edited (its hash differs), inserted (no event sealed it) or deleted (sealed,
gone, and no purge event removed it), whatever was done to the triggers.

The canonical form (it must never change: every seal already written depends on it) is
text: the table's name, then, for each column in the order of their names (as the model in
`tables.py` names them), a newline, the name, ":", the length of the value's text in
characters, ":", and the text. NULLs and values equal to the column's default are left out
(so a column added later with a default leaves the seals of older rows as they were).
A value's text: integers in decimal; real numbers with 6 decimals; true/false as 1/0;
moments in UTC as `2026-12-07T09:30:00.000000Z`; text as it is. The seal is the SHA-256
(hex) of its UTF-8.
`check` has the database build the same text (`canonical_sql`), on SQLite and PostgreSQL.

`seals` is the entries "table:id:hash" separated by spaces; a purge writes "table:id:-"
for each row it removed. The optional key (`load_key`) makes the chain HMAC-SHA-256.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Connection, DateTime, Float, Integer, Table, func, select

from dutydesk import paths
from dutydesk.storage import append_only
from dutydesk.storage.tables import UTCDateTime, metadata

SINCE = 10  # the schema that sealed every saved row
REMOVED = "-"
KEY_ENV = "DUTYDESK_SEAL_KEY"
KEY_FILE = "seal.key"
Progress = Callable[[int], None]  # called with the number of rows (or events) just done


@cache
def sealed_tables() -> tuple[Table, ...]:
    """The tables whose rows are sealed: every append-only table but the event log."""
    return tuple(
        t for t in metadata.sorted_tables if append_only.is_protected(t.name) and t.name != "event"
    )


Column = tuple[str, str, Any]  # name, kind ("int", "real", "text", "time", "flag"), default
NO_DEFAULT = object()


@cache
def _plan(into: Table) -> tuple[Column, ...]:
    """The table's columns by name, each with its kind and its default (or NO_DEFAULT)."""
    found = []
    for c in sorted(into.columns, key=lambda c: c.name):
        kind = "text"
        if isinstance(c.type, UTCDateTime | DateTime):
            kind = "time"
        elif isinstance(c.type, Boolean):
            kind = "flag"
        elif isinstance(c.type, Integer):
            kind = "int"
        elif isinstance(c.type, Float):
            kind = "real"
        scalar = c.default is not None and c.default.is_scalar
        default = c.default.arg if scalar else NO_DEFAULT  # type: ignore[union-attr]
        found.append((c.name, kind, NO_DEFAULT if default is None else default))
    return tuple(found)


def utc_iso(value: datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(into: Table, row: Mapping[str, Any]) -> str:
    """The row's canonical text (see above), from the values as written. A column absent
    from `row` has its default, as the insert gives it."""
    parts = [into.name]
    for name, kind, default in _plan(into):
        value = row.get(name)
        if value is None or value == default:
            continue
        if kind == "time":
            text = utc_iso(value)
        elif kind == "flag":
            text = "1" if value else "0"
        elif kind == "real":
            text = f"{value:.6f}"
        else:
            text = str(value)
        parts.append(f"\n{name}:{len(text)}:{text}")
    return "".join(parts)


def canonical_sql(into: Table, dialect: str, columns: Iterable[str] = ()) -> str:
    """`canonical` as a SQL expression over a stored row (the database builds the text:
    much quicker than Python); `columns`: only these exist yet (a migration)."""
    have = set(columns) or {c.name for c in into.columns}
    parts = [_literal(into.name)]
    for name, kind, default in _plan(into):
        if name not in have:
            continue
        col = f'"{name}"'
        if kind == "time":
            text = (
                f'to_char({col}, \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\')'
                if dialect == "postgresql"
                else f"(replace({col}, ' ', 'T') || 'Z')"
            )
        elif kind == "flag":
            text = f"(CASE WHEN {col} THEN '1' ELSE '0' END)"
        elif kind == "real":
            text = (
                f"CAST(round(CAST({col} AS numeric), 6) AS TEXT)"
                if dialect == "postgresql"
                else f"printf('%.6f', {col})"
            )
        else:
            text = f"CAST({col} AS TEXT)"
        skip = f"{col} IS NULL"
        if default is not NO_DEFAULT:
            skip += f" OR {col} = {_literal(default, dialect)}"
        parts.append(
            f"(CASE WHEN {skip} THEN '' ELSE "
            f"{_literal(chr(10) + name + ':')} || CAST(length({text}) AS TEXT) || ':' || {text} "
            "END)"
        )
    return " || ".join(parts)


def _literal(value: Any, dialect: str = "") -> str:
    if isinstance(value, bool):
        return ("true" if value else "false") if dialect == "postgresql" else str(int(value))
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def row_hash(into: Table, row: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(into, row).encode("utf-8")).hexdigest()


def stored_hashes(
    conn: Connection, into: Table, columns: Iterable[str] = ()
) -> Iterator[tuple[int, str]]:
    """(id, hash) of each stored row of the table, by id; `columns`: only these exist yet
    (a migration)."""
    text = canonical_sql(into, conn.dialect.name, columns)
    sha = hashlib.sha256
    for row_id, canon in conn.exec_driver_sql(f'SELECT id, {text} FROM "{into.name}" ORDER BY id'):
        yield int(row_id), sha(canon.encode("utf-8")).hexdigest()


def entry(into: Table, row_id: int, digest: str) -> str:
    return f"{into.name}:{row_id}:{digest}"


# -- the key ------------------------------------------------------------------------------


class SealKeyError(ValueError):
    """The key is set but cannot be used: the message says why and what to do."""


def load_key() -> bytes | None:
    """The partnership's seal key: DUTYDESK_SEAL_KEY, else the key file in the config
    folder (this user's only: 0600); None when neither is set. SealKeyError if unusable."""
    text = os.environ.get(KEY_ENV, "")
    where = KEY_ENV
    if not text:
        path = paths.config_dir() / KEY_FILE
        if not path.is_file():
            return None
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise SealKeyError(
                f"The seal key file {path} can be read by others (mode {mode:o}): make it "
                f"this user's only with `chmod 600 {path}`."
            )
        text, where = path.read_text("utf-8"), str(path)
    text = text.strip()
    if len(text) < 16:
        raise SealKeyError(f"The seal key in {where} is too short: use at least 16 characters.")
    return text.encode("utf-8")


def key_id(key: bytes) -> str:
    """A short name of the key, kept with each event it sealed (never the key itself)."""
    return hmac.new(key, b"dutydesk seal key id", hashlib.sha256).hexdigest()[:12]


@dataclass(frozen=True)
class Head:
    """The chain's head: the newest event and its hash, the day's seal once it is ended."""

    event_id: int
    hash: str

    @property
    def short(self) -> str:
        return short(self.hash)

    def as_json(self) -> dict[str, Any]:
        return {"event": self.event_id, "hash": self.hash, "short": self.short}


def head(conn: Connection) -> Head | None:
    newest = conn.exec_driver_sql("SELECT id, hash FROM event ORDER BY id DESC LIMIT 1").first()
    return Head(int(newest[0]), str(newest[1])) if newest is not None else None


def short(digest: str) -> str:
    """The seal to read out or write down: 12 hex characters in groups of 4."""
    return " ".join(digest[i : i + 4] for i in range(0, 12, 4))


# -- checking the rows against their seals -------------------------------------------------


@dataclass
class Expected:
    """What the event log says each row should be: table -> id -> hash; the purged ids."""

    rows: dict[str, dict[int, str]] = field(default_factory=dict)
    removed: dict[str, set[int]] = field(default_factory=dict)

    def add(self, seals: str, event_id: int) -> None:
        for item in seals.split():
            name, row_id, digest = item.split(":")
            if digest == REMOVED:
                self.removed.setdefault(name, set()).add(int(row_id))
            else:
                self.rows.setdefault(name, {})[int(row_id)] = digest


@dataclass
class RowFinding:
    table: str
    edited: list[int] = field(default_factory=list)
    inserted: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        said = []
        for what, ids, how in (
            ("edited", self.edited, "their content differs from their seal"),
            ("inserted", self.inserted, "no event recorded them"),
            ("deleted", self.deleted, "sealed, gone, and no purge removed them"),
        ):
            if ids:
                shown = ", ".join(str(i) for i in ids[:10])
                more = f" and {len(ids) - 10} more" if len(ids) > 10 else ""
                said.append(
                    f"{self.table} rows {what} behind dutydesk's back ({how}): id {shown}{more}."
                )
        return said


def count_rows(conn: Connection, present: Iterable[str]) -> int:
    have = set(present)
    return sum(
        int(conn.scalar(select(func.count()).select_from(t)) or 0)
        for t in sealed_tables()
        if t.name in have
    )


Stored = dict[str, dict[int, bytes]]  # table -> id -> the SHA-256 of the row as stored


def stored(conn: Connection, present: Iterable[str], progress: Progress | None = None) -> Stored:
    """Every row of every sealed table, hashed as it is stored now (`canonical_sql`)."""
    have = set(present)
    found: Stored = {}
    sha = hashlib.sha256
    for into in sealed_tables():
        if into.name not in have:
            continue
        hashes = found[into.name] = {}
        text = canonical_sql(into, conn.dialect.name)
        query = f'SELECT id, {text} FROM "{into.name}"'
        for row_id, canon in conn.exec_driver_sql(query):
            hashes[int(row_id)] = sha(canon.encode("utf-8")).digest()
            if progress is not None and len(hashes) % 5000 == 0:
                progress(5000)
        if progress is not None:
            progress(len(hashes) % 5000)
    return found


def compare(expected: Expected, rows: Stored) -> list[RowFinding]:
    """The tables whose rows are not as their seals say, and how."""
    found: list[RowFinding] = []
    for name, hashes in rows.items():
        seals = expected.rows.get(name, {})
        finding = RowFinding(name)
        for row_id, digest in sorted(hashes.items()):
            sealed = seals.get(row_id)
            if sealed is None:
                finding.inserted.append(row_id)
            elif sealed != digest.hex():
                finding.edited.append(row_id)
        finding.deleted = sorted(set(seals) - set(hashes) - expected.removed.get(name, set()))
        if finding.edited or finding.inserted or finding.deleted:
            found.append(finding)
    return found


@cache
def is_sealed(into: Table) -> bool:
    return into in sealed_tables()
