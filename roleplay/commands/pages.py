"""Where an HTML page goes when no `--out` was given: a terminal gets a file, a pipe the page.

A page of HTML poured into a terminal is a screenful of tags nobody can read. A pipe or a
redirect asked for it (`> team.html`, `| mail ...`), so it still gets the page; a terminal gets
a file with a sensible name, and the command says where.
"""

from __future__ import annotations

import sys
from pathlib import Path

TERMINAL_NOTE = "HTML is not printed to a terminal; --out FILE chooses where it goes"


def for_a_terminal() -> bool:
    """True when what the command prints would land in a terminal, not a pipe or a file."""
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def unused(path: Path) -> Path:
    """`path`, or `<stem>-2<suffix>`, `-3`, ... when it is taken: an earlier page is kept."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate
