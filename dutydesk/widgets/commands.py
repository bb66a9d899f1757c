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
        screen = self.screen
        prefix = getattr(screen, "PALETTE_NAME", "")
        found: list[tuple[str, str, Callable[[], object]]] = []
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            words = binding.tooltip or binding.description
            title = f"{prefix}: {words}" if prefix else words
            shown = binding.key_display or self.app.get_key_display(binding) or key
            found.append((title, f"key: {shown}", self.runner(binding.action, active.node)))
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
