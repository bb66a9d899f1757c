"""Reusable widgets: the form base, literal-text helpers."""
