"""Choices the console remembers between runs: the theme and the queue's layout.

They live in `settings.toml` in the user's own config folder (`paths.config_dir()`), next
to the team's keymap (`keys.toml`, read by `dutydesk.keymap`). A missing or unreadable
file means the defaults; saving reports a problem instead of raising, because a
locked-down profile may be read-only and the console must carry on regardless.
Plain Python: no Textual here, so `dutydesk keys` and the tests can read it cheaply.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

import tomli_w

from dutydesk.paths import write_private

SETTINGS_FILE = "settings.toml"
KEYMAP_FILE = "keys.toml"
DEFAULT_THEME = "textual-dark"
HIGH_CONTRAST_THEME = "dutydesk-high-contrast"
LAYOUTS = ("normal", "large")


@dataclass(frozen=True)
class Settings:
    theme: str = DEFAULT_THEME
    layout: str = "normal"  # "large": fewer, wider queue columns for a wall screen


def load_settings(folder: Path | None) -> Settings:
    """The settings saved in `folder`, or the defaults (no folder, no file, a bad file)."""
    if folder is None:
        return Settings()
    try:
        data = tomllib.loads((folder / SETTINGS_FILE).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Settings()
    theme, layout = data.get("theme"), data.get("layout")
    return Settings(
        theme=theme if isinstance(theme, str) and theme else DEFAULT_THEME,
        layout=layout if layout in LAYOUTS else "normal",
    )


def save_settings(folder: Path | None, settings: Settings) -> str | None:
    """Write `settings` to `folder`; a plain message if that was impossible, else None."""
    if folder is None:
        return None
    text = "# Remembered by dutydesk: F2 changes the theme, L on the queue the layout.\n"
    try:  # private, and never a half-written file left behind
        write_private(folder / SETTINGS_FILE, text + tomli_w.dumps(asdict(settings)), durable=False)
    except OSError as error:
        return f"Could not remember this choice in {folder}: {error.strerror or error}"
    return None
