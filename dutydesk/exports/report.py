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

import io
import os
import statistics
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import Any

from dutydesk import __version__, paths
from dutydesk.domain import pathways
from dutydesk.domain.baseline import BaselineDay
from dutydesk.domain.clock import to_london
from dutydesk.domain.measures import Measures, compute
from dutydesk.domain.pathways import NeedRow, OrganisationRow
from dutydesk.domain.runchart import SHIFT_POINTS, TREND_POINTS, XMR_POINTS
from dutydesk.domain.series import Series, daily_series, recorded_days
from dutydesk.domain.voices import Said, Voices, voices
from dutydesk.exports.charts import legend, svg
from dutydesk.exports.daily import ExportError, replace_file
from dutydesk.storage.period import Source

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True)
class Report:
    first: date
    last: date
    now: datetime
    days: tuple[date, ...]  # the recorded days in the range
    tests: frozenset[date]
    imported: tuple[date, ...]  # baseline days from the case system (in the range)
    series: tuple[Series, ...]
    measures: Measures
    said: Voices
    needs: tuple[NeedRow, ...]
    organisations: tuple[OrganisationRow, ...]
    identifiable: bool = False
    title: str = "Front door test"

    @property
    def baseline(self) -> list[date]:
        """The recorded days that are not test days."""
        return [d for d in self.days if d not in self.tests]

    @property
    def every_day(self) -> list[date]:
        """Each chart's days: recorded and imported, in order."""
        return sorted((*self.days, *self.imported))

    @property
    def stem(self) -> str:
        return f"dutydesk-report-{self.first.isoformat()}-to-{self.last.isoformat()}"


