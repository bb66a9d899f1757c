"""Every referral from every day, a window at a time: the history screen's reads.

Nothing here reads more than one window of rows: the count is one index scan, a window is
the newest-first ids at an offset on the primary key, and only those ids' latest call,
decision and hand-off are read, as tuples (no ORM objects). A search narrows the ids by
the ref, the referrer's organisation, the needs or a child's initials
(LIKE, so it reads each latest call once; still no more than a window is kept).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, exists, func, or_, select

from dutydesk.domain import vocab
from dutydesk.domain.records import CallDetails, HistoryRow
from dutydesk.storage import convert
from dutydesk.storage.base import StoreBase
from dutydesk.storage.reading import CALL, CONTACT, DECISION, HANDOFF, REFERRAL, newest_version

WINDOW_MAX = 500  # the most rows one read may ask for


class HistoryReads(StoreBase):
    def history_count(self, search: str = "") -> int:
        """How many referrals there are (that match `search`), every day."""
        query = select(func.count()).select_from(REFERRAL)
        if search.strip():
            query = _matching(select(func.count()).select_from(REFERRAL), search, self.lists)
        with self._read() as s:
            return int(s.execute(query).scalar_one())

    def history_window(self, offset: int, limit: int, search: str = "") -> list[HistoryRow]:
        """`limit` referrals from `offset` on, newest first (that match `search`)."""
        window = {"limit": max(0, min(limit, WINDOW_MAX)), "offset": max(offset, 0)}
        ids_query = NEWEST_IDS
        if search.strip():
            ids_query = _matching(select(REFERRAL.c.id), search, self.lists).order_by(
                REFERRAL.c.id.desc()
            )
            ids_query = ids_query.limit(bindparam("limit")).offset(bindparam("offset"))
        with self._read() as s:
            ids = [int(i) for i in s.execute(ids_query, window).scalars()]
            if not ids:
                return []
            rows = s.execute(DETAILS, {"ids": ids}).mappings().all()
        today = self.today()
        found = {row["id"]: _row(row, today) for row in rows}
        return [found[i] for i in ids if i in found]


# A referral's latest call (each correction is a new version). The statements are built
# once, not for every window read.
LATEST_CALL: ColumnElement[bool] = CALL.c.version == newest_version(REFERRAL.c.id)


def _matching(query: Any, search: str, lists: vocab.Lists) -> Any:
    """Only referrals that match every word typed: in the ref, the referrer's organisation or
    the needs; a word of two or three capitals is a child's initials."""
    conditions: list[ColumnElement[bool]] = []
    for word in search.split():
        like = f"%{_escape(word)}%"
        if word.isalpha() and word.isupper() and 2 <= len(word) <= 3:
            # Initials, typed in capitals: "AS" finds Ava Smith (a child's first and last
            # names; LIKE cannot tell a name's words from the next field's, so it is loose).
            first, *rest = (_escape(letter) for letter in word)
            pattern = f'%"name": "{first}%' + "".join(f" {letter}%" for letter in rest)
            conditions.append(CALL.c.children_json.ilike(pattern, escape="\\"))
            continue
        conditions.append(
            or_(
                REFERRAL.c.ref.ilike(like, escape="\\"),
                CALL.c.referrer_org.ilike(like, escape="\\"),
                *_needs_matching(word, lists),
            )
        )
    return query.join(CALL, CALL.c.referral_id == REFERRAL.c.id).where(
        and_(LATEST_CALL, *conditions)
    )


def _needs_matching(word: str, lists: vocab.Lists) -> list[ColumnElement[bool]]:
    """The needs whose code or name contains `word`, each as the quoted code in the call's
    needs (its JSON list): never the list's own brackets, quotes and commas, which every
    call has (`[` once matched every referral)."""
    wanted = word.casefold()
    codes = [
        need.code
        for need in lists.needs
        if wanted in need.code.casefold() or wanted in need.label.casefold()
    ]
    return [CALL.c.needs_json.like(f'%"{_escape(code)}"%', escape="\\") for code in codes]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _details() -> Any:
    """Each id's ref, time, latest call's summary fields and kind of contact, latest
    decision, hand-off (the ids: the expanding parameter `ids`)."""
    outcome = (
        select(DECISION.c.outcome_label)
        .where(DECISION.c.referral_id == REFERRAL.c.id)
        .order_by(DECISION.c.version.desc())
        .limit(1)
        .correlate(REFERRAL)
        .scalar_subquery()
    )
    passed = exists().where(HANDOFF.c.referral_id == REFERRAL.c.id)
    return (
        select(
            REFERRAL.c.id,
            REFERRAL.c.ref,
            REFERRAL.c.received_at,
            CALL.c.urgency,
            CALL.c.children_json,
            CALL.c.referrer_org,
            CALL.c.referrer_name,
            CALL.c.needs_json,
            outcome.label("outcome"),
            passed.label("passed"),
            CONTACT.c.kind,
        )
        .join(CALL, CALL.c.referral_id == REFERRAL.c.id)
        .outerjoin(
            CONTACT,
            and_(CONTACT.c.referral_id == REFERRAL.c.id, CONTACT.c.version == CALL.c.version),
        )
        .where(REFERRAL.c.id.in_(bindparam("ids", expanding=True)), LATEST_CALL)
    )


DETAILS = _details()
NEWEST_IDS = (
    select(REFERRAL.c.id)
    .order_by(REFERRAL.c.id.desc())
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)


def _row(row: Mapping[Any, Any], today: date) -> HistoryRow:
    return HistoryRow(
        referral_id=row["id"],
        ref=row["ref"],
        received_at=row["received_at"],
        urgency=row["urgency"],
        child=CallDetails(row["urgency"], convert.children(row["children_json"])).child_label(
            today
        ),
        referrer_org=row["referrer_org"] or row["referrer_name"],
        needs=tuple(label for _code, label in json.loads(row["needs_json"])),
        outcome=row["outcome"] or "",
        passed_on=bool(row["passed"]),
        advice=row["kind"] == vocab.ADVICE,
    )
