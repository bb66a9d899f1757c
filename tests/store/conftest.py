"""Fixtures for the store tests: a real SQLite file, a clock the test moves by hand (from
09:00 UTC on Thursday 26 November 2026) and the day's session. They stand in for the
`clock` and `store` fixtures of tests/conftest.py in this folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dutydesk.domain.records import SessionInfo
from dutydesk.storage import Store, open_store
from tests.store.helpers import MASH, PEOPLE, THURSDAY, Clock


@pytest.fixture
def clock() -> Clock:
    return Clock(THURSDAY)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def store(path: Path, clock: Clock) -> Iterator[Store]:
    opened = open_store(path, clock)
    yield opened
    opened.close()


@pytest.fixture
def session(store: Store) -> SessionInfo:
    return store.start_session(store.today(), PEOPLE, MASH)
