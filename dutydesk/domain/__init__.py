"""The duty team's words, rules and records, in plain Python (no Textual, no Rich, no SQL)."""
