"""A realistic, wholly fictional run of duty sessions: for demos, screenshots and trying it out.

Everything goes through the Store's public methods, so the result is exactly what the
console would have recorded had a duty team worked those days. The invented people and
calls are in `dutydesk.demo_data`.
"""

from __future__ import annotations

import random
from contextlib import nullcontext
from dataclasses import replace
from datetime import date, datetime, timedelta
from importlib import resources

from dutydesk import demo_data as data
from dutydesk import demo_extras as extras
from dutydesk.demo_desk import TO_THE_TEAM, Case, DemoClock, Desk, working_day_after
from dutydesk.domain import vocab
from dutydesk.domain.baseline import parse
from dutydesk.domain.clock import london_datetime, london_day
from dutydesk.domain.records import Actor, Service, SessionInfo
from dutydesk.domain.reviews import to_review
from dutydesk.domain.trials import Trial
from dutydesk.storage.store import Store

__all__ = ["load_directory", "seed_demo", "seed_trial", "working_day_after", "working_days_before"]
TODAY_CALLS = 14
PAST_CALLS = (10, 16)  # calls on each earlier day, at least and at most
# Of earlier days' actions, the share done: most of last week's, nearly all of older ones.
RECENT_DAYS, RECENT_DONE, OLDER_DONE = 5, 0.75, 0.95
DAYS_A_COMMIT = 100  # seeding commits its batch every so many days (about 30,000 rows)

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


def seed_demo(
    store: Store,
    *,
    days: int = 1,
    seed: int = 7,
    referrals: int | None = None,
    batch: bool = True,
) -> SessionInfo:
    """Fill the store with `days` duty sessions ending today; returns today's session.

    Earlier sessions are on working days before today, fully worked and ended; when there
    are any, one referral from the last of them is left undecided, so it carries over.
    Meant for an empty store: the same seed always gives the same days.

    `referrals` asks for that many referrals in all (today's calls and other contacts,
    `demo_extras.TODAY_OTHERS`, included): spread over the earlier days, or, with `days`
    left at 1, over as many days as take about `PAST_CALLS` a day. It is written in one
    `store.batch()`, committed every `DAYS_A_COMMIT` days (a long history takes minutes,
    not hours); `batch=False` writes a transaction per step instead, the same rows.
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
    clock = DemoClock(real)
    store.clock = clock  # every record is stamped when its step would have happened
    try:
        with store.batch() if batch else nullcontext() as tx:
            earlier = working_days_before(london_day(real()), max(days, 1) - 1)
            carried: set[str] = set()
            for index, day in enumerate(earlier):
                recent = len(earlier) - index <= RECENT_DAYS
                done_share = RECENT_DONE if recent else OLDER_DONE
                count = per_day[index] if per_day is not None else None
                carried = _past_day(
                    store,
                    clock,
                    rng,
                    day,
                    done_share,
                    leave_one_open=day == earlier[-1],
                    count=count,
                    directory=directory,
                )
                worked = store.session_for(day)
                assert worked is not None
                extras.feedback_for_day(store, clock, more, worked, today=False)
                if tx is not None and index % DAYS_A_COMMIT == DAYS_A_COMMIT - 1:
                    tx.commit()  # the WAL and what the batch keeps in memory stay small
            clock.at(real())
            session = _today(store, clock, rng, avoid=carried, directory=directory)
            extras.today_contacts(store, clock, more, session)
            extras.feedback_for_day(store, clock, more, session, today=True)
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
    report = from_csv(text, store.lists)
    assert report.ok, report.rejected or report.problem  # the shipped file is checked by a test
    return store.import_services(report.entries, "services.csv", Actor("", "mash", "demo"))


def seed_trial(store: Store) -> Trial:
    """A fictional test, "Front door test 1", of the last 5 recorded days, and 20 baseline
    days imported from the shipped example file (`demo_data/baseline-example.csv`), moved
    onto the 20 working days before the first recorded day (the figures as in the file);
    the team's retrospective of the day before the last, and 4 action plans reviewed."""
    if kept := store.trials():  # seeded before
        return kept[0]
    days = store.session_days()
    text = resources.files(data).joinpath("baseline-example.csv").read_text("utf-8")
    example = parse(text, tuple(vocab.codes(store.lists.outcomes)))
    moved = working_days_before(days[0], len(example))
    lead = Actor("Jo Examplelead", "mash", "project lead")
    store.import_baseline(
        [replace(b, day=d) for b, d in zip(example, moved, strict=True)],
        "baseline-example.csv",
        lead,
    )
    trial = store.add_trial("Front door test 1", days[-5:], lead)
    if len(days) > 1:
        said = (RETRO_WORKED, RETRO_NOT, RETRO_NEXT, "the duty team and Jo Examplelead")
        store.add_retrospective(days[-2], trial.number, said, lead)
    details = store.period_records(days[-len(trial.days)], days[-1]).referrals
    for n, detail in enumerate(to_review(details, set(), days[0], days[-1])[:4]):
        store.add_plan_review(
            detail.referral_id,
            [
                (q.code, q.label, "yes" if (n + i) % 4 else "partly", "")
                for i, q in enumerate(store.lists.plan_rubric)
            ],
            Actor("Rae Reviewer", "mash", "reviewer"),
        )
    return trial


RETRO_WORKED = "Deciding in the room with health and police there: no waiting for call-backs."
RETRO_NOT = "The phones: two IMMEDIATE calls came in while we were discussing another."
RETRO_NEXT = "A second line staffed from 10 to 12, when most calls come."


def working_days_before(today: date, count: int) -> list[date]:
    """The `count` weekdays (Mon-Fri) before `today`, oldest first."""
    found: list[date] = []
    day = today
    while len(found) < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            found.append(day)
    return found[::-1]


def _past_day(
    store: Store,
    clock: DemoClock,
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
    desk = Desk.open(store, clock, rng, day, directory)
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
    store.end_session(desk.session.id, desk.person("mash"))
    return {left_open.scenario.key} if leave_one_open and left_open else set()


def _today(
    store: Store,
    clock: DemoClock,
    rng: random.Random,
    *,
    avoid: set[str],
    directory: tuple[Service, ...],
) -> SessionInfo:
    today, now = store.today(), store.now()
    desk = Desk.open(store, clock, rng, today, directory)
    picks = _pick_for_plan(rng, avoid)
    cases = [desk.call(s, at) for s, at in zip(picks, _today_times(rng, today, now), strict=True)]
    action_ids: list[tuple[int, Case]] = []
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
        return any(o in TO_THE_TEAM for o in outcomes)
    if special == "amend":
        return scenario.amend is not None and outcomes[0] not in TO_THE_TEAM
    if special == "keep":
        return any(o not in TO_THE_TEAM for o in outcomes)
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
