"""A day's session and which referrals are on its queue: what the Store's queue reads.

A day's queue is what its session handled (received, or worked on: views, decisions,
hand-offs, actions) and the referrals carried over to it: from an earlier session, with no
decision or hand-off in a session before the day, and not an advice call (its newest
version), which waits for nobody until it is made a referral.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, Select, bindparam, exists, or_, select, union

from dutydesk.domain import vocab
from dutydesk.domain.records import Attendee, SessionInfo
from dutydesk.storage import convert
from dutydesk.storage.reading import (
    ATTENDEE,
    CONTACT,
    DECISION,
    EVENT,
    HANDOFF,
    REFERRAL,
    SESSION,
    SESSION_END,
    WORKED_ON,
    mappings,
    newest_version,
    rows_in,
)

# -- sessions ----------------------------------------------------------------------------


ATTENDEES = select(ATTENDEE).order_by(ATTENDEE.c.id)
ENDS = select(SESSION_END).order_by(SESSION_END.c.id)
ON_DAY = select(SESSION).where(SESSION.c.day == bindparam("day"))
BY_ID = select(SESSION).where(SESSION.c.id == bindparam("id"))
IN_DAYS = select(SESSION).where(
    SESSION.c.day >= bindparam("first"), SESSION.c.day <= bindparam("last")
)


def sessions(conn: Connection, query: Select[Any], params: Mapping[str, Any]) -> list[SessionInfo]:
    """The sessions `query` (of `duty_session` rows) finds, by day, with who is in the room
    and when each ended."""
    found = sorted(mappings(conn, query, params), key=lambda row: row["day"])
    ids = [row["id"] for row in found]
    people: dict[int, list[Attendee]] = defaultdict(list)
    for row in rows_in(conn, ATTENDEES, ATTENDEE.c.session_id, ids):
        people[row["session_id"]].append(convert.attendee(row))
    ended: dict[int, datetime] = {}
    for row in rows_in(conn, ENDS, SESSION_END.c.session_id, ids):
        ended[row["session_id"]] = row["ended_at"]  # the last one
    return [convert.session(row, tuple(people[row["id"]]), ended.get(row["id"])) for row in found]


def session_on(conn: Connection, day: date) -> SessionInfo | None:
    """The session of `day`, with who is in the room, or None."""
    found = sessions(conn, ON_DAY, {"day": day.isoformat()})
    return found[0] if found else None


def session_info(conn: Connection, session_id: int) -> SessionInfo:
    return sessions(conn, BY_ID, {"id": session_id})[0]


def in_days(first: date, last: date) -> dict[str, str]:
    """The parameters of `IN_DAYS`: the sessions from `first` to `last` (London days)."""
    return {"first": first.isoformat(), "last": last.isoformat()}


# -- which referrals ---------------------------------------------------------------------


def handled(session_ids: Any) -> Any:
    """(session_id, referral_id) for what the sessions `session_ids` (a list, a select of
    ids or a parameter) received or worked on."""
    return union(
        select(REFERRAL.c.session_id, REFERRAL.c.id.label("referral_id")).where(
            REFERRAL.c.session_id.in_(session_ids)
        ),
        *(
            select(t.c.session_id, t.c.referral_id).where(t.c.session_id.in_(session_ids))
            for t in WORKED_ON
        ),
    )


HANDLED = handled(bindparam("sessions", expanding=True))


def handled_ids(conn: Connection, session_id: int) -> list[int]:
    """Referrals received in the session or worked on in it (views, decisions, actions)."""
    return sorted({row.referral_id for row in conn.execute(HANDLED, {"sessions": [session_id]})})


NOT_DECIDED = ~exists().where(DECISION.c.referral_id == REFERRAL.c.id)
NOT_PASSED = ~exists().where(HANDOFF.c.referral_id == REFERRAL.c.id)


NEVER_CLOSED = select(REFERRAL.c.id).where(NOT_DECIDED, NOT_PASSED)


def never_closed(conn: Connection) -> set[int]:
    """Referrals with no decision and no hand-off at all, on any day (an anti-join that
    reads only index entries: about 30 ms with 100,000 referrals)."""
    return set(conn.scalars(NEVER_CLOSED))


LAST_OUTSIDE = (
    select(EVENT.c.id)
    .where(or_(EVENT.c.session_id.is_(None), EVENT.c.session_id != bindparam("session")))
    .order_by(EVENT.c.id.desc())
    .limit(1)
)


def last_event_outside(conn: Connection, session_id: int) -> int:
    """The newest event not of this session (scanned from the newest back: few steps)."""
    return int(conn.scalar(LAST_OUTSIDE, {"session": session_id}) or 0)


def undecided_any_kind(conn: Connection, day: date, never: set[int]) -> list[int]:
    """Referrals from earlier sessions with no decision or hand-off before `day`, advice
    calls still in. Decisions made on `day` or later do not count, so a past day keeps its
    queue. Such a referral has either no decision or hand-off at all (`never`, read by the
    caller: it does not depend on the day), or one from a session on or after `day` (for
    today, only today's few); the candidates are then checked on the indexes. Reading every
    referral's session instead took 100 ms with 100,000 referrals."""
    params = {"day": day.isoformat()}
    candidates = set(never)
    for closed_later in CLOSED_LATER:
        candidates.update(conn.scalars(closed_later, params))
    return sorted(
        row["id"] for row in rows_in(conn, OPEN_BEFORE, REFERRAL.c.id, candidates, params)
    )


_BEFORE = select(SESSION.c.id).where(SESSION.c.day < bindparam("day"))
_SINCE = select(SESSION.c.id).where(SESSION.c.day >= bindparam("day"))
CLOSED_LATER = [
    select(closing.c.referral_id)
    .join(REFERRAL, REFERRAL.c.id == closing.c.referral_id)
    .where(closing.c.session_id.in_(_SINCE), REFERRAL.c.session_id.in_(_BEFORE))
    for closing in (DECISION, HANDOFF)
]
OPEN_BEFORE = select(REFERRAL.c.id).where(
    REFERRAL.c.session_id.in_(_BEFORE),
    *(
        ~exists().where(closing.c.referral_id == REFERRAL.c.id, closing.c.session_id.in_(_BEFORE))
        for closing in (DECISION, HANDOFF)
    ),
)


ADVICE = select(CONTACT.c.referral_id).where(
    CONTACT.c.kind == vocab.ADVICE, CONTACT.c.version == newest_version(CONTACT.c.referral_id)
)


def not_advice(conn: Connection, ids: Sequence[int]) -> list[int]:
    """These referrals less the advice calls: an advice call (its newest call version's
    contact is advice) waits for nobody, until it is made a referral. Not tied to a day:
    the newest version now counts, on any day's queue. One index lookup per referral."""
    advice = {row["referral_id"] for row in rows_in(conn, ADVICE, CONTACT.c.referral_id, ids)}
    return [i for i in ids if i not in advice]


def by_session(rows: Sequence[RowMapping]) -> dict[int, list[RowMapping]]:
    grouped: dict[int, list[RowMapping]] = defaultdict(list)
    for row in rows:
        grouped[row["session_id"]].append(row)
    return grouped
