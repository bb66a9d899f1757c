"""Ctrl+C, bugs and being killed: no traceback on the shared screen, nothing typed lost.

See dutydesk/failsafe.py for what the console does and why.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.widgets import Input

from dutydesk.app import DutyDeskApp
from dutydesk.failsafe import stopped_message, write_report
from dutydesk.screens.call_form import CallFormScreen
from dutydesk.screens.queue import QueueScreen
from dutydesk.screens.referral import ReferralScreen
from dutydesk.storage import Store
from tests.pilot_helpers import MASH, start_room, type_text
from tests.safety_helpers import count, notes

ROOT = Path(__file__).resolve().parent.parent


async def test_ctrl_c_says_how_to_quit_and_quits_nothing(store: Store, tmp_path: Path) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, QueueScreen)
        (note,) = notes(app)
        assert note.startswith("Do you want to quit?: Ctrl+C does not quit")
        assert "press Ctrl+Q" in note and "[b]" not in note
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_ctrl_c_in_a_text_field_copies_and_keeps_the_form(
    store: Store, tmp_path: Path
) -> None:
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await type_text(pilot, "Dr Ima Fictitious")
        await pilot.press("shift+home", "ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, CallFormScreen)
        assert app.screen.query_one("#referrer_name", Input).value == "Dr Ima Fictitious"
        assert app.clipboard == "Dr Ima Fictitious"


async def test_a_bug_in_an_action_is_a_notification_and_the_console_carries_on(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dutydesk.domain.records import CallDetails, Child

    session = start_room(store)
    row = store.add_call(session.id, CallDetails("today", (Child("Kit Example"),), "seen"), MASH)
    store.add_action(row.referral_id, session.id, "Phone school", "education", "", None, "", MASH)

    def bug(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(Store, "set_action_done", bug)
    reports = tmp_path / "reports"
    app = DutyDeskApp(store, tmp_path / "exports", crash_dir=reports)
    # The console carries on; the test harness still hears of the bug when the app ends.
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("enter", "x")
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, ReferralScreen)
            (note,) = [n for n in notes(app) if n.startswith("Unexpected error")]
            assert "something unexpected went wrong (ZeroDivisionError)" in note
            assert "Everything saved is safe" in note and str(reports) in note
            await pilot.press("escape")  # the keys still work
            assert isinstance(app.screen, QueueScreen)
    assert count(store, "action_status") == 0
    (report,) = reports.iterdir()
    written = report.read_text("utf-8")
    assert "ZeroDivisionError: division by zero" in written
    assert "Kit Example" not in written and "Phone school" not in written  # no local values
    assert report.stat().st_mode & 0o077 == 0  # this user only


def test_the_plain_message_names_no_one(tmp_path: Path) -> None:
    error = ValueError("Kit Example, 12 Example Road")
    report = write_report(error, tmp_path / "reports")
    assert report is not None
    message = stopped_message(error, report)
    assert message.startswith("dutydesk stopped: something unexpected went wrong (ValueError).")
    assert "Kit Example" not in message and str(report) in message
    assert write_report(error, None) is None


CRASHING_APP = """
import sys
from pathlib import Path
from dutydesk.app import DutyDeskApp
from dutydesk.screens.queue import QueueScreen
from dutydesk.storage import open_store
from tests.pilot_helpers import start_room

folder = Path(sys.argv[1])
store = open_store(folder / "x.db")
start_room(store)

def broken(self):
    local_secret = "Kit Example"
    raise RuntimeError("the summary broke")

QueueScreen.summary = broken
app = DutyDeskApp(store, folder / "exports", crash_dir=folder / "reports")
app.run(headless=True)
sys.exit(app.return_code)
"""


def test_a_bug_outside_an_action_ends_with_a_plain_message(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_APP, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "Kit Example" not in done.stderr
    assert "dutydesk stopped: something unexpected went wrong (RuntimeError)." in done.stderr
    assert "kept as a draft" in done.stderr
    (report,) = (tmp_path / "reports").iterdir()
    assert str(report) in done.stderr.replace("\n", "")
    written = report.read_text("utf-8")
    assert "RuntimeError: the summary broke" in written and "Kit Example" not in written


def test_a_report_is_not_written_where_it_cannot_be(tmp_path: Path) -> None:
    blocked = tmp_path / "reports"
    blocked.write_text("a file where the folder should be")
    assert write_report(RuntimeError("x"), blocked) is None
    assert textwrap.dedent(stopped_message(None, None)).startswith("dutydesk stopped")
