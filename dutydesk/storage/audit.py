"""Reads of the event log for the audit trail (`dutydesk audit`, the referral's history),
and the one public way to append an event that is not part of a record's own write."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import ColumnElement, Connection, RowMapping, or_, select

from dutydesk.domain.audit import AuditEntry
from dutydesk.domain.clock import london_datetime
from dutydesk.domain.records import Actor
from dutydesk.domain.text import FieldError, clean
from dutydesk.storage.base import StoreBase
from dutydesk.storage.reading import ACTION, EVENT, REFERRAL, mappings


class AuditTrail(StoreBase):
    def events_on(self, day: date, ref: str | None = None) -> list[AuditEntry]:
        """Every change on `day` (a London day), oldest first; only one referral's if `ref`."""
        start, end = london_datetime(day, 0), london_datetime(day + timedelta(days=1), 0)
        where = [EVENT.c.at >= start, EVENT.c.at < end]
        with self._read() as c:
            if ref is not None:
                where.append(EVENT.c.referral_id == _referral_id(c, ref))
            return _entries(c, where)

    def referral_events(self, referral_id: int) -> list[AuditEntry]:
        """Every change to one referral, oldest first."""
        with self._read() as c:
            return _entries(c, [EVENT.c.referral_id == referral_id])

    def record_event(self, kind: str, detail: str, actor: Actor) -> None:
        """Note an administrative change (e.g. a restore) in the log, chained like the rest."""
        with self._write() as tx:  # e.g. a backup's file name: cleaned as typed text is
            self._log(tx, kind, actor, clean(detail)[0])


def _referral_id(c: Connection, ref: str) -> int:
    found: int | None = c.scalar(select(REFERRAL.c.id).where(REFERRAL.c.ref == ref.strip()))
    if found is None:
        raise FieldError(f"There is no referral {ref.strip()!r}")
    return found


def _entries(c: Connection, where: list[ColumnElement[bool]]) -> list[AuditEntry]:
    rows = mappings(
        c,
        select(EVENT, REFERRAL.c.ref)
        .outerjoin(REFERRAL, REFERRAL.c.id == EVENT.c.referral_id)
        .where(*where)
        .order_by(EVENT.c.id),
    )
    named = _action_names(c, rows)
    return [
        AuditEntry(
            id=e["id"],
            at=e["at"],
            ref=e["ref"] or "",
            actor_name=e["actor_name"],
            actor_agency=e["actor_agency"],
            actor_role=e["actor_role"],
            kind=e["kind"],
            detail=named.get(e["id"], e["detail"]),
        )
        for e in rows
    ]


ADDED, TICKED = "action added", ("action done", "action reopened")


def _action_names(c: Connection, events: Sequence[RowMapping]) -> dict[int, str]:
    """The detail to show for each event about an action, by event id: the action's What.

    The log itself holds no typed text (a purge keeps the log): "action done" and "action
    reopened" hold the action's id, "action added" its owner's label. The action is found
    from the id, or, for "action added", as the referral's n-th action for its n-th such
    event (each action's save logs one, in the same transaction). A purged action is shown
    as the log has it."""
    ticked = {
        e["id"]: int(e["detail"]) for e in events if e["kind"] in TICKED and e["detail"].isdigit()
    }
    referrals = {e["referral_id"] for e in events if e["kind"] == ADDED and e["referral_id"]}
    if not ticked and not referrals:
        return {}
    found = c.execute(
        select(ACTION.c.id, ACTION.c.referral_id, ACTION.c.what, ACTION.c.owner_label)
        .where(
            or_(
                ACTION.c.id.in_(sorted(set(ticked.values()))),
                ACTION.c.referral_id.in_(sorted(referrals)),
            )
        )
        .order_by(ACTION.c.id)
    ).all()
    what = {action_id: text for action_id, _r, text, _o in found}
    added: dict[int, list[str]] = defaultdict(list)  # referral: its actions, oldest first
    for _id, referral_id, text, owner in found:
        if referral_id in referrals:
            added[referral_id].append(f"{text} ({owner})" if owner else text)
    names = {
        event_id: what[action_id] for event_id, action_id in ticked.items() if action_id in what
    }
    if referrals:
        logged = c.execute(
            select(EVENT.c.id, EVENT.c.referral_id)
            .where(EVENT.c.kind == ADDED, EVENT.c.referral_id.in_(sorted(referrals)))
            .order_by(EVENT.c.id)
        ).all()
        nth: dict[int, int] = defaultdict(int)
        for logged_id, about in logged:
            assert logged_id is not None and about is not None
            index = nth[about]
            nth[about] += 1
            if index < len(added[about]):
                names[logged_id] = added[about][index]
    return names
