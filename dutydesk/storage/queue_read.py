"""The console's first paint: today's session and queue in plain SQL on a read-only
`sqlite3` connection (`FileReader`), before SQLAlchemy is even imported (`first_paint`).

Only start.py uses it, until the Store opens in a thread while the first frame draws;
then it goes, with light.py and repeat_contacts.py. Every other read is `reading.py`'s.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple, Protocol

from dutydesk.domain import records, vocab
from dutydesk.domain.day import QueueRow, sort_queue
from dutydesk.domain.records import Attendee, CallDetails, SessionInfo
from dutydesk.storage import convert
from dutydesk.storage.light import Reader, Row, rows_in, utc
from dutydesk.storage.repeat_contacts import repeat_refs

# -- sessions ----------------------------------------------------------------------------


def session_on(reader: Reader, day: date) -> SessionInfo | None:
    """The session of `day`, with who is in the room, or None."""
    found = reader.rows(
        "SELECT id, day, started_at FROM duty_session WHERE day = :day", {"day": day.isoformat()}
    )
    return session_of(reader, found[0]) if found else None


def session_of(reader: Reader, row: Row) -> SessionInfo:
    """The session whose (id, day, started_at) is `row`."""
    session_id, day, started_at = row
    attendees = reader.rows(
        "SELECT id, agency, name, role FROM attendee WHERE session_id = :id ORDER BY id",
        {"id": session_id},
    )
    ended = reader.rows(
        "SELECT ended_at FROM session_end WHERE session_id = :id ORDER BY id DESC LIMIT 1",
        {"id": session_id},
    )
    return SessionInfo(
        id=session_id,
        day=date.fromisoformat(day),
        started_at=utc(started_at),  # type: ignore[arg-type]
        ended_at=utc(ended[0][0]) if ended else None,
        attendees=tuple(Attendee(id=i or 0, agency=a, name=n, role=r) for i, a, n, r in attendees),
    )


# -- which referrals ---------------------------------------------------------------------


def handled_ids(reader: Reader, session_id: int) -> list[int]:
    """Referrals received in the session or worked on in it (views, decisions, actions)."""
    sql = " UNION ".join(
        [
            "SELECT id FROM referral WHERE session_id = :id",
            *(
                f"SELECT referral_id FROM {table} WHERE session_id = :id"
                for table in ("agency_view", "decision", "handoff", "action")
            ),
        ]
    )
    return sorted(int(i) for (i,) in reader.rows(sql, {"id": session_id}))


def never_closed(reader: Reader) -> set[int]:
    """Referrals with no decision and no hand-off at all, on any day (an anti-join that
    reads only index entries: about 30 ms with 100,000 referrals)."""
    sql = (
        "SELECT r.id FROM referral r "
        "WHERE NOT EXISTS (SELECT 1 FROM decision d WHERE d.referral_id = r.id) "
        "AND NOT EXISTS (SELECT 1 FROM handoff h WHERE h.referral_id = r.id)"
    )
    return {int(i) for (i,) in reader.rows(sql)}


def last_event(reader: Reader) -> int:
    found = reader.rows("SELECT id FROM event ORDER BY id DESC LIMIT 1")
    return int(found[0][0]) if found else 0


def last_event_outside(reader: Reader, session_id: int) -> int:
    """The newest event not of this session (scanned from the newest back: few steps)."""
    found = reader.rows(
        "SELECT id FROM event WHERE session_id IS NULL OR session_id != :id "
        "ORDER BY id DESC LIMIT 1",
        {"id": session_id},
    )
    return int(found[0][0]) if found else 0


BEFORE = "(SELECT id FROM duty_session WHERE day < :day)"
SINCE = "(SELECT id FROM duty_session WHERE day >= :day)"


def undecided_any_kind(reader: Reader, day: date, never: set[int] | None = None) -> list[int]:
    """Referrals from earlier sessions with no decision or hand-off before `day`, advice
    calls still in (`queries.undecided_before` says why it reads what it reads)."""
    params = {"day": day.isoformat()}
    candidates = set(never_closed(reader) if never is None else never)
    for table in ("decision", "handoff"):
        closed_later = (
            f"SELECT t.referral_id FROM {table} t JOIN referral r ON r.id = t.referral_id "
            f"WHERE t.session_id IN {SINCE} AND r.session_id IN {BEFORE}"
        )
        candidates.update(int(i) for (i,) in reader.rows(closed_later, params))
    sql = (
        "SELECT r.id FROM referral r WHERE r.id IN {ids} "
        f"AND r.session_id IN {BEFORE} "
        "AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.referral_id = r.id "
        f"AND d.session_id IN {BEFORE}) "
        "AND NOT EXISTS (SELECT 1 FROM handoff h WHERE h.referral_id = r.id "
        f"AND h.session_id IN {BEFORE})"
    )
    return sorted(int(i) for (i,) in rows_in(reader, sql, sorted(candidates), params))


def not_advice(reader: Reader, ids: Sequence[int]) -> list[int]:
    """These referrals less the advice calls: an advice call (its newest call version's
    contact is advice) waits for nobody, until it is made a referral. Not tied to a day:
    the newest version now counts, on any day's queue. One index lookup per referral."""
    sql = (
        "SELECT c.referral_id FROM call_contact c WHERE c.referral_id IN {ids} "
        "AND c.kind = :advice AND c.version = "
        "(SELECT max(v.version) FROM call_version v WHERE v.referral_id = c.referral_id)"
    )
    advice = {int(i) for (i,) in rows_in(reader, sql, sorted(ids), {"advice": vocab.ADVICE})}
    return [i for i in ids if i not in advice]


