"""Settings: defaults, then a TOML file, then environment variables, then explicit overrides.

Precedence, highest first: `load_settings(**overrides)`, ROLEPLAY_* environment variables
(`__` nests, e.g. ROLEPLAY_OPENAI__MODEL), OPENAI_API_KEY / OPENAI_BASE_URL, the TOML file
(ROLEPLAY_CONFIG or `config.toml` in the user config folder), then the defaults below.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from roleplay.choices import BackendName, Difficulty, JudgeMode
from roleplay.errors import UserError

if TYPE_CHECKING:
    import tomlkit

ENV_PREFIX = "ROLEPLAY_"
CONFIG_ENV = "ROLEPLAY_CONFIG"
CONFIG_NAME = "config.toml"

# Environment variables other OpenAI tools already use, honoured when ours are not set.
OPENAI_ENV = {"OPENAI_API_KEY": "api_key", "OPENAI_BASE_URL": "base_url"}


class OpenAISettings(BaseModel):
    """Where an OpenAI-compatible endpoint lives and how patiently to talk to it."""

    model_config = ConfigDict(extra="forbid")

    base_url: str = "https://api.openai.com/v1"
    api_key: str = Field(default="", repr=False)
    model: str = "gpt-4o-mini"
    api: Literal["chat", "completions"] = Field(
        default="chat",
        description="chat for instruction-tuned models; completions for base models.",
    )
    timeout_s: float = Field(default=30.0, gt=0, description="Per request, and per stream stall.")
    reply_deadline_s: float = Field(
        default=60.0,
        gt=0,
        description="Longest one customer line may take, retries included; what arrived by "
        "then is kept and the trainee told.",
    )
    max_retries: int = Field(default=3, ge=0, le=10)


class LocalSettings(BaseModel):
    """How the embedded model runs (the defaults suit a 2-core laptop)."""

    model_config = ConfigDict(extra="forbid")

    model_path: Path | None = Field(
        default=None, description="A GGUF file; empty means the bundled Gemma 3 270M."
    )
    n_ctx: int = Field(default=2048, ge=256)
    n_threads: int | None = Field(default=None, ge=1, description="Empty means all cores.")
    seed: int | None = None


class Settings(BaseSettings):
    """Everything a user can configure, from one place."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
    )

    backend: BackendName = BackendName.LOCAL
    trainee: str = ""
    difficulty: Difficulty = Difficulty.MEDIUM
    openai: OpenAISettings = Field(default_factory=OpenAISettings)
    local: LocalSettings = Field(default_factory=LocalSettings)
    judge: JudgeMode = JudgeMode.AUTO
    keys: dict[str, str] = Field(default_factory=dict, description="TUI binding id -> key.")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Overrides, ROLEPLAY_* env, OPENAI_* env, this user's last name, then the TOML file."""
        return (
            init_settings,
            env_settings,
            _OpenAIEnvSource(settings_cls),
            _LastTraineeSource(settings_cls),
            TomlConfigSettingsSource(settings_cls, toml_file=config_path()),
        )


class _OpenAIEnvSource(EnvSettingsSource):
    """OPENAI_API_KEY and OPENAI_BASE_URL, placed under `openai`."""

    def __call__(self) -> dict[str, Any]:
        found = {field: os.environ[var] for var, field in OPENAI_ENV.items() if os.environ.get(var)}
        return {"openai": found} if found else {}


class _LastTraineeSource(EnvSettingsSource):
    """The name this user typed last (kept per user by `roleplay.state`), as `trainee`."""

    def __call__(self) -> dict[str, Any]:
        from roleplay.state import last_trainee

        name = last_trainee()
        return {"trainee": name} if name else {}


