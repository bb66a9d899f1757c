"""The console's safety net: pasted control codes, unplanned errors, Ctrl+C.

Pasted text is cleaned before any field sees it. Textual draws a field's text as it is, so
an escape sequence pasted from an email or a web page would otherwise reach the terminal
(an OSC 52 sequence can set the clipboard; others retitle the window or clear the screen)
before the save cleans it. The person is told what was taken out. A one-line field gets
every line of a paste, joined with spaces, where Textual would keep only the first.

Textual's own answer to an unhandled exception is to quit and print a traceback with the
local variables of every frame. On the duty team's shared screen, and in the terminal's
scrollback afterwards, that can show children's names and what was typed. So:

- An error inside an action (a key press) is reported as a plain notification and the
  console carries on: every save is one transaction, so nothing is half saved, and the
  form's text is still on screen.
- Any other unhandled error still ends the app (Textual cannot be trusted to carry on
  after, say, a screen failed to build), but the terminal is given back with a plain
  message and no traceback. What was being typed is in a draft (kept every second).
- Either way the traceback, without local variables, goes to a private report file for IT
  when the app knows where to put one (`crash_dir`).
- Ctrl+C is Textual's "copy" in a text field; elsewhere it says how to quit (Ctrl+Q)
  rather than quitting, because a reflexive Ctrl+C must not throw away a meeting's work.
  Ctrl+Q keeps a draft of every open form, then quits. So does being killed (SIGTERM) or
  losing the terminal (SIGHUP), which would otherwise leave the terminal in raw mode.

Tests still fail on such an error: it is handed to Textual's test harness, which re-raises
it when `run_test` ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import traceback
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from rich.text import Text
from textual import events
from textual.actions import ActionParseResult
from textual.dom import DOMNode
from textual.widgets import Input

from dutydesk.domain.text import clean, removed_count
from dutydesk.keys import display
from dutydesk.paths import FILE_MODE, private_dir
from dutydesk.settle import KeySettling

STOP_SIGNALS = ("SIGTERM", "SIGHUP")


class FailsafeApp(KeySettling):
    """An App that never shows a traceback and keeps going after an action fails."""

    def __init__(self, crash_dir: Path | None = None) -> None:
        super().__init__()
        self.crash_dir = crash_dir
        self.desk = uuid4().hex[:12]  # this running console, for its drafts
        self.unexpected_errors: list[BaseException] = []

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste) and not event.is_forwarded:
            self.clean_paste(event)
        await super().on_event(event)

    def clean_paste(self, paste: events.Paste) -> None:
        removed = removed_count(paste.text)
        text, _ = clean(paste.text)
        if isinstance(self.focused, Input):
            text = " ".join(line for line in text.splitlines() if line.strip())
        paste.text = text
        if removed:
            plural = "" if removed == 1 else "s"
            self.notify(
                f"Removed {removed} control character{plural} from the pasted text: "
                "they could take over the screen, and are never saved.",
                title="Pasted",
                severity="warning",
            )

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as error:
            self.carry_on_after(error)
            return True

    def carry_on_after(self, error: Exception) -> None:
        """A bug in what a key set off (its action, or the save it runs in a thread): a
        plain notification and a report for IT; the console carries on."""
        report = self.report_unexpected(error)
        where = f" A report for IT is in {report}." if report else ""
        self.notify(
            f"That did not finish: something unexpected went wrong "
            f"({type(error).__name__}). Everything saved is safe.{where}",
            title="Unexpected error",
            severity="error",
            timeout=20,
        )

    def report_unexpected(self, error: BaseException) -> Path | None:
        self.unexpected_errors.append(error)
        self.log.error(repr(error))
        if self._exception is None and isinstance(error, Exception):
            self._exception = error  # run_test re-raises it: a test must not pass over it
        return write_report(error, self.crash_dir)

    def _fatal_error(self) -> None:
        # Replaces Textual's traceback-with-locals (see the module docstring).
        error = sys.exc_info()[1] or self._exception
        report = write_report(error, self.crash_dir) if error else None
        self.bell()
        self.panic(Text(stopped_message(error, report)))

    async def action_quit(self) -> None:
        await self.keep_drafts()  # keys typed meanwhile wait: the console is ending
        await super().action_quit()

    async def keep_drafts(self) -> None:
        """Keep a draft of every open form now, not at the next tick; each is written in
        a thread, so the screen keeps drawing while the database answers."""
        if "dutydesk.widgets.form" not in sys.modules:
            return  # no form was ever opened (and importing it would load the Store's code)
        from dutydesk.widgets.form import FormScreen

        for screen in list(self.screen_stack):
            if isinstance(screen, FormScreen):
                await screen.keep_draft()

    def on_mount(self) -> None:
        # Killed (SIGTERM: a shutdown, `kill`) or its window closed (SIGHUP): keep the
        # drafts and leave the terminal as it was, where the default would die in raw mode.
        # Only in a real terminal: a test's event loop is not the app's to take over.
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for name in STOP_SIGNALS:
            number = getattr(signal, name, None)
            if number is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(number, self.stop_for_signal)

    def stop_for_signal(self) -> None:
        async def stop() -> None:
            await self.keep_drafts()
            self.exit(return_code=1)

        self.run_worker(stop(), group="quit")

    def action_help_quit(self) -> None:
        # Textual's version writes its hint as markup, which this app's notify shows as typed.
        keys = [
            display(key)
            for key, active in self.active_bindings.items()
            if active.binding.action in ("quit", "app.quit")
        ]
        keys.sort(key=lambda k: "+" not in k)  # Ctrl+Q works everywhere; a bare Q does not
        quit_key = keys[0] if keys else "Ctrl+Q"
        self.notify(
            f"Ctrl+C does not quit (in a text field it copies). To quit, press {quit_key}: "
            "anything typed but not saved is kept as a draft.",
            title="Do you want to quit?",
        )


def stopped_message(error: BaseException | None, report: Path | None) -> str:
    """What the terminal shows after an unexpected stop: no traceback, nothing anyone typed."""
    kind = f" ({type(error).__name__})" if error is not None else ""
    lines = [
        f"dutydesk stopped: something unexpected went wrong{kind}.",
        "Everything saved is safe. Anything typed but not saved was kept as a draft:",
        "start dutydesk again and open the same form to get it back.",
    ]
    if report is not None:
        lines.append(f"A report for IT support is in:\n  {report}")
    return "\n".join(lines)


def write_report(error: BaseException, folder: Path | None) -> Path | None:
    """The traceback (no local variables) in a file only this user can read; None if unwritten."""
    if folder is None:
        return None
    now = datetime.now(UTC)
    body = [
        f"dutydesk unexpected error at {now.isoformat(timespec='seconds')}",
        f"python {sys.version.split()[0]} on {sys.platform}",
        "",
        *traceback.format_exception(error),
    ]
    try:
        private_dir(folder)
        target = folder / f"dutydesk-error-{now:%Y%m%d-%H%M%S}-{os.getpid()}.txt"
        fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_APPEND, FILE_MODE)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write("\n".join(line.rstrip("\n") for line in body) + "\n")
    except OSError:
        return None
    return target
