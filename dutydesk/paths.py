"""Where dutydesk keeps its files: the user's own data folder (platformdirs), never beside
the program. Environment variables and command-line options override each."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_config_path, user_data_path

if TYPE_CHECKING:
    from dutydesk.domain.vocab import Lists

APP = "dutydesk"


def data_dir() -> Path:
    return user_data_path(APP, appauthor=False)


def _chosen(variable: str, default: Path) -> Path:
    """The path in the environment variable, if it is set and not empty; else `default`."""
    value = os.environ.get(variable)
    return Path(value) if value else default


def config_dir() -> Path:
    """DUTYDESK_CONFIG, or the user's own config folder: the keymap and remembered settings."""
    return _chosen("DUTYDESK_CONFIG", user_config_path(APP, appauthor=False))


def default_db() -> Path:
    """DUTYDESK_DB, or dutydesk.db in the user's data folder."""
    return _chosen("DUTYDESK_DB", data_dir() / "dutydesk.db")


def db_target(option: str | None) -> str:
    """The database named on the command line, else DUTYDESK_DB, else the default file."""
    return option or os.environ.get("DUTYDESK_DB") or str(default_db())


def missing_database(target: str) -> str | None:
    """What to say when a command that only reads is pointed at a file that is not there
    (a mistyped --db must not leave a new, empty database behind); None if it is there."""
    if "://" in target:
        return None
    path = Path(target).expanduser()
    if path.is_file():
        return None
    return f"There is no dutydesk database at {path}: check --db (or DUTYDESK_DB)."


def default_exports() -> Path:
    return _chosen("DUTYDESK_EXPORTS", data_dir() / "exports")


def backups_dir(database: Path) -> Path:
    """DUTYDESK_BACKUPS, else `backups/` beside the database (for the default database:
    in the data folder), so that each database's backups stay with it."""
    return _chosen("DUTYDESK_BACKUPS", database.absolute().parent / "backups")


def crash_reports() -> Path:
    """Where a report of an unexpected error goes for IT: its traceback, readable by this user."""
    return data_dir() / "error-reports"


# Everything dutydesk writes (the database, exports, feedback text, lists.toml,
# settings.toml, backups, error reports) is this user's only: files 0600, folders 0700.
FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create `path` and any missing folders above it, each readable by this user only
    (whatever the umask). A folder that was already there is left as it is."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for part in reversed(missing):
        try:
            part.mkdir(mode=FOLDER_MODE)
        except FileExistsError:  # made at the same moment by another desk
            continue
        os.chmod(part, FOLDER_MODE)
    return path


def write_private(
    target: Path, data: bytes | str, *, durable: bool = True, exclusive: bool = False
) -> Path:
    """Write `data` to `target`, readable by this user only from the first byte: into a
    0600 temporary file beside it (in a private folder made if missing), flushed to the
    disk if `durable`, then renamed over `target` (never half a file). `exclusive`: fail
    with FileExistsError rather than replace a file that is there."""
    import contextlib
    import tempfile

    raw = data.encode("utf-8") if isinstance(data, str) else data
    private_dir(target.parent)
    # mkstemp makes the file 0600 (O_EXCL, this user only) whatever the umask.
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if exclusive:
            os.link(temp, target)  # FileExistsError if another file is there already
            temp.unlink()
        else:
            os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return target


def immediate_target_minutes(lists: Lists) -> int:
    """The partnership's target for IMMEDIATE referrals to reach the Assessment Team:
    DUTYDESK_IMMEDIATE_TARGET_HOURS (e.g. 4 or 2.5), else the lists' IMMEDIATE
    target_hours (lists.toml), else 4 hours."""
    fallback = lists.immediate_target_hours()
    text = os.environ.get("DUTYDESK_IMMEDIATE_TARGET_HOURS", "").strip()
    try:
        hours = float(text) if text else fallback
    except ValueError:
        hours = fallback
    return round(hours * 60) if hours > 0 else round(fallback * 60)
