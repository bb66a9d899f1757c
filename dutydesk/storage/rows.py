"""What the Store's writes share as they build their rows: who did it, and the rows of a
call version (a new call's and an amendment's).

A write builds each row as a plain dict of column values and hands it to `base.Tx.insert`,
which gives it its id and inserts a table's rows many to a statement. A dict, not an object:
building an ORM object costs about ten times what the insert does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dutydesk.domain import vocab
from dutydesk.domain.clock import london_day
from dutydesk.domain.matching import key_of
from dutydesk.domain.records import CALL_FIELDS, Actor, CallDetails
from dutydesk.storage import convert
from dutydesk.storage.tables import CALL, CHILD_KEY, CONTACT

Values = dict[str, Any]


def actor_fields(actor: Actor) -> Values:
    return {"actor_name": actor.name, "actor_agency": actor.agency, "actor_role": actor.role}


def version_rows(
    referral_id: int,
    version: int,
    details: CallDetails,
    now: datetime,
    actor: Actor,
    source: str,
    received: datetime,
    lists: vocab.Lists,
) -> list[tuple[Any, Values]]:
    """The rows of one call version (table, values), in the order they are added: the
    call, what kind of contact it is, and its children's keys."""
    call = {
        "referral_id": referral_id,
        "version": version,
        "created_at": now,
        "urgency": details.urgency,
        "urgency_label": vocab.label(lists.urgencies, details.urgency),
        "children_json": convert.children_json(details.children),
        "needs_json": convert.needs_json(details.needs, lists),
        **{f.name: f.of(details) for f in CALL_FIELDS},
        **actor_fields(actor),
    }
    rows: list[tuple[Any, Values]] = [
        (CALL, call),
        (
            CONTACT,
            {
                "referral_id": referral_id,
                "version": version,
                "kind": details.kind,
                "advice": details.advice,
                "earlier_ref": details.earlier_ref,
                "source": source,
            },
        ),
    ]
    for child in details.children:
        key = key_of(referral_id, child, london_day(received))
        if key.name:
            rows.append(
                (
                    CHILD_KEY,
                    {
                        "referral_id": referral_id,
                        "version": version,
                        "name_key": key.name,
                        "surname_key": key.surname,
                        "dob": child.dob.isoformat() if child.dob else "",
                        "birth_year": key.year,
                    },
                )
            )
    return rows