def read_report(
    source: Source,
    first: date,
    last: date,
    choose_tests: Callable[[Collection[date]], Collection[date]],
    target_minutes: int,
    *,
    identifiable: bool = False,
    title: str = "Front door test",
    imported: Sequence[BaselineDay] = (),
) -> Report:
    """The range's measures day by day; `choose_tests` picks the test days from the
    recorded ones (it may raise `series.BadTestDays`); `imported` baseline days from the
    case system in the range are added to the baseline (none may be a recorded day)."""
    period = source.read(first, last)
    if not period.days:
        raise ExportError(f"No duty sessions from {first} to {last}.")
    measures = compute(period.records, period.now, target_minutes)
    days = recorded_days(measures)
    tests = frozenset(choose_tests(days))
    extra = [b for b in imported if first <= b.day <= last]
    both = sorted(set(days) & {b.day for b in extra})
    if both:
        shown = ", ".join(d.isoformat() for d in both[:5]) + (" ..." if len(both) > 5 else "")
        raise ExportError(
            f"The baseline file has {len(both)} day(s) that dutydesk also recorded ({shown}): "
            "a day's figures come from one place. Take them out of the file."
        )
    return Report(
        first=first,
        last=last,
        now=period.now,
        days=tuple(days),
        tests=tests,
        imported=tuple(b.day for b in extra),
        series=tuple(daily_series(measures, tests, imported=extra)),
        measures=measures,
        said=voices(period.records, identifiable),
        needs=tuple(pathways.needs(period.records)),
        organisations=tuple(pathways.organisations(period.records)),
        identifiable=identifiable,
        title=title,
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


# -- the page -------------------------------------------------------------------------------

STYLE = """
@page { size: A4; margin: 14mm 12mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Arial, Helvetica, sans-serif; color: #111; background: #fff;
  max-width: 186mm; margin: 0 auto; padding: 0 4mm; font-size: 11pt; line-height: 1.4; }
h1 { font-size: 18pt; margin: 6mm 0 2mm; } h2 { font-size: 13pt; margin: 0 0 1mm; }
p { margin: 1mm 0 2mm; }
.meta { color: #333; } .warning { border: 2px solid #000; padding: 2mm; font-weight: bold; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #bbb; padding: 1mm 2mm; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
section { margin: 5mm 0; }
table.scores { width: auto; margin: 2mm 0; } caption { text-align: left; font-weight: bold; }
table.comments tr { break-inside: avoid; page-break-inside: avoid; }
section.chart { break-inside: avoid; page-break-inside: avoid; border-top: 1px solid #777;
  padding-top: 3mm; }
.says { font-size: 10.5pt; }
svg { display: block; width: 100%; height: auto; }
svg text { font-family: inherit; font-size: 11px; fill: #111; }
.grid { stroke: #ddd; stroke-width: 1; } .axis { stroke: #444; stroke-width: 1; }
.run { fill: none; stroke: #555; stroke-width: 1.2; }
.median { stroke: #000; stroke-width: 1.5; stroke-dasharray: 6 4; }
.limit { stroke: #000; stroke-width: 1.2; stroke-dasharray: 1.5 3; }
.pt.base { fill: #fff; stroke: #000; stroke-width: 1.5; }
.pt.test { fill: #000; stroke: #000; }
.ring { fill: none; stroke: #000; stroke-width: 1.2; }
.testband { fill: #eee; }
.legend { max-width: 180mm; margin: 2mm 0; }
details { margin: 1mm 0 2mm; } summary { cursor: pointer; font-size: 10pt; }
@media print {
  body { padding: 0; font-size: 10pt; }
  details.figures { display: none; }
  section.glance, section.how { break-inside: auto; }
  a { color: inherit; text-decoration: none; }
}
"""


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _days_in_words(days: Collection[date]) -> str:
    ordered = sorted(days)
    if not ordered:
        return "none"
    if len(ordered) <= 8:
        return ", ".join(_day(d) for d in ordered)
    return f"{len(ordered)} days from {_day(ordered[0])} to {_day(ordered[-1])}"


def _imported_words(report: Report) -> str:
    if not report.imported:
        return ""
    return (
        f", and {len(report.imported)} day(s) from the case system "
        f"({_days_in_words(report.imported)}), with the figures it has"
    )


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def html_page(report: Report) -> str:
    e = escape
    made = to_london(report.now)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(report.title)}: {report.first} to {report.last}</title>",
        f"<style>{STYLE}</style></head><body>",
        "<header>",
        f"<h1>{e(report.title)}: the measures from {_day(report.first)} to "
        f"{_day(report.last)}</h1>",
        f'<p class="meta">Test days: {_days_in_words(report.tests)}. '
        f"Baseline: {len(report.baseline)} other recorded day(s) in the range "
        f"(business as usual){_imported_words(report)}. {len(report.days)} recorded day(s) "
        "in all.</p>",
        f'<p class="meta">Made by dutydesk {e(__version__)} on {made:%a} {made.day} '
        f"{made:%b %Y} at {made:%H:%M} (London). Figures as defined in the project's "
        "docs/measures.md; open actions and waiting referrals are judged at that moment.</p>",
    ]
    if report.identifiable:
        parts.append(
            '<p class="warning">Identifiable: this report names people. Keep it on the '
            "council's secure storage and delete it when no longer needed.</p>"
        )
    else:
        parts.append('<p class="meta">Pseudonymised: no names of children, referrers or staff.</p>')
    if not report.tests:
        parts.append(
            '<p class="warning">No test days were given: every day is a baseline day, and '
            "the charts show the range as it ran.</p>"
        )
    parts.append("</header>")
    parts += _glance(report)
    parts.append(legend(bool(report.imported)))
    for n, series in enumerate(report.series):
        parts += _chart_section(series, f"m{n}")
    parts += _voices(report)
    parts += _pathways(report)
    parts += _how_to_read()
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _glance(report: Report) -> list[str]:
    rows = []
    for n, series in enumerate(report.series):
        m = series.measure
        test = _median([p.value for p in series.points if p.test])
        base = _median([p.value for p in series.points if not p.test])
        first_sentence = series.chart.sentence.split(". ")[0].rstrip(".") + "."
        rows.append(
            f'<tr><td><a href="#m{n}">{escape(m.title)}</a></td>'
            f'<td class="num">{escape(m.show(base))}</td>'
            f'<td class="num">{escape(m.show(test))}</td>'
            f"<td>{escape(first_sentence)}</td></tr>"
        )
    return [
        '<section class="glance"><h2>At a glance</h2>',
        "<table><thead><tr><th>Measure</th><th class=num>Baseline median</th>"
        "<th class=num>Test days median</th><th>What the chart shows</th></tr></thead>",
        "<tbody>",
        *rows,
        "</tbody></table></section>",
    ]


def _chart_section(series: Series, chart_id: str) -> list[str]:
    m = series.measure
    chart = series.chart
    out = [
        f'<section class="chart" id="{chart_id}" aria-labelledby="{chart_id}-h">',
        f'<h2 id="{chart_id}-h">{escape(m.title)}</h2>',
        f'<p class="says">{escape(chart.sentence)}</p>',
    ]
    if m.better:
        out.append(f'<p class="meta">{"Lower" if m.better == "lower" else "Higher"} is better.</p>')
    if len(chart.valued) > 1:
        out.append(svg(series, chart_id))
    rows = "".join(
        f"<tr><td>{_day(p.day)}</td>"
        f"<td>{'test' if p.test else 'baseline (case system)' if p.imported else 'baseline'}</td>"
        f'<td class="num">{escape(m.show(p.value))}</td></tr>'
        for p in chart.points
    )
    out += [
        '<details class="figures"><summary>The figures, day by day</summary>',
        f"<table><caption>{escape(m.title)}</caption><thead><tr><th>Day</th><th>Kind</th>"
        f"<th class=num>Value</th></tr></thead><tbody>{rows}</tbody></table>",
        "</details></section>",
    ]
    return out


