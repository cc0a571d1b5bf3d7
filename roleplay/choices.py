"""The named choices a user makes in settings, on the command line and in the app.

Each is defined once here and used by the scenario files, the settings, the typed command-line
options (their choices show in `--help`) and the UI. This module imports nothing, so the command
line can offer the choices without loading anything heavy.
"""

from __future__ import annotations

from enum import StrEnum


class Difficulty(StrEnum):
    """The three presets every scenario offers."""

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class BackendName(StrEnum):
    """Where the customer's lines (and a model's grades) come from."""

    LOCAL = "local"
    OPENAI = "openai"
    SCRIPTED = "scripted"


class JudgeMode(StrEnum):
    """Who grades a call: `auto` asks a model only on the openai backend (the embedded model is
    too small to grade), `heuristic` never does, `model` always does."""

    AUTO = "auto"
    HEURISTIC = "heuristic"
    MODEL = "model"


class ReportFormat(StrEnum):
    """The forms a team report is written in: text for a terminal, HTML, CSV or JSON."""

    TEXT = "text"
    HTML = "html"
    CSV = "csv"
    JSON = "json"


class DebriefFormat(StrEnum):
    """The forms a debrief report is written in: Markdown, JSON or a self-contained HTML page."""

    JSON = "json"
    MD = "md"
    HTML = "html"
