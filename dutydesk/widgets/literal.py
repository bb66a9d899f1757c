"""User text is data: these helpers show it exactly as typed, never as markup."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content


def cell(value: str, style: str = "") -> Text:
    """A DataTable cell that shows `value` literally (plain str cells are read as markup)."""
    return Text(value.replace("\n", " "), style=style, no_wrap=True, overflow="ellipsis")


def block(*parts: tuple[str, str] | str) -> Content:
    """Content built from (text, style) pairs and plain strings, none read as markup."""
    pieces = [Content.styled(p[0], p[1]) if isinstance(p, tuple) else Content(p) for p in parts]
    return Content("").join(pieces)