def _scores_table(caption: str, counts: dict[int, int]) -> str:
    head = "".join(f'<th class="num">{score}</th>' for score in counts)
    cells = "".join(f'<td class="num">{n}</td>' for n in counts.values())
    return (
        f"<table class=scores><caption>{escape(caption)}</caption><thead><tr><th>Score</th>"
        f"{head}</tr></thead><tbody><tr><th>How many</th>{cells}</tr></tbody></table>"
    )


def _who(s: Said, identifiable: bool) -> str:
    from dutydesk.domain import vocab

    what = "Referrer" if s.who == "referrer" else vocab.label(vocab.AGENCIES, s.who)
    if s.ref:
        what += f" of {s.ref}"
    if identifiable and s.by:
        what += f" ({s.by})"
    return what


def _voices(report: Report) -> list[str]:
    """Referrers' satisfaction and each agency's experience: counts per score and every
    comment by day (and agency)."""
    said = report.said
    kind = {d: "test day" if d in report.tests else "baseline" for d in report.days}
    out = ['<section class="voices" id="referrers"><h2>What referrers said</h2>']
    scored = sum(said.referrer_scores().values())
    out.append(
        f"<p>{scored} referral(s) with a satisfaction score (each referrer's latest), "
        f"{sum(1 for s in said.referrers if s.comment)} comment(s).</p>"
    )
    out.append(
        _scores_table("Referrer satisfaction, 1 (poor) to 5 (very good)", said.referrer_scores())
    )
    rows = [
        f"<tr><td>{_day(s.day)}</td><td>{kind.get(s.day, '')}</td>"
        f"<td>{escape(_who(s, report.identifiable))}</td>"
        f'<td class="num">{"" if s.score is None else s.score}</td>'
        f"<td>{escape(s.comment)}</td></tr>"
        for s in said.referrers
        if s.comment
    ]
    out.append(
        _comments(
            rows,
            "No referrer left a comment in the range.",
            ("Day", "Kind", "Who", "Score", "Comment"),
        )
    )
    out.append("</section>")
    out.append('<section class="voices" id="agencies"><h2>What the agencies said</h2>')
    counting = [s for s in said.agencies if s.counts]
    replaced = said.replaced
    note = (
        f" ({replaced} earlier rating(s) replaced by a later one the same day)" if replaced else ""
    )
    out.append(f"<p>{len(counting)} rating(s) of the day: each agency's latest each day{note}.</p>")
    out.append(
        _scores_table("Duty team experience, 1 (poor) to 5 (very good)", said.agency_scores())
    )
    rows = [
        f"<tr><td>{_day(s.day)}</td><td>{kind.get(s.day, '')}</td>"
        f"<td>{escape(_who(s, report.identifiable))}</td>"
        f'<td class="num">{s.score}</td><td>{escape(s.comment)}</td>'
        f"<td>{escape(s.change)}</td></tr>"
        for s in counting
    ]
    out.append(
        _comments(
            rows,
            "No agency recorded its experience of a day in the range.",
            ("Day", "Kind", "Agency", "Rating", "What worked", "What to change"),
        )
    )
    out.append("</section>")
    return out


