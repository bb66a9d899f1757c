"""`dutydesk report`: the test's measures as run charts, in an HTML page and a workbook."""

from __future__ import annotations

import sys
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dutydesk import paths
from dutydesk.commands.common import (
    DbOption,
    TargetHoursOption,
    cli,
    command_lists,
    day_option,
    echo,
    fail,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from dutydesk.domain.baseline import BaselineDay
    from dutydesk.storage.period import Source


@cli.command()
def report(
    first: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="First day of the range (with --test: the first baseline day).",
        ),
    ] = None,
    last: Annotated[
        str | None,
        typer.Option("--to", help="Last day of the range (with --test: the test's last day)."),
    ] = None,
    test: Annotated[
        str | None, typer.Option("--test", help="A test kept by `dutydesk test add`, by name.")
    ] = None,
    test_days: Annotated[
        str | None,
        typer.Option(
            "--test-days", help="The test's days, comma-separated: 2026-10-19,2026-10-20."
        ),
    ] = None,
    test_from: Annotated[
        str | None, typer.Option("--test-from", help="First test day (with --test-to).")
    ] = None,
    test_to: Annotated[
        str | None, typer.Option("--test-to", help="Last test day (with --test-from).")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="The report's heading (default: the test's name).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Folder to write to (default: the exports folder's report-FROM-to-TO)."
        ),
    ] = None,
    identifiable: Annotated[
        bool, typer.Option("--identifiable", help="Name the people who gave comments.")
    ] = False,
    target_hours: TargetHoursOption = None,
    db: DbOption = None,
) -> None:
    """Run charts of the measures, test days against the baseline: an HTML page and a
    workbook (docs/report.md). Baseline: every other recorded day in the range, and the
    days kept by `dutydesk baseline import`."""
    from sqlalchemy.exc import SQLAlchemyError

    from dutydesk.commands.common import export_source
    from dutydesk.domain.series import BadTestDays, choose_test_days
    from dutydesk.domain.trials import TrialError, find
    from dutydesk.exports.files import ExportError
    from dutydesk.exports.report import read_report, write_report
    from dutydesk.storage.trials import read_baseline, read_trials

    if test and (test_days or test_from or test_to):
        raise fail("give the test by --test NAME or by its days, not both.")
    if not test and not (first and last):
        raise fail("give the range (--from and --to), or a test kept in the record (--test).")
    listed = [day_option(t, "--test-days") for t in (test_days or "").split(",") if t.strip()]
    if test_days is not None and not listed:
        raise fail("--test-days is empty: give the test's days, e.g. 2026-10-19,2026-10-20.")
    t_start = day_option(test_from, "--test-from") if test_from else None
    t_end = day_option(test_to, "--test-to") if test_to else None
    target = (
        round(target_hours * 60)
        if target_hours
        else paths.immediate_target_minutes(command_lists())
    )
    if identifiable:
        echo(
            "Warning: this report names people. Keep it on the council's secure storage and "
            "delete it when no longer needed.",
            err=True,
        )
    try:
        with typer.progressbar(length=3, label="Building the report", file=sys.stderr) as bar:
            source = export_source(db)
            planned: tuple[date, ...] = ()
            with source.connect() as conn:
                if test:
                    trial = find(read_trials(conn), test)
                    planned = trial.test_days or trial.days
                    title = title or trial.name
                kept = read_baseline(conn, None, None)
            start = day_option(first, "--from") if first else _first_day(source, kept, planned)
            end = day_option(last, "--to") if last else planned[-1]
            if end < start:
                raise fail("--to is before --from.")

            def tests(recorded: Collection[date]) -> set[date]:
                if test:
                    chosen = set(planned) & set(recorded)
                    if not chosen:
                        raise BadTestDays(f'no duty session was recorded on a day of "{test}".')
                    return chosen
                return choose_test_days(recorded, start, end, listed, t_start, t_end)

            bar.update(1)
            built = read_report(
                source,
                start,
                end,
                tests,
                target,
                identifiable=identifiable,
                title=title or "Front door test",
            )
            bar.update(1)
            folder = out or paths.default_exports() / f"report-{start}-to-{end}"
            written = write_report(built, folder)
            bar.update(1)
    except (BadTestDays, TrialError, ExportError) as error:
        raise fail(str(error)) from None
    except SQLAlchemyError as error:
        from dutydesk.storage.engine import explain

        raise fail(explain(error, paths.db_target(db))) from None
    extra = f" and {len(built.imported)} from the case system" if built.imported else ""
    n_test, n_base = len(built.tests), len(built.baseline)
    echo(f"{len(built.days)} day(s): {n_test} test, {n_base} baseline{extra}.")
    for path in written:
        echo(str(path))


def _first_day(source: Source, kept: Sequence[BaselineDay], planned: Sequence[date]) -> date:
    """A test's report starts at the first baseline day kept, or the first recorded day."""
    days = [d.day for d in kept]
    with source.connect() as conn:
        from sqlalchemy import func, select

        from dutydesk.storage.reading import SESSION

        recorded = conn.scalar(select(func.min(SESSION.c.day)))
    if recorded:
        days.append(date.fromisoformat(recorded))
    return min(days, default=planned[0])
