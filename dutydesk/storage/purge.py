"""Retention: remove the referrals of sessions older than a cut-off, and leave no trace of
their content in the file.

The only code that deletes saved records. In one IMMEDIATE transaction, on a connection
that `append_only.purging` lets past the DELETE triggers, it removes each such referral's
rows in every table that points at it (found from the foreign keys in `tables.py`, so a
table added later is included), plus the form drafts of those sessions, and appends a
`purge` event with counts and the date range only. Then, with secure_delete on, it empties
the WAL, VACUUMs and empties the WAL again, so that the removed text is in neither file.

On PostgreSQL the same rows go, children before parents (the server checks each foreign
key at once), under `SET LOCAL dutydesk.purging`; then the tables are VACUUMed. The server
has no secure_delete: freed space is reused, not overwritten, and the server's backups and
WAL archives keep what was removed until they expire (the CLI says so).

The event log keeps its events (who did what, when: kinds, agency labels, references, no
content); the sessions and who was in the room stay too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, case, func, select

from dutydesk.domain.records import Actor
from dutydesk.storage import append_only, seal
from dutydesk.storage.base import StoreBase
from dutydesk.storage.reading import EVENT, REFERRAL, SESSION, SUBMISSION, chunks, rows_in
from dutydesk.storage.tables import metadata


@dataclass(frozen=True)
class PurgePlan:
    cutoff: date  # sessions before this day go
    referrals: int
    first_day: date | None
    last_day: date | None
    rows: dict[str, int]  # table -> rows to remove

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    def summary(self) -> str:
        """Counts and dates only: this text goes into the event log."""
        if not self.referrals and not self.total:
            return f"nothing older than {self.cutoff}"
        counts = ", ".join(f"{table} {n}" for table, n in sorted(self.rows.items()) if n)
        parts = [f"{self.referrals} referrals"]
        if self.first_day:
            parts.append(f"from sessions {self.first_day} to {self.last_day}")
        parts.append(f"(before {self.cutoff})")
        return " ".join(parts) + f": {counts}"


@dataclass(frozen=True)
class PurgeResult:
    plan: PurgePlan
    scrubbed: bool  # False if another desk kept the WAL from being emptied


PURGED = "purge"
SCRUBBED = "purge completed"  # the removed text is gone from the file and its WAL too


class Retention(StoreBase):
    def purge_plan(self, cutoff: date) -> PurgePlan:
        """What `purge(cutoff)` would remove, without removing it."""
        with self._read() as c:
            plan, _doomed = _plan(c, cutoff)
        return plan

    def purge(self, cutoff: date, actor: Actor) -> PurgeResult:
        """Remove the referrals of sessions before `cutoff` (and their drafts), for good."""
        with self._write() as tx:
            conn = tx.conn
            plan, doomed = _plan(conn, cutoff)
            sqlite = conn.dialect.name == "sqlite"
            if plan.total:
                with append_only.purging(conn):
                    if sqlite:
                        conn.exec_driver_sql("PRAGMA secure_delete=ON")
                        # Checked at commit, so the order of the tables does not matter.
                        conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
                    for table in (t for t in reversed(metadata.sorted_tables) if t.name in doomed):
                        # Newest first: a decision points at the one it supersedes.
                        ids = sorted(doomed[table.name], reverse=True)
                        if seal.is_sealed(table):
                            tx.removed(table, ids)  # the purge event says which rows went
                        for chunk in chunks(ids):
                            conn.execute(table.delete().where(table.c.id.in_(chunk)))
                    if sqlite:
                        conn.exec_driver_sql("PRAGMA secure_delete=OFF")  # the pool reuses it
            self._log(tx, PURGED, actor, plan.summary())
        if self.engine.dialect.name != "sqlite":
            return PurgeResult(plan, self._vacuum(sorted(doomed)))
        return PurgeResult(plan, self.finish_purge(actor))

    def purge_unfinished(self) -> bool:
        """Whether a purge removed rows whose text may still be in the file (SQLite): its
        scrub was kept from finishing by another desk, and `finish_purge` is still owed."""
        if self.engine.dialect.name != "sqlite":
            return False
        with self._read() as c:
            return bool(c.scalar(UNFINISHED))

    def finish_purge(self, actor: Actor) -> bool:
        """Overwrite freed space and empty the WAL (SQLite); True when the removed text is in
        neither file, which the log then says. False while another desk keeps a read open."""
        if not self._scrub():
            return False
        with self._write() as tx:
            self._log(tx, SCRUBBED, actor, "freed space overwritten, WAL emptied")
        return True

    def _vacuum(self, tables: list[str]) -> bool:
        """PostgreSQL: VACUUM (outside a transaction) the tables rows were removed from."""
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in tables:
                conn.exec_driver_sql(f'VACUUM "{table}"')
        return True

    def _scrub(self) -> bool:
        """Overwrite freed space and empty the WAL; False if another desk prevented it
        (a checkpoint that could not copy every page back, or a VACUUM kept waiting)."""
        raw = self.engine.raw_connection()
        try:
            db = raw.driver_connection
            assert db is not None
            db.execute("PRAGMA secure_delete=ON")
            try:
                first = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                db.execute("VACUUM")
                last = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            except sqlite3.OperationalError:  # busy or locked by another desk
                return False
            finally:
                db.execute("PRAGMA secure_delete=OFF")
        finally:
            raw.close()
        # (busy, frames in the WAL, frames copied): all copied back and the WAL emptied
        return bool(first[0] == 0 and last[0] == 0 and last[1] in (0, -1))


def _last(kind: str) -> Any:
    return func.coalesce(func.max(case((EVENT.c.kind == kind, EVENT.c.id))), 0)


# A purge logged after the last scrub logged.
UNFINISHED = select(_last(PURGED) > _last(SCRUBBED))


def _plan(conn: Connection, cutoff: date) -> tuple[PurgePlan, dict[str, set[int]]]:
    query = select(SESSION.c.id, SESSION.c.day).where(SESSION.c.day < cutoff.isoformat())
    old_sessions: dict[int, str] = {row.id: row.day for row in conn.execute(query)}
    referrals = _ids_where(conn, "referral", "session_id", old_sessions)
    doomed: dict[str, set[int]] = {"referral": referrals} if referrals else {}
    links = _foreign_keys()
    changed = bool(referrals)
    while changed:  # follow every foreign key that points at a row being removed
        changed = False
        for child, pointers in links.items():
            for column, parent in pointers:
                if doomed.get(parent) and child != parent:
                    found = _ids_where(conn, child, column, doomed[parent])
                    if found - doomed.get(child, set()):
                        doomed.setdefault(child, set()).update(found)
                        changed = True
    # The saves that made those rows (`submission` points at a record by table and id).
    saves: set[int] = set()
    for table, ids in doomed.items():
        made = rows_in(conn, SAVES, SUBMISSION.c.record_id, ids, {"table_name": table})
        saves |= {row["id"] for row in made}
    if saves:
        doomed["submission"] = saves
    for table, pointers in links.items():  # drafts typed in those sessions, never saved
        if not append_only.is_protected(table) and ("session_id", "duty_session") in pointers:
            drafts = _ids_where(conn, table, "session_id", old_sessions)
            if drafts:
                doomed.setdefault(table, set()).update(drafts)
    received = rows_in(conn, SESSION_OF, REFERRAL.c.id, referrals)
    days = sorted({old_sessions[row["session_id"]] for row in received})
    plan = PurgePlan(
        cutoff=cutoff,
        referrals=len(referrals),
        first_day=date.fromisoformat(days[0]) if days else None,
        last_day=date.fromisoformat(days[-1]) if days else None,
        rows={table: len(ids) for table, ids in sorted(doomed.items())},
    )
    return plan, doomed


def _foreign_keys() -> dict[str, list[tuple[str, str]]]:
    """table -> [(its column, the table that column points at)]."""
    return {
        t.name: [(key.parent.name, key.column.table.name) for key in t.foreign_keys]
        for t in metadata.sorted_tables
    }


@cache
def _ids_of(table: str, column: str) -> tuple[Select[Any], Any]:
    """The ids of a table's rows (made once per table and column: `reading.rows_in`)."""
    found = metadata.tables[table]
    return select(found.c.id), found.c[column]


def _ids_where(conn: Connection, table: str, column: str, values: Iterable[int]) -> set[int]:
    query, where = _ids_of(table, column)
    return {row["id"] for row in rows_in(conn, query, where, values)}


SESSION_OF = select(REFERRAL.c.session_id)
SAVES = select(SUBMISSION.c.id).where(SUBMISSION.c.table_name == bindparam("table_name"))
