"""The team's retrospective: R from the end-of-day summary, keyboard only, saved once,
kept in the record (attributed) and listed in the report."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from dutydesk.app import DutyDeskApp
from dutydesk.screens.end_session import EndSessionScreen
from dutydesk.screens.retrospective_form import RetrospectiveFormScreen
from dutydesk.storage import Store
from tests.pilot_helpers import MASH, start_room, type_text


async def test_the_team_writes_its_retrospective_of_the_test_by_keys(
    store: Store, tmp_path: Path
) -> None:
    session = start_room(store)
    store.add_trial("Front door test 1", [session.day], MASH)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RetrospectiveFormScreen)
        await pilot.pause(0.2)  # the tests are read in a thread
        # Who was there: the people in the room, to correct.
        assert form.query_one("#present", Input).value.startswith("Hana Testwell, DC Sam")
        await type_text(pilot, "Decisions in the room")
        await pilot.press("tab")
        await type_text(pilot, "Phones")
        await pilot.press("tab")
        await type_text(pilot, "A second line")
        await pilot.press("shift+tab", "shift+tab", "shift+tab", "shift+tab")  # to "About"
        assert form.query_one("#about", Select).has_focus
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s", "ctrl+s")  # a double press saves once
        await pilot.pause(0.3)
        assert isinstance(app.screen, EndSessionScreen)
    (saved,) = store.retrospectives(session.day, session.day)
    assert (saved.worked, saved.not_worked, saved.try_next, saved.trial) == (
        "Decisions in the room",
        "Phones",
        "A second line",
        1,
    )
    assert saved.present.startswith("Hana Testwell, DC Sam Ortiz-Example")
    assert saved.recorded_by == app.actor.name


async def test_an_empty_retrospective_is_refused_and_keeps_the_form(
    store: Store, tmp_path: Path
) -> None:
    session = start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "r")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause(0.3)
        assert isinstance(app.screen, RetrospectiveFormScreen)
        error = str(app.screen.query_one("#form-error").render())
        assert "Write what worked, what did not, or what to try next" in error
    assert store.retrospectives(session.day, session.day) == []


PRESENT = "Priya Sample, Ola Visitor and the team"


def test_the_report_lists_retrospectives_pseudonymised_unless_identifiable(
    tmp_path: Path,
) -> None:
    import zipfile

    import pendulum
    import time_machine
    from typer.testing import CliRunner

    from dutydesk.cli import cli
    from dutydesk.demo import seed_demo
    from dutydesk.domain.clock import fixed_clock
    from dutydesk.storage import open_store

    now = pendulum.datetime(2026, 11, 26, 16, tz="Europe/London")
    store = open_store(tmp_path / "d.db", fixed_clock(now))
    seed_demo(store, days=3)
    day = store.session_days()[-1]
    store.add_trial("Front door test 1", [day], MASH)
    store.add_retrospective(
        day,
        1,
        (
            "Priya Sample chaired the team well",
            "The phones",
            "Two lines",
            PRESENT,
        ),
        MASH,
    )
    store.close()
    for extra, said, present in (
        ((), "[duty team] chaired the team well", "Who was there: 3 (names left out)"),
        (
            ("--identifiable",),
            "Priya Sample chaired the team well",
            PRESENT,
        ),
    ):
        out = tmp_path / f"out{len(extra)}"
        with time_machine.travel(now, tick=False):
            result = CliRunner().invoke(
                cli,
                [
                    "report",
                    "--test",
                    "Front door test 1",
                    "--db",
                    str(tmp_path / "d.db"),
                    "--out",
                    str(out),
                    *extra,
                ],
            )
        assert result.exit_code == 0, result.output
        html = next(out.glob("*.html")).read_text("utf-8")
        section = html.split('id="retrospectives"')[1].split("</section>")[0]
        assert "Thu 26 Nov 2026 (test day): the test &quot;Front door test 1&quot;" in section
        assert said in section and present in section
        assert "<dt>What did not</dt><dd>The phones</dd>" in section
        assert ("Ola" in html) == bool(extra)
    with zipfile.ZipFile(next(out.glob("*.xlsx"))) as book:
        assert '<sheet name="Retrospectives"' in book.read("xl/workbook.xml").decode("utf-8")
        assert "Priya Sample chaired the team well" in book.read("xl/sharedStrings.xml").decode(
            "utf-8"
        )