def _pathways(report: Report) -> list[str]:
    """Where the needs went, and referrals by the referrer's organisation."""
    out = ['<section class="voices" id="needs"><h2>Where the needs went</h2>']
    if not report.needs:
        out.append("<p>No referral in the range had a need ticked.</p>")
    else:
        out.append(
            "<p>For each need ticked on a referral: how many of those referrals had an action "
            "for it owned beyond children's social care, and how many had an action for it "
            "linked to a service in the directory. <b>No service linked</b> is the unmet "
            "need, with example references.</p>"
        )
        rows = "".join(
            f"<tr><td>{escape(r.need)}</td><td class=num>{r.referrals}</td>"
            f"<td class=num>{r.beyond_social_care}</td><td class=num>{r.service_linked}</td>"
            f"<td class=num>{r.unmet}</td><td>{escape(', '.join(r.examples))}</td>"
            f"<td>{escape('; '.join(f'{name} ({n})' for name, n in r.services))}</td></tr>"
            for r in report.needs
        )
        out.append(
            "<table class=comments><thead><tr><th>Need</th><th class=num>Referrals</th>"
            "<th class=num>Met beyond social care</th><th class=num>Service linked</th>"
            "<th class=num>No service linked</th><th>Examples</th>"
            f"<th>Services linked most</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    out.append("</section>")
    out.append(
        '<section class="voices" id="organisations"><h2>Referrals by the referrer\'s '
        "organisation</h2><p>As typed on the call (case and spaces aside).</p>"
    )
    rows = "".join(
        f"<tr><td>{escape(r.organisation)}</td><td class=num>{r.referrals}</td>"
        f"<td class=num>{r.decided}</td>"
        f"<td>{escape('; '.join(f'{label} {n}' for label, n in r.outcomes))}</td></tr>"
        for r in report.organisations
    )
    out.append(
        "<table class=comments><thead><tr><th>Organisation</th><th class=num>Referrals</th>"
        f"<th class=num>Decided</th><th>Outcomes</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    out.append("</section>")
    return out


def _comments(rows: list[str], empty: str, header: tuple[str, ...]) -> str:
    if not rows:
        return f"<p>{escape(empty)}</p>"
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join(rows)
    return f"<table class=comments><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _how_to_read() -> list[str]:
    return [
        '<section class="how"><h2>How to read the charts</h2>',
        "<p>Each chart shows one measure day by day: baseline days (hollow circles) and "
        "test days (filled squares, on a grey band), baseline days from the case system "
        "(hollow diamonds, where a baseline file was given), with the median of the baseline days "
        "(dashed). The rules are those NHS improvement teams use for small numbers:</p><ul>",
        f"<li><b>A shift</b>: {SHIFT_POINTS} or more days in a row all above, or all below, "
        "the baseline median. A day on the median neither adds to a shift nor breaks it.</li>",
        f"<li><b>A trend</b>: {TREND_POINTS} or more days in a row, each higher (or each lower) "
        "than the one before. A day equal to the one before neither adds nor breaks.</li>",
        "<li><b>An astronomical point</b>: a day far outside the rest: outside the process "
        "limits where there are any, otherwise beyond the baseline's range by more than the "
        "range is wide.</li>",
        f"<li><b>Process limits</b> (an XmR chart, dotted lines) where there are {XMR_POINTS} "
        "or more baseline days: the baseline's mean plus or minus 2.66 times the average "
        "change from one day to the next. Days inside them vary as the front door always "
        "has.</li></ul>",
        "<p>A day without a figure (no decision that day, so no time to decision) is left "
        "out and neither adds to nor breaks a run. A ring marks the days in a signal.</p>",
        "</section>",
    ]


# -- the workbook ---------------------------------------------------------------------------


def workbook(report: Report) -> bytes:
    """The figures in Excel: a summary, every measure day by day on one sheet, then a
    sheet per measure with its native line chart (days as Excel dates)."""
    import xlsxwriter  # type: ignore[import-untyped]

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    made = report.now.replace(tzinfo=None)
    book.set_properties({"title": report.title, "creator": "dutydesk", "created": made})
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    when = book.add_format({"num_format": "ddd dd mmm yyyy"})
    number = book.add_format({"num_format": "0.0"})
    summary = book.add_worksheet("Summary")
    summary.write_row(
        0, 0, ["Measure", "Unit", "Baseline median", "Test days median", "What it shows"], bold
    )
    summary.set_column(0, 0, 44)
    summary.set_column(1, 3, 16)
    summary.set_column(4, 4, 90, wrap)
    for row, series in enumerate(report.series, start=1):
        m = series.measure
        summary.write_string(row, 0, m.title)
        summary.write_string(row, 1, m.unit)
        for col, test in ((2, False), (3, True)):
            value = _median([p.value for p in series.points if p.test == test])
            if value is not None:
                summary.write_number(row, col, value, number)
        summary.write_string(row, 4, series.chart.sentence)
    daily = book.add_worksheet("Daily")
    daily.write_row(0, 0, ["Day", "Test day", *(s.measure.key for s in report.series)], bold)
    daily.set_column(0, 0, 16)
    imported = set(report.imported)
    for row, day in enumerate(report.every_day, start=1):
        daily.write_datetime(row, 0, datetime(day.year, day.month, day.day), when)
        kind = "yes" if day in report.tests else "no (case system)" if day in imported else "no"
        daily.write_string(row, 1, kind)
        for col, series in enumerate(report.series, start=2):
            value = series.points[row - 1].value
            if value is not None:
                daily.write_number(row, col, value)
    daily.freeze_panes(1, 1)
    _voices_sheets(book, report, bold, when)
    _pathway_sheets(book, report, bold)
    for series in report.series:
        _measure_sheet(book, series, bold, when, report)
    book.close()
    return buffer.getvalue()


def _voices_sheets(book: Any, report: Report, bold: Any, when: Any) -> None:
    from dutydesk.domain.voices import (
        experience_columns,
        experience_rows,
        feedback_columns,
        feedback_rows,
    )

    for name, rows, columns in (
        (
            "Referrers said",
            feedback_rows(report.said, report.identifiable),
            feedback_columns(report.identifiable),
        ),
        (
            "Agencies said",
            experience_rows(report.said, report.identifiable),
            experience_columns(report.identifiable),
        ),
    ):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, columns, bold)
        sheet.set_column(0, 0, 16)
        for r, row in enumerate(rows, start=1):
            for c, column in enumerate(columns):
                value = row.get(column, "")
                if column == "day":
                    day = date.fromisoformat(str(value))
                    sheet.write_datetime(r, c, datetime(day.year, day.month, day.day), when)
                elif isinstance(value, int):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value))


