"""For IT and information governance: `check`, `backup`, `restore`, `purge` and `audit`.

None of these opens the console or imports Textual; each says what it did in plain words
and exits non-zero when it could not (2: could not run; 1: `check` found a problem).
"""

from __future__ import annotations

import getpass
import re
import sys
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dutydesk import paths
from dutydesk.commands.common import (
    DbOption,
    cli,
    command_lists,
    day_option,
    echo,
    fail,
    open_db,
    where,
)
from dutydesk.domain.text import terminal_safe

if TYPE_CHECKING:
    from dutydesk.domain.audit import AuditEntry
    from dutydesk.domain.records import Actor
    from dutydesk.domain.vocab import Lists

YesOption = Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")]
PERIOD = re.compile(r"^\s*(\d+)\s*([dmy])\s*$")


SERVER_BACKUPS = (
    "On PostgreSQL, backups are the server's: IT backs up the database with pg_dump (or "
    "the server's own backup system) and restores it with pg_restore. See the README, "
    '"Several desks, and PostgreSQL".'
)


def server_url(db: str | None) -> str | None:
    """The PostgreSQL URL named (or DUTYDESK_DB), or None for a SQLite file."""
    from dutydesk.storage.server import is_server

    target = paths.db_target(db)
    return target if is_server(target) else None


def database_file(db: str | None) -> Path:
    """The database file named (or the default); a URL is refused: these need a file."""
    from dutydesk.storage.engine import database_url, sqlite_path

    target = paths.db_target(db)
    if server_url(db) is not None:
        raise fail(SERVER_BACKUPS)
    path = sqlite_path(database_url(target))
    if path is None:
        raise fail(f"{target} is not a database file: this command needs one.")
    return path


def admin_actor(command: str) -> Actor:
    """Who ran an administrative command: the computer's user name (not a duty-team role)."""
    from dutydesk.domain.records import Actor

    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "unknown user"
    return Actor(user, "", f"IT: dutydesk {command}")


