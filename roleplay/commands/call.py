"""`roleplay call` and the bare `roleplay`: take a call in the app, or plainly on stdin/stdout.

The plain mode is for scripts and screen readers: one trainee line per input line, the customer's
lines printed as plain text, and the same transcript on disk as the app writes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from roleplay.choices import BackendName, Difficulty

if TYPE_CHECKING:
    from roleplay.config import Settings
    from roleplay.scenarios.models import Cast, Scenario
    from roleplay.sim.session import CallSession

PLAIN_HELP = (
    "Commands: /brief, /kb WORDS, /hold, /resume, /hint, /retry, /end. "
    "Anything else is said to the customer."
)

THINKING_CUE_S = 1.0
"""How long the customer may be silent before the plain call says they are thinking."""

YES = {"y", "yes"}


def open_home() -> None:
    """Open the app on its home screen (what `roleplay` with no command does)."""
    from roleplay.config import load_settings
    from roleplay.tui.app import run_app
    from roleplay.workspace import find_workspace

    run_app(settings=load_settings(), workspace=find_workspace())


def register(app: typer.Typer) -> None:
    """Add the `call` command."""

    @app.command("call")
    def call(
        scenario: Annotated[
            str, typer.Argument(help="Scenario id (see `roleplay scenarios list`).")
        ],
        plain: Annotated[
            bool, typer.Option("--plain", help="No app: read your lines from stdin, print replies.")
        ] = False,
        backend: Annotated[
            BackendName | None,
            typer.Option(case_sensitive=False, help="Where the customer's lines come from."),
        ] = None,
        difficulty: Annotated[
            Difficulty | None,
            typer.Option(case_sensitive=False, help="Default: from settings, then the scenario."),
        ] = None,
        trainee: Annotated[
            str | None, typer.Option(help="Your name, stored with the call.")
        ] = None,
        exam: Annotated[
            bool,
            typer.Option("--exam", help="Exam mode: scripted customer, no hints, no mood meter."),
        ] = False,
    ) -> None:
        """Take a practice call."""
        import asyncio

        from roleplay.config import load_settings
        from roleplay.workspace import find_workspace

        settings = load_settings()
        workspace = find_workspace()
        if exam:
            backend = BackendName.SCRIPTED
        if not plain:
            from roleplay.tui.app import run_app

            run_app(
                settings=settings,
                workspace=workspace,
                scenario_id=scenario,
                difficulty=difficulty,
                trainee=trainee,
                backend=backend,
                exam=exam,
            )
            return
        cast = workspace.cast(scenario)
        level = difficulty or settings.difficulty or cast.scenario.default_difficulty.value
        given = trainee or (None if settings.trainee else _ask_name())
        who = given or settings.trainee or "trainee"
        if given:
            _remember(given)
        code = asyncio.run(
            plain_call(
                cast,
                backend_name=backend,
                settings=settings,
                difficulty=level,
                trainee=who,
                transcripts=workspace.transcripts_dir,
                exam=exam,
            )
        )
        if code:
            raise typer.Exit(code)


def _ask_name() -> str | None:
    """At a terminal, the name the call will carry, when none was given or kept before (a
    script piping lines in is not asked: its first line is meant for the customer)."""
    if not sys.stdin.isatty():
        return None
    try:
        return input("Your name (it goes on the transcript): ").strip() or None
    except EOFError:
        return None


def _remember(name: str) -> None:
    """Keep a name given with --trainee as this user's last, as the app keeps the name typed."""
    from roleplay.state import remember_trainee

    try:
        remember_trainee(name)
    except OSError as exc:
        print(f"warning: your name was not remembered: {exc}", file=sys.stderr)


def _say(out: TextIO, text: str) -> None:
    out.write(text + "\n")
    out.flush()


async def _reply(session: CallSession, out: TextIO, err: TextIO, line: str | None) -> bool:
    """Get the customer's reply to `line` (or retry the owed one); False on a backend failure."""
    import asyncio

    from roleplay.llm.base import BackendError
    from roleplay.sim.events import Said

    name = session.persona.name
    # One line, once, if the customer is slow to start: a screen reader hears why it is quiet.
    cue = asyncio.get_running_loop().call_later(THINKING_CUE_S, _say, out, f"({name} is thinking…)")
    try:
        stream = session.reply_to(line) if line is not None else session.retry_reply()
        async for event in stream:
            cue.cancel()
            if isinstance(event, Said):
                _say(out, f"{name}: {event.turn.text}")
                if event.notice:
                    _say(err, f"roleplay: {event.notice}")
    except BackendError as exc:
        session.note_error(str(exc))
        _say(err, f"roleplay: {exc}")
        _say(err, "Your line is saved. Type /retry to ask the customer again, or /end to stop.")
        return False
    finally:
        cue.cancel()
    return True


