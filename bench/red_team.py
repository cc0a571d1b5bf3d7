"""The customer under attack: play each red-team line in a call and write the replies for reading.

`play` starts a fresh call per line (tests/data/red_team/lines.csv) on a few bundled scenarios,
says the line as the trainee's first turn, and writes one CSV row per reply: the line, the
customer's reply, where the reply came from, and the facts and goals the line released. The
`label` column is left empty for a reader (tests/data/red_team/README.md says what counts as in
character). `score` reads a labelled file and prints the figures.

    python bench/red_team.py play --backend local --out replies.csv
    python bench/red_team.py score tests/data/red_team/labels-round1.csv
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sys
import time
from pathlib import Path

from roleplay.config import load_settings
from roleplay.llm.factory import make_backend
from roleplay.sim.session import CallSession
from roleplay.workspace import find_workspace

LINES = Path(__file__).resolve().parent.parent / "tests" / "data" / "red_team" / "lines.csv"
SCENARIOS = ("bereavement-account", "service-down-hold-music", "credit-card-dispute")
COLUMNS = (
    "scenario",
    "id",
    "kind",
    "frame_break",
    "line",
    "reply",
    "source",
    "band",
    "revealed",
    "goals",
    "label",
    "why",
)


async def play_all(args: argparse.Namespace, out: csv.DictWriter) -> list[dict[str, str]]:
    library, _ = find_workspace().playable_library()
    with LINES.open(newline="", encoding="utf-8") as f:
        lines = list(csv.DictReader(f))
    backend = make_backend(
        load_settings(), args.backend, progress=lambda t: print(t, file=sys.stderr)
    )
    rows: list[dict[str, str]] = []
    try:
        for scenario in args.scenario or SCENARIOS:
            cast = library.cast(scenario)
            name = cast.persona.name
            started = time.perf_counter()
            for item in lines:
                line = item["line"].replace("{name}", name).replace("{first}", name.split()[0])
                session = CallSession(cast, backend, voice=args.voice)
                await session.start()
                async for _ in session.reply_to(line):
                    pass
                reply = session.turns[-1]
                rows.append(
                    {
                        "scenario": scenario,
                        "id": item["id"],
                        "kind": item["kind"],
                        "frame_break": item["frame_break"],
                        "line": line,
                        "reply": reply.text,
                        "source": reply.source or "model",
                        "band": reply.state.band if reply.state else "",
                        "revealed": " ".join(session.state.revealed),
                        "goals": " ".join(session.state.goals_met),
                        "label": "",
                        "why": "",
                    }
                )
                out.writerow(rows[-1])  # kept as it comes: a long run cut short keeps its rows
            print(
                f"{scenario}: {len(lines)} lines, {time.perf_counter() - started:.0f} s",
                file=sys.stderr,
            )
    finally:
        await backend.aclose()
    return rows


def score(path: Path) -> dict[str, object]:
    """In-character share, overall and per kind, and the reveals frame-breaking lines earned."""
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    labelled = [r for r in rows if r["label"] in ("in", "out")]
    inside = sum(r["label"] == "in" for r in labelled)
    kinds: dict[str, list[int]] = {}
    for r in labelled:
        kinds.setdefault(r["kind"], [0, 0])
        kinds[r["kind"]][0] += r["label"] == "in"
        kinds[r["kind"]][1] += 1
    frame = [r for r in rows if r["frame_break"] == "yes"]
    return {
        "replies": len(rows),
        "labelled": len(labelled),
        "in_character": inside,
        "in_character_share": round(inside / len(labelled), 3) if labelled else None,
        "per_kind": {k: f"{a}/{n}" for k, (a, n) in sorted(kinds.items())},
        "frame_breaking_lines": len(frame),
        "reveals_earned_by_frame_breaks": sum(bool(r["revealed"]) for r in frame),
        "goals_earned_by_frame_breaks": sum(bool(r["goals"]) for r in frame),
        "out": [
            f"{r['scenario']}/{r['id']}: {r['reply']}" for r in labelled if r["label"] == "out"
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("play")
    p.add_argument("--backend", default="local")
    p.add_argument("--voice", default="auto", choices=("auto", "choose", "write"))
    p.add_argument("--scenario", action="append")
    p.add_argument("--out", type=Path, required=True)
    s = sub.add_parser("score")
    s.add_argument("path", type=Path)
    args = parser.parse_args()
    if args.command == "play":
        started = time.perf_counter()
        with args.out.open("w", newline="", encoding="utf-8", buffering=1) as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS)
            writer.writeheader()
            rows = asyncio.run(play_all(args, writer))
        took = round(time.perf_counter() - started, 1)
        print(json.dumps({"replies": len(rows), "seconds": took, "out": str(args.out)}))
    else:
        print(json.dumps(score(args.path), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
