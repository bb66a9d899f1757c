"""Help: the keys of the screen the user was on (F1 or ?)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from dutydesk.widgets.literal import block


class HelpScreen(ModalScreen[None]):
    PALETTE_NAME = "help"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "close", "Close help", id="help-close"),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.rows: list[tuple[str, str]] = []
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or (binding.description in seen and not binding.show):
                continue
            seen.add(binding.description)
            shown = binding.key_display or self.app.get_key_display(binding)
            self.rows.append((shown or key, binding.description))
        self.extra = getattr(screen, "HELP", "")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="help"):
            yield Static(Content.styled("Keys on this screen", "bold"), classes="heading")
            width = max((len(key) for key, _ in self.rows), default=4) + 2
            lines = [block((key.ljust(width), "bold"), text, "\n") for key, text in self.rows]
            yield Static(Content("").join(lines))
            if self.extra:
                yield Static(Content(self.extra), classes="hint")
            yield Static(
                Content("Tab / Shift+Tab move between fields. Ctrl+P lists every action."),
                classes="hint",
            )
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
