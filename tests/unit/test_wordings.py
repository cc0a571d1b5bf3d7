"""The customer need not say the same words every time (issue 9): a trainer may give several
wordings of the same thing, a call picks among them, and a seeded call picks the same ones."""

from __future__ import annotations

import random
import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from fake_backends import ChoosingBackend
from support.sim_cast import SCENARIO, make_cast

from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.scenarios.behaviours import Behaviour as B
from roleplay.scenarios.loader import LibraryError, load_library
from roleplay.scenarios.models import MoodBand, Scenario
from roleplay.scenarios.schema import build_schema
from roleplay.sim.actor import facts_told, mentions_fact
from roleplay.sim.director import Director
from roleplay.sim.hearing import covers
from roleplay.sim.session import CallSession
from roleplay.sim.wording import Phrasing
from roleplay.workspace import bundled_library_dir

DATA = Path(__file__).resolve().parents[1] / "data"
LIBRARY = load_library(bundled_library_dir() / "scenarios", bundled_library_dir() / "personas")
ROUTER_SAYS = "The little light says LOS and it's flashing red, if that means anything."


def _workspace(tmp_path: Path, old: str, new: str) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(DATA / "valid", root)
    path = root / "scenarios" / "broadband-down.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return root


def _problems(root: Path) -> list[str]:
    with pytest.raises(LibraryError) as caught:
        load_library(root / "scenarios", root / "personas")
    return caught.value.problems


def test_a_fact_may_be_one_line_or_a_list_of_wordings(tmp_path: Path) -> None:
    wordings = (
        f'says:\n      - "{ROUTER_SAYS}"\n      - "It says LOS on the box, flashing red. '
        'Does that mean anything?"'
    )
    root = _workspace(tmp_path, f"says: {ROUTER_SAYS}", wordings)
    library = load_library(root / "scenarios", root / "personas")
    fact = library.scenario("broadband-down").facts[0]
    assert fact.wordings(MoodBand.CALM) == [
        ROUTER_SAYS,
        "It says LOS on the box, flashing red. Does that mean anything?",
    ]
    assert fact.words(MoodBand.CALM) == ROUTER_SAYS


def test_an_empty_list_of_wordings_is_refused_with_file_line_and_field(tmp_path: Path) -> None:
    root = _workspace(tmp_path, f"says: {ROUTER_SAYS}", "says: []")
    assert _problems(root) == [
        "scenarios/broadband-down.yaml:22: facts[0].says: the list of wordings is empty; "
        "give one line, or a list of one or more lines"
    ]


def test_an_empty_wording_in_a_list_is_named(tmp_path: Path) -> None:
    root = _workspace(tmp_path, f"says: {ROUTER_SAYS}", f'says: ["{ROUTER_SAYS}", "  "]')
    assert _problems(root) == [
        "scenarios/broadband-down.yaml:22: facts[0].says: wording 2 must not be empty"
    ]


def test_the_schema_shows_a_line_or_a_list_of_lines() -> None:
    schema = build_schema(Scenario)
    props = schema["$defs"]["HiddenFact"]["properties"]["says"]
    kinds = [option["type"] for option in props["anyOf"]]
    assert kinds == ["string", "array"] and props["anyOf"][1]["minItems"] == 1
    opening = schema["properties"]["opening"]["items"]
    assert [option["type"] for option in opening["anyOf"]] == ["string", "array"]


def test_phrasing_never_says_the_same_thing_the_same_way_twice_running() -> None:
    turn = [0]
    phrasing = Phrasing(random.Random(1), lambda: turn[0])
    options = ["one way", "another way", "a third way"]
    picks = []
    for turn[0] in range(40):
        picks.append(phrasing.pick(options))
        assert phrasing.pick(options) == picks[-1]  # the pick stands for the rest of the turn
    assert all(a != b for a, b in pairwise(picks))
    assert set(picks) == set(options)


