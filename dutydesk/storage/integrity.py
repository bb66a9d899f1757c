"""Is this database file whole, append-only and unedited? (`dutydesk check`, and `restore`
before it trusts a backup.)

Reads the file through a read-only connection: checking never changes it. A PostgreSQL
database (`check_server`) is read in a read-only transaction, with the same checks bar
SQLite's own (the server keeps its pages and foreign keys whole itself).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from dutydesk.storage import append_only, chain, migrate, preflight, seal, server
from dutydesk.storage.engine import explain, read_only_engine
from dutydesk.storage.errors import DatabaseError
from dutydesk.storage.reading import EVENT
from dutydesk.storage.tables import SCHEMA_VERSION

T = TypeVar("T")
CHAINED_SINCE = 4  # the schema that added the hash chain and the triggers


@dataclass
class Options:
    """What a check is given besides the database: seals printed earlier (short or full),
    and something to tell of its progress (`seal.Progress`, with a first call giving the
    total)."""

    printed: Sequence[str] = ()
    whole_file: bool = True  # SQLite's own integrity checks too (not at the console's open)
    progress: Callable[[int, int], None] | None = None


@dataclass
class CheckReport:
    where: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    schema: int = 0
    chain: chain.ChainReport | None = None
    findings: list[seal.RowFinding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(path: Path, options: Options | None = None) -> CheckReport:
    """Is the file whole, append-only and unedited: SQLite's own checks, the triggers, the
    event log's chain and every saved row against its seal."""
    report = CheckReport(str(path))
    if not path.is_file():
        report.problems.append(f"There is no dutydesk database at {path}.")
        return report
    engine = read_only_engine(path)  # checking never changes the file
    # SQLite's own checks, on a connection of their own in a thread beside the rest (it
    # works without Python's lock): about a third of the time of a check.
    options = options or Options()
    damage = Background(lambda: _damage(engine) if options.whole_file else (["ok"], []))
    try:
        with engine.connect() as conn:
            check_connection(conn, report, str(path), options, engine)
    except (sqlite3.Error, SQLAlchemyError) as error:
        report.problems.append(explain(error, str(path)))
    finally:
        found = damage.result()
        engine.dispose()
    if isinstance(found, BaseException):
        said = explain(found, str(path))
        if said not in report.problems:  # the same cause as the main connection's, once
            report.problems.insert(0, said)
    elif found[0] != ["ok"]:
        report.problems[:] = ["The file is damaged: " + "; ".join(found[0][:3])]
    elif options.whole_file:
        report.notes.insert(0, "SQLite integrity check: ok")
        if found[1]:
            names = ", ".join(found[1])
            report.problems.append(f"Rows point at rows that are missing, in: {names}.")
    return report


def _damage(engine: Engine) -> tuple[list[str], list[str]]:
    """SQLite's integrity check, and the tables with rows pointing at missing rows."""
    with engine.connect() as sa:
        conn: sqlite3.Connection = sa.connection.driver_connection  # type: ignore[assignment]
        damage = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(20)")]
        if damage != ["ok"]:
            return damage, []
        links = sorted({str(row[0]) for row in conn.execute("PRAGMA foreign_key_check")})
        return damage, links


class Background:
    """A call run in a thread of its own; `result()` waits for it (its exception, if any,
    is the result)."""

    def __init__(self, call: Callable[[], T]) -> None:
        self._result: Any = None

        def run() -> None:
            try:
                self._result = call()
            except BaseException as error:  # handed to the caller, who reports it
                self._result = error

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def result(self) -> Any:
        self._thread.join()
        return self._result


def check_connection(
    sa: Connection,
    report: CheckReport,
    where: str,
    options: Options | None = None,
    side: Engine | None = None,
) -> None:
    """The triggers, the chain and the rows (SQLite's own checks are `_damage`'s); `side`:
    an engine on which to hash the rows, in a thread, while this connection walks the
    chain."""
    conn: sqlite3.Connection = sa.connection.driver_connection  # type: ignore[assignment]
    # The app's own verdict (preflight.judge): what it refuses, check fails; what it adopts,
    # check passes.
    state, refusal = preflight.judge(conn, where)
    report.schema = state.user_version
    tables = set(state.tables)
    if refusal is not None:
        report.problems.append(refusal)
        return
    if state.empty:
        report.notes.append(
            "The file is empty (no tables yet: made, or left by an interrupted first start, "
            "before dutydesk made its tables); dutydesk makes them when it next opens it"
        )
        return
    if "event" not in tables:
        report.problems.append("It is not a dutydesk database.")
        return
    if report.schema < CHAINED_SINCE:
        report.notes.append(
            f"Schema {report.schema}: from before the hash chain and the append-only "
            "triggers; dutydesk adds them when it next opens the file."
        )
        return
    triggers = {
        str(name): str(sql)
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger'")
    }
    missing = append_only.missing_triggers(tables, triggers)
    _triggers_and_chain(report, sa, tables, missing, options or Options(), side)


def check_server(url: str, options: Options | None = None) -> CheckReport:
    """`check_file` for a PostgreSQL URL."""
    try:
        parsed = server.parse(url)
        report = CheckReport(server.shown(parsed))
        engine = server.make_server_engine(parsed)
    except DatabaseError as error:
        report = CheckReport(url)
        report.problems.append(str(error))
        return report
    try:
        with engine.connect() as conn:
            # One snapshot for the whole check: rows saved meanwhile at a desk are not seen
            # without the events that recorded them.
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            check_server_connection(conn, report, options)
    except SQLAlchemyError as error:
        report.problems.append(explain(error, report.where))
    finally:
        engine.dispose()
    return report


