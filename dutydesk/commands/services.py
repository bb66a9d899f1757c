"""`dutydesk services`: the directory of local services ("pathway to provision")."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer

from dutydesk.commands.common import (
    Commands,
    DbOption,
    cli,
    command_lists,
    echo,
    fail,
    open_db,
    where,
)

services_app = Commands(help="The directory of local services the team refers families to.")
cli.add_typer(services_app, name="services")


@services_app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(help="A .csv or .toml file (see docs/services.md).")],
    db: DbOption = None,
) -> None:
    """Replace the whole directory with the file's services; a file with a bad row adds
    nothing, and every bad row is listed with the reason."""
    from dutydesk.domain.records import Actor
    from dutydesk.services import read

    report = read(file, command_lists())
    if report.problem:
        raise fail(f"{report.problem}. Nothing imported.")
    if report.rejected:
        for item in report.rejected:
            echo(f"rejected: {item}", err=True)
        raise fail(
            f"{len(report.rejected)} row(s) rejected, {len(report.entries)} fine: nothing "
            "imported (fix the rows above and import the file again)."
        )
    with closing(open_db(db)) as store:
        count = store.import_services(report.entries, file.name, Actor("", "mash", "import"))
    echo(
        f"Imported {count} services from {file} into {where(db)}; they replace the directory "
        "before."
    )


@services_app.command("list")
def list_services(db: DbOption = None) -> None:
    """The directory in use."""
    with closing(open_db(db, existing=True)) as store:
        services, lists = store.services(), store.lists
    if not services:
        echo("The directory is empty: `dutydesk services import FILE`.")
        return
    for service in services:
        echo(f"{service.name}")
        echo(f"  meets:   {service.needs_shown(lists)}")
        for label, text in (
            ("for:     ", service.who_for),
            ("refer:   ", service.how_to_refer),
            ("contact: ", service.contact),
        ):
            if text:
                echo(f"  {label}{text}")
    echo(f"{len(services)} services.")
