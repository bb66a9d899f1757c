"""`dutydesk keys`: every key and action of every screen, as the console would use them.

It reads the screens' BINDINGS and the team's keymap (`keys.toml` in the config folder),
without opening the console. A keymap with problems is listed and the shipped keys shown:
the console does the same, so the file can be checked here before a session (exit code 1).
"""

from __future__ import annotations

from typing import Annotated

import typer

from dutydesk import paths
from dutydesk.commands.common import cli, echo


@cli.command()
def keys(
    shipped: Annotated[
        bool, typer.Option("--shipped", help="Show the shipped keys, ignoring the keymap.")
    ] = False,
    unsafe: Annotated[
        bool,
        typer.Option("--unsafe", help="List the keys a keymap may not use, and why."),
    ] = False,
) -> None:
    """Every key and action of every screen (the keymap file can move them)."""
    from dutydesk.app import key_holders
    from dutydesk.keymap import catalogue, load_keymap

    if unsafe:
        print_unsafe()
        return
    loaded = load_keymap(paths.config_dir(), key_holders)
    if shipped or not loaded.keymap:
        state = "not used: it has problems" if loaded.problems else "none"
        source = "the shipped keys" if shipped else f"keymap {loaded.path} ({state})"
    else:
        source = f"keymap {loaded.path} ({len(loaded.keymap)} key(s) moved)"
    echo(f"dutydesk keys, with {source}.")
    echo('Rebind a key with a line `binding-id = "key"` in the keymap file.')
    for section in catalogue(key_holders(), None if shipped else loaded.keymap):
        if not section.rows:
            continue
        echo("")
        echo(section.name)
        for row in section.rows:
            echo(f"  {row.keys_shown:<16} {row.title:<48} {row.binding_id}")
    if loaded.problems and not shipped:
        echo("", err=True)
        echo(f"dutydesk: the keymap {loaded.path} is not used:", err=True)
        for problem in loaded.problems:
            echo(f"  - {problem}", err=True)
        raise typer.Exit(code=1)


def print_unsafe() -> None:
    from dutydesk.keys import NEEDS_ANOTHER_KEY, NOTES, UNSAFE_KEYS, UNSAFE_PATTERNS, display

    echo("Keys dutydesk never uses: a terminal on the team's desks may not send them.")
    for key, reason in UNSAFE_KEYS.items():
        echo(f"  {display(key):<16} {reason}")
    echo("Whole families:")
    for pattern, reason in UNSAFE_PATTERNS:
        echo(f"  {pattern.pattern:<16} {reason}")
    echo("Only with another key for the same action:")
    for key, reason in NEEDS_ANOTHER_KEY.items():
        echo(f"  {display(key):<16} {reason}")
    echo("Used, and why they are safe:")
    for key, reason in NOTES.items():
        echo(f"  {display(key):<16} {reason}")
