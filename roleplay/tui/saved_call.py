"""How the summary names the saved call: its file in the terminal, the call itself in a browser.

On the team server the transcript lives in the server's workspace, a folder the trainee in the
browser can neither open nor needs to know; they need to know the call was saved and how to
find it again (its date and time, as "Your calls and debriefs" lists it).
"""

from __future__ import annotations

import re
from pathlib import Path

_TIME = re.compile(r"^(?P<h>\d\d)(?P<m>\d\d)(?P<s>\d\d)-")
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def transcript_label(path: Path | None, *, served: bool) -> str | None:
    """The summary's Transcript line: the path in the terminal; 'saved, call of …' when served."""
    if path is None:
        return None
    if not served:
        return str(path)
    found = _TIME.match(path.name)
    if found is None or not _DATE.match(path.parent.name):
        return "saved (see Your calls and debriefs on the start page)"
    when = f"{path.parent.name} {found['h']}:{found['m']}:{found['s']}"
    return f"saved, call of {when} (see Your calls and debriefs on the start page)"
