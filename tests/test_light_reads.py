"""Plain-SQL reads (storage/light.py) on a SQLite file through Python's sqlite3: the same
rows the Store saved, a file a read cannot change or create, no SQLAlchemy imported."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from dutydesk.storage import Store
from dutydesk.storage.light import FileReader, stored, utc
from dutydesk.storage.version import SCHEMA_VERSION
from tests.store.helpers import MASH, PEOPLE

SQL = "SELECT id, started_at FROM duty_session WHERE day = :day"


def test_file_reader_reads_what_the_engine_reads(tmp_path: Path, store: Store) -> None:
    session = store.start_session(store.today(), PEOPLE, MASH)
    with FileReader(tmp_path / "dutydesk.db") as reader:
        assert reader.schema() == SCHEMA_VERSION
        ((session_id, started),) = reader.rows(SQL, {"day": session.day.isoformat()})
    assert (session_id, utc(started)) == (session.id, session.started_at)
    assert stored(session.started_at) == started


def test_file_reader_cannot_write_nor_create(tmp_path: Path, store: Store) -> None:
    store.start_session(store.today(), PEOPLE, MASH)
    with FileReader(tmp_path / "dutydesk.db") as reader, pytest.raises(Exception, match="readonly"):
        reader.rows("DELETE FROM draft")
    missing = tmp_path / "missing.db"
    with pytest.raises(Exception, match="unable to open"):
        FileReader(missing).rows("SELECT 1")
    assert not missing.exists()


def test_light_reads_import_no_sqlalchemy() -> None:
    code = (
        "import sys, dutydesk.storage.light, dutydesk.storage.version\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_utc_refuses_what_is_not_a_moment() -> None:
    assert utc(None) is None
    with pytest.raises(TypeError):
        utc(42)
    with pytest.raises(ValueError, match="naive"):
        stored(datetime(2026, 11, 26, 9, 0))
