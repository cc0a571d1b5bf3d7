"""The optional transformer detector: the shipped file, its reading with NumPy, and the switch.

The reference lines were written by bench/detector_finetune.py when the file was built: the ids
the training tokenizer gave and the probabilities PyTorch computed. Reading the same file here,
with no PyTorch, must give the same ids and (the word-piece table stored as int8) nearly the same
probabilities.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from cli_helpers import isolate, run
from debrief_data import cast_for, transcript

from roleplay.debrief import build_debrief
from roleplay.debrief.report import render
from roleplay.detectors import active
from roleplay.detectors.blend import WEIGHT, blended
from roleplay.detectors.corpus import MODELLED, PHRASING, corpus_sha256
from roleplay.detectors.detect import DetectContext, detect
from roleplay.detectors.retrain import bundled_training_files
from roleplay.detectors.transformer import (
    PANEL,
    ReaderPanel,
    TransformerReader,
    bundled_reader_path,
    bundled_reader_paths,
)
from roleplay.detectors.wordpiece import WordPieces, words
from roleplay.errors import UserError
from roleplay.scenarios.behaviours import Behaviour as B
from roleplay.workspace import open_workspace

DATA = Path(__file__).parent.parent / "data"
REFERENCES = {
    name: json.loads((DATA / f"transformer_reference{name[11:-4]}.json").read_text("utf-8"))
    for name in PANEL
}
"""Each reader's reference lines: transformer.npz's in transformer_reference.json,
transformer-2.npz's in transformer_reference-2.json."""
REFERENCE = REFERENCES[PANEL[0]]


@pytest.fixture(scope="module")
def reader() -> TransformerReader:
    return TransformerReader.load(bundled_reader_path())


@pytest.fixture(scope="module")
def panel() -> ReaderPanel:
    return ReaderPanel.load(bundled_reader_paths())


@pytest.fixture(autouse=True)
def standard_afterwards():  # type: ignore[no-untyped-def]
    yield
    active.use_detector("standard")
    active.use_bundled()


def test_every_shipped_reader_was_fitted_on_the_bundled_corpus_as_it_is(
    panel: ReaderPanel,
) -> None:
    assert len(panel.members) == len(PANEL) == 2
    corpus = corpus_sha256(bundled_training_files())
    for member in panel.members:
        assert member.corpus_sha256 == corpus
        assert member.labels == MODELLED


def test_lines_are_cut_into_the_word_pieces_training_used(reader: TransformerReader) -> None:
    assert len(REFERENCE) >= 20
    for row in REFERENCE:
        ids, segments = reader.encode(row["customer"], row["line"])
        assert ids == row["input_ids"], row["line"]
        assert segments == row["token_type_ids"], row["line"]


@pytest.mark.parametrize("member", range(len(PANEL)))
def test_numpy_reads_each_file_as_pytorch_did(panel: ReaderPanel, member: int) -> None:
    worst = 0.0
    for row in REFERENCES[PANEL[member]]:
        got = panel.members[member].probabilities(row["customer"], row["line"])
        worst = max(worst, float(np.abs(got - np.array(row["probabilities"])).max()))
    assert worst < 0.02


def test_the_panel_hears_the_mean_of_its_readers_and_they_differ(panel: ReaderPanel) -> None:
    row = REFERENCE[0]
    each = [m.probabilities(row["customer"], row["line"]) for m in panel.members]
    assert np.allclose(panel.probabilities(row["customer"], row["line"]), np.mean(each, axis=0))
    assert np.abs(each[0] - each[1]).max() > 1e-3  # two seeds, not one file twice


