"""The report page's sections on the team's own judgement: its retrospectives."""

from __future__ import annotations

from datetime import date
from html import escape

from dutydesk.exports.report_data import Report


def _day(text: str) -> str:
    day = date.fromisoformat(text)
    return f"{day:%a} {day.day} {day:%b %Y}"


def retrospectives(report: Report) -> list[str]:
    """Every retrospective in the range, by day: what worked, what did not, what next."""
    out = ['<section class="voices" id="retrospectives"><h2>The team\'s retrospectives</h2>']
    if not report.retrospectives:
        out.append(
            "<p>No retrospective was recorded in the range (R on the end-of-day summary).</p>"
        )
    for r in report.retrospectives:
        kind = "test day" if date.fromisoformat(r["day"]) in report.tests else "baseline"
        out.append(
            f"<h3>{_day(r['day'])} ({kind}): {escape(r['about'])}</h3>"
            f"<p>Who was there: {escape(r['present']) or '-'}</p><dl>"
            + "".join(
                f"<dt>{label}</dt><dd>{escape(r[key]) or '-'}</dd>"
                for label, key in (
                    ("What worked", "worked"),
                    ("What did not", "not_worked"),
                    ("What to try next", "try_next"),
                )
            )
            + "</dl>"
        )
    out.append("</section>")
    return out
