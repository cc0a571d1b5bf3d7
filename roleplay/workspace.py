"""Where scenarios, personas and transcripts live: a workspace folder, or the bundled library.

A workspace is any folder with a `scenarios/` subfolder (and usually `personas/` and
`transcripts/`). The one in force is `ROLEPLAY_HOME`, else the current folder or its nearest
parent that is a workspace, else the library bundled with the package, whose calls are written
to the user's data folder (or `ROLEPLAY_TRANSCRIPTS`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from roleplay.errors import UserError
from roleplay.scenarios.loader import Library, LibraryError, load_library
from roleplay.scenarios.models import Cast

HOME_ENV = "ROLEPLAY_HOME"
TRANSCRIPTS_ENV = "ROLEPLAY_TRANSCRIPTS"
CONFIG_FILE = "workspace.toml"
CONFIG_TEXT = """\
# Settings for this workspace.
# The scenarios that ship with roleplay are offered beside your own (yours come first,
# and one of yours with the same id replaces the bundled one). Set to false to offer only yours.
bundled_scenarios = true

# How trainee lines are heard: "standard" (rules and a small trained model, under a millisecond a
# line), or "transformer" (a fine-tuned transformer as well: hears more said in natural words,
# about 50 ms a line). A debrief saved with the other one is graded again when next opened.
detector = "standard"
"""


def bundled_library_dir() -> Path:
    """The scenarios, personas and self-play lines that ship with roleplay.

    In a source checkout they are its top-level folders (the checkout is itself a workspace);
    an installed wheel carries a copy inside the package (see setup.py).
    """
    packaged = Path(__file__).resolve().parent / "library"
    if (packaged / "scenarios").is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent


def _default_transcripts() -> Path:
    from platformdirs import user_data_path

    return user_data_path("roleplay") / "transcripts"


@dataclass
class Workspace:
    """One folder of scenarios and personas, and where its calls are written."""

    root: Path
    transcripts_dir: Path
    bundled: bool = False
    offers_bundled: bool = True
    """Whether the bundled scenarios are offered beside the workspace's own (workspace.toml)."""
    _library: Library | None = field(default=None, repr=False)

    @property
    def scenarios_dir(self) -> Path:
        return self.root / "scenarios"

    @property
    def personas_dir(self) -> Path:
        return self.root / "personas"

    def library(self) -> Library:
        """Every scenario and persona here, validated, then the bundled scenarios it lacks.

        Bundled personas fill in ids the workspace's own scenarios name but it lacks. When a
        file here is broken, LibraryError's partial library still offers the bundled ones.
        """
        if self._library is None:
            try:
                own = self.own_library()
            except LibraryError as exc:
                self._offer_bundled(exc.partial)
                raise
            self._library = self._offer_bundled(own)
        return self._library

    def own_library(self) -> Library:
        """Only the workspace's own scenarios (what `scenarios validate` checks)."""
        extra = () if self.bundled else (bundled_library_dir() / "personas",)
        return load_library(self.scenarios_dir, self.personas_dir, extra)

    def _offer_bundled(self, library: Library) -> Library:
        if not self.bundled and self.offers_bundled:
            bundled = _bundled_library()
            if bundled is not None:
                library.offer(bundled)
        return library

    def playable_library(self) -> tuple[Library, list[str]]:
        """The scenarios that loaded, and one line per problem in the files that did not.

        Trainees can still practise on good scenarios while a trainer fixes a broken one.
        """
        try:
            return self.library(), []
        except LibraryError as exc:
            return exc.partial, exc.problems

    def cast(self, scenario_id: str) -> Cast:
        """One scenario ready to play; problems in other files do not stand in its way."""
        library, problems = self.playable_library()
        if scenario_id not in library.scenarios and problems:
            raise LibraryError(problems)
        return library.cast(scenario_id)


def _bundled_library() -> Library | None:
    """The bundled library, loaded once per process (None if it does not load)."""
    global _BUNDLED
    if _BUNDLED is None:
        root = bundled_library_dir()
        try:
            _BUNDLED = load_library(root / "scenarios", root / "personas")
        except LibraryError as exc:
            _BUNDLED = exc.partial
    return _BUNDLED


_BUNDLED: Library | None = None


def _config_data(folder: Path) -> tuple[Path, dict[str, object]]:
    """The workspace's workspace.toml as a table (empty when it has none)."""
    import tomllib

    path = folder / CONFIG_FILE
    if not path.is_file():
        return path, {}
    try:
        return path, tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise UserError(
            f"{path}: cannot be read ({exc})",
            hint="fix it, or delete it to use the defaults",
            exit_code=2,
        ) from None


def read_config(folder: Path) -> bool:
    """Whether the workspace at `folder` offers the bundled scenarios (its workspace.toml)."""
    return _offers_bundled(*_config_data(folder))


def _offers_bundled(path: Path, data: dict[str, object]) -> bool:
    value = data.get("bundled_scenarios", True)
    if not isinstance(value, bool):
        raise UserError(
            f"{path}: bundled_scenarios must be true or false, not {value!r}",
            hint="write: bundled_scenarios = false",
            exit_code=2,
        )
    return value


def _detector(path: Path, data: dict[str, object]) -> str:
    """The detector the workspace's team listens with (`detector = "transformer"`), checked."""
    from roleplay.detectors.active import check_detector

    value = data.get("detector", "standard")
    return check_detector(value if isinstance(value, str) else repr(value), str(path))


