"""The walls between layers: the headless code never loads Textual or Rich, screens never
touch SQL. Each headless module is imported in a fresh interpreter, so nothing else in
the test run can hide an import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dutydesk"
HEADLESS = [
    "dutydesk.domain.vocab",
    "dutydesk.domain.clock",
    "dutydesk.domain.due",
    "dutydesk.domain.text",
    "dutydesk.domain.records",
    "dutydesk.storage",
    "dutydesk.storage.store",
    "dutydesk.exports.daily",
    "dutydesk.demo",
    "dutydesk.demo_extras",
    "dutydesk.importing",
    "dutydesk.commands.importing",
    "dutydesk.domain.matching",
    "dutydesk.domain.feedback_text",
    "dutydesk.storage.contacts",
    "dutydesk.storage.matches",
    "dutydesk.paths",
    "dutydesk.settings",
    "dutydesk.cli",
    "dutydesk.domain.audit",
    "dutydesk.storage.append_only",
    "dutydesk.storage.audit",
    "dutydesk.storage.backup",
    "dutydesk.storage.chain",
    "dutydesk.storage.integrity",
    "dutydesk.storage.migrate",
    "dutydesk.storage.preflight",
    "dutydesk.storage.purge",
    "dutydesk.storage.changes",
    "dutydesk.commands.admin",
    "dutydesk.storage.server",
    "dutydesk.storage.copy",
    "dutydesk.commands.moving",
    "dutydesk.lists",
    "dutydesk.services",
    "dutydesk.storage.directory",
    "dutydesk.commands.config",
    "dutydesk.commands.services",
]
UI_LIBRARIES = ("textual", "rich")


def loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return {name.split(".")[0] for name in done.stdout.split()}


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_modules_never_load_textual_or_rich(module: str) -> None:
    loaded = loaded_after(f"import {module}")
    assert not loaded & set(UI_LIBRARIES), f"{module} pulls in {loaded & set(UI_LIBRARIES)}"


def test_the_export_command_runs_without_textual(tmp_path: Path) -> None:
    from dutydesk.storage import open_store

    open_store(tmp_path / "x.db").close()  # export never makes a database (issue 14, item 5)
    code = (
        "from typer.testing import CliRunner\n"
        "from dutydesk.cli import cli\n"
        f"r = CliRunner().invoke(cli, ['export', '--db', r'{tmp_path / 'x.db'}', "
        f"'--date', '2026-11-26', '--out', r'{tmp_path}'])\n"
        "assert 'No duty session' in r.output, r.output\n"
    )
    assert not loaded_after(code) & set(UI_LIBRARIES)


@pytest.mark.parametrize("command", ["check", "backup", "audit", "purge --older-than 1y --yes"])
def test_the_admin_commands_run_without_textual(tmp_path: Path, command: str) -> None:
    """IT runs these on servers and in scripts: opening (and upgrading) the database and
    doing the work must not load the console."""
    db = tmp_path / "x.db"
    code = (
        "from typer.testing import CliRunner\n"
        "from dutydesk.cli import cli\n"
        "from dutydesk.storage import open_store\n"
        f"open_store(r'{db}').close()\n"
        f"r = CliRunner().invoke(cli, {command.split()!r} + ['--db', r'{db}'])\n"
        "assert r.exit_code == 0, r.output\n"
    )
    assert not loaded_after(code) & set(UI_LIBRARIES)


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "path",
    sorted((PACKAGE / "screens").glob("*.py")) + sorted((PACKAGE / "widgets").glob("*.py")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_screens_and_widgets_never_touch_sql(path: Path) -> None:
    forbidden = {"sqlalchemy", "sqlmodel", "sqlite3"}
    tables = {"dutydesk.storage.tables", "dutydesk.storage.queries", "dutydesk.storage.engine"}
    found = {name for name in imports_of(path) if name.split(".")[0] in forbidden or name in tables}
    assert not found, f"{path.name} imports {found}: go through the Store"


def test_the_app_class_lives_alone() -> None:
    """The App and the screens are in separate modules (one place for each thing)."""
    for path in (PACKAGE / "screens").glob("*.py"):
        assert "(App[" not in path.read_text("utf-8"), path.name
    assert "(Screen[" not in (PACKAGE / "app.py").read_text("utf-8")
