"""The command line: `dutydesk` opens today's session; sub-commands do the rest.

Heavy imports (Textual, the app) happen inside the commands that need them. The plain
console launch (`dutydesk [--db ..] [--exports ..]`) does not come here (`__main__.py`).
The sub-commands live in `commands/`, one module per group; what they share (the `cli`
app itself, the options, `echo`, `fail`) is `commands/common.py`, below them all.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dutydesk import paths
from dutydesk.commands.common import (
    DbOption,
    ExportsOption,
    cli,
    day_option,
    echo,
    either_place,
    export_source,
    fail,
    open_db,
    where,
)
from dutydesk.start import check_lists, command_lists, open_console, run_console

if TYPE_CHECKING:
    from dutydesk.storage.period import Source


def _uses(command: Any, name: str) -> bool:
    """Whether `command` (or, for a group, any of its commands) takes the option `name`."""
    group = getattr(command, "commands", None)
    if isinstance(group, dict):
        return any(_uses(sub, name) for sub in group.values())
    return command is not None and any(p.name == name for p in command.params)


@cli.callback(invoke_without_command=True)
def console(ctx: typer.Context, db: DbOption = None, exports: ExportsOption = None) -> None:
    """Open today's duty session (starting it if need be)."""
    if ctx.invoked_subcommand is not None and hasattr(ctx.command, "get_command"):
        command = ctx.command.get_command(ctx, ctx.invoked_subcommand)
        for name, value in (("db", db), ("exports", exports)):
            if value is not None and not _uses(command, name):
                raise fail(f"`{ctx.invoked_subcommand}` does not use --{name}.")
    if ctx.invoked_subcommand != "config":  # `config` reads the lists file itself
        check_lists()
    if ctx.invoked_subcommand is not None:
        return
    open_console(db, exports)


@cli.command()
def demo(exports: ExportsOption = None) -> None:
    """Open the console on a throwaway database filled with a fictional test day."""
    from dutydesk.demo import seed_demo, seed_trial
    from dutydesk.storage import open_store

    folder = Path(tempfile.mkdtemp(prefix="dutydesk-demo-"))
    store = open_store(folder / "demo.db", lists=command_lists())
    seed_demo(store, days=5)
    seed_trial(store)
    run_console(store, exports or folder / "exports", demo=True)
    echo(f"The demo's database and exports are in {folder} (fictional data).")


@cli.command("seed-demo")
def seed_demo_command(
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Database file to fill (created if missing).", callback=either_place
        ),
    ] = None,
    days: Annotated[
        int, typer.Option("--days", min=1, help="How many working days of sessions.")
    ] = 1,
    referrals: Annotated[
        int | None,
        typer.Option(
            "--referrals",
            min=1,
            help="How many referrals in all, spread over --days (or over as many days as "
            "take about 13 a day).",
        ),
    ] = None,
) -> None:
    """Write fictional test days into a database, without opening the console."""
    from dutydesk.demo import seed_demo, seed_trial

    if db is None:  # never the team's own database by default
        raise fail("seed-demo needs --db: the database file to fill with fictional days.")
    store = open_db(db)
    session = seed_demo(store, days=days, referrals=referrals)
    written = len(store.session_days())
    trial = seed_trial(store)
    echo(f"Wrote {written} day(s) of fictional sessions to {db} (today: {session.day}),")
    echo(f'a test "{trial.name}" of {len(trial.days)} day(s) and 20 baseline days.')


@cli.command()
def export(
    day: Annotated[
        str | None, typer.Option("--date", help="The session's day, YYYY-MM-DD (default: today).")
    ] = None,
    first: Annotated[
        str | None, typer.Option("--from", help="First day of a range (a folder per day).")
    ] = None,
    last: Annotated[str | None, typer.Option("--to", help="Last day of a range.")] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder to write to (default: the exports folder).")
    ] = None,
    identifiable: Annotated[
        bool,
        typer.Option(
            "--identifiable", help="Include names, dates of birth, contact details and the worry."
        ),
    ] = False,
    db: DbOption = None,
    exports: ExportsOption = None,
) -> None:
    """Write a day's CSV files, or a range of days with measures.csv and a manifest."""
    from sqlalchemy.exc import SQLAlchemyError

    from dutydesk.domain.clock import london_day
    from dutydesk.exports.daily import export_day
    from dutydesk.exports.files import ExportError

    source = export_source(db)
    if out is not None and exports is not None and out != exports:
        raise fail(f"--out {out} and --exports {exports} name two folders: give one.")
    folder = out or exports or paths.default_exports()
    if identifiable:
        echo(
            "Warning: these files name children and referrers. Keep them on the council's "
            "secure storage and delete them when no longer needed.",
            err=True,
        )
    try:
        if first is not None or last is not None:
            start = day_option(first or last, "--from")
            end = day_option(last or first, "--to")
            if end < start:
                raise fail("--to is before --from.")
            _export_range(source, start, end, folder, identifiable)
            return
        when = day_option(day, "--date") if day else london_day(source.now)
        said: list[str] = []
        written = export_day(
            source,
            when,
            folder,
            identifiable=identifiable,
            on_file=lambda path, n: said.append(f"{path.name}: {n}"),
        )
    except (ExportError, OSError) as error:
        raise fail(str(error)) from None
    except SQLAlchemyError as error:
        from dutydesk.storage.engine import explain

        raise fail(explain(error, paths.db_target(db))) from None
    for path in written:
        echo(str(path))
    if not identifiable:
        echo("Names and details replaced in the free text: " + ", ".join(said), err=True)


def _export_range(source: Source, start: date, end: date, folder: Path, identifiable: bool) -> None:
    from dutydesk.exports.period import MANIFEST, export_period

    days = source.days(start, end)
    with typer.progressbar(length=max(days, 1), label="Exporting", file=sys.stderr) as bar:
        entries = export_period(
            source, start, end, folder, identifiable=identifiable, on_day=lambda _d: bar.update(1)
        )
    echo(f"{len(entries)} files for {days} day(s) in {folder}; see {folder / MANIFEST}")
    if not identifiable:
        kinds: dict[str, list[int]] = {}
        for e in entries:
            kind = e.path.rsplit("-", 1)[-1] if "/" in e.path else e.path
            kinds.setdefault(kind, []).append(e.replaced)
        echo(
            "Names and details replaced in the free text (each file's count in the manifest): "
            + ", ".join(f"{kind} {sum(n):,} in {len(n)} file(s)" for kind, n in kinds.items()),
            err=True,
        )


@cli.command("paths")
def show_paths(db: DbOption = None) -> None:
    """Show where the database and exports live."""
    echo(f"database: {where(db)}")
    echo(f"exports:  {paths.default_exports()}")
    echo(f"config:   {paths.config_dir()}  (keys.toml: the team's keymap; lists.toml: the lists)")
    if "://" not in paths.db_target(db):
        echo(f"backups:  {paths.backups_dir(Path(paths.db_target(db)).expanduser())}")


# The sub-commands, a module per group: each registers its commands on `cli` as it is
# imported, after those above (`dutydesk --help` lists them in that order).
from dutydesk.commands import (  # noqa: E402, F401
    admin,
    config,
    importing,
    keys,
    measures,
    moving,
    report,
    review,
    services,
    trials,
)


def main() -> None:
    try:
        cli()
    except KeyboardInterrupt:
        sys.exit(130)
