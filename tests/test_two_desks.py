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
        assert "database is locked" not in err  # a desk waits its turn, it never fails
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


# Several seconds of everything a desk saves, as fast as it can: calls, views, decisions,
# actions ticked off, corrections. Each desk works on its own referrals (so no decision
# conflict is expected) but they share the file, the session and the event log.
MIXED = """
import sys, time
from dataclasses import replace
from dutydesk.domain.records import Actor, CallDetails, Child
from dutydesk.storage import open_store

from pathlib import Path
path, desk, start, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
while time.time() < start:
    time.sleep(0.001)
store = open_store(path)
actor = Actor(f"Officer {desk}", "mash", "MASH officer")
session = store.session_for(store.today()) or store.start_session(
    store.today(), [("mash", actor.name, actor.role)], actor
)
# Both desks begin together however slow the machine is: each says it is ready, then waits.
folder = Path(path).parent
(folder / f"ready-{desk}").touch()
while len(list(folder.glob("ready-*"))) < 2:
    time.sleep(0.001)
began = time.time()
done = {"call": 0, "view": 0, "decision": 0, "action": 0, "status": 0, "amend": 0}
n = 0
while time.time() < began + seconds or n < 3:
    n += 1
    call = CallDetails("today", (Child(f"Child {desk}{n}", age="6"),), worry_seen=f"{desk} {n}")
    rid = store.add_call(session.id, call, actor).referral_id
    done["call"] += 1
    store.add_view(rid, session.id, "health", f"Desk {desk} knows {n}", "", actor)
    done["view"] += 1
    store.decide(rid, session.id, "early_help", "Reasons", ["mash"], actor, expected_version=0)
    done["decision"] += 1
    action = store.add_action(rid, session.id, "Ring back", "education", "", None, "", actor)
    store.set_action_done(action.id, session.id, True, actor)
    done["action"] += 1
    done["status"] += 1
    if n % 3 == 0:
        store.amend_call(rid, session.id, replace(call, worry_told="more"), actor, 1)
        done["amend"] += 1
print(" ".join(f"{k}={v}" for k, v in done.items()))
store.close()
"""


def test_two_desks_saving_everything_for_seconds_never_see_a_lock(tmp_path: Path) -> None:
    from dutydesk.storage.integrity import check_file

    path = tmp_path / "busy.db"
    start = time.time() + 2.0
    desks = [
        subprocess.Popen(
            [sys.executable, "-c", MIXED, str(path), desk, str(start), "3"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for desk in "AB"
    ]
    totals: dict[str, int] = {}
    calls_per_desk = []
    for desk in desks:
        out, err = desk.communicate(timeout=60)
        assert "locked" not in err and "busy" not in err, err
        assert desk.returncode == 0 and err == "", err
        mine = dict(pair.split("=") for pair in out.split())
        calls_per_desk.append(int(mine.get("call", 0)))
        for key, value in mine.items():
            totals[key] = totals.get(key, 0) + int(value)
    # Both desks really were saving, at the same time (they start together, see MIXED).
    assert min(calls_per_desk) >= 3, calls_per_desk
    with sqlite3.connect(path) as conn:
        counted = {
            "call": conn.execute("SELECT count(*) FROM referral").fetchone()[0],
            "view": conn.execute("SELECT count(*) FROM agency_view").fetchone()[0],
            "decision": conn.execute("SELECT count(*) FROM decision").fetchone()[0],
            "action": conn.execute("SELECT count(*) FROM action").fetchone()[0],
            "status": conn.execute("SELECT count(*) FROM action_status").fetchone()[0],
            "amend": conn.execute("SELECT count(*) FROM call_version WHERE version = 2").fetchone()[
                0
            ],
        }
    assert counted == totals
    report = check_file(path)  # one unbroken hash chain, though two desks wrote it
    assert report.ok, report.problems
    assert report.chain is not None and report.chain.events >= sum(totals.values())
