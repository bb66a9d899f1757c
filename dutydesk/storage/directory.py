"""The services directory in the database, and which list codes stored records use.

An import replaces the whole directory: its services are added as a new `service_import`
with its own `service` rows (earlier imports stay, so an action's link still names the
row it was picked from). The directory in use is the latest import's.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import insert
from sqlmodel import col, select

from dutydesk.domain.records import Actor, Service
from dutydesk.services import Entry
from dutydesk.storage.base import StoreBase
from dutydesk.storage.rows import actor_fields, table
from dutydesk.storage.tables import (
    ActionRow,
    AttendeeRow,
    CallVersionRow,
    DecisionRow,
    ServiceImportRow,
    ServiceRow,
    ViewRow,
)


def _service(row: ServiceRow) -> Service:
    assert row.id is not None
    return Service(
        id=row.id,
        name=row.name,
        needs=tuple(json.loads(row.needs_json)),
        who_for=row.who_for,
        how_to_refer=row.how_to_refer,
        contact=row.contact,
    )


class ServiceDirectory(StoreBase):
    def import_services(self, entries: Sequence[Entry], source: str, actor: Actor) -> int:
        """Replace the whole directory with `entries` (already checked); how many."""
        with self._write() as tx:
            batch = tx.insert(
                ServiceImportRow,
                {
                    "imported_at": self.now(),
                    "source": source,
                    "services": len(entries),
                    **actor_fields(actor),
                },
            )
            if entries:
                tx.conn.execute(
                    insert(table(ServiceRow)),
                    [
                        {
                            "import_id": batch,
                            "name": entry.name,
                            "needs_json": json.dumps(list(entry.needs)),
                            "who_for": entry.who_for,
                            "how_to_refer": entry.how_to_refer,
                            "contact": entry.contact,
                        }
                        for entry in entries
                    ],
                )
            self._log(tx, "services directory imported", actor, f"{len(entries)} from {source}")
        return len(entries)

    def services(self) -> list[Service]:
        """The directory in use (the latest import), by name."""
        with self._read() as s:
            latest = s.exec(
                select(ServiceImportRow.id).order_by(col(ServiceImportRow.id).desc())
            ).first()
            if latest is None:
                return []
            rows = s.exec(select(ServiceRow).where(ServiceRow.import_id == latest)).all()
            return sorted((_service(r) for r in rows), key=lambda v: v.name.casefold())

    def codes_in_use(self) -> dict[str, Counter[str]]:
        """For each list, how many stored records use each code (for `config check`)."""
        used: dict[str, Counter[str]] = {
            "agencies": Counter(),
            "urgencies": Counter(),
            "outcomes": Counter(),
            "needs": Counter(),
        }
        with self._read() as s:
            for urgency, needs in s.exec(select(CallVersionRow.urgency, CallVersionRow.needs_json)):
                used["urgencies"][urgency] += 1
                used["needs"].update({code for code, _label in json.loads(needs)})
            used["agencies"].update(s.exec(select(ViewRow.agency)).all())
            used["agencies"].update(s.exec(select(AttendeeRow.agency)).all())
            for owner, need in s.exec(select(ActionRow.owner_agency, ActionRow.need_code)):
                if owner not in ("referrer", "other"):
                    used["agencies"][owner] += 1
                used["needs"][need] += 1
            used["outcomes"].update(s.exec(select(DecisionRow.outcome)).all())
        for service in self.services():
            used["needs"].update(service.needs)
        return used
