"""What the screens offer a first-day user: keys that do not quit by accident, a footer
that shows every key at 80x24, and a palette of the team's own actions (issue 14)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from dutydesk.app import DutyDeskApp
from dutydesk.screens.end_session import EndSessionScreen
from dutydesk.screens.queue import QueueScreen
from dutydesk.storage import Store
from tests.keyboard_helpers import seeded_template
from tests.pilot_helpers import start_room

__all__ = ["seeded_template"]


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


def visible_footer_keys(app: DutyDeskApp) -> set[str]:
    """The footer's keys drawn in full: inside the screen, not under the Help key."""
    footer = app.screen.query_one("Footer")
    edge = [k.region for k in footer.query("FooterKey.-command-palette")]
    shown = set()
    for key in footer.query("FooterKey"):
        region = key.region
        if not region.width or region.right > app.size.width:
            continue
        if "-command-palette" not in key.classes and any(region.overlaps(e) for e in edge):
            continue
        shown.add(str(getattr(key, "key", "")))
    return shown


async def test_the_referral_footer_shows_every_key_at_80x24(
    tmp_path: Path, seeded_template: Path
) -> None:
    from tests.keyboard_helpers import make_app

    app = make_app(tmp_path, seeded_template)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # The 12th row of the seeded queue has a near match to confirm: M is on.
        await pilot.press(*["down"] * 11, "enter")
        await pilot.pause(0.5)
        wanted = {"escape", "v", "d", "p", "a", "x", "c", "f", "h", "m", "f1"}
        assert wanted <= visible_footer_keys(app)
        await pilot.resize_terminal(160, 48)  # wide: one line again
        await pilot.pause(0.5)
        assert app.screen.query_one("Footer").region.height == 1
        assert wanted <= visible_footer_keys(app)


async def test_one_notice_for_a_form_left_twice(store: Store, tmp_path: Path) -> None:
    """Two crashes on the call form leave two drafts: one "press A", not two notices."""
    from dutydesk.storage.drafts import DraftKey
    from tests.pilot_helpers import MASH
    from tests.safety_helpers import notes

    session = start_room(store)
    for desk in ("crashed-first", "crashed-again"):
        store.save_draft(DraftKey(session.id, "call"), desk, {"referrer_name": desk}, MASH)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        shown = notes(app)
        assert len(shown) == 1
        assert shown[0].count("press A to restore it") == 1
