"""The report page's sections on people's judgement: the reviewers' scores of action
plans beside the automatic completeness figures, and the team's retrospectives."""

from __future__ import annotations

from datetime import date
from html import escape

from dutydesk.domain.reviews import SCORES
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


def plan_reviews(report: Report) -> list[str]:
    """The share of decided referrals whose plan a reviewer scored, the answers to each
    question of the rubric, and the automatic completeness figures beside them."""
    r, total = report.reviews, report.measures.total
    out = [
        '<section class="voices" id="plan-quality"><h2>Quality of action plans</h2>',
        f"<p>Judged by reviewers (<code>dutydesk review</code>): {r.reviewed} of the "
        f"{r.decided} decided referrals' action plans reviewed"
        + (f" ({r.share:.0f}%)" if r.share is not None else "")
        + ", each against the partnership's rubric; a plan reviewed again counts once, "
        "by its latest review.</p>",
    ]
    if r.by_question:
        rows = "".join(
            f"<tr><td>{escape(label)}</td>"
            + "".join(f"<td class=num>{counts.get(s, 0)}</td>" for s in SCORES)
            + "</tr>"
            for label, counts in r.by_question
        )
        head = "".join(f"<th class=num>{s}</th>" for s in SCORES)
        out.append(
            f"<table class=comments><thead><tr><th>Question</th>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    actions = total.actions
    out.append(
        "<p>Counted from the record (every action in the range): "
        + "; ".join(
            f"{label} {_share(n, actions)}"
            for label, n in (
                ("with a named person", total.actions_with_person),
                ("with a due date", total.actions_with_due),
                ("linked to a need", total.actions_with_need),
            )
        )
        + f", of {actions} action(s).</p></section>"
    )
    return out


def _share(part: int, whole: int) -> str:
    return f"{part} ({100 * part / whole:.0f}%)" if whole else "-"
