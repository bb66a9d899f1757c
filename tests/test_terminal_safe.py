"""Nothing typed or stored reaches a terminal as a control: `import --name` is cleaned as
the console cleans a typed name, and every command shows a stored control as its code."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from typer.testing import CliRunner

from dutydesk.cli import cli
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.records import Actor
from dutydesk.domain.text import terminal_safe
from dutydesk.storage import open_store
from tests.engines import rows

runner = CliRunner()
NOW = pendulum.datetime(2026, 11, 26, 12, tz="Europe/London")
PWNED = "\x1b]0;PWNED\x07"  # retitles the terminal window
FORM = (
    "received_at,urgency,child_name,child_dob_or_age,worry_seen,referrer_name,needs\n"
    "2026-11-26 08:10,today,Tilly Formfield,2016-02-03,Often hungry,Pat Online,neglect\n"
)


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    import dutydesk.storage as storage

    real = storage.open_store
    monkeypatch.setattr(
        storage, "open_store", lambda target, **kw: real(target, fixed_clock(NOW), **kw)
    )


def controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]


def test_import_cleans_the_name_as_the_console_does(tmp_path: Path) -> None:
    db, form = tmp_path / "t.db", tmp_path / "form.csv"
    form.write_text(FORM, encoding="utf-8")
    name = f"Sam{PWNED} Test\x1b[2J"
    result = runner.invoke(cli, ["import", str(form), "--db", str(db), "--name", name])
    assert result.exit_code == 0, result.output
    stored = rows(str(db), "SELECT DISTINCT actor_name FROM event")
    assert stored == [("Sam Test",)]
    assert rows(str(db), "SELECT name FROM attendee") == [("Sam Test",)]
    audit = runner.invoke(cli, ["audit", "--db", str(db), "--date", "2026-11-26"])
    assert audit.exit_code == 0 and "Sam Test" in audit.output
    assert not controls(audit.output)


def test_audit_shows_a_stored_control_as_its_code(tmp_path: Path) -> None:
    """A row written before names were cleaned (here: an Actor made dirty on purpose)."""
    db = tmp_path / "old.db"
    store = open_store(db, fixed_clock(NOW))
    actor = Actor("Old Desk", "mash")
    object.__setattr__(actor, "name", f"Old{PWNED}Desk\u202e")
    store.record_event("restored from backup", "x.db", actor)
    store.close()
    assert rows(str(db), "SELECT actor_name FROM event") == [(f"Old{PWNED}Desk\u202e",)]
    result = runner.invoke(cli, ["audit", "--db", str(db), "--date", "2026-11-26"])
    assert result.exit_code == 0, result.output
    assert not controls(result.output) and "\u202e" not in result.output
    assert "Old\\x1b]0;PWNED\\x07Desk\\u202e" in result.output


def test_a_path_with_controls_is_shown_inert(tmp_path: Path) -> None:
    result = runner.invoke(cli, ["check", "--db", str(tmp_path / f"no{PWNED}.db")])
    assert result.exit_code in (1, 2)
    assert "no\\x1b]0;PWNED\\x07.db" in result.output and not controls(result.output)


def test_a_restored_file_name_is_recorded_clean(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    open_store(db, fixed_clock(NOW)).close()
    store = open_store(db, fixed_clock(NOW))
    store.record_event("restored from backup", f"b{PWNED}.db", Actor("IT", "", "IT"))
    store.close()
    assert rows(str(db), "SELECT detail FROM event") == [("b.db",)]


def test_terminal_safe_keeps_text_and_lines() -> None:
    assert terminal_safe("Amira Khan\n\tline two £ é") == "Amira Khan\n\tline two £ é"
    assert terminal_safe("a\x1b[31mb\x9bc\x7f") == "a\\x1b[31mb\\x9bc\\x7f"
    assert terminal_safe("abc\u202edef\u2066") == "abc\\u202edef\\u2066"
