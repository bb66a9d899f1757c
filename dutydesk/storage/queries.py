"""Reads: the queue, a referral in full, open actions, what a session handled.

Lists are assembled from a handful of set-based queries (never one query per row).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, union
from sqlmodel import Session, col, func, select

from dutydesk.domain import records, vocab
from dutydesk.domain.records import Action, QueueRow, ReferralDetail, SessionInfo
from dutydesk.storage import convert
from dutydesk.storage.tables import (
    ActionRow,
    ActionStatusRow,
    AttendeeRow,
    CallVersionRow,
    ContactRow,
    DecisionRow,
    DutySession,
    EventRow,
    FeedbackRow,
    FeedbackToldRow,
    HandoffRow,
    ReferralRow,
    SessionEndRow,
    ViewRow,
)

CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit


def chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def rows_for(s: Session, table: Any, column: Any, ids: Sequence[int], order: Any) -> list[Any]:
    found: list[Any] = []
    for part in chunks(ids):
        found.extend(s.exec(select(table).where(col(column).in_(part)).order_by(order)).all())
    return found


def session_info(s: Session, row: DutySession) -> SessionInfo:
    assert row.id is not None
    attendees = s.exec(
        select(AttendeeRow).where(AttendeeRow.session_id == row.id).order_by(col(AttendeeRow.id))
    ).all()
    ended = s.exec(
        select(SessionEndRow.ended_at)
        .where(SessionEndRow.session_id == row.id)
        .order_by(col(SessionEndRow.id).desc())
    ).first()
    return SessionInfo(
        id=row.id,
        day=date.fromisoformat(row.day),
        started_at=row.started_at,
        ended_at=ended,
        attendees=tuple(
            records.Attendee(id=a.id or 0, agency=a.agency, name=a.name, role=a.role)
            for a in attendees
        ),
    )


def handled_ids(s: Session, session_id: int) -> list[int]:
    """Referrals received in the session or worked on in it (views, decisions, actions)."""
    parts = [
        select(ReferralRow.id).where(ReferralRow.session_id == session_id),
        select(ViewRow.referral_id).where(ViewRow.session_id == session_id),
        select(DecisionRow.referral_id).where(DecisionRow.session_id == session_id),
        select(HandoffRow.referral_id).where(HandoffRow.session_id == session_id),
        select(ActionRow.referral_id).where(ActionRow.session_id == session_id),
    ]
    return sorted(int(i) for i in s.exec(union(*parts)).scalars())  # type: ignore[call-overload]


def never_closed(s: Session) -> set[int]:
    """Referrals with no decision and no hand-off at all, on any day (an anti-join that
    reads only index entries: about 30 ms with 100,000 referrals)."""
    never = (
        select(ReferralRow.id)
        .where(~select(DecisionRow.id).where(DecisionRow.referral_id == ReferralRow.id).exists())
        .where(~select(HandoffRow.id).where(HandoffRow.referral_id == ReferralRow.id).exists())
    )
    return {int(i) for i in s.exec(never).all() if i is not None}


def last_event(s: Session) -> int:
    found = s.exec(select(EventRow.id).order_by(col(EventRow.id).desc()).limit(1)).first()
    return int(found or 0)


def undecided_before(s: Session, day: date, never: set[int] | None = None) -> list[int]:
    """Referrals from earlier sessions with no decision before `day`: they carry over.

    Decisions made on `day` or later do not count, so a past day keeps its queue. Such a
    referral has either no decision or hand-off at all (found by an anti-join that reads
    only index entries), or one from a session on or after `day` (for today, only today's
    few); the candidates are then checked one by one on the indexes. Reading every
    referral's session instead took 100 ms with 100,000 referrals. `never` is
    `never_closed(s)` if the caller has it (it does not depend on the day). An advice call
    waits for nobody (until it is made a referral): `not_advice` leaves those out.
    """
    return not_advice(s, undecided_any_kind(s, day, never))


def undecided_any_kind(s: Session, day: date, never: set[int] | None = None) -> list[int]:
    """`undecided_before` with advice calls still in: what depends on the day only (the
    Store keeps it while nothing outside today's session is written)."""
    before = select(DutySession.id).where(DutySession.day < day.isoformat())
    since = select(DutySession.id).where(DutySession.day >= day.isoformat())
    later = [
        select(table.referral_id)
        .join(ReferralRow, col(ReferralRow.id) == table.referral_id)
        .where(col(table.session_id).in_(since), col(ReferralRow.session_id).in_(before))
        for table in (DecisionRow, HandoffRow)
    ]
    candidates = set(never_closed(s) if never is None else never)
    for closed_later in later:
        candidates.update(int(i) for i in s.exec(closed_later).all())
    found: list[int] = []
    for part in chunks(sorted(candidates)):
        query = (
            select(ReferralRow.id)
            .where(col(ReferralRow.id).in_(part), col(ReferralRow.session_id).in_(before))
            .where(
                ~select(DecisionRow.id)
                .where(
                    DecisionRow.referral_id == ReferralRow.id,
                    col(DecisionRow.session_id).in_(before),
                )
                .exists(),
                ~select(HandoffRow.id)
                .where(
                    HandoffRow.referral_id == ReferralRow.id,
                    col(HandoffRow.session_id).in_(before),
                )
                .exists(),
            )
        )
        found.extend(int(i) for i in s.exec(query).all() if i is not None)
    return sorted(found)


def not_advice(s: Session, ids: Sequence[int]) -> list[int]:
    """These referrals less the advice calls: an advice call (its newest call version's
    contact is advice) waits for nobody, until it is made a referral. Not tied to a day:
    the newest version now counts, on any day's queue. One index lookup per referral."""
    newest = (
        select(func.max(CallVersionRow.version))
        .where(CallVersionRow.referral_id == ContactRow.referral_id)
        .scalar_subquery()
    )
    advice: set[int] = set()
    for part in chunks(sorted(ids)):
        query = select(ContactRow.referral_id).where(
            col(ContactRow.referral_id).in_(part),
            ContactRow.kind == vocab.ADVICE,
            ContactRow.version == newest,
        )
        advice.update(int(i) for i in s.exec(query).all())
    return [i for i in ids if i not in advice]


def last_event_outside(s: Session, session_id: int) -> int:
    """The newest event not of this session (scanned from the newest back: few steps)."""
    found = s.exec(
        select(EventRow.id)
        .where(or_(col(EventRow.session_id).is_(None), col(EventRow.session_id) != session_id))
        .order_by(col(EventRow.id).desc())
        .limit(1)
    ).first()
    return int(found or 0)


def days_of(s: Session, session_ids: Iterable[int]) -> dict[int, date]:
    """The London day of each of these sessions (only these: the history can be long)."""
    rows = rows_for(s, DutySession, DutySession.id, sorted(session_ids), DutySession.id)
    return {row.id: date.fromisoformat(row.day) for row in rows}


def latest(rows: Iterable[Any], key: str = "referral_id") -> dict[int, Any]:
    """The last row per key, for rows ordered oldest first."""
    return {getattr(row, key): row for row in rows}


def first_told(s: Session, ids: Sequence[int]) -> dict[int, datetime]:
    """When each referrer was first told the outcome (a feedback record; one saved before
    schema 5 says only when it was recorded)."""
    rows = rows_for(s, FeedbackRow, FeedbackRow.referral_id, ids, FeedbackRow.id)
    feedback_ids = [r.id for r in rows if r.id is not None]
    told = {
        t.feedback_id: t.told_at
        for t in rows_for(
            s, FeedbackToldRow, FeedbackToldRow.feedback_id, feedback_ids, FeedbackToldRow.id
        )
    }
    found: dict[int, datetime] = {}
    for row in rows:
        at = told.get(row.id or 0, row.recorded_at)
        found[row.referral_id] = min(at, found.get(row.referral_id, at))
    return found


def queue_rows(s: Session, ids: Sequence[int], today: date) -> list[QueueRow]:
    from dutydesk.storage.matches import latest_contacts, repeats

    contacts = latest_contacts(s, ids)
    repeated = repeats(s, ids)
    told = first_told(s, ids)
    referrals = rows_for(s, ReferralRow, ReferralRow.id, ids, ReferralRow.id)
    session_days = days_of(s, {r.session_id for r in referrals})
    calls = latest(
        rows_for(s, CallVersionRow, CallVersionRow.referral_id, ids, CallVersionRow.version)
    )
    decisions = latest(rows_for(s, DecisionRow, DecisionRow.referral_id, ids, DecisionRow.version))
    handoffs: dict[int, datetime] = {}
    for handoff in rows_for(s, HandoffRow, HandoffRow.referral_id, ids, HandoffRow.id):
        handoffs.setdefault(handoff.referral_id, handoff.passed_at)
    agencies: dict[int, list[str]] = defaultdict(list)
    for view in rows_for(s, ViewRow, ViewRow.referral_id, ids, ViewRow.id):
        if view.agency not in agencies[view.referral_id]:
            agencies[view.referral_id].append(view.agency)
    rows = []
    for referral in referrals:
        call = calls[referral.id]
        contact = contacts.get(referral.id)
        decision = decisions.get(referral.id)
        day = session_days.get(referral.session_id, today)
        rows.append(
            QueueRow(
                referral_id=referral.id,
                ref=referral.ref,
                received_at=referral.received_at,
                urgency=call.urgency,
                child=convert.call_details(call, contact).child_label(today),
                referrer_org=call.referrer_org or call.referrer_name,
                needs=convert.need_labels(call),
                agencies=tuple(agencies[referral.id]),
                status=records.status_of(
                    bool(agencies[referral.id]),
                    decision is not None,
                    handoffs.get(referral.id),
                    contact.kind if contact else vocab.REFERRAL,
                ),
                outcome=decision.outcome_label if decision else "",
                outcome_code=decision.outcome if decision else "",
                decided_at=decision.created_at if decision else None,
                passed_at=handoffs.get(referral.id),
                carried_from=day if day < today else None,
                kind=contact.kind if contact else vocab.REFERRAL,
                source=contact.source if contact else vocab.PHONE,
                repeat=bool(repeated.get(referral.id)),
                told_at=told.get(referral.id),
            )
        )
    return sort_queue(rows)


def sort_queue(rows: list[QueueRow]) -> list[QueueRow]:
    """Open referrals first, most urgent then oldest; then the decided ones, newest first."""
    open_rows = sorted(
        (r for r in rows if r.open), key=lambda r: (vocab.urgency_rank(r.urgency), r.received_at)
    )
    closed = sorted((r for r in rows if not r.open), key=lambda r: r.received_at, reverse=True)
    return open_rows + closed


def action_records(s: Session, actions: Sequence[ActionRow]) -> list[Action]:
    if not actions:
        return []
    action_ids = [a.id for a in actions if a.id is not None]
    state = latest(
        rows_for(s, ActionStatusRow, ActionStatusRow.action_id, action_ids, ActionStatusRow.id),
        key="action_id",
    )
    referral_ids = sorted({a.referral_id for a in actions})
    refs = {
        r.id: r.ref for r in rows_for(s, ReferralRow, ReferralRow.id, referral_ids, ReferralRow.id)
    }
    result = []
    for row in actions:
        status = state.get(row.id) if row.id is not None else None
        done_at = status.at if status is not None and status.done else None
        result.append(convert.action(row, refs[row.referral_id], done_at))
    return result


def referral_details(
    s: Session,
    ids: Sequence[int],
    *,
    with_repeats: bool = True,
    repeated: dict[int, tuple[int, ...]] | None = None,
) -> list[ReferralDetail]:
    """`repeated`: the earlier contacts that make each a repeat, if already found."""
    from dutydesk.storage.matches import latest_contacts, repeats

    contacts = latest_contacts(s, ids)
    if repeated is None:
        repeated = repeats(s, ids) if with_repeats else {}
    referrals = rows_for(s, ReferralRow, ReferralRow.id, ids, ReferralRow.id)
    session_days = days_of(s, {r.session_id for r in referrals})
    calls = latest(
        rows_for(s, CallVersionRow, CallVersionRow.referral_id, ids, CallVersionRow.version)
    )
    grouped: dict[str, dict[int, list[Any]]] = {
        name: defaultdict(list) for name in ("views", "decisions", "handoffs", "actions")
    }
    for name, table, order in (
        ("views", ViewRow, ViewRow.id),
        ("decisions", DecisionRow, DecisionRow.version),
        ("handoffs", HandoffRow, HandoffRow.id),
        ("actions", ActionRow, ActionRow.id),
    ):
        for row in rows_for(s, table, table.referral_id, ids, order):
            grouped[name][row.referral_id].append(row)
    all_actions = [a for rows in grouped["actions"].values() for a in rows]
    actions_by_referral: dict[int, list[Action]] = defaultdict(list)
    for action in action_records(s, all_actions):
        actions_by_referral[action.referral_id].append(action)
    earlier = sorted({i for found in repeated.values() for i in found})
    refs = {r.id: r.ref for r in rows_for(s, ReferralRow, ReferralRow.id, earlier, ReferralRow.id)}
    details = []
    for referral in referrals:
        call = calls[referral.id]
        contact = contacts.get(referral.id)
        handoffs = grouped["handoffs"][referral.id]
        details.append(
            ReferralDetail(
                referral_id=referral.id,
                ref=referral.ref,
                received_at=referral.received_at,
                session_day=session_days[referral.session_id],
                call=convert.call_details(call, contact),
                call_version=call.version,
                views=tuple(convert.view(v) for v in grouped["views"][referral.id]),
                decisions=tuple(convert.decision(d) for d in grouped["decisions"][referral.id]),
                passed_at=handoffs[0].passed_at if handoffs else None,
                actions=tuple(actions_by_referral[referral.id]),
                source=contact.source if contact else vocab.PHONE,
                repeat_of=tuple(refs[i] for i in repeated.get(referral.id, ()) if i in refs),
            )
        )
    return details
