"""Reaching every screen and dialog by keys, on a copy of one seeded fictional day.

Seeding the demo days takes seconds, so it is done once per test run (`seeded_template`)
and each test gets its own copy of the database file.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pendulum
import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from dutydesk.app import DutyDeskApp
from dutydesk.demo import seed_demo
from dutydesk.domain.clock import fixed_clock
from dutydesk.storage import open_store

MOMENT = pendulum.datetime(2026, 11, 26, 11, 30, tz="Europe/London")

# How to reach each screen from the queue of a seeded day, by keys. A dialog that only
# appears in a rare state (a draft left by a crash) is pushed directly instead.
Route = list[str] | Callable[[DutyDeskApp], Screen[Any]]


def _plan_reviews(app: DutyDeskApp) -> Screen[Any]:
    """`dutydesk review` opens on it; here on a range with no plan (else it opens the first
    plan at once)."""
    from dutydesk.screens.plan_review import PlanReviewsScreen

    return PlanReviewsScreen(MOMENT.date().replace(year=2025), MOMENT.date().replace(year=2025))


def _plan_review(app: DutyDeskApp) -> Screen[Any]:
    from dutydesk.screens.plan_review import PlanReviewFormScreen

    records = app.store.period_records(MOMENT.date().replace(day=24), MOMENT.date())
    detail = next(d for d in records.referrals if d.decision is not None)
    return PlanReviewFormScreen(detail, 1, 1)


def _decision_changed(app: DutyDeskApp) -> Screen[Any]:
    """What someone sees when a decision was saved at another desk while they typed."""
    from dutydesk.domain.records import Decision
    from dutydesk.screens.decision_changed import DecisionChangedScreen

    meanwhile = Decision(
        id=1,
        version=1,
        outcome="early_help",
        outcome_label="Early help",
        reasons="Needs are about routines at home; school will support.",
        agreed_by=("health", "education", "early_help"),
        created_at=MOMENT.subtract(minutes=3),
        recorded_by="Lou Pretend",
    )
    return DecisionChangedScreen("261126-01", meanwhile, "No further action", MOMENT.date())


NAV: dict[str, Route] = {
    "SessionStartScreen": [],  # on a day that has not started (an empty database)
    "QueueScreen": [],
    "ReferralScreen": ["enter"],
    "CallFormScreen": ["a"],
    "ConfirmScreen": ["down"] * 11 + ["enter", "m"],  # is a near match the same child?
    "DiscardScreen": ["a", "z", "escape"],
    "ViewFormScreen": ["enter", "v"],
    "DecisionFormScreen": ["enter", "d"],
    "ActionFormScreen": ["enter", "a"],
    "PassOnScreen": ["enter", "p"],
    "FeedbackFormScreen": ["enter", "f"],
    "AuditScreen": ["enter", "h"],
    "OpenActionsScreen": ["o"],
    "HistoryScreen": ["s"],
    "MeasuresScreen": ["m"],
    "HelpScreen": ["f1"],
    "EndSessionScreen": ["e"],
    "ExperienceFormScreen": ["e", "x"],
    "RetrospectiveFormScreen": ["e", "r"],
    "WhoScreen": ["w"],
    "RoomScreen": ["r"],
    "DecisionChangedScreen": _decision_changed,
    "PlanReviewsScreen": _plan_reviews,
    "PlanReviewFormScreen": _plan_review,
}


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    store = open_store(path, fixed_clock(MOMENT))
    seed_demo(store, days=3)
    store.close()
    return path


def make_app(
    tmp_path: Path,
    template: Path | None,
    *,
    config_dir: Path | None = None,
) -> DutyDeskApp:
    """The console on a copy of the seeded day (or an empty database if no template)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    db = tmp_path / "walk.db"
    if template is not None:
        shutil.copyfile(template, db)
    store = open_store(db, fixed_clock(MOMENT))
    return DutyDeskApp(
        store, tmp_path / "exports", demo=template is not None, config_dir=config_dir
    )


def seeded(name: str) -> bool:
    return name != "SessionStartScreen"


async def reach(pilot: Pilot[None], name: str) -> Screen[object]:
    """Press the route to screen `name` (from the queue, or the start of the day)."""
    app = pilot.app
    route = NAV[name]
    if callable(route):
        assert isinstance(app, DutyDeskApp)
        await app.push_screen(route(app))
    else:
        for key in route:
            await pilot.press(key)
            await pilot.pause()
    await pilot.pause()
    assert type(app.screen).__name__ == name, f"{route} led to {type(app.screen).__name__}"
    return app.screen
