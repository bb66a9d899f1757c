"""Referrals in full, many at once: the one read a referral's record is made from.

The referral screen, the queue, the earlier contacts and the exports all read a referral
here: its newest call and kind of contact, views, decisions, hand-off, actions (done or
not), when the referrer was first told, and the earlier contacts that make it a repeat:
one statement per table for up to 500 referrals, however many there are. The queue's row
of a referral is made from its record (`queue_row`), so the two cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, RowMapping, select

from dutydesk.domain import vocab
from dutydesk.domain.day import QueueRow, sort_queue
from dutydesk.domain.records import ReferralDetail
from dutydesk.storage import convert
from dutydesk.storage.matches import latest_contacts, latest_keys, quoted_refs, repeat_refs
from dutydesk.storage.reading import (
    ACTION,
    CALL,
    DECISION,
    FEEDBACK,
    HANDOFF,
    REFERRAL,
    SESSION,
    STATUS,
    TOLD,
    VIEW,
    latest,
    newest_version,
    rows_in,
)

REFERRALS = (
    select(REFERRAL, SESSION.c.day)
    .join(SESSION, SESSION.c.id == REFERRAL.c.session_id)
    .order_by(REFERRAL.c.id)
)
CALLS = select(CALL).where(CALL.c.version == newest_version(CALL.c.referral_id))
VIEWS = select(VIEW).order_by(VIEW.c.id)
DECISIONS = select(DECISION).order_by(DECISION.c.version)
HANDOFFS = select(HANDOFF.c.referral_id, HANDOFF.c.passed_at).order_by(HANDOFF.c.id.desc())
ACTIONS = select(ACTION).order_by(ACTION.c.id)
DONE = (
    select(STATUS.c.action_id, STATUS.c.done, STATUS.c.at)
    .join(ACTION, ACTION.c.id == STATUS.c.action_id)
    .order_by(STATUS.c.id)
)
# Feedback with the rest of it (`feedback_told`; none before schema 5): `convert.feedback`.
FEEDBACK_TOLD = (
    select(FEEDBACK, TOLD.c.told_at, TOLD.c.told_by, TOLD.c.text)
    .outerjoin(TOLD, TOLD.c.feedback_id == FEEDBACK.c.id)
    .order_by(FEEDBACK.c.id)
)


@dataclass(frozen=True)
class Read:
    """What `read` found: each referral's record, when each referrer was first told the
    outcome, and the view and feedback rows read (for a day's views and the measures)."""

    details: dict[int, ReferralDetail]
    told: dict[int, datetime]
    views: list[RowMapping]
    feedback: list[RowMapping]


def by_referral(rows: Sequence[RowMapping]) -> dict[int, list[RowMapping]]:
    grouped: dict[int, list[RowMapping]] = defaultdict(list)
    for row in rows:
        grouped[row["referral_id"]].append(row)
    return grouped


def read(
    conn: Connection, ids: Sequence[int], lists: vocab.Lists, *, with_repeats: bool = True
) -> Read:
    """These referrals in full (those that exist), in the order of their ids.
    `with_repeats=False` skips looking for earlier contacts about the same child."""
    referrals = rows_in(conn, REFERRALS, REFERRAL.c.id, ids)
    ids = [row["id"] for row in referrals]
    calls = latest(rows_in(conn, CALLS, CALL.c.referral_id, ids))
    contacts = latest_contacts(conn, ids)
    views = rows_in(conn, VIEWS, VIEW.c.referral_id, ids)
    decisions = rows_in(conn, DECISIONS, DECISION.c.referral_id, ids)
    passed = latest(rows_in(conn, HANDOFFS, HANDOFF.c.referral_id, ids))  # the first one
    actions = rows_in(conn, ACTIONS, ACTION.c.referral_id, ids)
    done_at: dict[int, datetime | None] = {}
    for row in rows_in(conn, DONE, ACTION.c.referral_id, ids):
        done_at[row["action_id"]] = row["at"] if row["done"] else None
    feedback = rows_in(conn, FEEDBACK_TOLD, FEEDBACK.c.referral_id, ids)
    told: dict[int, datetime] = {}
    for row in feedback:  # told when recorded, if saved before schema 5 said when
        at = row["recorded_at"] if row["told_at"] is None else row["told_at"]
        told[row["referral_id"]] = min(at, told.get(row["referral_id"], at))
    repeats: dict[int, tuple[str, ...]] = {}
    if with_repeats:
        received = {row["id"]: row["received_at"] for row in referrals}
        repeats = repeat_refs(conn, received, quoted_refs(contacts), latest_keys(conn, ids))
    views_of, decisions_of, actions_of = (
        by_referral(views),
        by_referral(decisions),
        by_referral(actions),
    )
    details = {}
    for referral in referrals:
        rid, ref = referral["id"], referral["ref"]
        contact = contacts.get(rid)
        handoff = passed.get(rid)
        details[rid] = ReferralDetail(
            referral_id=rid,
            ref=ref,
            received_at=referral["received_at"],
            session_day=date.fromisoformat(referral["day"]),
            call=convert.call_details(calls[rid], contact),
            call_version=calls[rid]["version"],
            views=tuple(convert.view(v) for v in views_of[rid]),
            decisions=tuple(convert.decision(d, lists) for d in decisions_of[rid]),
            passed_at=handoff["passed_at"] if handoff else None,
            actions=tuple(convert.action(a, ref, done_at.get(a["id"])) for a in actions_of[rid]),
            source=contact["source"] if contact else vocab.PHONE,
            repeat_of=repeats.get(rid, ()),
        )
    return Read(details, told, views, feedback)


def queue_row(
    detail: ReferralDetail, told: Mapping[int, datetime], on: date, carried: bool
) -> QueueRow:
    """A referral as the queue shows it on the day `on` (`carried`: over from its own
    session's day): the one place a queue row is made."""
    call, decision = detail.call, detail.decision
    return QueueRow(
        referral_id=detail.referral_id,
        ref=detail.ref,
        received_at=detail.received_at,
        urgency=call.urgency,
        child=call.child_label(on),
        referrer_org=call.referrer_org or call.referrer_name,
        needs=call.need_labels,
        agencies=tuple(dict.fromkeys(v.agency for v in detail.views)),
        status=detail.status,
        outcome=decision.outcome_label if decision else "",
        outcome_code=decision.outcome if decision else "",
        decided_at=decision.created_at if decision else None,
        passed_at=detail.passed_at,
        carried_from=detail.session_day if carried else None,
        kind=call.kind,
        source=detail.source,
        repeat=bool(detail.repeat_of),
        told_at=told.get(detail.referral_id),
    )


def queue_rows(
    conn: Connection, ids: Sequence[int], today: date, lists: vocab.Lists
) -> list[QueueRow]:
    """These referrals as the queue shows them on `today`, in the queue's order."""
    found = read(conn, ids, lists)
    return sort_queue(
        [queue_row(d, found.told, today, d.session_day < today) for d in found.details.values()],
        lists,
    )
