"""`dutydesk import FILE`: contacts from the online referral form, into today's queue.

All or nothing: a file with any bad row adds nothing, and every problem is listed (row,
field, reason) so it can be put right at once. The schema is in docs/import.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dutydesk.commands.common import DbOption, cli, echo, fail, open_db, where


@cli.command("import")
def import_contacts(
    file: Annotated[Path, typer.Argument(help="A .csv or .json file from the online form.")],
    name: Annotated[
        str | None,
        typer.Option(
            "--name", help="Who is importing (needed to start today's session if none yet)."
        ),
    ] = None,
    agency: Annotated[str, typer.Option("--agency", help="Their agency code.")] = "mash",
    db: DbOption = None,
) -> None:
    """Add contacts from the online referral form to today's queue (all or nothing)."""
    from dutydesk.domain import vocab
    from dutydesk.domain.records import Actor
    from dutydesk.domain.text import FieldError
    from dutydesk.importing import ImportFileError, read_contacts
    from dutydesk.storage import DatabaseError

    store = open_db(db)
    if agency not in vocab.codes(store.lists.agencies):
        store.close()
        raise fail(f"--agency: one of {', '.join(vocab.codes(store.lists.agencies))}.")
    try:
        try:
            contacts = read_contacts(file, store.now(), store.lists)
        except ImportFileError as error:
            for problem in error.errors:
                echo(f"{file.name}: {problem}", err=True)
            raise fail(f"nothing was added ({len(error.errors)} problem(s) in {file}).") from None
        session = store.session_for(store.today())
        if session is None or not session.attendees:
            if not name:
                raise fail(
                    "today's session has not started: give --name (who is importing) to "
                    "start it, as the console would, or start the console first."
                )
            actor = Actor(name.strip(), agency, "")
            session = store.start_session(store.today(), [(agency, name, "")], actor)
        elif name:
            actor = Actor(name.strip(), agency, "")
        else:  # as the console does: the MASH officer (or the first person) is typing
            person = session.attendee_for("mash") or session.attendees[0]
            actor = person.actor()
        refs = store.import_calls(session.id, contacts, actor)
    except (FieldError, DatabaseError) as error:
        said = str(error).rstrip(".")
        raise fail(
            str(error) if "nothing was saved" in said else f"{said}. Nothing was added."
        ) from None
    finally:
        store.close()
    echo(
        f"Added {len(refs)} contact(s) from the online form to the queue of "
        f"{session.day:%a %d %b %Y} in {where(db)}: {', '.join(refs)}"
    )
