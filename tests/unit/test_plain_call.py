"""`roleplay call SCENARIO --plain`: a call over stdin/stdout, and what survives a kill -9."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_helpers import fixture_workspace
from support.sim_cast import PERSONA, SCENARIO

from roleplay.cli import main
from roleplay.transcript import EndReason, Transcript, end_sentence, read_transcript

SCENARIO_ID = SCENARIO["id"]
NAME = PERSONA["name"]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace holding the fixture scenario; transcripts and settings kept in tmp_path."""
    return fixture_workspace(tmp_path, monkeypatch)


def transcript_of(workspace: Path) -> Transcript:
    return read_transcript(only_transcript(workspace / "transcripts"))


def only_transcript(folder: Path) -> Path:
    found = sorted(folder.glob("*/*.jsonl"))
    assert len(found) == 1, found
    return found[0]


def run_plain(capsys, lines: list[str], *extra: str) -> tuple[int, str, str]:
    sys.stdin = io.StringIO("".join(line + "\n" for line in lines))
    try:
        code = main(["call", SCENARIO_ID, "--plain", "--backend", "scripted", *extra])
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


def test_a_plain_call_end_to_end_on_the_scripted_backend(workspace, capsys):
    said = [
        "I'm so sorry, Dana, that sounds really frustrating.",
        "Is it alright if I put you on hold for a moment?",
        "Thanks for waiting. What do the lights on the router show?",
    ]
    code, out, err = run_plain(capsys, [said[0], said[1], "/hold", "/resume", said[2], "/end", "y"])
    assert code == 0, err
    assert "\x1b" not in out, "plain output must carry no terminal escapes"
    assert f"{NAME}: {SCENARIO['opening'][0]}" in out
    assert "(On hold. Type /resume to come back.)" in out
    assert "(Back from hold after" in out
    # The router question earns the hidden fact, said by the customer as authored.
    assert f"{NAME}: {SCENARIO['facts'][0]['says']}" in out
    assert "Call ended: You ended the call." in out

    transcript = read_transcript(only_transcript(workspace / "transcripts"))
    assert transcript.problems == []
    assert [t.text for t in transcript.trainee_turns()] == said
    speakers = [t.speaker for t in transcript.turns]
    assert speakers == ["customer"] + ["trainee", "customer"] * 3
    assert [e.kind for e in transcript.events] == ["hold", "resume"]
    assert transcript.events[0].asked_permission is True
    assert transcript.end_reason == "trainee_ended"
    customer_lines = [line for line in out.splitlines() if line.startswith(f"{NAME}: ")]
    assert [line.removeprefix(f"{NAME}: ") for line in customer_lines] == [
        t.text for t in transcript.turns if t.speaker == "customer"
    ]


def test_a_resolved_call_ends_in_the_words_the_app_uses(workspace, capsys):
    said = [
        "I'll reset your line now.",
        "I've added a month's credit.",
        "Anything else I can help with?",
    ]
    code, out, err = run_plain(capsys, said)
    assert code == 0, err
    assert transcript_of(workspace).end_reason == EndReason.RESOLVED
    assert f"Call ended: {end_sentence(EndReason.RESOLVED)}" in out


def test_an_unknown_difficulty_is_one_clear_error(workspace, capsys):
    code = main(["call", SCENARIO_ID, "--plain", "--backend", "scripted", "--difficulty", "mad"])
    _, err = capsys.readouterr()
    assert code == 2
    assert "'mad' is not one of 'easy', 'medium', 'hard'" in err.splitlines()[0]
    assert "Traceback" not in err


def test_a_hold_without_asking_is_pointed_out(workspace, capsys):
    code, out, _ = run_plain(capsys, ["/hold", "/resume", "/end", "y"])
    assert code == 0
    assert "(On hold. You did not ask first." in out


def test_an_unknown_scenario_is_one_clear_error(workspace, capsys):
    sys.stdin = io.StringIO("")
    code = main(["call", "no-such-call", "--plain", "--backend", "scripted"])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.splitlines()[0] == "roleplay: no scenario called 'no-such-call'"
    assert SCENARIO_ID in err
    assert "Traceback" not in err
    assert not (workspace / "transcripts").exists()


def test_an_unknown_backend_is_one_clear_error(workspace, capsys):
    code = main(["call", SCENARIO_ID, "--plain", "--backend", "gpt-9"])
    _, err = capsys.readouterr()
    assert code == 2
    assert "'gpt-9' is not one of 'local', 'openai', 'scripted'" in err.splitlines()[0]
    assert "Traceback" not in err


def _turns_on_disk(folder: Path) -> Transcript | None:
    found = sorted(folder.glob("*/*.jsonl"))
    return read_transcript(found[0]) if found else None


