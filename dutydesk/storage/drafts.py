"""Drafts: what someone is typing into a form, kept about once a second so a crash loses nothing.

A draft is keyed by the session, the kind of form and the referral it is about (none for a
new call), and by the desk typing it, so that two desks adding calls at once never overwrite
each other's. Drafts are not part of the record: a draft is replaced as the person types and
deleted when the form is saved or thrown away, and its text never goes into the event log.
Only the two choices a person makes about a draft left behind by a crash are logged
("draft restored", "draft discarded"), naming the form and nothing that was typed.

A draft write never waits long for the lock: if another desk is saving, this tick is
skipped and the next one tries again, instead of freezing the form while someone types.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from dutydesk.domain.records import Actor
from dutydesk.storage import engine as engines
from dutydesk.storage.base import StoreBase
from dutydesk.storage.engine import DatabaseError, explain
from dutydesk.storage.reading import DRAFT, REFERRAL, by_id, mappings
from dutydesk.storage.rows import actor_fields

DRAFT_BUSY_TIMEOUT_MS = 250  # a draft can wait for the next tick; the person typing cannot

DraftValue = str | list[str] | None
DraftFields = dict[str, DraftValue]


@dataclass(frozen=True)
class DraftKey:
    """Which form a draft belongs to: the session, the form's kind, the referral (if any)."""

    session_id: int
    form: str
    referral_id: int | None = None


@dataclass(frozen=True)
class Draft:
    id: int
    key: DraftKey
    desk: str
    fields: DraftFields
    updated_at: datetime
    actor: Actor
    ref: str = ""  # the referral's reference, if the draft is about one


class DraftStore(StoreBase):
    def save_draft(
        self, key: DraftKey, desk: str, fields: Mapping[str, DraftValue], actor: Actor
    ) -> None:
        """Keep what `desk` has typed into the form `key` (replacing its earlier draft)."""
        text = json.dumps(dict(fields), ensure_ascii=False)
        values = {"fields_json": text, "updated_at": self.now(), **actor_fields(actor)}
        with self._draft_write() as conn:
            found = conn.scalar(select(DRAFT.c.id).where(*_mine_where(key, desk)))
            if found is None:
                mine = {"session_id": key.session_id, "form": key.form, "desk": desk}
                conn.execute(insert(DRAFT), {**mine, "referral_id": key.referral_id, **values})
            else:
                conn.execute(update(DRAFT).where(DRAFT.c.id == found), values)

    def drafts(self, session_id: int) -> list[Draft]:
        """Every draft kept in the session, oldest first."""
        query = (
            DRAFT.select()
            .add_columns(REFERRAL.c.ref)
            .outerjoin(REFERRAL, REFERRAL.c.id == DRAFT.c.referral_id)
            .where(DRAFT.c.session_id == session_id)
            .order_by(DRAFT.c.updated_at, DRAFT.c.id)
        )
        with self._read() as c:
            return [_draft(row, row["ref"] or "") for row in mappings(c, query)]

    def discard_draft(self, key: DraftKey, desk: str) -> None:
        """Forget `desk`'s draft of the form (it was saved, or the person threw it away)."""
        with self._write() as tx:
            tx.conn.execute(delete(DRAFT).where(*_mine_where(key, desk)))

    def restore_draft(self, draft_id: int, desk: str, actor: Actor) -> Draft | None:
        """Take over a draft left behind (by a crash) for `desk`; None if it has gone. It
        replaces `desk`'s own draft of the same form (the person chose it over theirs)."""
        with self._write() as tx:
            row = by_id(tx.conn, DRAFT, draft_id)
            if row is None:
                return None
            draft = _draft(row, "")
            tx.conn.execute(
                delete(DRAFT).where(*_mine_where(draft.key, desk), DRAFT.c.id != draft_id)
            )
            tx.conn.execute(update(DRAFT).where(DRAFT.c.id == draft_id), {"desk": desk})
            self._log(tx, "draft restored", actor, *_logged(draft))
            ref = tx.scalar(select(REFERRAL.c.ref).where(REFERRAL.c.id == row["referral_id"]))
            return replace(draft, desk=desk, ref=ref or "")

    def refuse_draft(self, draft_id: int, actor: Actor) -> None:
        """The person chose not to restore a draft left behind: delete it, and say so."""
        with self._write() as tx:
            row = by_id(tx.conn, DRAFT, draft_id)
            if row is not None:
                tx.conn.execute(delete(DRAFT).where(DRAFT.c.id == draft_id))
                self._log(tx, "draft discarded", actor, *_logged(_draft(row, "")))

    @contextmanager
    def _draft_write(self) -> Iterator[Connection]:
        """A normal IMMEDIATE write that gives up quickly if another desk holds the lock."""
        try:
            with self.engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                sqlite = self.engine.dialect.name == "sqlite" and raw is not None
                if sqlite:
                    _busy_timeout(raw, DRAFT_BUSY_TIMEOUT_MS)
                try:
                    conn.execution_options(immediate=True, lock_timeout_ms=DRAFT_BUSY_TIMEOUT_MS)
                    with conn.begin():
                        yield conn
                finally:
                    if sqlite:
                        _busy_timeout(raw, engines.BUSY_TIMEOUT_MS)
        except SQLAlchemyError as error:
            raise DatabaseError(explain(error, self.location)) from error


def _busy_timeout(raw: Any, milliseconds: int) -> None:
    cursor = raw.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={int(milliseconds)}")
    finally:
        cursor.close()


def _mine_where(key: DraftKey, desk: str) -> list[Any]:
    """`desk`'s draft of the form `key`."""
    c = DRAFT.c
    referral = (
        c.referral_id.is_(None) if key.referral_id is None else c.referral_id == key.referral_id
    )
    return [c.session_id == key.session_id, c.form == key.form, c.desk == desk, referral]


def _logged(draft: Draft) -> tuple[str, int, int | None]:
    """What the log says of a draft: its form and where it was (never what it held)."""
    return draft.key.form, draft.key.session_id, draft.key.referral_id


def _draft(row: Mapping[Any, Any], ref: str) -> Draft:
    try:
        loaded = json.loads(row["fields_json"])
    except ValueError:
        loaded = {}
    fields: DraftFields = {}
    if isinstance(loaded, dict):
        for name, value in loaded.items():
            if isinstance(value, str) or value is None:
                fields[str(name)] = value
            elif isinstance(value, list):
                fields[str(name)] = [str(v) for v in value]
    return Draft(
        id=row["id"],
        key=DraftKey(row["session_id"], row["form"], row["referral_id"]),
        desk=row["desk"],
        fields=fields,
        updated_at=row["updated_at"],
        actor=Actor(row["actor_name"], row["actor_agency"], row["actor_role"]),
        ref=ref,
    )
