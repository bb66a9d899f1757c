"""`dutydesk measures`: the test's measures for a day or a range, as a table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Annotated

import typer

from dutydesk.commands.common import (
    DbOption,
    TargetHoursOption,
    cli,
    day_option,
    echo,
    fail,
    open_db,
)
from dutydesk.paths import immediate_target_minutes

LABEL_WIDTH, COLUMN_WIDTH = 42, 13  # a day per column while the terminal is wide enough


def parse_day(text: str | None, default: date, name: str) -> date:
    return default if text is None else day_option(text, name)


@cli.command()
def measures(
    first: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD (default: today).")
    ] = None,
    last: Annotated[
        str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (default: today).")
    ] = None,
    output: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    target_hours: TargetHoursOption = None,
    db: DbOption = None,
) -> None:
    """The test's measures (docs/measures.md) for a day or a range of days."""
    from dutydesk.domain.measures import compute
    from dutydesk.domain.report import as_json, records, table

    if output not in ("table", "csv", "json"):
        raise fail(f"--format must be table, csv or json, not '{output}'.")
    store = open_db(db, existing=True)
    # --from alone runs to today; --to alone is that one day; neither is today.
    end = parse_day(last, store.today(), "--to")
    start = parse_day(first, end, "--from")
    if end < start:
        raise fail("--to is before --from.")
    lists = store.lists
    target = round(target_hours * 60) if target_hours else immediate_target_minutes(lists)
    result = compute(store.period_records(start, end), store.now(), target, lists=lists)
    if not result.days:
        raise fail(f"No duty sessions from {start} to {end}.")
    if output == "json":
        echo(json.dumps(as_json(result), indent=2, default=str))
    elif output == "csv":
        rows = records(result, lists)
        columns = list(dict.fromkeys(key for row in rows for key in row))
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        echo(text.getvalue(), nl=False)
    else:
        from rich.console import Console
        from rich.table import Table

        console = Console()
        header, lines = table(result, lists)
        fits = max(1, (console.width - LABEL_WIDTH) // COLUMN_WIDTH)
        if len(header) > fits:  # too many days for the terminal: the period only
            header, lines = header[-1:], [(label, values[-1:]) for label, values in lines]
        grid = Table(title=f"dutydesk measures {start} to {end}", show_lines=False)
        grid.add_column("measure", no_wrap=True)
        for column in header:
            grid.add_column(column, justify="right", no_wrap=True, min_width=10)
        for label, values in lines:
            grid.add_row(label, *values)
        console.print(grid)
        if len(header) == 1 and len(result.days) > 1:
            echo("(Each day's figures: --format csv.)")
