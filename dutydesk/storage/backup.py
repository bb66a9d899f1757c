"""Backups and restores, through SQLite's online backup API.

A backup is a consistent copy even while desks are saving (the API reads one snapshot).
It is written to a private temporary file, checked, then renamed into place: a backup
file either is whole or does not exist. By default backups go in a `backups` folder beside
the database (for the default database: the data folder's `backups/`), named by time,
keeping the newest `KEEP`.

A restore checks the backup first (integrity, schema, hash chain), keeps the current file
aside as a backup, then copies the backup's pages into the live file with the same API, so
a desk that still has it open sees either the old record or the restored one, never a mix.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from dutydesk import paths
from dutydesk.domain.clock import to_london
from dutydesk.storage import integrity, preflight
from dutydesk.storage.errors import DatabaseError

if TYPE_CHECKING:
    from dutydesk.storage.base import StoreBase

KEEP = 10
SUFFIX = ".db"


class BackupError(DatabaseError):
    """A backup or restore did not happen; the message says why (no record content)."""


def backup_name(database: Path, moment: datetime, label: str = "") -> str:
    """e.g. dutydesk-2026-11-26-170502.db: sorts by time, names the database it copies."""
    tail = f"-{label}" if label else ""
    return f"{database.stem}-{to_london(moment).format('YYYY-MM-DD-HHmmss')}{tail}{SUFFIX}"


def make_backup(
    database: Path,
    moment: datetime,
    *,
    to: Path | None = None,
    keep: int = KEEP,
    label: str = "",
) -> Path:
    """Copy `database` to `to` (a new file), or to a new file in the backups folder.

    Returns the backup's path. Only a backup in the backups folder prunes older ones.
    """
    if not database.is_file():
        raise BackupError(f"There is no database at {database}.")
    if to is not None and not to.is_dir():
        if to.exists():
            raise BackupError(f"{to} already exists: choose a new file name.")
        target, prune_in = to, None
        preflight.make_private_folder(to.absolute().parent)
    else:
        folder = to or paths.backups_dir(database)
        preflight.make_private_folder(folder)
        target, prune_in = _free_name(folder / backup_name(database, moment, label)), folder
    partial = target.with_name(f".{target.name}.partial")
    try:
        _create_private(partial)
        with (
            closing(sqlite3.connect(database)) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            source.backup(copy)
            # One self-contained file: no -wal beside it to lose when it is copied elsewhere.
            copy.execute("PRAGMA journal_mode=DELETE")
            status = copy.execute("PRAGMA quick_check").fetchone()[0]
        if status != "ok":
            raise BackupError("The backup copy did not check out; the database may be damaged.")
        _fsync(partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        raise BackupError(_said("No backup was made", error)) from error
    finally:
        partial.unlink(missing_ok=True)
    if prune_in is not None:
        prune(prune_in, database.stem, keep)
    return target


def prune(folder: Path, stem: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups of `stem` in `folder`; return those deleted."""
    mine = sorted(
        (p for p in folder.glob(f"{stem}-*{SUFFIX}") if _is_backup_of(p, stem)),
        # the time in the name, then (for two in the same second) which was written last
        key=lambda p: (p.name[len(stem) + 1 : len(stem) + 18], p.stat().st_mtime_ns),
    )
    old = mine[: max(len(mine) - keep, 0)]
    for path in old:
        path.unlink(missing_ok=True)
    return old


@dataclass(frozen=True)
class Restored:
    database: Path
    kept_aside: Path | None  # the file as it was before, itself a backup
    report: integrity.CheckReport


def restore(backup: Path, database: Path, moment: datetime) -> Restored:
    """Check `backup`, keep the current database aside, then copy the backup into place."""
    report = integrity.check_file(backup)
    if not report.ok:
        raise BackupError(f"{backup} cannot be restored: " + " ".join(report.problems))
    kept = None
    if database.exists():
        kept = make_backup(database, moment, label="before-restore")
    else:
        preflight.prepare(database)
    try:
        with (
            preflight.read_only(backup) as source,
            closing(sqlite3.connect(database, timeout=10)) as live,
        ):
            source.backup(live)
    except sqlite3.Error as error:
        raise BackupError(_said("The backup was not restored", error)) from error
    return Restored(database, kept, report)


def _is_backup_of(path: Path, stem: str) -> bool:
    # stem-YYYY-MM-DD-HHMMSS[...].db: the date must follow the stem, so that the backups of
    # "dutydesk" are never taken for those of "dutydesk-test".
    rest = path.name[len(stem) + 1 :]
    return len(rest) >= 17 and rest[:4].isdigit() and rest[4] == "-" and rest[10] == "-"


def _free_name(target: Path) -> Path:
    n = 1
    candidate = target
    while candidate.exists():
        n += 1
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
    return candidate


def _create_private(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, paths.FILE_MODE))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _said(what: str, error: BaseException) -> str:
    """`what` happened, and why; a full disk is said in the one way it is said everywhere."""
    from dutydesk.storage.errors import DISK_FULL

    why = _why(error)
    return why if why == DISK_FULL else f"{what}: {why}"


def _why(error: BaseException) -> str:
    from dutydesk.storage.engine import explain
    from dutydesk.storage.errors import DISK_FULL, disk_full

    if disk_full(error):
        return DISK_FULL

    if isinstance(error, OSError):
        return preflight.place_problem(error, Path(error.filename or "?"))
    return explain(error, "the backup")


def backup_store(store: StoreBase, keep: int = KEEP) -> Path | None:
    """Back up the store's database file to its backups folder (None if it has no file)."""
    from dutydesk.storage.engine import sqlite_path

    path = sqlite_path(store.engine.url.render_as_string(hide_password=False))
    return None if path is None else make_backup(path, store.now(), keep=keep)
