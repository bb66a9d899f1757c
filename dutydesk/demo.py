"""A realistic, wholly fictional run of duty sessions: for demos, screenshots and trying it out.

Everything goes through the Store's public methods, so the result is exactly what the
console would have recorded had a duty team worked those days. The invented people and
calls are in `dutydesk.demo_data`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pendulum

from dutydesk import demo_data as data
from dutydesk import demo_extras as extras
from dutydesk.demo_data import sharing as data_sharing
from dutydesk.domain import vocab
from dutydesk.domain.clock import Clock, london_datetime, london_day, to_utc
from dutydesk.domain.records import Actor, CallDetails, Child, Service, SessionInfo, Sharing
from dutydesk.storage.bulk import BulkWrites
from dutydesk.storage.store import Store
from dutydesk.storage.writes import StoreWrites, Writes

AGENCIES = tuple(vocab.codes(vocab.AGENCIES))
TODAY_CALLS = 14
PAST_CALLS = (10, 16)  # calls on each earlier day, at least and at most
# Of earlier days' actions, the share done: most of last week's, nearly all of older ones.
RECENT_DAYS, RECENT_DONE, OLDER_DONE = 5, 0.75, 0.95

# Today, in the order the calls came in: (urgency, how far the team has got, special).
# Special: "pass" goes to the Assessment Team; "amend" is decided, then the decision
# amended with a reason; "keep" stays with an outcome outside the Assessment Team.
TODAY_PLAN: tuple[tuple[str, str, str | None], ...] = (
    ("today", "decide", None),
    ("immediate", "decide", "pass"),
    ("routine", "decide", "amend"),
    ("today", "discuss", None),
    ("routine", "decide", "keep"),
    ("routine", "discuss", None),
    ("today", "decide", None),
    ("routine", "discuss", None),
    ("today", "discuss", None),
    ("routine", "wait", None),
    ("immediate", "discuss", None),
    ("today", "wait", None),
    ("routine", "wait", None),
    ("immediate", "wait", None),
)

PRONOUNS = {
    True: {"he": "she", "him": "her", "his": "her", "He": "She", "His": "Her"},
    False: {"he": "he", "him": "him", "his": "his", "He": "He", "His": "His"},
}


def seed_demo(
    store: Store,
    *,
    days: int = 1,
    seed: int = 7,
    referrals: int | None = None,
    bulk: bool = True,
) -> SessionInfo:
    """Fill the store with `days` duty sessions ending today; returns today's session.

    Earlier sessions are on working days before today, fully worked and ended; when there
    are any, one referral from the last of them is left undecided, so it carries over.
    Meant for an empty store: the same seed always gives the same days.

    `referrals` asks for that many referrals in all (today's calls and other contacts,
    `demo_extras.TODAY_OTHERS`, included): spread over the earlier days, or, with `days`
    left at 1, over as many days as take about `PAST_CALLS` a day. With `bulk` the rows
    are built in memory and inserted many at a time (`storage/bulk.py`): a long history
    takes minutes, not hours, and the file is the same as the Store's own writes would
    make (`bulk=False`, a transaction per step).
    """
    per_day = None
    if referrals is not None:
        past = max(referrals - TODAY_CALLS - extras.TODAY_OTHERS, 0)
        if days <= 1 and past:
            days = 1 + -(-past // (sum(PAST_CALLS) // 2))
        per_day = _spread(past, max(days, 1) - 1)
    rng = random.Random(seed)
    more = random.Random(seed + 1)  # the other contacts' own numbers (demo_extras.py)
    load_directory(store)
    directory = tuple(store.services())
    real = store.clock
    clock = _DemoClock(real)
    store.clock = clock  # every record is stamped when its step would have happened
    writes: Writes = BulkWrites(store) if bulk else StoreWrites(store)
    try:
        earlier = working_days_before(london_day(real()), max(days, 1) - 1)
        carried: set[str] = set()
        for index, day in enumerate(earlier):
            recent = len(earlier) - index <= RECENT_DAYS
            done_share = RECENT_DONE if recent else OLDER_DONE
            count = per_day[index] if per_day is not None else None
            carried = _past_day(
                writes,
                clock,
                rng,
                day,
                done_share,
                leave_one_open=day == earlier[-1],
                count=count,
                directory=directory,
            )
            writes.commit()  # in bulk, the day's rows go in before feedback reads them
            worked = store.session_for(day)
            assert worked is not None
            extras.feedback_for_day(store, writes, clock, more, worked, today=False)
        clock.at(real())
        session = _today(store, writes, clock, rng, avoid=carried, directory=directory)
        writes.commit()  # in bulk, what the other contacts read must be in the file
        extras.today_contacts(store, writes, clock, more, session)
        writes.commit()
        extras.feedback_for_day(store, writes, clock, more, session, today=True)
        writes.commit()
        clock.at(real())
        return session
    finally:
        store.clock = real


def _spread(total: int, days: int) -> list[int]:
    """`total` calls over `days` days, as evenly as whole calls allow (at least one a day)."""
    if days <= 0:
        return []
    each, extra = divmod(total, days)
    return [max(each + (1 if i < extra else 0), 1) for i in range(days)]


def load_directory(store: Store) -> int:
    """The fictional services directory (demo_data/services.csv), if it is not loaded."""
    from importlib import resources

    from dutydesk.services import from_csv

    if store.services():
        return 0
    text = resources.files("dutydesk.demo_data").joinpath("services.csv").read_text("utf-8")
    report = from_csv(text)
    assert report.ok, report.rejected or report.problem  # the shipped file is checked by a test
    return store.import_services(report.entries, "services.csv", Actor("", "mash", "demo"))


class _DemoClock:
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


def working_days_before(today: date, count: int) -> list[date]:
    """The `count` weekdays (Mon-Fri) before `today`, oldest first."""
    found: list[date] = []
    day = today
    while len(found) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            found.append(day)
    return found[::-1]


def working_day_after(day: date, count: int) -> date:
    """The weekday `count` working days after `day` (`day` itself when count is 0)."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _past_day(
    writes: Writes,
    clock: _DemoClock,
    rng: random.Random,
    day: date,
    done_share: float,
    *,
    leave_one_open: bool,
    count: int | None = None,
    directory: tuple[Service, ...] = (),
) -> set[str]:
    """A fully worked, ended session; returns the scenario of the referral left open, if any.

    `count` calls, or the usual few (`PAST_CALLS`); a busy day repeats scenarios."""
    desk = _Desk.open(writes, clock, rng, day, directory)
    start = london_datetime(day, 8, 30)
    if count is None:
        count = rng.randint(*PAST_CALLS)
        urgent = [s for s in data.SCENARIOS if s.urgency == "immediate"]
        others = [s for s in data.SCENARIOS if s.urgency != "immediate"]
        picked = rng.sample(urgent, rng.randint(1, 3))
        picked += rng.sample(others, count - len(picked))
        rng.shuffle(picked)
        minutes = sorted(rng.sample(range(8 * 60 + 1), count))  # 08:30 to 16:30
        times = [start + timedelta(minutes=m) for m in minutes]
    else:
        picked = rng.choices(data.SCENARIOS, k=count)
        seconds = sorted(rng.choices(range(8 * 3600 + 1), k=count))
        times = [start + timedelta(seconds=m) for m in seconds]
    cases = [desk.call(s, at) for s, at in zip(picked, times, strict=True)]
    # The last non-immediate call of the day has not been reached when the session ends.
    left_open = next((c for c in reversed(cases) if c.scenario.urgency != "immediate"), None)
    for case in cases:
        if leave_one_open and case is left_open:
            desk.views(case, 1)
            continue
        desk.views(case, rng.randint(2, 4))
        desk.decide(case, None, amend=rng.random() < 0.15)
        for action_id in desk.actions(case):
            if rng.random() < done_share:
                desk.done(action_id, case)
    # The session ends at five, or once the last decision of a late call is made.
    clock.at(max(london_datetime(day, 17, 0), clock.latest + timedelta(minutes=10)))
    writes.end_session(desk.session.id, desk.person("mash"))
    return {left_open.scenario.key} if leave_one_open and left_open else set()


