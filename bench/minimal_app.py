"""The baseline: a minimal Textual app (Header, a DataTable of a few rows, Footer).

    python bench/minimal_app.py

Its rows say MINIMAL-01 ... so that the bench knows when the first page is painted.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

ROWS = 14


class PushedScreen(Screen[None]):
    """The same three widgets on a screen of their own (the bench's floor for a new screen)."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]  # noqa: RUF012

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Ref", "Child", "Status")
        for i in range(1, 40):
            table.add_row(f"PUSHED-{i:02d}", f"Child {i}", "waiting")
        table.focus()


class MinimalApp(App[None]):
    BINDINGS = [  # noqa: RUF012
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("s", "push", "Screen"),
    ]

    def action_push(self) -> None:
        self.push_screen(PushedScreen())

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Ref", "Child", "Status")
        for i in range(1, ROWS + 1):
            table.add_row(f"MINIMAL-{i:02d}", f"Child {i}", "waiting")
        table.focus()


if __name__ == "__main__":
    MinimalApp().run()
