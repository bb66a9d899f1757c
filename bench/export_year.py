"""Export a year and compare with the sqlite3 tool writing the same rows as CSV.

    python bench/export_year.py [--referrals 100000] [--runs 3]

Times, in the same run, `dutydesk export --from --to` over the last 365 days (a folder
per day, measures.csv, manifest) and `sqlite3 -csv` writing the rows those files are built
from (each referral's current call, its views, decisions and actions, for the sessions in
those days). Prints medians and the ratio. No timed assertions: a measurement, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import DUTYDESK, ROOT, Row, alternate, print_table, ratio_row, seeded

IN_RANGE = "(SELECT id FROM duty_session WHERE day BETWEEN '{first}' AND '{last}')"
# The rows behind the export: each call's current version, views, decisions, actions.
SQL = {
    "referrals": "SELECT r.*, c.* FROM referral r JOIN call_version c ON c.referral_id = r.id "
    "WHERE r.session_id IN {days} AND c.version = "
    "(SELECT max(version) FROM call_version WHERE referral_id = r.id)",
    "views": "SELECT * FROM agency_view WHERE session_id IN {days}",
    "decisions": "SELECT * FROM decision WHERE session_id IN {days}",
    "actions": "SELECT a.*, s.done FROM action a LEFT JOIN action_status s ON s.id = "
    "(SELECT max(id) FROM action_status WHERE action_id = a.id) WHERE a.session_id IN {days}",
}


def timed(command: list[str], out: Path | None = None) -> float:
    start = time.perf_counter()
    if out is None:
        subprocess.run(
            command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
        )
    else:
        with open(out, "w", encoding="utf-8") as handle:
            subprocess.run(command, check=True, stdout=handle, cwd=ROOT)
    return time.perf_counter() - start


def measure(referrals: int, runs: int) -> list[Row]:
    db = seeded(referrals)
    last = date.today()
    first = last - timedelta(days=365)
    days = IN_RANGE.format(first=first.isoformat(), last=last.isoformat())
    out = Path(tempfile.mkdtemp(prefix="dutydesk-bench-export-"))
    command = [*DUTYDESK, "export", "--db", str(db), "--from", first.isoformat()]
    command += ["--to", last.isoformat(), "--out", str(out / "dutydesk")]

    def ours() -> float:
        return timed(command)

    def baseline() -> float:
        return sum(
            timed(
                ["sqlite3", "-header", "-csv", str(db), sql.format(days=days)],
                out / f"sqlite-{name}.csv",
            )
            for name, sql in SQL.items()
        )

    try:
        ours_s, base_s = alternate(runs, ours, baseline)
        lines = sum(len((out / f"sqlite-{n}.csv").read_text("utf-8").splitlines()) for n in SQL)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return [
        ratio_row(
            "export a year, wall (vs sqlite3 -csv)",
            ours_s,
            base_s,
            "s",
            3.0,
            f"{lines:,} CSV lines from sqlite3",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print_table(measure(args.referrals, args.runs))


if __name__ == "__main__":
    main()
