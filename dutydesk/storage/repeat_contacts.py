"""Repeat contacts for many referrals at once, in plain SQL (no SQLAlchemy): for exports.

A referral is a repeat contact when an earlier contact in the 12 months before it is a
*likely* match (the same name and date of birth, or the call quotes its reference) or one
confirmed by hand (`domain/matching.py` has the rules; `storage/matches.py` finds every
earlier contact, possible ones too, for the referral screen). Only those can count, so
only those are looked for: the children's keys sharing a name and a date of birth, the
confirmed links and the quoted references, in a few statements for the whole set.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from dutydesk.domain import matching
from dutydesk.domain.clock import london_day
from dutydesk.domain.matching import REPEAT_WINDOW, ChildKey
from dutydesk.storage.light import Reader, Row, rows_in, utc

# The keys of each referral's newest call version.
NEWEST = (
    "k.version = (SELECT max(v.version) FROM call_version v WHERE v.referral_id = k.referral_id)"
)
KEY_COLUMNS = "k.referral_id, k.name_key, k.surname_key, k.dob, k.birth_year"
KEYS = f"SELECT {KEY_COLUMNS} FROM child_key k WHERE k.referral_id IN {{ids}} AND {NEWEST}"
# Anyone's keys with one of these names and a date of birth, on a contact from a session
# on or after `since`: the only likely matches in the window (a contact's session is never
# before the day it was received). Driven by the sessions' days, not by the names: a
# common name has keys all through a long history.
NAMED = (
    f"SELECT {KEY_COLUMNS}, r.received_at, r.ref FROM child_key k "
    "JOIN referral r ON r.id = k.referral_id "
    "WHERE k.referral_id IN (SELECT w.id FROM referral w JOIN duty_session d "
    "ON d.id = w.session_id WHERE d.day >= :since) "
    f"AND k.name_key IN {{ids}} AND k.dob IS NOT NULL AND k.dob <> '' AND {NEWEST}"
)
LINKS = (
    "SELECT l.referral_id, l.earlier_id, r.received_at, r.ref FROM contact_link l "
    "JOIN referral r ON r.id = l.earlier_id WHERE l.referral_id IN {ids}"
)
QUOTED = "SELECT id, received_at, ref FROM referral WHERE ref IN {ids}"


def _key(row: Row) -> ChildKey:
    referral_id, name, surname, dob, year = row[:5]
    return ChildKey(
        int(referral_id),
        str(name),
        str(surname),
        date.fromisoformat(str(dob)) if dob else None,
        int(year) if year is not None else None,
    )


def _at(value: Any) -> datetime:
    moment = utc(value)
    assert moment is not None
    return moment


def repeat_refs(
    reader: Reader,
    received: Mapping[int, datetime],
    quoted: Mapping[int, str],
) -> dict[int, tuple[str, ...]]:
    """For each referral in `received` (id -> when received), the refs of the earlier
    contacts that make it a repeat, newest first; `quoted` is each one's newest call's
    quoted earlier reference, where it has one."""
    ids = sorted(received)
    keys: dict[int, list[ChildKey]] = defaultdict(list)
    for row in rows_in(reader, KEYS, ids):
        keys[int(row[0])].append(_key(row))
    # (other id) -> (received, ref) for every earlier contact that may count.
    known: dict[int, tuple[datetime, str]] = {}
    by_name_dob: dict[tuple[str, date], list[ChildKey]] = defaultdict(list)
    names = sorted({k.name for found in keys.values() for k in found if k.dob and k.name})
    first = min(received.values(), default=None)
    since = (london_day(first) - REPEAT_WINDOW - timedelta(days=1)) if first else date.max
    for row in rows_in(reader, NAMED, names, {"since": since.isoformat()}):
        key = _key(row)
        if key.dob is not None:
            by_name_dob[key.name, key.dob].append(key)
        known[key.referral_id] = (_at(row[5]), str(row[6]))
    linked: dict[int, set[int]] = defaultdict(set)
    for rid, earlier, at, ref in rows_in(reader, LINKS, ids):
        linked[int(rid)].add(int(earlier))
        known[int(earlier)] = (_at(at), str(ref))
    by_ref: dict[str, int] = {}
    for other, at, ref in rows_in(reader, QUOTED, sorted(set(quoted.values()))):
        by_ref[str(ref)] = int(other)
        known[int(other)] = (_at(at), str(ref))
    at = {other: when for other, (when, _ref) in known.items()}
    result: dict[int, tuple[str, ...]] = {}
    for rid in ids:
        quoted_id = by_ref.get(quoted[rid]) if rid in quoted else None
        found = matching.repeat_of(
            rid, received[rid], keys.get(rid, []), by_name_dob, quoted_id, linked[rid], at
        )
        result[rid] = tuple(known[other][1] for other in found)
    return result
