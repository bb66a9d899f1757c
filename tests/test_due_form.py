"""An action's due date in the form: the line under the field says which day it is, says
when that is not a working day, and `nwd` takes the next working day; the user decides."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pendulum
from textual.widgets import Input, Select

from dutydesk.app import DutyDeskApp
from dutydesk.domain.records import CallDetails, Child
from dutydesk.screens.action_form import ActionFormScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.storage import Store
from tests.conftest import MovableClock
from tests.pilot_helpers import MASH, start_room, text_of, type_text


async def add_action_due(
    store: Store, clock: MovableClock, tmp_path: Path, first: str, then: str
) -> tuple[str, str]:
    """Type `first` as the due date, read the preview, type `then` after it and save.
    Returns (the first preview, the preview before saving)."""
    session = start_room(store)
    store.add_call(
        session.id,
        CallDetails("today", (Child("Amy Test", age="8"),), worry_seen="Hungry."),
        MASH,
    )
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionFormScreen)
        await type_text(pilot, "Home visit")
        form.query_one("#owner", Select).value = "health"
        form.query_one("#due", Input).focus()
        await type_text(pilot, first)
        shown_first = text_of(app, "#due-preview")
        await type_text(pilot, then)
        shown_then = text_of(app, "#due-preview")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
    return shown_first, shown_then


async def test_tomorrow_on_a_friday_says_saturday_and_nwd_takes_monday(
    store: Store, clock: MovableClock, tmp_path: Path
) -> None:
    clock.set(pendulum.datetime(2026, 12, 4, 10, 0, tz="Europe/London"))  # a Friday
    first, then = await add_action_due(store, clock, tmp_path, "tomorrow", " nwd")
    assert first == (
        "Due: tomorrow, Saturday 5 Dec 17:00. Saturday 5 Dec is not a working day "
        "(a weekend): add nwd for Monday 7 Dec, or keep it."
    )
    assert then == "Due: Monday 7 Dec 17:00, the next working day after Saturday 5 Dec."
    (action,) = store.open_actions()
    assert action.due_at == datetime(2026, 12, 7, 17, 0, tzinfo=UTC)


async def test_a_weekend_kept_is_kept(store: Store, clock: MovableClock, tmp_path: Path) -> None:
    clock.set(pendulum.datetime(2026, 12, 4, 10, 0, tz="Europe/London"))
    first, _ = await add_action_due(store, clock, tmp_path, "+2d", " 9am")
    assert "Sunday 6 Dec is not a working day (a weekend): add nwd for Monday 7 Dec" in first
    (action,) = store.open_actions()
    assert action.due_at == datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


async def test_fri_on_a_friday_says_which_friday(
    store: Store, clock: MovableClock, tmp_path: Path
) -> None:
    clock.set(pendulum.datetime(2026, 12, 4, 17, 30, tz="Europe/London"))  # after 17:00
    first, then = await add_action_due(store, clock, tmp_path, "fri", " 18:00")
    assert first == "Due: next Friday, 11 Dec 17:00 (17:00 today has passed)."
    assert then == "Due: today, Friday 4 Dec 18:00."
    (action,) = store.open_actions()
    assert action.due_at == datetime(2026, 12, 4, 18, 0, tzinfo=UTC)
