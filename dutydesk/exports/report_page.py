"""`dutydesk report`'s HTML page: opens offline, nothing fetched (a Content-Security-
Policy forbids any script, font, image or style from anywhere else); inline SVG charts,
each with its table of figures; prints on A4."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from html import escape

from dutydesk import __version__
from dutydesk.domain.clock import to_london
from dutydesk.domain.runchart import SHIFT_POINTS, TREND_POINTS, XMR_POINTS
from dutydesk.domain.series import Series
from dutydesk.domain.voices import Said
from dutydesk.exports.charts import legend, svg
from dutydesk.exports.report_data import Report, median
from dutydesk.exports.report_page_team import plan_reviews, retrospectives

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


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
    parts += plan_reviews(report)
    parts += retrospectives(report)
    parts += _pathways(report)
    parts += _how_to_read()
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _glance(report: Report) -> list[str]:
    rows = []
    for n, series in enumerate(report.series):
        m = series.measure
        test = median([p.value for p in series.points if p.test])
        base = median([p.value for p in series.points if not p.test])
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


def _who(s: Said, report: Report) -> str:
    from dutydesk.domain import vocab

    what = "Referrer" if s.who == "referrer" else vocab.label(report.lists.agencies, s.who)
    if s.ref:
        what += f" of {s.ref}"
    if report.identifiable and s.by:
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
        f"<td>{escape(_who(s, report))}</td>"
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
        f"<td>{escape(_who(s, report))}</td>"
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
        "organisation type</h2><p>As chosen on the call (the lists' organisation types).</p>"
    )
    rows = "".join(
        f"<tr><td>{escape(r.organisation)}</td><td class=num>{r.referrals}</td>"
        f"<td class=num>{r.decided}</td>"
        f"<td>{escape('; '.join(f'{label} {n}' for label, n in r.outcomes))}</td></tr>"
        for r in report.organisations
    )
    out.append(
        "<table class=comments><thead><tr><th>Organisation type</th><th class=num>Referrals</th>"
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
