"""Baseline days from the case system: a CSV of one row per day, from before dutydesk was
used, read all or nothing (every problem named by row and column).

    day,contacts,decisions,median_minutes_to_decision,immediate,immediate_median_minutes,decided_within_one_working_day
    2026-09-01,14,12,95,2,130,11

Optional `outcome_<code>` columns (the lists' outcome codes, e.g. `outcome_early_help`)
give decisions by outcome; with any of them they must add up to `decisions`. A median may
be empty (no decision, or no IMMEDIATE referral, that day). No storage here: the report
reads the file each time it is made (docs/report.md).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

REQUIRED = (
    "day",
    "contacts",
    "decisions",
    "median_minutes_to_decision",
    "immediate",
    "immediate_median_minutes",
    "decided_within_one_working_day",
)
COUNTS = ("contacts", "decisions", "immediate", "decided_within_one_working_day")
MEDIANS = ("median_minutes_to_decision", "immediate_median_minutes")
MOST_MINUTES = 30 * 24 * 60  # a median over 30 days is a mistake (hours? seconds?)
OUTCOME = "outcome_"


class BaselineError(ValueError):
    """The file cannot be used; `problems` says each thing wrong, by row and column."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class BaselineDay:
    day: date
    contacts: int
    decisions: int
    median_minutes_to_decision: float | None
    immediate: int
    immediate_median_minutes: float | None
    decided_within_one_working_day: int
    outcomes: dict[str, int] = field(default_factory=dict)  # outcome code -> decisions

    def value(self, key: str) -> float | None:
        """The day's figure for a measure of `series.MEASURES`, if the file has it."""
        figures: dict[str, float | None] = {
            "calls": self.contacts,
            "decisions": self.decisions,
            "median_minutes_to_decision": self.median_minutes_to_decision,
            "immediate": self.immediate,
            "immediate_median_minutes": self.immediate_median_minutes,
            "missed_working_day": self.decisions - self.decided_within_one_working_day,
        }
        return figures.get(key)


def parse(text: str, outcome_codes: tuple[str, ...]) -> list[BaselineDay]:
    """The file's days in day order; BaselineError with every problem if any."""
    text = text.removeprefix("\ufeff")  # Excel's "CSV UTF-8" starts with a byte-order mark
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise BaselineError(["the file is empty: the first row names the columns"])
    if ";" in lines[0] and "," not in lines[0]:
        raise BaselineError(
            [
                "row 1: the columns are separated by semicolons (Excel's setting in some "
                'countries): save it as "CSV UTF-8 (Comma delimited)", or replace each ; by ,'
            ]
        )
    rows = list(csv.reader(io.StringIO(text)))
    header = [h.strip() for h in rows[0]]
    problems: list[str] = []
    known = set(REQUIRED) | {OUTCOME + c for c in outcome_codes}
    for name in REQUIRED:
        if name not in header:
            problems.append(f"row 1: the column '{name}' is missing")
    for n, name in enumerate(header, start=1):
        if name not in known:
            problems.append(
                f"row 1, column {n} '{name}': not a baseline column (the columns: "
                f"{', '.join(REQUIRED)}, and outcome_CODE for an outcome)"
            )
        elif header.index(name) != n - 1:
            problems.append(f"row 1, column {n} '{name}': the column is there twice")
    if problems:
        raise BaselineError(problems)
    days: list[BaselineDay] = []
    seen: dict[date, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(header):
            problems.append(
                f"row {number}: {len(row)} values, but the first row names {len(header)}"
            )
            continue
        cells = {name: cell.strip() for name, cell in zip(header, row, strict=True)}
        found = _row(number, cells, seen, problems)
        if found is not None:
            days.append(found)
    if not days and not problems:
        problems.append("the file has no days: one row per day after the first row")
    if problems:
        raise BaselineError(problems)
    return sorted(days, key=lambda d: d.day)


def _row(
    number: int, cells: dict[str, str], seen: dict[date, int], problems: list[str]
) -> BaselineDay | None:
    before = len(problems)

    def where(column: str) -> str:
        return f"row {number}, column {column}"

    day: date | None = None
    try:
        day = date.fromisoformat(cells["day"])
    except ValueError:
        problems.append(f"{where('day')}: '{cells['day']}' is not a date: use YYYY-MM-DD")
    if day is not None:
        if day in seen:
            problems.append(f"{where('day')}: {day} is also on row {seen[day]}")
        else:
            seen[day] = number
    counts: dict[str, int] = {}
    for column in (*COUNTS, *(c for c in cells if c.startswith(OUTCOME))):
        text = cells[column]
        if not text and column.startswith(OUTCOME):
            counts[column] = 0
            continue
        try:
            value = int(text)
        except ValueError:
            shown = f"'{text}' is not a whole number" if text else "is empty"
            problems.append(f"{where(column)}: {shown}")
            continue
        if value < 0:
            problems.append(f"{where(column)}: {value} is below 0")
            continue
        counts[column] = value
    medians: dict[str, float | None] = {}
    for column in MEDIANS:
        text = cells[column]
        if not text:
            medians[column] = None
            continue
        try:
            minutes = float(text)
        except ValueError:
            problems.append(f"{where(column)}: '{text}' is not a number of minutes")
            continue
        if minutes != minutes or minutes < 0:  # NaN or negative
            problems.append(f"{where(column)}: {text} is below 0")
        elif minutes > MOST_MINUTES:
            problems.append(f"{where(column)}: {text} minutes is over 30 days: is it in minutes?")
        else:
            medians[column] = minutes
    within = counts.get("decided_within_one_working_day", 0)
    if "decisions" in counts and within > counts["decisions"]:
        problems.append(
            f"{where('decided_within_one_working_day')}: {within} is more than the "
            f"{counts['decisions']} decisions"
        )
    outcomes = {c.removeprefix(OUTCOME): v for c, v in counts.items() if c.startswith(OUTCOME)}
    if outcomes and "decisions" in counts and sum(outcomes.values()) != counts["decisions"]:
        problems.append(
            f"row {number}: the outcome columns add up to {sum(outcomes.values())}, "
            f"not the {counts['decisions']} decisions"
        )
    if len(problems) > before or day is None:
        return None
    return BaselineDay(
        day=day,
        contacts=counts["contacts"],
        decisions=counts["decisions"],
        median_minutes_to_decision=medians["median_minutes_to_decision"],
        immediate=counts["immediate"],
        immediate_median_minutes=medians["immediate_median_minutes"],
        decided_within_one_working_day=counts["decided_within_one_working_day"],
        outcomes=outcomes,
    )
