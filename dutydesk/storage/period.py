"""A range of duty days read in a few statements, as tuples: what the exports are built from.

The Store reads a day at a time through the ORM (the queue, each referral in full, the
day's figures); a year of that is 250 rounds of it. Here the whole range is read at once
through a `Reader` (plain `sqlite3` on a file, or an engine: PostgreSQL, an open Store),
each table in one statement (or one per 500 referrals), and every day is assembled in
memory into the same records the Store gives: `SessionInfo`, `QueueRow`, `ReferralDetail`,
`DaySummary`, `PeriodRecords`. Table rows become records through `convert`, as the
Store's do. No SQLAlchemy is imported.

A referral's record is the same on every day it appears (its current call, decisions,
hand-off, views, actions, repeat contacts): only whether it was carried over depends on
the day. It is carried over to a later day while no decision or hand-off was made in a
session before that day (advice calls wait for nobody), as `queries.undecided_before`.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import defaultdict, namedtuple
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from dutydesk.domain import vocab
from dutydesk.domain.day import DaySummary, QueueRow, summarise
from dutydesk.domain.records import (
    Attendee,
    Feedback,
    PeriodRecords,
    ReferralDetail,
    SessionInfo,
    View,
)
from dutydesk.storage import convert
from dutydesk.storage.light import EngineReader, Reader, Row, rows_in, utc
from dutydesk.storage.queue_read import queue_row
from dutydesk.storage.repeat_contacts import repeat_refs

if TYPE_CHECKING:
    from dutydesk.storage.store import Store

IN_RANGE = "(SELECT id FROM duty_session WHERE day >= :first AND day <= :last)"
SESSIONS = "SELECT id, day, started_at FROM duty_session WHERE day >= :first AND day <= :last"
ATTENDEES = (
    f"SELECT session_id, id, agency, name, role FROM attendee WHERE session_id IN {IN_RANGE}"
)
ENDS = f"SELECT session_id, id, ended_at FROM session_end WHERE session_id IN {IN_RANGE}"
# What each session handled: received, or worked on (views, decisions, hand-offs, actions).
HANDLED = " UNION ".join(
    f"SELECT session_id, {column} FROM {table} WHERE session_id IN {IN_RANGE}"
    for table, column in (
        ("referral", "id"),
        ("agency_view", "referral_id"),
        ("decision", "referral_id"),
        ("handoff", "referral_id"),
        ("action", "referral_id"),
    )
)
# Referrals that may be carried over to one of the range's days: from before its last day,
# and either closed (decided or passed on) in a session on or after its first day, or never
# closed (an anti-join on the indexes); each with the first day it was closed, and its
# newest call's kind of contact (an advice call waits for nobody). Read so, the history
# before the range costs index entries only.
_LATER = "(SELECT id FROM duty_session WHERE day >= :first)"
_FIRST_CLOSED = (
    "(SELECT min(e.day) FROM {table} x JOIN duty_session e ON e.id = x.session_id "
    "WHERE x.referral_id = r.id)"
)
NEWEST_VERSION = "(SELECT max(v.version) FROM call_version v WHERE v.referral_id = {of})"
_MAYBE = (
    f"SELECT r.id, s.day, {_FIRST_CLOSED.format(table='decision')}, "
    f"{_FIRST_CLOSED.format(table='handoff')}, "
    "(SELECT c.kind FROM call_contact c WHERE c.referral_id = r.id "
    f"AND c.version = {NEWEST_VERSION.format(of='r.id')}) "
    "FROM referral r JOIN duty_session s ON s.id = r.session_id WHERE s.day < :last AND "
)
MAYBE_CARRIED = (
    f"{_MAYBE} r.id IN (SELECT referral_id FROM decision WHERE session_id IN {_LATER} "
    f"UNION SELECT referral_id FROM handoff WHERE session_id IN {_LATER}) "
    f"UNION ALL {_MAYBE} NOT EXISTS (SELECT 1 FROM decision d WHERE d.referral_id = r.id) "
    "AND NOT EXISTS (SELECT 1 FROM handoff h WHERE h.referral_id = r.id)"
)

# Per referral (`{ids}` is an IN list); columns named as the tables' (convert reads them).
CALL_COLUMNS = (
    "referral_id version urgency urgency_label children_json worry_seen worry_told "
    "referrer_name referrer_role referrer_org referrer_contact referrer_relationship "
    "referrer_view needs_json family_knows consent"
)
VIEW_COLUMNS = (
    "id referral_id session_id agency agency_label author_name author_role created_at knows "
    "needed consent without_consent_reason shared_what shared_with"
)
DECISION_COLUMNS = (
    "id referral_id session_id version outcome outcome_label reasons agreed_by_json "
    "amend_reason created_at referrer_response response_reason actor_name actor_agency"
)
ACTION_COLUMNS = (
    "id referral_id session_id what owner_agency owner_label owner_name due_at need_label "
    "created_at service_id service_name"
)
FEEDBACK_COLUMNS = (
    "id referral_id how satisfaction comment recorded_at actor_name actor_agency "
    "told_id told_at told_by text"
)
EXPERIENCE_COLUMNS = "id session_id agency name rating worked change recorded_at"
# Rows as named tuples of their columns: `convert` reads the ORM's rows and these alike.
_named: Any = namedtuple
CallRow = _named("CallRow", CALL_COLUMNS)
ContactRow = _named("ContactRow", "referral_id kind source advice earlier_ref")
ViewRow = _named("ViewRow", VIEW_COLUMNS)
DecisionRow = _named("DecisionRow", DECISION_COLUMNS)
ActionRow = _named("ActionRow", ACTION_COLUMNS)
FeedbackRow = _named("FeedbackRow", FEEDBACK_COLUMNS)
ToldRow = _named("ToldRow", "told_at told_by text")
ExperienceRow = _named("ExperienceRow", EXPERIENCE_COLUMNS)


def _select(columns: str, table: str, where: str, alias: str = "t") -> str:
    names = ", ".join(f"{alias}.{c}" for c in columns.split())
    return f"SELECT {names} FROM {table} {alias} WHERE {where}"


REFERRALS = (
    "SELECT r.id, r.ref, r.received_at, s.day FROM referral r "
    "JOIN duty_session s ON s.id = r.session_id WHERE r.id IN {ids} ORDER BY r.id"
)
CALLS = _select(
    CALL_COLUMNS,
    "call_version",
    f"t.referral_id IN {{ids}} AND t.version = {NEWEST_VERSION.format(of='t.referral_id')}",
)
CONTACTS = _select(
    "referral_id kind source advice earlier_ref",
    "call_contact",
    f"t.referral_id IN {{ids}} AND t.version = {NEWEST_VERSION.format(of='t.referral_id')}",
)
VIEWS = _select(VIEW_COLUMNS, "agency_view", "t.referral_id IN {ids}") + " ORDER BY t.id"
DECISIONS = _select(DECISION_COLUMNS, "decision", "t.referral_id IN {ids}") + " ORDER BY t.version"
HANDOFFS = "SELECT referral_id, passed_at FROM handoff WHERE referral_id IN {ids} ORDER BY id"
ACTIONS = _select(ACTION_COLUMNS, "action", "t.referral_id IN {ids}") + " ORDER BY t.id"
ACTION_STATES = (
    "SELECT s.action_id, s.done, s.at FROM action_status s JOIN action a ON a.id = s.action_id "
    "WHERE a.referral_id IN {ids} ORDER BY s.id"
)
# Ticked or reopened in the range's sessions (the action may be any day's).
TICKED = (
    f"SELECT session_id, action_id, done FROM action_status WHERE session_id IN {IN_RANGE} "
    "ORDER BY id"
)
FEEDBACK = (
    "SELECT f.id, f.referral_id, f.how, f.satisfaction, f.comment, f.recorded_at, "
    "f.actor_name, f.actor_agency, t.id, t.told_at, t.told_by, t.text FROM feedback f "
    "LEFT JOIN feedback_told t ON t.feedback_id = f.id WHERE f.referral_id IN {ids} "
    "ORDER BY f.id"
)
EXPERIENCES = (
    _select(EXPERIENCE_COLUMNS, "team_experience", "t.session_id IN {ids}") + " ORDER BY t.id"
)


@dataclass(frozen=True)
class Source:
    """Where a period is read from, and the moment it is read at (overdue actions, the
    measures, the manifest): a file's `FileReader` and the clock, or an open Store's."""

    reader: Reader
    now: datetime

    @classmethod
    def of(cls, source: Store | Source) -> Source:
        if isinstance(source, Source):
            return source
        return cls(EngineReader(source.engine), source.now())


@dataclass(frozen=True)
class DayRead:
    """One session's day: what its four CSV files are made of."""

    session: SessionInfo
    queue: tuple[QueueRow, ...]  # what it handled and what was carried over to it
    views: tuple[tuple[str, View], ...]  # (ref, view) for the views added in the session
    summary: DaySummary


