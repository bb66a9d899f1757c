"""Reads: the queue, a referral in full, open actions, what a session handled.

Lists are assembled from a handful of set-based queries (never one query per row).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from dutydesk.domain import vocab
from dutydesk.domain.day import QueueRow
from dutydesk.domain.records import Action, ReferralDetail, SessionInfo
from dutydesk.storage import convert, queue_read
from dutydesk.storage.light import SessionReader, chunks
from dutydesk.storage.tables import (
    ActionRow,
    ActionStatusRow,
    CallVersionRow,
    DecisionRow,
    DutySession,
    HandoffRow,
    ReferralRow,
    ViewRow,
)


def rows_for(s: Session, table: Any, column: Any, ids: Sequence[int], order: Any) -> list[Any]:
    found: list[Any] = []
    for part in chunks(ids):
        found.extend(s.exec(select(table).where(col(column).in_(part)).order_by(order)).all())
    return found


def session_info(s: Session, row: DutySession) -> SessionInfo:
    assert row.id is not None
    return queue_read.session_of(SessionReader(s), (row.id, row.day, row.started_at))


def handled_ids(s: Session, session_id: int) -> list[int]:
    """Referrals received in the session or worked on in it (views, decisions, actions)."""
    return queue_read.handled_ids(SessionReader(s), session_id)


def never_closed(s: Session) -> set[int]:
    """Referrals with no decision and no hand-off at all, on any day."""
    return queue_read.never_closed(SessionReader(s))


def last_event(s: Session) -> int:
    return queue_read.last_event(SessionReader(s))


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
    return queue_read.undecided_any_kind(SessionReader(s), day, never)


def not_advice(s: Session, ids: Sequence[int]) -> list[int]:
    """These referrals less the advice calls (`queue_read.not_advice`)."""
    return queue_read.not_advice(SessionReader(s), ids)


def last_event_outside(s: Session, session_id: int) -> int:
    """The newest event not of this session (scanned from the newest back: few steps)."""
    return queue_read.last_event_outside(SessionReader(s), session_id)


def days_of(s: Session, session_ids: Iterable[int]) -> dict[int, date]:
    """The London day of each of these sessions (only these: the history can be long)."""
    rows = rows_for(s, DutySession, DutySession.id, sorted(session_ids), DutySession.id)
    return {row.id: date.fromisoformat(row.day) for row in rows}


def latest(rows: Iterable[Any], key: str = "referral_id") -> dict[int, Any]:
    """The last row per key, for rows ordered oldest first."""
    return {getattr(row, key): row for row in rows}


def queue_rows(s: Session, ids: Sequence[int], today: date) -> list[QueueRow]:
    """These referrals as the queue shows them (`queue_read.queue_rows`, in this session's
    transaction: a write reads back what it has just added)."""
    return queue_read.queue_rows(SessionReader(s), ids, today)


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
