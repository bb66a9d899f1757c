"""Shared by the bench scripts: seeded databases, whole processes in a pty, medians, the table.

Plain Python and the standard library (plus dutydesk itself): no timed assertions anywhere.
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# The folder holding the dutydesk this Python imports (`python -m dutydesk` runs there, so
# that a bench script run by another checkout's venv measures that checkout's code).
ROOT = Path(importlib.util.find_spec("dutydesk").origin or ".").resolve().parent.parent  # type: ignore[union-attr]
CACHE = Path(os.environ.get("DUTYDESK_BENCH_CACHE", tempfile.gettempdir())) / "dutydesk-bench"
DUTYDESK = [sys.executable, "-m", "dutydesk"]
MINIMAL = [sys.executable, str(Path(__file__).resolve().parent / "minimal_app.py")]
TICK = os.sysconf("SC_CLK_TCK")


def seeded(referrals: int | None) -> Path:
    """A database of today's demo day, plus history up to `referrals` in all (cached per day)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    from dutydesk.storage.version import SCHEMA_VERSION

    # The schema in the name: a file seeded before a migration is not reused.
    name = f"{date.today().isoformat()}-s{SCHEMA_VERSION}-{referrals or 'today'}.db"
    path = CACHE / name
    if not path.exists():
        part = path.with_suffix(".part")
        for stale in CACHE.glob(part.name + "*"):
            stale.unlink()
        command = [*DUTYDESK, "seed-demo", "--db", str(part)]
        if referrals:
            command += ["--referrals", str(referrals)]
        print(f"  seeding {path.name} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        # Fold the WAL into the file, so the copy is whole.
        import sqlite3

        conn = sqlite3.connect(part)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        part.rename(path)
        print(f"  seeded in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    return path


def quiet_env(home: Path) -> dict[str, str]:
    """An environment whose config, data and crash folders are private to the bench."""
    env = dict(os.environ)
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        DUTYDESK_CONFIG=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        DUTYDESK_EXPORTS=str(home / "exports"),
    )
    env.pop("TEXTUAL", None)
    return env


@dataclass
class Launch:
    wall: float  # seconds from launch to the marker on screen
    cpu: float  # the process's CPU seconds at that moment (from /proc, 10 ms steps)
    max_rss_kb: int  # the peak resident size (VmHWM) when the marker is drawn
    ready_rss_kb: int = 0  # VmHWM once settled after the marker (`launch(settle=True)`)
    first: float = 0.0  # seconds to the first marker, when the figures are for a second


def _cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def _peak_kb(pid: int) -> int:
    """VmHWM: this program's own peak. (ru_maxrss would also count the bench's own size,
    which Linux carries over into a child across exec.)"""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


Marker = bytes | re.Pattern[bytes]


class Terminal:
    """A program in a 120x36 pseudo-terminal; what it draws is read as it comes, and the
    moment each piece arrived is kept (`arrivals`: the frames, as the terminal sees them)."""

    def __init__(self, argv: list[str], env: dict[str, str], rows: int = 36) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, 120, 0, 0))
        self.argv = argv
        self.start = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True
        )
        os.close(slave)
        self.seen = b""
        self.arrivals: list[float] = []

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def read(self, timeout: float) -> bool:
        """Read what has been drawn within `timeout` seconds; False if nothing came."""
        if not select.select([self.master], [], [], max(timeout, 0))[0]:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            raise RuntimeError(f"{self.argv} ended: {self.seen[-500:]!r}")
        self.arrivals.append(time.perf_counter())
        self.seen = self.seen[-65536:] + chunk
        return True

    def wait_for(self, marker: Marker, timeout: float = 120) -> float:
        """Read until `marker` is drawn (what was read before it is then forgotten); the
        moment it arrived."""
        deadline = time.perf_counter() + timeout
        while True:
            found = marker in self.seen if isinstance(marker, bytes) else marker.search(self.seen)
            if found:
                self.seen = b""
                return self.arrivals[-1]
            left = deadline - time.perf_counter()
            if left <= 0:
                raise RuntimeError(f"{self.argv} did not draw {marker!r} in {timeout} s")
            self.read(min(left, 0.5))

    def send(self, keys: bytes) -> float:
        os.write(self.master, keys)
        return time.perf_counter()

    def drain(self, quiet: float = 0.3, longest: float = 10.0) -> None:
        """Read until nothing has been drawn for `quiet` seconds (at most `longest`)."""
        end = time.perf_counter() + longest
        while time.perf_counter() < end and self.read(quiet):
            pass

    def cpu(self) -> float:
        return _cpu_of(self.proc.pid)

    def peak_kb(self) -> int:
        return _peak_kb(self.proc.pid)

    def settle(self, quiet: float = 0.5, longest: float = 10.0) -> None:
        """Read what is drawn until the program has settled: less than 20 ms of CPU in
        `quiet` seconds (what it loads after its first paint is loaded by then), or
        `longest` seconds have passed."""
        end = time.perf_counter() + longest
        before = self.cpu()
        while time.perf_counter() < end:
            wake = time.perf_counter() + quiet
            while (left := wake - time.perf_counter()) > 0:
                self.read(left)
            now = self.cpu()
            if now - before < 0.02:
                break
            before = now

    def close(self, timeout: float = 120) -> None:
        """Ctrl+Q, then read until it has gone."""
        try:
            if self.proc.poll() is None:
                os.write(self.master, b"\x11")  # Ctrl+Q
                end = time.perf_counter() + timeout
                while time.perf_counter() < end:
                    try:
                        self.read(0.2)
                    except RuntimeError:
                        break
                    if self.proc.poll() is not None:
                        break
                self.proc.wait(timeout=timeout)
        finally:
            if self.proc.returncode is None:
                self.proc.kill()
                self.proc.wait()
            os.close(self.master)


