"""`dutydesk migrate-to URL`: move the record from a SQLite file to a PostgreSQL server."""

from __future__ import annotations

import sys
from contextlib import closing
from typing import Annotated

import typer

from dutydesk import paths
from dutydesk.commands.common import DbOption, cli, echo, fail


@cli.command("migrate-to")
def migrate_to(
    url: Annotated[
        str,
        typer.Argument(help="The empty PostgreSQL database, postgresql+psycopg://user@host/db."),
    ],
    db: DbOption = None,
) -> None:
    """Copy this SQLite database (every row, the event log with its hashes) into an empty
    PostgreSQL database, then check the copy: rows per table and the hash chain."""
    from dutydesk.commands.admin import admin_actor
    from dutydesk.storage import DatabaseError, open_store
    from dutydesk.storage.copy import copy_database, plan_copy

    source = paths.db_target(db)
    plan = plan_copy(source, url)
    echo(f"Copying {plan.total} rows in {len(plan.rows)} tables from {plan.source}.")
    try:
        with typer.progressbar(length=max(plan.total, 1), label="Copying", file=sys.stderr) as bar:
            report = copy_database(plan, lambda _table, n: bar.update(n))
    except DatabaseError as error:
        raise fail(f"{error} Nothing was copied.") from None
    width = max(len(name) for name in report.counts)
    for name, (before, after) in report.counts.items():
        echo(f"  {name.ljust(width)}  {before:>7} in the file  {after:>7} in the copy")
    if not report.ok:
        for problem in report.problems:
            echo(f"  PROBLEM: {problem}", err=True)
        raise fail(f"The copy at {report.target} does not match: do not use it.")
    found = report.target_chain
    assert found is not None
    echo(
        f"Event log: {found.events} events, hash chain intact on the copy "
        f"(last hash {found.last_hash[:16]}, the same as the file's)."
    )
    with closing(open_store(url)) as store:
        store.record_event("copied from a SQLite file", plan.source.name, admin_actor("migrate-to"))
    echo(
        f"Done: {report.rows} rows copied to {report.target} and checked. Point every desk "
        "at it with --db or DUTYDESK_DB; keep the file as it is, as a backup."
    )
