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
    from dutydesk.domain.baseline import BaselineDay


def _baseline(path: Path) -> list[BaselineDay]:
    """The file's days, or every problem with it (by row and column) and exit 2."""
    from dutydesk.domain.baseline import BaselineError, parse

    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        raise fail(f'{path} is not UTF-8 text: save it as "CSV UTF-8".') from None
    except OSError as error:
        raise fail(f"Cannot read {path}: {error.strerror or error}") from None
    try:
        return parse(text, tuple(o.code for o in command_lists().outcomes))
    except BaselineError as error:
        lines = "\n".join(f"  {problem}" for problem in error.problems)
        raise fail(
            f"{path} was not used ({len(error.problems)} problem(s)); nothing was written:\n{lines}"
        ) from None


@cli.command()
def report(
    first: Annotated[str, typer.Option("--from", help="First day of the range, YYYY-MM-DD.")],
    last: Annotated[str, typer.Option("--to", help="Last day of the range, YYYY-MM-DD.")],
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
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="CSV of the case system's figures for days before dutydesk (docs/report.md).",
        ),
    ] = None,
    title: Annotated[
        str, typer.Option("--title", help="The report's heading, e.g. the test's name.")
    ] = "Front door test",
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
    workbook (docs/report.md). Baseline: every other recorded day in the range."""
    from sqlalchemy.exc import SQLAlchemyError

    from dutydesk.commands.common import export_source
    from dutydesk.domain.series import BadTestDays, choose_test_days
    from dutydesk.exports.files import ExportError
    from dutydesk.exports.report import read_report, write_report

    start, end = day_option(first, "--from"), day_option(last, "--to")
    if end < start:
        raise fail("--to is before --from.")
    listed = [day_option(t, "--test-days") for t in (test_days or "").split(",") if t.strip()]
    if test_days is not None and not listed:
        raise fail("--test-days is empty: give the test's days, e.g. 2026-10-19,2026-10-20.")
    t_start = day_option(test_from, "--test-from") if test_from else None
    t_end = day_option(test_to, "--test-to") if test_to else None

    def tests(recorded: Collection[date]) -> set[date]:
        return choose_test_days(recorded, start, end, listed, t_start, t_end)

    imported = _baseline(baseline) if baseline is not None else []
    target = (
        round(target_hours * 60)
        if target_hours
        else paths.immediate_target_minutes(command_lists())
    )
    folder = out or paths.default_exports() / f"report-{start}-to-{end}"
    if identifiable:
        echo(
            "Warning: this report names people. Keep it on the council's secure storage and "
            "delete it when no longer needed.",
            err=True,
        )
    try:
        with typer.progressbar(length=3, label="Building the report", file=sys.stderr) as bar:
            source = export_source(db)
            bar.update(1)
            built = read_report(
                source,
                start,
                end,
                tests,
                target,
                identifiable=identifiable,
                title=title,
                imported=imported,
            )
            bar.update(1)
            written = write_report(built, folder)
            bar.update(1)
    except BadTestDays as error:
        raise fail(str(error)) from None
    except ExportError as error:
        raise fail(str(error)) from None
    except SQLAlchemyError as error:
        from dutydesk.storage.engine import explain

        raise fail(explain(error, paths.db_target(db))) from None
    extra = f" and {len(built.imported)} from the case system" if built.imported else ""
    n_test, n_base = len(built.tests), len(built.baseline)
    echo(f"{len(built.days)} day(s): {n_test} test, {n_base} baseline{extra}.")
    for path in written:
        echo(str(path))
