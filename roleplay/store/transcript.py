"""Where transcripts used to live; they are `roleplay.transcript` now, below `sim` and `store`.

Kept only so code written against the old place (the call session, until it is reworked)
still imports; new code imports `roleplay.transcript`.
"""

from roleplay.transcript import *  # noqa: F403
from roleplay.transcript import __all__  # noqa: F401
