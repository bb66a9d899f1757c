"""The console, started as fast as it can be (by `dutydesk` itself and by `cli.py`).

`dutydesk` with nothing but `--db` and `--exports` (`__main__.py`) comes here without
importing Typer (`cli.py`, about 90 ms). On a SQLite file whose schema is current, the console then
draws today's session and queue from a read-only `sqlite3` read (`queue_read.first_paint`)
before SQLAlchemy is imported (half a second and 25 MB), and opens the Store right after
that first paint. Anything else (a new file, one to upgrade, a damaged, busy or read-only
one, a PostgreSQL URL) opens the Store first, as before, so every message is the same.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dutydesk import paths

if TYPE_CHECKING:
    from collections.abc import Callable

    from dutydesk.domain.clock import Clock
    from dutydesk.storage.queue_read import FirstPaint
    from dutydesk.storage.store import Store


def fail(message: str) -> SystemExit:
    from dutydesk.domain.text import terminal_safe

    print(terminal_safe(f"dutydesk: {message}"), file=sys.stderr)
    return SystemExit(2)


def use_lists() -> None:
    """Make the partnership's lists the active ones; a bad file means the shipped lists,
    said on the terminal (the console says it again on screen)."""
    from dutydesk.lists import load_and_install

    warning = load_and_install(paths.config_dir())
    if warning:
        from dutydesk.domain.text import terminal_safe

        print(terminal_safe(f"dutydesk: warning: {warning}"), file=sys.stderr)


def open_db(db: str | None, *, existing: bool = False) -> Store:
    """The Store on the database named (or the default), or a plain message and exit 2.
    `existing` (the commands that only read): a missing file is said, never created."""
    from dutydesk.storage import DatabaseError, open_store

    target = paths.db_target(db)
    if existing:
        missing = paths.missing_database(target)
        if missing is not None:
            raise fail(missing)
    try:
        return open_store(target)
    except DatabaseError as error:
        raise fail(str(error)) from None


def open_console(db: str | None, exports: Path | None) -> None:
    """The console on the database named: drawn first from a plain read if it can be."""
    target = paths.db_target(db)
    first = read_first(target)
    if first is None:
        run_console(open_db(db), exports or paths.default_exports())
        return

    def open_later() -> Store:
        from dutydesk.storage import open_store

        return open_store(target)

    run_console(open_later, exports or paths.default_exports(), first=first)


def run_console(
    store: Store | Callable[[], Store],
    exports: Path,
    demo: bool = False,
    first: FirstPaint | None = None,
) -> None:
    from dutydesk.app import DutyDeskApp

    app = DutyDeskApp(
        store,
        exports,
        demo=demo,
        crash_dir=paths.crash_reports(),
        config_dir=paths.config_dir(),
        first=first,
    )
    app.run()
    if app.start_error:  # the Store would not open after the first paint: as if before
        raise fail(app.start_error)
    if app.return_code:  # stopped by an unexpected error or a signal: say so to the shell
        raise SystemExit(app.return_code)


def read_first(target: str, clock: Clock | None = None) -> FirstPaint | None:
    """Today's session and queue read from a SQLite file that the Store would open as it is
    (in place, local, writable, whole, schema current), without SQLAlchemy; None if the
    Store must open it first (it makes, upgrades or refuses files and says why)."""
    from dutydesk.domain.clock import london_day, system_clock, to_utc
    from dutydesk.storage import preflight
    from dutydesk.storage.errors import DatabaseError
    from dutydesk.storage.light import FileReader
    from dutydesk.storage.queue_read import first_paint
    from dutydesk.storage.version import SCHEMA_VERSION

    if "://" in target:
        return None
    path = Path(target).expanduser()
    try:
        if not path.is_file():
            return None
        preflight.prepare(path)  # the file is there: local, writable, its folder too
        with FileReader(path, timeout=0.5) as reader:
            if reader.schema() != SCHEMA_VERSION:
                return None
            stamp = reader.rows("SELECT version_num FROM alembic_version")
            if stamp != [(f"{SCHEMA_VERSION:04d}",)]:
                return None
            if reader.rows(preflight.quick_check(path)) != [("ok",)]:
                return None
            reader.conn.execute("BEGIN")  # one snapshot for every read
            return first_paint(reader, london_day(to_utc((clock or system_clock)())))
    except (DatabaseError, sqlite3.Error, OSError, ValueError):
        return None
