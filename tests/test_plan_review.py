"""Action plans judged by people: `dutydesk review` opens the console on the decided
referrals of a range, scored one by one against the rubric in lists.toml, keyboard only,
each score an attributed record (saved once); the report counts them."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pendulum
import pytest
import time_machine
from textual.widgets import Input
from typer.testing import CliRunner

from dutydesk.app import DutyDeskApp
from dutydesk.cli import cli
from dutydesk.demo import seed_demo
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.records import Actor
from dutydesk.domain.reviews import to_review
from dutydesk.screens.plan_review import PlanReviewFormScreen, PlanReviewsScreen
from dutydesk.storage import open_store
from tests.pilot_helpers import type_text

NOW = pendulum.datetime(2026, 11, 26, 16, tz="Europe/London")
FIRST, LAST = date(2026, 11, 24), date(2026, 11, 26)
REVIEWER = Actor("Rae Viewer", "mash", "reviewer")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review")
    store = open_store(folder / "d.db", fixed_clock(NOW))
    seed_demo(store, days=3)  # Tue 24 to Thu 26 November
    store.close()
    return folder / "d.db"


@pytest.fixture
def db(seeded: Path, tmp_path: Path) -> Path:
    shutil.copy(seeded, tmp_path / "d.db")
    return tmp_path / "d.db"


def test_a_sample_is_the_same_each_time_and_leaves_out_what_was_reviewed(db: Path) -> None:
    store = open_store(db, fixed_clock(NOW))
    details = store.period_records(FIRST, LAST).referrals
    store.close()
    decided = [d for d in details if d.decision is not None]
    every = to_review(details, set(), FIRST, LAST)
    assert [d.referral_id for d in every] == sorted(
        (d.referral_id for d in decided),
        key=lambda i: next(d.received_at for d in decided if d.referral_id == i),
    )
    some = to_review(details, set(), FIRST, LAST, sample=4)
    assert len(some) == 4 and some == to_review(details, set(), FIRST, LAST, sample=4)
    later = to_review(details, {some[0].referral_id}, FIRST, LAST, sample=4)
    assert later == some[1:]  # the same sample, less the one reviewed


async def choose(pilot: object, *keys: str) -> None:
    await pilot.press(*keys)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_a_reviewer_scores_plans_by_keys_one_after_another(db: Path, tmp_path: Path) -> None:
    store = open_store(db, fixed_clock(NOW))
    app = DutyDeskApp(
        store, tmp_path / "exports", opening=lambda: PlanReviewsScreen(FIRST, LAST, 3)
    )
    app.set_actor(REVIEWER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)  # the plans are read in a thread
        form = app.screen
        assert isinstance(form, PlanReviewFormScreen)
        assert form.number == 1 and form.total == 3
        first = form.detail.referral_id
        await choose(pilot, "ctrl+s")  # nothing scored: refused, the form stays
        assert app.screen is form
        assert "Specific: choose yes, partly or no" in str(form.query_one("#form-error").render())
        for n, score in enumerate(("down", "down down", "down down down", "down", "down")):
            await choose(pilot, "enter", *score.split(), "enter", "tab")
            await type_text(pilot, f"why {n}")
            await pilot.press("tab")
        assert form.query_one("#why-timed", Input).value == "why 2"
        await choose(pilot, "ctrl+s", "ctrl+s")  # saved once; the next plan opens
        await pilot.pause(0.3)
        second = app.screen
        assert isinstance(second, PlanReviewFormScreen) and second.number == 2
        await choose(pilot, "ctrl+n")  # skipped: it comes round again, last
        third = app.screen
        assert isinstance(third, PlanReviewFormScreen)
        assert third.detail.referral_id != second.detail.referral_id
        await choose(pilot, "escape")  # nothing typed: back to the walk
        assert isinstance(app.screen, PlanReviewsScreen)
        status = str(app.screen.query_one("#reviews-status").render())
        assert "1 reviewed now; 2 plan(s) still to review (a sample of 3)" in status
    (review,) = store.plan_reviews(FIRST, LAST)
    assert review.referral_id == first and review.reviewed_by == "Rae Viewer"
    assert [(code, score, why) for code, _label, score, why in review.scores] == [
        ("specific", "yes", "why 0"),
        ("owned", "partly", "why 1"),
        ("timed", "no", "why 2"),
        ("linked", "yes", "why 3"),
        ("family_informed", "yes", "why 4"),
    ]
    store.close()


def test_the_report_counts_the_reviews_beside_the_completeness_figures(
    db: Path, tmp_path: Path
) -> None:
    store = open_store(db, fixed_clock(NOW))
    waiting = to_review(store.period_records(FIRST, LAST).referrals, set(), FIRST, LAST)
    rubric = [("specific", "Specific"), ("timed", "Timed")]
    for detail, score in zip(waiting[:3], ("yes", "partly", "yes"), strict=True):
        scores = [(code, label, score, "") for code, label in rubric]
        store.add_plan_review(detail.referral_id, scores, REVIEWER)
    store.add_plan_review(
        waiting[0].referral_id, [(c, label, "no", "") for c, label in rubric], REVIEWER
    )
    store.close()
    out = tmp_path / "out"
    with time_machine.travel(NOW, tick=False):
        result = CliRunner().invoke(
            cli,
            [
                "report",
                "--from",
                "2026-11-24",
                "--to",
                "2026-11-26",
                "--db",
                str(db),
                "--out",
                str(out),
            ],
        )
    assert result.exit_code == 0, result.output
    html = next(out.glob("*.html")).read_text("utf-8")
    section = html.split('id="plan-quality"')[1].split("</section>")[0]
    share = round(100 * 3 / len(waiting))
    assert f"3 of the {len(waiting)} decided referrals' action plans reviewed ({share}%)" in section
    # The first plan's latest review (no) replaces its first (yes).
    assert (
        "<td>Specific</td><td class=num>1</td><td class=num>1</td><td class=num>1</td>" in section
    )
    assert "Counted from the record (every action in the range): with a named person" in section


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--from", "2026-11-26", "--to", "2026-11-24"], "--to is before --from"),
        (["--from", "soon", "--to", "2026-11-24"], "--from 'soon' is not a date"),
        (["--from", "2026-11-24", "--to", "2026-11-26", "--sample", "0"], "--sample"),
        (["--from", "2026-11-24", "--to", "2026-11-26", "--agency", "moon"], "--agency: one of"),
    ],
)
def test_bad_input_is_a_message(db: Path, args: list[str], said: str) -> None:
    result = CliRunner().invoke(cli, ["review", *args, "--db", str(db)])
    assert result.exit_code == 2 and said in result.output, result.output
