"""The record's seal checked as the console opens: `dutydesk check`'s own check, in a
child process, summed up in a line for the queue's banner."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from sqlalchemy import URL

from dutydesk.storage.integrity import Options, check_file, check_server


def seal_problem(url: URL, key_error: str = "") -> str:
    """What is wrong with the record's seal, in a line for the queue's banner ("" if
    nothing): the database's own check, as `dutydesk check` makes it, run at open."""
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return key_error
        # The start has looked at the file already (preflight): the seal is what is new.
        report = check_file(Path(url.database), Options(whole_file=False))
    else:
        report = check_server(url.render_as_string(hide_password=False))
    problems = [key_error] if key_error else []
    problems += report.problems
    if not problems:
        return ""
    first = problems[0] if len(problems[0]) <= 160 else problems[0][:157] + "…"
    more = f" ({len(problems) - 1} more)" if len(problems) > 1 else ""
    return first + more


# The child's whole program: the URL comes on stdin (never in the process list).
APART = (
    "import sys; from sqlalchemy import make_url; "
    "from dutydesk.storage.at_open import seal_problem; "
    "print(seal_problem(make_url(sys.stdin.read())), end='')"
)


async def seal_problem_apart(url: URL, key_error: str = "") -> str:
    """`seal_problem` in a child process at low priority. It reads the whole record (about
    20 s of CPU at 100,000 referrals): in a thread of the console it would hold Python's
    lock against the screen's and slow every key meanwhile. Killed if the console closes
    first. A child that fails says so in the line, never "edited"."""
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return key_error
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        APART,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        preexec_fn=_lower_priority if hasattr(os, "nice") else None,
    )
    try:
        out, err = await child.communicate(url.render_as_string(hide_password=False).encode())
    finally:
        if child.returncode is None:
            child.kill()
    if child.returncode != 0:
        last = (err.decode(errors="replace").strip().splitlines() or ["no message"])[-1]
        found = f"the check at open could not run ({last[:120]})"
    else:
        found = out.decode(errors="replace")
        key_error = "" if key_error in found else key_error
    return "; ".join(p for p in (key_error, found) if p)


def _lower_priority() -> None:
    os.nice(10)
