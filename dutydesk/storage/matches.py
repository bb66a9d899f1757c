"""Reads for earlier contacts: which contacts may be about the same child.

Set-based like queries.py: the children's keys (`child_key`, indexed by name and date of
birth) find the candidates in a few queries, and domain/matching.py judges each pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, func, select

from dutydesk.domain import matching
from dutydesk.domain.matching import LIKELY, POSSIBLE, ChildKey
from dutydesk.storage.queries import chunks, rows_for
from dutydesk.storage.tables import (
    CallVersionRow,
    ChildKeyRow,
    ContactLinkRow,
    ContactRow,
    ReferralRow,
)


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
    found: dict[int, int] = {}
    for part in chunks(ids):
        query = (
            select(CallVersionRow.referral_id, func.max(CallVersionRow.version))
            .where(col(CallVersionRow.referral_id).in_(part))
            .group_by(col(CallVersionRow.referral_id))
        )
        found.update({int(r): int(v) for r, v in s.exec(query).all()})
    return found


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
    for row in rows_for(s, ChildKeyRow, ChildKeyRow.referral_id, ids, ChildKeyRow.id):
        if versions.get(row.referral_id) == row.version:
            keys[row.referral_id].append(
                ChildKey(
                    row.referral_id,
                    row.name_key,
                    row.surname_key,
                    date.fromisoformat(row.dob) if row.dob else None,
                    row.birth_year,
                )
            )
    return keys


def _candidates(s: Session, names: set[str], dobs: set[str]) -> set[int]:
    found: set[int] = set()
    name_list, dob_list = sorted(names), sorted(dobs)
    for part in chunks(name_list):  # type: ignore[arg-type]
        query = select(ChildKeyRow.referral_id).where(col(ChildKeyRow.name_key).in_(part))
        found.update(int(i) for i in s.exec(query).all())
    for part in chunks(dob_list):  # type: ignore[arg-type]
        query = select(ChildKeyRow.referral_id).where(col(ChildKeyRow.dob).in_(part))
        found.update(int(i) for i in s.exec(query).all())
    return found


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
    by_ref: dict[str, int] = {}
    for part in chunks(sorted(set(quoted.values()))):  # type: ignore[arg-type]
        rows = s.exec(select(ReferralRow.ref, ReferralRow.id).where(col(ReferralRow.ref).in_(part)))
        by_ref.update({ref: int(i) for ref, i in rows.all() if i is not None})
    candidates |= set(by_ref.values())
    links: dict[int, dict[int, ContactLinkRow]] = defaultdict(dict)
    for link in rows_for(s, ContactLinkRow, ContactLinkRow.referral_id, ids, ContactLinkRow.id):
        links[link.referral_id].setdefault(link.earlier_id, link)
        candidates.add(link.earlier_id)
    candidate_keys = latest_keys(s, sorted(candidates))
    received: dict[int, datetime] = {}
    everyone = sorted(candidates | set(ids))
    for part in chunks(everyone):
        query = select(ReferralRow.id, ReferralRow.received_at).where(col(ReferralRow.id).in_(part))
        received.update({int(i): at for i, at in s.exec(query).all() if i is not None})
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
