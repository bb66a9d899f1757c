"""Installing without admin or internet: the wheelhouse script runs and the README says how.

(The whole path, wheelhouse to a fresh venv with `--no-index`, needs the network to fill
the wheelhouse, so it is run by hand: see README.md, "Install without admin or internet".)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_build_wheelhouse_explains_itself() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build-wheelhouse"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "win_amd64" in done.stdout and "--here" in done.stdout


def test_python_dash_m_works_without_the_scripts_folder() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dutydesk", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "keys" in done.stdout


def test_the_readme_documents_both_installs() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "pip install --no-index --find-links wheelhouse dutydesk" in readme
    assert "pip install --user" in readme
    assert "scripts/build-wheelhouse" in readme
