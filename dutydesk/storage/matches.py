"""Reads for earlier contacts: which contacts may be about the same child.

Set-based like queries.py: the children's keys (`child_key`, indexed by name and date of
birth) find the candidates in a few queries, and domain/matching.py judges each pair. The
queries are built once, as tuples of columns: opening a referral runs about ten of them, and
the ORM's work on each cost four times the query's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, bindparam, func, select
from sqlmodel import Session

from dutydesk.domain import matching
from dutydesk.domain.matching import LIKELY, POSSIBLE, ChildKey
from dutydesk.storage.queries import CHUNK, rows_for
from dutydesk.storage.tables import (
    CallVersionRow,
    ChildKeyRow,
    ContactLinkRow,
    ContactRow,
    ReferralRow,
)

CALL: Any = CallVersionRow.__table__  # type: ignore[attr-defined]
KEY: Any = ChildKeyRow.__table__  # type: ignore[attr-defined]
LINK: Any = ContactLinkRow.__table__  # type: ignore[attr-defined]
REFERRAL: Any = ReferralRow.__table__  # type: ignore[attr-defined]
IDS: Any = bindparam("ids", expanding=True)  # a chunk of values (queries.CHUNK at most)
VERSIONS = (
    select(CALL.c.referral_id, func.max(CALL.c.version))
    .where(CALL.c.referral_id.in_(IDS))
    .group_by(CALL.c.referral_id)
)
KEY_FIELDS = (KEY.c.name_key, KEY.c.surname_key, KEY.c.dob, KEY.c.birth_year)  # a ChildKey's
KEYS = (
    select(KEY.c.referral_id, KEY.c.version, *KEY_FIELDS)
    .where(KEY.c.referral_id.in_(IDS))
    .order_by(KEY.c.id)
)
BY_NAME = select(KEY.c.referral_id).where(KEY.c.name_key.in_(IDS))
BY_DOB = select(KEY.c.referral_id).where(KEY.c.dob.in_(IDS))
BY_REF = select(REFERRAL.c.ref, REFERRAL.c.id).where(REFERRAL.c.ref.in_(IDS))
_NEWEST = CALL.alias("newest_call")
# When each referral was received, with its children's keys from its latest call (none: a
# row of nulls). One query for the candidates, where three read them one after another.
RECEIVED_KEYS = (
    select(REFERRAL.c.id, REFERRAL.c.received_at, *KEY_FIELDS)
    .select_from(
        REFERRAL.outerjoin(
            KEY,
            and_(
                KEY.c.referral_id == REFERRAL.c.id,
                KEY.c.version
                == select(func.max(_NEWEST.c.version))
                .where(_NEWEST.c.referral_id == REFERRAL.c.id)
                .scalar_subquery(),
            ),
        )
    )
    .where(REFERRAL.c.id.in_(IDS))
    .order_by(REFERRAL.c.id, KEY.c.id)
)
LINKS = (
    select(
        LINK.c.referral_id,
        LINK.c.earlier_id,
        LINK.c.actor_name,
        LINK.c.actor_agency,
        LINK.c.confirmed_at,
    )
    .where(LINK.c.referral_id.in_(IDS))
    .order_by(LINK.c.id)
)


def each(s: Session, query: Any, values: Sequence[Any]) -> Iterator[Any]:
    """The rows of `query` for `values`, a chunk of them at a time."""
    for start in range(0, len(values), CHUNK):
        yield from s.execute(query, {"ids": list(values[start : start + CHUNK])})


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


def latest_versions(s: Session, ids: Sequence[int]) -> dict[int, int]:
    return {int(r): int(v) for r, v in each(s, VERSIONS, ids)}


def latest_contacts(
    s: Session, ids: Sequence[int], versions: dict[int, int] | None = None
) -> dict[int, ContactRow]:
    """Each referral's current kind of contact (none for a call saved before schema 5).
    `versions`: the referrals' latest call versions, if already read."""
    versions = latest_versions(s, ids) if versions is None else versions
    rows = rows_for(s, ContactRow, ContactRow.referral_id, ids, ContactRow.version)
    return {r.referral_id: r for r in rows if versions.get(r.referral_id) == r.version}


def latest_keys(
    s: Session, ids: Sequence[int], versions: dict[int, int] | None = None
) -> dict[int, list[ChildKey]]:
    versions = latest_versions(s, ids) if versions is None else versions
    keys: dict[int, list[ChildKey]] = defaultdict(list)
    for referral_id, version, *fields in each(s, KEYS, ids):
        if versions.get(referral_id) == version:
            keys[referral_id].append(child_key(referral_id, *fields))
    return keys


