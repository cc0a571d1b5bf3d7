"""A trainee's whole call driven through the real app on a test backend: home to summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button
from tui_helpers import AuthoredBackend, FrozenClock, Posted, reply_done, wait_for

from roleplay.llm.base import BackendError
from roleplay.state import last_trainee, remember_trainee
from roleplay.transcript import read_transcript
from roleplay.transcript.durations import spoken as in_words
from roleplay.tui.app import RoleplayApp, build_app
from roleplay.tui.keys import key_display
from roleplay.tui.messages import CallFinished, StartCall
from roleplay.tui.screens.call import CallScreen
from roleplay.tui.screens.confirm import ConfirmScreen
from roleplay.tui.screens.debrief import DebriefScreen
from roleplay.tui.screens.help import HelpScreen
from roleplay.tui.screens.home import HomeScreen
from roleplay.tui.screens.summary import SummaryScreen
from roleplay.tui.widgets.conversation import CustomerLine
from roleplay.tui.widgets.mood import MoodMeter
from roleplay.tui.widgets.status import CallStatus

LINES = [
    "Hello Dana, I'm so sorry, that sounds really frustrating.",
    "Can you tell me what the lights on the router are doing?",
    "I'll run a remote reset on the line for you now.",
]


def make_app(settings, workspace, clock, backend=None, **kwargs) -> RoleplayApp:
    chosen = backend or AuthoredBackend()
    return build_app(
        settings=settings(backend="scripted"),
        workspace=workspace,
        clock=clock,
        backend_factory=lambda progress: chosen,
        **kwargs,
    )


def call_screen(app: RoleplayApp) -> CallScreen:
    screen = app.screen
    assert isinstance(screen, CallScreen), f"expected the call screen, got {screen!r}"
    return screen


async def connected(pilot, app: RoleplayApp) -> CallScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, CallScreen), "the call screen")
    screen = call_screen(app)
    await wait_for(pilot, lambda: screen.session is not None, "the call to connect")
    await wait_for(pilot, lambda: len(screen.conversation.lines()) > 0, "the opening line")
    return screen


async def say(pilot, screen: CallScreen, text: str) -> None:
    """Type a line, send it, and wait for the customer to finish answering."""
    before = len([k for k, _ in screen.conversation.lines() if k == "customer"])
    screen.say.focus()
    await pilot.press(*text)
    await pilot.press("enter")
    await wait_for(
        pilot,
        lambda: (
            reply_done(screen)
            and len([k for k, _ in screen.conversation.lines() if k == "customer"]) > before
        ),
        "the customer's reply",
    )
    await pilot.pause()


async def test_full_call_from_home_to_summary(settings, workspace, clock: FrozenClock, env: Path):
    app = make_app(settings, workspace, clock)
    posted = Posted()
    async with app.run_test(size=(100, 32), message_hook=posted.append) as pilot:
        await pilot.press(*"Sam Trainee")
        await pilot.press("ctrl+s")
        started = await posted.first(pilot, StartCall, "the home screen to ask for a call")
        assert started.request.trainee == "Sam Trainee"
        screen = await connected(pilot, app)

        await say(pilot, screen, LINES[0])
        await say(pilot, screen, LINES[1])
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert screen.session is not None and screen.session.state.on_hold
        clock.advance(75)
        screen._tick()
        await pilot.pause()
        hold = app.screen.query_one("#call-hold")
        assert hold.has_class("-on") and "01:15" in str(hold.render())
        await pilot.press("ctrl+t")
        await pilot.pause()
        await say(pilot, screen, LINES[2])
        assert not screen.session.state.on_hold, "speaking takes the customer off hold"

        shown = screen.conversation.lines()
        meter = str(screen.query_one(MoodMeter).render())
        assert f"{screen.session.state.band.value} {screen.session.state.mood:.0f}" in meter
        assert str(screen.query_one("#call-timer").render()) == "Call 01:15"
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("y")
        finished = await posted.first(pilot, CallFinished, "the call to finish")
        assert finished.outcome.trainee == "Sam Trainee"
        assert finished.outcome.trainee_turns == len(LINES)
        assert finished.outcome.end_reason == "trainee_ended"
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        await wait_for(pilot, lambda: summary.debrief is not None, "the debrief")
        await pilot.pause()
        figures = str(summary.query_one("#summary-figures").render())
        scores = str(summary.query_one("#scores").render())
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen), "the debrief screen")
        debrief_text = app.screen.query_one("#debrief-text").source  # type: ignore[attr-defined]

    path = screen.session.path
    assert path is not None and path.is_file()
    transcript = read_transcript(path)
    spoken = [(t.speaker, t.text) for t in transcript.turns]
    on_screen = [(kind, text) for kind, text in shown if kind in ("customer", "trainee")]
    assert spoken == on_screen
    assert [t for k, t in spoken if k == "trainee"] == LINES
    assert len([k for k, _ in spoken if k == "customer"]) == 4
    kinds = [e.kind for e in transcript.events]
    assert kinds.count("hold") == 1 and kinds.count("resume") == 1 and kinds.count("hint") == 1
    resume = next(e for e in transcript.events if e.kind == "resume")
    assert resume.duration_s == 75
    coach = [text for kind, text in shown if kind == "coach"]
    hint = next(e for e in transcript.events if e.kind == "hint")
    assert coach == [hint.text]
    assert transcript.close is not None and transcript.close.end_reason == "trainee_ended"
    assert "Hints used   1" in figures and "Holds        1" in figures
    # Lengths that are read, not watched ticking, are said in words, as the debrief says them.
    assert "You took the customer off hold after 1 min 15 s." in [t for k, t in shown]
    assert f"Duration     {in_words(finished.outcome.duration_s)}\n" in figures
    assert "Debrief" in debrief_text and "Sam Trainee" in debrief_text
    assert "of 100" in scores and summary.debrief.criteria[0].name in scores
    assert not (env / "config.toml").exists()  # the shared settings file is left alone
    assert last_trainee() == "Sam Trainee"


async def test_remembered_name_is_filled_in_and_a_name_is_required(settings, workspace, clock):
    remember_trainee("Priya")
    app = make_app(settings, workspace, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        name = app.screen.query_one("#trainee")
        assert name.value == "Priya"  # type: ignore[attr-defined]
        name.value = ""  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, CallScreen)
        assert any("name" in n.message for n in app._notifications)


async def test_escape_cancels_the_reply_and_keeps_the_draft(settings, workspace, clock):
    backend = AuthoredBackend()
    app = make_app(settings, workspace, clock, backend, scenario_id="test-broadband-down")
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        backend.hold_after_first = True
        await pilot.press(*"Hello Dana")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: any(line.text for line in screen.query(CustomerLine) if line.streaming),
            "the customer to start speaking",
        )
        await pilot.press(*"my half-typed draft")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.say.value == "my half-typed draft", "Enter waits for the customer"
        assert [k for k, _ in screen.conversation.lines()].count("trainee") == 1
        assert any("still speaking" in n.message for n in app._notifications)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not screen.streaming, "the reply to stop")
        await pilot.pause()
        assert screen.say.value == "my half-typed draft"
        assert not any(line.streaming for line in screen.query(CustomerLine))
        customers = [t for k, t in screen.conversation.lines() if k == "customer"]
        assert len(customers) == 1, "only the opening line remains"
        backend.hold_after_first = False
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: len([k for k, _ in screen.conversation.lines() if k == "customer"]) == 2,
            "a reply to the draft",
        )
    transcript = read_transcript(screen.session.path)
    assert [t.text for t in transcript.turns if t.speaker == "trainee"] == [
        "Hello Dana",
        "my half-typed draft",
    ]
    assert any("cancelled" in (e.text or "") for e in transcript.events)


async def test_backend_error_shows_inline_and_retry_recovers(settings, workspace, clock):
    backend = AuthoredBackend()
    app = make_app(settings, workspace, clock, backend, scenario_id="test-broadband-down")
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        await say(pilot, screen, "Hello Dana, I'm sorry to hear that.")
        backend.fail_next = BackendError("the model server did not answer", "is it running?")
        await pilot.press(*"Let me check the line")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: any(k == "error" for k, _ in screen.conversation.lines()),
            "the error message",
        )
        error = next(t for k, t in screen.conversation.lines() if k == "error")
        assert "did not answer. is it running? Your line is saved" in error
        assert f"press {key_display(app, 'call.retry')} to retry" in error
        await pilot.press(*"next thought")
        assert screen.say.value == "next thought"
        trainee = [t for k, t in screen.conversation.lines() if k == "trainee"]
        assert trainee == ["Hello Dana, I'm sorry to hear that.", "Let me check the line"]
        await pilot.press("ctrl+r")
        await wait_for(
            pilot,
            lambda: len([k for k, _ in screen.conversation.lines() if k == "customer"]) == 3,
            "the retried reply",
        )
        assert screen.say.value == "next thought"
        note = next(n for n in screen.query(".note.-error"))
        assert note.has_class("-resolved")
    transcript = read_transcript(screen.session.path)
    assert [t.speaker for t in transcript.turns] == [
        "customer",
        "trainee",
        "customer",
        "trainee",
        "customer",
    ]
    assert any(e.kind == "error" and "did not answer" in (e.text or "") for e in transcript.events)


async def test_quitting_mid_call_saves_it_as_abandoned(settings, workspace, clock):
    app = make_app(settings, workspace, clock, scenario_id="test-broadband-down")
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        await say(pilot, screen, "Hello Dana")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen), "Ctrl+Q in a call asks first"
        await pilot.press("y")
        await pilot.pause()
    transcript = read_transcript(screen.session.path)
    assert transcript.close is not None and transcript.close.end_reason == "abandoned"
    assert [t.speaker for t in transcript.turns] == ["customer", "trainee", "customer"]


async def test_ctrl_q_in_a_call_asks_and_no_keeps_the_call_going(settings, workspace, clock):
    app = make_app(settings, workspace, clock, scenario_id="test-broadband-down")
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen and app.is_running
        assert not screen.session.ended
        await say(pilot, screen, "Hello Dana")
        # Ctrl+Q twice is a yes: the call is kept as abandoned.
        await pilot.press("ctrl+q", "ctrl+q")
        await pilot.pause()
    transcript = read_transcript(screen.session.path)
    assert transcript.close is not None and transcript.close.end_reason == "abandoned"
    assert [t.speaker for t in transcript.turns] == ["customer", "trainee", "customer"]


async def test_remapped_keys_work_and_the_help_lists_them(settings, workspace, clock):
    chosen = AuthoredBackend()
    app = build_app(
        settings=settings(backend="scripted", keys={"call.hint": "f5", "call.hold": "f6"}),
        workspace=workspace,
        clock=clock,
        backend_factory=lambda progress: chosen,
        scenario_id="test-broadband-down",
    )
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        await pilot.press("f5")
        await pilot.pause()
        assert [k for k, _ in screen.conversation.lines()].count("coach") == 1
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert [k for k, _ in screen.conversation.lines()].count("coach") == 1
        await pilot.press("f6")
        await pilot.pause()
        assert screen.session is not None and screen.session.state.on_hold
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        shown = help_screen.keys_shown()
        assert shown["call.hint"] == "f5" and shown["call.hold"] == "f6"
        assert {"call.end", "call.interrupt", "call.retry", "app.help", "app.quit"} <= set(shown)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_exam_mode_hides_the_mood_and_gives_no_hints(settings, workspace, clock):
    app = make_app(settings, workspace, clock, scenario_id="test-broadband-down", exam=True)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        assert not screen.query_one("#mood").display
        assert not screen.query_one("#hint-button").display
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "coach" not in [k for k, _ in screen.conversation.lines()]
        assert "exam" in str(screen.query_one(CallStatus).query_one("#call-title").render())


async def test_small_terminal_hides_the_panel_until_asked(settings, workspace, clock):
    app = make_app(settings, workspace, clock, scenario_id="test-broadband-down")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await connected(pilot, app)
        side = screen.query_one("#side")
        assert not side.display or side.region.width == 0
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert side.region.width > 0
        await pilot.press(*"credit")
        await pilot.pause()
        from roleplay.tui.widgets.side_panel import KnowledgeBase

        assert screen.query_one(KnowledgeBase).visible_titles() == ["Credits"]
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert side.region.width == 0 or not side.display
        await pilot.click("#end-button")
        await pilot.pause()
        assert app.screen.query_one("#confirm-question")


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_briefing_key_opens_the_panel_on_the_briefing_after_a_search(
    settings, workspace, clock, size
):
    """A trainee searched, closed the panel with ^b Briefing, pressed it again and got the
    knowledge base back, not the briefing the key is named for."""
    from textual.widgets import TabbedContent

    app = make_app(settings, workspace, clock, scenario_id="test-broadband-down")
    async with app.run_test(size=size) as pilot:
        screen = await connected(pilot, app)
        side = screen.query_one("#side")
        await pilot.press("ctrl+f", *"credit", "escape", "ctrl+b")
        await pilot.pause()
        assert side.region.width == 0 or not side.display
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert side.display and side.region.width > 0
        assert side.query_one(TabbedContent).active == "tab-briefing"


async def test_a_backend_that_cannot_start_is_explained_and_can_be_retried(
    settings, workspace, clock
):
    from roleplay.errors import UserError

    attempts: list[int] = []

    def flaky(progress):
        attempts.append(1)
        progress("Preparing the embedded model (first run)…")
        if len(attempts) == 1:
            raise UserError("the model file is missing", hint="run `roleplay doctor`")
        return AuthoredBackend()

    app = build_app(
        settings=settings(backend="scripted"),
        workspace=workspace,
        clock=clock,
        backend_factory=flaky,
        scenario_id="test-broadband-down",
    )
    async with app.run_test(size=(100, 32)) as pilot:
        screen = call_screen(app)
        label = screen.query_one("#loading-text")
        await wait_for(pilot, lambda: "missing" in str(label.render()), "the failure message")
        assert "roleplay doctor" in str(label.render())
        assert f"{key_display(app, 'call.retry')} to try again" in str(label.render())
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: screen.session is not None, "the second attempt")
        await wait_for(pilot, lambda: bool(screen.conversation.lines()), "the opening line")
        assert not screen.query_one("#loading").display
    assert len(attempts) == 2


async def test_summary_offers_the_same_call_again_and_a_new_call(settings, workspace, clock, env):
    app = make_app(settings, workspace, clock, scenario_id="test-broadband-down", difficulty="hard")
    async with app.run_test(size=(100, 32)) as pilot:
        first = await connected(pilot, app)
        await say(pilot, first, "Hello Dana")
        await pilot.press("ctrl+g", "y")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        await pilot.press("a")
        second = await connected(pilot, app)
        assert second is not first
        assert second.session is not None
        assert (second.session.scenario.id, second.session.difficulty) == (
            "test-broadband-down",
            "hard",
        )
        await pilot.press("ctrl+g", "y")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        await pilot.click("#new-call")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
    assert first.session is not None and first.session.path != second.session.path
    for call in (first, second):
        closed = read_transcript(call.session.path).close
        assert closed is not None and closed.end_reason == "trainee_ended"


async def test_home_explains_broken_scenario_files(settings, workspace, clock, env):
    (env / "ws" / "scenarios" / "broken.yaml").write_text("id: broken\ntitle: [\n", "utf-8")
    app = make_app(settings, workspace, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        banner = str(app.screen.query_one("#home-problems").render())
        assert "1 problem in the scenario files" in banner
        assert "roleplay scenarios validate" in banner
        # The good scenario is still there to practise on while the trainer fixes the other.
        await pilot.press(*"Sam")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)


async def test_home_with_only_broken_files_says_none_can_be_played(settings, workspace, clock, env):
    for path in (env / "ws" / "scenarios").iterdir():
        path.unlink()
    (env / "ws" / "scenarios" / "broken.yaml").write_text("id: broken\ntitle: [\n", "utf-8")
    app = make_app(settings, workspace, clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert "No scenario can be played" in app.screen.query_one("#scenario-info").source
        await pilot.press(*"Sam")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("Pick a scenario" in n.message for n in app._notifications)


class JudgingBackend(AuthoredBackend):
    """The authored customer, and a judge that quotes the agent's first line for every grade."""

    can_choose = False

    def __init__(self) -> None:
        super().__init__()
        self.judged = 0

    async def complete_json(self, system, user, schema):  # type: ignore[no-untyped-def]
        import re

        self.judged += 1
        turn_id, text = re.search(r"^\[(\d+)\] Agent: (.+)$", user, re.MULTILINE).groups()
        grade = {
            "score": 4,
            "rationale": "Named the feeling early.",
            "evidence": [{"turn_id": int(turn_id), "quote": text}],
            "improvement": "Say what happens next.",
        }
        criteria = schema.model_fields["criteria"].annotation.model_fields
        answer = {"criteria": {f.alias: grade for f in criteria.values()}}
        rewrites = schema.model_fields.get("rewrites")
        if rewrites is not None:
            answer["rewrites"] = {n: "A better line." for n in rewrites.annotation.model_fields}
        return schema.model_validate(answer).model_dump(mode="json", by_alias=True)


