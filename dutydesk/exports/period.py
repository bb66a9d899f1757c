"""A range of days for the project lead: a folder per day, measures.csv and a manifest.

    out/2026-11-23/dutydesk-2026-11-23-referrals.csv ...
    out/measures.csv
    out/feedback.csv, out/experience.csv   (what referrers and agencies said)
    out/manifest.json   (every file with its rows and SHA-256, written last)

Each day's folder is written beside the old one and swapped in only when complete, and the
manifest is written last: a folder without a manifest, or whose files do not match it, is
a partial export.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dutydesk import __version__
from dutydesk.domain.measures import compute
from dutydesk.domain.report import records
from dutydesk.domain.voices import (
    experience_columns,
    experience_rows,
    feedback_columns,
    feedback_rows,
    voices,
)
from dutydesk.exports.daily import build_tables, file_name
from dutydesk.exports.files import ExportError, csv_bytes, replace_file, write_manifest
from dutydesk.paths import FILE_MODE, immediate_target_minutes, private_dir
from dutydesk.storage.period import PeriodRead, Source

if TYPE_CHECKING:
    from dutydesk.storage.store import Store

MANIFEST = "manifest.json"
MEASURES = "measures.csv"
FEEDBACK = "feedback.csv"  # referrers' scores and comments (domain/voices.py)
EXPERIENCE = "experience.csv"  # each agency's experience of each day


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to the export folder, with forward slashes
    rows: int
    sha256: str
    bytes: int
    replaced: int = 0  # names and details replaced in its free text (not --identifiable)


def export_period(
    source: Store | Source,
    first: date,
    last: date,
    out_dir: Path,
    *,
    identifiable: bool = False,
    target_minutes: int | None = None,
    on_day: Callable[[date], None] | None = None,
) -> list[FileEntry]:
    """Write every session day from `first` to `last`, measures.csv and the manifest.

    The whole range is read first (in a few statements), then written. The day files are
    not flushed to the disk one by one: the manifest, written last and flushed, holds each
    file's SHA-256, so a file the disk lost after a crash shows in `verify` as changed.
    """
    source = Source.of(source)
    period = source.read(first, last)
    if not period.days:
        raise ExportError(f"No duty sessions from {first} to {last}")
    try:
        root = private_dir(Path(out_dir))
        with contextlib.suppress(FileNotFoundError):
            (root / MANIFEST).unlink()  # from now until the end, this export is partial
        entries: list[FileEntry] = []
        with _Sweeper(root) as old:
            _write_days(period, root, identifiable, entries, old, on_day)
            lists = period.lists
            target = immediate_target_minutes(lists) if target_minutes is None else target_minutes
            result = compute(period.records, period.now, target, lists=lists)
            rows: list[dict[str, str | int]] = [dict(row) for row in records(result, lists)]
            header = list(dict.fromkeys(key for row in rows for key in row))
            data = csv_bytes(header, rows)
            replace_file(root / MEASURES, data, durable=False)
            entries.append(entry(MEASURES, data, len(rows)))
            said = voices(period.records, period.lists, identifiable)
            for name, table, columns, replaced in (
                (
                    FEEDBACK,
                    feedback_rows(said, identifiable),
                    feedback_columns(identifiable),
                    said.names_out[0],
                ),
                (
                    EXPERIENCE,
                    experience_rows(said, identifiable, lists),
                    experience_columns(identifiable),
                    said.names_out[1],
                ),
            ):
                data = csv_bytes(columns, table)
                replace_file(root / name, data, durable=False)
                entries.append(entry(name, data, len(table), replaced))
            _write_manifest(root, first, last, identifiable, entries, period)
    except OSError as error:
        raise ExportError(
            f"Cannot write the export in {out_dir}: {error.strerror or error}"
        ) from error
    return entries


def _write_days(
    period: PeriodRead,
    root: Path,
    identifiable: bool,
    entries: list[FileEntry],
    old: _Sweeper,
    on_day: Callable[[date], None] | None,
) -> None:
    for day in period.days:
        tables = build_tables(day, period, identifiable=identifiable)
        files = {
            file_name(day.session.day, t.kind): (csv_bytes(t.columns, t.rows), len(t.rows))
            for t in tables
        }
        replaced = {file_name(day.session.day, t.kind): t.replaced for t in tables}
        _write_day(root, day.session.day, files, old)
        entries.extend(
            entry(f"{day.session.day.isoformat()}/{name}", *files[name], replaced[name])
            for name in sorted(files)
        )
        if on_day is not None:
            on_day(day.session.day)


def _write_day(root: Path, day: date, files: dict[str, tuple[bytes, int]], old: _Sweeper) -> None:
    """The day's folder is written beside the old one, then swapped in whole; unless it
    already holds these very files (a day exported before and unchanged since)."""
    final = root / day.isoformat()
    if _unchanged(final, files):
        return
    partial = Path(tempfile.mkdtemp(dir=root, prefix=f".{day.isoformat()}."))
    try:
        for name, (data, _rows) in files.items():
            _create(partial / name, data)
        if final.exists():
            os.replace(final, old.folder / day.isoformat())
            os.replace(partial, final)
            old.remove(old.folder / day.isoformat())
        else:
            os.replace(partial, final)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def _unchanged(folder: Path, files: dict[str, tuple[bytes, int]]) -> bool:
    """The folder is private and holds these files, private, with these bytes, and no more."""
    try:
        if os.stat(folder).st_mode & 0o777 != 0o700 or sorted(os.listdir(folder)) != sorted(files):
            return False
        for name, (data, _rows) in files.items():
            with open(folder / name, "rb") as handle:
                if os.fstat(handle.fileno()).st_mode & 0o777 != FILE_MODE or handle.read() != data:
                    return False
    except OSError:
        return False
    return True


class _Sweeper:
    """Removes the days replaced, in a thread: deleting a thousand files waits on the disk
    (a second or more on a busy one), and the export has writing and counting to do."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.queue: queue.SimpleQueue[Path | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, name="export-sweeper", daemon=True)

    def __enter__(self) -> _Sweeper:
        self.folder = Path(tempfile.mkdtemp(dir=self.root, prefix=".replaced."))
        self.thread.start()
        return self

    def remove(self, path: Path) -> None:
        self.queue.put(path)

    def _run(self) -> None:
        while (path := self.queue.get()) is not None:
            shutil.rmtree(path, ignore_errors=True)

    def __exit__(self, *_exc: object) -> None:
        self.queue.put(None)
        self.thread.join()
        shutil.rmtree(self.folder, ignore_errors=True)


def _create(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, FILE_MODE)


def entry(path: str, data: bytes, rows: int, replaced: int = 0) -> FileEntry:
    digest = hashlib.sha256(data).hexdigest()
    return FileEntry(path=path, rows=rows, sha256=digest, bytes=len(data), replaced=replaced)


def _write_manifest(
    root: Path,
    first: date,
    last: date,
    identifiable: bool,
    entries: list[FileEntry],
    period: PeriodRead,
) -> None:
    body = {
        "dutydesk": __version__,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "generated_at": period.now.isoformat(),
        "identifiable": identifiable,
        "complete": True,
        "files": [vars(e) for e in entries],
    }
    write_manifest(root / MANIFEST, body, period.seal)  # flushed to the disk, then renamed


def verify(root: Path) -> list[str]:
    """What is wrong with an export folder (empty when it is complete and unchanged)."""
    manifest = root / MANIFEST
    if not manifest.exists():
        return ["no manifest.json: the export did not finish"]
    problems = []
    for item in json.loads(manifest.read_text("utf-8"))["files"]:
        path = root / item["path"]
        if not path.exists():
            problems.append(f"{item['path']} is missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != item["sha256"]:
            problems.append(f"{item['path']} has changed since it was exported")
    return problems
