"""Packaging hook: an installed wheel carries the bundled library.

In a checkout the library lives at the top level (`scenarios/`, `personas/`, `selfplay/`), so the
checkout is itself a workspace. A wheel copies those folders into `roleplay/library/`, where
`roleplay.workspace.bundled_library_dir()` finds them once installed. Everything else about the
package is declared in pyproject.toml.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LIBRARY_FOLDERS = ("scenarios", "personas", "selfplay")


class BuildWithLibrary(build_py):
    """Copy the top-level library folders into the built package (not for editable installs)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's own folders
        root = Path(__file__).resolve().parent
        for folder in LIBRARY_FOLDERS:
            for source in sorted((root / folder).glob("*.yaml")):
                target = Path(self.build_lib) / "roleplay" / "library" / folder / source.name
                self.mkpath(str(target.parent))
                self.copy_file(str(source), str(target))


setup(cmdclass={"build_py": BuildWithLibrary})
