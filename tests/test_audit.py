"""Who did what: `dutydesk audit` lists a day's changes (London time, who, agency, what),
and the referral screen's history (H) shows one referral's, names exactly as typed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import DataTable
from typer.testing import CliRunner

from dutydesk.app import DutyDeskApp
from dutydesk.cli import cli
from dutydesk.domain.records import Actor, CallDetails, Child
from dutydesk.screens.audit import AuditScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.storage import Store
from tests.conftest import MovableClock
from tests.pilot_helpers import start_room
from tests.reliability_helpers import HEALTH, MASH, worked_referral

runner = CliRunner()
SUMMER = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)  # 10:30 in London (BST)


# The command-line tests run on both engines (`engine_store` on `db_target`).


def test_audit_lists_the_days_changes_in_london_time(
    engine_store: Store, clock: MovableClock, db_target: str
) -> None:
    clock.set(SUMMER)
    worked = worked_referral(engine_store)
    result = runner.invoke(cli, ["audit", "--date", "2026-07-01", "--db", db_target])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["time", "referral", "who", "agency", "what", "changed"]
    assert lines[1].startswith("10:30:00") and "session started: 2026-07-01" in lines[1]
    call = next(line for line in lines if "call added" in line)
    assert worked.ref in call and MASH.name in call and "MASH officer" in call
    view = next(line for line in lines if "view added" in line)
    assert HEALTH.name in view and "Health" in view
    assert "decision made: Early help" in result.output
    assert "A fictional worry" not in result.output  # what was typed is not in the log


def test_audit_of_one_referral(engine_store: Store, clock: MovableClock, db_target: str) -> None:
    clock.set(SUMMER)
    first = worked_referral(engine_store, "First Child")
    second = worked_referral(engine_store, "Second Child")
    db = db_target
    result = runner.invoke(
        cli, ["audit", "--date", "2026-07-01", "--referral", second.ref, "--db", db]
    )
    assert result.exit_code == 0, result.output
    assert second.ref in result.output and first.ref not in result.output
    assert "session started" not in result.output


def test_audit_says_so_plainly(engine_store: Store, db_target: str) -> None:
    db = db_target
    worked_referral(engine_store)
    quiet = runner.invoke(cli, ["audit", "--date", "2020-01-01", "--db", db])
    assert quiet.exit_code == 0 and "No changes on 2020-01-01" in quiet.output
    unknown = runner.invoke(cli, ["audit", "--referral", "991231-99", "--db", db])
    assert unknown.exit_code == 2 and "There is no referral '991231-99'" in unknown.output
    bad = runner.invoke(cli, ["audit", "--date", "yesterday", "--db", db])
    assert bad.exit_code == 2 and "is not a date" in bad.output


async def test_the_referral_history_screen(store: Store, tmp_path: Path) -> None:
    session = start_room(store)
    odd = Actor("[bold red]Kim[/] O'Example", "police", "PC [dim]")  # typed, not markup
    row = store.add_call(
        session.id, CallDetails("today", (Child("Nia Example"),), worry_seen="Seen."), MASH
    )
    store.add_view(row.referral_id, session.id, "police", "Known.", "", odd)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(160, 32)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ReferralScreen)
        await pilot.press("h")
        assert isinstance(app.screen, AuditScreen)
        table = app.screen.query_one("#audit", DataTable)
        rows = [[str(c) for c in table.get_row(key)] for key in table.rows]
        assert [r[3] for r in rows] == ["call added", "view added"]
        assert rows[1][1] == "[bold red]Kim[/] O'Example" and rows[1][2] == "Police"
        await pilot.pause()
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "[bold red]Kim[/] O'Example" in shown  # on screen exactly as typed
        assert rows[0][0].endswith("10:00:00")  # 10:00 GMT on the fixture's Thursday
        await pilot.press("escape")
        assert isinstance(app.screen, ReferralScreen)


def test_actions_are_named_by_what_not_by_id(
    engine_store: Store, clock: MovableClock, db_target: str
) -> None:
    """The log holds the action's id (no typed text); the history and `dutydesk audit`
    name the action by its What, for every event about it."""
    clock.set(SUMMER)
    worked = worked_referral(engine_store)  # "Phone the school.", ticked done
    store = engine_store
    session = worked.session
    visit = store.add_action(
        worked.referral_id, session.id, "Visit at home", "early_help", "", None, "", MASH
    )
    store.set_action_done(visit.id, session.id, True, MASH)
    store.set_action_done(visit.id, session.id, False, MASH)
    shown = [e.what for e in store.referral_events(worked.referral_id) if "action" in e.kind]
    assert shown == [
        "action added: Phone the school. (Education)",
        "action done: Phone the school.",
        "action added: Visit at home (Early help)",
        "action done: Visit at home",
        "action reopened: Visit at home",
    ]
    result = runner.invoke(cli, ["audit", "--date", "2026-07-01", "--db", db_target])
    assert "action reopened: Visit at home" in result.output
    assert f"action done: {visit.id}" not in result.output