def test_kill_9_mid_call_leaves_every_completed_turn_readable(workspace):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "roleplay", "call", SCENARIO_ID, "--plain", "--backend", "scripted"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    lines = [
        "I'm sorry, that sounds awful.",
        "What do the lights on the router show?",
        "I will reset the line for you now.",
    ]
    folder = workspace / "transcripts"
    try:
        for count, line in enumerate(lines, start=1):
            process.stdin.write((line + "\n").encode())
            process.stdin.flush()
            deadline = time.monotonic() + 30
            while True:
                transcript = _turns_on_disk(folder)
                if transcript and len(transcript.turns) >= 1 + 2 * count:
                    break
                if process.poll() is not None:
                    pytest.fail(f"the call exited early: {process.stderr.read().decode()}")
                if time.monotonic() > deadline:
                    pytest.fail(f"turn {count} never reached the transcript")
                time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        process.stdin.close()
        process.stderr.close()

    assert process.returncode == -signal.SIGKILL
    transcript = _turns_on_disk(folder)
    assert transcript is not None
    assert transcript.problems == []
    assert transcript.close is None
    assert transcript.end_reason == "abandoned"
    assert [t.text for t in transcript.trainee_turns()] == lines
    assert [t.speaker for t in transcript.turns] == ["customer"] + ["trainee", "customer"] * 3
    assert all(t.text.strip() for t in transcript.turns)


def test_a_broken_file_elsewhere_does_not_stop_a_good_scenario(workspace, capsys):
    """A trainer's half-edited scenario must not keep trainees from the ones that work."""
    broken = workspace / "workspace" / "scenarios" / "half-written.yaml"
    broken.write_text("id: half-written\ntitle: [\n", encoding="utf-8")
    code, out, _ = run_plain(capsys, ["Hello Dana, I'm sorry it's been so long.", "/end", "y"])
    assert code == 0
    assert f"{NAME}:" in out
    # Asking for the broken one names its problem, with file and line.
    sys.stdin = io.StringIO("/end\n")
    try:
        code = main(["call", "half-written", "--plain", "--backend", "scripted"])
    finally:
        sys.stdin = sys.__stdin__
    _, err = capsys.readouterr()
    assert code == 2
    assert "scenarios/half-written.yaml:3: YAML syntax" in err


