"""`dutydesk review`: a reviewer scores decided referrals' action plans against the
partnership's rubric, one by one, in the console (screens/plan_review.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from dutydesk import paths
from dutydesk.commands.common import DbOption, cli, command_lists, day_option, fail, open_db


@cli.command()
def review(
    first: Annotated[str, typer.Option("--from", help="First day of the range, YYYY-MM-DD.")],
    last: Annotated[str, typer.Option("--to", help="Last day of the range, YYYY-MM-DD.")],
    sample: Annotated[
        int | None,
        typer.Option(
            "--sample",
            min=1,
            help="Review this many, at random (the same each time).",
        ),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Who is reviewing (recorded; default: your login).")
    ] = None,
    agency: Annotated[str, typer.Option("--agency", help="Their agency code.")] = "mash",
    db: DbOption = None,
) -> None:
    """Score the action plans of the referrals decided in a range against the rubric in
    lists.toml (yes, partly or no, and why), keyboard only; each score is kept."""
    import getpass

    from dutydesk.domain import vocab
    from dutydesk.domain.records import Actor
    from dutydesk.screens.plan_review import PlanReviewsScreen
    from dutydesk.start import run_console

    start, end = day_option(first, "--from"), day_option(last, "--to")
    if end < start:
        raise fail("--to is before --from.")
    lists = command_lists()
    if agency not in vocab.codes(lists.agencies):
        raise fail(f"--agency: one of {', '.join(vocab.codes(lists.agencies))}.")
    if not lists.plan_rubric:
        raise fail("the lists have no plan_rubric to review against (docs/config.md).")
    reviewer = Actor((name or "").strip() or getpass.getuser(), agency, "reviewer")
    store = open_db(db, existing=True)
    run_console(
        store,
        paths.default_exports(),
        opening=lambda: PlanReviewsScreen(start, end, sample),
        actor=reviewer,
    )
