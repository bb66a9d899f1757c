"""Every action of every screen, through the keyboard alone; every key in the palette and
in `dutydesk keys`.

Each screen is reached by keys (`tests/keyboard_helpers.NAV`); Ctrl+P must list each of
its bindings; then every key of every command on it is pressed in turn: the command's
action must run. Quit is pressed too: the app's `exit` is recorded instead, so the walk
carries on.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.actions import parse as parse_action
from textual.command import CommandList, CommandPalette
from textual.dom import DOMNode
from textual.keys import key_to_character
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea
from typer.testing import CliRunner

from dutydesk.app import DutyDeskApp, key_holders, screen_classes
from dutydesk.cli import cli
from dutydesk.keymap import KeyRow, catalogue, definitions, live_rows, merged
from dutydesk.keys import display
from tests.keyboard_helpers import NAV, make_app, reach, seeded, seeded_template

__all__ = ["seeded_template"]  # the session fixture, used by name below

# Screens with text fields: `tests/test_typing.py` types into each of them.
TYPING_SCREENS = {
    "SessionStartScreen",
    "CallFormScreen",
    "ViewFormScreen",
    "DecisionFormScreen",
    "ActionFormScreen",
    "PassOnScreen",
    "FeedbackFormScreen",
    "ExperienceFormScreen",
    "RetrospectiveFormScreen",
    "PlanReviewFormScreen",
    "RoomScreen",
    "HistoryScreen",
}


class NotReached(Exception):
    pass


def record_exit(*args: object, **kwargs: object) -> None:
    """Quit is pressed like every other key: the walk notes it and carries on."""


def test_every_screen_has_a_route() -> None:
    names = {cls.__name__ for cls in screen_classes()}
    assert not names - set(NAV), f"add a route to {names - set(NAV)} in keyboard_helpers.NAV"
    assert not set(NAV) - names, f"{set(NAV) - names} no longer exist: drop their routes"


def printable(key: str) -> bool:
    char = key_to_character(key)
    return bool(char) and char is not None and char.isprintable()


def target_of(row: KeyRow, screen: Screen[object], owner: str) -> tuple[DOMNode, str]:
    where, name, _params = parse_action(row.action)
    app = screen.app
    default: DOMNode = screen if owner == "screen" else app
    return {"app": app, "screen": screen}.get(where, default), name


def spy(target: DOMNode, name: str, run: bool) -> list[tuple[object, ...]]:
    """Record each call of `target.action_<name>` (and run it, if `run`)."""
    calls: list[tuple[object, ...]] = []
    original: Callable[..., object] = getattr(target, f"action_{name}")

    @functools.wraps(original)
    def recorder(*args: object) -> object:
        calls.append(args)
        return original(*args) if run else None

    setattr(target, f"action_{name}", recorder)
    return calls


async def back_to(pilot: Pilot[None], name: str, screen: Screen[object]) -> Screen[object]:
    """Close whatever the last key opened; if it closed the screen, reach it again."""
    app = pilot.app
    if screen in app.screen_stack:
        while app.screen is not screen:
            await app.pop_screen()
            await pilot.pause()
        return screen
    while len(app.screen_stack) > 2:
        await app.pop_screen()
    await pilot.pause()
    try:
        return await reach(pilot, name)
    except AssertionError as error:  # e.g. "already passed on": start a fresh day instead
        raise NotReached(str(error)) from None


@pytest.mark.parametrize("name", sorted(NAV))
async def test_every_key_is_listed_and_runs_its_action(
    name: str, tmp_path: Path, seeded_template: Path
) -> None:
    pending: list[tuple[KeyRow, str, str]] | None = None
    runs = 0
    # Each action runs for real the first time; its other keys (1-7, y and Enter) are then
    # only checked to reach it, which keeps the walk quick. The app's own commands (Help,
    # Theme, Palette, Quit) run for real on a screen and on a dialog; elsewhere the walk
    # checks that their keys reach them (Textual's dialogs used to swallow F1).
    done: set[tuple[str, str]] = set()
    if name not in {"QueueScreen", "CallFormScreen"}:
        done |= {("app", "help"), ("app", "cycle_theme"), ("app", "command_palette")}
    while pending is None or pending:
        runs += 1
        assert runs < 20, f"{name}: the walk keeps losing the screen"
        folder = tmp_path / f"run{runs}"
        folder.mkdir()
        app = make_app(folder, seeded_template if seeded(name) else None)
        app.exit = record_exit  # type: ignore[method-assign]
        async with app.run_test(size=(80, 24)) as pilot:  # the smallest size it must work at
            screen = await reach(pilot, name)
            if pending is None:
                pending = expected_presses(screen)
                if screen.query("Input, TextArea"):
                    assert name in TYPING_SCREENS, f"add {name} to TYPING_SCREENS"
                await check_palette(pilot, name, screen)
            while pending:
                row, owner, key = pending[0]
                try:
                    screen = await back_to(pilot, name, screen)
                except NotReached:
                    break
                target, action = target_of(row, screen, owner)
                kind = "app" if target is app else "screen"
                calls = spy(target, action, run=(kind, action) not in done)
                done.add((kind, action))
                if printable(key) and isinstance(screen.focused, Input | TextArea):
                    screen.set_focus(None)  # in a text field it is typed (tests/test_typing.py)
                    await pilot.pause()
                await pilot.press(key)
                await pilot.pause()
                delattr(target, f"action_{action}")
                assert calls, f"{name}: {display(key)} did not run {row.action}"
                pending.pop(0)


def expected_presses(screen: Screen[object]) -> list[tuple[KeyRow, str, str]]:
    """Every key of every command on `screen`; each declared key of the screen is among them."""
    app = screen.app
    presses = [
        (row, "screen" if node is screen else "app", key)
        for row, node in live_rows(screen)
        for key in row.keys
    ]
    pressed = {key for _, _, key in presses}
    declared = {key for key, b in screen._bindings if b.id and b.description}
    hidden = {
        key
        for key, b in screen._bindings
        if b.id and target_hidden(b.action, screen) and key not in pressed
    }
    assert declared - hidden <= pressed, f"not walked: {declared - hidden - pressed}"
    everywhere = {key for key, b in merged(type(app)) if b.id and b.description}
    assert everywhere <= pressed, f"keys that should work everywhere do not: {everywhere - pressed}"
    assert isinstance(app, DutyDeskApp)
    return presses


def target_hidden(action: str, screen: Screen[object]) -> bool:
    where, name, params = parse_action(action)
    target: DOMNode = screen.app if where == "app" else screen
    return target.check_action(name, params) is False


async def check_palette(pilot: Pilot[None], name: str, screen: Screen[object]) -> None:
    """Ctrl+P lists each binding the screen has by name, with its key (the screen's own:
    the referral screen names its number keys for the app's agencies when it mounts)."""
    app = pilot.app
    wanted = [
        (b.tooltip or b.description, key)
        for key, b in screen._bindings
        if b.id and b.description and not target_hidden(b.action, screen)
    ]
    await pilot.press("ctrl+p")
    await pilot.pause(0.3)
    assert isinstance(app.screen, CommandPalette)
    commands = app.screen.query_one(CommandList)
    listed = "\n".join(
        str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)
    )
    for words, key in wanted:
        assert words in listed, f"{name}: '{words}' is not in the palette"
        assert display(key) in listed, f"{name}: {display(key)} ({words}) not shown"
    await pilot.press("escape")
    await pilot.pause()
    assert app.screen is screen


def test_every_binding_is_in_dutydesk_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every binding dutydesk declares, with each of its keys, is printed by `dutydesk keys`."""
    monkeypatch.setenv("DUTYDESK_CONFIG", str(tmp_path))
    monkeypatch.setattr(DutyDeskApp, "run", lambda *a, **k: pytest.fail("console started"))
    result = CliRunner().invoke(cli, ["keys"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for cls, binding in definitions(key_holders()):
        assert binding.id, f"{cls.__name__}: {binding.key} has no id"
        line = next((line for line in lines if line.rstrip().endswith(f" {binding.id}")), None)
        assert line is not None, f"{binding.id} ({cls.__name__}) not printed"
        assert display(binding.key) in line, f"{binding.id}: {display(binding.key)} not in {line}"
    names = {section.name for section in catalogue(key_holders())}
    assert {"everywhere", "queue", "referral", "call"} <= names
