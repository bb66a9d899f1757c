"""What each screen looks like, at 80x24 and on a wall screen, on a fixed fictional day,
in the default theme and in the high-contrast one (F2) for a screen read across a room.

Update after a deliberate change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from dutydesk.app import DutyDeskApp
from dutydesk.settings import HIGH_CONTRAST_THEME, Settings, save_settings
from tests.keyboard_helpers import make_app, seeded_template

__all__ = ["seeded_template"]  # seeds the fictional days once for every snapshot

SIZES = {"small": (80, 24), "large": (160, 48)}
THEMES = {"default": None, "contrast": HIGH_CONTRAST_THEME}


def demo_app(
    tmp_path: Path, template: Path | None, theme: str = "default", layout: str = "normal"
) -> DutyDeskApp:
    """The console on a copy of the seeded days, with the theme remembered as chosen."""
    config = tmp_path / "config"
    chosen = THEMES[theme]
    save_settings(config, Settings(layout=layout, **({"theme": chosen} if chosen else {})))
    return make_app(tmp_path, template, config_dir=config)


async def open_first(pilot: Pilot[Any]) -> None:
    await pilot.press("enter")
    await pilot.pause()


async def left_a_draft(pilot: Pilot[Any]) -> None:
    """Another desk (or this one, before a crash) left a call half typed."""
    from dutydesk.storage.drafts import DraftKey

    app = pilot.app
    assert isinstance(app, DutyDeskApp)
    key = DraftKey(app.require_session().id, "call")
    app.store.save_draft(key, "crashed-desk", {"referrer_name": "Dr Ima Fictitious"}, app.actor)


SCREENS: dict[str, tuple[list[str], Callable[[Pilot[Any]], Awaitable[None]] | None]] = {
    "queue": ([], None),
    "referral": (["enter"], None),
    "call_form": (["a"], None),
    "view_form": (["enter", "2"], None),
    "decision_form": (["enter", "d"], None),
    "action_form": (["enter", "a"], None),
    "open_actions": (["o"], None),
    "history": (["s"], None),
    "help": (["f1"], None),
    "end_session": (["e"], None),
    "who": (["w"], None),
    "pass_on": (["enter", "p"], None),
    "room": (["r"], None),
    "measures": (["m"], None),
    "feedback": (["enter", "f"], None),
    "experience": (["e", "x"], None),
    "audit": (["enter", "h"], None),
    "confirm": (["a", "z", "escape"], None),
    "help_on_a_form": (["a", "f1"], None),
    "restore_draft": (["a"], left_a_draft),
}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(
    snap_compare: Any, tmp_path: Path, seeded_template: Path, screen: str, size: str, theme: str
) -> None:
    keys, before = SCREENS[screen]
    app = demo_app(tmp_path, seeded_template, theme)
    assert snap_compare(app, press=keys, run_before=before, terminal_size=SIZES[size])


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
def test_session_start(snap_compare: Any, tmp_path: Path, size: str, theme: str) -> None:
    assert snap_compare(demo_app(tmp_path, None, theme), terminal_size=SIZES[size])


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
def test_queue_large_layout(
    snap_compare: Any, tmp_path: Path, seeded_template: Path, size: str, theme: str
) -> None:
    """The wall-screen layout (L on the queue): fewer, wider columns."""
    app = demo_app(tmp_path, seeded_template, theme, layout="large")
    assert snap_compare(app, terminal_size=SIZES[size])