@dataclass(frozen=True)
class PeriodRead:
    days: tuple[DayRead, ...]
    details: dict[int, ReferralDetail]  # every referral on any day's queue
    records: PeriodRecords  # for the measures
    now: datetime


def read_period(reader: Reader, first: date, last: date, now: datetime) -> PeriodRead:
    """Every session day from `first` to `last`, as the Store would give it day by day."""
    span = {"first": first.isoformat(), "last": last.isoformat()}
    sessions = _sessions(reader, span)
    handled: dict[int, set[int]] = defaultdict(set)
    for session_id, referral_id in reader.rows(HANDLED, span):
        handled[int(session_id)].add(int(referral_id))
    carried = _carried(reader, span, [s.day for s in sessions])
    ids = sorted(
        {i for found in handled.values() for i in found}
        | {i for found in carried.values() for i in found}
    )
    feedback = [FeedbackRow(*_moments(row, 5, 9)) for row in rows_in(reader, FEEDBACK, ids)]
    details, base, views, decisions, actions = _referrals(reader, ids, feedback)
    view_of = {view.id: view for d in details.values() for view in d.views}
    ticked: dict[int, dict[int, bool]] = defaultdict(dict)
    for session_id, action_id, done in reader.rows(TICKED, span):
        ticked[int(session_id)][int(action_id)] = bool(done)
    in_session: dict[str, dict[int, list[Any]]] = {
        name: defaultdict(list) for name in ("views", "decisions", "actions")
    }
    for name, rows in (("views", views), ("decisions", decisions), ("actions", actions)):
        for row in rows:
            in_session[name][row.session_id].append(row)
    days = []
    for session in sessions:
        here = carried.get(session.day, set())
        queue = tuple(
            base[i]
            if details[i].session_day >= session.day
            else dataclasses.replace(base[i], carried_from=details[i].session_day)
            for i in sorted(handled[session.id] | here)
        )
        summary = summarise(
            session.day,
            queue,
            len(here),
            (
                (d.referral_id, d.version, d.outcome_label)
                for d in in_session["decisions"][session.id]
            ),
            len(in_session["actions"][session.id]),
            sum(ticked[session.id].values()),
        )
        shown = tuple(
            (details[v.referral_id].ref, view_of[v.id]) for v in in_session["views"][session.id]
        )
        days.append(DayRead(session, queue, shown, summary))
    experiences = [
        convert.experience(ExperienceRow(*_moments(row, 7)))
        for row in rows_in(reader, EXPERIENCES, [s.id for s in sessions])
    ]
    return PeriodRead(
        days=tuple(days),
        details=details,
        records=PeriodRecords(
            first=first,
            last=last,
            sessions=tuple(sessions),
            referrals=tuple(details[i] for i in ids),
            feedback=tuple(_feedback(row) for row in feedback),
            experiences=tuple(experiences),
        ),
        now=now,
    )


