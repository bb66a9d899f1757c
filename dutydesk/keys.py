"""Keys every terminal on a council desk delivers, and the ones that it may not.

The duty team's machines run the Windows console (conhost), Windows Terminal, tmux and the
common Linux terminals (GNOME Terminal, Konsole, xfce4-terminal, xterm). A key is safe only
if all of them pass it to the program unchanged. `unsafe_reason` says why a key is not;
`tests/test_keys.py` checks every shipped binding against it, and a keymap file that uses
such a key is refused (`dutydesk.keymap`).

Ctrl+S and Ctrl+Q are XON/XOFF flow control on a Unix terminal, but they are safe here:
Textual's Linux driver clears IXON/IXOFF in raw mode (as `stty -ixon` would) and its Windows
driver sets the console to virtual-terminal input only, so both keys reach the app. They
are still named in `NOTES`, and Save and Quit are in the palette (Ctrl+P) by name.
"""

from __future__ import annotations

import re

from textual.keys import Keys, _character_to_key, format_key

# Exact keys (Textual's names) that some target terminal takes or cannot tell apart.
UNSAFE_KEYS: dict[str, str] = {
    "ctrl+a": "tmux users' usual prefix and GNU screen's; the Windows console selects all",
    "ctrl+b": "tmux's prefix key: tmux keeps it",
    "ctrl+c": "interrupts or copies (Windows Terminal copies a selection instead)",
    "ctrl+f": "the Windows console opens its Find box",
    "ctrl+h": "many terminals send it for Backspace: the two cannot be told apart",
    "ctrl+i": "the same code as Tab",
    "ctrl+j": "a line feed: some terminals send it for Enter or Ctrl+Enter",
    "ctrl+m": "the same code as Enter (and the Windows console's Mark mode)",
    "ctrl+v": "pastes in Windows Terminal and the Windows console",
    "ctrl+w": "closes the tab in browser and VS Code terminals; deletes a word in text fields",
    "ctrl+z": "suspends the program in a Unix shell; end-of-file on Windows",
    "ctrl+backslash": "quits the program (SIGQUIT) where signals are on",
    "ctrl+left_square_bracket": "the same code as Escape",
    "ctrl+right_square_bracket": "telnet's escape key; not sent by the Windows console",
    "ctrl+space": "sends NUL, which the Windows console and tmux drop or change",
    "ctrl+at": "sends NUL, which the Windows console and tmux drop or change",
    "ctrl+tab": "switches tabs in Windows Terminal; most terminals send plain Tab",
    "ctrl+pageup": "switches tabs in GNOME Terminal and Konsole",
    "ctrl+pagedown": "switches tabs in GNOME Terminal and Konsole",
    "ctrl+up": "desktops switch workspaces; tmux sends it only with extended keys",
    "ctrl+down": "desktops switch workspaces; tmux sends it only with extended keys",
    "ctrl+left": "desktops switch workspaces; moves a word in text fields",
    "ctrl+right": "desktops switch workspaces; moves a word in text fields",
    "shift+insert": "pastes in xterm, Windows Terminal and the Windows console",
    "ctrl+insert": "copies in xterm and the Windows console",
    "shift+pageup": "scrolls the terminal's own history in GNOME Terminal, Konsole, xterm",
    "shift+pagedown": "scrolls the terminal's own history in GNOME Terminal, Konsole, xterm",
    "shift+up": "scrolls Konsole's history; selects text in text fields",
    "shift+down": "scrolls Konsole's history; selects text in text fields",
    "f10": "opens the menu bar in GNOME Terminal and xfce4-terminal",
    "f11": "full screen in Windows Terminal, the Windows console and Linux terminals",
    "f12": "shows or hides drop-down terminals (Guake, Yakuake, Tilda)",
}

