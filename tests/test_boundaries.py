"""The walls between layers: the headless code never loads Textual or Rich, screens never
touch SQL, and no module imports itself round a circle. The layers themselves are
import-linter's contract (pyproject.toml [tool.importlinter], run by scripts/check).

Every module of the package is found by walking it (a new one is covered without being
listed); the headless ones are imported in a fresh interpreter per part of the package, so
nothing else in the test run can hide an import."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest

import dutydesk

PACKAGE = Path(__file__).resolve().parent.parent / "dutydesk"
UI_LIBRARIES = ("textual", "rich")
# The console's layers: these are Textual code. Every other module runs headless (the
# command line, exports, the Store on a server, IT's scripts).
CONSOLE = {
    "dutydesk.app",
    "dutydesk.failsafe",
    "dutydesk.screens",
    "dutydesk.widgets",
    "dutydesk.keymap",
    "dutydesk.themes",
    "dutydesk.keys",
    "dutydesk.settle",
}
# Alembic's scripts: run by Alembic, inside its migration context, never imported.
NOT_IMPORTED = {"dutydesk.storage.migrations"}


def within(module: str, parts: set[str]) -> bool:
    return any(module == part or module.startswith(f"{part}.") for part in parts)


def every_module() -> list[str]:
    found = pkgutil.walk_packages(dutydesk.__path__, "dutydesk.")
    return sorted(m.name for m in found if not within(m.name, NOT_IMPORTED))


def headless_parts() -> dict[str, list[str]]:
    """The headless modules, by the part of the package they are in (storage, domain, ...)."""
    parts: dict[str, list[str]] = {}
    for module in every_module():
        if not within(module, CONSOLE):
            parts.setdefault(".".join(module.split(".")[:2]), []).append(module)
    return parts


def loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return {name.split(".")[0] for name in done.stdout.split()}


def test_every_module_is_walked() -> None:
    """The walk finds what a hand-written list used to miss, and every module imports."""
    modules = every_module()
    assert {"dutydesk.exports.report", "dutydesk.commands.report", "dutydesk.__main__"} <= set(
        modules
    )
    assert len(modules) > 100
    for module in modules:
        importlib.import_module(module)


@pytest.mark.parametrize("part", sorted(headless_parts()))
def test_headless_modules_never_load_textual_or_rich(part: str) -> None:
    """Each module of `part` imported in turn; the first one that loads a UI library is
    named (what it loaded stays loaded, so a later one could not be blamed for it)."""
    modules = headless_parts()[part]
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"    if any(ui in sys.modules for ui in {UI_LIBRARIES!r}):\n"
        "        print(name)\n"
        "        break\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert not done.stdout.strip(), f"{done.stdout.strip()} pulls in Textual or Rich"


def circles(graph: grimp.ImportGraph) -> Iterator[list[str]]:
    """Modules that import each other round a loop (Tarjan's strongly connected parts)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(module: str) -> Iterator[list[str]]:
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in graph.modules or not imported.startswith("dutydesk"):
                continue
            if imported not in order:
                yield from visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            part = []
            while not part or part[-1] != module:
                part.append(stack.pop())
                on_stack.discard(part[-1])
            if len(part) > 1:
                yield sorted(part)

    for module in sorted(graph.modules):
        if module.startswith("dutydesk") and module not in order:
            yield from visit(module)


def test_no_import_circles() -> None:
    """import-linter's layers forbid an upward import between layers; this forbids a
    circle inside one too (imports made inside functions and for types count)."""
    assert list(circles(grimp.build_graph("dutydesk", cache_dir=None))) == []


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
