"""Fixtures for the store tests: a real database (a SQLite file, then a PostgreSQL database:
`db_target` in tests/conftest.py), a clock the test moves by hand (from
09:00 UTC on Thursday 26 November 2026) and the day's session. They stand in for the
`clock` and `store` fixtures of tests/conftest.py in this folder.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dutydesk.domain.records import SessionInfo
from dutydesk.storage import Store, open_store
from tests.store.helpers import MASH, PEOPLE, THURSDAY, Clock


@pytest.fixture
def clock() -> Clock:
    return Clock(THURSDAY)


@pytest.fixture
def store(db_target: str, clock: Clock) -> Iterator[Store]:
    opened = open_store(db_target, clock)
    yield opened
    opened.close()


@pytest.fixture
def session(store: Store) -> SessionInfo:
    return store.start_session(store.today(), PEOPLE, MASH)
