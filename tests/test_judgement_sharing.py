"""The referrer's judgement visibly taken into account (the decision says whether it agrees
with the referrer's view, and why not), and information sharing with each agency view."""

from __future__ import annotations

import csv
from pathlib import Path

from textual.widgets import Input, Select, TextArea

from dutydesk.app import DutyDeskApp
from dutydesk.domain.records import CallDetails, Child
from dutydesk.exports.daily import export_day
from dutydesk.screens.decision_form import DecisionFormScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.screens.view_form import ViewFormScreen
from dutydesk.storage import Store
from tests.pilot_helpers import MASH, start_room, text_of, type_text

WANTS = "A school nurse to talk to her about her eating"


def a_call(store: Store) -> int:
    session = start_room(store)
    return store.add_call(
        session.id,
        CallDetails(
            "today",
            (Child("Ivy Inventa"),),
            "Skipping lunch",
            referrer_view=WANTS,
            needs=("mental_health",),
        ),
        MASH,
    ).referral_id


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


async def test_the_decision_answers_the_referrers_view(store: Store, tmp_path: Path) -> None:
    referral_id = a_call(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "d")
        form = app.screen
        assert isinstance(form, DecisionFormScreen)
        shown = text_of(app, "#referrer-view")
        assert WANTS in shown and "Mental health and wellbeing" in shown
        form.query_one("#outcome", Select).value = "early_help"
        form.query_one("#reasons", TextArea).text = "Wider worries at home"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, DecisionFormScreen)  # agreed or different: not said
        assert "referrer's view" in text_of(app, "#form-error")
        form.query_one("#response", Select).value = "different"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, DecisionFormScreen)  # different, but not why
        assert "Why it differs from the referrer's view is needed" in text_of(app, "#form-error")
        form.query_one("#response_reason", TextArea).focus()
        await type_text(pilot, "Eating is one part; the family needs [bold]early help[/bold]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        decision = text_of(app, "#decision")
        assert "different from the referrer's view: Eating is one part" in decision
        assert "[bold]early help[/bold]" in decision  # shown as typed, not as markup
        await pilot.press("d")  # an amendment starts from how the decision answered
        amend = app.screen
        assert isinstance(amend, DecisionFormScreen)
        assert amend.query_one("#response", Select).value == "different"
        assert amend.query_one("#response_reason", TextArea).text.startswith("Eating is one")
        await pilot.press("escape")
    current = store.referral(referral_id).decision
    assert current is not None
    assert (current.referrer_response, current.response_reason) == (
        "different",
        "Eating is one part; the family needs [bold]early help[/bold]",
    )
    referrals = rows(export_day(store, store.today(), tmp_path / "out")[1])
    assert referrals[0]["referrer_view_response"] == "different"
    assert referrals[0]["referrer_view_response_reason"].startswith("Eating is one part")


async def test_agreeing_needs_no_reason(store: Store, tmp_path: Path) -> None:
    referral_id = a_call(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("enter", "d")
        form = app.screen
        form.query_one("#outcome", Select).value = "partner"
        form.query_one("#reasons", TextArea).text = "School nurse is the right support"
        form.query_one("#response", Select).value = "agreed"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Referrer's view: agreed with the referrer's view" in text_of(app, "#decision")
    current = store.referral(referral_id).decision
    assert current is not None and current.referrer_response == "agreed"


async def test_a_view_records_information_sharing(store: Store, tmp_path: Path) -> None:
    referral_id = a_call(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "3")  # education
        form = app.screen
        assert isinstance(form, ViewFormScreen)
        await type_text(pilot, "Attendance 82% this term")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ViewFormScreen)  # consent not said: refused
        assert "consent" in text_of(app, "#form-error")
        form.query_one("#consent", Select).value = "without"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ViewFormScreen)  # without consent, but not why
        assert "Why it was shared without consent is needed" in text_of(app, "#form-error")
        form.query_one("#without_consent_reason", TextArea).text = "Asking could raise the risk"
        form.query_one("#shared_what", Input).value = "Attendance record"
        form.query_one("#shared_with", Input).value = "Duty team and school nurse"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        views = text_of(app, "#views")
        assert "Information sharing: shared without consent: Asking could raise the risk" in views
        assert "shared Attendance record with Duty team and school nurse" in views
    (view,) = store.referral(referral_id).views
    assert (view.consent, view.shared_what) == ("without", "Attendance record")
    exported = rows(export_day(store, store.today(), tmp_path / "out")[2])
    assert exported[0]["consent"] == "without"
    assert exported[0]["without_consent_reason"] == "Asking could raise the risk"
    assert exported[0]["shared_with"] == "Duty team and school nurse"


def test_older_records_say_not_recorded(store: Store) -> None:
    referral_id = a_call(store)
    session = store.session_for(store.today())
    assert session is not None
    store.add_view(referral_id, session.id, "health", "Known", "", MASH)
    store.decide(referral_id, session.id, "advice", "Advice given", [], MASH, expected_version=0)
    detail = store.referral(referral_id)
    assert detail.views[0].sharing == "not recorded"
    assert detail.decision is not None and detail.decision.response_shown == "not recorded"