def check_server_connection(
    conn: Connection, report: CheckReport, options: Options | None = None
) -> None:
    state = migrate.read_state(conn)
    report.schema = state.user_version
    if report.schema > SCHEMA_VERSION:
        report.problems.append(
            f"It was made by a newer dutydesk (schema {report.schema}; this one knows "
            f"{SCHEMA_VERSION}). Upgrade dutydesk."
        )
        return
    if report.schema == 0 or "event" not in state.tables:
        report.problems.append("It is not a dutydesk database (or it is empty).")
        return
    version = str(conn.exec_driver_sql("SHOW server_version").scalar())
    report.notes.append(f"PostgreSQL {version}, schema {report.schema}")
    triggers = [
        (str(t), str(n), str(p), str(e), int(k))
        for t, n, p, e, k in conn.exec_driver_sql(append_only.SERVER_TRIGGER_QUERY)
    ]
    functions = {
        str(n): str(src) for n, src in conn.exec_driver_sql(append_only.SERVER_FUNCTION_QUERY)
    }
    missing = append_only.missing_server_triggers(state.tables, triggers, functions)
    _triggers_and_chain(report, conn, state.tables, missing, options or Options())


def _triggers_and_chain(
    report: CheckReport,
    conn: Connection,
    tables: Iterable[str],
    missing: list[str],
    options: Options,
    side: Engine | None = None,
) -> None:
    if missing:
        report.problems.append(
            "The append-only triggers are missing or were changed on: " + ", ".join(missing) + "."
        )
    else:
        protected = sum(1 for t in tables if append_only.is_protected(t))
        report.notes.append(f"Append-only triggers: present on all {protected} record tables")
    sealed = report.schema >= seal.SINCE
    key = None
    try:
        key = seal.load_key()
    except seal.SealKeyError as error:
        report.problems.append(str(error))
    tell = _progress(conn, tables, sealed, options)
    wanted = {"".join(p.split()).replace("-", "").lower(): p for p in options.printed}
    seen: dict[str, int] = {}  # printed as given -> the event it is the hash of

    def events() -> Iterator[Any]:
        query = chain.SEALED_EVENT_QUERY if sealed else chain.EVENT_QUERY
        for row in conn.exec_driver_sql(query):  # as stored: quicker than through the types
            if wanted:
                digest = str(row[len(chain.CONTENT_COLUMNS) + 1])
                for prefix, given in wanted.items():
                    if digest.startswith(prefix):
                        seen.setdefault(given, int(row[0]))
            tell(1)
            yield row

    rows = None
    if sealed and side is not None:
        newest = conn.exec_driver_sql(NEWEST).scalar()
        rows = Background(lambda: _stored_beside(side, newest, tables, tell))
    report.chain = found = chain.verify(events(), key)
    stored = rows.result() if rows is not None else None
    _say_chain(report, found, key)
    for given in options.printed:
        if given in seen:
            report.notes.append(
                f"The seal {given} is in the event log (event {seen[given]}): "
                "nothing before it was rewritten."
            )
        else:
            report.problems.append(
                f"The seal {given} is not in the event log: the log was rewritten "
                "after it was printed (or the seal was mistyped)."
            )
    if not sealed:
        return
    if isinstance(stored, BaseException):
        raise stored
    if stored is None:
        stored = seal.stored(conn, tables, tell)
    report.findings = seal.compare(found.expected, stored)
    for finding in report.findings:
        report.problems.extend(finding.lines())
    if not report.findings:
        count = sum(len(ids) for ids in found.expected.rows.values())
        report.notes.append(f"Every saved row matches its seal in the event log ({count} rows)")


NEWEST = "SELECT max(id) FROM event"


def _stored_beside(
    engine: Engine, newest: Any, tables: Iterable[str], tell: seal.Progress
) -> seal.Stored | None:
    """`seal.stored` on a connection of this thread, if it reads the same moment as the
    chain's (the same newest event: every save adds one); None if a desk saved between."""
    with engine.connect() as side:
        if side.exec_driver_sql(NEWEST).scalar() != newest:
            return None
        return seal.stored(side, tables, tell)


def _say_chain(report: CheckReport, found: chain.ChainReport, key: bytes | None) -> None:
    if found.key_problem:
        report.problems.append(found.key_problem)
    if not found.ok:
        rows = ", ".join(
            f"{name} {row_id}"
            for name, row_id, _digest in (item.split(":") for item in found.broken_seals.split())
        )
        recorded = f" (it recorded {rows})" if rows else ""
        report.problems.append(
            f"The event log's hash chain breaks at event {found.broken_at}{recorded}: "
            f"{found.reason}."
        )
        return
    if not found.events:
        report.notes.append("Event log: empty")
        return
    kind = "SHA-256, not keyed"
    if found.keyed and key is not None:
        kind = f"HMAC-SHA-256 with the key (key id {seal.key_id(key)}) for {found.keyed} events"
        if found.keyed < found.events:
            kind += ", SHA-256 before the key was set"
    report.notes.append(
        f"Event log: {found.events} events, hash chain intact ({kind}); last event "
        f"{found.last_id}, seal {seal.short(found.last_hash)} ({found.last_hash})"
    )


def _progress(
    conn: Connection, tables: Iterable[str], sealed: bool, options: Options
) -> Callable[[int], None]:
    """Count what is done, telling `options.progress` (done, total) now and then."""
    if options.progress is None:
        return lambda n: None
    told = options.progress
    total = int(conn.scalar(select(func.count()).select_from(EVENT)) or 0)
    if sealed:
        total += seal.count_rows(conn, tables)
    done = [0, 0]  # done, done when last told

    def tell(n: int) -> None:
        done[0] += n
        if done[0] - done[1] >= 5000 or done[0] >= total:
            done[1] = done[0]
            told(done[0], total)

    told(0, total)
    return tell
