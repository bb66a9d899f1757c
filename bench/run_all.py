"""Every measurement of issues 8 and 17, each against its baseline in the same run, in one table.

    python bench/run_all.py            # 100,000 referrals (seeding takes minutes, once a day)
    python bench/run_all.py --quick    # 5,000 referrals, fewer runs: a quick check
    python bench/run_all.py --no-pg    # without the PostgreSQL rows (no server at hand)

The PostgreSQL rows need a server whose login may CREATE DATABASE: --pg URL, or
$DUTYDESK_BENCH_PG_URL, or $DUTYDESK_TEST_PG_URL (`scripts/with-postgres python
bench/run_all.py` gives one for the run, seeded anew each time).

Databases are seeded once a day into $DUTYDESK_BENCH_CACHE (default: the temp folder) and
reused. Figures are medians; ratios compare two medians from the same run, taken in turns,
so a busy machine slows both sides alike. No timed assertions anywhere: a measurement.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import commit
import console
import export_year
import frames
import report_year
import startup
from harness import Row, print_table


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{platform.node()}: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; load average {load}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="5,000 referrals, fewer runs")
    parser.add_argument("--referrals", type=int, default=None)
    parser.add_argument("--pg", help="a PostgreSQL URL that may CREATE DATABASE")
    parser.add_argument("--no-pg", action="store_true", help="skip the PostgreSQL rows")
    args = parser.parse_args()
    pg = None if args.no_pg else frames.pg_url(args.pg)
    if pg is None and not args.no_pg:
        sys.exit("run_all.py: no PostgreSQL server: --pg URL, scripts/with-postgres, or --no-pg")
    referrals = args.referrals or (5_000 if args.quick else 100_000)
    runs = 3 if args.quick else 5
    print(f"machine: {machine()}")
    print(f"history: {referrals:,} referrals; {runs} runs a side (more for keys)\n", flush=True)
    started = time.perf_counter()
    rows: list[Row] = []
    parts: list[tuple[str, Callable[[], list[Row]]]] = [
        ("start-up, history and memory", lambda: startup.measure(referrals, runs)),
        ("keys", lambda: console.measure(referrals, runs * 4)),
        ("commit", lambda: commit.measure(runs * 6)),
        ("export", lambda: export_year.measure(referrals, max(runs - 2, 1))),
        ("report", lambda: report_year.measure(referrals, max(runs - 2, 1))),
        (
            "keys and saves while the timers run" + ("" if pg else " (SQLite only)"),
            lambda: frames.measure(referrals, 250 if runs > 3 else 100, 2, runs, pg),
        ),
    ]
    failed: list[str] = []
    for name, part in parts:
        print(f"measuring {name} ...", file=sys.stderr, flush=True)
        try:
            rows += part()
        except Exception as error:  # one part failing must not lose the others' rows
            failed.append(f"{name}: {type(error).__name__}: {error}")
            print(f"  failed: {failed[-1]}", file=sys.stderr, flush=True)
    print_table(rows)
    met = sum(bool(r.met) for r in rows)
    targets = sum(r.met is not None for r in rows)
    minutes = (time.perf_counter() - started) / 60
    print(f"\n{met} of {targets} targets met; {minutes:.1f} minutes; load now {machine()}")
    for failure in failed:
        print(f"NOT MEASURED: {failure}")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