def is_workspace(folder: Path) -> bool:
    """True when `folder` has a `scenarios/` subfolder."""
    return (folder / "scenarios").is_dir()


def open_workspace(folder: Path) -> Workspace:
    """The workspace at `folder`; transcripts go to its `transcripts/` (or ROLEPLAY_TRANSCRIPTS)."""
    folder = folder.expanduser().resolve()
    if not is_workspace(folder):
        raise UserError(
            f"{folder} is not a workspace (it has no scenarios/ folder)",
            hint="create one with: roleplay init FOLDER",
        )
    override = os.environ.get(TRANSCRIPTS_ENV)
    transcripts = Path(override).expanduser() if override else folder / "transcripts"
    _use_house_detector(folder)
    config = _config_data(folder)  # workspace.toml, read once
    _use_detector(_detector(*config))
    return Workspace(
        root=folder, transcripts_dir=transcripts, offers_bundled=_offers_bundled(*config)
    )


def _use_house_detector(folder: Path) -> None:
    """Detect with the workspace's retrained model when it has one (`roleplay detectors train`)."""
    from roleplay.detectors import active
    from roleplay.detectors.model import house_model_path

    path = house_model_path(folder)
    if path.is_file():
        active.use_file(path)


def _use_detector(chosen: str = "standard") -> None:
    """The workspace's choice of detector, unless ROLEPLAY_DETECTOR overrides it."""
    from roleplay.detectors import active

    active.use_detector_from_env(chosen)


def find_workspace(start: Path | None = None) -> Workspace:
    """ROLEPLAY_HOME, else the nearest workspace at or above `start`, else the bundled library."""
    home = os.environ.get(HOME_ENV)
    if home:
        return open_workspace(Path(home))
    here = (start or Path.cwd()).resolve()
    bundled = bundled_library_dir()
    override = os.environ.get(TRANSCRIPTS_ENV)
    for folder in (here, *here.parents):
        if folder == bundled:  # a source checkout: its calls go to its own transcripts/
            _use_detector()
            transcripts = Path(override).expanduser() if override else folder / "transcripts"
            return Workspace(root=bundled, transcripts_dir=transcripts, bundled=True)
        if is_workspace(folder):
            return open_workspace(folder)
    transcripts = Path(override).expanduser() if override else _default_transcripts()
    _use_detector()
    return Workspace(root=bundled, transcripts_dir=transcripts, bundled=True)


SEED_SCENARIO = "loyalty-card-blocked"
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/{kind}.schema.json\n"


def _seed_from_bundle() -> tuple[Path, Path] | None:
    """A bundled scenario and its persona file to copy, when the bundled library is valid."""
    from roleplay.scenarios.loader import LibraryError

    bundled = bundled_library_dir()
    try:
        library = load_library(bundled / "scenarios", bundled / "personas")
    except LibraryError:
        return None
    if not library.scenarios:
        return None
    chosen = SEED_SCENARIO if SEED_SCENARIO in library.scenarios else min(library.scenarios)
    persona = library.scenarios[chosen].persona
    return library.sources[f"scenario:{chosen}"], library.sources[f"persona:{persona}"]


def _with_schema_line(text: str, kind: str) -> str:
    return (
        text if text.startswith("# yaml-language-server") else SCHEMA_LINE.format(kind=kind) + text
    )


def create_workspace(folder: Path) -> list[Path]:
    """Make `folder` a workspace seeded with one example scenario and persona; return new files.

    Refuses a folder whose scenarios/ already holds files, so nothing a trainer wrote is lost.
    """
    from roleplay.scenarios.schema import write_schemas
    from roleplay.scenarios.template import persona_id_for, starting_files

    folder = folder.expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} is a file, not a folder", hint="choose a folder name")
    scenarios = folder / "scenarios"
    if scenarios.is_dir() and any(scenarios.iterdir()):
        raise UserError(
            f"{scenarios} already has files; not touching it",
            hint="choose an empty folder, or add a scenario with: roleplay scenarios new ID",
        )
    for sub in ("scenarios", "personas", "transcripts"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    seed = _seed_from_bundle()
    if seed is not None:
        scenario_file, persona_file = seed
        texts = {
            scenarios / scenario_file.name: _with_schema_line(
                scenario_file.read_text(), "scenario"
            ),
            folder / "personas" / persona_file.name: _with_schema_line(
                persona_file.read_text(), "persona"
            ),
        }
    else:
        scenario_text, persona_text = starting_files("example-call", "irate")
        texts = {
            scenarios / "example-call.yaml": scenario_text,
            folder / "personas" / f"{persona_id_for('example-call')}.yaml": persona_text,
        }
    for path, text in texts.items():
        if not path.exists():
            path.write_text(text, encoding="utf-8")
            written.append(path)
    config = folder / CONFIG_FILE
    if not config.exists():
        config.write_text(CONFIG_TEXT, encoding="utf-8")
        written.append(config)
    ignore = folder / ".gitignore"
    lines = ignore.read_text().splitlines() if ignore.exists() else []
    if "transcripts/" not in lines:
        with ignore.open("a", encoding="utf-8") as fh:
            fh.write(
                "# calls taken in this workspace: personal data, keep out of git\ntranscripts/\n"
            )
        written.append(ignore)
    written += write_schemas(folder / "schema")
    return written
