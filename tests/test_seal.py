"""Every saved row sealed (issue 16): tampering from outside dutydesk, each kind caught by
`dutydesk check` and named by table and id, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from typer.testing import CliRunner

from dutydesk.cli import cli
from dutydesk.storage import Store, append_only, chain, seal
from tests.engines import is_pg, outside, rows
from tests.reliability_helpers import MASH, worked_referral

runner = CliRunner()
KEY = "a fictional partnership key, long enough"


@pytest.fixture
def store(engine_store: Store) -> Store:
    return engine_store


@pytest.fixture
def db(store: Store, db_target: str) -> str:
    first = worked_referral(store)
    worked_referral(store, child="Summer Testcase")
    store.end_session(first.session.id, MASH)
    return db_target


def checked(db: str, *args: str) -> str:
    result = runner.invoke(cli, ["check", "--db", db, *args])
    assert "Traceback" not in result.output
    assert (result.exit_code == 0) == ("OK:" in result.output), result.output
    return result.output


def tamper(db: str, table: str, *statements: str, purge_function: bool = False) -> None:
    """Run `statements` from outside with the table's triggers dropped, then put them back
    as they were (only the seals can tell now). `purge_function`: instead, delete through a
    `dutydesk_purging` of one's own, the triggers left in place."""
    conn = outside(db)
    dialect = "postgresql" if is_pg(db) else "sqlite"
    if purge_function and is_pg(db):
        conn.execute(
            "CREATE OR REPLACE FUNCTION dutydesk_purging() RETURNS integer "
            "LANGUAGE sql AS $$ SELECT 1 $$"
        )
    elif purge_function:
        conn.create_function(append_only.FLAG_FUNCTION, 0, lambda: 1)
    else:
        names = append_only.trigger_names(table)
        for name in (*names, f"{table}_no_truncate")[: 3 if is_pg(db) else 2]:
            conn.execute(f'DROP TRIGGER "{name}"' + (f' ON "{table}"' if is_pg(db) else ""))
    for statement in statements:
        conn.execute(statement)
    if purge_function and is_pg(db):
        conn.execute(append_only.SERVER_FUNCTIONS[append_only.FLAG_FUNCTION])
    elif not purge_function:
        for statement in append_only.trigger_sql(table, dialect):
            conn.execute(statement)
    conn.close()


def test_an_untouched_record_checks_whole_with_every_row_sealed(db: str) -> None:
    out = checked(db)
    assert "OK:" in out and "Every saved row matches its seal" in out
    assert "SHA-256, not keyed" in out


@pytest.mark.parametrize(
    ("table", "column"),
    [("call_version", "worry_seen"), ("decision", "outcome"), ("decision", "reasons")],
)
def test_content_edited_with_the_triggers_put_back(db: str, table: str, column: str) -> None:
    tamper(db, table, f'UPDATE "{table}" SET "{column}" = \'EDITED\' WHERE id = 1')
    out = checked(db)
    assert f"{table} rows edited behind dutydesk's back" in out and "id 1." in out
    assert "triggers are missing" not in out  # they were put back: only the seal tells


def test_rows_deleted_through_a_purge_function_of_ones_own(db: str) -> None:
    (newest,) = rows(db, "SELECT max(id) FROM decision")[0]
    tamper(
        db,
        "decision",
        f"DELETE FROM decision WHERE id = {newest}",
        "DELETE FROM agency_view WHERE id = 1",
        purge_function=True,
    )
    out = checked(db)
    assert "decision rows deleted behind dutydesk's back" in out and f"id {newest}." in out
    assert "agency_view rows deleted" in out and "id 1." in out


def test_rows_inserted_by_hand(db: str) -> None:
    columns = ", ".join(
        c.name
        for c in seal.sealed_tables()[0].metadata.tables["agency_view"].columns
        if c.name != "id"
    )
    copied = columns.replace("knows", "'Made up afterwards.'")
    tamper(
        db,
        "agency_view",
        f"INSERT INTO agency_view ({columns}) SELECT {copied} FROM agency_view WHERE id = 1",
    )
    (made,) = rows(db, "SELECT max(id) FROM agency_view")[0]
    out = checked(db)
    assert "agency_view rows inserted behind dutydesk's back" in out and f"id {made}." in out


def test_a_purge_is_not_a_deletion(store: Store, db: str, clock: Any) -> None:
    clock.advance(days=800)
    store.purge(store.today() - timedelta(days=30), MASH)
    assert rows(db, "SELECT count(*) FROM decision") == [(0,)]
    out = checked(db)
    assert "OK:" in out, out


# -- the event log rewritten: every hash after an edit recomputed ---------------------------