def _today(
    store: Store,
    writes: Writes,
    clock: _DemoClock,
    rng: random.Random,
    *,
    avoid: set[str],
    directory: tuple[Service, ...],
) -> SessionInfo:
    today, now = store.today(), store.now()
    desk = _Desk.open(writes, clock, rng, today, directory)
    picks = _pick_for_plan(rng, avoid)
    cases = [desk.call(s, at) for s, at in zip(picks, _today_times(rng, today, now), strict=True)]
    action_ids: list[tuple[int, _Case]] = []
    for case, (_urgency, state, special) in zip(cases, TODAY_PLAN, strict=True):
        if state == "discuss":
            desk.views(case, rng.randint(1, 4))
        elif state == "decide":
            desk.views(case, rng.randint(3, 5), everyone=special == "pass")
            desk.decide(case, special, amend=special == "amend")
            action_ids += [(a, case) for a in desk.actions(case)]
    if action_ids:
        desk.done(*action_ids[0])
    return desk.session


def _pick_for_plan(rng: random.Random, avoid: set[str]) -> list[data.Scenario]:
    """A different scenario for each of today's calls that fits its place in the plan
    (none like the ones carried over, which would read as the same call twice)."""
    picks: dict[int, data.Scenario] = {}
    # The slots with special needs choose first, so that something is left that fits them.
    order = sorted(range(len(TODAY_PLAN)), key=lambda i: TODAY_PLAN[i][2] is None)
    for index in order:
        urgency, _state, special = TODAY_PLAN[index]
        used = avoid | {s.key for s in picks.values()}
        pool = [
            s
            for s in data.SCENARIOS
            if s.urgency == urgency and s.key not in used and _fits(s, special)
        ]
        picks[index] = rng.choice(pool)
    return [picks[i] for i in range(len(TODAY_PLAN))]


