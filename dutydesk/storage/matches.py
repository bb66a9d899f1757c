"""Reads for earlier contacts: which contacts may be about the same child.

Set-based like queries.py: the children's keys (`child_key`, indexed by name and date of
birth) find the candidates in a few queries, and domain/matching.py judges each pair.
Plain SQL through a `Reader` (storage/light.py): the console's first paint marks repeat
contacts before SQLAlchemy is imported, and the Store runs the same statements in its
session. Opening a referral runs about ten of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

from dutydesk.domain import matching
from dutydesk.domain.matching import LIKELY, POSSIBLE, ChildKey
from dutydesk.storage.light import Reader, SessionReader, rows_in, utc

if TYPE_CHECKING:
    from sqlmodel import Session


def reader_of(source: Session | Reader) -> Reader:
    """A Reader as it is, or one on an open SQLAlchemy session (its transaction)."""
    return source if hasattr(source, "rows") else SessionReader(source)


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


class Contact(NamedTuple):
    """A call version's kind of contact (the `call_contact` row)."""

    referral_id: int
    version: int
    kind: str
    advice: str
    earlier_ref: str
    source: str


def latest_versions(source: Session | Reader, ids: Sequence[int]) -> dict[int, int]:
    sql = (
        "SELECT referral_id, max(version) FROM call_version WHERE referral_id IN {ids} "
        "GROUP BY referral_id"
    )
    return {int(r): int(v) for r, v in rows_in(reader_of(source), sql, ids)}


def latest_contacts(
    source: Session | Reader, ids: Sequence[int], versions: dict[int, int] | None = None
) -> dict[int, Contact]:
    """Each referral's current kind of contact (none for a call saved before schema 5).
    `versions`: the referrals' latest call versions, if already read."""
    reader = reader_of(source)
    versions = latest_versions(reader, ids) if versions is None else versions
    sql = (
        "SELECT referral_id, version, kind, advice, earlier_ref, source FROM call_contact "
        "WHERE referral_id IN {ids} ORDER BY version"
    )
    rows = [Contact(*row) for row in rows_in(reader, sql, ids)]
    return {r.referral_id: r for r in rows if versions.get(r.referral_id) == r.version}


def latest_keys(
    source: Session | Reader, ids: Sequence[int], versions: dict[int, int] | None = None
) -> dict[int, list[ChildKey]]:
    reader = reader_of(source)
    versions = latest_versions(reader, ids) if versions is None else versions
    keys: dict[int, list[ChildKey]] = defaultdict(list)
    sql = (
        f"SELECT referral_id, version, {KEY_FIELDS} FROM child_key "
        "WHERE referral_id IN {ids} ORDER BY id"
    )
    for referral_id, version, *fields in rows_in(reader, sql, ids):
        if versions.get(referral_id) == version:
            keys[referral_id].append(child_key(referral_id, *fields))
    return keys


KEY_FIELDS = "name_key, surname_key, dob, birth_year"  # a ChildKey's columns


def child_key(
    referral_id: int, name: str, surname: str, dob: str | None, birth_year: int | None
) -> ChildKey:
    """A ChildKey from the columns of KEY_FIELDS."""
    return ChildKey(
        referral_id, name, surname, date.fromisoformat(dob) if dob else None, birth_year
    )


def _candidates(reader: Reader, names: set[str], dobs: set[str]) -> set[int]:
    found: set[int] = set()
    for column, values in (("name_key", names), ("dob", dobs)):
        sql = f"SELECT referral_id FROM child_key WHERE {column} IN {{ids}}"
        found.update(int(i) for (i,) in rows_in(reader, sql, sorted(values)))
    return found


# When each referral was received, with its children's keys from its latest call (none: a
# row of nulls). One query for the candidates, where three read them one after another.
RECEIVED_KEYS = (
    "SELECT r.id, r.received_at, k.name_key, k.surname_key, k.dob, k.birth_year "
    "FROM referral r LEFT JOIN child_key k ON k.referral_id = r.id AND k.version = "
    "(SELECT max(c.version) FROM call_version c WHERE c.referral_id = r.id) "
    "WHERE r.id IN {ids} ORDER BY r.id, k.id"
)


def earlier_matches(source: Session | Reader, ids: Sequence[int]) -> dict[int, list[Match]]:
    """For each referral, the earlier contacts that may be about the same child."""
    return search(source, ids)[0]


def search(
    source: Session | Reader, ids: Sequence[int]
) -> tuple[dict[int, list[Match]], dict[int, datetime]]:
    """`earlier_matches`, and when each referral (and each match) was received."""
    if not ids:
        return {}, {}
    reader = reader_of(source)
    versions = latest_versions(reader, ids)
    keys = latest_keys(reader, ids, versions)
    contacts = latest_contacts(reader, ids, versions)
    quoted = {rid: c.earlier_ref for rid, c in contacts.items() if c.earlier_ref}
    names = {k.name for ks in keys.values() for k in ks}
    dobs = {k.dob.isoformat() for ks in keys.values() for k in ks if k.dob}
    candidates = _candidates(reader, names, dobs)
    by_ref = {
        ref: int(i)
        for ref, i in rows_in(
            reader, "SELECT ref, id FROM referral WHERE ref IN {ids}", sorted(set(quoted.values()))
        )
    }
    candidates |= set(by_ref.values())
    links: dict[int, dict[int, Link]] = defaultdict(dict)
    sql = (
        "SELECT referral_id, earlier_id, actor_name, actor_agency, confirmed_at "
        "FROM contact_link WHERE referral_id IN {ids} ORDER BY id"
    )
    for referral_id, earlier_id, name, agency, confirmed in rows_in(reader, sql, ids):
        links[referral_id].setdefault(earlier_id, Link(name or agency, utc(confirmed)))
        candidates.add(earlier_id)
    # The referrals' own keys come too: harmless, each is a candidate of its own name anyway.
    received: dict[int, datetime] = {}
    candidate_keys: dict[int, list[ChildKey]] = defaultdict(list)
    for rid, at, *fields in rows_in(reader, RECEIVED_KEYS, sorted(candidates | set(ids))):
        received[rid] = utc(at)  # type: ignore[assignment]
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
                    confirmed_by=link.by if link else "",
                    confirmed_at=link.at if link else None,
                )
            )
        found.sort(key=lambda m: m.earlier_received, reverse=True)
        result[rid] = found
    return result, received


class Link(NamedTuple):
    """A match confirmed by hand: by whom (name, else agency) and when."""

    by: str
    at: datetime | None


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


def repeats(source: Session | Reader, ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
    """Each referral's earlier contacts that make it a repeat (12 months, likely/confirmed)."""
    return repeats_in(*search(source, ids))


def repeats_in(
    matches: dict[int, list[Match]], received: dict[int, datetime]
) -> dict[int, tuple[int, ...]]:
    """`repeats`, from what `search` found."""
    return {
        rid: tuple(m.earlier_id for m in found if m.counts_as_repeat(received[rid]))
        for rid, found in matches.items()
        if rid in received
    }


__all__ = [
    "Contact",
    "Match",
    "earlier_matches",
    "latest_contacts",
    "repeats",
    "repeats_in",
    "search",
]
