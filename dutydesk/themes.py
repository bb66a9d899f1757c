"""The console's themes: Textual's usual dark and light, and a high-contrast one for a wall
screen read from across a room (white on black, yellow for what has focus and for keys).

F2 steps through `THEME_CYCLE`; the palette's "Change theme" offers every theme. The choice
is remembered (`dutydesk.settings`). Colour is never the only signal: urgency and status are
words and marks on every theme.
"""

from __future__ import annotations

from textual.theme import Theme

from dutydesk.settings import DEFAULT_THEME, HIGH_CONTRAST_THEME

BLACK, WHITE, YELLOW, CYAN = "#000000", "#FFFFFF", "#FFFF00", "#00FFFF"

HIGH_CONTRAST = Theme(
    name=HIGH_CONTRAST_THEME,
    primary=YELLOW,
    secondary=CYAN,
    accent=YELLOW,
    warning=YELLOW,
    error="#FF4040",
    success="#40FF40",
    foreground=WHITE,
    background=BLACK,
    surface=BLACK,
    panel="#202020",
    dark=True,
    text_alpha=1.0,
    variables={
        # Textual ignores Theme.boost when a panel colour is given: set it here instead.
        "boost": "rgba(255,255,255,0.2)",
        "text": WHITE,
        "text-muted": "#E0E0E0",
        "text-disabled": "#B0B0B0",
        "border": YELLOW,
        "border-blurred": WHITE,
        "block-cursor-foreground": BLACK,
        "block-cursor-background": YELLOW,
        "block-cursor-text-style": "bold",
        # Textual draws a blurred list's highlight in $foreground: keep it on a dark grey.
        "block-cursor-blurred-foreground": WHITE,
        "block-cursor-blurred-background": "#484848",
        "block-cursor-blurred-text-style": "none",
        "block-hover-background": "rgba(255,255,255,0.2)",
        "input-cursor-foreground": YELLOW,
        "input-cursor-background": BLACK,
        "input-selection-background": CYAN,
        "input-selection-foreground": BLACK,
        "footer-background": BLACK,
        "footer-foreground": WHITE,
        "footer-key-foreground": YELLOW,
        "footer-description-foreground": WHITE,
        "scrollbar": "rgba(255,255,255,0.6)",
        "scrollbar-hover": WHITE,
        "scrollbar-active": YELLOW,
        "scrollbar-background": "rgba(255,255,255,0.15)",
        "button-focus-text-style": "bold reverse",
    },
)

THEME_CYCLE = (DEFAULT_THEME, HIGH_CONTRAST_THEME, "textual-light")

THEME_NAMES = {
    DEFAULT_THEME: "dark (the default)",
    HIGH_CONTRAST_THEME: "high contrast (for a wall screen)",
    "textual-light": "light",
}


def next_theme(current: str) -> str:
    """The theme after `current` in F2's cycle (the first if `current` is not in it)."""
    if current not in THEME_CYCLE:
        return THEME_CYCLE[0]
    return THEME_CYCLE[(THEME_CYCLE.index(current) + 1) % len(THEME_CYCLE)]