def rewrite_history(db: str, table: str, row_id: int, column: str, key: bytes | None) -> None:
    """Edit a row, then put its new seal in the event that recorded it and recompute every
    event's hash from there on (with `key`, or plain SHA-256 as someone without it would)."""
    dialect = "postgresql" if is_pg(db) else "sqlite"
    into = next(t for t in seal.sealed_tables() if t.name == table)
    tamper(db, table, f'UPDATE "{table}" SET "{column}" = \'EDITED\' WHERE id = {row_id}')
    (canon,) = rows(
        db, f'SELECT {seal.canonical_sql(into, dialect)} FROM "{table}" WHERE id = {row_id}'
    )[0]
    fresh = hashlib.sha256(canon.encode()).hexdigest()
    events = rows(db, chain.SEALED_EVENT_QUERY)
    statements = []
    prev = chain.GENESIS
    started = False
    n = len(chain.CONTENT_COLUMNS)
    for event in events:
        seals, kid = event[n + 2], event[n + 3]
        if f"{table}:{row_id}:" in seals:
            started = True
            seals = " ".join(
                seal.entry(into, row_id, fresh) if e.startswith(f"{table}:{row_id}:") else e
                for e in seals.split()
            )
        if started:
            text = chain.content(*event[:n], seals, kid)
            digest = chain.link(prev, text, key if kid else None)
            statements.append(
                f"UPDATE event SET prev_hash = '{prev}', hash = '{digest}', "
                f"seals = '{seals}' WHERE id = {event[0]}"
            )
            prev = digest
        else:
            prev = event[n + 1]
    tamper(db, "event", *statements)


def head(db: str) -> str:
    return str(rows(db, "SELECT hash FROM event ORDER BY id DESC LIMIT 1")[0][0])


def test_a_rewritten_log_unkeyed_is_caught_against_the_printed_seal(db: str) -> None:
    printed = seal.short(head(db))
    rewrite_history(db, "decision", 1, "reasons", None)
    assert "OK:" in checked(db)  # without a key, a full rewrite holds together...
    out = checked(db, "--seal", printed)  # ...but not against the seal printed that day
    assert f"The seal {printed} is not in the event log" in out and "FAILED" in out


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    def use(key: str) -> None:
        monkeypatch.setenv(seal.KEY_ENV, key)

    use(KEY)
    return use


def test_a_rewritten_log_is_caught_when_keyed(keyed: Any, db: str) -> None:
    out = checked(db)
    assert "OK:" in out and "HMAC-SHA-256 with the key" in out
    rewrite_history(db, "decision", 1, "reasons", None)  # without the key
    out = checked(db)
    assert "FAILED" in out and "breaks at event" in out and "decision 1" in out


