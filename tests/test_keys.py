"""Keys that work on every terminal, stable binding ids, the team's keymap file, and the
remembered theme and layout."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from textual.actions import parse as parse_action
from textual.keys import key_to_character
from textual.widgets import DataTable, Input, TextArea
from typer.testing import CliRunner

from dutydesk import paths
from dutydesk.app import key_holders, screen_classes
from dutydesk.cli import cli
from dutydesk.keymap import catalogue, definitions, load_keymap
from dutydesk.keys import NEEDS_ANOTHER_KEY, display, is_key_name, unsafe_reason
from dutydesk.settings import HIGH_CONTRAST_THEME, Settings, load_settings, save_settings
from dutydesk.widgets.form import FormScreen
from tests.keyboard_helpers import make_app, reach, seeded_template

__all__ = ["seeded_template"]
runner = CliRunner()


def command(cls: type, action: str) -> tuple[str, str]:
    """An action as (where, name): the app's `help` and a dialog's `app.help` are one."""
    where, name, params = parse_action(action)
    from dutydesk.app import DutyDeskApp

    where = where or ("app" if issubclass(cls, DutyDeskApp) else "screen")
    return where, f"{name}{params}"


def test_every_binding_has_a_stable_unique_id() -> None:
    meaning: dict[str, set[tuple[tuple[str, str], str]]] = defaultdict(set)
    for cls, binding in definitions(key_holders()):
        assert binding.id, f"{cls.__name__}: '{binding.key}' needs an id (for keymaps)"
        assert binding.description, f"{binding.id} needs a description (footer, help)"
        meaning[binding.id].add((command(cls, binding.action), binding.description))
    reused = {i: m for i, m in meaning.items() if len(m) > 1}
    assert not reused, f"one id, one command: {reused}"
    assert {"help", "quit", "save", "queue-add-call", "referral-decide"} <= set(meaning)


def test_shipped_bindings_avoid_unsafe_keys() -> None:
    for cls, binding in definitions(key_holders()):
        reason = unsafe_reason(binding.key)
        assert reason is None, f"{binding.id} on {cls.__name__}: {display(binding.key)}: {reason}"
        assert is_key_name(binding.key), binding.key


def test_keys_some_terminals_take_have_another_key() -> None:
    for section in catalogue(key_holders()):
        rows = list(section.rows) + list(catalogue(key_holders())[0].rows)
        for row in section.rows:
            for key in set(row.keys) & set(NEEDS_ANOTHER_KEY):
                others = {k for r in rows if r.action.endswith(row.action) for k in r.keys}
                assert others - set(NEEDS_ANOTHER_KEY), f"{row.binding_id}: only {key}"


def test_keys_that_work_while_typing_type_nothing() -> None:
    """A priority key fires even in a text field, so it must not be a character."""
    for _cls, binding in definitions(key_holders()):
        if binding.priority:
            char = key_to_character(binding.key)
            assert not (char and char.isprintable()), f"{binding.id}: '{binding.key}'"


def test_form_keys_are_not_text_editing_keys() -> None:
    editing = {k for w in (Input, TextArea) for k, _ in w._merged_bindings}
    for screen in screen_classes():
        if issubclass(screen, FormScreen) or screen.__name__ == "SessionStartScreen":
            for key, binding in screen._merged_bindings:
                if binding.id:
                    assert key not in editing, f"{binding.id}: {key} edits text in a field"
    assert "enter" in {k for k, _ in DataTable._merged_bindings}


@pytest.mark.parametrize(
    "key",
    [
        *("ctrl+shift+n", "alt+x", "f11", "f12", "ctrl+h", "ctrl+i", "ctrl+m", "ctrl+b"),
        *("ctrl+c", "ctrl+z", "ctrl+v", "ctrl+1", "ctrl+minus", "shift+f3", "ctrl+pageup", "f13"),
    ],
)
def test_unsafe_keys_say_why(key: str) -> None:
    reason = unsafe_reason(key)
    assert reason and len(reason) > 10


@pytest.mark.parametrize("key", ["ctrl+s", "ctrl+q", "ctrl+n", "ctrl+p", "f1", "f2", "a", "?"])
def test_the_keys_dutydesk_uses_are_safe(key: str) -> None:
    assert unsafe_reason(key) is None


def write_keymap(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "keys.toml").write_text(text, "utf-8")
    return folder


def test_no_keymap_means_the_shipped_keys(tmp_path: Path) -> None:
    loaded = load_keymap(tmp_path, key_holders)
    assert loaded.keymap == {} and loaded.problems == ()


def test_a_keymap_moves_keys(tmp_path: Path) -> None:
    loaded = load_keymap(write_keymap(tmp_path, 'queue-add-call = "n"\nsave = "F5"\n'), key_holders)
    assert loaded.problems == ()
    assert loaded.keymap == {"queue-add-call": "n", "save": "f5"}


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("queue-add-call = n\n", "not valid TOML"),
        ('nonsense-id = "n"\n', "'nonsense-id' is not a binding id"),
        ('referral-view-health = "f5"\n', "now named by its place in the lists: referral-view-1"),
        ('queue-add-call = "ctrl+b"\n', "tmux's prefix"),
        ('queue-add-call = "bananas"\n', "not a key name"),
        ("queue-add-call = 5\n", "give a key in quotes"),
        ('save = "s"\n', "needs a key that types nothing"),
        ('queue-add-call = "tab"\n', "moves to the next field"),
        ('queue-add-call = "o"\n', "On queue, o would be queue-actions and queue-add-call"),
    ],
)
def test_a_bad_keymap_is_refused_whole_with_a_reason(tmp_path: Path, text: str, says: str) -> None:
    loaded = load_keymap(write_keymap(tmp_path, text + 'queue-who = "n"\n'), key_holders)
    assert loaded.keymap == {}
    assert any(says in p for p in loaded.problems), loaded.problems


async def test_the_console_uses_the_keymap(tmp_path: Path, seeded_template: Path) -> None:
    config = write_keymap(tmp_path / "config", 'queue-add-call = "n"\n')
    app = make_app(tmp_path, seeded_template, config_dir=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await reach(pilot, "QueueScreen")
        await pilot.press("a")
        assert type(app.screen).__name__ == "QueueScreen"
        await pilot.press("n")
        assert type(app.screen).__name__ == "CallFormScreen"


async def test_a_bad_keymap_still_starts_with_the_shipped_keys(
    tmp_path: Path, seeded_template: Path
) -> None:
    config = write_keymap(tmp_path / "config", "queue-add-call = [oops\n")
    app = make_app(tmp_path, seeded_template, config_dir=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await reach(pilot, "QueueScreen")
        said = [n.message for n in app._notifications]
        assert any("not valid TOML" in m and "shipped keys" in m for m in said), said
        await pilot.press("a")
        assert type(app.screen).__name__ == "CallFormScreen"


def test_dutydesk_keys_shows_the_keymap_and_checks_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUTYDESK_CONFIG", str(tmp_path))
    write_keymap(tmp_path, 'queue-add-call = "n"\n')
    result = runner.invoke(cli, ["keys"])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.endswith(" queue-add-call"))
    assert line.split()[0] == "n"
    shipped = runner.invoke(cli, ["keys", "--shipped"]).output
    assert next(x for x in shipped.splitlines() if x.endswith(" queue-add-call")).split()[0] == "a"
    write_keymap(tmp_path, 'queue-add-call = "alt+a"\n')
    result = runner.invoke(cli, ["keys"])
    assert result.exit_code == 1
    assert "is not used" in result.output and "Alt" in result.output


def test_dutydesk_keys_lists_the_unsafe_keys() -> None:
    result = runner.invoke(cli, ["keys", "--unsafe"])
    assert result.exit_code == 0
    assert "Ctrl+B" in result.output and "tmux" in result.output
    assert "XON/XOFF" in result.output


def test_config_lives_in_the_users_config_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUTYDESK_CONFIG", raising=False)
    assert "dutydesk" in str(paths.config_dir())
    monkeypatch.setenv("DUTYDESK_CONFIG", "/somewhere/else")
    assert paths.config_dir() == Path("/somewhere/else")


def test_settings_round_trip_and_survive_a_bad_file(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings()
    assert save_settings(tmp_path, Settings(theme=HIGH_CONTRAST_THEME, layout="large")) is None
    assert load_settings(tmp_path) == Settings(HIGH_CONTRAST_THEME, "large")
    odd = Settings(theme='a "quoted" \\ théme\n\x7f')  # any text comes back as it was
    assert save_settings(tmp_path, odd) is None and load_settings(tmp_path) == odd
    (tmp_path / "settings.toml").write_text("theme = [", "utf-8")
    assert load_settings(tmp_path) == Settings()
    blocked = tmp_path / "file"
    blocked.write_text("", "utf-8")
    assert "Could not remember" in (save_settings(blocked, Settings()) or "")


async def test_theme_and_layout_are_remembered(tmp_path: Path, seeded_template: Path) -> None:
    config = tmp_path / "config"
    app = make_app(tmp_path, seeded_template, config_dir=config)
    async with app.run_test(size=(120, 30)) as pilot:
        await reach(pilot, "QueueScreen")
        assert app.theme == "textual-dark"
        await pilot.press("f2")
        assert app.theme == HIGH_CONTRAST_THEME
        table = app.screen.query_one("#queue", DataTable)
        assert len(table.columns) == 11  # every column (the large layout has 5)
        await pilot.press("l")
        assert [str(k.value) for k in table.columns][:3] == ["urgency", "child", "waiting"]
        assert len(table.columns) == 5
        await pilot.pause()
    assert load_settings(config) == Settings(HIGH_CONTRAST_THEME, "large")
    again = make_app(tmp_path / "again", seeded_template, config_dir=config)
    async with again.run_test(size=(120, 30)) as pilot:
        await reach(pilot, "QueueScreen")
        assert again.theme == HIGH_CONTRAST_THEME
        assert len(again.screen.query_one("#queue", DataTable).columns) == 5


async def test_f1_shows_help_on_every_kind_of_screen(tmp_path: Path, seeded_template: Path) -> None:
    """Textual's dialogs ignore the app's keys; dutydesk's dialogs carry F1 themselves."""
    app = make_app(tmp_path, seeded_template)
    async with app.run_test(size=(100, 30)) as pilot:
        for name in ("QueueScreen", "CallFormScreen", "WhoScreen", "EndSessionScreen"):
            while len(app.screen_stack) > 2:
                await app.pop_screen()
            await reach(pilot, name)
            await pilot.press("f1")
            assert type(app.screen).__name__ == "HelpScreen", name
            await pilot.press("f1")
            assert type(app.screen).__name__ == name
