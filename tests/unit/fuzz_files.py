"""Hostile scenario and persona files, made by mutating the bundled ones (tests and bench share it).

Each mutation is one kind of thing a careless or hostile trainer might save: a YAML tag its
value cannot satisfy, a catastrophic or oversized auto-fail pattern, thousands of unknown keys,
a key thousands of characters long, a value of an odd type, a line lost or doubled, junk bytes.
`fuzzed_file(rnd)` applies one to three of them; the file's id becomes `fuzzed` so it never
clashes with the file it came from.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from roleplay.workspace import bundled_library_dir

LIBRARY = bundled_library_dir()
SOURCES = sorted([*LIBRARY.glob("scenarios/*.yaml"), *LIBRARY.glob("personas/*.yaml")])
TEXTS = {path: path.read_text(encoding="utf-8") for path in SOURCES}

TAGGED = [
    "!!bool maybe",
    "!!timestamp 2020-13-45x",
    "!!timestamp 2020-02-30",
    "2020-02-30",
    "2021-01-01",
    '!!binary "@@@"',
    "!!binary aGVsbG8=",
    '!!python/object/apply:os.system ["true"]',
    "!!python/name:os.system",
    "!!int 99x",
    "!!int 0x",
    "!!float zz",
    "!!set {a, b}",
    "!!omap [a]",
    "!!pairs [[a, b]]",
    "!!str [1]",
    "!!null x",
    "!!map x",
    "!!seq x",
    "!foo x",
    "!<tag:yaml.org,2002:int> x",
    "!!merge x",
    "*nowhere",
    "&anchor value",
    "9" * 5000,
    "[" * 400 + "]" * 400,
    "{a: " * 300 + "b" + "}" * 300,
]
PATTERNS = [
    "^(a+)+$",
    "a{4294967296}",
    "a{1001}",
    "(x+x+)+y",
    "(a|aa)+$",
    r"(\w+\s?)*$",
    "((a*)*)*b",
    "(a?){30}a{30}",
    "[z-a]",
    "(?P<x",
    "a**",
    "(" * 300 + "a" + ")" * 300,
    r"(?<=a+)b",
    r"\p{L}+",
    "(?i)(?s).*x",
]
ODD_VALUES = [
    "[1, 2]",
    "{a: b}",
    "yes",
    "12.5",
    "-.inf",
    ".nan",
    '""',
    "null",
    "~",
    "0o17",
    "1e400",
    "-9999999999999999999999",
    "'\u202e\u200b'",
]


def _yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _tag(lines: list[str], rnd: random.Random) -> None:
    keyed = [i for i, line in enumerate(lines) if re.match(r"^\s*[\w-]+:", line)]
    at = rnd.choice(keyed)
    key = lines[at].split(":", 1)[0]
    lines[at] = f"{key}: {rnd.choice(TAGGED)}"


def _pattern(lines: list[str], rnd: random.Random) -> None:
    items = [i for i, line in enumerate(lines) if re.match(r"^\s+- '\\b", line)]
    pattern = _yaml_quoted(rnd.choice(PATTERNS))
    if items:
        at = rnd.choice(items)
        indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
        lines[at] = f"{indent}- {pattern}"
    else:
        lines.append(f"patterns: [{pattern}]")


def _unknown_keys(lines: list[str], rnd: random.Random) -> None:
    count = rnd.choice([1, 60, 2_000, 12_500])
    lines.extend(f"zz{i}: {i}" for i in range(count))


def _long_key(lines: list[str], rnd: random.Random) -> None:
    size = rnd.choice([300, 10_000, 200_000])
    at = rnd.randrange(len(lines) + 1)
    lines.insert(at, f"{rnd.choice('kq') * size}: value")


def _odd_value(lines: list[str], rnd: random.Random) -> None:
    keyed = [i for i, line in enumerate(lines) if re.match(r"^\s*-?\s*[\w-]+:", line)]
    at = rnd.choice(keyed)
    lines[at] = f"{lines[at].split(':', 1)[0]}: {rnd.choice(ODD_VALUES)}"


def _shuffle_line(lines: list[str], rnd: random.Random) -> None:
    at = rnd.randrange(len(lines))
    if rnd.random() < 0.5:
        del lines[at]
    else:
        lines.insert(at, lines[at])


def _junk(lines: list[str], rnd: random.Random) -> None:
    at = rnd.randrange(len(lines))
    junk = chr(rnd.choice([0x7F, 0x85, 0xFEFF, 0x2028, ord(":"), ord("\t"), ord("&")]))
    cut = rnd.randrange(len(lines[at]) + 1)
    lines[at] = lines[at][:cut] + junk + lines[at][cut:]


MUTATIONS = {
    "tag": _tag,
    "pattern": _pattern,
    "unknown-keys": _unknown_keys,
    "long-key": _long_key,
    "odd-value": _odd_value,
    "line": _shuffle_line,
    "junk": _junk,
}


def fuzzed_file(rnd: random.Random) -> tuple[str, str, list[str]]:
    """(folder 'scenarios' or 'personas', the file's text, the mutations applied)."""
    source = rnd.choice(SOURCES)
    text = re.sub(r"(?m)^id: .*$", "id: fuzzed", TEXTS[source], count=1)
    lines = text.split("\n")
    applied = rnd.choices(sorted(MUTATIONS), k=rnd.randint(1, 3))
    for name in applied:
        MUTATIONS[name](lines, rnd)
        if not lines:
            lines = [""]
    return source.parent.name, "\n".join(lines), applied


def write_fuzzed(root: Path, rnd: random.Random) -> tuple[Path, list[str]]:
    """Write one fuzzed file into the workspace at `root`; return it and the mutations."""
    folder, text, applied = fuzzed_file(rnd)
    path = root / folder / "fuzzed.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path, applied
