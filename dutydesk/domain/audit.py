"""Who did what, when: one line of the event log as the audit trail shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dutydesk.domain import vocab


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime  # UTC; shown in London time
    ref: str  # the referral's reference ("" for a session event; kept after a purge)
    actor_name: str
    actor_agency: str
    actor_role: str
    kind: str  # "call added", "decision amended", ...
    # As logged: labels and field names, never the record's content; for an event about an
    # action, its What, read from the action (storage/audit.py) while it is kept.
    detail: str

    def agency(self, lists: vocab.Lists) -> str:
        return vocab.label(lists.agencies, self.actor_agency)

    @property
    def what(self) -> str:
        return f"{self.kind}: {self.detail}" if self.detail else self.kind
