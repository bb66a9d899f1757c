"""`dutydesk` (and `python -m dutydesk`): the console, as fast as it can start; every other
command goes to `cli.py`.

`dutydesk` with nothing but `--db` and `--exports` opens the console (`start.py`) without
importing Typer (`cli.py`, about 90 ms). This module sits above both: `cli.py` opens the
console through `start.py` too, and neither imports this one.
"""

from __future__ import annotations

import sys
from pathlib import Path

CONSOLE_OPTIONS = ("--db", "--exports")


def console_options(argv: list[str]) -> dict[str, str] | None:
    """`--db`/`--exports` (each once, `--opt value` or `--opt=value`) when that is all the
    command line says; None for anything else (a command, --help, a mistake): cli.py."""
    found: dict[str, str] = {}
    rest = list(argv)
    while rest:
        name, equals, value = rest.pop(0).partition("=")
        if not equals:
            value = rest.pop(0) if rest else ""
        if name not in CONSOLE_OPTIONS or name in found or not value or value.startswith("-"):
            return None
        found[name] = value
    return found


def main() -> None:
    options = console_options(sys.argv[1:])
    if options is None:
        from dutydesk.cli import main as cli_main

        cli_main()
        return
    from dutydesk.start import check_lists, open_console

    try:
        check_lists()
        exports = options.get("--exports")
        open_console(options.get("--db"), Path(exports) if exports else None)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
