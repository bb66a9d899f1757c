"""What each screen looks like, at 80x24 and on a wall screen, on a fixed fictional day.

Update after a deliberate change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pendulum
import pytest
from textual.pilot import Pilot

from dutydesk.app import DutyDeskApp
from dutydesk.demo import seed_demo
from dutydesk.domain.clock import fixed_clock
from dutydesk.storage import open_store

SIZES = {"small": (80, 24), "large": (160, 48)}
MOMENT = pendulum.datetime(2026, 11, 26, 11, 30, tz="Europe/London")


def demo_app(tmp_path: Path, *, seeded: bool = True) -> DutyDeskApp:
    store = open_store(tmp_path / "snap.db", fixed_clock(MOMENT))
    if seeded:
        seed_demo(store, days=3)
    return DutyDeskApp(store, tmp_path / "exports", demo=seeded)


async def open_first(pilot: Pilot[Any]) -> None:
    await pilot.press("enter")
    await pilot.pause()


SCREENS: dict[str, tuple[list[str], Callable[[Pilot[Any]], Awaitable[None]] | None]] = {
    "queue": ([], None),
    "referral": (["enter"], None),
    "call_form": (["a"], None),
    "view_form": (["enter", "2"], None),
    "decision_form": (["enter", "d"], None),
    "action_form": (["enter", "a"], None),
    "open_actions": (["o"], None),
    "help": (["f1"], None),
    "end_session": (["e"], None),
    "who": (["w"], None),
    "pass_on": (["enter", "p"], None),
    "room": (["r"], None),
    "measures": (["m"], None),
    "feedback": (["enter", "f"], None),
    "experience": (["e", "x"], None),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(snap_compare: Any, tmp_path: Path, screen: str, size: str) -> None:
    keys, before = SCREENS[screen]
    assert snap_compare(
        demo_app(tmp_path), press=keys, run_before=before, terminal_size=SIZES[size]
    )


@pytest.mark.parametrize("size", SIZES)
def test_session_start(snap_compare: Any, tmp_path: Path, size: str) -> None:
    assert snap_compare(demo_app(tmp_path, seeded=False), terminal_size=SIZES[size])
