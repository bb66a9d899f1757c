"""Retention: remove the referrals of sessions older than a cut-off, and leave no trace of
their content in the file.

The only code that deletes saved records. In one IMMEDIATE transaction, on a connection
that `append_only.purging` lets past the DELETE triggers, it removes each such referral's
rows in every table that points at it (found from the database's own foreign keys, so a
table added later is included), plus the form drafts of those sessions, and appends a
`purge` event with counts and the date range only. Then, with secure_delete on, it empties
the WAL, VACUUMs and empties the WAL again, so that the removed text is in neither file.

The event log keeps its events (who did what, when: kinds, agency labels, references, no
content); the sessions and who was in the room stay too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection

from dutydesk.domain.records import Actor
from dutydesk.storage import append_only
from dutydesk.storage.base import StoreBase

CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on parameters


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


class Retention(StoreBase):
    def purge_plan(self, cutoff: date) -> PurgePlan:
        """What `purge(cutoff)` would remove, without removing it."""
        with self._read() as s:
            plan, _doomed = _plan(s.connection(), cutoff)
        return plan

    def purge(self, cutoff: date, actor: Actor) -> PurgeResult:
        """Remove the referrals of sessions before `cutoff` (and their drafts), for good."""
        with self._write() as s:
            conn = s.connection()
            plan, doomed = _plan(conn, cutoff)
            if plan.total:
                with append_only.purging(conn):
                    conn.exec_driver_sql("PRAGMA secure_delete=ON")
                    # Checked at commit, so the order of the tables below does not matter.
                    conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
                    for table, ids in doomed.items():
                        for chunk in _chunks(sorted(ids)):
                            conn.exec_driver_sql(
                                f'DELETE FROM "{table}" WHERE id IN ({_marks(chunk)})',
                                tuple(chunk),
                            )
                    conn.exec_driver_sql("PRAGMA secure_delete=OFF")  # the pool reuses it
            self._log(s, "purge", actor, plan.summary())
        return PurgeResult(plan, self._scrub())

    def _scrub(self) -> bool:
        """Overwrite freed space and empty the WAL; False if another desk prevented it."""
        raw = self.engine.raw_connection()
        try:
            db = raw.driver_connection
            assert db is not None
            db.execute("PRAGMA secure_delete=ON")
            first = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            db.execute("VACUUM")
            last = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            db.execute("PRAGMA secure_delete=OFF")
        finally:
            raw.close()
        return bool(first[0] == 0 and last[0] == 0)


def _plan(conn: Connection, cutoff: date) -> tuple[PurgePlan, dict[str, set[int]]]:
    old_sessions = {
        int(sid): str(day)
        for sid, day in conn.exec_driver_sql(
            "SELECT id, day FROM duty_session WHERE day < ?", (cutoff.isoformat(),)
        )
    }
    referrals = _ids_where(conn, "referral", "session_id", old_sessions)
    doomed: dict[str, set[int]] = {"referral": referrals} if referrals else {}
    links = _foreign_keys(conn)
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
    for table, pointers in links.items():  # drafts typed in those sessions, never saved
        if not append_only.is_protected(table) and ("session_id", "duty_session") in pointers:
            drafts = _ids_where(conn, table, "session_id", old_sessions)
            if drafts:
                doomed.setdefault(table, set()).update(drafts)
    days = sorted(
        {
            old_sessions[int(sid)]
            for (sid,) in _select_in(conn, "referral", "session_id", "id", referrals)
        }
    )
    plan = PurgePlan(
        cutoff=cutoff,
        referrals=len(referrals),
        first_day=date.fromisoformat(days[0]) if days else None,
        last_day=date.fromisoformat(days[-1]) if days else None,
        rows={table: len(ids) for table, ids in sorted(doomed.items())},
    )
    return plan, doomed


def _foreign_keys(conn: Connection) -> dict[str, list[tuple[str, str]]]:
    """table -> [(its column, the table that column points at)], read from the file."""
    tables = [
        str(name)
        for (name,) in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    links: dict[str, list[tuple[str, str]]] = {}
    for table in tables:
        for row in conn.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")'):
            # (id, seq, parent table, from column, to column, ...): every key here is to `id`.
            links.setdefault(table, []).append((str(row[3]), str(row[2])))
    return links


def _ids_where(conn: Connection, table: str, column: str, values: Iterable[int]) -> set[int]:
    return {int(row[0]) for row in _select_in(conn, table, "id", column, values)}


def _select_in(
    conn: Connection, table: str, wanted: str, column: str, values: Iterable[int]
) -> list[Sequence[Any]]:
    rows: list[Sequence[Any]] = []
    for chunk in _chunks(sorted(values)):
        rows += conn.exec_driver_sql(
            f'SELECT "{wanted}" FROM "{table}" WHERE "{column}" IN ({_marks(chunk)})',
            tuple(chunk),
        ).all()
    return rows


def _chunks(values: list[int]) -> list[list[int]]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


def _marks(chunk: Sequence[int]) -> str:
    return ", ".join("?" * len(chunk))
