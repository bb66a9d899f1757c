"""Start-up checks: each problem with the database's place or file is one plain sentence and
a non-zero exit, never a traceback, whether from a command or the console itself."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from typer.testing import CliRunner

from dutydesk.cli import cli
from dutydesk.storage import DatabaseError, engine, migrate, open_store, preflight

runner = CliRunner()
MOUNTS = r"""sysfs /sys sysfs rw,nosuid 0 0
/dev/sda1 / ext4 rw,relatime 0 0
fileserver:/export/team /mnt/team nfs4 rw,relatime 0 0
/dev/sdb1 /mnt/team/local ext4 rw 0 0
//fs01/mash /mnt/mash cifs rw,vers=3.0 0 0
//fs01/mash\040share /mnt/mash\040share smb3 rw 0 0
sam@laptop:/home/sam /mnt/laptop fuse.sshfs rw 0 0
/dev/sdc1 /media/usb vfat rw 0 0
"""


def refuses(path: Path, match: str) -> str:
    with pytest.raises(DatabaseError, match=match) as raised:
        open_store(path)
    message = str(raised.value)
    assert "Traceback" not in message and "sqlite3." not in message
    return message


# -- the place --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "where"),
    [
        ("/mnt/team/dutydesk.db", "a network drive (nfs4)"),
        ("/mnt/team/sub/folder/dutydesk.db", "a network drive (nfs4)"),
        ("/mnt/mash/dutydesk.db", "a network drive (cifs)"),
        ("/mnt/mash share/dutydesk.db", "a network drive (smb3)"),
        ("/mnt/laptop/dutydesk.db", "a network drive (fuse.sshfs)"),
        ("/mnt/team/local/dutydesk.db", None),  # a local disk mounted inside a share
        ("/media/usb/dutydesk.db", None),
        ("/home/sam/dutydesk.db", None),
        ("\\\\fs01\\mash\\dutydesk.db", "a network share"),
        ("//fs01/mash/dutydesk.db", "a network share"),
    ],
)
def test_network_drives_are_recognised(path: str, where: str | None) -> None:
    assert preflight.network_location(Path(path), MOUNTS) == where


def test_a_database_on_a_network_drive_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "share"
    monkeypatch.setattr(preflight, "read_mounts", lambda: f"//fs01/mash {share} cifs rw 0 0\n")
    message = refuses(share / "dutydesk.db", "network drive")
    assert "this computer's own disk" in message
    assert not share.exists()  # nothing was made there


def test_a_missing_folder_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "nested" / "dutydesk.db"
    open_store(path).close()
    if os.name == "posix":
        for folder in (tmp_path / "new", tmp_path / "new" / "nested"):
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_read_only_file_is_refused_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.db"
    open_store(path).close()
    monkeypatch.setattr(preflight, "writable", lambda p: p != path)  # as root would not see
    refuses(path, "read-only: dutydesk cannot save there")


def test_a_read_only_folder_is_refused_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "t.db"
    open_store(path).close()
    monkeypatch.setattr(preflight, "writable", lambda p: p != tmp_path)
    refuses(path, f"The folder {tmp_path} is read-only")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file modes")
def test_a_really_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    open_store(folder / "t.db").close()
    folder.chmod(0o500)
    try:
        refuses(folder / "t.db", "read-only")
    finally:
        folder.chmod(0o700)


def test_a_full_disk_while_opening_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(migrate, "upgrade", full)
    refuses(tmp_path / "t.db", "The disk is full: nothing was saved")


def test_a_full_disk_while_making_the_file_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_folder: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(preflight, "make_private_folder", full)
    refuses(tmp_path / "t.db", "The disk is full")


def test_a_locked_database_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "t.db"
    open_store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")  # e.g. another program mid-VACUUM
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO duty_session (day, started_at) VALUES ('2020-01-06', '2020-01-06')")
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 100)
    try:
        refuses(path, "busy at another desk")
    finally:
        holder.rollback()
        holder.close()


# -- the console says the same, without a traceback --------------------------------------


def corrupt(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


def newer(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version=99")


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (corrupt, "not a dutydesk database or is damaged"),
        (newer, "made by a newer dutydesk"),
    ],
    ids=["corrupt", "newer"],
)
@pytest.mark.parametrize("command", [[], ["check"], ["audit"], ["purge", "--older-than", "1y"]])
def test_the_console_and_commands_refuse_plainly(
    tmp_path: Path, spoil: Callable[[Path], None], message: str, command: list[str]
) -> None:
    path = tmp_path / "t.db"
    spoil(path)
    before = path.read_bytes()
    result = runner.invoke(cli, [*command, "--db", str(path)])  # [] is the console itself
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # a plain exit, not an error escaping
    assert path.read_bytes() == before  # and the file is left exactly as it was


def test_the_console_refuses_a_network_drive_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preflight, "read_mounts", lambda: f"srv:/x {tmp_path} nfs rw 0 0\n")
    result = runner.invoke(cli, ["--db", str(tmp_path / "t.db")])
    assert result.exit_code == 2
    assert "dutydesk: The database at" in result.output and "network drive (nfs)" in result.output


# -- no record content in a message -------------------------------------------------------

MARKER = "Quentin Leakcheck"


@pytest.mark.parametrize(
    "orig",
    [
        sqlite3.IntegrityError(f"CHECK constraint failed: name = '{MARKER}'"),
        sqlite3.OperationalError(f'near "{MARKER}": syntax error'),
        sqlite3.OperationalError("database or disk is full"),
        sqlite3.OperationalError("database is locked"),
        sqlite3.IntegrityError("referral rows are never changed or removed: append-only"),
    ],
)
def test_explain_never_repeats_what_was_being_saved(orig: sqlite3.Error) -> None:
    error = IntegrityError("INSERT INTO call_version VALUES (?)", {"worry_seen": MARKER}, orig)
    assert str(error).count(MARKER)  # SQLAlchemy's own message would leak it...
    assert MARKER not in engine.explain(error, "/some/where.db")  # ...ours does not
