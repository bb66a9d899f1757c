"""The measures as rows of text: one shape for the screen, the command line, CSV and JSON.

Plain strings only (no Rich, no Textual), so every view shows the same figures.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from dutydesk.domain import vocab
from dutydesk.domain.measures import Measures, Summary
from dutydesk.domain.records import COUNTED, CallField


def _num(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return "-"
    text = f"{value:.1f}" if isinstance(value, float) and not value.is_integer() else f"{value:.0f}"
    return f"{text}{unit}"


def _hours(minutes: float | int | None) -> str:
    if minutes is None:
        return "-"
    hours, mins = divmod(round(minutes), 60)
    return f"{hours}h {mins:02d}m" if hours else f"{mins}m"


def _pct(part: int, whole: int) -> str:
    return f"{part} ({round(100 * part / whole)}%)" if whole else "-"


# (key, label, how to show it from a Summary). Keys are the CSV/JSON names: keep them stable.
ROWS: tuple[tuple[str, str, Callable[[Summary], str]], ...] = (
    ("calls", "Calls received", lambda s: _num(s.calls)),
    ("advice_calls", "  advice calls (no referral)", lambda s: _num(s.advice_calls)),
    ("online_form", "  through the online form", lambda s: _num(s.online_form)),
    (
        "repeat_contacts",
        "  repeat contacts (12 months)",
        lambda s: _pct(s.repeat_contacts, s.calls),
    ),
    ("immediate", "IMMEDIATE referrals", lambda s: _num(s.immediate)),
    (
        "immediate_passed_on",
        "  passed to the Assessment Team",
        lambda s: _num(s.immediate_passed_on),
    ),
    (
        "immediate_median_to_at",
        "  median time to the Assessment Team",
        lambda s: _hours(s.immediate_median_minutes),
    ),
    ("immediate_p90_to_at", "  90th percentile time", lambda s: _hours(s.immediate_p90_minutes)),
    ("immediate_over_target", "  over the target", lambda s: _num(s.immediate_over_target)),
    ("decisions", "Decisions made", lambda s: _num(s.decisions)),
    ("decisions_amended", "  amended afterwards", lambda s: _num(s.amended)),
    ("undecided_at_end", "Undecided at the end of the session", lambda s: _num(s.undecided_at_end)),
    (
        "median_time_to_decision",
        "Median time to decision",
        lambda s: _hours(s.median_minutes_to_decision),
    ),
    ("missed_one_working_day", "Missed one working day", lambda s: _num(s.missed_working_day)),
    ("actions", "Actions planned", lambda s: _num(s.actions)),
    (
        "referrals_with_actions",
        "  referrals with actions",
        lambda s: _pct(s.referrals_with_actions, s.referrals),
    ),
    ("actions_per_referral_with_actions", "  per referral with actions", lambda s: _spread(s)),
    (
        "actions_per_referral",
        "  per referral, all referrals",
        lambda s: _num(s.actions_per_referral),
    ),
    (
        "actions_with_person",
        "  with a named person",
        lambda s: _pct(s.actions_with_person, s.actions),
    ),
    ("actions_with_due", "  with a due date", lambda s: _pct(s.actions_with_due, s.actions)),
    ("actions_with_need", "  with a linked need", lambda s: _pct(s.actions_with_need, s.actions)),
    ("actions_done", "  done", lambda s: _num(s.actions_done)),
    ("actions_open", "  open", lambda s: _num(s.actions_open)),
    ("actions_overdue", "  overdue", lambda s: _num(s.actions_overdue)),
    (
        "beyond_social_care",
        "Needs met beyond social care",
        lambda s: _pct(s.beyond_social_care, s.referrals),
    ),
    ("views", "Agency views", lambda s: _num(s.views)),
    ("feedback_given", "Referrers told the outcome", lambda s: _num(s.feedback_given)),
    ("feedback_awaiting", "  decided, not told yet", lambda s: _num(s.feedback_awaiting)),
    (
        "referrer_satisfaction",
        "Referrer satisfaction (1-5)",
        lambda s: _rated(s.satisfaction_mean, s.satisfaction_count),
    ),
    (
        "team_experience",
        "Duty team experience (1-5)",
        lambda s: _rated(s.experience_mean, s.experience_count),
    ),
)


def _day_label(label: str) -> str:
    try:
        return date.fromisoformat(label).strftime("%a %d %b")
    except ValueError:
        return label


def _spread(s: Summary) -> str:
    """The mean over the referrals with actions, and the fewest to the most on one."""
    mean = s.actions_per_referral_with_actions
    if mean is None:
        return "-"
    return f"{_num(mean)} ({s.fewest_actions_on_a_referral} to {s.most_actions_on_a_referral})"


def _rated(mean: float | None, count: int) -> str:
    return f"{mean:.1f} from {count}" if mean is not None else "none yet"


def table(measures: Measures, lists: vocab.Lists) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The header (one column a day, then the period) and the labelled rows."""
    summaries = [*measures.days, measures.total] if len(measures.days) > 1 else measures.days
    header = [_day_label(s.label) for s in summaries] or [measures.total.label]
    rows = []
    for key, label, show in ROWS:
        rows.append((label, [show(s) for s in summaries]))
        if key == "decisions_amended":
            for outcome in outcome_labels(summaries, lists):
                counts = [str(s.decisions_by_outcome.get(outcome, 0)) for s in summaries]
                if any(c != "0" for c in counts):
                    rows.append((f"  {outcome}", counts))
    for chosen in COUNTED:
        rows.append((f"Decisions by {chosen.label.lower()}", ["" for _ in summaries]))
        for pair, name in by_field_rows(measures.total, chosen, lists).items():
            counts = [str(s.decisions_by[chosen.counted].get(pair, 0)) for s in summaries]
            rows.append((f"  {name}", counts))
    return header, rows


