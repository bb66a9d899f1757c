"""Shared fixtures: a store on a temporary database with a clock the test controls."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pendulum
import pytest

from dutydesk.domain.clock import fixed_clock, to_utc
from dutydesk.domain.vocab import Lists
from dutydesk.storage import Store, open_store
from tests.engines import ENGINES, target_for
from tests.export_helpers import Day, build_day


class MovableClock:
    """A clock that stands still until the test moves it."""

    def __init__(self, moment: datetime) -> None:
        self.moment = to_utc(moment)

    def __call__(self) -> datetime:
        return self.moment

    def set(self, moment: datetime) -> None:
        self.moment = to_utc(moment)

    def advance(self, **kwargs: float) -> None:
        self.moment = self.moment + timedelta(**kwargs)


@pytest.fixture
def clock() -> MovableClock:
    # Thursday 26 November 2026, 10:00 in London (GMT).
    return MovableClock(pendulum.datetime(2026, 11, 26, 10, 0, tz="Europe/London"))


@pytest.fixture
def store(tmp_path: Path, clock: MovableClock) -> Iterator[Store]:
    opened = open_store(tmp_path / "dutydesk.db", clock)
    yield opened
    opened.close()


@pytest.fixture(params=ENGINES)
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database on each engine in turn (tests/engines.py): a file path, then a URL."""
    with target_for(request.param, tmp_path) as target:
        yield target


@pytest.fixture
def engine_store(db_target: str, clock: MovableClock) -> Iterator[Store]:
    """`store` on each engine in turn; a module uses it by defining `store` from it."""
    opened = open_store(db_target, clock)
    yield opened
    opened.close()


# -- the export tests (tests/test_exports_*.py) ---------------------------------------------


@pytest.fixture
def export_store(tmp_path: Path) -> Iterator[Store]:
    """A store whose clock is fixed at 10:00 UTC on Thursday 26 November 2026."""
    s = open_store(tmp_path / "t.db", fixed_clock(pendulum.datetime(2026, 11, 26, 10, 0)))
    yield s
    s.close()


@pytest.fixture
def day(export_store: Store) -> Day:
    """A worked duty day to export (see `tests.export_helpers.build_day`)."""
    return build_day(export_store)


@pytest.fixture
def shipped() -> Lists:
    """The shipped lists: what a Store opened without lists of its own uses."""
    from dutydesk.domain import vocab

    return vocab.defaults()


UseLists = Callable[[Store, str], Lists]


@pytest.fixture
def use_lists() -> UseLists:
    """Give a Store the lists of a lists.toml text (checked), as the app gives it the
    partnership's at start-up; the lists, for the test's own calls."""
    from dutydesk import lists

    def use(store: Store, text: str) -> Lists:
        checked = lists.check_text(text)
        assert checked.lists is not None, checked.problems
        store.lists = checked.lists
        return checked.lists

    return use


@pytest.fixture(autouse=True)
def pilot_waits_for_the_database(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pilot's press and pause also wait for the app's database calls running in threads
    (before and after the keys)
    (dutydesk/widgets/work.py) and the keys held meanwhile (settle.py): a test then sees
    what a person sees once the screen has answered. A test marked `calls_running`
    watches the screen while they run (a slow database)."""
    if request.node.get_closest_marker("calls_running"):
        return
    from textual.pilot import Pilot

    original = Pilot._wait_for_screen

    async def wait_for_screen(self: Pilot[object], timeout: float = 30.0) -> bool:
        app = self.app
        calls = getattr(app, "calls", None)
        done = await original(self, timeout)
        deadline = asyncio.get_running_loop().time() + timeout
        # a result shown may start another read (a save, then a reload)
        while asyncio.get_running_loop().time() < deadline:
            drain = getattr(app, "_drain", None)
            holding = getattr(app, "_holding", None)
            # The console's start reads one thing after another (session, token, queue): no
            # call runs between two of them, but the start is not over until its worker is.
            starting = any(w.group == "start" and not w.is_finished for w in app.workers)
            busy = (
                starting
                or (calls is not None and not calls.quiet.is_set())
                or getattr(app, "_held", None)
                or (drain is not None and not drain.done())
                or (holding is not None and not holding.done())
            )
            if not busy:
                break
            if calls is not None:
                await asyncio.wait_for(calls.quiet.wait(), timeout)
            await asyncio.sleep(0.01)
            done = await original(self, timeout)
        return done

    async def press(self: Pilot[object], *keys: str) -> None:
        await self._wait_for_screen()  # the console shown (its Store opened in a thread)
        await press_now(self, *keys)

    press_now = Pilot.press
    monkeypatch.setattr(Pilot, "_wait_for_screen", wait_for_screen)
    monkeypatch.setattr(Pilot, "press", press)


@pytest.fixture(autouse=True)
def no_seal_check_at_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """The queue checks the record's seal in a child process a few seconds after it shows:
    not in the tests (a process each), but for the banner's own (`seal_check_at_open`)."""
    from dutydesk.screens.queue import QueueScreen

    monkeypatch.setattr(QueueScreen, "SEAL_CHECK_AFTER", None)


@pytest.fixture
def seal_check_at_open(monkeypatch: pytest.MonkeyPatch) -> None:
    from dutydesk.screens.queue import QueueScreen

    monkeypatch.setattr(QueueScreen, "SEAL_CHECK_AFTER", 0.01)
