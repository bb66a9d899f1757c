"""What people type is kept exactly, minus the codes that would take over a terminal."""

from __future__ import annotations

import pytest

from dutydesk.domain.text import MAX_FIELD, FieldError, clean, field, initials


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("\x1b[31mred\x1b[0m text", "red text"),
        ("\x1b[2J\x1b[Hcleared", "cleared"),
        ("\x1b[?1049hswap", "swap"),
        ("\x1b]0;title\x07after", "after"),
        ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("nul\x00here", "nulhere"),
        ("bell\x07", "bell"),
        ("del\x7f", "del"),
        ("back\x08space", "backspace"),
        ("next\x85line\x9d", "nextline"),
        ("lone escape \x1b", "lone escape "),
    ],
)
def test_clean_removes_terminal_controls(typed: str, kept: str) -> None:
    assert clean(typed) == (kept, True)


def test_clean_keeps_newlines_and_tabs() -> None:
    assert clean("line one\n\tline two") == ("line one\n\tline two", False)


def test_windows_line_endings_become_newlines() -> None:
    text, _ = clean("one\r\ntwo\rthree")
    assert text == "one\ntwo\nthree"


@pytest.mark.parametrize(
    "typed",
    [
        "[bold]not bold[/bold]",
        "[@click=app.quit]x[/]",
        "[red]$name[/red] \\[escaped]",
        "ليلى تحتاج إلى دعم",  # right-to-left text
        "שלום Sam",
        "Zoë and Zoe\u0301 (combining accent)",
        "Ha\u0300\u0301\u0302llo",
        "👩‍👧 family 🏳️‍🌈 and 👍🏽",
        "Ağca, Øyvind, 陈小明",
        "",
    ],
)
def test_clean_keeps_ordinary_text_exactly(typed: str) -> None:
    assert clean(typed) == (typed, False)


def test_field_trims_and_cleans() -> None:
    assert (
        field("Reasons", "  \x1b[1mAgreed\x1b[0m [bold]plan[/bold]\n") == "Agreed [bold]plan[/bold]"
    )


def test_field_keeps_inner_lines() -> None:
    assert field("Worry", "first\r\nsecond\n") == "first\nsecond"


@pytest.mark.parametrize("typed", [None, "", "   ", "\n\t ", "\x1b[0m"])
def test_required_field_left_empty_names_the_field(typed: str | None) -> None:
    with pytest.raises(FieldError, match=r"^Reasons is needed$"):
        field("Reasons", typed, required=True)


@pytest.mark.parametrize("typed", [None, "", "   "])
def test_optional_field_may_be_empty(typed: str | None) -> None:
    assert field("School", typed) == ""


def test_too_long_field_says_how_long_and_the_limit() -> None:
    with pytest.raises(FieldError) as raised:
        field("Worry", "x" * (MAX_FIELD + 1))
    message = str(raised.value)
    assert message.startswith("Worry is too long")
    assert f"{MAX_FIELD + 1:,}" in message
    assert f"{MAX_FIELD:,}" in message


def test_a_long_pasted_note_fits() -> None:
    assert len(field("Worry", "x" * MAX_FIELD)) == MAX_FIELD


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Amira Khan", "AK"),
        ("amira khan", "AK"),
        ("baby of J. Smith", "BOJS"),
        ("Jean-Luc O'Neill", "JLON"),
        ("Leo", "L"),
        ("Mary Ann Rose Elizabeth Smith", "MARE"),
        ("", "?"),
        ("   ", "?"),
        ("123", "?"),
    ],
)
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


@pytest.mark.parametrize(
    ("typed", "removed"),
    [
        ("plain text\n\twith a tab", 0),
        ("one\r\ntwo\rthree", 0),  # line endings become newlines: nothing removed
        ("\x1b[31mred\x1b[0m", 2),  # a sequence counts once, however long
        ("\x1b]52;c;aGVsbG8=\x07clip", 1),
        ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", 2),
        ("nul\x00bell\x07del\x7f", 3),
        ("next\x85line\x9b", 2),
        ("[bold]not markup[/bold] \u202e", 0),  # markup and bidi are text, not controls
    ],
)
def test_removed_count_says_how_much_cleaning_took_out(typed: str, removed: int) -> None:
    from dutydesk.domain.text import removed_count

    assert removed_count(typed) == removed
    assert (removed > 0) == clean(typed)[1]
