"""How long a trainee waits for the embedded customer: choosing authored lines vs writing.

Plays every bundled scenario's good and poor trainee lines through `CallSession` on the local
backend, once with the customer choosing (the default) and once writing its own lines,
alternating scenario by scenario in the same run so both see the same machine load. Each turn
is timed from the trainee's submit to the customer's first text and to the end of the line.
Turns whose words are authored outright (a fact, a goal's reaction, an ending) are reported
apart from turns the model produced. The trainee "types" for `--typing` seconds before each
line, as a person would (the choosing customer reads the call meanwhile). Prints one JSON
object.

    python bench/voice_latency.py [--typing 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from roleplay.config import load_settings
from roleplay.llm.factory import make_backend
from roleplay.selfplay.lines import hold_command, trainee_script
from roleplay.sim.events import Chunk
from roleplay.sim.session import CallSession
from roleplay.workspace import bundled_library_dir, find_workspace

MODEL_MADE = {"chosen", "model", "retry", "fallback"}


def _summary(times: list[float]) -> dict[str, float | int]:
    if not times:
        return {"turns": 0}
    ordered = sorted(times)
    return {
        "turns": len(times),
        "median_s": round(statistics.median(times), 3),
        "p90_s": round(ordered[int(0.9 * (len(ordered) - 1))], 3),
    }


async def main(typing_s: float) -> None:
    library, _ = find_workspace().playable_library()
    backend = make_backend(load_settings(), "local", progress=lambda t: print(t, file=sys.stderr))
    await backend.prepare()  # type: ignore[attr-defined]
    folders = [bundled_library_dir() / "selfplay"]
    results: dict[str, dict[str, list[float]]] = {
        v: {"first": [], "end": [], "first_model": [], "end_model": []} for v in ("choose", "write")
    }
    with tempfile.TemporaryDirectory() as tmp:
        for scenario_id in sorted(library.scenarios):
            cast = library.cast(scenario_id)
            for voice in ("choose", "write"):
                for kind in ("good", "poor"):
                    script = trainee_script(kind, scenario_id, folders)
                    if script is None:
                        continue
                    session = CallSession(cast, backend, transcripts=Path(tmp), voice=voice)
                    await session.start()
                    for line in script.lines:
                        if hold_command(line) is not None or session.ended:
                            continue
                        await asyncio.sleep(typing_s)
                        start = time.perf_counter()
                        first = None
                        async for event in session.reply_to(line):
                            if first is None and isinstance(event, Chunk):
                                first = time.perf_counter() - start
                        end = time.perf_counter() - start
                        source = session.turns[-1].source or ""
                        bucket = results[voice]
                        bucket["first"].append(first if first is not None else end)
                        bucket["end"].append(end)
                        if source in MODEL_MADE:
                            bucket["first_model"].append(first if first is not None else end)
                            bucket["end_model"].append(end)
            print(f"{scenario_id} done", file=sys.stderr)
    await backend.aclose()
    out = {
        voice: {name: _summary(times) for name, times in parts.items()}
        for voice, parts in results.items()
    }
    out["load_1min"] = round(os.getloadavg()[0], 2)
    out["typing_s"] = typing_s
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--typing", type=float, default=2.0, help="seconds before each line")
    asyncio.run(main(parser.parse_args().typing))
