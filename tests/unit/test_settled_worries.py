"""A worry the trainee has just dealt with is not raised as news, and its goal counts.

Taken by hand: the widow was told "I'll keep the gas and council tax direct debits running"
before she had mentioned them. The line released her bills worry and met nothing (the goal waits
for that worry to be out, and goals were checked first), so she answered "the gas and the council
tax come out of his account, I keep thinking they'll stop", and the summary showed the goal ✗.
"""

from __future__ import annotations

from pathlib import Path

from debrief_data import cast_for
from test_loader_errors import problems_of, workspace_with

from roleplay.debrief.call_facts import redetect
from roleplay.llm.scripted_backend import ScriptedBackend
from roleplay.scenarios.fields import wordings
from roleplay.sim.session import CallSession
from roleplay.sim.settled import answers
from roleplay.transcript import read_transcript

SORRY = "Mrs Whitlow, I'm so sorry for your loss."
LETTER = "Could you tell me a little about the letter, and what it asked you for?"
BILLS_DEALT_WITH = (
    "Don't worry, I'll keep the gas and council tax direct debits running for up to 90 days, "
    "so nothing will stop."
)


async def _call(scenario: str, *lines: str, tmp: Path | None = None, **kw: object) -> CallSession:
    session = CallSession(cast_for(scenario), ScriptedBackend(), transcripts=tmp, **kw)  # type: ignore[arg-type]
    await session.start()
    for line in lines:
        async for _ in session.reply_to(line):
            pass
    return session


def _customer(session: CallSession) -> list[str]:
    return [t.text for t in session.turns if t.speaker == "customer"]


async def test_a_worry_settled_in_the_line_that_draws_it_out_meets_its_goal(
    tmp_path: Path,
) -> None:
    session = await _call("bereavement-account", SORRY, LETTER, BILLS_DEALT_WITH, tmp=tmp_path)
    assert "keep-bills" in session.state.goals_met
    goal = next(g for g in session.scenario.goals if g.id == "keep-bills")
    fact = next(f for f in session.scenario.facts if f.id == "bills-going-out")
    reply = _customer(session)[-1]
    assert reply in goal.reactions()
    assert reply not in fact.every_wording()
    # The debrief counts the goal as the call did.
    session.end_call()
    assert session.path is not None
    facts = redetect(read_transcript(session.path), session.cast)
    assert "keep-bills" in facts.goals_met


async def test_a_worry_a_goal_settles_is_not_told_later() -> None:
    """Played at hard: the rent worry came out after the credit before Monday had settled it."""
    lines = [
        "Good morning Ms Haddad, you're speaking to Tom at Harbourside Bank. I can understand "
        "how worrying it is to find a charge you don't recognise, and you've done the right "
        "thing calling. Can you tell me the name shown on your statement?",
        "Thank you. PXL is a payment company that gyms and subscription services use. Have you "
        "signed up for any free trials or memberships in the last few months?",
        "That explains it: the free week turned into a paid membership. Did you cancel it, and "
        "do you have anything in writing?",
        "That email is all we need. I'll raise a dispute for the full £249 now, and I'll stop "
        "any further payments to Northgate so they can't take anything else.",
        "Here's what happens next: a temporary credit of £249 appears on your card within 2 "
        "working days, well before Monday, and you won't be charged interest on it.",
        "You can forward their cancellation email to us or upload it in the app; there are no "
        "forms to fill in. Does that make sense?",
    ]
    session = await _call("credit-card-dispute", *lines, difficulty="hard")
    assert "temporary-credit" in session.state.goals_met
    rent = next(f for f in session.scenario.facts if f.id == "rent-due")
    assert "rent-due" in session.state.revealed  # released by trust, then held as settled
    assert not set(_customer(session)) & set(rent.every_wording())


async def test_a_settled_worry_asked_about_outright_is_still_answered() -> None:
    session = await _call(
        "bereavement-account",
        SORRY,
        LETTER,
        "I'll keep the council tax direct debits running. Which bills go out of his account?",
    )
    fact = next(f for f in session.scenario.facts if f.id == "bills-going-out")
    assert any(w in _customer(session)[-1] for w in fact.every_wording())


def test_a_goal_answers_the_facts_it_waits_for_or_settles_and_those_naming_its_words() -> None:
    scenario = cast_for("bereavement-account").scenario
    goal = {g.id: g for g in scenario.goals}
    fact = {f.id: f for f in scenario.facts}
    assert answers(goal["keep-bills"], fact["bills-going-out"])  # after_facts
    assert answers(goal["certified-copy"], fact["copies-only"])  # settles
    assert answers(goal["no-solicitor"], fact["fears-cost"])  # "solicitor" in its words
    assert not answers(goal["condolence"], fact["fears-cost"])
    assert not answers(goal["send-forms"], fact["bills-going-out"])


def _problem_after(tmp_path: Path, anchor: str, added: str) -> tuple[int, str]:
    """The one problem the template scenario has with `added` put after `anchor`, and the
    added line's number (counted from 1)."""
    root = workspace_with(tmp_path)
    path = root / "scenarios" / "broadband-down.yaml"
    text = path.read_text()
    path.write_text(text.replace(anchor, anchor + added))
    [problem] = problems_of(root)
    return text[: text.index(anchor)].count("\n") + 2, problem


def test_an_unknown_fact_in_settles_is_reported_at_its_line(tmp_path: Path) -> None:
    line, problem = _problem_after(
        tmp_path, "      keywords: [credit]\n", "    settles: [no-such-fact]\n"
    )
    assert problem.startswith(f"scenarios/broadband-down.yaml:{line}: goals[1].settles:")
    assert "settles unknown fact(s) no-such-fact" in problem


def test_every_bundled_settles_names_a_fact_whose_worry_the_goal_answers() -> None:
    for scenario_id in ("bereavement-account", "credit-card-dispute", "demands-supervisor"):
        scenario = cast_for(scenario_id).scenario
        ids = {f.id for f in scenario.facts}
        settles = [f for g in scenario.goals for f in g.settles]
        assert settles and set(settles) <= ids, scenario_id
        assert all(wordings(g.customer_reaction or []) for g in scenario.goals if g.settles)


async def test_a_line_that_only_asks_about_a_worry_or_blames_does_not_settle_it() -> None:
    """The same line may draw a fact out and meet the goal waiting for it only by dealing with
    it: asking whether the letter came, or blaming her for not reading it, settles nothing."""
    asked = await _call(
        "app-login-confused",
        "Hello Mr Penrose, it's Sam. Did a letter from us arrive in the post recently?",
    )
    assert "the-letter" in asked.state.revealed
    assert "activation-code" not in asked.state.goals_met
    blamed = await _call(
        "loyalty-card-blocked",
        "You should have updated your address, so that's your problem really.",
        difficulty="easy",
    )
    assert "moved-house" in blamed.state.revealed
    assert "update-address" not in blamed.state.goals_met


def test_an_unknown_fact_a_fact_waits_for_is_reported_at_its_line(tmp_path: Path) -> None:
    line, problem = _problem_after(
        tmp_path,
        "      asked_about: [light, lights, router]\n",
        "      after_facts: [no-such-fact]\n",
    )
    assert problem.startswith(f"scenarios/broadband-down.yaml:{line}: facts[0].reveal.after_facts:")
    assert "waits for unknown fact(s) no-such-fact" in problem
