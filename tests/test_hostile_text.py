"""User text is data, never markup or terminal control: hostile values go in through the
forms, come out literally on every screen that shows them, and safely in the CSV files.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from dutydesk.app import DutyDeskApp
from dutydesk.domain.text import screen_safe
from dutydesk.exports.daily import export_day
from dutydesk.screens.decision_form import DecisionFormScreen
from dutydesk.screens.queue import QueueScreen
from dutydesk.storage import Store
from tests.hostile import (
    CORPUS,
    in_csv,
    one_line,
    required,
    save_through_forms,
    screen_text,
    stored,
    stored_from_box,
)
from tests.pilot_helpers import queue_cells, start_room, text_of

DAY = "2026-11-26"


def read_csv(folder: Path, kind: str) -> list[dict[str, str]]:
    with open(folder / f"dutydesk-{DAY}-{kind}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("typed", CORPUS.values(), ids=list(CORPUS))
async def test_hostile_text_is_kept_shown_and_exported_literally(
    store: Store, tmp_path: Path, typed: str
) -> None:
    start_room(store)
    exports = tmp_path / "exports"
    app = DutyDeskApp(store, exports)
    # What a one-line field and a multi-line box keep of it; "must" for required fields.
    value, must = stored(typed), stored(required(typed))
    box, must_box = stored_from_box(typed), stored_from_box(required(typed))
    # On screen, each bidirectional control is a visible mark (issue 14): stored as typed.
    value, must, box, must_box = (
        screen_safe(value),
        screen_safe(must),
        screen_safe(box),
        screen_safe(must_box),
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await save_through_forms(app, pilot, typed)

        # The referral: the call, the view, the decision and the action plan.
        call = text_of(app, "#call")
        assert value in call and must in call and must_box in call and box in call
        assert must_box in text_of(app, "#views")
        assert must_box in text_of(app, "#decision")
        actions = app.screen.query_one("#actions", DataTable)
        assert str(actions.get_row_at(0)[0]) == one_line(must)

        # The decision form quotes the referrer's view back.
        await pilot.press("d")
        assert isinstance(app.screen, DecisionFormScreen)
        hints = " ".join(str(s.render()) for s in app.screen.query(".hint").results(Static))
        assert box in hints
        await pilot.press("escape")

        # The queue row, and the open actions from every day.
        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)
        (row,) = queue_cells(app).values()
        assert row[9] == (one_line(value) or "-")
        await pilot.press("o")
        open_actions = app.screen.query_one("#open-actions", DataTable)
        assert str(open_actions.get_row_at(0)[2]) == one_line(must)
        await pilot.press("escape")

        # The end of the day: the summary, then the files.
        await pilot.press("e")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Session ended" in text_of(app, "#end-hint")
        assert app.is_running

    # Stored exactly (less the control characters), under every field it went into.
    value, must = stored(typed), stored(required(typed))
    box, must_box = stored_from_box(typed), stored_from_box(required(typed))
    detail = store.referral(1)
    assert detail.call.referrer_org == value
    assert detail.call.children[0].name == must
    assert detail.call.worry_seen == must_box
    assert detail.call.referrer_view == box
    assert detail.views[0].knows == must_box
    assert detail.decision is not None and detail.decision.reasons == must_box
    assert detail.actions[0].what == must

    # The CSV holds the text, formulas neutralised, read back by Python's csv module: with
    # --identifiable, as typed (by default the child's name, typed here into every field,
    # is replaced by its role in the free text: tests/test_pseudonym.py).
    assert read_csv(exports, "referrals")
    exports = exports / "identifiable"
    export_day(store, date.fromisoformat(DAY), exports, identifiable=True)
    (referral,) = read_csv(exports, "referrals")
    assert referral["referrer_organisation"] == in_csv(value)
    assert referral["reasons"] == in_csv(must_box)
    (view,) = read_csv(exports, "views")
    assert view["knows"] == in_csv(must_box)
    (action,) = read_csv(exports, "actions")
    assert action["what"] == in_csv(must)


@pytest.mark.parametrize(
    "typed",
    [
        "[bold]Zed[/bold] Example",
        "[@click=app.quit]x[/]",
        "[link=http://x]y[/link]",
        "$variable and ${other}",
        "file\u202egnp.exe\u202c",
        "ليلى تحتاج إلى دعم",
    ],
)
async def test_what_the_terminal_shows_is_what_was_typed(
    store: Store, tmp_path: Path, typed: str
) -> None:
    """Not just the widgets' content: the characters actually drawn on the screen."""
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(160, 48)) as pilot:
        await save_through_forms(app, pilot, typed)
        drawn = screen_text(app)
        typed = screen_safe(typed)  # a bidi control drawn as a mark, never sent as itself
        assert drawn.count(typed) >= 4  # organisation, child, what was seen, view, ...
        assert "\x1b" not in drawn
        await pilot.press("escape")
        assert typed in screen_text(app)  # the queue's Referrer column
        await pilot.press("o")
        assert typed in screen_text(app)  # open actions
        assert app.is_running


