"""Whatever a trainer saves, the loader answers with `path:line:` problem lines, never a crash.

Random YAML documents, random text and bytes, and random mutations of the valid example files
(a line deleted, duplicated or changed, junk bytes inserted) must either load or raise
LibraryError, and every problem must be one line starting with the file and a line number.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roleplay.scenarios.loader import LibraryError, load_library

DATA = Path(__file__).resolve().parents[1] / "data" / "valid"
VALID = {
    "scenarios/broadband-down.yaml": (DATA / "scenarios" / "broadband-down.yaml").read_bytes(),
    "personas/dana-whitfield.yaml": (DATA / "personas" / "dana-whitfield.yaml").read_bytes(),
}
PROBLEM_LINE = re.compile(r"^(scenarios|personas)/[\w.-]+\.yaml:\d+: \S")
CHECKED = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_workspace(files: dict[str, bytes]) -> None:
    """Write the files into a fresh workspace and load it; only LibraryError may come out."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(DATA, root, dirs_exist_ok=True)
        for name, content in files.items():
            (root / name).write_bytes(content)
        try:
            load_library(root / "scenarios", root / "personas")
        except LibraryError as err:
            assert err.problems, "a LibraryError must say what is wrong"
            for problem in err.problems:
                assert "\n" not in problem
                assert PROBLEM_LINE.match(problem), problem


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["acknowledges_feeling", "calm", "irate", "dana-whitfield", "100", "-60"]),
)
keys = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["id", "title", "persona", "rubric", "triggers", "delta", "levels", "facts"]),
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)


@CHECKED
@given(doc=documents, as_persona=st.booleans())
def test_random_yaml_documents_never_crash(doc: object, as_persona: bool) -> None:
    name = "personas/random.yaml" if as_persona else "scenarios/random.yaml"
    check_workspace({name: yaml.safe_dump(doc, allow_unicode=True).encode("utf-8")})


@CHECKED
@given(blob=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_random_bytes_never_crash(blob: bytes) -> None:
    check_workspace({"scenarios/junk.yaml": blob})


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """One of the valid files with one to three random edits."""
    name = draw(st.sampled_from(sorted(VALID)))
    lines = VALID[name].split(b"\n")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "duplicate", "retype", "junk", "indent"]))
        if edit == "delete":
            del lines[at]
        elif edit == "duplicate":
            lines.insert(at, lines[at])
        elif edit == "retype" and b":" in lines[at]:
            key = lines[at].split(b":", 1)[0]
            value = draw(st.sampled_from([b"[1, 2]", b"{a: b}", b"yes", b"12.5", b"", b"'x'"]))
            lines[at] = key + b": " + value
        elif edit == "junk":
            junk = draw(st.binary(min_size=1, max_size=6))
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:cut] + junk + lines[at][cut:]
        elif edit == "indent":
            lines[at] = draw(st.sampled_from([b"\t", b" ", b"   "])) + lines[at]
        if not lines:
            lines = [b""]
    return name, b"\n".join(lines)


@CHECKED
@given(change=mutated())
def test_mutated_valid_files_never_crash(change: tuple[str, bytes]) -> None:
    name, content = change
    check_workspace({name: content})
