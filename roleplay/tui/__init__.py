"""The only package that imports textual: the call app and the review app.

Textual draws at most `TEXTUAL_FPS` frames a second (60 unless set), on a fixed tick: a frame
whose work ends just after a tick waits for the next one. While a customer line streams, that
wait turned 20 ms of work into 50 ms gaps on screen; ticking at 120 a second halves the wait and
costs nothing when nothing changes (Textual draws only what is dirty). It is set here, before
textual is first imported, unless the environment already says otherwise.
"""

import os
from typing import Final

FRAMES_PER_SECOND: Final = 120
"""The most frames a second the apps draw (Textual's `TEXTUAL_FPS`)."""

os.environ.setdefault("TEXTUAL_FPS", str(FRAMES_PER_SECOND))
