"""Words too common to carry meaning, shared by the detectors and the actor's line checks."""

from __future__ import annotations

STOP_WORDS = frozenset(
    """the a an and or but to of in on for is are was were be been it this that you your i me
    my we our can could would will do does did have has had with from at by as if not no yes
    just so then there they them what when where which who how why""".split()  # noqa: SIM905
)
