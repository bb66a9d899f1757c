"""What the screens offer a first-day user: keys that do not quit by accident, a footer
that shows every key at 80x24, and a palette of the team's own actions (issue 14)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from dutydesk.app import DutyDeskApp
from dutydesk.screens.end_session import EndSessionScreen
from dutydesk.screens.queue import QueueScreen
from dutydesk.storage import Store
from tests.pilot_helpers import start_room


async def test_q_on_the_queue_does_not_quit(store: Store, tmp_path: Path) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, QueueScreen)
        await pilot.press("e", "q")  # nor on the end-of-day screen
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, EndSessionScreen)
        await pilot.press("escape", "ctrl+q")  # the documented key still quits
        await pilot.pause()
        assert not app.is_running


async def palette_titles(pilot: Pilot[None], query: str = "") -> list[str]:
    from textual.command import CommandList, CommandPalette

    app = pilot.app
    await pilot.press("ctrl+p")
    await pilot.pause(0.3)
    assert isinstance(app.screen, CommandPalette)
    if query:
        await pilot.press(*query)
        await pilot.pause(0.5)
    commands = app.screen.query_one(CommandList)
    shown = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
    await pilot.press("escape")
    await pilot.pause()
    return shown


async def test_the_palette_lists_only_the_teams_actions(store: Store, tmp_path: Path) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        listed = "\n".join(await palette_titles(pilot))
        assert "queue: add a call" in listed
        for textual_own in ("Screenshot", "Maximize", "Minimize", "Change theme", "Keys"):
            assert textual_own not in listed
        for query in ("scr", "max", "them"):  # nor when searched for
            found = "\n".join(await palette_titles(pilot, query))
            assert "Screenshot" not in found and "Maximize" not in found
            assert "Change theme" not in found