# Patterns for whole families of keys, tried in order.
UNSAFE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"(^|\+)(alt|meta|super|hyper)\+"),
        "Alt and the Windows key belong to the desktop (Alt+F4, Alt+Space, Alt+Enter full "
        "screen, Alt+letter menus) and macOS types characters with Option",
    ),
    (
        re.compile(r"^ctrl\+shift\+|^shift\+ctrl\+"),
        "old terminals cannot tell Ctrl+Shift from Ctrl; Windows Terminal and Linux "
        "terminals keep Ctrl+Shift for themselves (new window, copy, paste, find)",
    ),
    (
        re.compile(r"^f(1[3-9]|2[0-4])$"),
        "F13 to F24 are not on a normal keyboard",
    ),
    (
        re.compile(r"^(shift|ctrl)\+f\d+$"),
        "modified function keys are sent differently (or not at all) by the Windows "
        "console, tmux and xterm",
    ),
    (
        re.compile(r"^ctrl\+(?![a-z]$)"),
        "Ctrl with anything but a letter is sent differently by each terminal, or not at "
        "all (Ctrl+2 is NUL; Ctrl+- and Ctrl+= change the font size)",
    ),
)

# Keys that work in most places but not all: allowed only where the same action has
# another, safe key on the same screen.
NEEDS_ANOTHER_KEY: dict[str, str] = {
    "f1": "GNOME Terminal and xfce4-terminal open their own help on F1 unless turned off",
}

NOTES: dict[str, str] = {
    "ctrl+s": "XON/XOFF 'stop output' on Unix terminals; Textual turns flow control off",
    "ctrl+q": "XON/XOFF 'resume output' on Unix terminals; Textual turns flow control off",
    "ctrl+n": "free in Windows Terminal (its new window is Ctrl+Shift+N), tmux and conhost",
    "ctrl+p": "free everywhere above (Windows Terminal's own palette is Ctrl+Shift+P)",
    "f2": "free in every target terminal (only byobu, a tmux wrapper, takes F2-F9)",
}


def normalise(key: str) -> str:
    """Textual's name for a key as written in a binding or keymap: `?` is `question_mark`,
    `Ctrl+S` is `ctrl+s`, `F2` is `f2` (a single character keeps its case: `A` is Shift+A)."""
    key = key.strip()
    if len(key) == 1:
        return _character_to_key(key)
    *mods, base = key.split("+")
    if len(base) == 1:
        base = _character_to_key(base.lower() if mods else base)
    return "+".join([*(m.strip().lower() for m in mods), base.strip().lower()])


def unsafe_reason(key: str) -> str | None:
    """Why `key` may not reach the app on one of the team's terminals, or None if it will."""
    name = normalise(key).lower()
    if name in UNSAFE_KEYS:
        return UNSAFE_KEYS[name]
    for pattern, reason in UNSAFE_PATTERNS:
        if pattern.search(name):
            return reason
    return None


def _base_names() -> frozenset[str]:
    names = {key.value.split("+")[-1] for key in Keys if not key.value.startswith("<")}
    names |= {_character_to_key(chr(code)) for code in range(33, 127)}
    return frozenset(names | {"space"})


BASE_NAMES = _base_names()
MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


def is_key_name(key: str) -> bool:
    """Is `key` something Textual can bind ("a", "?", "f2", "ctrl+n", "question_mark")?"""
    *mods, base = normalise(key).split("+")
    return bool(base) and base in BASE_NAMES and all(m in MODIFIERS for m in mods)


NAMES_SHOWN = {"escape": "Esc", "enter": "Enter", "space": "Space", "tab": "Tab"}


def display(key: str) -> str:
    """How a key is written in help and by `dutydesk keys`: Ctrl+S, F1, ?, Esc, Enter, a."""
    *mods, base = normalise(key).split("+")
    if base in NAMES_SHOWN:
        shown = NAMES_SHOWN[base]
    elif re.fullmatch(r"f\d+", base):
        shown = base.upper()
    else:
        shown = format_key(base)
        shown = shown.upper() if mods and len(shown) == 1 else shown
    return "+".join([*(m.capitalize() for m in mods), shown])
