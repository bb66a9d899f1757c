"""Shared by the bench scripts: seeded databases, whole processes in a pty, medians, the table.

Plain Python and the standard library (plus dutydesk itself): no timed assertions anywhere.
"""

from __future__ import annotations

import fcntl
import os
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

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("DUTYDESK_BENCH_CACHE", tempfile.gettempdir())) / "dutydesk-bench"
DUTYDESK = [sys.executable, "-m", "dutydesk"]
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


def settled_peak_kb(pid: int, master: int, quiet: float = 0.5, longest: float = 5.0) -> int:
    """VmHWM once the program has settled: less than 20 ms of CPU in `quiet` seconds (what
    it loads after its first paint is loaded by then), or after `longest` seconds. What it
    draws meanwhile is read and dropped (a full pty would stop it)."""
    end = time.perf_counter() + longest
    before = _cpu_of(pid)
    while time.perf_counter() < end:
        wake = time.perf_counter() + quiet
        while (left := wake - time.perf_counter()) > 0:
            if select.select([master], [], [], left)[0]:
                os.read(master, 65536)
        now = _cpu_of(pid)
        if now - before < 0.02:
            break
        before = now
    return _peak_kb(pid)


def launch(
    argv: list[str], marker: bytes, env: dict[str, str], timeout: float = 120, settle: bool = False
) -> Launch:
    """Run `argv` in a 120x36 pseudo-terminal until `marker` is drawn, then Ctrl+Q
    (`settle`: first wait until it has settled, for its peak size when fully ready)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True
    )
    os.close(slave)
    seen = b""
    wall = cpu = 0.0
    peak = 0
    deadline = start + timeout
    try:
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            seen = seen[-4096:] + chunk
            if marker in seen:
                wall = time.perf_counter() - start
                cpu = _cpu_of(proc.pid)
                peak = _peak_kb(proc.pid)
                break
        else:
            raise RuntimeError(f"{argv} did not draw {marker!r} in {timeout} s")
        if not wall:
            raise RuntimeError(f"{argv} ended before drawing {marker!r}: {seen[-500:]!r}")
        settled = settled_peak_kb(proc.pid, master) if settle else 0
        os.write(master, b"\x11")  # Ctrl+Q
        while True:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    if not os.read(master, 65536):
                        break
                except OSError:
                    break
            elif proc.poll() is not None:
                break
        proc.wait(timeout=timeout)
        return Launch(wall, cpu, peak, settled)
    finally:
        if proc.returncode is None:
            proc.kill()
        os.close(master)


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
    target: str  # e.g. "<= 1.5x" or "< 16 ms"
    met: bool
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
            f"{'yes' if r.met else 'NO':<5}{('  ' + r.note) if r.note else ''}"
        )
