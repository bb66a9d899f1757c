"""Two consoles on one database: what one saves appears on the other without a key press,
and the other keeps its place (selected row, scroll, open form, focus) as it refreshes.

Each console has its own Store (its own connections), as two desks do. Waits poll with
short pauses; a change must show within LIVE_WITHIN seconds.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, TextArea

from dutydesk.app import DutyDeskApp
from dutydesk.domain.records import Actor, CallDetails, Child
from dutydesk.screens.queue import QueueScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.screens.view_form import ViewFormScreen
from dutydesk.storage import Store, open_store
from tests.conftest import MovableClock
from tests.pilot_helpers import MASH, ROOM, queue_cells, start_room, text_of

LIVE_WITHIN = 2.0  # seconds: "within a second or two"
POLICE = Actor("DC Sam Ortiz-Example", "police", "Detective constable")


@pytest.fixture
def desk_b(tmp_path: Path, clock: MovableClock, store: Store) -> Iterator[Store]:
    """The second desk: its own Store on the same file."""
    other = open_store(tmp_path / "dutydesk.db", clock)
    yield other
    other.close()


def call(name: str, urgency: str = "today") -> CallDetails:
    return CallDetails(urgency, (Child(name, age="8"),), worry_seen=f"Worry about {name}")


async def until(pilot: Pilot[None], seen: Callable[[], bool], within: float = LIVE_WITHIN) -> float:
    """Seconds until `seen()` is true, with no key pressed; fails after `within`."""
    start = time.monotonic()
    while not seen():
        waited = time.monotonic() - start
        assert waited < within, f"not seen after {waited:.1f}s"
        await pilot.pause(0.05)
    return time.monotonic() - start


async def test_a_call_added_at_one_console_appears_at_the_other(
    db_target: str, clock: MovableClock, tmp_path: Path
) -> None:
    """On a SQLite file and on a PostgreSQL database (CI runs both)."""
    store, desk_b = open_store(db_target, clock), open_store(db_target, clock)
    try:
        await _both_ways(store, desk_b, tmp_path)
    finally:
        store.close()
        desk_b.close()


async def _both_ways(store: Store, desk_b: Store, tmp_path: Path) -> None:
    start_room(store)
    shared = DutyDeskApp(store, tmp_path / "exports")
    officer = DutyDeskApp(desk_b, tmp_path / "exports")
    async with (
        shared.run_test(size=(120, 36)) as wall,
        officer.run_test(size=(120, 36)) as desk,
    ):
        assert isinstance(shared.screen, QueueScreen) and isinstance(officer.screen, QueueScreen)
        await desk.press("a")
        form = officer.screen
        form.query_one("#child_name_0", Input).value = "Rae Invented"
        form.query_one("#worry_told", TextArea).text = "Not at school for three weeks"
        form.query_one("#urgency", Select).value = "immediate"
        await desk.press("ctrl+s")
        await desk.pause()
        assert list(queue_cells(officer)) == ["261126-01"]
        await until(wall, lambda: "261126-01" in queue_cells(shared))
        assert queue_cells(shared)["261126-01"][:2] == ["!! IMMEDIATE", "261126-01"]

        # And back: a view added on the shared screen reaches the officer's queue.
        await wall.press("enter", "2")
        await wall.press(*"Known")
        shared.screen.query_one("#consent", Select).value = "given"
        await wall.press("ctrl+s")
        await wall.pause()
        await until(desk, lambda: queue_cells(officer)["261126-01"][7] == "P")


async def test_the_queue_keeps_the_selected_referral_and_its_line_on_screen(
    store: Store, desk_b: Store, tmp_path: Path
) -> None:
    session = start_room(store)
    for n in range(40):
        store.add_call(session.id, call(f"Child Number{n:02d}"), MASH)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one("#queue", DataTable)
        await pilot.pause()
        table.move_cursor(row=20)
        await pilot.pause()
        table.scroll_to(y=5, animate=False, immediate=True)  # row 20 mid-screen, scrolled
        await pilot.pause()
        before_y = table.scroll_y
        assert before_y > 0 and table.cursor_row == 20
        picked = [str(c) for c in table.get_row_at(20)]
        # Another desk adds an IMMEDIATE call: it sorts to the top, pushing every row down.
        desk_b.add_call(session.id, call("Top Urgent", "immediate"), MASH)
        await until(pilot, lambda: table.row_count == 41 and table.scroll_y == before_y + 1)
        assert table.cursor_row == 21
        assert [str(c) for c in table.get_row_at(21)][1] == picked[1]  # same referral
        assert app.focused is table
        # A routine call goes to the bottom: nothing moves.
        desk_b.add_call(session.id, call("Later Routine"), MASH)
        await until(pilot, lambda: table.row_count == 42)
        await pilot.pause()
        assert (table.cursor_row, table.scroll_y) == (21, before_y + 1)
        assert [str(c) for c in table.get_row_at(21)][1] == picked[1]


async def test_an_open_form_keeps_its_text_and_focus_while_the_screen_below_refreshes(
    store: Store, desk_b: Store, tmp_path: Path
) -> None:
    session = start_room(store)
    rid = store.add_call(session.id, call("Kit Example"), MASH).referral_id
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter", "1")  # a health view
        form = app.screen
        assert isinstance(form, ViewFormScreen)
        await pilot.press(*"Seen at clinic")
        typing = app.focused
        assert isinstance(typing, TextArea) and typing.text == "Seen at clinic"
        referral = app.screen_stack[-2]
        assert isinstance(referral, ReferralScreen)
        desk_b.add_view(rid, session.id, "police", "One call-out in 2025", "", POLICE)
        await until(pilot, lambda: "Agency views (1)" in str(referral.query_one("#views").render()))
        assert "One call-out in 2025" in str(referral.query_one("#views").render())
        assert app.screen is form and app.focused is typing
        assert typing.text == "Seen at clinic"
        await pilot.press(*" today")  # typing carries on where it was
        form.query_one("#consent", Select).value = "given"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        assert "Agency views (2)" in text_of(app, "#views")
    views = store.referral(rid).views
    assert [(v.agency, v.knows) for v in views] == [
        ("police", "One call-out in 2025"),
        ("health", "Seen at clinic today"),
    ]


async def test_the_referral_keeps_its_scroll_and_the_action_under_the_cursor(
    store: Store, desk_b: Store, tmp_path: Path
) -> None:
    session = start_room(store)
    rid = store.add_call(session.id, call("Kit Example"), MASH).referral_id
    for n in range(30):
        store.add_action(rid, session.id, f"Step {n:02d}", "education", "", None, "", MASH)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, ReferralScreen)
        actions = screen.query_one("#actions", DataTable)
        actions.focus()
        await pilot.press(*["down"] * 14, *["up"] * 5)  # row 9, scrolled, mid-table
        page = screen.query_one("#referral")
        page.scroll_to(y=5, animate=False, immediate=True)
        await pilot.pause()
        assert page.scroll_y == 5 and actions.scroll_y > 0  # both scrolled
        table_y = actions.scroll_y
        chosen = str(actions.get_row_at(9)[0])
        desk_b.add_action(rid, session.id, "Step new", "health", "", None, "", POLICE)
        desk_b.add_view(rid, session.id, "police", "Known", "", POLICE)
        await until(pilot, lambda: actions.row_count == 31)
        await pilot.pause()
        assert str(actions.get_row_at(actions.cursor_row)[0]) == chosen
        assert (page.scroll_y, actions.scroll_y) == (5, table_y)
        assert app.focused is actions


# A second console process: it opens the same file, adds one call and exits.
OTHER_DESK = """
import sys
from datetime import UTC, datetime
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.records import Actor, CallDetails, Child
from dutydesk.storage import open_store

