"""Earlier contacts about the same child: every one for the referral screen (`search`), and
the ones that make a referral a repeat contact, for many referrals at once (`repeat_refs`).

Set-based: the children's keys (`child_key`, indexed by name and date of birth) find the
candidates in a few statements, and domain/matching.py judges each pair. A referral is a
repeat contact when an earlier contact in the 12 months before it is a *likely* match (the
same name and date of birth, or the call quotes its reference) or one confirmed by hand;
`repeat_refs` looks for those alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Connection, and_, bindparam, select

from dutydesk.domain import matching
from dutydesk.domain.clock import london_day
from dutydesk.domain.matching import LIKELY, POSSIBLE, REPEAT_WINDOW, ChildKey
from dutydesk.storage.reading import (
    CHILD_KEY,
    CONTACT,
    LINK,
    REFERRAL,
    SESSION,
    newest_version,
    rows_in,
)

KEYS = select(
    CHILD_KEY.c.referral_id,
    CHILD_KEY.c.name_key,
    CHILD_KEY.c.surname_key,
    CHILD_KEY.c.dob,
    CHILD_KEY.c.birth_year,
)
NEWEST_KEY = CHILD_KEY.c.version == newest_version(CHILD_KEY.c.referral_id)
NEWEST_KEYS = KEYS.where(NEWEST_KEY).order_by(CHILD_KEY.c.id)
# Each referral's newest call's kind of contact (none for a call saved before schema 5).
CONTACTS = select(CONTACT).where(CONTACT.c.version == newest_version(CONTACT.c.referral_id))
RECEIVED = select(REFERRAL.c.id, REFERRAL.c.received_at, REFERRAL.c.ref)
LINKS_BY = select(LINK).order_by(LINK.c.id)


def child_key(row: Mapping[Any, Any], referral_id: int | None = None) -> ChildKey:
    dob = row["dob"]
    return ChildKey(
        row["referral_id"] if referral_id is None else referral_id,
        row["name_key"],
        row["surname_key"],
        date.fromisoformat(dob) if dob else None,
        row["birth_year"],
    )


def latest_contacts(conn: Connection, ids: Sequence[int]) -> dict[int, Mapping[Any, Any]]:
    """Each referral's current `call_contact` row, by referral id."""
    return {row["referral_id"]: row for row in rows_in(conn, CONTACTS, CONTACT.c.referral_id, ids)}


def latest_keys(conn: Connection, ids: Sequence[int]) -> dict[int, list[ChildKey]]:
    keys: dict[int, list[ChildKey]] = defaultdict(list)
    for row in rows_in(conn, NEWEST_KEYS, CHILD_KEY.c.referral_id, ids):
        keys[row["referral_id"]].append(child_key(row))
    return keys


def quoted_refs(contacts: Mapping[int, Mapping[Any, Any]]) -> dict[int, str]:
    """The earlier reference each call quotes, where it quotes one."""
    return {rid: c["earlier_ref"] for rid, c in contacts.items() if c["earlier_ref"]}


# -- every earlier contact, for the referral screen ---------------------------------------


@dataclass(frozen=True)
class Match:
    earlier_id: int
    strength: str  # LIKELY or POSSIBLE
    why: str
    earlier_received: datetime
    confirmed_by: str = ""
    confirmed_at: datetime | None = None

    def counts_as_repeat(self, received_at: datetime) -> bool:
        confirmed = self.confirmed_at is not None
        return matching.counts_as_repeat(
            self.strength, confirmed, self.earlier_received, received_at
        )


class Link(NamedTuple):
    """A match confirmed by hand: by whom (name, else agency) and when."""

    by: str
    at: datetime | None


# When each referral was received, with its children's keys from its latest call (none: a
# row of nulls).
RECEIVED_KEYS = (
    select(
        REFERRAL.c.id,
        REFERRAL.c.received_at,
        CHILD_KEY.c.name_key,
        CHILD_KEY.c.surname_key,
        CHILD_KEY.c.dob,
        CHILD_KEY.c.birth_year,
    )
    .select_from(REFERRAL)
    .outerjoin(CHILD_KEY, and_(CHILD_KEY.c.referral_id == REFERRAL.c.id, NEWEST_KEY))
    .order_by(REFERRAL.c.id, CHILD_KEY.c.id)
)