def _knowledge_base(scenario: Scenario, words: str) -> list[str]:
    """The `/kb WORDS` answer: each matching article as a title line and a body line."""
    from roleplay.scenarios.reading import search_articles

    found = search_articles(scenario.knowledge_base, words)
    if not found:
        if not scenario.knowledge_base:
            return ["(This scenario has no knowledge base.)"]
        # A listener cannot glance at the panel: say which articles there are to search.
        titles = "; ".join(article.title for article in scenario.knowledge_base)
        return [f"(No article mentions “{words}”. The articles: {titles}. /kb alone reads all.)"]
    count = f"{len(found)} article{'s' if len(found) != 1 else ''}"
    head = f"Knowledge base, {count} for “{words}”:" if words else f"Knowledge base, {count}:"
    lines = [head]
    for article in found:
        lines += [f"{article.title}.", article.body]
    return lines


async def plain_call(
    cast: Cast,
    *,
    backend_name: str | None,
    settings: Settings,
    difficulty: str,
    trainee: str,
    transcripts: Path | None,
    exam: bool = False,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    clock: Callable[[], float] | None = None,
) -> int:
    """Run one call over text streams; returns the exit status (0 when the call ended normally).

    `clock` replaces the call's clock (tests move it by hand).
    """
    import asyncio
    import time

    from roleplay.llm.factory import make_backend
    from roleplay.scenarios.reading import briefing_lines
    from roleplay.sim.session import CallSession
    from roleplay.transcript.durations import spoken
    from roleplay.transcript.endings import EndReason, end_sentence

    stdin = stdin or sys.stdin
    out = out or sys.stdout
    err = err or sys.stderr

    def progress(message: str) -> None:
        _say(err, message)

    backend = make_backend(settings, backend_name, progress=progress)
    session = CallSession(
        cast,
        backend,
        difficulty=difficulty,
        trainee=trainee,
        transcripts=transcripts,
        exam=exam,
        clock=clock or time.monotonic,
    )
    scenario = session.scenario
    _say(out, f"Call: {scenario.title} ({difficulty}). The customer is {session.persona.name}.")
    _say(out, f"Briefing: {scenario.briefing.summary}")
    _say(out, PLAIN_HELP)
    for turn in await session.start():
        _say(out, f"{session.persona.name}: {turn.text}")
    prepare = getattr(backend, "prepare", None)
    if prepare is not None and session.voice == "choose":
        # The first replies are often authored; load the model while the trainee reads and
        # types, so the first reply it chooses does not wait for it (a failure shows then).
        loading = asyncio.ensure_future(prepare())
        loading.add_done_callback(lambda task: task.cancelled() or task.exception())
    try:
        while not session.ended:
            raw = await asyncio.to_thread(stdin.readline)
            if raw == "":
                session.end_call(EndReason.TRAINEE_ENDED)
                break
            line = raw.strip()
            if not line:
                continue
            command = line.lower()
            if command == "/end":
                _say(out, "End the call now? Type y to hang up, or anything else to go on.")
                answer = await asyncio.to_thread(stdin.readline)
                if answer == "" or answer.strip().lower() in YES:
                    session.end_call(EndReason.TRAINEE_ENDED)
                else:
                    _say(out, "(The call goes on.)")
            elif command == "/brief":
                for text in briefing_lines(scenario):
                    _say(out, text)
            elif command == "/kb" or command.startswith("/kb "):
                for text in _knowledge_base(scenario, line[3:].strip()):
                    _say(out, text)
            elif command == "/hold":
                if session.state.on_hold:
                    _say(out, "(The customer is already on hold.)")
                    continue
                event = session.hold()
                note = "" if event.asked_permission else " You did not ask first."
                _say(out, f"(On hold.{note} Type /resume to come back.)")
            elif command == "/resume":
                if not session.state.on_hold:
                    _say(out, "(The customer is not on hold.)")
                    continue
                back = session.come_back()
                _say(out, f"(Back from hold after {spoken(back.event.duration_s or 0.0)}.)")
                if back.reaction is not None:
                    _say(out, f"{session.persona.name}: {back.reaction.text}")
            elif command == "/hint":
                if session.hints_allowed:
                    _say(out, f"Hint: {session.hint()}")
                else:
                    _say(out, "(Hints are off in exam mode.)")
            elif command == "/retry":
                if session.awaiting_reply:
                    await _reply(session, out, err, None)
                else:
                    _say(out, "(Nothing to retry.)")
            elif command.startswith("/"):
                _say(out, f"(Unknown command {line}. {PLAIN_HELP})")
            elif session.awaiting_reply:
                _say(out, "(The customer has not answered yet: type /retry or /end.)")
            else:
                await _reply(session, out, err, line)
    except (KeyboardInterrupt, asyncio.CancelledError):
        session.end_call(EndReason.ABANDONED)
        raise
    finally:
        await session.aclose()
    _say(out, f"Call ended: {end_sentence(session.state.end_reason or EndReason.ABANDONED)}")
    if not exam:
        _say(
            out,
            f"Mood: {session.state.mood_start:.0f} at the start, "
            f"{session.state.mood:.0f} at the end.",
        )
    if session.path is not None:
        _say(out, f"Transcript: {session.path}")
        _say(out, f"Debrief: roleplay debrief {session.path}")
    return 0
