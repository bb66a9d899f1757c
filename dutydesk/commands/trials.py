"""`dutydesk test` (the partnership's tests of change and their days) and `dutydesk baseline`
(days from the case system, before dutydesk): both kept in the record, each change
attributed (`--name`, else the computer's login name) and logged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from dutydesk.commands.common import (
    Commands,
    DbOption,
    cli,
    command_lists,
    day_option,
    echo,
    fail,
    open_db,
    where,
)

if TYPE_CHECKING:
    from dutydesk.domain.records import Actor
    from dutydesk.domain.trials import Trial
    from dutydesk.storage import Store

test_app = Commands(help="The partnership's tests of change: their names and days.")
cli.add_typer(test_app, name="test")
baseline_app = Commands(help="Days from the case system, before dutydesk was used.")
cli.add_typer(baseline_app, name="baseline")

NameOption = Annotated[
    str | None, typer.Option("--name", help="Who is doing it (recorded; default: your login).")
]
T = TypeVar("T")


def _actor(name: str | None) -> Actor:
    import getpass

    from dutydesk.domain.records import Actor

    return Actor((name or "").strip() or getpass.getuser(), "mash", "command line")


def _with_store(db: str | None, work: Callable[[Store], T], *, existing: bool = False) -> T:
    """`work` on the Store; its refusal (a bad name, a day) as a plain message, exit 2."""
    from dutydesk.domain.text import FieldError
    from dutydesk.domain.trials import TrialError
    from dutydesk.storage import DatabaseError

    store = open_db(db, existing=existing)
    try:
        return work(store)
    except (TrialError, FieldError, DatabaseError) as error:
        raise fail(f"{str(error).rstrip('.')}. Nothing was changed.") from None
    finally:
        store.close()


def _shown(trial: Trial) -> str:
    days = trial.test_days
    span = f"{days[0]} to {days[-1]}" if days else "no days left"
    ended = f", ended on {trial.ended_on}" if trial.ended_on else ""
    return f'"{trial.name}": {len(days)} day(s), {span}{ended}'


@test_app.command("add")
def add(
    test_name: Annotated[str, typer.Argument(help='The test\'s name, e.g. "Front door test 1".')],
    days: Annotated[
        str | None, typer.Option("--days", help="Its days: 2026-10-19,2026-10-20,...")
    ] = None,
    first: Annotated[str | None, typer.Option("--from", help="Its first day (with --to).")] = None,
    last: Annotated[str | None, typer.Option("--to", help="Its last day (with --from).")] = None,
    weekdays: Annotated[
        str, typer.Option("--weekdays", help="With --from/--to: which days, e.g. mon,wed,fri.")
    ] = "mon,tue,wed,thu,fri",
    name: NameOption = None,
    db: DbOption = None,
) -> None:
    """Name a test and its days (a list, or a range and weekdays)."""
    from dutydesk.domain.trials import TrialError, days_between, days_listed

    try:
        if days is not None and (first or last):
            raise TrialError("give the days as --days or as --from/--to, not both")
        if days is not None:
            chosen = days_listed(days)
        elif first and last:
            chosen = days_between(day_option(first, "--from"), day_option(last, "--to"), weekdays)
        else:
            raise TrialError("give its days: --days 2026-10-19,2026-10-20 or --from and --to")
    except TrialError as error:
        raise fail(f"{error}. Nothing was added.") from None
    trial = _with_store(db, lambda s: s.add_trial(test_name, chosen, _actor(name)))
    echo(f"Added the test {_shown(trial)}, in {where(db)}.")


@test_app.command("list")
def list_tests(db: DbOption = None) -> None:
    """The tests, oldest first."""
    trials = _with_store(db, lambda s: s.trials(), existing=True)
    for trial in trials:
        echo(_shown(trial))
        echo(f"  days: {', '.join(f'{d:%a %d %b}' for d in trial.test_days)}")
    if not trials:
        echo('No tests yet: `dutydesk test add "Front door test 1" --days ...`.')


@test_app.command("rename")
def rename(
    old: Annotated[str, typer.Argument(help="Its name now.")],
    new: Annotated[str, typer.Argument(help="Its new name.")],
    name: NameOption = None,
    db: DbOption = None,
) -> None:
    """Rename a test (the old name stays in the record)."""
    trial = _with_store(db, lambda s: s.rename_trial(old, new, _actor(name)), existing=True)
    echo(f"Renamed: {_shown(trial)}.")


@test_app.command("end")
def end(
    test_name: Annotated[str, typer.Argument(help="The test's name.")],
    on: Annotated[str | None, typer.Option("--on", help="Its last day (default: today).")] = None,
    name: NameOption = None,
    db: DbOption = None,
) -> None:
    """End a test: its days after the last day are no longer test days."""

    def ending(store: Store) -> Trial:
        last = day_option(on, "--on") if on else store.today()
        return store.end_trial(test_name, last, _actor(name))

    echo(f"Ended: {_shown(_with_store(db, ending, existing=True))}.")


@baseline_app.command("import")
def import_baseline(
    file: Annotated[Path, typer.Argument(help="A CSV, one row per day (docs/measures.md).")],
    name: NameOption = None,
    db: DbOption = None,
) -> None:
    """Keep the case system's figures for days before dutydesk (all or nothing; a day
    imported again replaces the one before in the report)."""
    from dutydesk.domain import vocab
    from dutydesk.domain.baseline import BaselineError, parse

    def refused(problems: list[str]) -> typer.Exit:
        lines = "\n".join(f"  {problem}" for problem in problems)
        return fail(
            f"{file} was not imported ({len(problems)} problem(s)); nothing was kept:\n{lines}"
        )

    try:
        text = file.read_text("utf-8")
    except UnicodeDecodeError:
        raise fail(f'{file} is not UTF-8 text: save it as "CSV UTF-8".') from None
    except OSError as error:
        raise fail(f"Cannot read {file}: {error.strerror or error}") from None
    try:
        days = parse(text, tuple(vocab.codes(command_lists().outcomes)))
        count = _with_store(db, lambda s: s.import_baseline(days, file.name, _actor(name)))
    except BaselineError as error:
        raise refused(error.problems) from None
    echo(f"Imported {count} baseline day(s), {days[0].day} to {days[-1].day}, into {where(db)}.")


@baseline_app.command("list")
def list_baseline(db: DbOption = None) -> None:
    """The baseline days kept (the latest import of each)."""
    days = _with_store(db, lambda s: s.baseline_days(), existing=True)
    for d in days:
        echo(f"{d.day:%a %d %b %Y}: {d.contacts} contacts, {d.decisions} decisions")
    echo(f"{len(days)} baseline day(s)." if days else "No baseline days: `baseline import FILE`.")
