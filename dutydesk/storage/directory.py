"""The services directory in the database, and which list codes stored records use.

An import replaces the whole directory: its services are added as a new `service_import`
with its own `service` rows (earlier imports stay, so an action's link still names the
row it was picked from). The directory in use is the latest import's.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import select

from dutydesk.domain.records import Actor, Service
from dutydesk.services import Entry
from dutydesk.storage import convert
from dutydesk.storage.base import StoreBase
from dutydesk.storage.reading import (
    ACTION,
    ATTENDEE,
    CALL,
    DECISION,
    SERVICE,
    SERVICE_IMPORT,
    VIEW,
    mappings,
)
from dutydesk.storage.rows import actor_fields


class ServiceDirectory(StoreBase):
    def import_services(self, entries: Sequence[Entry], source: str, actor: Actor) -> int:
        """Replace the whole directory with `entries` (already checked); how many."""
        with self._write() as tx:
            batch = tx.insert(
                SERVICE_IMPORT,
                {
                    "imported_at": self.now(),
                    "source": source,
                    "services": len(entries),
                    **actor_fields(actor),
                },
            )
            for entry in entries:  # held by the transaction, inserted in one statement
                tx.insert(
                    SERVICE,
                    {
                        "import_id": batch,
                        "name": entry.name,
                        "needs_json": json.dumps(list(entry.needs)),
                        "who_for": entry.who_for,
                        "how_to_refer": entry.how_to_refer,
                        "contact": entry.contact,
                    },
                )
            self._log(tx, "services directory imported", actor, f"{len(entries)} from {source}")
        return len(entries)

    def services(self) -> list[Service]:
        """The directory in use (the latest import), by name."""
        latest = select(SERVICE_IMPORT.c.id).order_by(SERVICE_IMPORT.c.id.desc()).limit(1)
        query = select(SERVICE).where(SERVICE.c.import_id == latest.scalar_subquery())
        with self._read() as c:
            rows = mappings(c, query)
        return sorted((convert.service(r) for r in rows), key=lambda v: v.name.casefold())

    def codes_in_use(self) -> dict[str, Counter[str]]:
        """For each list, how many stored records use each code (for `config check`)."""
        used: dict[str, Counter[str]] = {
            "agencies": Counter(),
            "urgencies": Counter(),
            "outcomes": Counter(),
            "needs": Counter(),
        }
        with self._read() as c:
            for urgency, needs in c.execute(select(CALL.c.urgency, CALL.c.needs_json)):
                used["urgencies"][urgency] += 1
                used["needs"].update({code for code, _label in json.loads(needs)})
            used["agencies"].update(c.scalars(select(VIEW.c.agency)))
            used["agencies"].update(c.scalars(select(ATTENDEE.c.agency)))
            for owner, need in c.execute(select(ACTION.c.owner_agency, ACTION.c.need_code)):
                if owner not in ("referrer", "other"):
                    used["agencies"][owner] += 1
                used["needs"][need] += 1
            used["outcomes"].update(c.scalars(select(DECISION.c.outcome)))
        for service in self.services():
            used["needs"].update(service.needs)
        return used
