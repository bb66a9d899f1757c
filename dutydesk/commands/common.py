"""What every command shares: the `cli` Typer app they register on, the options (`--db`,
`--exports`, `--target-hours`), the way to the terminal, a plain failure, a day given on
the command line, the way to the Store (`open_db`) and to what an export reads.

`cli.py` imports each command module, and they import this, never `cli.py`: the command
line is assembled at the top, from the bottom up.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from dutydesk import paths
from dutydesk.domain.text import terminal_safe
from dutydesk.start import command_lists as command_lists  # the lists a command uses
from dutydesk.start import open_db as open_db  # the commands' way to the Store
from dutydesk.storage.errors import DatabaseError

if TYPE_CHECKING:
    from dutydesk.storage.period import Source

Command = TypeVar("Command", bound=Callable[..., Any])


class Commands(typer.Typer):
    """A Typer whose every command says a DatabaseError (the Store's plain words: busy,
    unreachable, the disk full) as `fail` does, exit 2, wherever the command meets it:
    never a traceback, and no command writes its own handler for it."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Command], Command]:
        register = super().command(*args, **kwargs)

        def decorator(command: Command) -> Command:
            @functools.wraps(command)
            def run(*given: Any, **named: Any) -> Any:
                try:
                    return command(*given, **named)
                except DatabaseError as error:
                    raise fail(str(error)) from None

            register(run)
            return command

        return decorator


cli = Commands(
    help="dutydesk: the duty team's console for a needs-led front door.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Every command's way to the terminal: what comes from the record (a name, a worry, a
    file name) can hold control characters, shown as their codes, never obeyed."""
    typer.echo(terminal_safe(message), err=err, nl=nl)


def fail(message: str) -> typer.Exit:
    echo(f"dutydesk: {message}", err=True)
    return typer.Exit(code=2)


def either_place(ctx: typer.Context, param: typer.CallbackParam, value: Any) -> Any:
    """`--db` and `--exports` are honoured before the sub-command (`dutydesk --db X purge`)
    as after it (`dutydesk purge --db X`); both, naming different things, is refused."""
    root = ctx.find_root()
    if ctx is root or param.name is None:
        return value
    before = root.params.get(param.name)
    if before is None:
        return value
    if value is not None and str(value) != str(before):
        option = param.opts[0] if param.opts else param.name
        raise fail(
            f"{option} is given twice, as {before} and as {value}: give it once, so that "
            "it is clear which one to use."
        )
    return before


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database file or URL (default: DUTYDESK_DB, else your data folder).",
        callback=either_place,
    ),
]
TargetHoursOption = Annotated[
    float | None,
    typer.Option(
        "--target-hours",
        help="Target for IMMEDIATE referrals to reach AT (default: "
        "DUTYDESK_IMMEDIATE_TARGET_HOURS, else 4).",
    ),
]
ExportsOption = Annotated[
    Path | None,
    typer.Option(
        "--exports",
        help="Folder for the day's CSV files (default: DUTYDESK_EXPORTS, else your data folder).",
        callback=either_place,
    ),
]


def where(db: str | None) -> str:
    """The database a command acts on, as its messages name it (a server without password)."""
    from dutydesk.storage.server import is_server, shown

    target = paths.db_target(db)
    return shown(target) if is_server(target) else str(Path(target).expanduser())


def export_source(db: str | None) -> Source:
    """What an export reads: a SQLite file of the current schema through a read-only
    connection (nothing in it is created, changed or migrated); a server, or a file to be
    created or migrated, through the Store (which checks and migrates it) and its engine."""
    from sqlalchemy.exc import SQLAlchemyError

    from dutydesk.domain.clock import system_clock, to_utc
    from dutydesk.storage.engine import read_only_engine, schema_of
    from dutydesk.storage.period import Source
    from dutydesk.storage.version import SCHEMA_VERSION

    target = paths.db_target(db)
    missing = paths.missing_database(target)
    if missing is not None:
        raise fail(missing)
    path = Path(target).expanduser()
    if "://" not in target and path.is_file():
        engine = read_only_engine(path)
        try:
            if schema_of(engine) == SCHEMA_VERSION:
                return Source(engine, to_utc(system_clock()), command_lists())
        except SQLAlchemyError:
            pass  # the Store says what is wrong with it, in plain words
        engine.dispose()
    return Source.of(open_db(db, existing=True))


def day_option(text: str | None, option: str) -> date:
    """A day given on the command line as YYYY-MM-DD, or exit 2 saying which option."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise fail(f"{option} '{text}' is not a date: use YYYY-MM-DD, e.g. 2026-11-26.") from None