def test_a_missing_or_wrong_key_is_said_plainly_never_edited(
    keyed: Callable[[str], None], db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(seal.KEY_ENV)
    out = checked(db)
    assert "sealed with a key" in out and "that is not set here" in out
    assert "edited" not in out and "breaks" not in out
    keyed("another fictional key, also long")
    out = checked(db)
    assert "sealed with another key" in out and "edited" not in out and "breaks" not in out


def test_the_chain_is_keyed_only_with_a_key(db: str) -> None:
    assert {kid for (kid,) in rows(db, "SELECT key_id FROM event")} == {""}


def test_awkward_values_seal_alike_in_python_and_in_the_database(store: Store, db: str) -> None:
    """The seal written (Python) and the one `check` recomputes (SQL) agree on reals, text
    with quotes, new lines and characters outside ASCII, and empty optional values."""
    from dutydesk.domain.baseline import BaselineDay

    days = [
        BaselineDay(store.today() - timedelta(days=400), 3, 2, 1 / 3, 1, None, 2),
        BaselineDay(store.today() - timedelta(days=401), 0, 0, 12345.6789012, 0, 0.1 + 0.2, 0),
    ]
    store.import_baseline(days, "baseline 'Zoë'\n—.csv", MASH)
    store.start_session(store.today(), [("health", "O'Brien-Ní Dhomhnaill 🙂", "")], MASH)
    out = checked(db)
    assert "OK:" in out, out


# -- the day's seal leaves the database: manifests and `dutydesk verify` --------------------


def verified(db: str, folder: Any) -> str:
    result = runner.invoke(cli, ["verify", str(folder), "--db", db])
    assert "Traceback" not in result.output
    assert (result.exit_code == 0) == ("OK:" in result.output), result.output
    return result.output


def test_an_export_carries_the_seal_and_verifies_after_more_work(
    store: Store, db: str, tmp_path: Any
) -> None:
    import json

    from dutydesk.exports.daily import export_day

    export_day(store, store.today(), tmp_path / "out")
    manifest = json.loads(next((tmp_path / "out").glob("*-manifest.json")).read_text("utf-8"))
    assert manifest["seal"]["hash"] == head(db)
    assert manifest["seal"]["short"] == seal.short(head(db))
    assert {f["path"].rsplit("-", 1)[-1] for f in manifest["files"]} == {
        "session.csv",
        "referrals.csv",
        "views.csv",
        "actions.csv",
    }
    worked_referral(store, child="Later Testcase")  # the team carries on: not a change
    assert "OK:" in verified(db, tmp_path / "out")


def test_verify_names_the_file_row_and_column_of_a_cell_changed(
    store: Store, db: str, tmp_path: Any
) -> None:
    from dutydesk.exports.daily import export_day

    (views,) = [
        p
        for p in export_day(store, store.today(), tmp_path / "out")
        if p.name.endswith("views.csv")
    ]
    text = views.read_bytes().decode("utf-8-sig")
    views.write_bytes(text.replace("is known to us", "was never known", 1).encode("utf-8-sig"))
    out = verified(db, tmp_path / "out")
    assert f"{views.name} has changed since it was exported" in out
    assert f"{views.name}, row 1, column knows: the file has " in out
    assert "was never known" in out and "is known to us" in out


def test_verify_says_when_the_days_seal_is_gone_from_the_log(
    store: Store, db: str, tmp_path: Any
) -> None:
    from dutydesk.exports.daily import export_day

    export_day(store, store.today(), tmp_path / "out")
    rewrite_history(db, "decision", 1, "reasons", None)
    out = verified(db, tmp_path / "out")
    assert "is not in the event log: the log was rewritten" in out and "FAILED" in out


# -- a record whose seal does not check still opens, with a banner on the queue -------------


async def test_an_edited_record_opens_with_a_banner_and_saving_goes_on(
    store: Store, db: str, tmp_path: Any, seal_check_at_open: None
) -> None:
    from dutydesk.app import DutyDeskApp
    from tests.pilot_helpers import text_of

    tamper(db, "decision", "UPDATE decision SET reasons = 'EDITED' WHERE id = 1")
    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        banner = text_of(app, "#seal-banner")
        assert app.screen.query_one("#seal-banner").display
        assert "The record's seal does not check: decision rows edited" in banner
        assert "`dutydesk check` has the details" in banner
    # The team carries on: a save is still made and recorded.
    worked_referral(store, child="Carried On Testcase")
    out = checked(db)
    assert "decision rows edited" in out and "id 1." in out
    assert out.count("PROBLEM") == 1  # the new work is sealed as it should be


async def test_a_whole_record_has_no_banner(
    store: Store, db: str, tmp_path: Any, seal_check_at_open: None
) -> None:
    from dutydesk.app import DutyDeskApp

    app = DutyDeskApp(store, tmp_path / "exports")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.screen.query_one("#seal-banner").display


# -- the optional key ----------------------------------------------------------------------


def test_a_key_file_of_this_users_only_keys_the_chain(
    tmp_path: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dutydesk.storage import open_store

    monkeypatch.setenv("DUTYDESK_CONFIG", str(tmp_path / "config"))
    monkeypatch.delenv(seal.KEY_ENV, raising=False)
    key = tmp_path / "config" / seal.KEY_FILE
    key.parent.mkdir()
    key.write_text("a partnership key kept in a file\n", "utf-8")
    key.chmod(0o644)
    store = open_store(tmp_path / "dutydesk.db", clock)
    assert "can be read by others" in store.seal_key_error and "chmod 600" in store.seal_key_error
    store.close()
    key.chmod(0o600)
    store = open_store(tmp_path / "dutydesk.db", clock)
    worked_referral(store)
    store.close()
    kids = {k for (k,) in rows(str(tmp_path / "dutydesk.db"), "SELECT key_id FROM event")}
    assert kids == {seal.key_id(b"a partnership key kept in a file")}
    out = checked(str(tmp_path / "dutydesk.db"))
    assert "OK:" in out and "HMAC-SHA-256 with the key" in out


def test_a_key_too_short_is_refused_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(seal.KEY_ENV, "short")
    with pytest.raises(seal.SealKeyError, match="too short"):
        seal.load_key()


async def test_the_check_at_open_runs_apart_and_says_when_it_cannot(
    db: str, monkeypatch: Any
) -> None:
    """The queue's seal check runs in a child process (never a thread of the console, which
    would slow every key for as long as it reads the record); one that fails says so."""
    from sqlalchemy import make_url

    from dutydesk.storage import at_open as integrity

    url = make_url(db) if "://" in db else make_url(f"sqlite:///{db}")
    assert await integrity.seal_problem_apart(url) == ""
    assert await integrity.seal_problem_apart(make_url("sqlite://"), "no key") == "no key"
    monkeypatch.setattr(integrity, "APART", "import sys; sys.exit('the child fell over')")
    found = await integrity.seal_problem_apart(url)
    assert found == "the check at open could not run (the child fell over)"