# -- the rows ----------------------------------------------------------------------------


def first_told(reader: Reader, ids: Sequence[int]) -> dict[int, datetime]:
    """When each referrer was first told the outcome (a feedback record; one saved before
    schema 5 says only when it was recorded)."""
    sql = (
        "SELECT f.referral_id, f.recorded_at, t.told_at FROM feedback f "
        "LEFT JOIN feedback_told t ON t.feedback_id = f.id "
        "WHERE f.referral_id IN {ids} ORDER BY f.id"
    )
    found: dict[int, datetime] = {}
    for referral_id, recorded_at, told_at in rows_in(reader, sql, ids):
        at = utc(told_at if told_at is not None else recorded_at)
        assert at is not None
        found[referral_id] = min(at, found.get(referral_id, at))
    return found


def need_labels(needs_json: str) -> tuple[str, ...]:
    """A call version's `needs_json` ([[code, label]]) as the labels saved."""
    return tuple(label for _code, label in json.loads(needs_json))


def latest(rows: list[Row]) -> dict[int, Row]:
    """The last row per referral (its first column), for rows ordered oldest first."""
    return {row[0]: row for row in rows}


def queue_rows(reader: Reader, ids: Sequence[int], today: date) -> list[QueueRow]:
    """These referrals as the queue shows them on `today`, in the queue's order."""
    contacts = latest_contacts(reader, ids)
    told = first_told(reader, ids)
    referrals = rows_in(
        reader,
        "SELECT id, ref, session_id, received_at FROM referral WHERE id IN {ids} ORDER BY id",
        ids,
    )
    # Only the likely or confirmed matches of the 12 months before count: looked for in that
    # window alone (the whole search, possible matches too, is for the referral screen).
    repeated = repeat_refs(
        reader,
        {int(r[0]): utc(r[3]) for r in referrals},  # type: ignore[misc]
        {rid: c.earlier_ref for rid, c in contacts.items() if c.earlier_ref},
    )
    session_days = {
        int(i): date.fromisoformat(day)
        for i, day in rows_in(
            reader,
            "SELECT id, day FROM duty_session WHERE id IN {ids}",
            sorted({r[2] for r in referrals}),
        )
    }
    calls = latest(
        rows_in(
            reader,
            "SELECT referral_id, urgency, children_json, referrer_org, referrer_name, needs_json "
            "FROM call_version WHERE referral_id IN {ids} ORDER BY version",
            ids,
        )
    )
    decisions = latest(
        rows_in(
            reader,
            "SELECT referral_id, outcome, outcome_label, created_at FROM decision "
            "WHERE referral_id IN {ids} ORDER BY version",
            ids,
        )
    )
    handoffs: dict[int, datetime | None] = {}
    sql = "SELECT referral_id, passed_at FROM handoff WHERE referral_id IN {ids} ORDER BY id"
    for referral_id, passed_at in rows_in(reader, sql, ids):
        handoffs.setdefault(referral_id, utc(passed_at))
    agencies: dict[int, list[str]] = defaultdict(list)
    sql = "SELECT referral_id, agency FROM agency_view WHERE referral_id IN {ids} ORDER BY id"
    for referral_id, agency in rows_in(reader, sql, ids):
        if agency not in agencies[referral_id]:
            agencies[referral_id].append(agency)
    rows = []
    for referral_id, ref, session_id, received_at in referrals:
        _id, urgency, children_json, referrer_org, referrer_name, needs_json = calls[referral_id]
        decision = decisions.get(referral_id)
        day = session_days.get(session_id, today)
        rows.append(
            queue_row(
                referral_id,
                ref,
                utc(received_at),  # type: ignore[arg-type]
                CallDetails(
                    urgency, convert.children(children_json), need_labels=need_labels(needs_json)
                ),
                referrer_org or referrer_name,
                tuple(agencies[referral_id]),
                (decision[2], decision[1], utc(decision[3])) if decision else None,
                handoffs.get(referral_id),
                contacts.get(referral_id),
                repeat=bool(repeated.get(referral_id)),
                told_at=told.get(referral_id),
                on=today,
                carried_from=day if day < today else None,
            )
        )
    return sort_queue(rows)


