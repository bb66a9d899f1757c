"""Textual's footer, made again only when the keys it would show have changed.

Textual's `Footer` removes and mounts all its keys whenever the screen's bindings may have
changed: each time its screen is shown and each time the focus moves. On a screen that is
kept and shown again (the referral, the history) the keys are the same every time, and
making them again was most of the CPU of showing the screen. Textual also makes them
again on a screen that another has just covered, where they are not seen.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeptFooter(Footer):
    """A `Footer` that keeps its keys while what they show is unchanged."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: Hashable = None  # what the keys on show were made from

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