def _moments(row: Row, *at: int) -> list[Any]:
    """The row with the columns at these positions as aware UTC datetimes."""
    values = list(row)
    for i in at:
        values[i] = utc(values[i])
    return values


def _sessions(reader: Reader, span: dict[str, str]) -> list[SessionInfo]:
    people: dict[int, list[Attendee]] = defaultdict(list)
    for session_id, attendee_id, agency, name, role in sorted(
        reader.rows(ATTENDEES, span), key=lambda r: r[1]
    ):
        people[int(session_id)].append(Attendee(attendee_id, agency, name, role))
    ended: dict[int, tuple[int, datetime | None]] = {}
    for session_id, end_id, at in reader.rows(ENDS, span):
        if session_id not in ended or end_id > ended[session_id][0]:
            ended[session_id] = (end_id, utc(at))
    return [
        SessionInfo(
            id=session_id,
            day=date.fromisoformat(day),
            started_at=utc(started),  # type: ignore[arg-type]
            ended_at=ended[session_id][1] if session_id in ended else None,
            attendees=tuple(people[session_id]),
        )
        for session_id, day, started in sorted(reader.rows(SESSIONS, span), key=lambda r: r[1])
    ]


def _carried(reader: Reader, span: dict[str, str], days: Sequence[date]) -> dict[date, set[int]]:
    """The referrals carried over to each day: from an earlier session, no decision nor
    hand-off in a session before the day, not an advice call (its newest version)."""
    found: dict[date, set[int]] = defaultdict(set)
    ordered = sorted(days)
    for referral_id, day, decided, passed, kind in reader.rows(MAYBE_CARRIED, span):
        if kind == vocab.ADVICE:
            continue
        received = date.fromisoformat(day)
        closed = min((date.fromisoformat(d) for d in (decided, passed) if d), default=None)
        # The days after the one received, up to and including the one closed.
        start = bisect.bisect_right(ordered, received)
        end = len(ordered) if closed is None else bisect.bisect_right(ordered, closed)
        for when in ordered[start:end]:
            found[when].add(int(referral_id))
    return found


