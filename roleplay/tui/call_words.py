"""What the call screen says when the trainee cannot do something now, or something failed."""

from __future__ import annotations

from collections.abc import Callable

from roleplay.errors import UserError
from roleplay.llm.base import BackendError
from roleplay.tui.phase import Phase

WAIT_MESSAGE = (
    "The customer is still speaking. Wait for them to finish, or press {key} to interrupt."
)


def sentence(text: str) -> str:
    """`text` with a full stop, unless it already ends like a sentence."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def error_text(error: BaseException | None) -> str:
    """A failure in the trainee's words: our own errors as written, others by name."""
    if isinstance(error, UserError):
        return f"{error.message}. {error.hint}".strip() if error.hint else error.message
    if isinstance(error, BackendError):
        return str(error)
    return f"{error.__class__.__name__}: {error}"


def why_not_now(phase: Phase, key: Callable[[str], str]) -> str:
    """Why the trainee cannot speak in this phase ("" when they can); `key` names a binding."""
    retry, drop = key("call.retry"), key("call.interrupt")
    return {
        Phase.CONNECTING: "The call is still connecting.",
        Phase.CONNECT_FAILED: f"The call could not start (see above): press {retry} to "
        f"try again, or {key('app.quit')} to quit.",
        Phase.ENDED: f"The call has ended: press {key('call.end')} for the summary.",
        Phase.SPEAKING: WAIT_MESSAGE.format(key=drop),
        Phase.REPLY_OWED: "The customer has not answered your last line yet: press "
        f"{retry} to retry, or {drop} to drop it.",
    }.get(phase, "")