@cli.command()
def check(
    db: DbOption = None,
    seal: Annotated[
        str,
        typer.Option(
            "--seal",
            help="A seal printed earlier (end of day, an export's manifest): is it still in "
            "the event log?",
        ),
    ] = "",
) -> None:
    """Check the database: SQLite's integrity check, the append-only triggers, the event
    log's hash chain, and every saved row against its seal. Exits 1 if anything is wrong."""
    from dutydesk.storage.integrity import Options, check_file, check_server

    url = server_url(db)
    with typer.progressbar(length=1, label="Checking", file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        options = Options(printed=(seal,) if seal else (), progress=progress)
        report = check_server(url, options) if url else check_file(database_file(db), options)
    where = report.where
    for note in report.notes:
        echo(f"  ok: {note}")
    if report.ok:
        echo(f"OK: {where} is whole, append-only and unedited.")
        return
    for problem in report.problems:
        echo(f"  PROBLEM: {problem}", err=True)
    echo(f"FAILED: {where} did not pass the check.", err=True)
    raise typer.Exit(code=1)


@cli.command()
def verify(
    folder: Annotated[Path, typer.Argument(help="The export's folder (with its manifest).")],
    db: DbOption = None,
) -> None:
    """Check an export folder against the database: its files unchanged since written, its
    rows as the record has them, and the seal it was made under still in the event log.
    Exits 1 if anything is wrong."""
    from sqlalchemy.exc import SQLAlchemyError

    from dutydesk.exports.files import ExportError
    from dutydesk.exports.verify import verify_export
    from dutydesk.storage.errors import DatabaseError
    from dutydesk.storage.integrity import Options, check_file, check_server

    url = server_url(db)
    target = url or database_file(db)
    if not folder.is_dir():
        raise fail(f"There is no folder {folder}.")
    try:
        found = verify_export(folder, target, command_lists())
    except (OSError, ValueError, KeyError) as error:
        raise fail(f"{folder} could not be read as a dutydesk export: {error}") from None
    except (DatabaseError, SQLAlchemyError, ExportError) as error:
        raise fail(f"The export could not be made again to compare: {error}") from None
    for note in found.notes:
        echo(f"  ok: {note}")
    problems = list(found.problems)
    if found.seals:
        options = Options(printed=found.seals)
        report = check_server(url, options) if url else check_file(database_file(db), options)
        problems += report.problems
        echo(f"  ok: the database's check: {len(report.notes)} checks passed")
    if not problems:
        echo(f"OK: {folder} is as it was exported, and the record has not changed since.")
        return
    for problem in problems:
        echo(f"  PROBLEM: {problem}", err=True)
    echo(f"FAILED: {folder} did not pass the check.", err=True)
    raise typer.Exit(code=1)


@cli.command()
def backup(
    to: Annotated[
        Path | None,
        typer.Option("--to", help="A new file (or a folder) for the backup (default: backups/)."),
    ] = None,
    keep: Annotated[
        int, typer.Option("--keep", min=1, help="How many backups to keep in backups/.")
    ] = 10,
    db: DbOption = None,
) -> None:
    """Copy the database safely, even while desks are using it."""
    from dutydesk.storage.backup import make_backup

    made = make_backup(database_file(db), datetime.now(UTC), to=to, keep=keep)
    echo(f"Backed up {where(db)} to {made}")


@cli.command()
def restore(
    file: Annotated[Path, typer.Argument(help="The backup file to restore.")],
    yes: YesOption = False,
    db: DbOption = None,
) -> None:
    """Put a backup in place of the database, after checking it (the current file is kept
    as a backup first)."""
    from dutydesk.storage.backup import restore as restore_file
    from dutydesk.storage.integrity import check_file

    path = database_file(db)
    report = check_file(file)
    if not report.ok:
        raise fail(f"{file} cannot be restored: " + " ".join(report.problems))
    events = f", {report.chain.events} events" if report.chain else ""
    echo(f"{file}: checked (schema {report.schema}{events}).")
    if not yes:
        typer.confirm(
            terminal_safe(f"Replace {path} with it? The current file is kept as a backup."),
            abort=True,
        )
    done = restore_file(file, path, datetime.now(UTC))
    # Opening it upgrades an older backup's schema, and checks the result.
    with closing(open_db(str(path))) as store:
        store.record_event("restored from backup", file.name, admin_actor("restore"))
    if done.kept_aside is not None:
        echo(f"The file as it was is kept at {done.kept_aside}")
    echo(f"Restored {file} to {path}.")


def cutoff(today: date, older_than: str) -> date:
    """The first day kept: '1y', '6m' and '90d' count back from today."""
    import pendulum

    found = PERIOD.match(older_than)
    if found is None or int(found.group(1)) == 0:
        raise ValueError(older_than)
    amount, unit = int(found.group(1)), found.group(2)
    start = pendulum.date(today.year, today.month, today.day)
    if unit == "y":
        return start.subtract(years=amount)
    if unit == "m":
        return start.subtract(months=amount)
    return start.subtract(days=amount)


@cli.command()
def purge(
    older_than: Annotated[
        str,
        typer.Option("--older-than", help="Age of the sessions to remove: 1y, 6m or 90d."),
    ],
    yes: YesOption = False,
    db: DbOption = None,
) -> None:
    """Remove for good the referrals (and everything recorded about them) from sessions
    older than the period; the event log keeps who did what, without content."""
    shown = where(db)
    with closing(open_db(db, existing=True)) as store:
        try:
            before = cutoff(store.today(), older_than)
        except ValueError:
            raise fail(f"'{older_than}' is not a period: use e.g. 1y, 6m or 90d.") from None
        plan = store.purge_plan(before)
        if not plan.total:
            echo(f"Nothing to remove from {shown}: no referral from a session before {before}.")
            if store.purge_unfinished():  # an earlier purge left the text in the file: finish
                _say_if_complete(store.finish_purge(admin_actor("purge")), shown)
                echo(f"The earlier purge of {shown} is complete: the removed text is gone.")
            return
        echo(
            f"{plan.referrals} referrals from sessions {plan.first_day} to {plan.last_day} "
            f"({plan.total} rows) will be removed for good from {shown}."
        )
        if not yes:
            typer.confirm(terminal_safe(f"Remove them from {shown}?"), abort=True)
        result = store.purge(before, admin_actor("purge"))
    echo(f"Removed from {shown}: {result.plan.summary()}.")
    if server_url(db):
        echo(
            "The server's backups (pg_dump files, WAL archives) made before this purge still "
            "hold what it removed: delete those your retention policy does not allow."
        )
    else:
        _warn_about_backups(database_file(db))
    _say_if_complete(result.scrubbed, shown)


def _say_if_complete(scrubbed: bool, shown: str) -> None:
    """A purge is complete only when the removed text is in neither the file nor its WAL;
    until then the command fails (exit 1), however often it is run."""
    if scrubbed:
        return
    echo(
        f"NOT COMPLETE: another desk is reading {shown}, so the removed text is still in "
        "the file. Close dutydesk on every desk, then run the same purge again: it finishes "
        "this one.",
        err=True,
    )
    raise typer.Exit(code=1)


def _warn_about_backups(path: Path) -> None:
    folder = paths.backups_dir(path)
    older = sorted(folder.glob(f"{path.stem}-*.db")) if folder.is_dir() else []
    if older:
        echo(
            f"{len(older)} backups in {folder} were made before this purge and still hold "
            "what it removed: delete those your retention policy does not allow."
        )


@cli.command()
def audit(
    day: Annotated[
        str | None, typer.Option("--date", help="The day, YYYY-MM-DD (default: today).")
    ] = None,
    referral: Annotated[
        str | None, typer.Option("--referral", help="Only this referral, e.g. 261126-03.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Every change on a day: when (London time), who, their agency, and what changed."""
    from dutydesk.domain.text import FieldError

    with closing(open_db(db, existing=True)) as store:
        when = day_option(day, "--date") if day else store.today()
        try:
            entries = store.events_on(when, referral)
        except FieldError as error:
            raise fail(str(error)) from None
    if not entries:
        echo(f"No changes on {when}.")
        return
    for line in audit_lines(entries, store.lists):
        echo(line)


def audit_lines(entries: list[AuditEntry], lists: Lists) -> list[str]:
    from dutydesk.domain.clock import to_london

    rows = [
        (
            to_london(e.at).format("HH:mm:ss"),
            e.ref or "-",
            e.actor_name or "-",
            e.agency(lists) or e.actor_role or "-",
            e.what,
        )
        for e in entries
    ]
    header = ("time", "referral", "who", "agency", "what changed")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True))
        + "  "
        + row[4]
        for row in [header, *rows]
    ]
