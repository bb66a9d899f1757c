"""What the screens offer a first-day user: keys that do not quit by accident, a footer
that shows every key at 80x24, and a palette of the team's own actions (issue 14)."""

from __future__ import annotations

from pathlib import Path

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