def launch(
    argv: list[str],
    marker: Marker,
    env: dict[str, str],
    timeout: float = 120,
    settle: bool = False,
    then: tuple[bytes, Marker] | None = None,
) -> Launch:
    """Run `argv` in a 120x36 pseudo-terminal until `marker` is drawn, then Ctrl+Q
    (`settle`: first wait until it has settled, for its peak size when fully ready).
    `then` (keys, marker): the keys are sent the moment `marker` is drawn, and the figures
    are taken when the second marker is drawn (`Launch.first`: when the first one was)."""
    with Terminal(argv, env) as term:
        first = term.wait_for(marker, timeout) - term.start
        if then is not None:
            term.send(then[0])
            term.wait_for(then[1], timeout)
        wall = term.arrivals[-1] - term.start
        cpu, peak = term.cpu(), term.peak_kb()
        if settle:
            term.settle(longest=5.0)
        settled = term.peak_kb() if settle else 0
    return Launch(wall, cpu, peak, settled, first)


def alternate(runs: int, *measures: Callable[[], float]) -> list[list[float]]:
    """Each measure `runs` times, taking turns, so that a busy moment hits both sides."""
    results: list[list[float]] = [[] for _ in measures]
    for _ in range(runs):
        for found, measure in zip(results, measures, strict=True):
            found.append(measure())
    return results


@dataclass
class Row:
    what: str
    ours: float
    baseline: float | None  # None: the target is an absolute figure
    unit: str  # "ms", "MB", "s"
    target: str  # e.g. "<= 1.5x" or "< 16 ms", or "-": a figure to compare, no target
    met: bool | None  # None: no target
    note: str = ""

    @property
    def ratio(self) -> str:
        return f"{self.ours / self.baseline:.2f}x" if self.baseline else "-"


def median(values: list[float]) -> float:
    return statistics.median(values)


def ratio_row(
    what: str, ours: list[float], base: list[float], unit: str, limit: float, note: str = ""
) -> Row:
    a, b = median(ours), median(base)
    return Row(what, a, b, unit, f"<= {limit:g}x", a <= limit * b, note)


def absolute_row(what: str, ours: list[float], unit: str, limit: float, note: str = "") -> Row:
    a = median(ours)
    return Row(what, a, None, unit, f"< {limit:g} {unit}", a < limit, note)


def print_table(rows: list[Row]) -> None:
    head = f"{'measure':<46}{'ours':>10}{'baseline':>10}{'ratio':>8}  {'target':<12}{'met':<5}"
    print(head)
    print("-" * len(head))
    for r in rows:
        base = f"{r.baseline:.1f}" if r.baseline is not None else "-"
        ours = f"{r.ours:.1f} {r.unit}"
        print(
            f"{r.what:<46}{ours:>10}{base:>10}{r.ratio:>8}  {r.target:<12}"
            f"{'-' if r.met is None else 'yes' if r.met else 'NO':<5}"
            f"{('  ' + r.note) if r.note else ''}"
        )
