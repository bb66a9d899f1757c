"""The records the duty team reads and writes, as plain dataclasses.

Storage turns table rows into these; screens and exports only ever see these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from dutydesk.domain import vocab
from dutydesk.domain.ages import NOT_KNOWN
from dutydesk.domain.clock import london_day
from dutydesk.domain.text import FieldError, clean, initials
from dutydesk.domain.text import field as clean_field


@dataclass(frozen=True)
class Actor:
    """Who is at the keyboard: every change records this."""

    name: str
    agency: str
    role: str = ""

    def __post_init__(self) -> None:
        # Whoever builds an Actor (a form, `import --name`, an IT command), what is
        # recorded as who did it is cleaned as any typed field is.
        for name in ("name", "role"):
            value = getattr(self, name)
            cleaned, changed = clean(value)
            if changed:
                object.__setattr__(self, name, cleaned.strip())

    def label(self, lists: vocab.Lists) -> str:
        agency = vocab.label(lists.agencies, self.agency)
        return f"{self.name} ({agency})" if self.name else agency


@dataclass(frozen=True)
class Attendee:
    id: int
    agency: str
    name: str
    role: str

    def actor(self) -> Actor:
        return Actor(self.name, self.agency, self.role)


@dataclass(frozen=True)
class SessionInfo:
    id: int
    day: date
    started_at: datetime
    ended_at: datetime | None
    attendees: tuple[Attendee, ...]

    def attendee_for(self, agency: str) -> Attendee | None:
        return next((a for a in self.attendees if a.agency == agency), None)


def short_age(age: str) -> str:
    """How a kept age is shown beside initials: '7y', '8m', '3w', '~12y', 'unborn'; nothing
    when not known. Text kept before ages were checked is shown as it was typed."""
    age = age.strip()
    if age.isdigit():
        return f"{age}y"
    if age == NOT_KNOWN:
        return ""
    if (match := re.fullmatch(r"about (\d+)", age)) is not None:
        return f"~{match.group(1)}y"
    if (match := re.fullmatch(r"(\d+) (month|week)s?", age)) is not None:
        return f"{match.group(1)}{match.group(2)[0]}"
    return age


@dataclass(frozen=True)
class Child:
    name: str
    dob: date | None = None
    age: str = ""  # when no date of birth: as domain.ages keeps it ('7', '8 months', 'unborn')
    school: str = ""

    def age_on(self, day: date) -> str:
        if self.dob is not None:
            years = (
                day.year - self.dob.year - ((day.month, day.day) < (self.dob.month, self.dob.day))
            )
            if years >= 1:
                return f"{years}y"
            months = (day.year - self.dob.year) * 12 + day.month - self.dob.month
            months -= day.day < self.dob.day
            return f"{max(months, 0)}m" if self.dob <= day else "unborn"
        return short_age(self.age)

    def short(self, day: date) -> str:
        age = self.age_on(day)
        return f"{initials(self.name)} {age}".strip()


@dataclass(frozen=True)
class CallDetails:
    """What the MASH officer records about a call. Editing makes a new version."""

    urgency: str
    children: tuple[Child, ...]
    worry_seen: str = ""
    worry_told: str = ""
    referrer_name: str = ""
    referrer_role: str = ""
    referrer_org: str = ""
    referrer_org_type: str = ""  # a `referrer_org_types` code; "" not recorded
    referrer_contact: str = ""
    referrer_relationship: str = ""
    referrer_view: str = ""  # what the referrer thinks the child needs
    needs: tuple[str, ...] = ()  # need codes
    family_knows: str = "unknown"
    consent: str = "unknown"
    # The needs' labels as saved (same order as `needs`); empty for a call not saved yet.
    need_labels: tuple[str, ...] = field(default=(), compare=False)
    urgency_label: str = field(default="", compare=False)  # as saved

    def urgency_shown(self, lists: vocab.Lists) -> str:
        return self.urgency_label or vocab.label(lists.urgencies, self.urgency)

    def needs_shown(self, lists: vocab.Lists) -> tuple[str, ...]:
        """The needs as they were saved; for a call not saved yet, as the lists name them."""
        if len(self.need_labels) == len(self.needs):
            return self.need_labels
        return tuple(vocab.label(lists.needs, n) for n in self.needs)

    kind: str = vocab.REFERRAL  # or vocab.ADVICE: a call that only needed advice
    advice: str = ""  # the advice given (an advice call; kept when it becomes a referral)
    earlier_ref: str = ""  # a reference the referrer quoted from an earlier contact

    @property
    def is_advice(self) -> bool:
        return self.kind == vocab.ADVICE

    def validate(self, lists: vocab.Lists) -> None:
        """FieldError naming the first missing required field."""
        if self.kind not in vocab.codes(vocab.KINDS):
            raise FieldError("Choose whether the call is a referral or advice only")
        if self.is_advice:
            # Advice only: what is known is enough, but the advice given is the record.
            if not self.advice.strip():
                raise FieldError("The advice given is needed for an advice call")
            if self.urgency not in vocab.codes(lists.urgencies):
                raise FieldError("Urgency: immediate, today or routine")
            return
        if self.urgency not in vocab.codes(lists.urgencies):
            raise FieldError("Urgency is needed: immediate, today or routine")
        if not self.children or not any(c.name.strip() for c in self.children):
            raise FieldError("At least one child's name (or initials) is needed")
        if not (self.worry_seen.strip() or self.worry_told.strip()):
            raise FieldError("What the worry is (seen or told) is needed")

    def child_label(self, day: date) -> str:
        named = [c for c in self.children if c.name.strip()]
        if not named:
            return "?"
        first = named[0].short(day)
        return first if len(named) == 1 else f"{first} +{len(named) - 1}"


@dataclass(frozen=True)
class CallField:
    """One of the call's own fields, declared once for every layer: `name` is the
    `CallDetails` attribute, the `call_version` column (storage reads and writes it by
    this name) and the online form's import column; `column` its name in referrals.csv
    (the name, if ""); an `identifiable` field is exported only with --identifiable;
    `choices` names its list (in lists.toml, or "knows"; "": free text), `blank` is what
    an empty import records; with a `label` it is on the call form and referral screen,
    with `counted` (the measures' CSV/JSON key) its decisions are counted by outcome."""

    name: str
    column: str = ""
    identifiable: bool = False
    choices: str = ""
    blank: str = ""
    label: str = ""
    counted: str = ""

    @property
    def exported_as(self) -> str:
        return self.column or self.name

    def of(self, call: CallDetails) -> str:
        return str(getattr(call, self.name))


# In the order of their columns in referrals.csv (the identifiable ones after the rest).
CALL_FIELDS = (
    CallField("referrer_org", column="referrer_organisation"),
    CallField(
        "referrer_org_type",
        choices="referrer_org_types",
        label="Organisation type",
        counted="org_type",
    ),
    CallField("referrer_relationship"),
    CallField("family_knows", choices="knows", blank="unknown"),
    CallField("consent", choices="knows", blank="unknown"),
    CallField("referrer_name", identifiable=True),
    CallField("referrer_role", identifiable=True),
    CallField("referrer_contact", identifiable=True),
    CallField("worry_seen", identifiable=True),
    CallField("worry_told", identifiable=True),
    CallField("referrer_view", identifiable=True),
)
# The chosen fields the measures count decisions of, by outcome.
COUNTED = tuple(f for f in CALL_FIELDS if f.choices and f.counted)


@dataclass(frozen=True)
class View:
    id: int
    agency: str
    author_name: str
    author_role: str
    created_at: datetime
    knows: str
    needed: str
    agency_label: str = ""  # as saved
    consent: str = ""  # "given", "without" (shared without consent), "" not recorded
    without_consent_reason: str = ""
    shared_what: str = ""
    shared_with: str = ""

    def agency_shown(self, lists: vocab.Lists) -> str:
        return self.agency_label or vocab.label(lists.agencies, self.agency)

    @property
    def sharing(self) -> str:
        """Information sharing in words, for the screen and the CSV."""
        return {
            "given": "consent given",
            "without": f"shared without consent: {self.without_consent_reason}",
        }.get(self.consent, "not recorded")


@dataclass(frozen=True)
class Sharing:
    """Information sharing with an agency view: consent "given", or "without" and why."""

    consent: str = ""
    without_consent_reason: str = ""
    what: str = ""
    with_whom: str = ""

    def checked(self) -> Sharing:
        if self.consent not in ("", "given", "without"):
            raise FieldError("Say whether consent was given")
        reason = clean_field(
            "Why it was shared without consent",
            self.without_consent_reason,
            required=self.consent == "without",
        )
        return Sharing(
            self.consent,
            reason if self.consent == "without" else "",
            clean_field("What was shared", self.what),
            clean_field("Shared with", self.with_whom),
        )


CONSENT_CHOICES = (
    ("given", "Consent given"),
    ("without", "Shared without consent"),
)
RESPONSES = (
    ("agreed", "Agreed with the referrer's view"),
    ("different", "Different from the referrer's view"),
)


@dataclass(frozen=True)
class Decision:
    id: int
    version: int
    outcome: str
    outcome_label: str
    reasons: str
    agreed_by: tuple[str, ...]  # agency codes
    created_at: datetime
    recorded_by: str
    amend_reason: str = ""
    referrer_response: str = ""  # "agreed", "different", "" not recorded (older records)
    response_reason: str = ""

    @property
    def response_shown(self) -> str:
        """How the decision answered the referrer's view, in words."""
        if self.referrer_response == "agreed":
            return "agreed with the referrer's view"
        if self.referrer_response == "different":
            return f"different from the referrer's view: {self.response_reason}"
        return "not recorded"


@dataclass(frozen=True)
class Action:
    id: int
    referral_id: int
    ref: str
    what: str
    owner_agency: str
    owner_name: str
    due_at: datetime | None
    need: str
    created_at: datetime
    done_at: datetime | None = None
    owner_label: str = ""  # as saved
    service_id: int | None = None  # the directory's service it links to
    service_name: str = ""  # as saved

    def owner_shown(self, lists: vocab.Lists) -> str:
        return self.owner_label or vocab.label(lists.action_owners, self.owner_agency)

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def overdue(self, now: datetime) -> bool:
        return not self.done and self.due_at is not None and self.due_at < now


@dataclass(frozen=True)
class ReferralDetail:
    referral_id: int
    ref: str
    received_at: datetime
    session_day: date
    call: CallDetails
    call_version: int
    views: tuple[View, ...]
    decisions: tuple[Decision, ...]  # oldest first; the last is the current one
    passed_at: datetime | None
    actions: tuple[Action, ...]
    source: str = vocab.PHONE
    repeat_of: tuple[str, ...] = ()  # refs of this child's contacts in the 12 months before

    @property
    def decision(self) -> Decision | None:
        return self.decisions[-1] if self.decisions else None

    @property
    def status(self) -> str:
        return status_of(
            bool(self.views), self.decision is not None, self.passed_at, self.call.kind
        )

    @property
    def received_day(self) -> date:
        return london_day(self.received_at)


def status_of(
    has_views: bool, decided: bool, passed_at: datetime | None, kind: str = vocab.REFERRAL
) -> str:
    if kind == vocab.ADVICE and not decided and passed_at is None:
        return vocab.ADVICE_GIVEN
    if passed_at is not None:
        return vocab.PASSED_ON
    if decided:
        return vocab.DECIDED
    return vocab.IN_DISCUSSION if has_views else vocab.WAITING


@dataclass(frozen=True)
class Service:
    """A local service in the directory ("pathway to provision")."""

    id: int
    name: str
    needs: tuple[str, ...]  # need codes
    who_for: str = ""
    how_to_refer: str = ""
    contact: str = ""

    def needs_shown(self, lists: vocab.Lists) -> str:
        return ", ".join(vocab.label(lists.needs, n) for n in self.needs)


@dataclass(frozen=True)
class HistoryRow:
    """One referral in the history list (any day): enough for a line, nothing more."""

    referral_id: int
    ref: str
    received_at: datetime
    urgency: str
    child: str  # initials and age, as on the queue
    referrer_org: str
    needs: tuple[str, ...]
    outcome: str  # the current decision's label, or ""
    passed_on: bool
    advice: bool = False  # an advice call (its newest version): nothing waits on the team
