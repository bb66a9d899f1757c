"""Typing never fights the app: letters are text, a long note pastes whole, a resize keeps
what was typed, and nothing important is cut off at 80x24 or lost at 200x60."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from dutydesk.app import DutyDeskApp
from dutydesk.keymap import live_rows
from tests.keyboard_helpers import make_app, reach, seeded, seeded_template
from tests.pilot_helpers import type_text
from tests.test_keyboard_walk import TYPING_SCREENS, spy, target_of

__all__ = ["seeded_template"]

# Letters that are keys elsewhere: a (add), q (quit), ? (help, on every screen), digits
# (agency views), v d x (referral), y n (confirm), and a space and a capital.
TYPED = "aq?17vdx ynW"
SHORT = "q?"  # every other field of the same kind: the screen's keys are the same


def value_of(field: Input | TextArea) -> str:
    return field.value if isinstance(field, Input) else field.text


@pytest.mark.parametrize("name", sorted(TYPING_SCREENS))
async def test_letters_in_a_text_field_are_text(
    name: str, tmp_path: Path, seeded_template: Path
) -> None:
    app = make_app(tmp_path, seeded_template if seeded(name) else None)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await reach(pilot, name)
        calls = []
        for row, node in live_rows(screen):
            target, action = target_of(row, screen, "screen" if node is screen else "app")
            if not hasattr(target, f"action_{action}") or f"action_{action}" in vars(target):
                continue
            calls.append((action, spy(target, action, run=True)))
        fields = [f for f in screen.query("Input, TextArea") if f.display and not f.disabled]
        assert fields, f"{name} has no text field"
        kinds: set[type[object]] = set()
        for field in fields:
            assert isinstance(field, Input | TextArea)
            typed = SHORT if type(field) in kinds else TYPED
            kinds.add(type(field))
            if isinstance(field, Input):
                field.value = ""
            else:
                field.text = ""
            field.focus()
            await pilot.pause()
            await type_text(pilot, typed)
            await pilot.pause()
            assert app.screen is screen, f"typing in #{field.id} left {name}"
            if isinstance(field, Input) and field.restrict:
                continue  # a field that takes only some characters (a time, a number)
            assert value_of(field) == typed, f"#{field.id} on {name}: {value_of(field)!r}"
        fired = [action for action, made in calls if made]
        assert not fired, f"typing on {name} ran {fired}"


async def test_a_long_note_pastes_whole(tmp_path: Path, seeded_template: Path) -> None:
    note = "\n".join(f"Line {n}: the school nurse noticed bruising again." for n in range(150))
    line = "Referrer's organisation with a very long name, " * 8
    app = make_app(tmp_path, seeded_template)
    async with app.run_test(size=(80, 24)) as pilot:
        await reach(pilot, "CallFormScreen")
        worry = app.screen.query_one("#worry_seen", TextArea)
        worry.focus()
        await pilot.pause()
        app.post_message(events.Paste(note))  # as the terminal delivers it
        await pilot.pause()
        assert worry.text == note
        assert worry.size.height <= 12, "a long note scrolls inside its box"
        assert worry.max_scroll_y > 0
        org = app.screen.query_one("#referrer_org", Input)
        org.focus()
        await pilot.pause()
        app.post_message(events.Paste(line))
        await pilot.pause()
        assert org.value == line


async def test_notes_grow_as_they_are_typed(tmp_path: Path, seeded_template: Path) -> None:
    app = make_app(tmp_path, seeded_template)
    async with app.run_test(size=(100, 30)) as pilot:
        await reach(pilot, "CallFormScreen")
        worry = app.screen.query_one("#worry_seen", TextArea)
        empty_height = worry.size.height
        worry.focus()
        worry.insert("\n".join(f"line {n}" for n in range(8)))
        await pilot.pause()
        assert worry.size.height > empty_height


async def test_resizing_keeps_what_was_typed(tmp_path: Path, seeded_template: Path) -> None:
    app = make_app(tmp_path, seeded_template)
    async with app.run_test(size=(120, 36)) as pilot:
        await reach(pilot, "CallFormScreen")
        await type_text(pilot, "Dr Ima Fictitious")
        worry = app.screen.query_one("#worry_seen", TextArea)
        worry.focus()
        await type_text(pilot, "Says she fell over")
        for size in ((80, 24), (200, 60), (60, 20), (120, 36)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.size == size
        assert app.screen.query_one("#referrer_name", Input).value == "Dr Ima Fictitious"
        assert worry.text == "Says she fell over"
        assert app.focused is worry
        await type_text(pilot, " at home")
        assert worry.text == "Says she fell over at home"


def footer_keys(app: DutyDeskApp) -> set[str]:
    """The keys the footer shows in full on the screen as it is now."""
    footer = app.screen.query_one("Footer")
    width = app.size.width
    keys = [k for k in footer.query("FooterKey") if k.region.width and k.region.right <= width]
    return {str(getattr(k, "key", "")) for k in keys}


async def footer_shows(pilot: Pilot[None], wanted: set[str]) -> set[str]:
    """The footer's keys once it has drawn them (it recomposes after the screen changes, a
    moment later on a busy machine): waits up to 5 s for `wanted`, then says what it has."""
    app = pilot.app
    assert isinstance(app, DutyDeskApp)
    for _ in range(100):
        shown = footer_keys(app)
        if wanted <= shown:
            break
        await pilot.pause(0.05)
    return shown


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_footer_and_summary_fit(
    size: tuple[int, int], tmp_path: Path, seeded_template: Path
) -> None:
    """At 80x24 the footer still shows the main keys, always F1 (Help lists the rest), and
    the queue's summary all its figures."""
    from tests.pilot_helpers import text_of

    app = make_app(tmp_path, seeded_template)
    async with app.run_test(size=size) as pilot:
        await reach(pilot, "QueueScreen")
        summary = text_of(app, "#summary")
        assert "Decided:" in summary and " of " in summary
        assert {"a", "o", "e", "f1"} <= await footer_shows(pilot, {"a", "o", "e", "f1"})
        await reach(pilot, "ReferralScreen")
        assert {"escape", "v", "d", "f1"} <= await footer_shows(pilot, {"escape", "v", "d", "f1"})
        await reach(pilot, "ActionFormScreen")
        assert {"ctrl+s", "escape", "f1"} <= await footer_shows(pilot, {"ctrl+s", "escape", "f1"})