def _fits(scenario: data.Scenario, special: str | None) -> bool:
    outcomes = [outcome for outcome, _reasons in scenario.decisions]
    if special == "pass":
        return any(o in vocab.TO_ASSESSMENT_TEAM for o in outcomes)
    if special == "amend":
        return scenario.amend is not None and outcomes[0] not in vocab.TO_ASSESSMENT_TEAM
    if special == "keep":
        return any(o not in vocab.TO_ASSESSMENT_TEAM for o in outcomes)
    return True


def _today_times(rng: random.Random, today: date, now: datetime) -> list[datetime]:
    """Today's call times, in order, spread from 08:30 up to now (never after it).

    Before 09:30 there is no morning yet to spread them over, so they go between
    midnight and now instead.
    """
    start: datetime = london_datetime(today, 8, 30)
    if now < start + timedelta(hours=1):
        start = london_datetime(today, 0, 0)
    end = min(now, london_datetime(today, 16, 30))
    span = max((end - start).total_seconds(), 0.0)
    return [
        start + timedelta(seconds=int(span * (i + rng.uniform(0.1, 0.9)) / TODAY_CALLS))
        for i in range(TODAY_CALLS)
    ]


@dataclass
class _Case:
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
class _Desk:
    """One session's work: who is in the room, and the store they write to."""

    writes: Writes
    clock: _DemoClock
    rng: random.Random
    session: SessionInfo
    directory: tuple[Service, ...]  # the services directory, for the actions' links

    @classmethod
    def open(
        cls,
        writes: Writes,
        clock: _DemoClock,
        rng: random.Random,
        day: date,
        directory: tuple[Service, ...],
    ) -> _Desk:
        people = [(agency, *rng.choice(data.ROSTER[agency])) for agency in AGENCIES]
        _agency, name, role = people[-1]
        clock.at(london_datetime(day, 8, 15))
        session = writes.start_session(day, people, Actor(name, "mash", role))
        return cls(writes, clock, rng, session, directory)

    def person(self, agency: str) -> Actor:
        found = self.session.attendee_for(agency)
        return found.actor() if found else Actor("", agency)

    def call(self, scenario: data.Scenario, received: datetime) -> _Case:
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
        case = _Case(0, day, received, scenario, words, name, scenario.ages[0] >= 4)
        details = CallDetails(
            urgency=scenario.urgency,
            children=tuple(children),
            worry_seen=case.say(scenario.seen),
            worry_told=case.say(scenario.told),
            referrer_name=name,
            referrer_role=rng.choice(referrer.roles),
            referrer_org=org,
            referrer_contact=contact,
            referrer_relationship=referrer.relationship,
            referrer_view=case.say(scenario.wants),
            needs=scenario.needs,
            family_knows=scenario.knows,
            consent=scenario.consent,
        )
        self.clock.at(received)
        case.referral_id = self.writes.add_call(
            self.session.id, details, self.person("mash"), received
        )
        return case

    def views(self, case: _Case, count: int, *, everyone: bool = False) -> None:
        """Views from `count` agencies (all of them if `everyone`), the scenario's own first."""
        chosen = list(case.scenario.views[:count])
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
            self.writes.add_view(
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

    def decide(self, case: _Case, special: str | None, *, amend: bool) -> None:
        """The team's decision (after a first one amended, if `amend` and the scenario has one);
        referrals for the Assessment Team are passed on one to three hours after the call."""
        choices = list(case.scenario.decisions)
        if special == "pass":
            choices = [d for d in choices if d[0] in vocab.TO_ASSESSMENT_TEAM]
        elif special in ("keep", "amend"):
            choices = [d for d in choices if d[0] not in vocab.TO_ASSESSMENT_TEAM]
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
            self.writes.decide(
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
        self.writes.decide(
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
        if outcome in vocab.TO_ASSESSMENT_TEAM:
            passed = decided + timedelta(minutes=self.rng.randint(10, 45))
            self.clock.at(passed)
            self.writes.pass_on(case.referral_id, self.session.id, actor, at=self.clock())

    def actions(self, case: _Case) -> list[int]:
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
            action_id = self.writes.add_action(
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
            ids.append(action_id)
        return ids

    def done(self, action_id: int, case: _Case) -> None:
        self.clock.at(
            (case.decided or case.received) + timedelta(minutes=self.rng.randint(30, 240))
        )
        self.writes.set_action_done(action_id, self.session.id, True, self.person("mash"))


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
