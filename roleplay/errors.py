"""Errors that reach users as one clear message and an exit status, never a traceback."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix: bad input, missing file, unreachable backend.

    `exit_code` 2 means bad input (a scenario, a path, an option); 1 means something failed
    while doing the work (a backend, the disk).
    """

    def __init__(self, message: str, *, hint: str = "", exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.exit_code = exit_code

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message
