"""`dutydesk import FILE`: online-form contacts into today's queue, all or nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pendulum
import pytest
from typer.testing import CliRunner

from dutydesk.cli import cli
from dutydesk.domain import vocab
from dutydesk.domain.clock import fixed_clock
from dutydesk.domain.records import Actor
from dutydesk.exports.daily import export_day
from dutydesk.storage import open_store

runner = CliRunner()
MASH_ACTOR = Actor("Priya Sample", "mash", "MASH officer")
NOW = pendulum.datetime(2026, 11, 26, 12, tz="Europe/London")
HEADER = "received_at,urgency,child_name,child_dob_or_age,worry_seen,referrer_name,needs"
GOOD = [
    "2026-11-26 08:10,today,Tilly Formfield,2016-02-03,Often hungry,Pat Online,neglect;housing",
    ",routine,Ray Formfield,9,Missed school,Pat Online,",
]


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command's store tells the time by the fixed clock (12:00 on Thu 26 Nov 2026)."""
    import dutydesk.storage as storage

    real = storage.open_store
    monkeypatch.setattr(
        storage, "open_store", lambda target, **kw: real(target, fixed_clock(NOW), **kw)
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(tmp_path: Path, file: Path, *extra: str) -> tuple[int, str, str]:
    db = tmp_path / "t.db"
    result = runner.invoke(cli, ["import", str(file), "--db", str(db), *extra])
    return result.exit_code, result.stdout, result.stderr


def referrals(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "t.db") as conn:
        return int(conn.execute("SELECT count(*) FROM referral").fetchone()[0])


def test_a_csv_adds_its_contacts_and_starts_the_session(tmp_path: Path) -> None:
    file = write(tmp_path, "form.csv", "\n".join([HEADER, *GOOD]) + "\n")
    code, out, err = run(tmp_path, file, "--name", "Sam Test")
    assert code == 0, err
    assert "Added 2 contact(s) from the online form" in out and "261126-01, 261126-02" in out
    store = open_store(tmp_path / "t.db", fixed_clock(NOW))
    session = store.session_for(store.today())
    assert session is not None and [a.name for a in session.attendees] == ["Sam Test"]
    rows = {r.ref: r for r in store.queue(session)}
    first = store.referral(rows["261126-01"].referral_id)
    assert first.source == vocab.ONLINE_FORM and first.call.needs == ("neglect", "housing")
    assert pendulum.instance(first.received_at).in_timezone("Europe/London").hour == 8


def test_json_with_children_and_an_advice_request(tmp_path: Path) -> None:
    contacts = {
        "contacts": [
            {
                "urgency": "today",
                "children": [
                    {"name": "Ada Formfield", "dob_or_age": "2019-04-05"},
                    {"name": "Bo Formfield", "dob_or_age": "3", "school": "Example Nursery"},
                ],
                "worry_told": "Dad said he cannot cope.",
                "referrer_org": "Example Nursery",
            },
            {"kind": "advice", "advice": "Should I refer? Advised to speak to the DSL."},
        ]
    }
    file = write(tmp_path, "form.json", json.dumps(contacts))
    code, _out, err = run(tmp_path, file, "--name", "Sam Test")
    assert code == 0, err
    store = open_store(tmp_path / "t.db", fixed_clock(NOW))
    session = store.session_for(store.today())
    assert session is not None
    rows = sorted(store.queue(session), key=lambda r: r.ref)
    assert [r.kind for r in rows] == [vocab.REFERRAL, vocab.ADVICE]
    assert len(store.referral(rows[0].referral_id).call.children) == 2


def test_an_existing_session_is_used_without_a_name(tmp_path: Path) -> None:
    store = open_store(tmp_path / "t.db", fixed_clock(NOW))
    store.start_session(store.today(), [("mash", "Priya Sample", "MASH officer")], MASH_ACTOR)
    store.close()
    file = write(tmp_path, "form.csv", "\n".join([HEADER, GOOD[0]]) + "\n")
    code, _out, err = run(tmp_path, file)
    assert code == 0, err
    with sqlite3.connect(tmp_path / "t.db") as conn:
        (actor,) = conn.execute("SELECT actor_name FROM call_version").fetchone()
    assert actor == "Priya Sample"


def test_no_session_and_no_name_adds_nothing(tmp_path: Path) -> None:
    file = write(tmp_path, "form.csv", "\n".join([HEADER, GOOD[0]]) + "\n")
    code, _out, err = run(tmp_path, file)
    assert code == 2 and "--name" in err
    assert referrals(tmp_path) == 0


def test_one_bad_row_among_good_ones_adds_nothing(tmp_path: Path) -> None:
    bad = "2027-01-01 09:00,urgent,,not-a-date,,Pat,teleport"
    file = write(tmp_path, "form.csv", "\n".join([HEADER, GOOD[0], bad, GOOD[1]]) + "\n")
    code, _out, err = run(tmp_path, file, "--name", "Sam Test")
    assert code == 2
    assert "row 2, urgency: immediate, today or routine" in err
    assert "row 2, received_at: is in the future" in err
    assert "row 2, needs: unknown need code 'teleport'" in err
    assert "row 2, child_name: needed for a referral" in err
    assert "row 2, worry_seen:" in err
    assert "row 1" not in err and "row 3" not in err
    assert "nothing was added" in err
    assert referrals(tmp_path) == 0


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.json", '[{"urgency": "today", ', "not valid JSON (line 1"),
        ("shape.json", '{"rows": []}', "JSON must be a list of contacts"),
        ("items.json", '[1, "two"]', "row 1: each contact must be an object"),
        ("wrong.csv", "urgency,kid,worry\ntoday,x,y\n", "columns: unknown: kid, worry"),
        ("missing.csv", "urgency,worry_seen\ntoday,y\n", "columns: missing: child_name"),
        ("extra.csv", f"{HEADER}\n{GOOD[0]},surplus\n", "row 1: more values than columns"),
        ("empty.csv", "", "no header row"),
        ("none.json", "[]", "it has no contacts"),
        ("form.txt", "x", "name it .csv or .json"),
        ("typed.json", '[{"urgency": "today", "child_name": ["x"]}]', "child_name: must be text"),
        ("unknown.json", '[{"urgency": "today", "colour": "red"}]', "colour: not a field"),
    ],
)
def test_bad_files_are_refused_with_the_reason(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    code, _out, err = run(tmp_path, write(tmp_path, name, text), "--name", "Sam Test")
    assert code == 2 and message in err, err
    assert "Traceback" not in err


def test_a_missing_file_is_a_plain_message(tmp_path: Path) -> None:
    code, _out, err = run(tmp_path, tmp_path / "nope.csv", "--name", "Sam Test")
    assert code == 2 and "cannot read it" in err


def test_hostile_text_is_handled_like_typed_text(tmp_path: Path) -> None:
    contacts = [
        {
            "urgency": "today",
            "child_name": "[bold]Zed[/bold] Example",
            "worry_seen": 'saw \x1b[31mred\x1b[0m text\x07 and =HYPERLINK("http://x","y")',
            "referrer_org": "=SUM(A1:A2)",
        }
    ]
    file = write(tmp_path, "form.json", json.dumps(contacts))
    code, _out, err = run(tmp_path, file, "--name", "Sam Test")
    assert code == 0, err
    store = open_store(tmp_path / "t.db", fixed_clock(NOW))
    session = store.session_for(store.today())
    assert session is not None
    (row,) = store.queue(session)
    call = store.referral(row.referral_id).call
    assert call.children[0].name == "[bold]Zed[/bold] Example"  # kept, shown literally
    assert call.worry_seen == 'saw red text and =HYPERLINK("http://x","y")'  # codes gone
    written = export_day(store, store.today(), tmp_path / "out")
    referrals_csv = next(p for p in written if p.name.endswith("referrals.csv"))
    assert "'=SUM(A1:A2)" in referrals_csv.read_text("utf-8-sig")  # no formula in Excel


def test_a_chosen_field_is_read_by_its_label_too(tmp_path: Path) -> None:
    """A list's field takes its code or its label ("Not known" for `unknown`)."""
    text = f"{HEADER},family_knows\n,today,Al Formfield,8,Hungry,Pat,,Not known\n"
    code, _out, err = run(tmp_path, write(tmp_path, "form.csv", text), "--name", "Sam Test")
    assert code == 0, err
    store = open_store(tmp_path / "t.db", fixed_clock(NOW))
    session = store.session_for(store.today())
    assert session is not None
    row = store.queue(session)[0]
    assert store.referral(row.referral_id).call.family_knows == "unknown"