async def test_csv_bytes_never_start_a_cell_with_a_formula(store: Store, tmp_path: Path) -> None:
    start_room(store)
    exports = tmp_path / "exports"
    app = DutyDeskApp(store, exports)
    async with app.run_test(size=(160, 48)) as pilot:
        for typed in (
            '=HYPERLINK("http://x","y")',
            "+1",
            "-1",
            "@SUM(A1)",
            'a,=HYPERLINK("http://x","y")',
            "first line\n=1+2",
        ):
            await save_through_forms(app, pilot, typed)
            await pilot.press("escape")
        await pilot.press("e", "ctrl+s")
        await pilot.pause()
    # The day's files (each child is named by the text it was given, so the free text has
    # its role instead: still never a formula), then the same day as typed.
    for kind in ("referrals", "views", "actions"):
        with open(exports / f"dutydesk-{DAY}-{kind}.csv", encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (kind, cell)
    exports = exports / "identifiable"
    export_day(store, date.fromisoformat(DAY), exports, identifiable=True)
    for kind in ("referrals", "views", "actions"):
        raw = (exports / f"dutydesk-{DAY}-{kind}.csv").read_bytes()
        # Each formula is written with its apostrophe first, where a spreadsheet starts the
        # cell: after the separator, inside the quotes if the cell needs them ...
        for written in (
            b',"\'=HYPERLINK(""http://x"",""y"")",',
            b",'+1,",
            b",'-1,",
            b",'@SUM(A1),",
        ):
            assert written in raw, (kind, written)
        for unsafe in (b",+1,", b",-1,", b",@SUM", b',"=HYP', b"\n=HYP"):
            assert unsafe not in raw, (kind, unsafe)
        assert raw.count(b",=HYP") == raw.count(b'"a,=HYP')  # only ever inside that cell
        # ... and a formula after a comma or a newline stays inside its quoted cell.
        assert b',"a,=HYPERLINK(""http://x"",""y"")",' in raw
        assert b',"first line\n=1+2",' in raw
        with open(exports / f"dutydesk-{DAY}-{kind}.csv", encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (kind, cell)


async def test_the_form_says_when_saving_took_out_control_characters(
    store: Store, tmp_path: Path
) -> None:
    from textual.widgets import Input, Select, TextArea

    from tests.safety_helpers import notes

    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        form = app.screen
        form.query_one("#child_name_0", Input).value = "Kit\x07 Example"
        form.query_one("#referrer_org", Input).value = "Brookfield\x1b]0;x\x07 Surgery"
        form.query_one("#worry_seen", TextArea).text = "saw \x1b[31mred\x1b[0m text\x00"
        form.query_one("#urgency", Select).value = "routine"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        shown = " ".join(notes(app))
        assert "Removed 3 control characters from What the referrer saw" in shown
        assert "Removed 1 control character from Child 1 name" in shown
        assert "Removed 1 control character from Organisation" in shown
        await pilot.press("a")
        app.screen.query_one("#child_name_0", Input).value = "Plain Example"
        app.screen.query_one("#worry_seen", TextArea).text = "nothing hidden"
        app.screen.query_one("#urgency", Select).value = "routine"
        app.clear_notifications()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not any("Removed" in n for n in notes(app))
    assert store.referral(1).call.worry_seen == "saw red text"


async def test_names_in_the_room_are_shown_literally(store: Store, tmp_path: Path) -> None:
    from textual.widgets import Input, OptionList, Select

    start_room(store)
    name = "[b]Jo[/b] $name \u202eDesk"
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        app.screen.query_one("#agency", Select).value = "probation"
        app.screen.query_one("#name", Input).value = name
        app.screen.query_one("#name", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("w")
        people = app.screen.query_one("#people", OptionList)
        prompts = [str(people.get_option_at_index(i).prompt) for i in range(people.option_count)]
        assert f"7  {name} (Probation)" in prompts
        await pilot.press("7")
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)
        assert f"{name} (Probation)" in app.sub_title
        assert name in screen_text(app)  # the header
