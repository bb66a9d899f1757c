"""`dutydesk report`: the test's results as one HTML page and one Excel workbook.

    out/dutydesk-report-2026-10-01-to-2026-10-30.html   (opens offline: nothing fetched)
    out/dutydesk-report-2026-10-01-to-2026-10-30.xlsx   (the daily figures, a sheet each)

The range is read as the export reads it (`storage/period.read_period`, a few statements),
the measures are `measures.compute`'s, and each is charted day by day, test days against
the baseline (`domain/series.py`, `domain/runchart.py`). The page has no script, font,
image or style from anywhere else (a Content-Security-Policy forbids any), its charts are
inline SVG each with its table of figures, and it prints on A4. Pseudonymised unless
`identifiable`: the report holds no names of children, referrers or staff.
Files are written 0600 in a folder only its owner can open (0700).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from datetime import date
from pathlib import Path

from dutydesk import paths
from dutydesk.domain import pathways
from dutydesk.domain.measures import compute
from dutydesk.domain.pseudonym import Person, day_names, room
from dutydesk.domain.reviews import review_counts
from dutydesk.domain.series import daily_series, recorded_days
from dutydesk.domain.trials import present, retrospective_rows
from dutydesk.domain.voices import voices
from dutydesk.exports.files import ExportError, replace_file
from dutydesk.exports.report_book import workbook
from dutydesk.exports.report_data import Report
from dutydesk.exports.report_page import html_page
from dutydesk.storage.period import Source
from dutydesk.storage.reviews import read_reviews
from dutydesk.storage.trials import read_baseline, read_retrospectives, read_trials


def read_report(
    source: Source,
    first: date,
    last: date,
    choose_tests: Callable[[Collection[date]], Collection[date]],
    target_minutes: int,
    *,
    identifiable: bool = False,
    title: str = "Front door test",
) -> Report:
    """The range's measures day by day; `choose_tests` picks the test days from the
    recorded ones (it may raise `series.BadTestDays`); the baseline days kept from the
    case system (`dutydesk baseline import`) in the range are added to the baseline."""
    period = source.read(first, last)
    with source.connect() as conn:
        kept = read_baseline(conn, first, last)
        retros = read_retrospectives(conn, first, last)
        trials = read_trials(conn)
        reviews = read_reviews(conn, first, last)

    def unnamed(day: date) -> Callable[[str], str]:
        """A day's scrubber: its referrals' people, the room, and who was typed as there."""
        records = period.records
        details = [d for d in records.referrals if d.session_day == day]
        here = [p for s in records.sessions if s.day == day for p in room(s, period.lists)]
        typed = [Person(n, "duty team") for r in retros if r.day == day for n in present(r)]
        return day_names(details, here, typed).scrubber()

    if not period.days:
        raise ExportError(f"No duty sessions from {first} to {last}.")
    measures = compute(period.records, period.now, target_minutes, lists=period.lists)
    days = recorded_days(measures)
    tests = frozenset(choose_tests(days))
    extra = [b for b in kept if b.day not in days]  # a recorded day: its own figures
    return Report(
        first=first,
        last=last,
        now=period.now,
        days=tuple(days),
        tests=tests,
        imported=tuple(b.day for b in extra),
        series=tuple(daily_series(measures, tests, imported=extra)),
        measures=measures,
        said=voices(period.records, period.lists, identifiable),
        needs=tuple(pathways.needs(period.records, period.lists)),
        organisations=tuple(pathways.organisations(period.records, period.lists)),
        lists=period.lists,
        identifiable=identifiable,
        title=title,
        reviews=review_counts(period.records.referrals, reviews, first, last),
        retrospectives=tuple(retrospective_rows(retros, trials, None if identifiable else unnamed)),
    )


def write_report(report: Report, out_dir: Path) -> list[Path]:
    """The page and the workbook in `out_dir` (created 0700; refused if others can open
    it), each 0600."""
    try:
        root = private_folder(out_dir)
        page = root / f"{report.stem}.html"
        book = root / f"{report.stem}.xlsx"
        replace_file(page, html_page(report).encode("utf-8"))
        replace_file(book, workbook(report))
    except OSError as error:
        raise ExportError(
            f"Cannot write the report in {out_dir}: {error.strerror or error}"
        ) from error
    return [page, book]


def private_folder(path: Path) -> Path:
    """`path`, made 0700 with any missing folder above it (paths.private_dir); refused if
    it was already there and others can open it."""
    paths.private_dir(path)
    if os.stat(path).st_mode & 0o077:
        raise ExportError(
            f"{path} can be opened by other users of this computer: choose a private "
            f"folder for the report, or make it private (chmod 700 {path})."
        )
    return path
