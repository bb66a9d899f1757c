"""Two desks saving calls into the same file at the same moment lose nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

CALLS_EACH = 30

# Each desk opens the (possibly not yet created) file itself, resumes the same day's
# session and adds its calls as fast as it can, starting at the same agreed moment.
DESK = """
import sys, time
from datetime import UTC, datetime
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.records import Actor, CallDetails, Child
from dutydesk.storage import open_store

path, desk, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
while time.time() < start:
    time.sleep(0.001)
store = open_store(path, fixed_clock(datetime(2026, 11, 26, 10, 0, tzinfo=UTC)))
actor = Actor(f"Officer {desk}", "mash", "MASH officer")
session = store.start_session(store.today(), [("mash", actor.name, actor.role)], actor)
for n in range({calls}):
    details = CallDetails(
        urgency="routine",
        children=(Child(f"Child {desk}{n}", age="9"),),
        worry_seen=f"Desk {desk} call {n}",
    )
    store.add_call(session.id, details, actor)
    time.sleep(0.01)  # let the other desk in between saves
store.close()
"""


def test_two_desks_adding_calls_at_once_keep_every_call(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    script = DESK.replace("{calls}", str(CALLS_EACH))
    start = time.time() + 2.0  # both interpreters are up before either begins
    desks = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(path), desk, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for desk in "AB"
    ]
    for desk in desks:
        _out, err = desk.communicate(timeout=30)
        assert desk.returncode == 0, err
        assert err == ""

    with sqlite3.connect(path) as conn:
        refs = [ref for (ref,) in conn.execute("SELECT ref FROM referral ORDER BY ref")]
        desks_in_order = [
            name[-1]
            for (name,) in conn.execute(
                "SELECT c.actor_name FROM referral r JOIN call_version c ON c.referral_id = r.id"
                " ORDER BY r.ref"
            )
        ]
        worries = {w for (w,) in conn.execute("SELECT worry_seen FROM call_version")}
        sessions = conn.execute("SELECT count(*) FROM duty_session").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM event WHERE kind = 'call added'").fetchone()
    assert len(refs) == 2 * CALLS_EACH
    assert len(set(refs)) == len(refs)
    assert refs == [f"261126-{n:02d}" for n in range(1, 2 * CALLS_EACH + 1)]
    assert worries == {f"Desk {d} call {n}" for d in "AB" for n in range(CALLS_EACH)}
    assert sessions == 1
    # The desks really did save in turns, not one after the other.
    assert set(desks_in_order[:CALLS_EACH]) == {"A", "B"}
    assert events == (2 * CALLS_EACH,)
