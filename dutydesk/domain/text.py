"""What users type is data: cleaned of terminal control codes, kept otherwise exactly."""

from __future__ import annotations

import re

MAX_FIELD = 100_000  # characters; a long pasted note fits, a runaway paste is refused

# ANSI CSI / OSC / other ESC sequences, then any remaining C0/C1 control character
# except newline and tab.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class FieldError(ValueError):
    """A field's value cannot be saved; the message names the field and says why."""


def clean(text: str) -> tuple[str, bool]:
    """`text` without terminal escapes and control characters, and whether any were removed.

    Carriage returns from pasted Windows text become newlines rather than vanishing.
    """
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _CONTROLS.sub("", _ESCAPES.sub("", normalised))
    return cleaned, cleaned != normalised


# What a terminal must never be sent from the record: C0 controls but newline and tab
# (ESC starts every escape sequence), DEL, C1 controls, and the bidirectional controls
# that make a line read in another order than it was written.
_UNSAFE_FOR_TERMINAL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


# The bidirectional controls alone (embeddings, overrides, isolates, marks): in a name they
# reverse the rest of a terminal line, so a table's columns read in another order.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_SHOWN = "\ufffd"  # where one was, on screen: something odd was typed there
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_BIDI_GONE = dict.fromkeys(map(ord, BIDI_CONTROLS))


def screen_safe(text: str) -> str:
    """`text` as the console shows it: each bidirectional control as a visible mark (the
    record keeps what was typed)."""
    return _BIDI.sub(BIDI_SHOWN, text) if _BIDI.search(text) else text


def without_bidi(output: str) -> str:
    """What is sent to the terminal, with no bidirectional control left (they take no
    cells, so nothing moves)."""
    return output.translate(_BIDI_GONE)


def terminal_safe(text: str) -> str:
    """`text` to print on a terminal: every control character shown as its code (`\\x1b`),
    so that nothing stored can move the cursor, retitle the window or reorder a line."""
    return _UNSAFE_FOR_TERMINAL.sub(_shown_code, text)


def _shown_code(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def removed_count(text: str) -> int:
    """How many escape sequences and control characters `clean` takes out of `text`.

    An escape sequence (a colour, a link, a clipboard write) counts as one: it is one thing
    the person did not mean to type. Newlines and tabs are kept, so never counted.
    """
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    sequences = len(_ESCAPES.findall(normalised))
    return sequences + len(_CONTROLS.findall(_ESCAPES.sub("", normalised)))


def field(name: str, text: str | None, *, required: bool = False) -> str:
    """A cleaned, trimmed field value, or FieldError with a message a person can act on."""
    value, _ = clean(text or "")
    value = value.strip()
    if required and not value:
        raise FieldError(f"{name} is needed")
    if len(value) > MAX_FIELD:
        raise FieldError(f"{name} is too long ({len(value):,} characters; at most {MAX_FIELD:,})")
    return value


def initials(name: str) -> str:
    """'Amira Khan' -> 'AK'; 'baby of J. Smith' -> 'BOJS'; empty -> '?'."""
    letters = [part[0] for part in re.split(r"[\s.\-']+", name) if part and part[0].isalpha()]
    return "".join(letters).upper()[:4] or "?"