store = open_store(sys.argv[1], fixed_clock(datetime(2026, 11, 26, 10, 5, tzinfo=UTC)))
actor = Actor("Officer Desk Two", "mash", "MASH officer")
session = store.session_for(store.today())
call = CallDetails("immediate", (Child("Noor Notreal", age="4"),), worry_seen="Left alone")
print(store.add_call(session.id, call, actor).ref, flush=True)
store.close()
"""


async def test_a_call_saved_by_another_process_appears_without_a_key_press(
    store: Store, tmp_path: Path
) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        assert queue_cells(app) == {}
        other = subprocess.Popen(
            [sys.executable, "-c", OTHER_DESK, str(tmp_path / "dutydesk.db")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        while other.poll() is None:  # the other interpreter starting up, then saving
            await pilot.pause(0.05)
        out, err = other.communicate()
        assert other.returncode == 0 and err == "", err
        assert out.strip() == "261126-01"
        waited = await until(pilot, lambda: "261126-01" in queue_cells(app))
        assert waited < LIVE_WITHIN
        assert queue_cells(app)["261126-01"][:2] == ["!! IMMEDIATE", "261126-01"]


async def test_a_referral_purged_at_another_desk_closes_with_a_notice(
    store: Store, desk_b: Store, tmp_path: Path
) -> None:
    old_day = store.start_session(date(2025, 6, 2), ROOM, MASH)  # left undecided long ago
    received = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
    store.add_call(old_day.id, call("Old Carried"), MASH, received_at=received)
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("enter")  # the carried-over referral, the only one in the queue
        assert isinstance(app.screen, ReferralScreen)
        desk_b.purge(date(2026, 1, 1), MASH)  # the retention purge, run at the other desk
        await until(pilot, lambda: isinstance(app.screen, QueueScreen))
        await until(pilot, lambda: queue_cells(app) == {})  # read again, in a thread
        told = [n.message for n in app._notifications]
        assert "This referral is no longer in the database." in told


async def test_switching_the_layout_keeps_the_selected_referral(
    store: Store, tmp_path: Path
) -> None:
    session = start_room(store)
    for name in ("Ana One", "Ben Two", "Cy Three"):
        store.add_call(session.id, call(name), MASH)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        table = app.screen.query_one("#queue", DataTable)
        await pilot.press("down", "down")
        picked = str(table.get_row_at(2)[1])
        await pilot.press("l")  # the large layout: other columns, same referral
        await pilot.pause()
        assert table.cursor_row == 2 and str(table.get_row_at(2)[4]) == picked
