"""Reads of the event log for the audit trail (`dutydesk audit`, the referral's history),
and the one public way to append an event that is not part of a record's own write."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from dutydesk.domain.audit import AuditEntry
from dutydesk.domain.clock import london_datetime
from dutydesk.domain.records import Actor
from dutydesk.domain.text import FieldError, clean
from dutydesk.storage.base import StoreBase
from dutydesk.storage.tables import EventRow, ReferralRow


class AuditTrail(StoreBase):
    def events_on(self, day: date, ref: str | None = None) -> list[AuditEntry]:
        """Every change on `day` (a London day), oldest first; only one referral's if `ref`."""
        start, end = london_datetime(day, 0), london_datetime(day + timedelta(days=1), 0)
        where = [col(EventRow.at) >= start, col(EventRow.at) < end]
        with self._read() as s:
            if ref is not None:
                where.append(col(EventRow.referral_id) == _referral_id(s, ref))
            return _entries(s, where)

    def referral_events(self, referral_id: int) -> list[AuditEntry]:
        """Every change to one referral, oldest first."""
        with self._read() as s:
            return _entries(s, [col(EventRow.referral_id) == referral_id])

    def record_event(self, kind: str, detail: str, actor: Actor) -> None:
        """Note an administrative change (e.g. a restore) in the log, chained like the rest."""
        with self._write() as tx:  # e.g. a backup's file name: cleaned as typed text is
            self._log(tx, kind, actor, clean(detail)[0])


def _referral_id(s: Session, ref: str) -> int:
    found = s.exec(select(ReferralRow.id).where(ReferralRow.ref == ref.strip())).first()
    if found is None:
        raise FieldError(f"There is no referral {ref.strip()!r}")
    return found


def _entries(s: Session, where: list[ColumnElement[bool]]) -> list[AuditEntry]:
    rows = s.exec(
        select(EventRow, ReferralRow.ref)
        .join(ReferralRow, col(ReferralRow.id) == EventRow.referral_id, isouter=True)
        .where(*where)
        .order_by(col(EventRow.id))
    ).all()
    return [
        AuditEntry(
            id=event.id or 0,
            at=event.at,
            ref=ref or "",
            actor_name=event.actor_name,
            actor_agency=event.actor_agency,
            actor_role=event.actor_role,
            kind=event.kind,
            detail=event.detail,
        )
        for event, ref in rows
    ]
