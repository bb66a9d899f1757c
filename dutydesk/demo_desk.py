"""One demo session's work at the desk: the calls, views, decisions and actions a duty
team would have saved, written through the Store's own methods (`demo.py` runs the days)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pendulum

from dutydesk import demo_data as data
from dutydesk.demo_data import sharing as data_sharing
from dutydesk.domain import vocab
from dutydesk.domain.clock import Clock, london_datetime, london_day, to_utc
from dutydesk.domain.records import Actor, CallDetails, Child, Service, SessionInfo, Sharing
from dutydesk.storage.store import Store

# The demo's people and calls are written for the shipped lists' codes.
AGENCIES = tuple(vocab.codes(vocab.defaults().agencies))
TO_THE_TEAM = vocab.defaults().to_assessment_team

PRONOUNS = {
    True: {"he": "she", "him": "her", "his": "her", "He": "She", "His": "Her"},
    False: {"he": "he", "him": "him", "his": "his", "He": "He", "His": "His"},
}

# The organisation type of each invented referrer (demo_data/people.toml's keys), from the
# shipped list of lists.toml; a key not named here is a type of the same name.
ORG_TYPES = {
    "nursery": "early_years",
    "midwife": "hospital",
    "paediatrics": "hospital",
    "mum": "family_friend",
    "dad": "family_friend",
    "grandmother": "family_friend",
    "neighbour": "public",
}


class DemoClock:
    """Stands the store at the moment each step happens, never later than the real now."""

    def __init__(self, real: Clock) -> None:
        self.real = real
        self.moment = to_utc(real())
        self.latest = datetime.min.replace(tzinfo=UTC)  # the last moment anything happened

    def __call__(self) -> datetime:
        return self.moment

    def at(self, moment: datetime) -> None:
        self.moment = min(to_utc(moment), to_utc(self.real()))
        self.latest = max(self.latest, self.moment)


def working_day_after(day: date, count: int) -> date:
    """The weekday `count` working days after `day` (`day` itself when count is 0)."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


@dataclass
class Case:
    referral_id: int
    day: date
    received: datetime
    scenario: data.Scenario
    words: dict[str, str]  # what the scenario's {placeholders} stand for
    referrer: str
    school_age: bool
    viewed: list[str] = field(default_factory=list)  # agencies that added a view
    decided: datetime | None = None

    def say(self, text: str) -> str:
        return text.format(**self.words)


