"""The demo's other contacts: advice calls, online-form contacts, a child called about
again (a likely match, flagged as a repeat) and a near match left to confirm, and the
feedback referrers were given (most of it; some still awaited today).

Kept apart from demo.py, with its own random numbers, so the rest of the demo is the
same as it always was. The invented text is in demo_data/contacts.toml. Read from and
written through the Store (in demo.py's batch: its reads see what the batch wrote).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Protocol

from dutydesk.demo_data import contacts as data
from dutydesk.domain import feedback_text, vocab
from dutydesk.domain.records import Actor, CallDetails, Child, ReferralDetail, SessionInfo
from dutydesk.storage.store import Store

TOLD_SHARE = 0.8  # of an earlier day's decided referrals, the share whose referrer was told
TOLD_TODAY = 2  # today's decided referrals whose referrer was told (the rest await it)
# Today's other contacts: two advice calls, two online forms, a repeat call and a near
# match (those two when earlier days have a child to match).
ADVICE_AT, FORMS_AT = (0.3, 0.75), (0.9, 0.95)
TODAY_OTHERS = (
    min(len(ADVICE_AT), len(data.ADVICE_CALLS)) + min(len(FORMS_AT), len(data.FORM_CONTACTS)) + 2
)


class MovableClock(Protocol):
    def at(self, moment: datetime) -> None: ...


def _mash(session: SessionInfo) -> Actor:
    person = session.attendee_for("mash") or session.attendees[0]
    return person.actor()


def feedback_for_day(
    store: Store,
    clock: MovableClock,
    rng: random.Random,
    session: SessionInfo,
    *,
    today: bool,
) -> None:
    """Referrers told the outcome: most of an earlier day's, the first few of today's."""
    # The session's own referrals (the queue's rows less the carry-over, not read here).
    rows = [
        r for r in store.handled_rows(session) if r.awaiting_feedback and r.carried_from is None
    ]
    rows.sort(key=lambda r: r.decided_at or r.received_at)
    now = store.now()
    # Read at once (what the draft says does not change as feedback is given), without
    # looking for earlier contacts, which the draft does not use.
    ids = [r.referral_id for r in rows]
    details = {d.referral_id: d for d in store.referral_details(ids, with_repeats=False)}
    for index, row in enumerate(rows):
        if (today and index >= TOLD_TODAY) or (not today and rng.random() > TOLD_SHARE):
            continue
        decided = row.decided_at or row.passed_at or row.received_at
        told = min(decided + timedelta(minutes=rng.randint(15, 120)), now)
        clock.at(told)
        detail = details[row.referral_id]
        store.add_feedback(
            row.referral_id,
            session.id,
            rng.choice(data.FEEDBACK_HOW),
            rng.choice((3, 4, 4, 5, 5, None)),
            rng.choice(data.FEEDBACK_COMMENTS),
            _mash(session),
            told_at=told,
            told_by=_mash(session).name,
            text=feedback_text.draft(detail, session.day, store.lists),
        )


def today_contacts(
    store: Store, clock: MovableClock, rng: random.Random, session: SessionInfo
) -> None:
    """Advice calls, online-form contacts, a repeat call and a near match, spread over the
    span of today's calls so far."""
    own = [r for r in store.handled_rows(session) if r.carried_from is None]
    first, last = min(r.received_at for r in own), max(r.received_at for r in own)

    def at(share: float) -> datetime:
        moment = first + (last - first) * share
        clock.at(moment)
        return moment

    mash = _mash(session)
    for share, call in zip(ADVICE_AT, data.ADVICE_CALLS, strict=False):
        child = (Child(call.child, age=call.age),) if call.child else ()
        details = CallDetails(
            urgency="routine",
            children=child,
            worry_told=call.question,
            referrer_name=call.referrer,
            referrer_role=call.role,
            referrer_org=call.org,
            referrer_contact=call.contact,
            kind=vocab.ADVICE,
            advice=call.advice,
        )
        store.record_call(session.id, details, mash, at(share))
    earlier = _earlier_children(store, session.day)
    if earlier:
        _repeat(store, clock, session, earlier[0], at(0.55), mash)
    if len(earlier) > 1:
        _near_match(store, session, earlier[1], at(0.85), mash)
    for share, form in zip(FORMS_AT, data.FORM_CONTACTS, strict=False):
        details = CallDetails(
            urgency=form.urgency,
            children=(Child(form.child, age=form.age),),
            worry_seen=form.seen,
            worry_told=form.told,
            referrer_name=form.referrer,
            referrer_role=form.role,
            referrer_org=form.org,
            referrer_contact=form.contact,
            referrer_relationship=form.relationship,
            referrer_view=form.wants,
            needs=form.needs,
        )
        store.record_call(session.id, details, mash, at(share), source=vocab.ONLINE_FORM)


def _earlier_children(store: Store, today: date) -> list[tuple[ReferralDetail, Child]]:
    """Decided referrals from before today, each with its first child whose date of birth
    is known: newest first (today's first decided one if there is no earlier day)."""
    days = [d for d in store.session_days() if d < today] or [today]
    found: list[tuple[ReferralDetail, Child]] = []
    for day in reversed(days):
        session = store.session_for(day)
        if session is None:
            continue
        for detail in store.referral_details(store.handled_ids(session.id)):
            child = next((c for c in detail.call.children if c.dob and " " in c.name), None)
            if detail.decision is not None and not detail.call.is_advice and child:
                found.append((detail, child))
        if len(found) >= 2:
            break
    return found


def _again(earlier: ReferralDetail, child: Child, urgency: str = "today") -> CallDetails:
    first = child.name.split()[0]
    seen, told, wants = (text.format(first=first) for text in data.AGAIN)
    call = earlier.call
    return CallDetails(
        urgency=urgency,
        children=(child,),
        worry_seen=seen,
        worry_told=told,
        referrer_name=call.referrer_name,
        referrer_role=call.referrer_role,
        referrer_org=call.referrer_org,
        referrer_contact=call.referrer_contact,
        referrer_relationship=call.referrer_relationship,
        referrer_view=wants,
        needs=call.needs,
    )


def _repeat(
    store: Store,
    clock: MovableClock,
    session: SessionInfo,
    earlier: tuple[ReferralDetail, Child],
    received: datetime,
    mash: Actor,
) -> None:
    """The same child (same name and date of birth) called about again: a likely match."""
    detail, child = earlier
    referral_id = store.record_call(session.id, _again(detail, child), mash, received)
    education = session.attendee_for("education")
    if education is not None:
        clock.at(received + timedelta(minutes=12))
        store.add_view(
            referral_id,
            session.id,
            "education",
            "Attendance has dropped since half term; the DSL has logged two incidents.",
            "Look again at the plan made last time before deciding anything new.",
            education.actor(),
        )


def _near_match(
    store: Store,
    session: SessionInfo,
    earlier: tuple[ReferralDetail, Child],
    received: datetime,
    mash: Actor,
) -> None:
    """The same name with only an age: a possible match, left for the team to confirm."""
    detail, child = earlier
    assert child.dob is not None
    age = child.age_on(session.day).removesuffix("y")
    nearly = Child(child.name, age=age if age.isdigit() else "", school=child.school)
    store.record_call(session.id, _again(detail, nearly, "routine"), mash, received)
