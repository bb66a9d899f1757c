"""The open actions screen (O on the queue) holds a window of actions and reads the next one
as the cursor comes near the end of what it holds: moving down shows every open action once,
in the list's order, and marking one done, opening its referral and coming back keep it so.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from dutydesk.app import DutyDeskApp
from dutydesk.domain.records import CallDetails, Child
from dutydesk.screens import actions
from dutydesk.screens.actions import OpenActionsScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.storage import Store, open_store
from tests.conftest import MovableClock
from tests.pilot_helpers import MASH, start_room, text_of
from tests.test_live import until

COUNT = 30


@pytest.fixture
def small_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "WINDOW", 7)
    monkeypatch.setattr(actions, "NEAR_END", 2)


def many_actions(store: Store) -> None:
    """30 open actions on two referrals: due over the week around today, some undated."""
    session = start_room(store)
    worry = CallDetails("today", (Child("Rae Invented", age="8"),), worry_seen="Worry")
    rids = [store.add_call(session.id, worry, MASH).referral_id for _ in range(2)]
    for n in range(COUNT):
        due = None if n % 5 == 2 else store.now() + timedelta(days=(n * 3) % 7 - 3)
        store.add_action(rids[n % 2], session.id, f"Task {n:02d}", "health", "", due, "", MASH)


def shown_key(table: DataTable[object]) -> str:
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


@pytest.fixture
def listed(store: Store, small_windows: None) -> list[str]:
    """The 30 actions saved, and their ids in the list's order (the Store's whole read)."""
    many_actions(store)
    return [str(a.id) for a in store.open_actions()]


async def open_screen(pilot: Pilot[None]) -> DataTable[object]:
    await press(pilot, "o")
    assert isinstance(pilot.app.screen, OpenActionsScreen)
    return pilot.app.screen.query_one("#open-actions", DataTable)


async def test_moving_down_reads_on_and_shows_every_action_once_in_order(
    store: Store, tmp_path: Path, listed: list[str]
) -> None:
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        table = await open_screen(pilot)
        assert table.row_count == 7  # one window
        overdue = sum(1 for a in store.open_actions() if a.overdue(store.now()))
        assert text_of(app, "#summary") == f"Open actions: {COUNT}   Overdue: {overdue}"
        assert str(table.get_row_at(0)[2]) == store.open_actions()[0].what

        seen = [shown_key(table)]
        for _ in range(COUNT - 1):
            await press(pilot, "down")
            seen.append(shown_key(table))
        assert seen == listed
        assert table.row_count == COUNT and [str(k.value) for k in table.rows] == listed

        # The last one (undated) marked done: gone, the cursor on the one before it.
        await press(pilot, "x")
        assert table.row_count == COUNT - 1
        assert [str(k.value) for k in table.rows] == listed[:-1]
        assert shown_key(table) == listed[-2]
        assert text_of(app, "#summary").startswith(f"Open actions: {COUNT - 1} ")

        # Its referral opened and back: the same rows, the same place.
        await press(pilot, "up", "enter")
        assert isinstance(app.screen, ReferralScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, OpenActionsScreen)
        assert [str(k.value) for k in table.rows] == listed[:-1]
        assert shown_key(table) == listed[-3]


async def test_page_down_and_the_bottom_key_reach_the_end(
    store: Store, tmp_path: Path, listed: list[str]
) -> None:
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        table = await open_screen(pilot)
        for _ in range(COUNT):
            await press(pilot, "ctrl+end")
        assert shown_key(table) == listed[-1]
        await press(pilot, "ctrl+home", "pagedown", "pagedown")
        assert [str(k.value) for k in table.rows] == listed


async def test_an_action_added_at_another_desk_keeps_the_place(
    store: Store, tmp_path: Path, clock: MovableClock, listed: list[str]
) -> None:
    app = DutyDeskApp(store, tmp_path / "exports")
    desk_b = open_store(tmp_path / "dutydesk.db", clock)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            table = await open_screen(pilot)
            await press(pilot, *["down"] * 12)  # past the first window
            chosen, loaded = shown_key(table), table.row_count
            assert loaded > 7
            # Due before every other: it sorts to the top, pushing every row down.
            session = desk_b.session_for(desk_b.today())
            assert session is not None
            rid = desk_b.open_actions()[0].referral_id
            early = desk_b.now() - timedelta(days=30)
            desk_b.add_action(rid, session.id, "Early", "police", "", early, "", MASH)
            await until(pilot, lambda: str(table.get_row_at(0)[2]) == "Early")
            assert table.row_count == loaded  # as many read again as were loaded
            assert table.cursor_row == 13 and shown_key(table) == chosen
    finally:
        desk_b.close()
