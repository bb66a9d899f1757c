"""Shared fixtures: a store on a temporary database with a clock the test controls."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pendulum
import pytest

from dutydesk.domain.clock import fixed_clock, to_utc
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


@pytest.fixture(autouse=True)
def shipped_lists() -> Iterator[None]:
    """Every test starts and ends with the shipped lists (a test may install its own)."""
    from dutydesk.domain import vocab

    vocab.install(vocab.defaults())
    yield
    vocab.install(vocab.defaults())
