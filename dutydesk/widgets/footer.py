"""Textual's footer, made again only when the keys it would show have changed.

Textual's `Footer` removes and mounts all its keys whenever the screen's bindings may have
changed: each time its screen is shown and each time the focus moves. On a screen that is
kept and shown again (the referral, the history) the keys are the same every time, and
making them again was most of the CPU of showing the screen. Textual also makes them
again on a screen that another has just covered, where they are not seen.

When its keys do not fit on one line (the referral at 80 columns), the footer takes two
lines, its keys in columns, rather than cutting off the last ones.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeptFooter(Footer):
    """A `Footer` that keeps its keys while what they show is unchanged."""

    DEFAULT_CSS = """
    KeptFooter.-two-lines {
        layout: grid;
        height: 2;
        grid-columns: auto;
        grid-rows: 1;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.shown: Hashable = None  # what the keys on show were made from
        self.two_lines = False

    def needs_two_lines(self) -> tuple[bool, int]:
        """Whether the keys on show are wider than one line, and how many of them there are."""
        app = self.app
        width = app.size.width
        narrow = width < 100  # the -narrow screens' tighter keys (dutydesk.tcss)
        keys = [
            (binding, app.get_key_display(binding))
            for _node, binding, _enabled, _tooltip in self.screen.active_bindings.values()
            if binding.show
        ]
        actions = {binding.action for binding, _ in keys}
        needed = sum(
            (2 if narrow else 3) + len(shown) + len(binding.description) for binding, shown in keys
        )
        palette = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            binding = palette[1]
            needed += 5 + len(app.get_key_display(binding)) + len(binding.description)
        return needed > width, len(actions)

    def keys_shown(self) -> Hashable:
        """Everything `Footer.compose` reads: the bindings on show, as it would show them."""
        app = self.app
        return (
            tuple(
                (binding, enabled, tooltip, app.get_key_display(binding))
                for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
                if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
            ),
            self.show_command_palette,
            app.ENABLE_COMMAND_PALETTE,
            app.COMMAND_PALETTE_BINDING,
            self.needs_two_lines()[0],
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._bindings_ready and not screen.is_current:
            return  # under another screen (its keys are looked at again when it is back)
        if self._bindings_ready and self.shown is not None and self.keys_shown() == self.shown:
            return
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        self.shown = self.keys_shown() if self._bindings_ready else None
        yield from super().compose()
        if not self._bindings_ready:
            return
        two, count = self.needs_two_lines()
        self.two_lines = two
        self.set_class(two, "-two-lines")
        if two:  # Footer.compose set one column per key: two lines of them instead
            self.styles.grid_size_columns = (count + 1) // 2

    def on_resize(self, _event: events.Resize) -> None:
        if self._bindings_ready and self.needs_two_lines()[0] != self.two_lines:
            self.call_after_refresh(self.recompose)