def search(conn: Connection, referral_id: int) -> list[Match]:
    """The earlier contacts that may be about the same child as this referral, newest first."""
    ids = [referral_id]
    keys = latest_keys(conn, ids).get(referral_id, [])
    quoted = quoted_refs(latest_contacts(conn, ids)).get(referral_id)
    candidates: set[int] = set()
    for column, values in (
        (CHILD_KEY.c.name_key, {k.name for k in keys}),
        (CHILD_KEY.c.dob, {k.dob.isoformat() for k in keys if k.dob}),
    ):
        found = rows_in(conn, KEYS, column, values)
        candidates.update(row["referral_id"] for row in found)
    by_ref = {
        row["ref"]: row["id"]
        for row in rows_in(conn, RECEIVED, REFERRAL.c.ref, [quoted] if quoted else [])
    }
    candidates |= set(by_ref.values())
    links: dict[int, Link] = {}
    for row in rows_in(conn, LINKS_BY, LINK.c.referral_id, ids):
        by = row["actor_name"] or row["actor_agency"]
        links.setdefault(row["earlier_id"], Link(by, row["confirmed_at"]))
    candidates |= set(links)
    received: dict[int, datetime] = {}
    candidate_keys: dict[int, list[ChildKey]] = defaultdict(list)
    for row in rows_in(conn, RECEIVED_KEYS, REFERRAL.c.id, candidates | {referral_id}):
        received[row["id"]] = row["received_at"]
        if row["name_key"] is not None:  # the latest call has this child's key
            candidate_keys[row["id"]].append(child_key(row, row["id"]))
    if referral_id not in received:  # no such referral (any more)
        return []
    found_matches = []
    for other in sorted(candidates - {referral_id}):
        if other not in received or received[other] >= received[referral_id]:
            continue
        best = _best(keys, candidate_keys.get(other, []))
        if quoted and by_ref.get(quoted) == other:
            best = (LIKELY, "the call quotes its reference")
        link = links.get(other)
        if best is None and link is not None:
            best = (POSSIBLE, "confirmed by hand")
        if best is None:
            continue
        found_matches.append(
            Match(
                earlier_id=other,
                strength=best[0],
                why=best[1],
                earlier_received=received[other],
                confirmed_by=link.by if link else "",
                confirmed_at=link.at if link else None,
            )
        )
    found_matches.sort(key=lambda m: m.earlier_received, reverse=True)
    return found_matches


def _best(mine: list[ChildKey], theirs: list[ChildKey]) -> tuple[str, str] | None:
    best: tuple[str, str] | None = None
    for a in mine:
        for b in theirs:
            found = matching.strength(a, b)
            if found is not None and (best is None or found[0] == LIKELY):
                best = found
                if best[0] == LIKELY:
                    return best
    return best


# -- repeat contacts, for many referrals at once ------------------------------------------

# Anyone's keys with a date of birth, on a contact from a session on or after `since`: the
# only likely matches in the window (a contact's session is never before the day it was
# received). Driven by the sessions' days, not by the names: a common name has keys all
# through a long history.
NAMED = (
    KEYS.add_columns(REFERRAL.c.received_at, REFERRAL.c.ref)
    .join(REFERRAL, REFERRAL.c.id == CHILD_KEY.c.referral_id)
    .where(CHILD_KEY.c.dob.is_not(None), CHILD_KEY.c.dob != "", NEWEST_KEY)
)
_IN = REFERRAL.alias("in_window")
WINDOW = select(_IN.c.id).join(SESSION, SESSION.c.id == _IN.c.session_id)
NAMED = NAMED.where(CHILD_KEY.c.referral_id.in_(WINDOW.where(SESSION.c.day >= bindparam("since"))))
LINKS = select(LINK.c.referral_id, LINK.c.earlier_id, REFERRAL.c.received_at, REFERRAL.c.ref).join(
    REFERRAL, REFERRAL.c.id == LINK.c.earlier_id
)


def repeat_refs(
    conn: Connection,
    received: Mapping[int, datetime],
    quoted: Mapping[int, str],
    keys: Mapping[int, list[ChildKey]],
) -> dict[int, tuple[str, ...]]:
    """For each referral in `received` (id -> when received), the refs of the earlier
    contacts that make it a repeat, newest first; `quoted` is each one's newest call's
    quoted earlier reference where it has one, `keys` its newest call's children's keys."""
    ids = sorted(received)
    known: dict[int, tuple[datetime, str]] = {}  # other id -> (received, ref)
    by_name_dob: dict[tuple[str, date], list[ChildKey]] = defaultdict(list)
    names = {k.name for found in keys.values() for k in found if k.dob and k.name}
    first = min(received.values(), default=None)
    since = (london_day(first) - REPEAT_WINDOW - timedelta(days=1)) if first else date.max
    for row in rows_in(conn, NAMED, CHILD_KEY.c.name_key, names, {"since": since.isoformat()}):
        key = child_key(row)
        if key.dob is not None:
            by_name_dob[key.name, key.dob].append(key)
        known[key.referral_id] = (row["received_at"], row["ref"])
    linked: dict[int, set[int]] = defaultdict(set)
    for row in rows_in(conn, LINKS, LINK.c.referral_id, ids):
        linked[row["referral_id"]].add(row["earlier_id"])
        known[row["earlier_id"]] = (row["received_at"], row["ref"])
    by_ref: dict[str, int] = {}
    for row in rows_in(conn, RECEIVED, REFERRAL.c.ref, quoted.values()):
        by_ref[row["ref"]] = row["id"]
        known[row["id"]] = (row["received_at"], row["ref"])
    at = {other: when for other, (when, _ref) in known.items()}
    result: dict[int, tuple[str, ...]] = {}
    for rid in ids:
        quoted_id = by_ref.get(quoted[rid]) if rid in quoted else None
        found = matching.repeat_of(
            rid, received[rid], keys.get(rid, []), by_name_dob, quoted_id, linked[rid], at
        )
        result[rid] = tuple(known[other][1] for other in found)
    return result
