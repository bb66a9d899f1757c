"""Sub-commands of `dutydesk`, one module per group; each registers itself on `cli.cli`.

Modules here import their heavy dependencies inside the command functions, so that
`dutydesk --help` and the export path stay fast and free of Textual.
"""