def child_key(
    referral_id: int, name: str, surname: str, dob: str, birth_year: int | None
) -> ChildKey:
    """A ChildKey from the columns of KEY_FIELDS."""
    return ChildKey(
        referral_id, name, surname, date.fromisoformat(dob) if dob else None, birth_year
    )


def _candidates(s: Session, names: set[str], dobs: set[str]) -> set[int]:
    found = {int(i) for (i,) in each(s, BY_NAME, sorted(names))}
    return found | {int(i) for (i,) in each(s, BY_DOB, sorted(dobs))}


def earlier_matches(s: Session, ids: Sequence[int]) -> dict[int, list[Match]]:
    """For each referral, the earlier contacts that may be about the same child."""
    return search(s, ids)[0]


def search(s: Session, ids: Sequence[int]) -> tuple[dict[int, list[Match]], dict[int, datetime]]:
    """`earlier_matches`, and when each referral (and each match) was received."""
    if not ids:
        return {}, {}
    versions = latest_versions(s, ids)
    keys = latest_keys(s, ids, versions)
    contacts = latest_contacts(s, ids, versions)
    quoted = {rid: c.earlier_ref for rid, c in contacts.items() if c.earlier_ref}
    names = {k.name for ks in keys.values() for k in ks}
    dobs = {k.dob.isoformat() for ks in keys.values() for k in ks if k.dob}
    candidates = _candidates(s, names, dobs)
    by_ref = {ref: int(i) for ref, i in each(s, BY_REF, sorted(set(quoted.values())))}
    candidates |= set(by_ref.values())
    links: dict[int, dict[int, Any]] = defaultdict(dict)  # rows of LINKS
    for link in each(s, LINKS, ids):
        links[link.referral_id].setdefault(link.earlier_id, link)
        candidates.add(link.earlier_id)
    # The referrals' own keys come too: harmless, each is a candidate of its own name anyway.
    received: dict[int, datetime] = {}
    candidate_keys: dict[int, list[ChildKey]] = defaultdict(list)
    for rid, at, *fields in each(s, RECEIVED_KEYS, sorted(candidates | set(ids))):
        received[rid] = at
        if fields[0] is not None:  # a name: the latest call has this child's key
            candidate_keys[rid].append(child_key(rid, *fields))
    # Keys only match on the same name or the same date of birth (matching.strength), so
    # each referral need only be compared with the candidates sharing one of those; not with
    # every candidate of every referral (a year's export compared millions of pairs).
    by_name: dict[str, set[int]] = defaultdict(set)
    by_dob: dict[date, set[int]] = defaultdict(set)
    for other, other_keys in candidate_keys.items():
        for key in other_keys:
            by_name[key.name].add(other)
            if key.dob is not None:
                by_dob[key.dob].add(other)
    result: dict[int, list[Match]] = {}
    for rid in ids:
        found: list[Match] = []
        if rid not in received:  # no such referral (any more)
            continue
        mine = set(links[rid])
        if (ref := quoted.get(rid)) is not None and ref in by_ref:
            mine.add(by_ref[ref])
        for key in keys.get(rid, []):
            mine |= by_name.get(key.name, set())
            if key.dob is not None:
                mine |= by_dob.get(key.dob, set())
        for other in sorted(mine - {rid}):
            if other not in received or received[other] >= received[rid]:
                continue
            best = _best(keys.get(rid, []), candidate_keys.get(other, []))
            if quoted.get(rid) and by_ref.get(quoted[rid]) == other:
                best = (LIKELY, "the call quotes its reference")
            link = links[rid].get(other)
            if best is None and link is not None:
                best = (POSSIBLE, "confirmed by hand")
            if best is None:
                continue
            found.append(
                Match(
                    earlier_id=other,
                    strength=best[0],
                    why=best[1],
                    earlier_received=received[other],
                    confirmed_by=(link.actor_name or link.actor_agency) if link else "",
                    confirmed_at=link.confirmed_at if link else None,
                )
            )
        found.sort(key=lambda m: m.earlier_received, reverse=True)
        result[rid] = found
    return result, received


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


def repeats(s: Session, ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
    """Each referral's earlier contacts that make it a repeat (12 months, likely/confirmed)."""
    return repeats_in(*search(s, ids))


def repeats_in(
    matches: dict[int, list[Match]], received: dict[int, datetime]
) -> dict[int, tuple[int, ...]]:
    """`repeats`, from what `search` found."""
    return {
        rid: tuple(m.earlier_id for m in found if m.counts_as_repeat(received[rid]))
        for rid, found in matches.items()
        if rid in received
    }


__all__ = ["Match", "earlier_matches", "latest_contacts", "repeats", "repeats_in", "search"]
