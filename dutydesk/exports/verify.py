"""`dutydesk verify EXPORT_DIR`: is an export folder still what the record said that day?

Each manifest in the folder (a range's `manifest.json`, a day's
`dutydesk-DAY-manifest.json`) lists its files with their SHA-256 and the seal: the event
log's head when the export was read. For each one:

- every file is there and unchanged since it was written (by its SHA-256);
- its rows match the record: the export is made again from the record as it was at the
  seal (the rows sealed by later events set aside, in a copy of a SQLite file or in a
  transaction rolled back on PostgreSQL) at the moment the manifest gives, and compared
  cell by cell, naming the file, the row and the column;
- the seal is still in the event log (`dutydesk check --seal`, which the command runs).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine

from dutydesk.domain import vocab
from dutydesk.domain.vocab import Lists
from dutydesk.storage import append_only, seal
from dutydesk.storage.period import Source
from dutydesk.storage.reading import chunks

MANIFEST = "manifest.json"
SHOWN = 10  # differences named per file


@dataclass
class Verified:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seals: list[str] = field(default_factory=list)  # each manifest's seal (full hash)


def manifests(folder: Path) -> list[Path]:
    found = sorted(folder.glob("dutydesk-*-manifest.json"))
    return [folder / MANIFEST, *found] if (folder / MANIFEST).is_file() else found


def verify_export(folder: Path, target: str | Path, lists: Lists | None = None) -> Verified:
    """`target`: the database (a SQLite file's path, or a PostgreSQL server's URL);
    `lists`: those the export was made with (the shipped ones if not given)."""
    result = Verified()
    found = manifests(folder)
    if not found:
        result.problems.append(f"There is no manifest in {folder}: it is not a dutydesk export.")
    sealed: list[tuple[int, dict[str, Any]]] = []
    for manifest in found:
        body = json.loads(manifest.read_text("utf-8"))
        for item in body["files"]:
            path = folder / item["path"]
            if not path.is_file():
                result.problems.append(f"{item['path']} is missing.")
            elif hashlib.sha256(path.read_bytes()).hexdigest() != item["sha256"]:
                result.problems.append(f"{item['path']} has changed since it was exported.")
        mark = body.get("seal")
        if not mark:
            result.notes.append(f"{manifest.name} has no seal (made before dutydesk sealed them).")
            continue
        result.seals.append(str(mark["hash"]))
        result.notes.append(
            f"{manifest.name}: {len(body['files'])} files; seal {mark['short']} "
            f"(event {mark['event']})"
        )
        sealed.append((int(mark["event"]), body))
    if sealed:
        # Newest seal first: each one sets the record further back, in the same copy.
        with _record(target) as (conn, engine):
            for event_id, body in sorted(sealed, key=lambda m: -m[0]):
                purged = _rewind(conn, event_id)
                if purged:
                    result.notes.append(
                        f"{purged} rows were removed by a retention purge since event "
                        f"{event_id}: their rows in the export can no longer be compared."
                    )
                source = _On(
                    engine,
                    datetime.fromisoformat(body["generated_at"]),
                    lists or vocab.defaults(),
                    conn,
                )
                result.problems.extend(_made_again(folder, body, source))
    return result


def _made_again(folder: Path, body: dict[str, Any], source: Source) -> list[str]:
    """The export made again from `source`, in a folder of its own, compared file by file."""
    from dutydesk.exports.daily import export_day
    from dutydesk.exports.period import export_period

    identifiable = bool(body.get("identifiable"))
    with tempfile.TemporaryDirectory(prefix="dutydesk-verify-") as made:
        again = Path(made)
        if "day" in body:
            export_day(source, date.fromisoformat(body["day"]), again, identifiable=identifiable)
        else:
            first, last = date.fromisoformat(body["from"]), date.fromisoformat(body["to"])
            export_period(source, first, last, again, identifiable=identifiable)
        found: list[str] = []
        for item in body["files"]:
            name = str(item["path"])
            if (folder / name).is_file() and (again / name).is_file():
                found += _compare(name, (folder / name).read_bytes(), (again / name).read_bytes())
        return found


@dataclass(frozen=True)
class _On(Source):
    """A Source that reads on one connection (the record set back to the seal in it)."""

    conn: Connection | None = None

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        assert self.conn is not None
        yield self.conn


@contextmanager
def _record(target: str | Path) -> Iterator[tuple[Connection, Engine]]:
    """A connection on which the record can be set back: a copy of a SQLite file (a desk
    can keep saving meanwhile), or, on PostgreSQL, a transaction that is rolled back."""
    with contextlib.ExitStack() as stack:
        if isinstance(target, Path):
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            copy = _copy(target, folder / "at-the-seal.db")
            engine: Engine = create_engine("sqlite://", creator=lambda: copy)
        else:
            from dutydesk.storage import server

            engine = server.make_server_engine(server.parse(target))
        stack.callback(engine.dispose)
        conn = stack.enter_context(engine.connect())
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN")
            conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        with append_only.purging(conn):
            yield conn, engine
        conn.rollback()


def _copy(path: Path, to: Path) -> sqlite3.Connection:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(to, check_same_thread=False, isolation_level=None)
        source.backup(copy)
    finally:
        source.close()
    copy.create_function(append_only.FLAG_FUNCTION, 0, lambda: 1)  # this copy only
    return copy


def _rewind(conn: Connection, event_id: int) -> int:
    """Set aside, in this transaction, every row sealed after `event_id` and those events;
    how many rows a purge has removed since (they cannot be put back)."""
    later = seal.Expected()
    for (seals,) in conn.exec_driver_sql(f"SELECT seals FROM event WHERE id > {int(event_id)}"):
        later.add(seals or "", 0)
    conn.exec_driver_sql("DELETE FROM draft")  # not part of the record, nor of an export
    already = conn.exec_driver_sql("SELECT max(id) FROM event").scalar() or 0
    if already <= event_id:
        return 0
    for into in reversed(seal.sealed_tables()):
        ids = sorted(later.rows.get(into.name, {}), reverse=True)
        for chunk in chunks(ids):
            listed = ", ".join(str(i) for i in chunk)
            conn.exec_driver_sql(f'DELETE FROM "{into.name}" WHERE id IN ({listed})')
    conn.exec_driver_sql(f"DELETE FROM event WHERE id > {int(event_id)}")
    return sum(len(ids) for ids in later.removed.values())


def _compare(name: str, kept: bytes, again: bytes) -> list[str]:
    """Each cell of the file that is not as the record has it: file, row, column."""
    if kept == again:
        return []
    ours, theirs = _table(kept), _table(again)
    header = theirs[0] if theirs else []
    found: list[str] = []
    for number, (row, fresh) in enumerate(zip(ours[1:], theirs[1:], strict=False), start=1):
        for column, (cell, true) in enumerate(zip(row, fresh, strict=False)):
            if cell != true:
                heading = header[column] if column < len(header) else str(column + 1)
                found.append(
                    f"{name}, row {number}, column {heading}: the file has {cell!r}, "
                    f"the record has {true!r}."
                )
        if len(row) != len(fresh):
            found.append(f"{name}, row {number}: {len(row)} cells, the record has {len(fresh)}.")
    if len(ours) != len(theirs):
        found.append(f"{name}: {len(ours) - 1} rows, the record has {len(theirs) - 1}.")
    if ours[:1] != theirs[:1]:
        found.append(f"{name}: its header row is not the one dutydesk wrote.")
    if not found:
        found.append(f"{name}: its bytes differ from the record's, not its cells.")
    return found[:SHOWN] + ([f"{name}: and more."] if len(found) > SHOWN else [])


def _table(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig", "replace"), newline="")))
