"""The measures, the referrer's feedback and the team's experience, through the console."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from dutydesk.app import DutyDeskApp
from dutydesk.domain.records import CallDetails, Child
from dutydesk.screens.end_session import EndSessionScreen
from dutydesk.screens.measures import MeasuresScreen
from dutydesk.screens.queue import QueueScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.storage import Store
from tests.conftest import MovableClock
from tests.pilot_helpers import MASH, start_room, text_of, type_text


async def test_feedback_then_measures_then_experience(
    store: Store, clock: MovableClock, tmp_path: Path
) -> None:
    session = start_room(store)
    row = store.add_call(session.id, CallDetails("immediate", (Child("Kai Unreal"),), "x"), MASH)
    clock.advance(minutes=50)
    store.decide(row.referral_id, session.id, "strategy", "risk", [], MASH, expected_version=0)
    store.pass_on(row.referral_id, session.id, MASH)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        assert "Referrer not told yet" in text_of(app, "#decision")
        await pilot.press("f")
        app.screen.query_one("#how", Select).value = "phone"
        app.screen.query_one("#satisfaction", Select).value = 4
        app.screen.query_one("#comment", Input).focus()
        await type_text(pilot, "Glad it was quick")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReferralScreen)
        assert "satisfaction 4/5" in text_of(app, "#decision")
        assert "Glad it was quick" in text_of(app, "#decision")

        await pilot.press("escape", "m")
        assert isinstance(app.screen, MeasuresScreen)
        figures = text_of(app, "#figures")
        assert "IMMEDIATE referrals" in figures
        assert "50m" in figures  # median time to the Assessment Team
        assert "4.0 from 1" in figures  # referrer satisfaction
        assert "Strategy discussion" in text_of(app, "#charts")
        await pilot.press("a")
        assert "Measures, Thu 26 Nov 2026" in text_of(app, "#figures")

        await pilot.press("escape", "e")
        assert isinstance(app.screen, EndSessionScreen)
        assert "none given yet" in text_of(app, "#experiences")
        await pilot.press("x", "2")  # police, by its number among those present
        app.screen.query_one("#rating", Select).value = 4
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EndSessionScreen)
        assert "Police 4/5" in text_of(app, "#experiences")
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)
    (given,) = store.experiences(session.id)
    assert (given.agency, given.rating, given.name) == ("police", 4, "DC Sam Ortiz-Example")


async def test_the_measures_screen_has_a_run_chart_of_the_last_days(tmp_path: Path) -> None:
    """Seven demo days: each chosen measure a line of blocks, a day each, with its median,
    and the days of the test kept in the record marked T under it (unless a signal's letter
    is there); one recorded day only: no run charts."""
    import pendulum

    from dutydesk.demo import seed_demo
    from dutydesk.domain.clock import fixed_clock
    from dutydesk.storage import open_store

    now = pendulum.datetime(2026, 11, 26, 16, tz="Europe/London")
    store = open_store(tmp_path / "runs.db", fixed_clock(now))
    seed_demo(store, days=7)
    store.add_trial("Front door test 1", store.session_days()[-3:], MASH)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        assert isinstance(app.screen, MeasuresScreen)
        runs = text_of(app, "#runs")
        assert "Day by day, Wed 18 Nov 2026 to Thu 26 Nov 2026" in runs
        calls = next(line for line in runs.splitlines() if line.startswith("Calls received"))
        blocks = calls.split()[2]
        assert len(blocks) == 7 and set(blocks) <= set("▁▂▃▄▅▆▇█·")
        assert "median" in calls
        lines = runs.splitlines()
        marks = lines[lines.index(calls) + 1][31:38]
        assert marks == "    TTT", marks  # no signal in these 7 days
        assert all(len(line) <= 80 for line in runs.splitlines())
    store.close()


async def test_one_day_has_no_run_chart(store: Store, tmp_path: Path) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        assert text_of(app, "#runs") == ""
