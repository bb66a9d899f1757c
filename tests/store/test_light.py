"""Plain-SQL reads (storage/light.py) through the Store's engine: tuples, moments in UTC."""

from __future__ import annotations

from dutydesk.domain.records import SessionInfo
from dutydesk.storage import Store
from dutydesk.storage.light import EngineReader, utc

SQL = "SELECT id, started_at FROM duty_session WHERE day = :day"


def test_engine_reader_gives_tuples_and_utc_moments(store: Store, session: SessionInfo) -> None:
    rows = EngineReader(store.engine).rows(SQL, {"day": session.day.isoformat()})
    assert [(row[0], utc(row[1])) for row in rows] == [(session.id, session.started_at)]
