"""The console, started as fast as it can be (by `dutydesk` itself and by `cli.py`).

`dutydesk` with nothing but `--db` and `--exports` (`__main__.py`) comes here without
importing Typer (`cli.py`, about 90 ms). The console draws its first frame at once and opens
the Store in a thread meanwhile (SQLAlchemy's import, half a second, migrations, the file's
check: app.py `start`); a Store that will not open ends it with the Store's message on the
terminal, exit status 2, as the other commands say it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dutydesk import paths

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.screen import Screen

    from dutydesk.domain.records import Actor
    from dutydesk.domain.vocab import Lists
    from dutydesk.storage.store import Store


def fail(message: str) -> SystemExit:
    from dutydesk.domain.text import terminal_safe

    print(terminal_safe(f"dutydesk: {message}"), file=sys.stderr)
    return SystemExit(2)


def check_lists() -> None:
    """A bad lists.toml means the shipped lists: said on the terminal before any command
    (the console says it again on screen)."""
    from dutydesk.lists import load

    _lists, warning = load(paths.config_dir())
    if warning:
        from dutydesk.domain.text import terminal_safe

        print(terminal_safe(f"dutydesk: warning: {warning}"), file=sys.stderr)


def command_lists() -> Lists:
    """The lists a command uses: the partnership's lists.toml (else the shipped ones)."""
    from dutydesk.lists import load

    return load(paths.config_dir())[0]


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
        return open_store(target, lists=command_lists())
    except DatabaseError as error:
        raise fail(str(error)) from None


def open_console(db: str | None, exports: Path | None) -> None:
    """The console on the database named: its Store opened in a thread once it draws."""
    target = paths.db_target(db)

    def open_later() -> Store:
        from dutydesk.storage import open_store

        return open_store(target)

    run_console(open_later, exports or paths.default_exports())


def run_console(
    store: Store | Callable[[], Store],
    exports: Path,
    demo: bool = False,
    *,
    opening: Callable[[], Screen[Any]] | None = None,
    actor: Actor | None = None,
) -> None:
    """The console; `opening` a screen to open on instead of the day's, typed by `actor`."""
    from dutydesk.app import DutyDeskApp

    app = DutyDeskApp(
        store,
        exports,
        demo=demo,
        crash_dir=paths.crash_reports(),
        config_dir=paths.config_dir(),
        opening=opening,
    )
    if actor is not None:
        app.set_actor(actor)
    app.run()
    if app.start_error:  # the Store would not open: said as the other commands say it
        raise fail(app.start_error)
    if app.return_code:  # stopped by an unexpected error or a signal: say so to the shell
        raise SystemExit(app.return_code)
