"""The feedback to the referrer, drafted from the record for the person to edit.

The safety-netting advice is the partnership's own, `safety_netting` in lists.toml
(`dutydesk config path`); `SAFETY_NETTING` here is used only if that is left empty.
No other child's name reaches the referrer: the typed text it quotes (the actions, the
advice) has every name of the other children it is given replaced by `[another child]`,
the referral's own people kept (domain/pseudonym.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from dutydesk.domain import vocab
from dutydesk.domain.clock import when
from dutydesk.domain.pseudonym import KEEP, Names, Person, people
from dutydesk.domain.records import ReferralDetail

SAFETY_NETTING = (
    "If things change or get worse, contact us again straight away on the MASH number. "
    "If a child is in immediate danger, call 999. Out of hours, call the Emergency Duty "
    "Team. You know this child: if you are still worried, you can always call us back "
    "to talk it through."
)

# The outcome in plain words, as the referrer would hear it.
PLAIN_OUTCOME = {
    "advice": "we have given advice and pointed the family to services that can help",
    "early_help": "the family will be offered early help",
    "partner": "a partner agency will support the child and family",
    "assessment": "children's social care will assess the child's needs",
    "strategy": "the agencies will hold a strategy discussion about the child's safety",
    "open_case": "the child already has a social worker, who has been told",
    "nfa": "no further action is needed from the duty team",
}


def safety_netting(lists: vocab.Lists) -> str:
    """What to do if things change or get worse, as the partnership words it."""
    return lists.safety_netting.strip() or SAFETY_NETTING


def draft(
    detail: ReferralDetail, today: date, lists: vocab.Lists, others: Iterable[str] = ()
) -> str:
    """What to tell the referrer: the outcome, who will do what by when, safety-netting.
    `others`: the names of other children the record holds (the day's other referrals')."""
    own = [Person(p.name, KEEP) for p in people(detail, lists)]
    scrub = Names([*own, *(Person(name, "another child") for name in others)]).scrubber()
    lines = [f"About the contact {detail.ref} ({detail.received_day:%d/%m/%Y}):"]
    decision = detail.decision
    if detail.call.is_advice and decision is None:
        lines.append(f"Advice given: {scrub(detail.call.advice)}")
    elif decision is None:
        lines.append("The duty team has not decided yet.")
    else:
        plain = PLAIN_OUTCOME.get(decision.outcome, decision.outcome_label)
        lines.append(f"Outcome: {decision.outcome_label}: {plain}.")
    if detail.passed_at is not None:
        lines.append("It has been passed to the Assessment Team.")
    actions = [a for a in detail.actions if not a.done]
    if actions:
        lines.append("What support the child will get, and from whom:")
        for action in actions:
            # The service from the directory, when the action links one: the referrer
            # can tell the family who will be in touch ("Other service" tells them nothing).
            owner = action.service_name or action.owner_shown(lists)
            if action.owner_name:
                owner += f" ({action.owner_name})"
            due = f", by {when(action.due_at, today)}" if action.due_at else ""
            lines.append(f"- {scrub(action.what)}: {owner}{due}")
    lines.append(safety_netting(lists))
    return "\n".join(lines)
