"""Does the screen keep up? Keys while the live check runs, and a save on a far server.

    python bench/frames.py [--referrals 100000] [--keys 250] [--saves 5] [--pg URL | --no-pg]

Keys (issue 15): the console in a 120x36 pseudo-terminal, as a person has it, on a copy
of the database with `--referrals` referrals (SQLite), and on PostgreSQL through
bench/delay_proxy.py (25 ms each way: 50 ms a round trip). Once it has settled, keys are
sent at a steady pace (one every 40 ms) while the console's own timers run (the change
check twice a second; in a form, the draft kept once a second): in the queue Down x5, Up
x5 over and over; in the call form (A) letters typed into the referrer's name and taken
out again. CPU per key: the process's CPU (/proc, all its threads) over the typing divided
by the keys. Key to frame: from each key sent to the next thing the terminal receives;
the row gives the longest (target: no frame later than 50 ms), the note the median and
the 95th percentile.

Save (PostgreSQL 50 ms away): the agency view form on the first referral of the queue,
filled in, then Ctrl+S until the form has closed and the referral has been read again
("View added."). Headless (`App.run_test`) in this process, so that the event loop itself
can be watched: a heartbeat task on the same loop notes the longest time it could not run,
which is the longest time no frame could be drawn (Textual draws on that loop). SQLite's
figures are in the note, for scale.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import itertools
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from delay_proxy import delayed
from harness import (
    DUTYDESK,
    MINIMAL,
    Row,
    Terminal,
    absolute_row,
    median,
    print_table,
    quiet_env,
    seeded,
)

EVERY = 0.040  # seconds between keys: a fast typist, or a key held down
DOWN, UP, BACKSPACE = b"\x1b[B", b"\x1b[A", b"\x7f"
QUEUE_KEYS = [DOWN] * 5 + [UP] * 5
FORM_KEYS = [bytes([c]) for c in b"abcdefgh"] + [BACKSPACE] * 8
ADD_CALL, FORM_SHOWN = b"a", b"Add a call"


@dataclass
class Typing:
    cpu_per_key: list[float]  # ms, one figure per run
    waits: list[float]  # ms, every key of every run: key sent to the next frame
    idle_cpu: list[float]  # ms of CPU per second with no key pressed, the timers running

    def spread(self) -> str:
        waits = sorted(self.waits)
        p95 = waits[int(len(waits) * 0.95)]
        return f"median {statistics.median(waits):.1f} ms, 95% within {p95:.1f} ms"

    def rows(self, what: str, where: str, floor: Typing | None = None) -> list[Row]:
        longest = max(self.waits)
        scale = ""
        if floor is not None:
            scale = f"; minimal app's: longest {max(floor.waits):.0f} ms, {floor.spread()}"
        return [
            absolute_row(
                f"{what} key, CPU ({where})",
                self.cpu_per_key,
                "ms",
                16,
                f"idle, timers only: {median(self.idle_cpu):.1f} ms CPU a second",
            ),
            Row(
                f"{what} key to frame, longest ({where})",
                longest,
                None,
                "ms",
                "< 50 ms",
                longest < 50,
                self.spread() + scale,
            ),
        ]


def typing(term: Terminal, keys: list[bytes], count: int, into: Typing) -> None:
    """Send `count` keys at a steady pace; note the CPU per key and each key's wait."""
    term.settle()
    idle_from, idle_cpu = time.perf_counter(), term.cpu()
    term.drain(quiet=2.0, longest=2.0)  # nothing is pressed: only the timers run
    into.idle_cpu.append((term.cpu() - idle_cpu) * 1000 / (time.perf_counter() - idle_from))
    term.arrivals.clear()
    cpu, start = term.cpu(), time.perf_counter()
    sent = []
    for i in range(count):
        due = start + i * EVERY
        while (left := due - time.perf_counter()) > 0:
            term.read(left)
        sent.append(term.send(keys[i % len(keys)]))
    term.drain(quiet=0.3)
    into.cpu_per_key.append((term.cpu() - cpu) * 1000 / count)
    for at in sent:
        i = bisect.bisect_left(term.arrivals, at)
        if i < len(term.arrivals):
            into.waits.append((term.arrivals[i] - at) * 1000)


def measure_keys(
    db: str, keys: int, runs: int, env: dict[str, str], floor: Typing | None = None
) -> tuple[Typing, Typing]:
    """The queue's and the call form's keys; the minimal app's cursor too, into `floor`
    (the same keys in turn with dutydesk's: what the machine's load alone costs)."""
    queue, form = Typing([], [], []), Typing([], [], [])
    today = f"{date.today():%y%m%d}-01".encode()
    for _ in range(runs):
        if floor is not None:
            with Terminal(MINIMAL, env) as term:
                term.wait_for(b"MINIMAL-01")
                typing(term, QUEUE_KEYS, keys, floor)
        with Terminal([*DUTYDESK, "--db", db], env) as term:
            term.wait_for(today)
            typing(term, QUEUE_KEYS, keys, queue)
            term.send(ADD_CALL)
            term.wait_for(FORM_SHOWN)
            typing(term, FORM_KEYS, keys, form)
    return queue, form


# -- the save, headless -------------------------------------------------------------------


@dataclass
class Save:
    wall: list[float]  # ms, Ctrl+S until the form has gone and the referral is read again
    stall: list[float]  # ms, the longest the event loop could not run meanwhile


async def heartbeat(beats: list[float], stop: asyncio.Event) -> None:
    """Note the time every 2 ms on the event loop, until `stop`: a gap is a stall."""
    while not stop.is_set():
        beats.append(time.perf_counter())
        await asyncio.sleep(0.002)


