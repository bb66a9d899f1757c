"""Exports for the project lead: each duty-team day as Excel-friendly CSV files.

Nothing here imports textual or rich, so the command line can export without a screen.
"""
