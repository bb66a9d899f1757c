"""The command palette (Ctrl+P) lists every action of the screen it was opened on.

Titles read "queue: add a call", "referral: record the decision": the screen's
PALETTE_NAME, then the binding's tooltip (or its description).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable

from textual.command import DiscoveryHit, Hit, Provider
from textual.dom import DOMNode


class ScreenActions(Provider):
    def actions(self) -> list[tuple[str, str, Callable[[], object]]]:
        # The screen's own commands and the app's (Help, Theme, Quit), with the keys in use
        # (a keymap may have moved them); not the focused widget's cursor and editing keys.
        from dutydesk.keymap import live_rows

        screen = self.screen
        prefix = getattr(screen, "PALETTE_NAME", "")
        found: list[tuple[str, str, Callable[[], object]]] = []
        everywhere = {b.id for _, b in self.app._bindings if b.id}  # Help, Theme, Quit
        for row, node in live_rows(screen):
            own = prefix and row.binding_id not in everywhere
            title = f"{prefix}: {row.title}" if own else row.title
            found.append((title, f"key: {row.keys_shown}", self.runner(row.action, node)))
        return found

    def runner(self, action: str, node: DOMNode) -> Callable[[], object]:
        return lambda: self.app.call_later(self.app.run_action, action, node)

    async def discover(self) -> AsyncGenerator[DiscoveryHit, None]:
        for title, help_text, run in self.actions():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> AsyncGenerator[Hit, None]:
        matcher = self.matcher(query)
        for title, help_text, run in self.actions():
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), run, text=title, help=help_text)
