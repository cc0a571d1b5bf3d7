"""Regenerate the debrief test transcripts: a well-handled and a badly handled call per scenario.

Each call is driven through the real `CallSession` with the scripted backend (the customer
speaks the scenario's authored lines, chosen by the director) and the trainee lines below. A
fake clock gives realistic response times and hold lengths; timestamps and call ids are then
rewritten from that clock, so regenerating gives byte-identical files unless the simulator,
the scenarios or these lines change.

    python tests/data/transcripts/make_transcripts.py        # from the repository root
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from roleplay.llm.scripted_backend import ScriptedBackend  # noqa: E402
from roleplay.scenarios.loader import load_library  # noqa: E402
from roleplay.scenarios.models import Cast  # noqa: E402
from roleplay.sim.session import CallSession  # noqa: E402
from roleplay.workspace import bundled_library_dir  # noqa: E402

START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FIXTURE = "test-broadband-down"


@dataclass(frozen=True)
class Hold:
    """A hold in a script: the customer waits this many seconds."""

    seconds: float


@dataclass(frozen=True)
class Think:
    """How long the trainee takes before the next line (default 6 s)."""

    seconds: float


Step = str | Hold | Think

# ---------------------------------------------------------------- the calls, in trainee lines

SCRIPTS: dict[str, dict[str, list[Step]]] = {
    FIXTURE: {
        "good": [
            "Hello, you're through to Northwind Broadband, my name is Sam. Am I speaking to "
            "Dana Whitfield?",
            "I'm so sorry, Dana. Three days without broadband, that sounds really frustrating, "
            "especially working night shifts.",
            "Could you tell me what the lights on your router are doing right now?",
            "Thank you, that helps a lot. May I put you on hold for two minutes while I check "
            "the line from our side?",
            Hold(70),
            "Thank you for holding, Dana. I can see the fault on the line, and I'll reset the "
            "line remotely now; it takes about 10 minutes, and you'll get a text when it's done.",
            "Because it's been down for three days, I'll also add a one-month credit to your "
            "account for the trouble.",
            "And I'll make sure it's working: I'll ring you back at 6pm, before your night "
            "shift, so your daughter's homework isn't held up again.",
            "Is there anything else I can help with today? Thank you for your patience, Dana.",
        ],
        "bad": [
            Think(25),
            "Umm, what's your account number?",
            "Look, calm down. That's just how it works with broadband.",
            Hold(140),
            "Umm, I think maybe the OLT shows a LOS alarm, so it's kind of an engineering thing.",
            "What's your account number?",
            "It's not my department, the other team should have sorted it on Tuesday.",
        ],
        "hostile": [
            "Hello, my name is <script>document.title='pwned'</script> Sam.",
            "I understand how frustrating this is. <img src=x onerror=\"document.title='pwned'\">",
            "See [your account](javascript:alert(1)) or https://evil.example/phish and "
            "**bold** `code` # heading",
            "Is there anything else I can help with? Goodbye.",
        ],
    },
}

# ---------------------------------------------------------------- driving the session


class FakeClock:
    """A clock the script moves forward: thinking time before lines, waiting time on hold."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _cast(scenario_id: str) -> Cast:
    if scenario_id == FIXTURE:
        from sim_cast import make_cast

        return make_cast()
    library = bundled_library_dir()
    return load_library(library / "scenarios", library / "personas").cast(scenario_id)


async def _drive(cast: Cast, steps: list[Step], folder: Path) -> Path:
    clock = FakeClock()
    session = CallSession(
        cast, ScriptedBackend(), transcripts=folder, trainee="Sam Trainee", clock=clock
    )
    await session.start()
    think = 6.0
    for step in steps:
        if session.ended:
            break
        if isinstance(step, Think):
            think = step.seconds
            continue
        if isinstance(step, Hold):
            session.hold()
            clock.now += step.seconds
            continue
        clock.now += think
        think = 6.0
        async for _ in session.reply_to(step):
            pass
        clock.now += 0.4 * len(session.turns[-1].text.split())  # the customer speaking
    if not session.ended:
        session.end_call()
    assert session.path is not None
    return session.path


def _stamp(seconds: float) -> str:
    return (START + timedelta(seconds=round(seconds, 2))).isoformat(timespec="milliseconds")


def _rewrite(raw: Path, call_id: str) -> str:
    """The transcript with a fixed call id and timestamps laid out from the fake clock."""
    lines: list[str] = []
    now = 0.0
    for line in raw.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        kind = record.get("type")
        if kind == "header":
            record["call_id"] = call_id
            record["started_at"] = _stamp(0)
        elif kind == "turn":
            if record["speaker"] == "trainee":
                now += record.get("response_s") or 0.0
                record["started_at"] = _stamp(now)
                record["ended_at"] = _stamp(now + 0.2)
            else:
                record["started_at"] = _stamp(now + 0.2)
                now += 0.2 + 0.4 * len(record["text"].split())
                record["ended_at"] = _stamp(now)
        elif kind == "event":
            if record.get("kind") == "resume":
                now += record.get("duration_s") or 0.0
            record["at"] = _stamp(now)
        elif kind == "close":
            record["ended_at"] = _stamp(now)
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def generate(scenario_id: str, name: str, steps: list[Step], out_dir: Path) -> Path:
    """Drive one scripted call and write it as `<out_dir>/<scenario>/<name>.jsonl`."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = asyncio.run(_drive(_cast(scenario_id), steps, Path(tmp)))
        text = _rewrite(raw, f"{scenario_id}-{name}")
    target = out_dir / scenario_id / f"{name}.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def main() -> None:
    """Write every scripted call, skipping scenarios the bundled library does not have yet."""
    library = bundled_library_dir()
    known = {p.stem for p in (library / "scenarios").glob("*.yaml")} | {FIXTURE}
    for scenario_id, calls in SCRIPTS.items():
        if scenario_id not in known:
            print(f"skipped {scenario_id}: not in the bundled library")
            continue
        for name, steps in calls.items():
            print(generate(scenario_id, name, steps, HERE).relative_to(ROOT))


if __name__ == "__main__":
    main()
