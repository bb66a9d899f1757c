"""The report over a year, against the export of the same range in the same run.

    python bench/report_year.py [--referrals 100000] [--runs 3]

Times, taking turns, `dutydesk report --from --to` over the last 365 days (the last week's
sessions as test days: an HTML page of 20 run charts and a workbook of 22 sheets) and
`dutydesk export --from --to` of the same range (a folder per day, measures.csv, manifest).
Both read the range the same way (`storage/period.read_period`); the report draws and the
export writes CSV. Issue 17's targets: the report under 20 s, at most 1.5x the export.
Prints medians and the ratio. No timed assertions: a measurement, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from export_year import timed
from harness import DUTYDESK, Row, absolute_row, alternate, print_table, ratio_row, seeded


def measure(referrals: int, runs: int) -> list[Row]:
    db = seeded(referrals)
    last = date.today()
    first = last - timedelta(days=365)
    span = ["--db", str(db), "--from", first.isoformat(), "--to", last.isoformat()]
    out = Path(tempfile.mkdtemp(prefix="dutydesk-bench-report-"))
    out.chmod(0o700)
    report = [*DUTYDESK, "report", *span, "--out", str(out / "report")]
    report += ["--test-from", (last - timedelta(days=6)).isoformat(), "--test-to", last.isoformat()]
    export = [*DUTYDESK, "export", *span, "--out", str(out / "export")]
    try:
        report_s, export_s = alternate(runs, lambda: timed(report), lambda: timed(export))
        sizes = sum(p.stat().st_size for p in (out / "report").iterdir())
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return [
        ratio_row(
            "report a year, wall (vs export of it)",
            report_s,
            export_s,
            "s",
            1.5,
            f"{sizes / 1024:,.0f} KiB of page and workbook",
        ),
        absolute_row("report a year, wall", report_s, "s", 20.0),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print_table(measure(args.referrals, args.runs))


if __name__ == "__main__":
    main()
