"""Every key of every screen, read from the screens' own BINDINGS, and the team's keymap.

- `Holders`: the classes that hold the bindings, the app's and every screen's. The app
  finds them (`dutydesk.app.key_holders`: a new screen is found without being listed
  anywhere, so `dutydesk keys`, Help and the tests cover it at once) and hands them here:
  this module sits below the app and the screens and imports neither;
- `catalogue(holders, keymap)` is what `dutydesk keys` prints: the keys that work
  everywhere, then each screen's;
- `live_rows(screen)` is what Help (F1) and the palette (Ctrl+P) offer on the screen in use;
- `load_keymap(folder, holders)` reads `keys.toml` (`binding-id = "key"` lines). A bad file
  is refused whole, with a plain message per problem, and the console starts with the
  shipped keys.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.actions import parse as parse_action
from textual.binding import Binding, BindingsMap
from textual.keys import key_to_character

from dutydesk.keys import display, is_key_name, normalise, unsafe_reason
from dutydesk.settings import KEYMAP_FILE

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

Keymap = dict[str, str]
RESERVED = {
    "tab": "Tab moves to the next field",
    "shift+tab": "Shift+Tab moves to the previous field",
}


@dataclass(frozen=True)
class KeyRow:
    """One command: its keys, the footer's word, the palette's words, its binding id."""

    keys: tuple[str, ...]
    description: str
    title: str
    action: str
    binding_id: str
    shown: bool
    priority: bool

    @property
    def keys_shown(self) -> str:
        return ", ".join(dict.fromkeys(display(k) for k in self.keys))


@dataclass(frozen=True)
class Section:
    name: str
    screen: type[DOMNode]
    rows: tuple[KeyRow, ...]


@dataclass(frozen=True)
class Holders:
    """Where the bindings are declared: the app's class, then every screen's."""

    app: type[DOMNode]
    screens: tuple[type[Screen[object]], ...]


@dataclass(frozen=True)
class KeymapFile:
    path: Path | None
    keymap: Keymap
    problems: tuple[str, ...] = ()


def rows_of(bindings: BindingsMap, keymap: Keymap | None = None) -> list[KeyRow]:
    """dutydesk's bindings in `bindings` (every one has an id; Textual's own focus and copy
    keys have none), one row per id, in the order they are declared."""
    order = [b.id for _, b in bindings if b.id and b.description]
    mapped = bindings.copy()
    if keymap:
        mapped.apply_keymap(keymap)
    keys: dict[str, list[str]] = {}
    first: dict[str, Binding] = {}
    for key, binding in mapped:
        if binding.id:
            keys.setdefault(binding.id, []).append(key)
            first.setdefault(binding.id, binding)
    return [
        KeyRow(
            keys=tuple(dict.fromkeys(keys[i])),
            description=first[i].description,
            title=first[i].tooltip or first[i].description,
            action=first[i].action,
            binding_id=i,
            shown=first[i].show,
            priority=first[i].priority,
        )
        for i in dict.fromkeys(order)
        if i in first
    ]


def section_name(screen: type[DOMNode]) -> str:
    return str(getattr(screen, "PALETTE_NAME", "") or screen.__name__)


def catalogue(holders: Holders, keymap: Keymap | None = None) -> list[Section]:
    """The keys that work everywhere, then each screen's own (as `dutydesk keys` prints)."""
    app = holders.app
    everywhere = rows_of(merged(app), keymap)
    app_ids = {row.binding_id for row in everywhere}
    sections = [Section("everywhere", app, tuple(everywhere))]
    for screen in holders.screens:
        rows = [r for r in rows_of(merged(screen), keymap) if r.binding_id not in app_ids]
        sections.append(Section(section_name(screen), screen, tuple(rows)))
    return sections


def merged(node: type[DOMNode]) -> BindingsMap:
    bindings = node._merged_bindings
    return bindings.copy() if bindings is not None else BindingsMap()


def definitions(holders: Holders) -> Iterator[tuple[type[DOMNode], Binding]]:
    """Every binding dutydesk declares, with the class that declares it (bases included)."""
    seen: set[type[DOMNode]] = set()
    for cls in [holders.app, *holders.screens]:
        for base in cls.__mro__:
            if base in seen or not base.__module__.startswith("dutydesk."):
                continue
            seen.add(base)
            for binding in Binding.make_bindings(vars(base).get("BINDINGS", [])):
                yield base, binding


