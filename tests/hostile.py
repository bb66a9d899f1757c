"""A corpus of hostile values, and a way to save one through every form of the console.

Each value goes into the call (organisation, child's name, what was seen, the referrer's
view), an agency view, the decision's reasons and an action, all typed into the forms'
widgets as a person (or a paste) would leave them. All data is fictional.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea
from textual.widgets.text_area import Document

from dutydesk.app import DutyDeskApp
from dutydesk.domain.text import field
from dutydesk.exports.files import FORMULA_STARTS
from dutydesk.screens.queue import QueueScreen
from dutydesk.screens.referral import ReferralScreen

CORPUS: dict[str, str] = {
    "markup bold": "[bold]Zed[/bold] Example",
    "markup open": "Zed [/ unclosed",
    "markup click": "[@click=app.quit]x[/]",
    "markup link": "[link=http://x]y[/link]",
    "content variable": "$variable and ${other} $",
    "ansi colour": "saw \x1b[31mred\x1b[0m text",
    "ansi clear screen": "\x1b[2J\x1b[Hcleared",
    "osc 52 clipboard": "copy\x1b]52;c;aGVsbG8=\x07 me",
    "osc 8 link": "\x1b]8;;http://x\x1b\\a link\x1b]8;;\x1b\\",
    "osc title": "\x1b]0;new title\x07after",
    "c0 controls": "nul\x00bell\x07back\x08space\x7fdel",
    "c1 controls": "next\x85line\x9b2J csi\x9d osc",
    "bidi override": "file\u202egnp.exe\u202c and \u2066isolate\u2069",
    "arabic": "ليلى تحتاج إلى دعم",
    "hebrew": "שלום Sam",
    "combining": "Zoe\u0301 Ha\u0300\u0301\u0302llo",
    "emoji zwj": "👩‍👧 family 🏳️‍🌈 and 👍🏽",
    "hyperlink formula": '=HYPERLINK("http://x","y")',
    "plus": "+1",
    "minus": "-1",
    "at": "@SUM(A1)",
    "formula after comma": 'a,=HYPERLINK("http://x","y")',
    "formula after newline": "first line\n=1+2\n+3",
    "tabs and newlines": "one\n\ttwo\r\nthree\rfour",
    "whitespace only": "   \t  ",
    "empty": "",
}

FALLBACK = "Fictional stand-in"  # for a required field when the hostile value is empty


def stored(typed: str) -> str:
    """What the Store keeps: control characters out, newlines and tabs kept, trimmed."""
    return field("value", typed)


def stored_from_box(typed: str) -> str:
    """The same, for a multi-line box: it makes a new line of every kind of line break
    (U+0085, U+2028, form feed, ...) as soon as the text is put in it."""
    return stored(Document(typed).text)


def required(typed: str) -> str:
    return typed if stored(typed) else FALLBACK


def one_line(text: str) -> str:
    """A table cell shows a value on one line."""
    return text.replace("\n", " ")


def in_csv(value: str) -> str:
    """What the CSV module should read back: a formula gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


async def save_through_forms(app: DutyDeskApp, pilot: Pilot[None], typed: str) -> None:
    """The MASH officer adds the call, then the team adds a view, decides and plans."""
    await pilot.press("a")
    form = app.screen
    form.query_one("#referrer_org", Input).value = typed
    form.query_one("#child_name_0", Input).value = required(typed)
    form.query_one("#worry_seen", TextArea).text = required(typed)
    form.query_one("#referrer_view", TextArea).text = typed
    form.query_one("#urgency", Select).value = "today"
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, QueueScreen), "the call was not saved"
    await pilot.press("enter")
    assert isinstance(app.screen, ReferralScreen)
    await pilot.press("2")  # police
    app.screen.query_one("#knows", TextArea).text = required(typed)
    app.screen.query_one("#consent", Select).value = "without"
    app.screen.query_one("#without_consent_reason", TextArea).text = required(typed)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("d")
    app.screen.query_one("#outcome", Select).value = "early_help"
    app.screen.query_one("#reasons", TextArea).text = required(typed)
    app.screen.query_one("#response", Select).value = "different"
    app.screen.query_one("#response_reason", TextArea).text = required(typed)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("a")
    app.screen.query_one("#what", Input).value = required(typed)
    app.screen.query_one("#owner", Select).value = "early_help"
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, ReferralScreen), "a form on the referral was not saved"


def screen_text(app: DutyDeskApp) -> str:
    """Every character on the terminal now, line by line (what a person would read)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
