"""Text from files reaches the terminal inert: no control character is ever printed.

A trainee's name, a customer's line, a scenario title or a file name can hold ESC, BEL, NUL or
a C1 control (U+009B is CSI on many terminals). Printed as they are they move the cursor,
retitle the window, ring the bell or hide what follows. `printable` drops them, keeping line
breaks and tabs; `cli.main` puts every byte the command prints to stdout and stderr through it.
A carriage return is kept only where it starts what is written (a progress line redrawing
itself) or ends a line: inside text it could draw a false line over a true one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TextIO

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|(?<!^)\r(?!\n)")
"""C0 controls but tab and newline, DEL, C1 controls, and a carriage return inside a line."""


def printable(text: str) -> str:
    """`text` without the control characters that would act on a terminal."""
    return CONTROL.sub("", text)


class PrintableStream:
    """A text stream that passes everything written through `printable` (stdout, stderr)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(printable(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)