def _referrals(
    reader: Reader, ids: Sequence[int], feedback: Sequence[Any]
) -> tuple[dict[int, ReferralDetail], dict[int, QueueRow], list[Any], list[Any], list[Any]]:
    """Each referral in full (as `queries.referral_details`) and its queue row (as
    `queries.queue_rows`, not carried over), and the views, decisions and actions read."""
    calls = {row[0]: CallRow(*row) for row in rows_in(reader, CALLS, ids)}
    contacts = {row[0]: ContactRow(*row) for row in rows_in(reader, CONTACTS, ids)}
    views = [ViewRow(*_moments(row, 7)) for row in rows_in(reader, VIEWS, ids)]
    views.sort(key=lambda v: v.id)
    decisions = [DecisionRow(*_moments(row, 9)) for row in rows_in(reader, DECISIONS, ids)]
    handoffs: dict[int, datetime | None] = {}
    for referral_id, passed_at in rows_in(reader, HANDOFFS, ids):
        handoffs.setdefault(referral_id, utc(passed_at))
    actions = [ActionRow(*_moments(row, 7, 9)) for row in rows_in(reader, ACTIONS, ids)]
    done_at: dict[int, datetime | None] = {}
    for action_id, done, at in rows_in(reader, ACTION_STATES, ids):
        done_at[action_id] = utc(at) if done else None
    told: dict[int, datetime] = {}
    for row in feedback:
        at = row.told_at if row.told_id is not None else row.recorded_at
        told[row.referral_id] = min(at, told.get(row.referral_id, at))
    received: dict[int, datetime] = {}
    basics: dict[int, tuple[str, datetime, date]] = {}
    for referral_id, ref, at, day in rows_in(reader, REFERRALS, ids):
        moment = utc(at)
        assert moment is not None
        received[referral_id] = moment
        basics[referral_id] = (ref, moment, date.fromisoformat(day))
    quoted = {i: c.earlier_ref for i, c in contacts.items() if c.earlier_ref}
    repeats = repeat_refs(reader, received, quoted)
    by_referral: dict[str, dict[int, list[Any]]] = {
        name: defaultdict(list) for name in ("views", "decisions", "actions")
    }
    for name, rows in (("views", views), ("decisions", decisions), ("actions", actions)):
        for row in rows:
            by_referral[name][row.referral_id].append(row)
    details: dict[int, ReferralDetail] = {}
    base: dict[int, QueueRow] = {}
    for referral_id in ids:
        ref, at, day = basics[referral_id]
        call, contact = calls[referral_id], contacts.get(referral_id)
        shown = convert.call_details(call, contact)
        mine = by_referral["views"][referral_id]
        made = by_referral["decisions"][referral_id]
        passed_at = handoffs.get(referral_id)
        repeat_of = repeats.get(referral_id, ())
        details[referral_id] = ReferralDetail(
            referral_id=referral_id,
            ref=ref,
            received_at=at,
            session_day=day,
            call=shown,
            call_version=call.version,
            views=tuple(convert.view(v) for v in mine),
            decisions=tuple(convert.decision(d) for d in made),
            passed_at=passed_at,
            actions=tuple(
                convert.action(a, ref, done_at.get(a.id))
                for a in by_referral["actions"][referral_id]
            ),
            source=contact.source if contact else vocab.PHONE,
            repeat_of=repeat_of,
        )
        decision = made[-1] if made else None
        # The child's label is its age on the referral's own day; a day it is carried over
        # to only sets `carried_from`.
        base[referral_id] = queue_row(
            referral_id,
            ref,
            at,
            shown,
            call.referrer_org or call.referrer_name,
            tuple(dict.fromkeys(v.agency for v in mine)),
            (decision.outcome_label, decision.outcome, decision.created_at) if decision else None,
            passed_at,
            contact,
            repeat=bool(repeat_of),
            told_at=told.get(referral_id),
            on=day,
            carried_from=None,
        )
    return details, base, views, decisions, actions


def _feedback(row: Any) -> Feedback:
    extra = ToldRow(row.told_at, row.told_by, row.text) if row.told_id is not None else None
    return convert.feedback(row, extra)
