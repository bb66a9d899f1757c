"""A saved record against a raw sqlite3 insert-and-commit of the same rows.

    python bench/commit.py [--runs 30]

dutydesk: `Store.add_view` (a view row and its event, one IMMEDIATE transaction, WAL,
synchronous=FULL). Baseline: Python's sqlite3 inserting the same two rows and committing,
on a connection with the same settings, in a file beside it. Wall time: a commit waits
for the disk, which is the point.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Row, alternate, print_table, ratio_row, seeded

from dutydesk.storage import open_store

VIEW = (
    "INSERT INTO agency_view (referral_id, session_id, agency, agency_label, author_name, "
    "author_role, created_at, knows, needed, actor_name, actor_agency, actor_role) "
    "VALUES (?, ?, 'police', 'Police', 'A Name', 'Role', ?, ?, ?, 'A Name', 'police', 'Role')"
)
EVENT = (
    "INSERT INTO event (id, at, session_id, referral_id, kind, detail, prev_hash, hash, "
    "actor_name, actor_agency, actor_role) VALUES "
    "((SELECT coalesce(max(id), 0) + 1 FROM event), ?, ?, ?, 'view added', 'Police', ?, ?, "
    "'A Name', 'police', 'Role')"
)


def measure(runs: int) -> list[Row]:
    folder = Path(tempfile.mkdtemp(prefix="dutydesk-bench-commit-"))
    ours_db, raw_db = folder / "ours.db", folder / "raw.db"
    shutil.copyfile(seeded(None), ours_db)
    shutil.copyfile(seeded(None), raw_db)
    store = open_store(ours_db)
    session = store.session_for(store.today())
    assert session is not None
    referral = store.queue(session)[0].referral_id
    actor = session.attendees[0].actor()
    raw = sqlite3.connect(raw_db, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        raw.execute(f"PRAGMA {pragma}")
    knows = "Known to us: a fictional note of about the usual length for a view. " * 3

    def ours() -> float:
        start = time.perf_counter()
        store.add_view(referral, session.id, "police", knows, "Needed: more fiction.", actor)
        return (time.perf_counter() - start) * 1000

    def baseline() -> float:
        now = "2026-11-26 10:00:00.000000"
        start = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(VIEW, (referral, session.id, now, knows, "Needed: more fiction."))
        raw.execute(EVENT, (now, session.id, referral, "0" * 64, "f" * 64))
        raw.execute("COMMIT")
        return (time.perf_counter() - start) * 1000

    try:
        ours_ms, raw_ms = alternate(runs, ours, baseline)
    finally:
        store.close()
        raw.close()
        shutil.rmtree(folder, ignore_errors=True)
    return [
        ratio_row(
            "commit one record, wall (vs raw sqlite3)",
            ours_ms,
            raw_ms,
            "ms",
            2.0,
            "WAL, synchronous=FULL, both",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    print_table(measure(parser.parse_args().runs))


if __name__ == "__main__":
    main()
