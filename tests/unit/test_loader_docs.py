"""docs/scenario-format.md stays true: its example validates, and it lists every behaviour."""

from __future__ import annotations

import re
from pathlib import Path

from roleplay.scenarios.behaviours import Behaviour
from roleplay.scenarios.loader import load_library

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenario-format.md"


def test_the_complete_example_in_the_docs_validates(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    example = text.split("## A short, complete example", 1)[1].split("\n## ", 1)[0]
    files = re.findall(
        r"`((?:personas|scenarios)/[\w-]+\.yaml)`:\s*```yaml\n(.*?)```", example, re.S
    )
    assert [name for name, _ in files] == [
        "personas/dana-whitfield.yaml",
        "scenarios/broadband-down.yaml",
    ]
    for name, body in files:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    library = load_library(tmp_path / "scenarios", tmp_path / "personas")
    cast = library.cast("broadband-down")
    assert cast.scenario.rubric.criteria[0].levels[5] == "early and in her terms"


def test_the_docs_list_every_behaviour() -> None:
    section = DOC.read_text(encoding="utf-8").split("\n## Behaviours", 1)[1]
    listed = set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M))
    assert listed == {b.value for b in Behaviour}