async def test_summary_is_graded_by_the_model_judge_when_configured(settings, workspace, clock):
    judge = JudgingBackend()
    app = build_app(
        settings=settings(backend="openai", judge="model"),
        workspace=workspace,
        clock=clock,
        backend_factory=lambda progress: judge,
    )
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press(*"Sam")
        await pilot.press("ctrl+s")
        screen = await connected(pilot, app)
        await say(pilot, screen, LINES[0])
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary")
        summary = app.screen
        await wait_for(pilot, lambda: summary.debrief is not None, "the debrief")
    assert judge.judged >= 1
    assert summary.debrief.grader == "model"
    graded = [c for c in summary.debrief.criteria if c.score is not None]
    assert graded and all(c.evidence for c in graded), "every model grade keeps its checked quote"


async def test_at_80x24_the_hold_hint_and_end_buttons_are_all_on_screen(settings, workspace, clock):
    app = make_app(settings, workspace, clock, scenario_id="test-broadband-down")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await connected(pilot, app)
        await pilot.pause()
        assert screen.has_class("-narrow")
        say = screen.say.region
        assert say.width >= 30, "room is left to type"
        for button_id, label in (
            ("#hold-button", "Hold"),
            ("#hint-button", "Hint"),
            ("#end-button", "End call"),
        ):
            button = screen.query_one(button_id, Button)
            region = button.region
            assert button.display and region.width > 0, f"{label} is hidden at 80×24"
            assert region.right <= 80 and region.bottom <= 24, f"{label} is off screen"
            assert str(button.label) == label


async def test_a_call_named_on_the_command_line_asks_for_a_name_when_none_is_known(
    settings, workspace, clock
):
    """`roleplay call ID` by someone the app has never seen opens on the name box, that scenario
    chosen; once named, Enter starts it. A transcript is never filed under "trainee"."""
    app = make_app(settings, workspace, clock, scenario_id="test-broadband-down", ask_name=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        name = app.screen.query_one("#trainee")
        assert app.focused is name
        assert any("Type your name" in n.message for n in app._notifications)
        await pilot.press(*"Priya", "enter", "enter")
        screen = await connected(pilot, app)
        assert screen.cast.scenario.id == "test-broadband-down"
        await say(pilot, screen, LINES[0])
    assert read_transcript(screen.session.path).header.trainee == "Priya"


async def test_with_a_name_kept_a_named_call_starts_straight_away(settings, workspace, clock):
    remember_trainee("Priya")
    app = make_app(settings, workspace, clock, scenario_id="test-broadband-down", ask_name=True)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await connected(pilot, app)
        assert screen.session is not None and screen.session.trainee == "Priya"
