"""Where the needs went, and who referred: for the Pathway to Provision redesign.

Pure functions over a period's records (no storage, no screen). Over the referrals
received on the period's days (advice calls that stayed advice left out):

- **by need** (the needs ticked on the call): how many referrals had it; of those, how
  many had an action for that need owned beyond children's social care (an agency other
  than social work or the MASH officer: `measures.SOCIAL_CARE_OWNERS`); how many had an
  action for it linked to a service in the directory; and the **unmet**: no directory
  service linked for that need, with up to three example references;
- **by referrer's organisation type** (the lists' `referrer_org_types`; "not recorded"
  when the call has none), with the outcomes decided (the current decision).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from dutydesk.domain import vocab
from dutydesk.domain.measures import SOCIAL_CARE_OWNERS
from dutydesk.domain.period import PeriodRecords
from dutydesk.domain.records import ReferralDetail
from dutydesk.domain.vocab import Lists

EXAMPLES = 3
NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class NeedRow:
    need: str
    referrals: int
    beyond_social_care: int  # an action for the need owned outside social care
    service_linked: int  # an action for the need linked to a directory service
    examples: tuple[str, ...]  # references of unmet ones
    services: tuple[tuple[str, int], ...]  # the directory services linked most, with counts

    @property
    def unmet(self) -> int:
        return self.referrals - self.service_linked


@dataclass(frozen=True)
class OrganisationRow:
    organisation: str
    referrals: int
    decided: int
    outcomes: tuple[tuple[str, int], ...]  # most frequent first


def _referrals(records: PeriodRecords) -> list[ReferralDetail]:
    return sorted(
        (
            d
            for d in records.referrals
            if records.first <= d.session_day <= records.last
            and not (d.call.is_advice and d.decision is None)
        ),
        key=lambda d: d.received_at,
    )


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def needs(records: PeriodRecords, lists: Lists) -> list[NeedRow]:
    """Each need ticked in the period, most referrals first (then by name)."""
    had: dict[str, list[ReferralDetail]] = defaultdict(list)
    shown: dict[str, str] = {}
    for detail in _referrals(records):
        for need in dict.fromkeys(detail.call.needs_shown(lists)):
            shown.setdefault(_key(need), need)
            had[_key(need)].append(detail)
    rows = []
    for key, details in had.items():
        beyond = linked = 0
        unmet: list[str] = []
        services: Counter[str] = Counter()
        for d in details:
            mine = [a for a in d.actions if _key(a.need) == key]
            beyond += any(a.owner_agency not in SOCIAL_CARE_OWNERS for a in mine)
            found = [a.service_name or f"service {a.service_id}" for a in mine if a.service_id]
            services.update(dict.fromkeys(found, 1))
            if found:
                linked += 1
            elif len(unmet) < EXAMPLES:
                unmet.append(d.ref)
        rows.append(
            NeedRow(
                need=shown[key],
                referrals=len(details),
                beyond_social_care=beyond,
                service_linked=linked,
                examples=tuple(unmet),
                services=tuple(services.most_common(3)),
            )
        )
    return sorted(rows, key=lambda r: (-r.referrals, r.need.casefold()))


def organisations(records: PeriodRecords, lists: Lists) -> list[OrganisationRow]:
    """Referrals by the referrer's organisation type, most first (then in the lists'
    order), "not recorded" last."""
    groups: dict[str, list[ReferralDetail]] = defaultdict(list)
    for detail in _referrals(records):
        groups[detail.call.referrer_org_type].append(detail)
    types = lists.of("referrer_org_types")
    order = [c.code for c in types]

    def rank(code: str) -> tuple[bool, int, int]:
        return (not code, -len(groups[code]), order.index(code) if code in order else len(order))

    return [
        _organisation(vocab.label(types, code) or NOT_RECORDED, groups[code])
        for code in sorted(groups, key=rank)
    ]


def _organisation(name: str, details: list[ReferralDetail]) -> OrganisationRow:
    outcomes = Counter(d.decision.outcome_label for d in details if d.decision is not None)
    return OrganisationRow(
        organisation=name,
        referrals=len(details),
        decided=sum(outcomes.values()),
        outcomes=tuple(outcomes.most_common()),
    )