def live_rows(screen: Screen[object]) -> list[tuple[KeyRow, DOMNode]]:
    """The commands on `screen` now (its own, then the app's), for Help and the palette.

    Bindings of the focused widget (cursor keys, text editing) are left out: they are the
    same on every screen. On a dialog only the app's priority keys work, so only those show.
    """
    app = screen.app
    keymap: Keymap = dict(app._keymap)
    found: list[tuple[KeyRow, DOMNode]] = []
    seen: dict[tuple[int, str, tuple[object, ...]], int] = {}
    for node in (screen, app):
        for row in rows_of(node._bindings, keymap):
            if node is app and screen.is_modal and not row.priority:
                continue
            where, name, params = parse_action(row.action)
            target: DOMNode = {"app": app, "screen": screen}.get(where, node)
            if target.check_action(name, params) is False:
                continue
            same = seen.get((id(target), name, params))
            if same is not None:  # e.g. q on the queue and Ctrl+Q everywhere: one command
                earlier, where_from = found[same]
                keys = tuple(dict.fromkeys(earlier.keys + row.keys))
                found[same] = (replace(earlier, keys=keys), where_from)
                continue
            seen[(id(target), name, params)] = len(found)
            found.append((row, node))
    return found


def keymap_path(folder: Path | None) -> Path | None:
    return folder / KEYMAP_FILE if folder is not None else None


def load_keymap(folder: Path | None, holders: Callable[[], Holders]) -> KeymapFile:
    """The keymap in `folder`/keys.toml: empty if there is none; refused whole if it is bad.
    `holders` is called only if there is a file (it imports every screen)."""
    path = keymap_path(folder)
    if path is None or not path.exists():
        return KeymapFile(path, {})
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return KeymapFile(path, {}, (f"{path} could not be read: {error}",))
    except tomllib.TOMLDecodeError as error:
        return KeymapFile(path, {}, (f"{path} is not valid TOML: {error}",))
    keymap, problems = check_keymap(data, holders())
    return KeymapFile(path, {} if problems else keymap, tuple(problems))


def check_keymap(data: dict[str, object], holders: Holders) -> tuple[Keymap, list[str]]:
    """The keymap in `data`, normalised, and every reason not to use it."""
    known = {b.id: b for _, b in definitions(holders) if b.id}
    keymap: Keymap = {}
    problems: list[str] = []
    for binding_id, value in data.items():
        binding = known.get(binding_id)
        if binding is None:
            problems.append(f"'{binding_id}' is not a binding id (`dutydesk keys` lists them).")
            if binding_id.startswith("referral-view-"):  # the old ids named the agency
                problems.append(
                    f"{binding_id}: an agency's view key is now named by its place in the "
                    "lists: referral-view-1 for the first agency, up to referral-view-9."
                )
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(f'{binding_id}: give a key in quotes, e.g. {binding_id} = "f5".')
            continue
        keys = [normalise(k) for k in value.split(",")]
        problems += [p for k in keys for p in key_problems(binding_id, k, binding.priority)]
        keymap[binding_id] = ",".join(keys)
    if not problems:
        problems += clashes(keymap, holders)
    return keymap, problems


def key_problems(binding_id: str, key: str, priority: bool) -> Iterator[str]:
    if not is_key_name(key):
        yield f"{binding_id}: '{key}' is not a key name (try a, f5, ctrl+e, escape)."
    elif reason := unsafe_reason(key):
        yield f"{binding_id}: {display(key)} may not reach the app: {reason}."
    elif key in RESERVED:
        yield f"{binding_id}: {display(key)} is taken: {RESERVED[key]}."
    elif priority and (char := key_to_character(key)) and char.isprintable():
        yield (
            f"{binding_id}: works while typing, so it needs a key that types nothing "
            f"(Ctrl+letter or F2-F9), not {display(key)}."
        )


def clashes(keymap: Keymap, holders: Holders) -> list[str]:
    """Two commands on one screen given the same key, where the keymap moved either."""
    from textual.screen import ModalScreen

    # Textual quietly drops a shipped binding whose key the keymap gives to another, so
    # the keys are worked out here from the shipped rows rather than after applying.
    problems: list[str] = []
    app_rows = rows_of(merged(holders.app))
    for screen in holders.screens:
        rows = rows_of(merged(screen))
        modal = issubclass(screen, ModalScreen)
        rows += [r for r in app_rows if r.priority or not modal]
        owners: dict[str, set[str]] = {}
        for row in rows:
            moved = keymap.get(row.binding_id)
            for key in moved.split(",") if moved else row.keys:
                owners.setdefault(key, set()).add(row.binding_id)
        for key, ids in owners.items():
            if len(ids) > 1 and ids & set(keymap):
                both = " and ".join(sorted(ids))
                problems.append(f"On {section_name(screen)}, {display(key)} would be {both}.")
    return sorted(set(problems))