def config_path() -> Path:
    """The TOML file settings are read from and remembered values are written to."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("roleplay")) / CONFIG_NAME


def _nest(overrides: dict[str, Any]) -> dict[str, Any]:
    """Turn `openai__model="x"` or `{"openai.model": "x"}` into nested dicts."""
    nested: dict[str, Any] = {}
    for key, value in overrides.items():
        parts = key.replace("__", ".").split(".")
        here = nested
        for part in parts[:-1]:
            here = here.setdefault(part, {})
        here[parts[-1]] = value
    return nested


def _where(loc: tuple[int | str, ...], path: Path) -> str:
    """Which source most likely supplied the bad value, for the error message."""
    env_name = ENV_PREFIX + "__".join(str(p) for p in loc).upper()
    if env_name in os.environ:
        return f"environment variable {env_name}"
    if loc[:1] == ("openai",) and len(loc) > 1:
        for var, field in OPENAI_ENV.items():
            if loc[1] == field and var in os.environ:
                return f"environment variable {var}"
    if path.is_file():
        line = _line_of(path, [str(p) for p in loc])
        return f"{path}:{line}" if line else str(path)
    return "settings"


def _line_of(path: Path, loc: list[str]) -> int | None:
    """The line in the TOML file where the setting at `loc` is written, if it can be found."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    table: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        header = re.match(r"^\[([^\[\]]+)\]", line)
        if header:
            table = [part.strip().strip('"') for part in header.group(1).split(".")]
            continue
        key = re.match(r"^([A-Za-z0-9_.\"-]+)\s*=", line)
        if key:
            full = table + [part.strip().strip('"') for part in key.group(1).split(".")]
            if full == loc[: len(full)] and full:
                return number
    return None


def _describe(err: ValidationError, path: Path) -> UserError:
    lines = []
    for problem in err.errors():
        loc = tuple(problem.get("loc", ()))
        field = ".".join(str(p) for p in loc) or "(top level)"
        message = problem.get("msg", "invalid")
        if problem.get("type") == "extra_forbidden":
            message = "not a known setting"
        got = problem.get("input")
        shown = "" if isinstance(got, dict | list) or got is None else f" (got {got!r})"
        lines.append(f"{_where(loc, path)}: {field}: {message}{shown}")
    return UserError(
        "invalid settings\n  " + "\n  ".join(lines),
        hint=f"fix the value, or see `roleplay doctor`; the settings file is {path}",
    )


def load_settings(**overrides: Any) -> Settings:
    """Read the settings; a malformed file or value becomes a UserError naming file and field."""
    path = config_path()
    try:
        return Settings(**_nest(overrides))
    except tomllib.TOMLDecodeError as exc:
        raise UserError(
            f"the settings file {path} is not valid TOML: {exc}",
            hint="fix that line, or delete the file to start from the defaults",
        ) from None
    except ValidationError as exc:
        raise _describe(exc, path) from None
    except OSError as exc:
        raise UserError(
            f"cannot read the settings file {path}: {exc.strerror or exc}",
            hint=f"check its permissions, or point {CONFIG_ENV} at another file",
        ) from None


def _read_document(path: Path) -> tomlkit.TOMLDocument:
    import tomlkit

    if not path.is_file():
        return tomlkit.document()
    try:
        return tomlkit.parse(path.read_text(encoding="utf-8"))
    except tomlkit.exceptions.ParseError as exc:
        raise UserError(
            f"the settings file {path} is not valid TOML: {exc}",
            hint="fix that line, or delete the file to start from the defaults",
        ) from None


def save_user_value(key: str, value: Any) -> Path:
    """Remember one value (e.g. `openai.model`) in the user's TOML file.

    Only that key changes: the other keys, the comments and the layout of the file are kept
    as the person wrote them. Returns the file written.
    """
    import tomlkit

    path = config_path()
    doc = _read_document(path)
    parts = key.replace("__", ".").split(".")
    here: Any = doc
    for part in parts[:-1]:
        if part not in here:
            here[part] = tomlkit.table()
        here = here[part]
        if not isinstance(here, dict):
            raise UserError(f"cannot save {key}: {part} is not a table in {path}")
    here[parts[-1]] = str(value) if isinstance(value, Path) else value
    try:
        _file_model().model_validate(doc.unwrap())
    except ValidationError as exc:
        reasons = "; ".join(e.get("msg", "invalid") for e in exc.errors())
        raise UserError(
            f"cannot remember {key} = {value!r}: {reasons}",
            hint=f"nothing was written to {path}",
        ) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(tomlkit.dumps(doc), encoding="utf-8")
    os.replace(tmp, path)
    return path


def _file_model() -> type[BaseModel]:
    """The settings as a plain model, to check a file's contents without reading the env."""
    fields: dict[str, Any] = {
        name: (info.annotation, info) for name, info in Settings.model_fields.items()
    }
    return create_model("SettingsFile", __config__=ConfigDict(extra="forbid"), **fields)
