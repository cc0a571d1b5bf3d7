"""Grading a call, the one way: which judge, the cached debrief, reviewers' overrides, saving.

`Grading` is used by `roleplay debrief`, the summary after a call, the review app and the
index's autograding (`AutoGrader`), so a debrief means the same wherever it was made.
"""

from roleplay.grading.auto import AutoGrader, grader_for, warn_lines
from roleplay.grading.service import Graded, Grading, transcript_to_grade

__all__ = ["AutoGrader", "Graded", "Grading", "grader_for", "transcript_to_grade", "warn_lines"]