async def test_calls_pick_different_openings_and_seeded_calls_the_same(tmp_path: Path) -> None:
    cast = LIBRARY.cast("bereavement-account")
    wordings = cast.scenario.opening_for(MoodBand.UPSET)[0]
    heard = set()
    for seed in range(12):
        session = CallSession(cast, ChoosingBackend(), transcripts=tmp_path, seed=seed)
        (opening,) = await session.start()
        assert opening.text in wordings
        heard.add(opening.text)
    assert len(heard) >= 2  # twelve seeds all on one of three wordings: about 1 in 60,000
    again = [(await CallSession(cast, ChoosingBackend(), seed=7).start())[0].text for _ in range(3)]
    assert len(set(again)) == 1


def test_a_met_goals_reaction_and_the_end_line_vary_over_seeds() -> None:
    cast = LIBRARY.cast("bereavement-account")
    reactions, endings = set(), set()
    for seed in range(12):
        director = Director(cast, "medium", seed)
        outcome = director.on_trainee_line("I'm so sorry about Ray.", [B.ACKNOWLEDGES_FEELING])
        reactions.add(director.composed_line(outcome, "I'm so sorry about Ray.")[0])
        director = Director(cast, "medium", seed)
        director.state.goals_met = [g.id for g in cast.scenario.goals]
        endings.add(director.on_trainee_line("Goodbye, Margaret.", [B.CLOSES_CALL]).authored)
    condolence = next(g for g in cast.scenario.goals if g.id == "condolence")
    assert reactions <= set(condolence.reactions()) and len(reactions) >= 2
    assert endings <= set(cast.scenario.end.lines.wordings("resolved")) and len(endings) >= 2


def test_a_fact_counts_as_told_in_any_of_its_wordings() -> None:
    for scenario_id in LIBRARY.scenarios:
        cast = LIBRARY.cast(scenario_id)
        facts = cast.scenario.facts
        for fact in facts:
            assert len(fact.every_wording()) >= 3, fact.id
            for wording in fact.every_wording():
                assert mentions_fact(wording, fact), (scenario_id, wording)
                assert facts_told([fact.id], facts, [wording]) == [fact.id]


def test_a_trainee_line_saying_any_wording_covers_the_fact() -> None:
    facts = [dict(SCENARIO["facts"][0])]  # type: ignore[index]
    other = "Lights on the router: LOS blinking in red. Three whole days like this now."
    facts[0]["says"] = [facts[0]["says"], other]
    fact = make_cast(facts=facts).scenario.facts[0]
    assert covers("So the router lights show LOS blinking in red for three whole days?", fact)


async def _scripted_call(cast, tmp_path: Path, **options) -> list[str]:  # type: ignore[no-untyped-def]
    session = CallSession(cast, ScriptedBackend(), transcripts=tmp_path, **options)
    await session.start()
    for line in (
        "I'm so sorry to hear about Ray. What did the letter ask for?",
        "You won't need a solicitor or court papers for this.",
        "A certified copy from the registrar is enough.",
        "I'll post you the form with a freepost envelope.",
    ):
        async for _ in session.reply_to(line):
            pass
    return [t.text for t in session.turns if t.speaker == "customer"]


async def test_scripted_and_exam_calls_say_the_same_words_every_time(tmp_path: Path) -> None:
    cast = LIBRARY.cast("bereavement-account")
    first = await _scripted_call(cast, tmp_path)
    assert await _scripted_call(cast, tmp_path) == first
    assert await _scripted_call(cast, tmp_path, exam=True) == first
    seeded = await _scripted_call(cast, tmp_path, seed=3)
    assert await _scripted_call(cast, tmp_path, seed=3) == seeded
    others = {tuple(await _scripted_call(cast, tmp_path, seed=s)) for s in range(6)}
    assert len(others) >= 2  # a seed changes the words, and only the seed does


async def test_an_exam_on_the_embedded_model_opens_the_same_way_for_everyone(
    tmp_path: Path,
) -> None:
    cast = LIBRARY.cast("app-login-confused")
    openings = {
        (await CallSession(cast, ChoosingBackend(), exam=True).start())[0].text for _ in range(6)
    }
    assert len(openings) == 1
