"""The partnership's own lists (`lists.toml` in the config folder): find, check, load.

`dutydesk.domain.vocab` describes a set of lists (`Lists`); this module reads the
partnership's file, checks it and says plainly what is wrong: the line, the key, and what
to change. A list the file leaves out keeps its shipped default, so a file may hold only
the needs. Besides the four the rules are about, the file holds a list for each chosen
field of the call (`records.CALL_FIELDS`, by its `choices`): a new one needs no code here.

A file with errors is not used: the console starts on the shipped defaults and says so
(see `load`). A duty session must go ahead with calls coming in, and every record keeps
the label it was saved with, so the defaults lose nothing; a console that refused to
start would stop the front door over a typo.
Plain Python: no Textual here.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dutydesk.domain import vocab
from dutydesk.domain.records import CALL_FIELDS

FILE_NAME = "lists.toml"
# The lists of the call's chosen fields (not those of ours: vocab.FIXED).
CHOSEN = tuple(
    dict.fromkeys(f.choices for f in CALL_FIELDS if f.choices and f.choices not in vocab.FIXED)
)
LISTS = (*vocab.CORE, *CHOSEN)
TOP_KEYS = frozenset({*LISTS, "safety_netting"})
ENTRY_KEYS: dict[str, frozenset[str]] = {
    "agencies": frozenset({"code", "label"}),
    "urgencies": frozenset({"code", "label", "hint", "target_hours"}),
    "outcomes": frozenset({"code", "label", "to_assessment_team"}),
    "needs": frozenset({"code", "label", "group"}),
    "plan_rubric": frozenset({"code", "label", "hint"}),
    **{name: frozenset({"code", "label"}) for name in CHOSEN},
}
CODE = re.compile(r"[a-z0-9_]+")
MOST_AGENCIES = 9  # number keys 1-9 pick an agency


@dataclass(frozen=True)
class Problem:
    severity: str  # "error" (the file is not used) or "warning"
    key: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{self.severity}: {where}{self.key}: {self.message}"


@dataclass
class Checked:
    path: str
    lists: vocab.Lists | None = None  # None when there are errors
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def file_in(folder: Path) -> Path:
    return folder / FILE_NAME


class KeyLines:
    """Where each key is in the text: tomllib gives values, not lines."""

    def __init__(self, text: str) -> None:
        self.top: dict[str, int] = {}
        self.entries: dict[str, list[tuple[int, dict[str, int]]]] = {}
        keys: dict[str, int] | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if match := re.match(r"\[\[\s*([A-Za-z0-9_-]+)\s*\]\]", line):
                keys = {}
                self.entries.setdefault(match[1], []).append((number, keys))
            elif match := re.match(r"\[\s*([A-Za-z0-9_-]+)\s*\]", line):
                keys = {}
                self.top.setdefault(match[1], number)
            elif match := re.match(r"([A-Za-z0-9_-]+)\s*=", line):
                (self.top if keys is None else keys).setdefault(match[1], number)

    def of(self, name: str, index: int | None = None, key: str | None = None) -> int | None:
        if index is None:
            found = self.entries.get(name)
            return found[0][0] if found else self.top.get(name)
        entries = self.entries.get(name, [])
        if index >= len(entries):
            return self.top.get(name)
        start, keys = entries[index]
        return keys.get(key, start) if key else start


def _unknown(key: str, known: frozenset[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown key{hint}; known keys: {', '.join(sorted(known))}"


def check_text(text: str, path: str = FILE_NAME) -> Checked:
    """Every problem in the text of a lists file, and the lists if it has no errors."""
    checked = Checked(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib says "... (at line 3, column 9)" or "(at end of document)".
        message = str(error)
        if "(at end of document)" in message:
            last = len(text.splitlines())
            message = message.replace(
                "(at end of document)", f"(at the end of the file, line {last})"
            )
            message += ": is a quote or a bracket left open?"
        checked.problems.append(Problem("error", "(file)", f"not valid TOML: {message}"))
        return checked
    lines = KeyLines(text)
    problems = checked.problems
    for key in data:
        if key not in TOP_KEYS:
            problems.append(Problem("error", key, _unknown(key, TOP_KEYS), lines.of(key)))
    netting = data.get("safety_netting", "")
    if not isinstance(netting, str):
        problems.append(
            Problem("error", "safety_netting", "must be text in quotes", lines.of("safety_netting"))
        )
    for name in LISTS:
        if name in data:
            _check_list(name, data[name], lines, problems)
    if not any(p.severity == "error" for p in problems):
        merged = {name: data.get(name, []) for name in LISTS}
        shipped = vocab.defaults()
        lists = vocab.lists_from(merged, path)
        checked.lists = vocab.Lists(
            agencies=lists.agencies or shipped.agencies,
            urgencies=lists.urgencies or shipped.urgencies,
            outcomes=lists.outcomes or shipped.outcomes,
            needs=lists.needs or shipped.needs,
            plan_rubric=lists.plan_rubric or shipped.plan_rubric,
            safety_netting=netting.strip() if "safety_netting" in data else shipped.safety_netting,
            chosen={name: lists.of(name) or shipped.of(name) for name in CHOSEN},
            source=path,
        )
    return checked


def _check_list(name: str, value: Any, lines: KeyLines, problems: list[Problem]) -> None:
    where = lines.of(name)
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.append(Problem("error", name, f"must be a list of [[{name}]] entries", where))
        return
    if not value:
        problems.append(Problem("error", name, "needs at least one entry", where))
        return
    seen: dict[str, int] = {}
    labels: dict[str, str] = {}
    for index, entry in enumerate(value):
        at = f"{name}[{index + 1}]"
        code = entry.get("code")
        if isinstance(code, str) and code:
            at = f"{name}.{code}"
        for key in entry:
            if key not in ENTRY_KEYS[name]:
                problems.append(
                    Problem(
                        "error",
                        f"{at}.{key}",
                        _unknown(key, ENTRY_KEYS[name]),
                        lines.of(name, index, key),
                    )
                )
        line = lines.of(name, index, "code")
        if not isinstance(code, str) or not code:
            problems.append(Problem("error", at, 'missing code (code = "...")', line))
        elif not CODE.fullmatch(code):
            problems.append(
                Problem("error", at, f"code '{code}': use lower-case letters, digits and _", line)
            )
        elif code in seen:
            problems.append(
                Problem("error", at, f"duplicate code '{code}' (first on line {seen[code]})", line)
            )
        else:
            seen[code] = line or 0
        text = entry.get("label")
        label_line = lines.of(name, index, "label")
        if not isinstance(text, str) or not text.strip():
            problems.append(Problem("error", at, 'missing label (label = "...")', label_line))
        elif text.strip().casefold() in labels:
            other = labels[text.strip().casefold()]
            problems.append(
                Problem(
                    "warning",
                    at,
                    f"same label as '{other}': people cannot tell them apart",
                    label_line,
                )
            )
        else:
            labels[text.strip().casefold()] = str(code)
        _check_extras(name, at, entry, index, lines, problems)
    codes = set(seen)
    if name == "urgencies" and vocab.IMMEDIATE not in codes:
        problems.append(
            Problem("error", name, "must keep the code 'immediate' (the test's measure)", where)
        )
    if name == "agencies" and "mash" not in codes:
        problems.append(
            Problem("error", name, "must keep the code 'mash' (the MASH officer's desk)", where)
        )
    if name == "agencies" and len(value) > MOST_AGENCIES:
        problems.append(
            Problem(
                "warning",
                name,
                f"{len(value)} agencies: number keys only reach the first {MOST_AGENCIES}",
                where,
            )
        )
    if name == "outcomes" and not any(e.get("to_assessment_team") is True for e in value):
        problems.append(
            Problem(
                "warning",
                name,
                "no outcome has to_assessment_team = true: nothing will "
                "count as going to the Assessment Team",
                where,
            )
        )


def _check_extras(
    name: str, at: str, entry: dict[str, Any], index: int, lines: KeyLines, problems: list[Problem]
) -> None:
    for key in ("group", "hint"):
        if key in entry and not isinstance(entry[key], str):
            problems.append(
                Problem(
                    "error", f"{at}.{key}", "must be text in quotes", lines.of(name, index, key)
                )
            )
    if name == "needs" and not str(entry.get("group", "")).strip():
        problems.append(
            Problem(
                "warning",
                at,
                "no group (group = \"...\"): listed under 'Other'",
                lines.of(name, index),
            )
        )
    hours = entry.get("target_hours")
    if "target_hours" in entry and (
        isinstance(hours, bool) or not isinstance(hours, int | float) or hours <= 0
    ):
        problems.append(
            Problem(
                "error",
                f"{at}.target_hours",
                "must be a number of hours above 0, e.g. 4",
                lines.of(name, index, "target_hours"),
            )
        )
    flag = entry.get("to_assessment_team")
    if "to_assessment_team" in entry and not isinstance(flag, bool):
        problems.append(
            Problem(
                "error",
                f"{at}.to_assessment_team",
                "must be true or false (no quotes)",
                lines.of(name, index, "to_assessment_team"),
            )
        )


def check_file(path: Path) -> Checked:
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return Checked(str(path), problems=[Problem("error", "(file)", "no such file")])
    except (OSError, UnicodeDecodeError) as error:
        return Checked(str(path), problems=[Problem("error", "(file)", f"cannot read: {error}")])
    return check_text(text, str(path))


def removed_in_use(checked: Checked, in_use: Mapping[str, Mapping[str, int]]) -> None:
    """Add a warning for each code the file no longer lists that stored records still use."""
    if checked.lists is None:
        return
    for name, counts in in_use.items():
        listed = set(vocab.codes(checked.lists.of(name)))
        for code, count in sorted(counts.items()):
            if code and code not in listed and count:
                checked.problems.append(
                    Problem(
                        "warning",
                        f"{name}.{code}",
                        f"not in the list any more, but {count} stored record"
                        f"{'s' if count != 1 else ''} use it (they keep the label they were "
                        "saved with; new records cannot choose it)",
                    )
                )


def load(folder: Path | None) -> tuple[vocab.Lists, str]:
    """The lists to use, and a warning to show ('' when all is well).

    No folder or no file: the shipped defaults. A file with errors: the shipped defaults
    and a warning naming the first error. Warnings alone do not stop the file being used.
    """
    if folder is None or not file_in(folder).exists():
        return vocab.defaults(), ""
    checked = check_file(file_in(folder))
    if checked.lists is None:
        errors = checked.errors
        first = errors[0] if errors else Problem("error", "(file)", "unreadable")
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return vocab.defaults(), (
            f"{file_in(folder)} has a problem, so the shipped lists are in use: "
            f"{first}{more}. Run `dutydesk config check` to see them all."
        )
    return checked.lists, ""