async def saves(url: str, count: int, home: Path) -> Save:
    from textual.pilot import Pilot

    from dutydesk.app import DutyDeskApp
    from dutydesk.screens.referral import ReferralScreen
    from dutydesk.screens.view_form import ViewFormScreen
    from dutydesk.storage import open_store

    found = Save([], [])
    app = DutyDeskApp(open_store(url), home / "exports", config_dir=home / "config")
    told: list[str] = []
    shown = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        told.append(message)
        shown(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]

    async def until(pilot: Pilot[Any], done: Any) -> None:
        for _ in range(3000):
            if done():
                return
            await pilot.pause(0.01)
        raise RuntimeError(f"timed out on {app.screen!r}")

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReferralScreen))
        for _ in range(count):
            await pilot.press("1")  # the first agency's view
            await until(pilot, lambda: isinstance(app.screen, ViewFormScreen))
            form = app.screen
            await pilot.press(*"Known: a fictional note for the bench.")
            await pilot.press("tab", "tab", "enter", "down", "enter")  # consent given
            await pilot.pause(0.3)
            told.clear()
            beats: list[float] = []
            stop = asyncio.Event()
            beat = asyncio.create_task(heartbeat(beats, stop))
            await asyncio.sleep(0.02)
            start = time.perf_counter()
            press = asyncio.create_task(pilot.press("ctrl+s"))
            while form in app.screen_stack or "View added." not in told:
                await asyncio.sleep(0.001)
                if time.perf_counter() - start > 60:
                    raise RuntimeError(f"the view was not saved: {told}")
            end = time.perf_counter()
            await asyncio.sleep(0.02)  # the heartbeat wakes, and notes the last stall
            stop.set()
            await beat
            found.wall.append((end - start) * 1000)
            # The longest time between two beats, within Ctrl+S to the form closed.
            found.stall.append(
                max(
                    min(b, end) - max(a, start)
                    for a, b in itertools.pairwise(beats)
                    if a < end and b > start
                )
                * 1000
            )
            await press
            await pilot.pause(0.2)
    app.store.close()
    return found


# -- where ----------------------------------------------------------------------------------


def pg_seeded(server: str, referrals: int) -> str:
    """A database on the server with `referrals` referrals, seeded by `dutydesk seed-demo`
    once a day and kept on the server; its URL. Seeding 100,000 on PostgreSQL takes about
    40 minutes on a busy 2-core machine, so one seeded by an older schema is kept too:
    opening it upgrades it, as it would a desk's."""
    import subprocess

    import psycopg
    from sqlalchemy.engine import make_url

    name = f"bench_{date.today():%Y%m%d}_{referrals}"
    base = make_url(server)
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            part = f"{name}_part"
            conn.execute(f'DROP DATABASE IF EXISTS "{part}"')
            conn.execute(f'CREATE DATABASE "{part}"')
            target = base.set(database=part).render_as_string(hide_password=False)
            print(f"  seeding {name} on PostgreSQL ...", file=sys.stderr, flush=True)
            start = time.perf_counter()
            command = [*DUTYDESK, "seed-demo", "--db", target, "--referrals", str(referrals)]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            conn.execute(f'ALTER DATABASE "{part}" RENAME TO "{name}"')
            took = time.perf_counter() - start
            print(f"  seeded in {took:.0f} s", file=sys.stderr, flush=True)
    return base.set(database=name).render_as_string(hide_password=False)


@contextmanager
def sqlite_copy(referrals: int) -> Iterator[str]:
    folder = Path(tempfile.mkdtemp(prefix="dutydesk-bench-frames-"))
    try:
        shutil.copyfile(seeded(referrals), folder / "copy.db")
        yield str(folder / "copy.db")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(referrals: int, keys: int, runs: int, saves_n: int, pg: str | None) -> list[Row]:
    home = Path(tempfile.mkdtemp(prefix="dutydesk-bench-home-"))
    env = quiet_env(home)
    rows: list[Row] = []
    try:
        floor = Typing([], [], [])
        with sqlite_copy(referrals) as db:
            queue, form = measure_keys(db, keys, runs, env, floor)
            local = asyncio.run(saves(db, saves_n, home))
        rows += queue.rows("queue", "SQLite", floor) + form.rows("form", "SQLite")
        if pg is not None:
            with delayed(pg_seeded(pg, referrals)) as far:
                queue, form = measure_keys(far, keys, runs, env, floor)
                remote = asyncio.run(saves(far, saves_n, home))
            rows += queue.rows("queue", "PG 50 ms", floor) + form.rows("form", "PG 50 ms")
            rows += [
                Row(
                    "Ctrl+S to form closed, wall (PG 50 ms)",
                    median(remote.wall),
                    None,
                    "ms",
                    "-",
                    None,
                    f"SQLite: {median(local.wall):.1f} ms",
                ),
                absolute_row(
                    "longest no frame during it (PG 50 ms)",
                    remote.stall,
                    "ms",
                    50,
                    f"longest of {len(remote.stall)}: {max(remote.stall):.0f} ms; "
                    f"SQLite: {median(local.stall):.1f} ms",
                ),
            ]
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return rows


def pg_url(given: str | None) -> str | None:
    return (
        given or os.environ.get("DUTYDESK_BENCH_PG_URL") or os.environ.get("DUTYDESK_TEST_PG_URL")
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--keys", type=int, default=250, help="keys per run and screen")
    parser.add_argument("--runs", type=int, default=2, help="launches per database")
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--pg", help="a PostgreSQL URL that may CREATE DATABASE")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = parser.parse_args()
    pg = None if args.no_pg else pg_url(args.pg)
    if pg is None and not args.no_pg:
        sys.exit("frames.py: no PostgreSQL server: --pg URL, scripts/with-postgres, or --no-pg")
    print_table(measure(args.referrals, args.keys, args.runs, args.saves, pg))


if __name__ == "__main__":
    main()