def test_word_pieces_split_punctuation_fold_accents_and_cut_unknown_words() -> None:
    assert words("Café's   CLOSED, isn't it?") == [
        "cafe",
        "'",
        "s",
        "closed",
        ",",
        "isn",
        "'",
        "t",
        "it",
        "?",
    ]
    pieces = WordPieces(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##help", "##ful", "help"])
    assert pieces.pieces("unhelpful") == [4, 5, 6]
    assert pieces.pieces("helpx") == [1]
    ids, segments = pieces.pair("help " * 200, "unhelpful", 10)
    assert len(ids) == 10 and ids[0] == 2 and ids.count(3) == 2
    assert segments == [0] * 6 + [1] * 4


class _Heard:
    """A reader that hears every label it knows at one probability."""

    def __init__(self, probability: float, labels: tuple[B, ...] = MODELLED) -> None:
        self.labels = labels
        self.probability = probability

    def probabilities(self, customer: str, line: str) -> np.ndarray:
        return np.full(len(self.labels), self.probability)


def test_the_blend_weighs_both_readers_against_the_models_own_threshold() -> None:
    model = active.current()
    assert model is not None and WEIGHT == 0.5
    at_threshold = model.thresholds.copy()
    j = model.labels.index(B.PARAPHRASES)
    t = float(model.thresholds[j])
    sure = blended(model, _Heard(0.9), at_threshold, "blend-a", "x")  # type: ignore[arg-type]
    assert sure[j] == pytest.approx(0.5 * 0.5 + 0.5 * 0.9 - 0.5 + t)
    assert sure[j] > t
    unsure = blended(model, _Heard(0.1), at_threshold, "blend-b", "x")  # type: ignore[arg-type]
    assert unsure[j] < t
    # every label the reader knows is blended; one it does not know keeps the model's score
    k = model.labels.index(B.APOLOGISES)
    assert sure[k] > at_threshold[k]
    partial = _Heard(0.9, PHRASING)
    some = blended(model, partial, at_threshold, "blend-c", "x")  # type: ignore[arg-type]
    assert some[j] > t and some[k] == at_threshold[k]


@pytest.fixture
def team(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    """A workspace made by `roleplay init`, from an empty folder."""
    isolate(tmp_path, monkeypatch)
    assert run(capsys, "init", str(tmp_path / "team"))[0] == 0
    return tmp_path / "team"


def test_a_workspace_can_listen_with_the_transformer_and_the_environment_overrides_it(
    team: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = team
    assert 'detector = "standard"' in (root / "workspace.toml").read_text(encoding="utf-8")
    open_workspace(root)
    assert active.reader() is None
    standard_digest = active.digest()
    (root / "workspace.toml").write_text('detector = "transformer"\n', encoding="utf-8")
    open_workspace(root)
    assert active.reader() is not None
    assert active.digest() != standard_digest  # grades made by the other detector are stale
    monkeypatch.setenv("ROLEPLAY_DETECTOR", "standard")
    open_workspace(root)
    assert active.reader() is None
    assert active.digest() == standard_digest


def test_a_detector_nobody_offers_is_named_with_its_file(
    team: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = team
    (root / "workspace.toml").write_text('detector = "bert"\n', encoding="utf-8")
    with pytest.raises(UserError) as raised:
        open_workspace(root)
    assert str(root / "workspace.toml") in str(raised.value)
    assert "standard, transformer" in str(raised.value) and "'bert'" in str(raised.value)
    monkeypatch.setenv("ROLEPLAY_HOME", str(root))
    code, _, err = run(capsys, "detectors", "try", "Sorry about that.")
    assert code == 2 and "detector must be one of" in err and "Traceback" not in err


def test_try_shows_what_the_transformer_detector_hears(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate(tmp_path, monkeypatch)
    line, customer = "So you've paid for a week and still can't watch it.", "I paid for a week."
    code, out, _ = run(capsys, "detectors", "try", line, "--after", customer, "--detector", "x")
    assert code == 2
    code, out, _ = run(
        capsys, "detectors", "try", line, "--after", customer, "--detector", "transformer"
    )
    assert code == 0 and "paraphrases" in out
    ctx = DetectContext(customer_lines=(customer,))
    assert B.PARAPHRASES in detect(line, ctx)  # still standard outside the command


def test_a_debrief_says_when_the_transformer_detector_heard_the_call() -> None:
    cast = cast_for("loyalty-card-blocked")
    standard = build_debrief(transcript("loyalty-card-blocked", "good"), cast)
    assert standard.detector == "standard"
    assert "transformer" not in render(standard, "md")
    active.use_detector("transformer")
    heard = build_debrief(transcript("loyalty-card-blocked", "good"), cast)
    assert heard.detector == "transformer"
    assert heard.graded_with != standard.graded_with  # the other detector's grade is stale
    for fmt in ("md", "html"):
        assert "lines heard by the transformer detector" in render(heard, fmt)


def test_a_missing_reader_of_the_panel_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "transformer-2.npz"
    monkeypatch.setattr(active, "bundled_reader_paths", lambda: [bundled_reader_path(), gone])
    monkeypatch.setattr(active, "_reader", None)
    active.use_detector("transformer")
    with pytest.raises(UserError) as raised:
        active.reader()
    assert str(gone) in str(raised.value) and "ROLEPLAY_DETECTOR" in raised.value.hint
