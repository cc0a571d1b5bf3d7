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
sys.path.insert(0, str(ROOT / "tests"))

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
    "loyalty-card-blocked": {
        "good": [
            "Good morning, you're through to Lantern Books, my name is Sam. I'm so sorry your "
            "card was refused at the till, Mrs Aziz. That must have been really embarrassing.",
            "What were you hoping to buy with your points?",
            "A new Marcus Hale novel, after fifteen years as a loyal member. No wonder you're "
            "upset.",
            "I can see an automatic block on your account, and I'll remove the block for you "
            "now. Leave it with me.",
            "The block clears in about 30 minutes, and you'll get a text when your points are "
            "ready to use.",
            "Would you like me to reserve a copy of the new Marcus Hale at the Riverside shop, "
            "so it's waiting for you?",
            "Is there anything else I can help with today, Mrs Aziz? Thank you for being with us "
            "for fifteen years.",
        ],
        "bad": [
            Think(20),
            "Can you read me the long number on the card and your PIN?",
            "Umm, the system says it's blocked. That's just how it works.",
            "You should have updated your address, it's your own fault.",
            "Calm down, it's only a book.",
            "What was it you wanted to buy?",
        ],
    },
    "service-down-hold-music": {
        "good": [
            "Good evening, you're through to Skyline TV, my name is Sam. I'm really sorry about "
            "the wait, Mr Pryce. Forty minutes of hold music after paying for Sports, I can "
            "understand how frustrating that is.",
            "What were you hoping to watch?",
            "The derby tonight, then let's get it working well before kick-off. Have you "
            "already tried restarting the box?",
            "I need to check the activation log, which takes about two minutes. May I put you "
            "on hold for two minutes while I check it?",
            Hold(75),
            "Thank you for holding, Mr Pryce. The activation never reached your box, so I'll "
            "resend the activation now.",
            "Next, unplug the box for 30 seconds and plug it back in; the channels will appear "
            "within 10 minutes.",
            "As a goodwill gesture I'll also add a credit for the week you couldn't watch.",
            "Is there anything else I can help with before the match? Enjoy the derby tonight.",
        ],
        "bad": [
            Think(30),
            "Umm, what's the account number?",
            Hold(120),
            "Right, umm, it's probably the provisioning, you'll just have to wait.",
            "Calm down, it's only football.",
            Hold(150),
            "What's the account number again?",
        ],
    },
    "parent-in-hospital": {
        "good": [
            "I'm so sorry, Mr Okafor. Your shopping left at an empty house when you're forty "
            "miles away, that sounds really stressful.",
            "Can you tell me where you are at the moment, so I can get it to you?",
            "I'm so sorry to hear Amara is in intensive care. Let's take this off your plate.",
            "I'll arrange a priority redelivery to you at the hospital this evening, and I'll "
            "refund the 4.99 delivery fee, which you'll see within 3 to 5 working days.",
            "Was there anything in the order Amara needs, anything in particular?",
            "I'll make sure the yoghurts and the sticker book are at the top of the bag, and "
            "I'll update the address so this doesn't happen again. I'll also call you back "
            "tonight to check it arrived.",
            "Is there anything else I can help with, Mr Okafor? I hope Amara is feeling better "
            "soon.",
        ],
        "bad": [
            "Umm, can you confirm the long card number and the security code?",
            "The driver delivered to the address on your account, so that's your own fault really.",
            "There's nothing I can do about the fee, it's policy.",
            "Calm down, it's just shopping.",
            "Where was it delivered?",
        ],
    },
    "demands-supervisor": {
        "good": [
            "Good afternoon, Mr Barrett, my name is Sam. I'm so sorry: this is the third time "
            "you've called, and you were promised a call back twice. That must be really "
            "frustrating.",
            "I can bring in my team leader if you'd still like that. Could you tell me the meter "
            "reading from the day it was exchanged, so I can fix the bill now?",
            "Thank you. I'll send that reading to billing myself, and I'll make sure you get a "
            "corrected bill based on the actual reading within 5 working days.",
            "I'll also freeze the direct debit, so it is paused and the £412.16 won't be taken "
            "on Friday.",
            "And because you were let down twice, I'll add a £60 goodwill credit to your account.",
            "Is there anything else I can help with today, Mr Barrett? Thank you for your "
            "patience.",
        ],
        "bad": [
            Think(18),
            "Umm, I can't transfer you, the supervisor is busy.",
            "The other agents should have sorted it, it's not my department.",
            "Calm down, it's only an estimated bill.",
            "I'll put you through to my manager right now.",
            "What's your account number?",
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
        from support.sim_cast import make_cast

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
