"""The labelled trainee lines the detectors learn from: reading, checking and splitting them.

A corpus file is CSV with the columns `set, scenario, customer, line, behaviours`; the labelling
guide is docs/behaviour-labelling.md. The bundled corpus is split by whole sets (a set is one
moment of a call, written together) so near-identical lines never straddle train and test; the
test part is frozen: its hash is recorded here and checked by the tests.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from roleplay.errors import UserError
from roleplay.scenarios.behaviours import Behaviour

B = Behaviour
COLUMNS = ("set", "scenario", "customer", "line", "behaviours")
SPLITS = ("train", "dev", "test")

PHRASING: tuple[Behaviour, ...] = (
    B.ACKNOWLEDGES_FEELING,
    B.PARAPHRASES,
    B.REASSURES,
    B.OFFERS_SOLUTION,
    B.EXPLAINS_NEXT_STEPS,
    B.TAKES_OWNERSHIP,
    B.OPEN_QUESTION,
    B.CLOSED_QUESTION,
    B.CHECKS_UNDERSTANDING,
    B.DISMISSIVE,
    B.BLAMES_CUSTOMER,
    B.RUDE,
    B.SAYS_CALM_DOWN,
    B.HEDGES,
)
"""The behaviours that live in phrasing: the trained model decides them (alone, or together
with their rule where that measured better on the dev split)."""

ASSISTED: tuple[Behaviour, ...] = (
    B.GREETS,
    B.APOLOGISES,
    B.GOES_BEYOND,
    B.OFFERS_ESCALATION,
    B.SETS_BOUNDARY,
    B.CLOSES_CALL,
    B.THANKS,
    B.BLAMES_COLLEAGUES,
    B.ASKS_HOLD_PERMISSION,
    B.BREAKS_FRAME,
)
"""Behaviours with rules of their own that the model may help: each is decided by the rules, the
model or either, whichever measured best on the dev split when the model was trained."""

MODELLED: tuple[Behaviour, ...] = PHRASING + ASSISTED

NOT_LABELLED = frozenset({B.REPEATS_QUESTION, B.SILENT_HOLD, B.LONG_HOLD})
"""Needs the whole call, or is a hold event rather than a line."""

LABELLED: tuple[Behaviour, ...] = tuple(b for b in Behaviour if b not in NOT_LABELLED)

FROZEN_TEST_SHA256 = "7b22491160b5569777fbe52fda5816b0d6b4606494671c56fc7300470e4a5c4d"
"""sha256 of the bundled test.csv, recorded when it was frozen; any edit to it shows up."""


def bundled_corpus_dir() -> Path:
    """Where the shipped corpus lives (inside the package, so trainers can retrain)."""
    return Path(__file__).resolve().parent.parent / "library" / "behaviours"


@dataclass(frozen=True)
class Example:
    """One labelled trainee line, with the customer's line before it."""

    set_id: str
    scenario: str
    customer: str
    line: str
    behaviours: frozenset[Behaviour]
    source: str = ""


class CorpusError(UserError):
    """A labelled-lines file that cannot be read, one `path:line: field: message` per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            "\n".join(problems),
            hint="see docs/behaviour-labelling.md for the columns and behaviour names",
        )
        self.problems = problems


def split_of(set_id: str) -> str:
    """train, dev or test for a set: 70/15/15 by a hash of its id, stable forever."""
    bucket = int(hashlib.sha256(set_id.encode()).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def _labels(text: str, where: str, problems: list[str]) -> frozenset[Behaviour]:
    found: set[Behaviour] = set()
    for name in text.replace(",", " ").split():
        try:
            behaviour = Behaviour(name.strip())
        except ValueError:
            problems.append(f"{where}: behaviours: unknown behaviour '{name}'")
            continue
        if behaviour in NOT_LABELLED:
            problems.append(f"{where}: behaviours: '{name}' is not labelled on single lines")
            continue
        found.add(behaviour)
    return frozenset(found)


def read_examples(path: Path) -> list[Example]:
    """Every row of one corpus file, or CorpusError naming each bad row and field."""
    problems: list[str] = []
    examples: list[Example] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError([f"{path}: cannot read it ({exc})"]) from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in ("line", "behaviours") if c not in (reader.fieldnames or [])]
    if missing:
        raise CorpusError([f"{path}:1: header: missing column(s) {', '.join(missing)}"])
    for row in reader:
        where = f"{path}:{reader.line_num}"
        line = (row.get("line") or "").strip()
        if not line:
            problems.append(f"{where}: line: empty")
            continue
        examples.append(
            Example(
                set_id=(row.get("set") or path.stem).strip(),
                scenario=(row.get("scenario") or "").strip(),
                customer=(row.get("customer") or "").strip(),
                line=line,
                behaviours=_labels(row.get("behaviours") or "", where, problems),
                source=where,
            )
        )
    if problems:
        raise CorpusError(problems)
    return examples


def write_examples(path: Path, examples: Iterable[Example]) -> None:
    """Write examples as a corpus file (behaviours in vocabulary order)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for ex in examples:
            labels = " ".join(b.value for b in Behaviour if b in ex.behaviours)
            writer.writerow([ex.set_id, ex.scenario, ex.customer, ex.line, labels])


def bundled_split(name: str) -> list[Example]:
    """One split of the shipped corpus."""
    return read_examples(bundled_corpus_dir() / f"{name}.csv")


def file_sha256(path: Path) -> str:
    """The hash that ties a trained model to the exact corpus it learned from."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corpus_sha256(paths: Iterable[Path]) -> str:
    """One hash over several corpus files, in the order given."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
