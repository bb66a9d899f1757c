"""The referral screen is made once and kept: opening one referral after another shows the
second exactly as a new screen would, with nothing left of the first (its text, its place,
its focus, its actions' column widths)."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import DataTable

from dutydesk.app import DutyDeskApp
from dutydesk.domain.records import CallDetails, Child
from dutydesk.screens.queue import QueueScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.storage import Store
from tests.pilot_helpers import MASH, start_room, text_of

SIZE = (100, 30)


def seed(store: Store) -> tuple[str, str]:
    """A: immediate (the queue's first row), with a view, a decision and many long actions.
    B: a routine call with short actions only (enough to scroll its page too)."""
    session = start_room(store)
    a_call = CallDetails("immediate", (Child("Ada Alphaexample", age="6"),), worry_seen="Ada")
    a_row = store.add_call(session.id, a_call, MASH)
    a = a_row.referral_id
    store.add_view(a, session.id, "police", "Known to police for Ada", "", MASH)
    store.decide(a, session.id, "early_help", "Reasons for Ada", [], MASH, expected_version=0)
    for n in range(25):
        what = f"Step {n:02d} for Ada, a long description of what is to be done"
        store.add_action(a, session.id, what, "education", "", None, "", MASH)
    b_call = CallDetails("routine", (Child("Bo Betaexample", age="9"),), worry_seen="Bo")
    b_row = store.add_call(session.id, b_call, MASH)
    for n in range(20):
        store.add_action(b_row.referral_id, session.id, f"Bo {n}", "health", "", None, "", MASH)
    return a_row.ref, b_row.ref


async def open_ref(pilot: Pilot[None], ref: str) -> None:
    """On the queue: the cursor to `ref`'s row, and Enter."""
    table = pilot.app.screen.query_one("#queue", DataTable)
    table.move_cursor(row=table.get_row_index(ref))
    await pilot.press("enter")
    await pilot.pause()


async def test_a_referral_opened_after_another_shows_nothing_of_the_first(
    store: Store, tmp_path: Path
) -> None:
    a, b = seed(store)
    fresh = DutyDeskApp(store, tmp_path / "exports-1")
    async with fresh.run_test(size=SIZE) as pilot:  # B alone, on a new screen
        await open_ref(pilot, b)
        assert "Bo Betaexample" in text_of(fresh, "#call")
        expected = fresh.export_screenshot()

    app = DutyDeskApp(store, tmp_path / "exports-2")
    async with app.run_test(size=SIZE) as pilot:
        await open_ref(pilot, a)  # A: into its actions, down and scrolled
        screen = app.screen
        assert isinstance(screen, ReferralScreen)
        assert "Ada Alphaexample" in text_of(app, "#call")
        actions = screen.query_one("#actions", DataTable)
        actions.focus()
        await pilot.press(*["down"] * 12)
        page = screen.query_one("#referral", VerticalScroll)
        page.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert actions.cursor_row == 12 and page.scroll_y > 0
        await pilot.press("escape")
        await open_ref(pilot, b)
        assert app.screen is screen  # the same screen, kept
        call = text_of(app, "#call")
        assert "Bo Betaexample" in call and "Ada" not in call
        assert "Agency views (0)" in text_of(app, "#views")
        assert "Not decided yet" in text_of(app, "#decision")
        assert actions.row_count == 20 and actions.cursor_row == 0
        assert page.scroll_y == 0 and app.focused is page
        assert app.export_screenshot() == expected  # exactly as on a new screen

        await pilot.press("escape")
        await open_ref(pilot, a)  # A again: from its top, as new
        assert "Ada Alphaexample" in text_of(app, "#call")
        assert actions.row_count == 25 and actions.cursor_row == 0
        assert page.scroll_y == 0 and app.focused is page
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)
