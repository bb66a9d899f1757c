"""`dutydesk config`: the partnership's lists (agencies, needs, outcomes, urgencies).

`path` shows where the file is, `show` prints the lists in use, `init` writes the shipped
defaults there to edit (never over an existing file), `check` says what is wrong with one.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer

from dutydesk import lists, paths
from dutydesk.commands.common import Commands, DbOption, cli, echo, fail
from dutydesk.domain import vocab

config_app = Commands(help="The partnership's lists: agencies, needs, outcomes, urgencies.")
cli.add_typer(config_app, name="config")


def _file() -> Path:
    return lists.file_in(paths.config_dir())


@config_app.command("path")
def show_path() -> None:
    """Where the lists file is (it may not exist yet: `dutydesk config init`)."""
    path = _file()
    echo(str(path))
    if not path.exists():
        echo("(no file yet: the shipped lists are in use; `dutydesk config init`)", err=True)


@config_app.command("show")
def show() -> None:
    """The lists in use, as every screen, export and measure sees them."""
    loaded, warning = lists.load(paths.config_dir())
    if warning:
        echo(f"Warning: {warning}", err=True)
    echo(f"Lists from {loaded.source}")
    echo("\nAgencies (number keys pick them in this order):")
    for n, c in enumerate(loaded.agencies, start=1):
        echo(f"  {n}. {c.code:<16} {c.label}")
    echo("\nUrgencies (most urgent first):")
    for c in loaded.urgencies:
        target = f", target {c.target_hours:g} hours" if c.target_hours else ""
        echo(f"  {c.code:<16} {c.label}: {c.hint}{target}")
    echo(f"  IMMEDIATE target in use: {paths.immediate_target_minutes(loaded) / 60:g} hours")
    echo("\nOutcomes:")
    for c in loaded.outcomes:
        team = "  (to the Assessment Team)" if c.to_assessment_team else ""
        echo(f"  {c.code:<16} {c.label}{team}")
    echo("\nNeeds, by group:")
    groups: dict[str, list[vocab.Choice]] = {}
    for c in loaded.needs:
        groups.setdefault(c.group or "Other", []).append(c)
    for group, needs in groups.items():
        echo(f"  {group}")
        for c in needs:
            echo(f"    {c.code:<16} {c.label}")
    for title, chosen in (
        ("Action-plan review rubric", loaded.plan_rubric),
        *((f"The call's {name.replace('_', ' ')}", c) for name, c in loaded.chosen.items()),
    ):
        echo(f"\n{title}:")
        for c in chosen or (vocab.Choice("(none)", ""),):
            echo(f"  {c.code:<16} {c.label}")
    echo("\nSafety-netting advice for the referrer:")
    for line in loaded.safety_netting.splitlines() or ["(none)"]:
        echo(f"  {line}")


@config_app.command("init")
def init() -> None:
    """Write the shipped lists to the config folder to edit (never over an existing file)."""
    path = _file()
    if path.exists():
        raise fail(f"{path} already exists: edit it, or move it away first. Nothing written.")
    try:
        # exclusive: never over a file, even one written at the same moment
        paths.write_private(path, vocab.default_text(), exclusive=True)
    except FileExistsError:
        raise fail(
            f"{path} already exists: edit it, or move it away first. Nothing written."
        ) from None
    except OSError as error:
        raise fail(f"could not write {path}: {error.strerror or error}") from None
    echo(f"Wrote the shipped lists to {path}")
    echo("Edit it, then run `dutydesk config check` before the next session.")


@config_app.command("check")
def check(
    file: Annotated[
        Path | None, typer.Argument(help="The file to check (default: the one in use).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Check a lists file: every problem with its line and key. Exit 1 if it has errors."""
    path = file or _file()
    if file is None and not path.exists():
        echo(f"No lists file at {path}: the shipped lists are in use.")
        return
    checked = lists.check_file(path)
    target = paths.db_target(db)
    if checked.lists is not None and ("://" in target or Path(target).exists()):
        from dutydesk.commands.common import open_db

        with closing(open_db(db)) as store:
            lists.removed_in_use(checked, store.codes_in_use())
    for problem in checked.problems:
        echo(f"{path}: {problem}")
    if checked.errors:
        echo(
            f"{len(checked.errors)} error(s): this file is not used (the console starts with "
            "the shipped lists) until they are fixed.",
            err=True,
        )
        raise typer.Exit(code=1)
    counts = checked.lists
    assert counts is not None
    echo(
        f"{path} is OK: {len(counts.agencies)} agencies, {len(counts.urgencies)} urgencies, "
        f"{len(counts.outcomes)} outcomes, {len(counts.needs)} needs"
        + (f"; {len(checked.warnings)} warning(s)" if checked.warnings else "")
        + "."
    )
