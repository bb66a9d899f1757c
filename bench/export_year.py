"""Export a year of demo data and compare with the sqlite3 tool writing the same rows as CSV.

    python bench/export_year.py [--days 250] [--runs 3]

Seeds `--days` working days into a cached database (first run only), then times, in the
same run, `dutydesk export --from --to` (a folder per day, measures.csv, manifest) and
`sqlite3 -csv` writing the rows those files are built from. Prints medians and the ratio.
No timed assertions: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The rows behind the export: each call's current version, views, decisions, actions.
SQL = {
    "referrals": "SELECT r.*, c.* FROM referral r JOIN call_version c ON c.referral_id = r.id "
    "WHERE c.version = (SELECT max(version) FROM call_version WHERE referral_id = r.id)",
    "views": "SELECT * FROM agency_view",
    "decisions": "SELECT * FROM decision",
    "actions": "SELECT a.*, s.done FROM action a LEFT JOIN action_status s ON s.id = "
    "(SELECT max(id) FROM action_status WHERE action_id = a.id)",
}


def run(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--db", type=Path, default=Path(tempfile.gettempdir()) / "dutydesk-bench-year.db"
    )
    args = parser.parse_args()
    dutydesk = [sys.executable, "-m", "dutydesk"]
    if not args.db.exists():
        print(f"seeding {args.days} days into {args.db} ...", flush=True)
        seconds = run([*dutydesk, "seed-demo", "--db", str(args.db), "--days", str(args.days)])
        print(f"  seeded in {seconds:.1f} s")
    out = Path(tempfile.mkdtemp(prefix="dutydesk-bench-"))
    ours, theirs = [], []
    for _ in range(args.runs):
        ours.append(
            run(
                [
                    *dutydesk,
                    "export",
                    "--db",
                    str(args.db),
                    "--from",
                    "2000-01-01",
                    "--to",
                    "2100-01-01",
                    "--out",
                    str(out / "dutydesk"),
                ]
            )
        )
        start = time.perf_counter()
        for name, sql in SQL.items():
            with open(out / f"sqlite-{name}.csv", "w", encoding="utf-8") as handle:
                subprocess.run(
                    ["sqlite3", "-header", "-csv", str(args.db), sql], check=True, stdout=handle
                )
        theirs.append(time.perf_counter() - start)
    rows = sum(len((out / f"sqlite-{name}.csv").read_text("utf-8").splitlines()) for name in SQL)
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"{'what':<34}{'median s':>10}")
    print(f"{'sqlite3 -csv (baseline)':<34}{b:>10.2f}")
    print(f"{'dutydesk export --from --to':<34}{a:>10.2f}")
    print(
        f"ratio dutydesk / sqlite3: {a / b:.1f}x  ({rows} CSV lines from sqlite3, {args.runs} runs)"
    )


if __name__ == "__main__":
    main()
