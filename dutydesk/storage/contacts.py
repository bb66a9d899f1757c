"""Earlier contacts about the same child, matches confirmed by hand, and contacts imported
from the online referral form (all or nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select

from dutydesk.domain import vocab
from dutydesk.domain.calls import ready
from dutydesk.domain.clock import london_day, to_utc
from dutydesk.domain.matching import EarlierContact
from dutydesk.domain.records import Actor, CallDetails, ReferralDetail
from dutydesk.domain.text import FieldError
from dutydesk.storage import details as read_details
from dutydesk.storage.base import StoreBase
from dutydesk.storage.matches import Match, search
from dutydesk.storage.referrals import ReferralWrites, session_day
from dutydesk.storage.rows import actor_fields
from dutydesk.storage.tables import LINK, REFERRAL


class ContactStore(ReferralWrites, StoreBase):
    def earlier_contacts(self, referral_id: int) -> list[EarlierContact]:
        """Earlier contacts that may be about the same child, newest first, with what came
        of them (the decision, the advice given, the actions still open)."""
        return self.referral_and_earlier(referral_id)[1]

    def referral_and_earlier(self, referral_id: int) -> tuple[ReferralDetail, list[EarlierContact]]:
        """`referral(referral_id)` and `earlier_contacts(referral_id)` in one read: the
        search for earlier contacts, which also says which make it a repeat, done once."""
        with self._read() as c:
            matches = search(c, referral_id)
            ids = [referral_id, *(m.earlier_id for m in matches)]
            found = read_details.read(c, ids, self.lists, with_repeats=False).details
        detail = found.get(referral_id)
        if detail is None:
            raise FieldError("There is no such referral")
        repeat_of = tuple(
            found[m.earlier_id].ref for m in matches if m.counts_as_repeat(detail.received_at)
        )
        return replace(detail, repeat_of=repeat_of), _earlier(matches, found)

    def confirm_match(
        self, referral_id: int, earlier_id: int, session_id: int, actor: Actor
    ) -> None:
        """The person at the screen says the earlier contact is about the same child.

        A link with who and when; the two records stay as they are (nothing is merged).
        """
        referrals, links = REFERRAL, LINK
        with self._write() as tx:
            found: dict[int, str] = dict(
                tx.conn.execute(
                    select(referrals.c.id, referrals.c.ref).where(
                        referrals.c.id.in_([referral_id, earlier_id])
                    )
                ).all()
            )
            if earlier_id not in found or referral_id not in found:
                raise FieldError("There is no such contact")
            existing = tx.scalar(
                select(links.c.id).where(
                    links.c.referral_id == referral_id, links.c.earlier_id == earlier_id
                )
            )
            if existing is not None:
                return
            tx.insert(
                LINK,
                {
                    "referral_id": referral_id,
                    "earlier_id": earlier_id,
                    "session_id": session_id,
                    "confirmed_at": self.now(),
                    **actor_fields(actor),
                },
            )
            ref = found[earlier_id]
            self._log(tx, "earlier contact confirmed", actor, ref, session_id, referral_id)

    def import_calls(
        self,
        session_id: int,
        calls: Sequence[tuple[CallDetails, datetime | None]],
        actor: Actor,
    ) -> list[str]:
        """Contacts from the online referral form, in one transaction: all or none.

        Each is cleaned and checked like a typed call; the first that fails raises
        FieldError naming its row (1 is the first contact), and nothing is added.
        """
        prepared = []
        for number, (details, received) in enumerate(calls, start=1):
            try:
                prepared.append((ready(details, london_day(self.now()), self.lists), received))
            except FieldError as error:
                raise FieldError(f"row {number}: {error}") from None
        now = self.now()
        with self._write() as tx:
            day = session_day(tx, session_id)
            refs = []
            for details, received in prepared:
                at = to_utc(received) if received else now
                _id, ref = self._insert_call(
                    tx, session_id, day, details, actor, at, vocab.ONLINE_FORM
                )
                refs.append(ref)
            self._log(tx, "online form imported", actor, f"{len(refs)} contacts", session_id)
        return refs


def _earlier(matches: list[Match], found: dict[int, ReferralDetail]) -> list[EarlierContact]:
    """Each match with what came of it, from the earlier referrals' details."""
    contacts = []
    for match in matches:
        detail = found[match.earlier_id]
        decision = detail.decision
        names = ", ".join(c.name for c in detail.call.children if c.name) or "?"
        contacts.append(
            EarlierContact(
                referral_id=detail.referral_id,
                ref=detail.ref,
                received_at=detail.received_at,
                kind=detail.call.kind,
                child=names,
                strength=match.strength,
                why=match.why,
                outcome=decision.outcome_label if decision else "",
                decided_at=decision.created_at if decision else None,
                advice=detail.call.advice,
                open_actions=tuple(a for a in detail.actions if not a.done),
                confirmed_by=match.confirmed_by,
                confirmed_at=match.confirmed_at,
            )
        )
    return contacts
