"""User text is data: these helpers show it exactly as typed, never as markup, and with
each bidirectional control shown as a mark (it would reorder the line on a terminal)."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from dutydesk.domain.text import screen_safe


def cell(value: str, style: str = "") -> Text:
    """A DataTable cell that shows `value` literally (plain str cells are read as markup)."""
    shown = screen_safe(value.replace("\n", " "))
    return Text(shown, style=style, no_wrap=True, overflow="ellipsis")


def block(*parts: tuple[str, str] | str) -> Content:
    """Content built from (text, style) pairs and plain strings, none read as markup."""
    pieces = [
        Content.styled(screen_safe(p[0]), p[1]) if isinstance(p, tuple) else Content(screen_safe(p))
        for p in parts
    ]
    return Content("").join(pieces)
