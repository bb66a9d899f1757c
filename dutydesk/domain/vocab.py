"""The lists the duty team chooses from: agencies, urgencies, outcomes, needs, statuses.

Codes are stored; labels are shown. Records keep the label they were saved with, so a
label can be reworded later without rewriting history.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


AGENCIES: tuple[Choice, ...] = (
    Choice("health", "Health"),
    Choice("police", "Police"),
    Choice("education", "Education"),
    Choice("probation", "Probation"),
    Choice("social_work", "Social work"),
    Choice("early_help", "Early help"),
    Choice("mash", "MASH officer"),
)

# Who can own an action: the agencies in the room, plus services outside it.
ACTION_OWNERS: tuple[Choice, ...] = (
    *AGENCIES,
    Choice("referrer", "Referrer"),
    Choice("other", "Other service"),
)

URGENCIES: tuple[Choice, ...] = (
    Choice("immediate", "IMMEDIATE"),
    Choice("today", "TODAY"),
    Choice("routine", "ROUTINE"),
)
URGENCY_HINTS = {
    "immediate": "same-day protection",
    "today": "decision within one working day",
    "routine": "no same-day risk",
}

OUTCOMES: tuple[Choice, ...] = (
    Choice("advice", "Advice and signposting"),
    Choice("early_help", "Early help"),
    Choice("partner", "Support by a partner agency"),
    Choice("assessment", "Social care assessment"),
    Choice("strategy", "Strategy discussion"),
    Choice("open_case", "Already open: pass to allocated worker"),
    Choice("nfa", "No further action"),
)
# Outcomes that hand the referral to the Assessment Team.
TO_ASSESSMENT_TEAM = frozenset({"assessment", "strategy"})

NEEDS: tuple[Choice, ...] = (
    Choice("education", "Education and attendance"),
    Choice("mental_health", "Mental health and wellbeing"),
    Choice("physical_health", "Physical health"),
    Choice("send", "SEND and disability"),
    Choice("neglect", "Neglect and basic care"),
    Choice("parenting", "Parenting support"),
    Choice("relationships", "Family relationships"),
    Choice("domestic_abuse", "Domestic abuse"),
    Choice("physical_abuse", "Physical abuse or injury"),
    Choice("sexual_abuse", "Sexual abuse"),
    Choice("exploitation", "Exploitation"),
    Choice("missing", "Missing from home or education"),
    Choice("online", "Online safety"),
    Choice("substance", "Parental substance use"),
    Choice("housing", "Housing and money"),
    Choice("crime", "Offending and youth justice"),
    Choice("young_carer", "Young carer"),
)

KNOWS: tuple[Choice, ...] = (
    Choice("yes", "Yes"),
    Choice("no", "No"),
    Choice("unknown", "Not known"),
)

WAITING = "waiting"
IN_DISCUSSION = "in discussion"
DECIDED = "decided"
PASSED_ON = "passed to Assessment Team"
ADVICE_GIVEN = "advice given"  # an advice call: nothing more is waiting on the team
STATUSES = (WAITING, IN_DISCUSSION, DECIDED, PASSED_ON, ADVICE_GIVEN)

# What a contact is: a referral for the duty team, or a call that only needed advice
# ("should I refer?": no enquiry is a wrong enquiry).
REFERRAL = "referral"
ADVICE = "advice"
KINDS: tuple[Choice, ...] = (
    Choice(REFERRAL, "Referral"),
    Choice(ADVICE, "Advice only (should I refer?)"),
)
# How the contact came in.
PHONE = "phone"
ONLINE_FORM = "online form"
SOURCES = (PHONE, ONLINE_FORM)


def label(choices: tuple[Choice, ...], code: str | None) -> str:
    """The label for a code, or the code itself if the list no longer has it."""
    if not code:
        return ""
    for choice in choices:
        if choice.code == code:
            return choice.label
    return code


def codes(choices: tuple[Choice, ...]) -> list[str]:
    return [choice.code for choice in choices]


def urgency_rank(code: str) -> int:
    order = codes(URGENCIES)
    return order.index(code) if code in order else len(order)