def _pathway_sheets(book: Any, report: Report, bold: Any) -> None:
    needs = book.add_worksheet("Needs")
    needs.write_row(
        0,
        0,
        [
            *("Need", "Referrals", "Met beyond social care", "Service linked"),
            *("No service linked", "Examples", "Services linked most"),
        ],
        bold,
    )
    needs.set_column(0, 0, 36)
    for r, row in enumerate(report.needs, start=1):
        needs.write_string(r, 0, row.need)
        for c, n in enumerate(
            (row.referrals, row.beyond_social_care, row.service_linked, row.unmet), start=1
        ):
            needs.write_number(r, c, n)
        needs.write_string(r, 5, ", ".join(row.examples))
        needs.write_string(r, 6, "; ".join(f"{name} ({n})" for name, n in row.services))
    orgs = book.add_worksheet("Organisations")
    orgs.write_row(0, 0, ["Organisation (as typed)", "Referrals", "Decided", "Outcomes"], bold)
    orgs.set_column(0, 0, 40)
    for r, org in enumerate(report.organisations, start=1):
        orgs.write_string(r, 0, org.organisation)
        orgs.write_number(r, 1, org.referrals)
        orgs.write_number(r, 2, org.decided)
        orgs.write_string(r, 3, "; ".join(f"{label} {n}" for label, n in org.outcomes))


def _measure_sheet(book: Any, series: Series, bold: Any, when: Any, report: Report) -> None:
    m, chart = series.measure, series.chart
    sheet = book.add_worksheet(m.key[:31])
    header = ["Day", "Test day", m.title, "Baseline median"]
    if chart.limits is not None:
        header += ["Lower limit", "Upper limit"]
    sheet.write_row(0, 0, header, bold)
    sheet.write_string(0, len(header) + 1, chart.sentence)
    sheet.set_column(0, 0, 16)
    sheet.set_column(2, 2, 20)
    for row, point in enumerate(chart.points, start=1):
        sheet.write_datetime(row, 0, datetime(point.day.year, point.day.month, point.day.day), when)
        sheet.write_string(row, 1, "yes" if point.test else "no")
        if point.value is not None:
            sheet.write_number(row, 2, point.value)
        if chart.median is not None:
            sheet.write_number(row, 3, chart.median)
        if chart.limits is not None:
            sheet.write_number(row, 4, chart.limits.lower)
            sheet.write_number(row, 5, chart.limits.upper)
    last = len(chart.points)
    if len(chart.valued) < 2:
        return
    line = book.add_chart({"type": "line"})
    name = m.key[:31]
    for col, style in (
        (2, {"marker": {"type": "circle", "size": 5}}),
        (3, {"line": {"dash_type": "dash", "color": "black"}}),
        (4, {"line": {"dash_type": "round_dot", "color": "gray"}}),
        (5, {"line": {"dash_type": "round_dot", "color": "gray"}}),
    ):
        if col >= len(header):
            break
        line.add_series(
            {
                "name": [name, 0, col],
                "categories": [name, 1, 0, last, 0],
                "values": [name, 1, col, last, col],
                **style,
            }
        )
    line.set_title({"name": m.title[:80]})
    line.set_x_axis({"date_axis": False, "num_format": "dd mmm"})
    line.show_blanks_as("gap")
    line.set_size({"width": 760, "height": 320})
    sheet.insert_chart(1, len(header) + 1, line)
