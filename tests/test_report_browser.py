"""The report in a real browser: headless Chromium (Debian's `chromium`; .ci/run installs it)
parses the page as expected, every chart is there with its points, the page prints on A4,
and a screenshot of the first page is kept (DUTYDESK_TEST_ARTEFACTS, else the test's
temporary folder). Skipped where Chromium is missing, except in CI, where it fails."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pendulum
import pytest

from dutydesk.demo import seed_demo
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.series import MEASURES, choose_test_days
from dutydesk.exports.report import read_report, write_report
from dutydesk.storage import open_store
from dutydesk.storage.period import Source

NOW = pendulum.datetime(2026, 11, 26, 16, tz="Europe/London")
FIRST, LAST = date(2026, 11, 16), date(2026, 11, 26)
TESTS = [date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Chromium (.ci/run installs Debian's chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return found


def browse(page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Not under a faked clock (scripts/with-clock-ahead): the browser is not under test.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_PRELOAD", "FAKETIME"))}
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    command += ["--disable-dev-shm-usage", f"--user-data-dir={page.parent / 'profile'}"]
    return subprocess.run(
        [*command, *args, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=env,
    )


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("browser")
    store = open_store(folder / "d.db", fixed_clock(NOW))
    seed_demo(store, days=9)
    source = Source.of(store)
    report = read_report(
        source, FIRST, LAST, lambda days: choose_test_days(days, FIRST, LAST, TESTS), 240
    )
    store.close()
    html, _book = write_report(report, folder / "out")
    yield html


class Rendered(HTMLParser):
    """The DOM as Chromium serialised it: each run chart's points, each section's text."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: list[dict[str, int]] = []
        self.text: list[str] = []
        self.in_svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "svg":
            self.in_svg += 1
            if "runchart" in (attr.get("class") or ""):
                self.charts.append(
                    {"base": 0, "test": 0, "expected": int(attr["data-points"] or 0)}
                )
        classes = (attr.get("class") or "").split()
        if self.charts and self.in_svg and "pt" in classes:
            self.charts[-1]["test" if "test" in classes else "base"] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.in_svg -= 1

    def handle_data(self, data: str) -> None:
        if not self.in_svg:
            self.text.append(data)


def test_chromium_draws_every_chart_and_section(page: Path) -> None:
    dom = browse(page, "--dump-dom").stdout
    seen = Rendered()
    seen.feed(dom)
    text = re.sub(r"\s+", " ", "".join(seen.text))
    for heading in (
        "At a glance",
        "What referrers said",
        "What the agencies said",
        "The team's retrospectives",
        "Where the needs went",
        "Referrals by the referrer's organisation",
        "How to read the charts",
        *(m.title for m in MEASURES),
    ):
        assert heading in text, heading
    assert "Test days: Tue 24 Nov 2026, Wed 25 Nov 2026, Thu 26 Nov 2026." in text
    assert "3 of 3 test days above the baseline median: no shift." in text
    assert len(seen.charts) == len(MEASURES) - 1  # one measure has no figures: said in words
    for chart in seen.charts:
        assert chart["base"] + chart["test"] == chart["expected"] > 1
    assert seen.charts[0] == {"base": 6, "test": 3, "expected": 9}


def test_the_first_page_as_a_screenshot(page: Path) -> None:
    keep = Path(os.environ.get("DUTYDESK_TEST_ARTEFACTS") or page.parent)
    keep.mkdir(parents=True, exist_ok=True)
    shot = keep / "report-first-page.png"
    browse(page, f"--screenshot={shot}", "--window-size=900,1270", "--hide-scrollbars")
    width, height, dark = png_summary(shot.read_bytes())
    assert (width, height) == (900, 1270)
    assert dark > 0.01  # text and lines drew: more than 1% of the pixels are dark


def test_it_prints_on_a4(page: Path) -> None:
    pdf = page.parent / "report.pdf"
    browse(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert len(boxes) > 3  # many pages
    for w, h in boxes:
        assert abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2  # A4 in points


def png_summary(data: bytes) -> tuple[int, int, float]:
    """Width, height and the share of dark pixels of an 8-bit RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    dark = 0
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        dark += sum(1 for x in range(0, stride, channels) if line[x] < 128)
        previous = line
    return width, height, dark / (width * height)
