"""`roleplay detectors`: a team retrains on its own lines and the workspace then uses them."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import isolate, run

from roleplay.detectors import active
from roleplay.detectors.corpus import split_of
from roleplay.scenarios.behaviours import Behaviour as B


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    yield isolate(tmp_path, monkeypatch)
    active.use_bundled()


HOUSE = [
    ("It's gone wonky at our end, so I'm putting it right for you now.", "offers_solution"),
    ("Bear with me while I get this squared away for you.", "takes_ownership"),
    ("Sounds like a right palaver, and on a Friday too.", "acknowledges_feeling"),
]


def _house_lines(root: Path) -> Path:
    folder = root / "behaviours"
    folder.mkdir()
    rows = ["set,scenario,customer,line,behaviours"]
    sets = [f"house-{i}" for i in range(60)]
    held = next(s for s in sets if split_of(s) == "test")
    for i, set_id in enumerate([*sets[:20], held]):
        line, label = HOUSE[i % len(HOUSE)]
        rows.append(f'{set_id},loyalty-card-blocked,It still does not work.,"{line} ({i})",{label}')
    path = folder / "ours.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_train_on_a_workspace_writes_its_model_and_the_workspace_uses_it(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "init", str(tmp_path / "team"))[0] == 0
    root = tmp_path / "team"
    _house_lines(root)
    monkeypatch.setenv("ROLEPLAY_HOME", str(root))
    code, out, _ = run(capsys, "detectors", "train")
    assert code == 0, out
    assert (root / "behaviours" / "detector.json.gz").is_file()
    assert "On the bundled frozen test split:" in out and "acknowledges_feeling" in out
    assert "On your own held-out lines" in out
    code, out, _ = run(
        capsys, "detectors", "try", "Sounds like a right palaver, and on a Friday too."
    )
    assert code == 0
    assert "acknowledges_feeling" in out
    model = active.current()
    assert model is not None and model.settings["lines"] > 3400  # the bundled lines plus ours


def test_train_outside_a_workspace_or_without_lines_says_what_to_do(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, "detectors", "train")
    assert code == 2 and "no workspace here" in err
    assert run(capsys, "init", str(tmp_path / "team"))[0] == 0
    monkeypatch.setenv("ROLEPLAY_HOME", str(tmp_path / "team"))
    code, _, err = run(capsys, "detectors", "train")
    assert code == 2 and "no labelled lines" in err and "behaviours" in err


def test_a_bad_row_in_the_teams_lines_is_named(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "init", str(tmp_path / "team"))[0] == 0
    root = tmp_path / "team"
    (root / "behaviours").mkdir()
    bad = root / "behaviours" / "ours.csv"
    bad.write_text("set,scenario,customer,line,behaviours\ns1,x,,Hi there.,greeting\n", "utf-8")
    monkeypatch.setenv("ROLEPLAY_HOME", str(root))
    code, _, err = run(capsys, "detectors", "train")
    assert code == 2
    assert f"{bad}:2: behaviours: unknown behaviour 'greeting'" in err


def test_try_shows_the_words_that_counted(capsys) -> None:
    code, out, _ = run(capsys, "detectors", "try", "Umm, could you calm down please?")
    assert code == 0
    assert "says_calm_down" in out and '"calm down"' in out
    assert "hedges" in out and '"Umm"' in out
    assert B.SAYS_CALM_DOWN.value in out
