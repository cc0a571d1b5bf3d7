"""textual-serve, the Textual web driver the team server runs the apps through, in one place.

The team server (`roleplay/serve/`) never imports textual; what it needs of Textual's browser
side (the app-process pump, its static files, its download manager) comes from here, so every
Textual dependency stays under `roleplay/tui/`. textual-serve itself does not load textual.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual_serve.app_service import AppService

__all__ = ["AppService", "download_manager", "static_dir"]


def static_dir() -> Path:
    """textual-serve's scripts and styles for the browser terminal."""
    from textual_serve import server

    return Path(server.__file__).parent / "static"


def download_manager() -> Any:
    """textual-serve's download manager, which every app process is handed."""
    from textual_serve.download_manager import DownloadManager

    return DownloadManager()
