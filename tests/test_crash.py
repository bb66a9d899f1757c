"""No saved record is lost on a crash: a writer saving calls through dutydesk's own Store is
killed (SIGKILL: no chance to tidy up) at random moments, again and again, and every call it
had reported saved is still there, in a file that passes every check.

To afford many rounds, one helper process imports dutydesk once and forks a fresh writer
for each round; the writer appends each id to a file (one write() call, which survives
the kill) only after add_call has returned, i.e. after the commit.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dutydesk.storage import open_store
from dutydesk.storage.integrity import check_file

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs fork and SIGKILL")

# Half the rounds kill the writer at a random moment (often while it opens the file or
# starts the session); the other half only once it has reported a new save, then at a random
# moment within the next saves. The second half makes the number of saves independent of
# how busy the machine is (a time budget made it fail under load with "too few saves").
RANDOM_ROUNDS = AFTER_A_SAVE_ROUNDS = 20
SAVE_DEADLINE = 120.0  # seconds a writer may take to save its first call on a crowded machine

FORKER = """
import os, signal, sys, traceback
from dutydesk.domain.records import Actor, CallDetails, Child
from dutydesk.storage import open_store
import alembic.command, alembic.config, alembic.script  # what opening a new file needs

path, saved_file = sys.argv[1], sys.argv[2]
signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # killed writers are reaped at once


def write_forever():
    out = os.open(saved_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    store = open_store(path)
    actor = Actor("Crash Tester", "mash", "MASH officer")
    session = store.session_for(store.today()) or store.start_session(
        store.today(), [("mash", actor.name, actor.role)], actor
    )
    n = 0
    while True:
        n += 1
        details = CallDetails("routine", (Child(f"Child {n}", age="5"),), worry_seen=f"Call {n}")
        row = store.add_call(session.id, details, actor)
        os.write(out, f"{row.referral_id}\\n".encode())  # only ever after the commit


for _line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        try:
            write_forever()
        except BaseException:
            traceback.print_exc()
        os._exit(1)
    print(pid, flush=True)
"""


def wait_until_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.002)
    raise AssertionError(f"writer {pid} did not die")


def wait_for_a_save(saved_file: Path, before: int, pid: int) -> None:
    """Until the writer has reported a save beyond `before` (it only reports after commit)."""
    deadline = time.monotonic() + SAVE_DEADLINE
    while saves(saved_file) <= before:
        if time.monotonic() > deadline:
            raise AssertionError(f"writer {pid} saved nothing in {SAVE_DEADLINE:.0f} s")
        time.sleep(0.005)


def saves(saved_file: Path) -> int:
    return len(saved_file.read_text().split()) if saved_file.exists() else 0


def test_a_killed_writer_loses_no_saved_call(tmp_path: Path) -> None:
    path, saved_file = tmp_path / "crash.db", tmp_path / "saved.txt"
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    forker = subprocess.Popen(
        [sys.executable, "-c", FORKER, str(path), str(saved_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert forker.stdin is not None and forker.stdout is not None
    rounds = 0
    try:
        kinds = ["any moment"] * RANDOM_ROUNDS + ["after a save"] * AFTER_A_SAVE_ROUNDS
        rng.shuffle(kinds)
        for kind in kinds:
            before = saves(saved_file)
            forker.stdin.write("go\n")
            forker.stdin.flush()
            pid = int(forker.stdout.readline())
            if kind == "after a save":
                wait_for_a_save(saved_file, before, pid)
            # Any moment: opening (the first round also creates and migrates the file),
            # starting the session, or in the middle of one of the many saves.
            time.sleep(rng.uniform(0, 0.3 if kind == "any moment" else 0.05))
            os.kill(pid, signal.SIGKILL)
            wait_until_gone(pid)
            rounds += 1
            if path.exists():
                with sqlite3.connect(path) as conn:  # sound after every crash
                    assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",), seed
    finally:
        _out, errors = forker.communicate(timeout=30)  # closes its stdin: it ends
    assert errors == "", errors  # no writer failed by itself ("database is locked", ...)
    saved = [int(n) for n in saved_file.read_text().split()] if saved_file.exists() else []
    assert len(saved) >= AFTER_A_SAVE_ROUNDS, f"too few saves to mean anything (seed {seed})"

    store = open_store(path)  # reopened by the app, as the next morning would
    present = {d.referral_id: d.call.worry_seen for d in store.referral_details(saved)}
    store.close()
    missing = sorted(set(saved) - set(present))
    assert not missing, f"saved then lost: {missing} (seed {seed}, {rounds} rounds)"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # Each call is whole: its referral, its first version and its event, or none of them.
        assert conn.execute(
            "SELECT count(*) FROM referral r LEFT JOIN call_version c ON c.referral_id = r.id"
            " WHERE c.id IS NULL"
        ).fetchone() == (0,)
        calls = conn.execute("SELECT count(*) FROM referral").fetchone()[0]
        logged = conn.execute("SELECT count(*) FROM event WHERE kind = 'call added'").fetchone()
        assert logged == (calls,)
    report = check_file(path)
    assert report.ok, report.problems  # triggers in place, hash chain unbroken
