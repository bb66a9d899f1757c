"""Sub-commands of `dutydesk`, one module per group; each registers itself on the `cli` app
of `common.py` as `cli.py` imports it (a new module: add it to that import in `cli.py`).

Modules here import their heavy dependencies inside the command functions, so that
`dutydesk --help` and the export path stay fast and free of Textual.
"""
