"""Writes about the action plan: an action added, and ticked done or reopened."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from dutydesk.domain import vocab
from dutydesk.domain.clock import to_utc
from dutydesk.domain.records import Action, Actor, Service
from dutydesk.domain.text import FieldError, field
from dutydesk.storage import convert
from dutydesk.storage import details as read_details
from dutydesk.storage.base import StoreBase
from dutydesk.storage.rows import actor_fields
from dutydesk.storage.tables import ACTION, REFERRAL, STATUS


class ActionWrites(StoreBase):
    def add_action(
        self,
        referral_id: int,
        session_id: int,
        what: str,
        owner_agency: str,
        owner_name: str,
        due_at: datetime | None,
        need: str,
        actor: Actor,
        service: Service | None = None,
        *,
        token: str = "",
    ) -> Action:
        """A step of the action plan, checked; a second save with the same `token` answers
        with the action the first made."""
        what = field("What", what, required=True)
        if owner_agency not in vocab.codes(self.lists.action_owners):
            raise FieldError("Choose who owns the action")
        row = {
            "referral_id": referral_id,
            "session_id": session_id,
            "what": what,
            "owner_agency": owner_agency,
            "owner_label": vocab.label(self.lists.action_owners, owner_agency),
            "owner_name": field("Owner's name", owner_name),
            "due_at": to_utc(due_at) if due_at else None,
            "need_code": need,
            "need_label": vocab.label(self.lists.needs, need),
            "created_at": self.now(),
            "service_id": service.id if service else None,
            "service_name": service.name if service else "",
            **actor_fields(actor),
        }
        referrals = REFERRAL
        with self._write() as tx:
            if (saved := self._save_once(tx, token, ACTION, row)) is not None:
                found = read_details.read(
                    tx.conn, [referral_id], self.lists, with_repeats=False
                ).details
                return next(a for a in found[referral_id].actions if a.id == saved)
            tx.note(("action", row["id"]), referral_id)
            self._log(tx, "action added", actor, row["owner_label"], session_id, referral_id)
            ref = tx.known(
                ("ref", referral_id),
                lambda: tx.scalar(select(referrals.c.ref).where(referrals.c.id == referral_id)),
            )
        return convert.action(row, str(ref), None)  # not done: it is new

    def set_action_done(self, action_id: int, session_id: int, done: bool, actor: Actor) -> None:
        actions = ACTION
        with self._write() as tx:
            referral_id = tx.known(
                ("action", action_id),
                lambda: tx.scalar(select(actions.c.referral_id).where(actions.c.id == action_id)),
            )
            if referral_id is None:
                raise FieldError("There is no such action")
            tx.insert(
                STATUS,
                {
                    "action_id": action_id,
                    "session_id": session_id,
                    "done": done,
                    "at": self.now(),
                    **actor_fields(actor),
                },
            )
            kind = "action done" if done else "action reopened"
            self._log(tx, kind, actor, str(action_id), session_id, int(referral_id))
