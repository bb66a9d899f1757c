"""The baseline: a minimal Textual app (Header, a DataTable of a few rows, Footer).

    python bench/minimal_app.py

Its rows say MINIMAL-01 ... so that the bench knows when the first page is painted.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header

ROWS = 14


class MinimalApp(App[None]):
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]  # noqa: RUF012

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
