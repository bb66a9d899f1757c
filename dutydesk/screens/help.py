"""Help: the keys of the screen the user was on (F1 or ?)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from dutydesk.widgets.dialog import Dialog
from dutydesk.widgets.literal import block


class HelpScreen(Dialog[None]):
    PALETTE_NAME = "help"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Shown once, at the footer's right edge (where F1 sits on every other screen).
        Binding(
            "escape,f1,question_mark,q",
            "close",
            "Close help",
            id="help-close",
            show=False,
            key_display="esc",
        ),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        from dutydesk.keymap import live_rows

        super().__init__()
        everywhere = {b.id for _, b in self.app._bindings if b.id}
        self.rows: list[tuple[str, str]] = []
        self.everywhere: list[tuple[str, str]] = []
        for row, _node in live_rows(screen):
            words = row.title[:1].upper() + row.title[1:]
            here = self.everywhere if row.binding_id in everywhere else self.rows
            here.append((row.keys_shown, words))
        self.extra = getattr(screen, "HELP", "")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="help"):
            yield Static(Content.styled("Keys on this screen", "bold"), classes="heading")
            width = max((len(key) for key, _ in self.rows + self.everywhere), default=4) + 2
            lines = [block((key.ljust(width), "bold"), text) for key, text in self.rows]
            yield Static(Content("\n").join(lines), id="help-keys")
            if self.everywhere:
                yield Static(Content.styled("Everywhere", "bold"), classes="section")
                lines = [block((key.ljust(width), "bold"), text) for key, text in self.everywhere]
                yield Static(Content("\n").join(lines), id="help-everywhere")
            if self.extra:
                yield Static(Content(self.extra), classes="hint")
            yield Static(
                Content("Tab / Shift+Tab move between fields. Ctrl+P lists every action."),
                classes="hint",
            )
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
