"""The Scenarios app: a trainer edits, checks and self-plays scenarios (terminal or browser)."""
