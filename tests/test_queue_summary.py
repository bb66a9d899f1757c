"""The figures above the queue break between figures, never inside one (seen at 80 columns:
"Decided:" at the end of one line and "5 of 19" at the start of the next)."""

from __future__ import annotations

from dutydesk.screens.queue import summary_lines

PARTS = [
    ("Waiting now: ", "14"),
    ("Oldest wait: ", "17h 16m"),
    ("IMMEDIATE not passed on: ", "2"),
    ("Decided: ", "5 of 19"),
    ("Advice calls: ", "2"),
    ("Feedback awaited: ", "3"),
]


def test_at_80_columns_each_figure_stays_whole() -> None:
    lines = summary_lines(PARTS, 80).plain.split("\n")
    assert lines == [
        "Waiting now: 14   Oldest wait: 17h 16m   IMMEDIATE not passed on: 2",
        "Decided: 5 of 19   Advice calls: 2   Feedback awaited: 3",
    ]
    assert all(len(line) <= 80 for line in lines)


def test_a_wide_screen_has_one_line() -> None:
    assert "\n" not in summary_lines(PARTS, 200).plain


def test_before_layout_no_width_means_no_breaks() -> None:
    assert summary_lines(PARTS, 0).plain.count("\n") == 0