@dataclass
class Desk:
    """One session's work: who is in the room, and the store they write to."""

    store: Store
    clock: DemoClock
    rng: random.Random
    session: SessionInfo
    directory: tuple[Service, ...]  # the services directory, for the actions' links

    @classmethod
    def open(
        cls,
        store: Store,
        clock: DemoClock,
        rng: random.Random,
        day: date,
        directory: tuple[Service, ...],
    ) -> Desk:
        people = [(agency, *rng.choice(data.ROSTER[agency])) for agency in AGENCIES]
        _agency, name, role = people[-1]
        clock.at(london_datetime(day, 8, 15))
        session = store.start_session(day, people, Actor(name, "mash", role))
        return cls(store, clock, rng, session, directory)

    def person(self, agency: str) -> Actor:
        found = self.session.attendee_for(agency)
        return found.actor() if found else Actor("", agency)

    def call(self, scenario: data.Scenario, received: datetime) -> Case:
        rng = self.rng
        day = london_day(received)
        surname = rng.choice(data.SURNAMES)
        settings: dict[int, str] = {}  # brothers and sisters share a school or nursery
        children: list[Child] = []
        words: dict[str, str] = {}
        for age in scenario.ages:
            girl = rng.random() < 0.5
            taken = {c.name.split()[0] for c in children}
            first = rng.choice([n for n in (data.GIRLS if girl else data.BOYS) if n not in taken])
            children.append(_child(rng, first, surname, age, day, scenario.dob_known, settings))
            if not words:
                words = {"first": first, "school": children[0].school, **PRONOUNS[girl]}
        referrer = data.REFERRERS[scenario.referrer]
        women = data.ADULT_WOMEN if referrer.sex != "m" else ()
        men = data.ADULT_MEN if referrer.sex != "f" else ()
        family = surname if referrer.family else rng.choice(data.ADULT_SURNAMES)
        name = f"{rng.choice(women + men)} {family}"
        org = rng.choice(referrer.orgs) if referrer.orgs else children[0].school
        contact = (
            f"01632 960{rng.randrange(1000):03d}" if org else f"07700 900{rng.randrange(1000):03d}"
        )
        case = Case(0, day, received, scenario, words, name, scenario.ages[0] >= 4)
        details = CallDetails(
            urgency=scenario.urgency,
            children=tuple(children),
            worry_seen=case.say(scenario.seen),
            worry_told=case.say(scenario.told),
            referrer_name=name,
            referrer_role=rng.choice(referrer.roles),
            referrer_org=org,
            referrer_org_type=ORG_TYPES.get(scenario.referrer, scenario.referrer),
            referrer_contact=contact,
            referrer_relationship=referrer.relationship,
            referrer_view=case.say(scenario.wants),
            needs=scenario.needs,
            family_knows=scenario.knows,
            consent=scenario.consent,
        )
        self.clock.at(received)
        case.referral_id = self.store.record_call(
            self.session.id, details, self.person("mash"), received
        )
        return case

    def views(self, case: Case, count: int, *, everyone: bool = False) -> None:
        """Views from `count` agencies (all of them if `everyone`), the scenario's own first."""
        chosen: list[tuple[str, str, str]] = list(case.scenario.views[:count])
        others = [a for a in AGENCIES if a not in {agency for agency, *_ in chosen}]
        self.rng.shuffle(others)
        for agency in others if everyone else others[: count - len(chosen)]:
            if agency == "education" and not case.school_age:
                knows, needed = data.PRESCHOOL_VIEW
            else:
                knows, needed = self.rng.choice(data.GENERIC_VIEWS[agency])
            chosen.append((agency, knows, needed))
        consented = case.scenario.consent == "yes"
        for minutes, (agency, knows, needed) in enumerate(chosen):
            self.clock.at(case.received + timedelta(minutes=6 + 7 * minutes))
            self.store.add_view(
                case.referral_id,
                self.session.id,
                agency,
                case.say(knows),
                case.say(needed),
                self.person(agency),
                Sharing(
                    "given" if consented else "without",
                    "" if consented else data_sharing.WITHOUT_CONSENT,
                    data_sharing.WHAT.get(agency, "what the agency knows of the family"),
                    "the duty team",
                ),
            )
            case.viewed.append(agency)

    def decide(self, case: Case, special: str | None, *, amend: bool) -> None:
        """The team's decision (after a first one amended, if `amend` and the scenario has one);
        referrals for the Assessment Team are passed on one to three hours after the call."""
        choices = list(case.scenario.decisions)
        if special == "pass":
            choices = [d for d in choices if d[0] in TO_THE_TEAM]
        elif special in ("keep", "amend"):
            choices = [d for d in choices if d[0] not in TO_THE_TEAM]
        likeliest = special == "amend" or self.rng.random() < 0.7
        outcome, reasons = choices[0] if likeliest else self.rng.choice(choices)
        agreed = set(case.viewed) | {"social_work", "mash"}
        agreed_by = [a for a in AGENCIES if a in agreed]
        actor = self.person("social_work")
        version = 0
        decided = case.received + timedelta(minutes=self.rng.randint(30, 150))
        case.decided = decided
        self.clock.at(decided)
        if amend and case.scenario.amend and outcome == case.scenario.decisions[0][0]:
            first, first_reasons, why = case.scenario.amend
            self.store.decide(
                case.referral_id,
                self.session.id,
                first,
                case.say(first_reasons),
                agreed_by,
                actor,
                expected_version=0,
            )
            version = 1
            self.clock.at(decided + timedelta(minutes=self.rng.randint(20, 60)))
        # Its own generator, so that the rest of the demo stays as it was before.
        agrees = random.Random(case.referral_id).random() < 0.75
        self.store.decide(
            case.referral_id,
            self.session.id,
            outcome,
            case.say(reasons),
            agreed_by,
            actor,
            expected_version=version,
            amend_reason=case.say(why) if version else "",
            referrer_response="agreed" if agrees else "different",
            response_reason="" if agrees else data_sharing.DIFFERENT,
        )
        if outcome in TO_THE_TEAM:
            passed = decided + timedelta(minutes=self.rng.randint(10, 45))
            self.clock.at(passed)
            self.store.pass_on(case.referral_id, self.session.id, actor, at=self.clock())

    def actions(self, case: Case) -> list[int]:
        """The scenario's action plan, each owned by a named person; returns the action ids."""
        ids = []
        self.clock.at((case.decided or case.received) + timedelta(minutes=5))
        directory = self.directory
        for what, owner, need, days_on, hour in case.scenario.actions:
            service = (
                next((s for s in directory if need in s.needs), None) if owner == "other" else None
            )
            if owner == "referrer":
                owner_name = case.referrer
            elif owner == "other":
                owner_name = data.OTHER_OWNERS.get(need, data.OTHER_OWNER)
            else:
                owner_name = self.person(owner).name
            due = london_datetime(working_day_after(case.day, days_on), hour)
            action = self.store.add_action(
                case.referral_id,
                self.session.id,
                case.say(what),
                owner,
                owner_name,
                due,
                need,
                self.person("social_work"),
                service,
            )
            ids.append(action.id)
        return ids

    def done(self, action_id: int, case: Case) -> None:
        self.clock.at(
            (case.decided or case.received) + timedelta(minutes=self.rng.randint(30, 240))
        )
        self.store.set_action_done(action_id, self.session.id, True, self.person("mash"))


def _child(
    rng: random.Random,
    first: str,
    surname: str,
    age: int,
    day: date,
    dob_known: bool,
    settings: dict[int, str],
) -> Child:
    if age == data.UNBORN:
        return Child(name=f"Unborn baby {surname}", age="unborn")
    if not dob_known:
        return Child(name=first, age=str(age), school=_setting(rng, age, settings))
    born = pendulum.date(day.year, day.month, day.day)
    if age == data.UNDER_ONE:
        born = born.subtract(months=rng.randint(2, 10), days=rng.randint(0, 27))
    else:
        born = born.subtract(years=age, days=rng.randint(0, 360))
    dob = date(born.year, born.month, born.day)
    return Child(name=f"{first} {surname}", dob=dob, school=_setting(rng, age, settings))


def _setting(rng: random.Random, age: int, chosen: dict[int, str]) -> str:
    """A school or nursery for the age; the one already `chosen` for a sibling in the phase."""
    for phase, (youngest, oldest, names) in enumerate(data.SETTINGS):
        if youngest <= age <= oldest:
            return chosen.setdefault(phase, rng.choice(names))
    return ""