def test_a_broken_file_elsewhere_does_not_stop_reports_grading_a_call(workspace, capsys):
    """A call of a good scenario is graded for the team report even while another file is broken."""
    run_plain(capsys, ["Hello Dana, I'm sorry it's been so long.", "/end", "y"])
    broken = workspace / "workspace" / "scenarios" / "half-written.yaml"
    broken.write_text("id: half-written\ntitle: [\n", encoding="utf-8")
    assert main(["report", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["team"]["calls"] == 1
    assert report["team"]["graded"] == 1


# ---------------------------------------------------------------- as a screen-reader user hears it


def plain_lines(out: str) -> list[str]:
    """The output as a screen reader reads it: line by line, and nothing drawn."""
    assert "\x1b" not in out, "plain output must carry no terminal escapes"
    assert "\r" not in out, "plain output must never redraw a line"
    assert not any(ch in out for ch in "│┃─━┌┐└┘|"), "plain output draws no tables or boxes"
    return out.splitlines()


def after(lines: list[str], marker: str) -> list[str]:
    """The lines printed after the first line that is exactly `marker`."""
    return lines[lines.index(marker) + 1 :]


def test_brief_reads_the_briefing_and_account_line_by_line(workspace, capsys):
    code, out, _ = run_plain(capsys, ["/brief", "/end", "y"])
    assert code == 0
    lines = plain_lines(out)
    assert "/brief" in lines[2], "the help line names /brief"
    opening = f"{NAME}: {SCENARIO['opening'][0]}"
    told = after(lines, opening)
    assert told[0] == f"Briefing: {SCENARIO['briefing']['summary']}"
    assert sorted(told[1:3]) == ["Fault flag: Mon 06:12", "Plan: Fibre 150"]


def test_kb_searches_the_knowledge_base_the_call_screen_searches(workspace, capsys):
    code, out, _ = run_plain(capsys, ["/kb credit", "/kb creditx", "/kb", "/end", "y"])
    assert code == 0
    lines = after(plain_lines(out), f"{NAME}: {SCENARIO['opening'][0]}")
    credits = SCENARIO["knowledge_base"][1]
    reset = SCENARIO["knowledge_base"][0]
    assert lines[:3] == [
        "Knowledge base, 1 article for “credit”:",
        f"{credits['title']}.",
        credits["body"],
    ]
    # A listener hears which articles there are, rather than a dead end.
    assert lines[3] == (
        f"(No article mentions “creditx”. The articles: {reset['title']}; {credits['title']}. "
        "/kb alone reads all.)"
    )
    assert lines[4:9] == [
        "Knowledge base, 2 articles:",
        f"{reset['title']}.",
        reset["body"],
        f"{credits['title']}.",
        credits["body"],
    ]
    # Nothing of the searches was said to the customer.
    transcript = read_transcript(only_transcript(workspace / "transcripts"))
    assert transcript.trainee_turns() == []


def test_end_asks_first_and_anything_but_yes_goes_on(workspace, capsys):
    line = "Hello Dana, I'm sorry it's been so long."
    code, out, _ = run_plain(capsys, ["/end", "no", line, "/end", "y"])
    assert code == 0
    lines = plain_lines(out)
    question = "End the call now? Type y to hang up, or anything else to go on."
    assert lines.count(question) == 2
    assert after(lines, question)[0] == "(The call goes on.)"
    ending = lines.index("Call ended: You ended the call.")
    assert lines[ending - 1] == question
    transcript = read_transcript(only_transcript(workspace / "transcripts"))
    assert [t.text for t in transcript.trainee_turns()] == [line]
    assert transcript.end_reason == "trainee_ended"


class SlowToStart:
    """The scripted customer, silent for a while before the first word (a busy model)."""

    def __init__(self, delay: float) -> None:
        from roleplay.llm.scripted_backend import ScriptedBackend

        self.inner = ScriptedBackend()
        self.delay = delay

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    async def stream(self, prompt):  # type: ignore[no-untyped-def]
        import asyncio

        await asyncio.sleep(self.delay)
        async for chunk in self.inner.stream(prompt):
            yield chunk


def test_a_slow_customer_gets_one_thinking_line_before_the_reply(workspace, capsys, monkeypatch):
    import roleplay.commands.call as call_module
    import roleplay.llm.factory as factory

    monkeypatch.setattr(call_module, "THINKING_CUE_S", 0.05)
    monkeypatch.setattr(factory, "make_backend", lambda *a, **k: SlowToStart(0.5))
    line = "Hello Dana, I'm sorry it's been so long."
    code, out, _ = run_plain(capsys, [line, "/end", "y"])
    assert code == 0
    lines = after(plain_lines(out), f"{NAME}: {SCENARIO['opening'][0]}")
    assert lines[0] == f"({NAME} is thinking…)"
    assert lines[1].startswith(f"{NAME}: ")
    assert lines.count(f"({NAME} is thinking…)") == 1


def test_plain_mode_says_a_holds_length_in_the_apps_words(tmp_path, monkeypatch):
    # It said "75 s" where the app said "01:15" for the same hold; both now say it in words,
    # as a screen reader reads it.
    import asyncio

    from roleplay.commands.call import plain_call
    from roleplay.config import load_settings
    from roleplay.workspace import find_workspace

    fixture_workspace(tmp_path, monkeypatch)
    now = [1000.0]

    class Typed(io.StringIO):
        def readline(self, size: int = -1) -> str:
            line = super().readline(size)
            if line.startswith("/resume"):
                now[0] += 75.4  # the trainee kept the customer waiting
            return line

    out = io.StringIO()
    code = asyncio.run(
        plain_call(
            find_workspace().cast(SCENARIO_ID),
            backend_name="scripted",
            settings=load_settings(),
            difficulty="medium",
            trainee="t",
            transcripts=tmp_path / "calls",
            stdin=Typed("May I put you on hold?\n/hold\n/resume\n/end\ny\n"),
            out=out,
            err=io.StringIO(),
            clock=lambda: now[0],
        )
    )
    assert code == 0
    assert "(Back from hold after 1 min 15 s.)" in out.getvalue().splitlines()


def test_a_name_given_with_trainee_is_remembered_for_this_user(workspace, capsys):
    """The README says the name typed for a call is remembered; `--trainee` is how a plain
    call types it, so the next call without it is saved under the same name."""
    from roleplay.state import last_trainee

    code, _, err = run_plain(capsys, ["/end", "y"], "--trainee", "Jo Bloggs")
    assert code == 0, err
    assert last_trainee() == "Jo Bloggs"
    code, _, err = run_plain(capsys, ["/end", "y"])
    assert code == 0, err
    names = sorted(p.name for p in (workspace / "transcripts").glob("*/*.jsonl"))
    assert len(names) == 2 and all("-jo-bloggs" in n for n in names), names


class _Terminal(io.StringIO):
    """Lines typed at a terminal (the call asks for a name only there)."""

    def isatty(self) -> bool:
        return True


def test_at_a_terminal_with_no_name_kept_the_call_asks_for_one_first(workspace, capsys):
    sys.stdin = _Terminal("Priya\nHello Dana.\n/end\ny\n")
    try:
        code = main(["call", SCENARIO_ID, "--plain", "--backend", "scripted"])
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("Your name (it goes on the transcript): ")
    transcript = transcript_of(workspace)
    assert transcript.header.trainee == "Priya"
    assert [t.text for t in transcript.trainee_turns()] == ["Hello Dana."]


def test_lines_piped_in_are_never_taken_for_a_name(workspace, capsys):
    code, _, err = run_plain(capsys, ["Hello Dana.", "/end", "y"])
    assert code == 0, err
    transcript = transcript_of(workspace)
    assert transcript.header.trainee == "trainee"
    assert [t.text for t in transcript.trainee_turns()] == ["Hello Dana."]
