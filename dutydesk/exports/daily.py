"""The day's CSV export: what one duty-team session did, in four files for the project lead.

`export_day` writes `dutydesk-YYYY-MM-DD-session.csv`, `-referrals.csv`, `-views.csv` and
`-actions.csv` (see docs/exports.md for every column). By default the files hold no
children's names, dates of birth, contact details or the call's free-text worry;
`identifiable=True` adds them. Times are London wall time with the offset, durations are
whole minutes, and any text that a spreadsheet would run as a formula is neutralised.

The day is read as any range of days is (`storage/period.py`), and its rows are shaped
here, once, for the end of a session and for a period's export alike (the files are
written by `files.py`). No SQL here, no Textual or Rich.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from dutydesk.domain import clock, vocab
from dutydesk.domain.day import DaySummary, QueueRow
from dutydesk.domain.records import CALL_FIELDS, Action, ReferralDetail, SessionInfo, View
from dutydesk.domain.vocab import Lists
from dutydesk.exports.files import (
    ExportError,
    Row,
    Table,
    csv_bytes,
    day_manifest,
    listed,
    manifest_name,
    reason,
    replace_file,
    without_names,
    write_manifest,
)
from dutydesk.paths import private_dir
from dutydesk.storage.errors import DISK_FULL, disk_full
from dutydesk.storage.period import DayRead, Opened, PeriodRead, Source

JOIN = "; "

SESSION_COLUMNS: tuple[str, ...] = (
    "day",
    "started_at",
    "ended_at",
    "attendees",
    "attendee_count",
    "calls",
    "carried_over",
    "decisions",
    "decisions_amended",
    "still_waiting",
    "passed_to_assessment_team",
    "actions_created",
    "actions_done",
    "advice_calls",
    "repeat_contacts",
    "feedback_awaiting",
)
REFERRAL_COLUMNS: tuple[str, ...] = (
    "ref",
    "session_day",
    "received_at",
    "urgency",
    "carried_over",
    "children_count",
    "child_ages",
    "needs",
    *(f.exported_as for f in CALL_FIELDS if not f.identifiable),
    "agencies_contributed",
    "views_count",
    "status",
    "outcome",
    "outcome_code",
    "reasons",
    "agreed_by",
    "decided_at",
    "decision_version",
    "decision_amended",
    "amend_reasons",
    "minutes_to_decision",
    "passed_to_assessment_team_at",
    "minutes_to_assessment_team",
    "actions_count",
    "actions_done",
    "first_outcome",
    "last_amended_at",
    "referrer_view_response",
    "referrer_view_response_reason",
    "contact_kind",
    "source",
    "repeat_contact",
    "referrer_told_at",
)
REFERRAL_IDENTIFIABLE_COLUMNS: tuple[str, ...] = (
    "children_names",
    "children_dobs",
    "schools",
    *(f.exported_as for f in CALL_FIELDS if f.identifiable),
    "advice_given",
)
VIEW_COLUMNS: tuple[str, ...] = (
    "ref",
    "agency",
    "agency_code",
    "recorded_at",
    "author_role",
    "knows",
    "needed",
    "consent",
    "without_consent_reason",
    "shared_what",
    "shared_with",
)
VIEW_IDENTIFIABLE_COLUMNS: tuple[str, ...] = ("author_name",)
ACTION_COLUMNS: tuple[str, ...] = (
    "ref",
    "action_id",
    "what",
    "owner_agency",
    "owner_agency_code",
    "due_at",
    "need",
    "created_at",
    "done",
    "done_at",
    "overdue",
    "service",
    "service_id",
)
ACTION_IDENTIFIABLE_COLUMNS: tuple[str, ...] = ("owner_name",)


def columns(kind: str, identifiable: bool = False) -> tuple[str, ...]:
    """The header of one of the four files, in order: the columns, the identifiable ones
    if asked for, then a London-time column Excel reads as a date for each time column."""
    base, extra = {
        "session": (SESSION_COLUMNS, ()),
        "referrals": (REFERRAL_COLUMNS, REFERRAL_IDENTIFIABLE_COLUMNS),
        "views": (VIEW_COLUMNS, VIEW_IDENTIFIABLE_COLUMNS),
        "actions": (ACTION_COLUMNS, ACTION_IDENTIFIABLE_COLUMNS),
    }[kind]
    return (base + extra if identifiable else base) + tuple(_LOCAL[c] for c in base if c in _LOCAL)


def time_columns() -> tuple[str, ...]:
    """Every column holding a moment (ISO 8601 with its offset: `received_at`...)."""
    every = SESSION_COLUMNS + REFERRAL_COLUMNS + VIEW_COLUMNS + ACTION_COLUMNS
    return tuple(dict.fromkeys(c for c in every if c.endswith("_at")))


# received_at -> received_local: the same moment as London date and time with no offset
# and no "T" (2026-12-04 15:53:46), which Excel and other spreadsheets read as a date.
_LOCAL = {c: c.removesuffix("_at") + "_local" for c in time_columns()}


def with_local_times(row: Row) -> Row:
    """`row` with its `*_local` cells, from the `*_at` cells (London time already)."""
    for column, local in _LOCAL.items():
        value = row.get(column)
        if isinstance(value, str):
            row[local] = f"{value[:10]} {value[11:19]}" if value else ""
    return row


def file_name(day: date, kind: str) -> str:
    return f"dutydesk-{day.isoformat()}-{kind}.csv"


def export_day(
    source: Opened | Source,
    day: date,
    out_dir: Path,
    *,
    identifiable: bool = False,
    on_file: Callable[[Path, int], None] | None = None,
) -> list[Path]:
    """Write the four CSV files for `day`'s session into `out_dir`; their paths, in order.
    `on_file` is told each file written and how many replacements its free text had.

    Everything is read first, then each file is written to a temporary file in the same
    folder and moved into place, so an existing export is never left half written.
    """
    source = Source.of(source)
    period = source.read(day, day)
    if not period.days:
        raise ExportError(f"No duty session on {clock.day_label(day)}")
    tables = build_tables(period.days[0], period, identifiable=identifiable)
    try:
        folder = private_dir(Path(out_dir))
    except OSError as error:
        if disk_full(error):
            raise ExportError(DISK_FULL) from error
        raise ExportError(f"Cannot create the export folder {out_dir}: {reason(error)}") from error
    written: list[Path] = []
    entries = []  # for the day's manifest, written last: each file's SHA-256, the seal
    try:
        for table in tables:
            target = folder / file_name(day, table.kind)
            data = csv_bytes(table.columns, table.rows)
            replace_file(target, data)
            entries.append(listed(target.name, data, len(table.rows), table.replaced))
            written.append(target)
            if on_file is not None:
                on_file(target, table.replaced)
        target = folder / manifest_name(day)
        write_manifest(target, day_manifest(day, period.now, identifiable, entries), period.seal)
    except OSError as error:
        if disk_full(error):
            raise ExportError(DISK_FULL) from error
        raise ExportError(f"Cannot write {target}: {reason(error)}") from error
    return written


def build_tables(day: DayRead, period: PeriodRead, *, identifiable: bool) -> list[Table]:
    """The four tables for the day's session (one of `period`'s), in file order."""
    details, now, lists = period.details, period.now, period.lists
    session = day.session
    queue = {row.referral_id: row for row in day.queue}
    shown = sorted((details[i] for i in queue), key=lambda d: (d.received_at, d.ref))
    actions = [action for detail in shown for action in detail.actions]
    tables = [
        Table(
            "session",
            columns("session"),
            [with_local_times(session_row(session, day.summary, identifiable, lists))],
        ),
        Table(
            "referrals",
            columns("referrals", identifiable),
            [
                with_local_times(
                    referral_row(d, session.day, queue.get(d.referral_id), identifiable, lists)
                )
                for d in shown
            ],
        ),
        Table(
            "views",
            columns("views", identifiable),
            [with_local_times(view_row(ref, view, identifiable, lists)) for ref, view in day.views],
        ),
        Table(
            "actions",
            columns("actions", identifiable),
            [with_local_times(action_row(action, now, identifiable, lists)) for action in actions],
        ),
    ]
    return tables if identifiable else without_names(tables, shown, session, lists)


# -- rows ------------------------------------------------------------------------------


def session_row(session: SessionInfo, summary: DaySummary, identifiable: bool, lists: Lists) -> Row:
    people = []
    for person in session.attendees:
        agency = vocab.label(lists.agencies, person.agency)
        text = f"{agency}: {person.name}" if identifiable and person.name else agency
        people.append(f"{text} ({person.role})" if person.role else text)
    return {
        "day": session.day.isoformat(),
        "started_at": clock.iso_local(session.started_at),
        "ended_at": clock.iso_local(session.ended_at),
        "attendees": JOIN.join(people),
        "attendee_count": len(session.attendees),
        "calls": summary.calls,
        "carried_over": summary.carried_over,
        "decisions": sum(summary.decisions_by_outcome.values()),
        "decisions_amended": summary.amended,
        "still_waiting": summary.still_waiting,
        "passed_to_assessment_team": summary.passed_on,
        "actions_created": summary.actions_created,
        "actions_done": summary.actions_done,
        "advice_calls": summary.advice_calls,
        "repeat_contacts": summary.repeat_contacts,
        "feedback_awaiting": summary.feedback_awaiting,
    }


def referral_row(
    detail: ReferralDetail, day: date, queued: QueueRow | None, identifiable: bool, lists: Lists
) -> Row:
    call = detail.call
    decisions = detail.decisions
    current = detail.decision
    first = decisions[0] if decisions else None
    agencies: list[str] = []
    for view in detail.views:
        label = view.agency_shown(lists)
        if label not in agencies:
            agencies.append(label)
    # The need labels as they were saved (a need renamed since keeps its old label here).
    needs = queued.needs if queued else call.needs_shown(lists)
    received_day = clock.london_day(detail.received_at)
    row: Row = {
        "ref": detail.ref,
        "session_day": detail.session_day.isoformat(),
        "received_at": clock.iso_local(detail.received_at),
        "urgency": call.urgency_shown(lists),
        "carried_over": yes_no(detail.session_day < day),
        "children_count": len(call.children),
        "child_ages": JOIN.join(c.age_on(received_day) or "not known" for c in call.children),
        "needs": JOIN.join(needs),
        **{f.exported_as: f.of(call) for f in CALL_FIELDS if not f.identifiable},
        "agencies_contributed": JOIN.join(agencies),
        "views_count": len(detail.views),
        "status": detail.status,
        "outcome": current.outcome_label if current else "",
        "outcome_code": current.outcome if current else "",
        "reasons": current.reasons if current else "",
        "agreed_by": JOIN.join(vocab.label(lists.agencies, a) for a in current.agreed_by)
        if current
        else "",
        "decided_at": clock.iso_local(first.created_at) if first else "",
        "decision_version": current.version if current else "",
        "decision_amended": yes_no(current is not None and current.version > 1),
        "amend_reasons": JOIN.join(d.amend_reason for d in decisions[1:] if d.amend_reason),
        "minutes_to_decision": minutes(detail.received_at, first.created_at if first else None),
        "passed_to_assessment_team_at": clock.iso_local(detail.passed_at),
        "minutes_to_assessment_team": minutes(detail.received_at, detail.passed_at),
        "actions_count": len(detail.actions),
        "actions_done": sum(1 for a in detail.actions if a.done),
        "first_outcome": first.outcome_label if first else "",
        "last_amended_at": clock.iso_local(current.created_at)
        if current and len(decisions) > 1
        else "",
        "referrer_view_response": current.referrer_response if current else "",
        "referrer_view_response_reason": current.response_reason if current else "",
        "contact_kind": call.kind,
        "source": detail.source,
        "repeat_contact": yes_no(bool(detail.repeat_of)),
        "referrer_told_at": clock.iso_local(queued.told_at) if queued else "",
    }
    if identifiable:
        row |= {
            "children_names": JOIN.join(c.name for c in call.children),
            "children_dobs": JOIN.join(
                c.dob.isoformat() if c.dob else "not known" for c in call.children
            ),
            "schools": JOIN.join(c.school or "not known" for c in call.children),
            **{f.exported_as: f.of(call) for f in CALL_FIELDS if f.identifiable},
            "advice_given": call.advice,
        }
    return row


def view_row(ref: str, view: View, identifiable: bool, lists: Lists) -> Row:
    row: Row = {
        "ref": ref,
        "agency": view.agency_shown(lists),
        "agency_code": view.agency,
        "recorded_at": clock.iso_local(view.created_at),
        "author_role": view.author_role,
        "knows": view.knows,
        "needed": view.needed,
        "consent": view.consent,
        "without_consent_reason": view.without_consent_reason,
        "shared_what": view.shared_what,
        "shared_with": view.shared_with,
    }
    if identifiable:
        row["author_name"] = view.author_name
    return row


def action_row(action: Action, now: datetime, identifiable: bool, lists: Lists) -> Row:
    row: Row = {
        "ref": action.ref,
        "action_id": action.id,
        "what": action.what,
        "owner_agency": action.owner_shown(lists),
        "owner_agency_code": action.owner_agency,
        "due_at": clock.iso_local(action.due_at),
        "need": action.need,
        "created_at": clock.iso_local(action.created_at),
        "done": yes_no(action.done),
        "done_at": clock.iso_local(action.done_at),
        "overdue": yes_no(action.overdue(now)),
        "service": action.service_name,
        "service_id": action.service_id if action.service_id is not None else "",
    }
    if identifiable:
        row["owner_name"] = action.owner_name
    return row


# -- cells -------------------------------------------------------------------


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def minutes(start: datetime, end: datetime | None) -> int | str:
    """Whole minutes from `start` to `end` (rounded down), or '' if there is no end."""
    if end is None:
        return ""
    return int((end - start).total_seconds() // 60)
