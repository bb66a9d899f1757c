"""A call's details made ready to save: every text cleaned and trimmed, each child's date
of birth or age checked as on the form, then validated against the lists. The Store runs
it inside each write of a call (`storage/referrals.py`)."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from typing import Any

from dutydesk.domain import vocab
from dutydesk.domain.ages import check_dob, normal_age
from dutydesk.domain.records import CallDetails
from dutydesk.domain.text import field


def cleaned(details: CallDetails, today: date) -> CallDetails:
    """The details with every text field cleaned of control characters and trimmed, and
    each child's date of birth or age checked as on the form (`today`: the London day)."""
    children = tuple(
        replace(
            c,
            name=field("Child's name", c.name),
            dob=check_dob(c.dob, today, f"Child {number}: date of birth") if c.dob else None,
            age=normal_age(field("Age", c.age), today, f"Child {number}: age"),
            school=field("School or setting", c.school),
        )
        for number, c in enumerate(details.children, start=1)
        if c.name.strip() or c.age.strip() or c.dob or c.school.strip()
    )
    texts: dict[str, Any] = {
        f.name: field(f.name.replace("_", " ").capitalize(), getattr(details, f.name))
        for f in fields(CallDetails)
        if isinstance(getattr(details, f.name), str)
    }
    return replace(details, children=children, **texts)


def ready(details: CallDetails, today: date, lists: vocab.Lists) -> CallDetails:
    """Cleaned and validated; an advice call with no urgency chosen is routine."""
    details = cleaned(details, today)
    if details.is_advice and not details.urgency:
        details = replace(details, urgency="routine")
    details.validate(lists)
    return details
