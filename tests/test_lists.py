"""The partnership's own lists (lists.toml): the CLI that finds, shows, writes and checks
them, and what the console does with a good file and a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dutydesk import lists, paths
from dutydesk.app import DutyDeskApp
from dutydesk.cli import cli
from dutydesk.domain import vocab
from dutydesk.domain.records import CallDetails, Child
from dutydesk.screens.queue import QueueScreen
from dutydesk.storage import Store
from tests.pilot_helpers import MASH, start_room

runner = CliRunner()


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("DUTYDESK_CONFIG", str(folder))
    monkeypatch.setenv("DUTYDESK_DB", str(tmp_path / "none.db"))
    monkeypatch.delenv("DUTYDESK_IMMEDIATE_TARGET_HOURS", raising=False)
    return folder


def shipped_with(old: str, new: str) -> str:
    text = vocab.default_text()
    assert old in text
    return text.replace(old, new, 1)


def test_path_init_and_show(config: Path) -> None:
    result = runner.invoke(cli, ["config", "path"])
    assert result.exit_code == 0
    assert str(config / "lists.toml") in result.output
    assert "no file yet" in result.output
    result = runner.invoke(cli, ["config", "init"])
    assert result.exit_code == 0, result.output
    assert (config / "lists.toml").read_text("utf-8") == vocab.default_text()
    shown = runner.invoke(cli, ["config", "show"])
    assert shown.exit_code == 0
    assert "Safety from abuse and exploitation" in shown.output  # needs by group
    assert "IMMEDIATE target in use: 4 hours" in shown.output
    assert "If a child is in immediate danger, call 999." in shown.output
    # Every list of the file is shown: the review rubric and the call's chosen fields too.
    assert "family_informed  Family informed" in shown.output
    assert "health_visitor   Health visitor or school nurse" in shown.output


def test_init_never_overwrites(config: Path) -> None:
    config.mkdir()
    (config / "lists.toml").write_text("# ours\n", "utf-8")
    result = runner.invoke(cli, ["config", "init"])
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert (config / "lists.toml").read_text("utf-8") == "# ours\n"


def test_the_shipped_lists_are_todays_vocabulary() -> None:
    shipped = vocab.defaults()
    assert [c.code for c in shipped.agencies] == [
        "health", "police", "education", "probation", "social_work", "early_help", "mash",
    ]  # fmt: skip
    assert {c.group for c in shipped.needs} == {
        "Education", "Health", "Family relationships", "Safety from abuse and exploitation",
        "Domestic abuse", "Housing and money", "Crime",
    }  # fmt: skip
    assert {"assessment", "strategy"} == shipped.to_assessment_team
    assert lists.check_text(vocab.default_text()).problems == []


def test_check_a_good_file(config: Path) -> None:
    runner.invoke(cli, ["config", "init"])
    result = runner.invoke(cli, ["config", "check"])
    assert result.exit_code == 0, result.output
    assert "is OK: 7 agencies, 3 urgencies, 7 outcomes, 17 needs" in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[needs]]\ncode = 'a'\nlabel = = 'A'\n", ["(at line 3, column 9)"]),  # bad TOML
        ("[[needs]]\ncode = 'a'\nlabel = 'A\n", ["end of the file, line 3", "left open"]),
        (
            "[[needs]]\ncode = 'a'\nlable = 'A'\ngroup = 'G'\n",
            ["line 3: needs.a.lable: unknown key (did you mean 'label'?)", "missing label"],
        ),
        (
            "[[needs]]\ncode = 'a'\nlabel = 'A'\ngroup = 'G'\n\n"
            "[[needs]]\ncode = 'a'\nlabel = 'B'\ngroup = 'G'\n",
            ["line 7: needs.a: duplicate code 'a' (first on line 2)"],
        ),
        ("colour = 'red'\n", ["line 1: colour: unknown key"]),
        ("[[urgencies]]\ncode = 'today'\nlabel = 'TODAY'\n", ["must keep the code 'immediate'"]),
        (
            "[[urgencies]]\ncode = 'immediate'\nlabel = 'NOW'\ntarget_hours = 'four'\n",
            ["line 4: urgencies.immediate.target_hours: must be a number of hours"],
        ),
        ("[[needs]]\ncode = 'Bad Code'\nlabel = 'x'\n", ["use lower-case letters"]),
    ],
)
def test_check_says_line_key_and_what_is_wrong(
    config: Path, tmp_path: Path, text: str, expected: list[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(text, "utf-8")
    result = runner.invoke(cli, ["config", "check", str(bad)])
    assert result.exit_code == 1, result.output
    for words in expected:
        assert words in result.output
    assert "this file is not used" in result.output


def test_a_removed_code_still_in_use_is_a_warning_with_a_count(
    config: Path, store: Store, tmp_path: Path
) -> None:
    session = start_room(store)
    for n in range(3):
        store.add_call(
            session.id,
            CallDetails("today", (Child(f"Child {n}"),), "seen", needs=("young_carer",)),
            MASH,
        )
    edited = tmp_path / "lists.toml"
    edited.write_text(
        shipped_with(
            '[[needs]]\ncode = "young_carer"\nlabel = "Young carer"\n'
            'group = "Family relationships"\n',
            "",
        ),
        "utf-8",
    )
    result = runner.invoke(cli, ["config", "check", str(edited), "--db", store.location])
    assert result.exit_code == 0, result.output
    assert "warning: needs.young_carer: not in the list any more, but 3 stored records" in (
        result.output
    )


def test_the_immediate_target_comes_from_the_lists_unless_overridden(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config.mkdir()
    (config / "lists.toml").write_text(
        shipped_with("target_hours = 4\n", "target_hours = 2.5\n"), "utf-8"
    )
    loaded, warning = lists.load(config)
    assert warning == ""
    assert paths.immediate_target_minutes(loaded) == 150
    monkeypatch.setenv("DUTYDESK_IMMEDIATE_TARGET_HOURS", "1")
    assert paths.immediate_target_minutes(loaded) == 60  # the environment overrides the file
    shown = runner.invoke(cli, ["config", "show"])
    assert "target 2.5 hours" in shown.output
    assert "IMMEDIATE target in use: 1 hours" in shown.output


async def test_a_label_edited_in_the_file_reaches_the_console(
    config: Path, store: Store, tmp_path: Path
) -> None:
    config.mkdir()
    (config / "lists.toml").write_text(
        shipped_with('label = "Young carer"', 'label = "Young carers (caring at home)"'), "utf-8"
    )
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports", config_dir=config)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert "Young carers (caring at home)" in [c.label for c in app.lists.needs]
        assert store.lists is app.lists  # what the Store saves labels from
        assert app.lists_warning == ""
    assert "Young carer" in [c.label for c in vocab.defaults().needs]  # nothing global moved


async def test_a_bad_file_at_start_means_the_shipped_lists_and_says_so(
    config: Path, store: Store, tmp_path: Path
) -> None:
    config.mkdir()
    (config / "lists.toml").write_text("[[needs]]\ncode = 'a'\n", "utf-8")
    start_room(store)
    app = DutyDeskApp(store, tmp_path / "exports", config_dir=config)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QueueScreen)  # the session goes ahead
        shown = [str(n.message) for n in app._notifications]
        assert any("the shipped lists are in use" in m and "missing label" in m for m in shown)
        assert any("dutydesk config check" in m for m in shown)
    assert app.lists == vocab.defaults()


def test_the_cli_warns_on_a_bad_file_and_carries_on(config: Path, tmp_path: Path) -> None:
    config.mkdir()
    (config / "lists.toml").write_text("[[agencies]]\ncode = 'health'\n", "utf-8")
    result = runner.invoke(cli, ["paths"])
    assert result.exit_code == 0
    assert "warning:" in result.output and "shipped lists are in use" in result.output
