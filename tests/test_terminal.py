"""The real console in a real (pseudo) terminal: Ctrl+C, Ctrl+Q, being killed or hung up on
all give the terminal back as it was, with no traceback, and keep what was being typed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dutydesk.storage import open_store
from tests.pilot_helpers import start_room

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Terminal:
    """dutydesk running in a pseudo-terminal; what it drew is in `output`."""

    process: subprocess.Popen[bytes]
    master: int
    slave: int
    output: bytes = field(default=b"")

    def read(self, seconds: float, until: bytes | None = None) -> None:
        import select

        end = time.monotonic() + seconds
        while time.monotonic() < end and not (until and until in self.output):
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    return

    def type(self, keys: bytes) -> None:
        os.write(self.master, keys)
        self.read(0.5)

    def wait(self) -> int:
        try:
            code = self.process.wait(timeout=10)
        finally:
            self.read(0.3)
        return code


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, Path]]:
    import fcntl
    import pty
    import struct
    import termios

    db = tmp_path / "desk.db"
    store = open_store(db)  # today's real date: the console runs on the system clock
    start_room(store)
    store.close()
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 110, 0, 0))
    before = termios.tcgetattr(slave)
    env = os.environ | {
        "TERM": "xterm-256color",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "dutydesk", "--db", str(db), "--exports", str(tmp_path / "ex")],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=tmp_path,
        start_new_session=True,
    )
    shown = Terminal(process, master, slave)
    shown.read(20, until=b"Waiting now")
    assert b"Waiting now" in shown.output, shown.output[-500:]
    try:
        yield shown, db
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert termios.tcgetattr(slave) == before, "the terminal was left in raw mode"
        os.close(master)
        os.close(slave)
    assert b"Traceback" not in shown.output
    assert shown.output.rstrip().endswith(b"\x1b[?1006l") or b"\x1b[?1049l" in shown.output


def test_ctrl_c_does_not_quit_and_ctrl_q_does(terminal: tuple[Terminal, Path]) -> None:
    shown, _db = terminal
    shown.type(b"\x03")  # Ctrl+C
    assert shown.process.poll() is None
    shown.read(2, until=b"Ctrl+C does not quit")
    assert b"Ctrl+C does not quit" in shown.output
    shown.type(b"\x11")  # Ctrl+Q
    assert shown.wait() == 0


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=["killed", "hung up"])
def test_being_stopped_keeps_the_typing_and_the_terminal(
    terminal: tuple[Terminal, Path], stop: signal.Signals
) -> None:
    shown, db = terminal
    shown.type(b"a")
    shown.read(5, until=b"Add a call")
    shown.type(b"Typed just before the power went")
    os.killpg(shown.process.pid, stop)  # sooner than the draft timer's next tick
    assert shown.wait() == 1
    store = open_store(db)
    try:
        session = store.session_for(store.today())
        assert session is not None
        (draft,) = store.drafts(session.id)
        assert draft.fields["referrer_name"] == "Typed just before the power went"
    finally:
        store.close()
