"""Whole processes in a pseudo-terminal: start-up, the queue with a long history, memory.

    python bench/startup.py [--referrals 100000] [--runs 5]

Start to the first key answered (issue 15): dutydesk launched on 10,000 referrals, Enter
sent the moment its queue is drawn, until that referral is on screen; against the minimal
app (bench/minimal_app.py) launched, S sent the moment its table is drawn, until the
screen it pushes is drawn. Queue drawn: launch to today's queue drawn (dutydesk, today's
demo day only) against launch to the minimal app's table drawn. History: the same dutydesk launch on
a database with `--referrals` referrals against today's demo day alone. Memory: the
largest resident size (VmHWM) of dutydesk on the long history, fully ready (it has drawn,
then settled: the Store it opens after the first paint is open), against the minimal
app's, settled the same way; the size when the queue is first drawn is in the note.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    DUTYDESK,
    MINIMAL,
    Launch,
    Marker,
    Row,
    alternate,
    launch,
    median,
    print_table,
    quiet_env,
    ratio_row,
    seeded,
)

START_REFERRALS = 10_000
# The referral screen's header: "261207-11 · in discussion" (the queue has no such line).
REFERRAL_SHOWN = re.compile(rb"\d{6}-\d\d \xc2\xb7 ")


def measure(referrals: int, runs: int) -> list[Row]:
    small, large, start = seeded(None), seeded(referrals), seeded(START_REFERRALS)
    home = Path(tempfile.mkdtemp(prefix="dutydesk-bench-home-"))
    env = quiet_env(home)
    today = f"{date.today():%y%m%d}-01".encode()
    launches: dict[str, list[Launch]] = {
        k: [] for k in ("minimal", "small", "large", "minimal_key", "start")
    }

    def run(kind: str, argv: list[str], marker: bytes) -> float:
        found = launch(argv, marker, env, settle=kind in ("minimal", "large"))
        launches[kind].append(found)
        return found.wall

    def first_key(kind: str, argv: list[str], marker: bytes, key: bytes, shown: Marker) -> float:
        found = launch(argv, marker, env, then=(key, shown))
        launches[kind].append(found)
        return found.wall

    try:
        launch([*DUTYDESK, "--db", str(small)], today, env)  # first run: byte-compile, settle
        launch(MINIMAL, b"MINIMAL-01", env)
        launch([*DUTYDESK, "--db", str(start)], today, env)
        alternate(
            runs,
            lambda: first_key("minimal_key", MINIMAL, b"MINIMAL-01", b"s", b"PUSHED-01"),
            lambda: first_key(
                "start", [*DUTYDESK, "--db", str(start)], today, b"\r", REFERRAL_SHOWN
            ),
            lambda: run("minimal", MINIMAL, b"MINIMAL-01"),
            lambda: run("small", [*DUTYDESK, "--db", str(small)], today),
            lambda: run("large", [*DUTYDESK, "--db", str(large)], today),
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)

    def ms(kind: str, attr: str) -> list[float]:
        return [getattr(x, attr) * 1000 for x in launches[kind]]

    def mb(kind: str, attr: str = "ready_rss_kb") -> list[float]:
        return [getattr(x, attr) / 1024 for x in launches[kind]]

    n = f"{referrals:,}"
    queue_at = median(ms("start", "first"))
    return [
        ratio_row(
            f"start to first referral open ({START_REFERRALS:,}), wall",
            ms("start", "wall"),
            ms("minimal_key", "wall"),
            "ms",
            3.2,
            f"vs minimal's first key; queue drawn at {queue_at:.0f} ms",
        ),
        ratio_row(
            f"start to first referral open ({START_REFERRALS:,}), CPU",
            ms("start", "cpu"),
            ms("minimal_key", "cpu"),
            "ms",
            3.2,
        ),
        ratio_row(
            "start to queue drawn, wall (vs minimal)",
            ms("small", "wall"),
            ms("minimal", "wall"),
            "ms",
            1.5,
        ),
        ratio_row(
            "start to queue drawn, CPU (vs minimal)",
            ms("small", "cpu"),
            ms("minimal", "cpu"),
            "ms",
            1.5,
        ),
        ratio_row(
            f"queue drawn, {n} history vs none, wall",
            ms("large", "wall"),
            ms("small", "wall"),
            "ms",
            1.2,
        ),
        ratio_row(
            f"queue drawn, {n} history vs none, CPU",
            ms("large", "cpu"),
            ms("small", "cpu"),
            "ms",
            1.2,
        ),
        ratio_row(
            f"max RSS ready, {n} history (vs minimal)",
            mb("large"),
            mb("minimal"),
            "MB",
            1.3,
            f"when first drawn: {median(mb('large', 'max_rss_kb')):.1f} MB, minimal "
            f"{median(mb('minimal', 'max_rss_kb')):.1f} MB",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print_table(measure(args.referrals, args.runs))


if __name__ == "__main__":
    main()