class Contact(NamedTuple):
    referral_id: int
    version: int
    kind: str
    advice: str
    earlier_ref: str
    source: str


def latest_contacts(reader: Reader, ids: Sequence[int]) -> dict[int, Contact]:
    sql = (
        "SELECT referral_id, version, kind, advice, earlier_ref, source FROM call_contact c "
        "WHERE referral_id IN {ids} AND version = "
        "(SELECT max(v.version) FROM call_version v WHERE v.referral_id = c.referral_id)"
    )
    return {row[0]: Contact(*row) for row in rows_in(reader, sql, ids)}


class KindOfContact(Protocol):
    """A call's `call_contact` row, as any read gives it (`matches.Contact`, period.py's)."""

    @property
    def kind(self) -> str: ...
    @property
    def source(self) -> str: ...


def queue_row(
    referral_id: int,
    ref: str,
    received_at: datetime,
    call: CallDetails,
    referrer: str,
    agencies: tuple[str, ...],
    decision: tuple[str, str, datetime | None] | None,
    passed_at: datetime | None,
    contact: KindOfContact | None,
    *,
    repeat: bool,
    told_at: datetime | None,
    on: date,
    carried_from: date | None,
) -> QueueRow:
    """A referral as the queue shows it on the day `on`: the one place a queue row is made
    (today's queue here, every day of a range in storage/period.py). `decision`: the latest
    one's (label, code, when)."""
    kind = contact.kind if contact else vocab.REFERRAL
    return QueueRow(
        referral_id=referral_id,
        ref=ref,
        received_at=received_at,
        urgency=call.urgency,
        child=call.child_label(on),
        referrer_org=referrer,
        needs=call.need_labels,
        agencies=agencies,
        status=records.status_of(bool(agencies), decision is not None, passed_at, kind),
        outcome=decision[0] if decision else "",
        outcome_code=decision[1] if decision else "",
        decided_at=decision[2] if decision else None,
        passed_at=passed_at,
        carried_from=carried_from,
        kind=kind,
        source=contact.source if contact else vocab.PHONE,
        repeat=repeat,
        told_at=told_at,
    )


# -- the first paint ---------------------------------------------------------------------


@dataclass(frozen=True)
class FirstPaint:
    """What the console shows first, read before the Store is open: today's session (None:
    not started yet), its queue (None: no queue shown, nobody in the room yet), and the
    change token (the newest event) at that moment."""

    day: date
    session: SessionInfo | None
    rows: tuple[QueueRow, ...] | None
    token: int


def first_paint(reader: Reader, day: date) -> FirstPaint:
    """Today's session and queue as `Store.session_for` and `Store.queue` give them."""
    session = session_on(reader, day)
    rows = None
    if session is not None and session.attendees:
        ids = set(handled_ids(reader, session.id))
        ids |= set(not_advice(reader, undecided_any_kind(reader, session.day)))
        rows = tuple(queue_rows(reader, sorted(ids), session.day))
    return FirstPaint(day, session, rows, last_event(reader))
