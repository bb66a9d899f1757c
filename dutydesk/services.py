"""The services directory file ("pathway to provision"): read and check a CSV or TOML file.

`dutydesk services import FILE` reads the file here and hands the checked entries to the
Store, which replaces the whole directory with them in one transaction. A file with any
bad row adds nothing (all or nothing): the report names every rejected row and why, so
the partnership fixes the file and imports it again. The schema is in docs/services.md.
Plain Python: no Textual here.
"""

from __future__ import annotations

import csv
import difflib
import io
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dutydesk.domain import vocab
from dutydesk.domain.text import FieldError
from dutydesk.domain.text import field as clean_field
from dutydesk.lists import KeyLines

COLUMNS = ("name", "needs", "who_for", "how_to_refer", "contact")
REQUIRED = ("name", "needs")


@dataclass(frozen=True)
class Entry:
    """One service as read from the file, checked."""

    name: str
    needs: tuple[str, ...]
    who_for: str = ""
    how_to_refer: str = ""
    contact: str = ""


@dataclass(frozen=True)
class Rejected:
    where: str  # "row 3 (line 4)", "[[services]] 2 (line 9)"
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class Report:
    entries: list[Entry] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    problem: str = ""  # the whole file is unusable

    @property
    def ok(self) -> bool:
        return not self.problem and not self.rejected and bool(self.entries)


def read(path: Path, lists: vocab.Lists) -> Report:
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        return Report(problem=f"{path}: no such file")
    except (OSError, UnicodeDecodeError) as error:
        return Report(problem=f"{path}: cannot read it ({error}); save it as UTF-8")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return from_csv(text, lists)
    if suffix == ".toml":
        return from_toml(text, lists)
    return Report(problem=f"{path}: use a .csv or a .toml file (see docs/services.md)")


def from_csv(text: str, lists: vocab.Lists) -> Report:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    report = Report()
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h not in COLUMNS]
    if missing or unknown:
        parts = [f"missing column(s): {', '.join(missing)}"] if missing else []
        parts += [f"unknown column(s): {', '.join(unknown)}"] if unknown else []
        report.problem = f"the first line must name the columns {', '.join(COLUMNS)}; " + (
            "; ".join(parts)
        )
        return report
    reader.fieldnames = header
    for number, row in enumerate(reader, start=1):
        values = {k: (v or "") for k, v in row.items() if k is not None}
        if None in row:
            report.rejected.append(
                Rejected(f"row {number} (line {reader.line_num})", "more cells than columns")
            )
            continue
        needs = [n.strip() for n in values.get("needs", "").replace(",", ";").split(";")]
        _add(report, f"row {number} (line {reader.line_num})", values, needs, lists)
    if not report.entries and not report.rejected:
        report.problem = "the file has no services"
    return report


def from_toml(text: str, lists: vocab.Lists) -> Report:
    report = Report()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        report.problem = f"not valid TOML: {error}"
        return report
    lines = KeyLines(text)
    unknown = [k for k in data if k != "services"]
    services = data.get("services")
    if unknown or not isinstance(services, list) or not services:
        report.problem = "the file must be a list of [[services]] entries" + (
            f" (unknown key(s): {', '.join(unknown)})" if unknown else ""
        )
        return report
    for index, item in enumerate(services):
        where = f"[[services]] {index + 1} (line {lines.of('services', index)})"
        if not isinstance(item, dict):
            report.rejected.append(Rejected(where, "not a table"))
            continue
        extra = [k for k in item if k not in COLUMNS]
        if extra:
            report.rejected.append(Rejected(where, f"unknown key(s): {', '.join(extra)}"))
            continue
        needs = item.get("needs", [])
        if isinstance(needs, str):
            needs = [n.strip() for n in needs.split(";")]
        if not isinstance(needs, list) or not all(isinstance(n, str) for n in needs):
            report.rejected.append(Rejected(where, 'needs must be a list like ["housing"]'))
            continue
        values = {k: v for k, v in item.items() if k != "needs"}
        if not all(isinstance(v, str) for v in values.values()):
            report.rejected.append(Rejected(where, "every value must be text in quotes"))
            continue
        _add(report, where, values, needs, lists)
    return report


def _add(
    report: Report, where: str, values: dict[str, Any], needs: list[str], lists: vocab.Lists
) -> None:
    try:
        name = clean_field("name", values.get("name", ""), required=True)
        texts = {k: clean_field(k, values.get(k, "")) for k in COLUMNS[2:]}
    except FieldError as error:
        report.rejected.append(Rejected(where, str(error)))
        return
    codes = [n for n in needs if n]
    known = vocab.codes(lists.needs)
    if not codes:
        report.rejected.append(Rejected(where, f"'{name}': no needs (need codes, e.g. housing)"))
        return
    for code in codes:
        if code not in known:
            close = difflib.get_close_matches(code, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            report.rejected.append(
                Rejected(where, f"'{name}': '{code}' is not a need code in the lists{hint}")
            )
            return
    if any(e.name.casefold() == name.casefold() for e in report.entries):
        report.rejected.append(Rejected(where, f"'{name}' is already in the file"))
        return
    report.entries.append(Entry(name, tuple(dict.fromkeys(codes)), **texts))


def matches(query: str, name: str, need_codes: tuple[str, ...], lists: vocab.Lists) -> bool:
    """Does a service match what was typed: every word in its name or its needs' labels?"""
    words = query.casefold().split()
    haystack = " ".join(
        [name, *need_codes, *(vocab.label(lists.needs, n) for n in need_codes)]
    ).casefold()
    return all(word in haystack for word in words)