def by_field_rows(
    total: Summary, chosen: CallField, lists: vocab.Lists
) -> dict[tuple[str, str], str]:
    """The (code of the chosen field, outcome) pairs the period has decisions for, in the
    lists' order, each with its words: "School: No further action"."""
    choices = lists.of(chosen.choices)
    codes = [*vocab.codes(choices), ""]
    outcomes = vocab.codes(lists.outcomes)
    order = sorted(
        total.decisions_by[chosen.counted],
        key=lambda k: (
            codes.index(k[0]) if k[0] in codes else len(codes),
            outcomes.index(k[1]) if k[1] in outcomes else len(outcomes),
            k,
        ),
    )
    return {
        (code, outcome): f"{vocab.label(choices, code) or 'not recorded'}: "
        f"{vocab.label(lists.outcomes, outcome)}"
        for code, outcome in order
    }


def outcome_labels(summaries: list[Summary], lists: vocab.Lists) -> list[str]:
    """The outcomes in the lists' order, then any label decisions were saved with that the
    lists no longer have (an outcome renamed since): those decisions still count."""
    labels = [o.label for o in lists.outcomes]
    for summary in summaries:
        labels += [label for label in summary.decisions_by_outcome if label not in labels]
    return labels


def records(measures: Measures, lists: vocab.Lists) -> list[dict[str, str]]:
    """One row a day plus the period, raw numbers (minutes, counts) for a spreadsheet."""
    out = []
    for summary in [*measures.days, measures.total]:
        row: dict[str, str] = {}
        for key, value in _numbers(summary).items():
            row[key] = (
                ""
                if value is None
                else (f"{value:.2f}" if isinstance(value, float) else str(value))
            )
        for outcome in lists.outcomes:
            row[f"outcome_{outcome.code}"] = str(
                summary.decisions_by_outcome_code.get(outcome.code, 0)
            )
        for chosen in COUNTED:
            counts = summary.decisions_by[chosen.counted]
            for code, decided in by_field_rows(measures.total, chosen, lists):
                name = f"{chosen.counted}_{code or 'not_recorded'}_{decided}"
                row[name] = str(counts.get((code, decided), 0))
        out.append(row)
    return out


def _numbers(summary: Summary) -> dict[str, Any]:
    data = {("period" if k == "label" else k): v for k, v in vars(summary).items()}
    data.pop("decisions_by_outcome")
    data.pop("decisions_by_outcome_code")
    data.pop("decisions_by")
    data["actions_per_referral"] = summary.actions_per_referral
    data["actions_per_referral_with_actions"] = summary.actions_per_referral_with_actions
    data["referrals"] = summary.referrals
    return data


def as_json(measures: Measures) -> dict[str, Any]:
    """The raw figures (numbers, not text) for other tools."""

    def summary(s: Summary) -> dict[str, Any]:
        by_field = {
            f"decisions_by_{chosen.counted}": {
                f"{code or 'not_recorded'}/{o}": n
                for (code, o), n in s.decisions_by[chosen.counted].items()
            }
            for chosen in COUNTED
        }
        return {**_numbers(s), "decisions_by_outcome": s.decisions_by_outcome, **by_field}

    return {
        "from": measures.first.isoformat(),
        "to": measures.last.isoformat(),
        "immediate_target_minutes": measures.target_minutes,
        "days": [summary(s) for s in measures.days],
        "total": summary(measures.total),
        "decision_times": measures.decision_times,
        "needs_by_category": measures.needs_by_category,
        "views_by_agency": measures.views_by_agency,
        "amendments": [
            {"ref": ref, "from": before, "to": after, "why": why}
            for ref, before, after, why in measures.amendments
        ],
    }


def bars(counts: dict[str, int], width: int = 30, label_width: int | None = None) -> list[str]:
    """A bar chart in text, readable without colour: label, bar of █, the number."""
    if not counts:
        return ["(nothing yet)"]
    longest = max(counts.values()) or 1
    pad = label_width or max(len(label) for label in counts)
    lines = []
    for label, count in counts.items():
        length = round(width * count / longest)
        bar = "█" * length if count else ""
        lines.append(f"{label[:pad]:<{pad}} {bar}{'▏' if count and not length else ''} {count}")
    return lines
