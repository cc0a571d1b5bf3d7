"""How often the customer says something a person would say: play calls, write them for reading.

`play` runs every bundled scenario with its good and poor scripted trainee, at each difficulty,
on a chosen backend, and writes every customer line to a review file (JSON lines): the two lines
before it, the line, where it came from (`opening`, `model`, `model+fact` when a fact's authored
words were appended, `reaction`, `reaction+fact` or `reaction+answer` when a goal's reaction is
followed by the answer to the question asked with it, `chosen`, `fact`, `answer`, `hold_asked`,
`fallback`, `end`, ...) and an empty `label` for a reader to
fill in with `sensible` or `odd` (docs/customer-realism.md says what counts as odd).

`score` reads a labelled review file and prints the share of sensible lines per scenario and per
source, the share of lines the model wrote, and `variety`: of the moments that came up in more
than one run, the share where every run gave the same words (issue 9: the same situation played
again should not always get the same reply). A moment is counted two ways: `same_lines_before`,
the same two lines before (the strict reading; when the customer's previous line varies, fewer
moments repeat), and `same_trainee_line`, the same place in the call after the same trainee
line, whatever the customer said before it.

    python bench/customer_realism.py play --backend local --runs 2 --out review.jsonl
    python bench/customer_realism.py score review.jsonl
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from roleplay.config import load_settings
from roleplay.llm.factory import make_backend
from roleplay.selfplay.lines import trainee_script
from roleplay.selfplay.run import play, scripted_lines
from roleplay.transcript import read_transcript
from roleplay.workspace import bundled_library_dir, find_workspace

DIFFICULTIES = ("easy", "medium", "hard")


def _source(turn, cast) -> str:  # type: ignore[no-untyped-def]
    source = turn.source or "model"
    if source in ("model", "retry") and any(
        turn.text.rstrip().endswith(w.strip()) and turn.text.strip() != w.strip()
        for f in cast.scenario.facts
        for w in f.every_wording()
    ):
        return f"{source}+fact"
    return source


def review_rows(path: Path, cast, meta: dict) -> list[dict]:  # type: ignore[no-untyped-def]
    """One row per customer line of a finished call, with the two lines before it."""
    transcript = read_transcript(path)
    spoken = [t for t in transcript.turns if t.speaker in ("customer", "trainee")]
    rows = []
    for i, turn in enumerate(spoken):
        if turn.speaker != "customer":
            continue
        before = [{"speaker": t.speaker, "text": t.text} for t in spoken[max(0, i - 2) : i]]
        rows.append(
            {
                "id": "/".join(str(meta[k]) for k in ("scenario", "difficulty", "kind", "run"))
                + f"/{turn.id}",
                **meta,
                "band": turn.state.band if turn.state else "",
                "source": _source(turn, cast),
                "before": before,
                "line": turn.text,
                "label": "",
            }
        )
    return rows


async def play_all(args: argparse.Namespace) -> list[dict]:
    workspace = find_workspace()
    library, _ = workspace.playable_library()
    backend = make_backend(
        load_settings(), args.backend, progress=lambda t: print(t, file=sys.stderr)
    )
    folders = [workspace.root / "selfplay", bundled_library_dir() / "selfplay"]
    rows: list[dict] = []
    scenarios = args.scenario or sorted(library.scenarios)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for scenario in scenarios:
                cast = library.cast(scenario)
                for difficulty in args.difficulty or DIFFICULTIES:
                    for kind in ("good", "poor"):
                        script = trainee_script(kind, scenario, folders)
                        if script is None:
                            continue
                        for run in range(1, args.runs + 1):
                            started = time.perf_counter()
                            result = await play(
                                cast,
                                backend,
                                scripted_lines(script.lines),
                                kind=kind,
                                run=run,
                                difficulty=difficulty,
                                transcripts=Path(tmp),
                            )
                            meta = {
                                "scenario": scenario,
                                "difficulty": difficulty,
                                "kind": kind,
                                "run": run + args.run_offset,
                                "backend": backend.name,
                            }
                            new = review_rows(Path(result.transcript or ""), cast, meta)
                            rows.extend(new)
                            print(
                                f"{scenario} {difficulty} {kind} run {run}: {len(new)} lines, "
                                f"{result.end_reason}, {time.perf_counter() - started:.0f} s",
                                file=sys.stderr,
                            )
    finally:
        await backend.aclose()
    return rows


def _moment_before(row: dict) -> tuple:
    return (row["scenario"], row["difficulty"], row["kind"], json.dumps(row["before"]))


def _moment_trainee(row: dict) -> tuple:
    said = [b["text"] for b in row["before"] if b["speaker"] == "trainee"]
    place = row["id"].rsplit("/", 1)[-1]
    return (row["scenario"], row["difficulty"], row["kind"], place, said[-1] if said else "")


def _identical(rows: list[dict], moment) -> dict:  # type: ignore[no-untyped-def]
    """Of the moments met in two runs or more, how many got the same words in every run."""
    lines: dict[tuple, dict[object, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        lines[moment(r)][r["run"]].append(r["line"])
    repeated = [runs for runs in lines.values() if len(runs) >= 2]
    same = sum(1 for runs in repeated if len({tuple(v) for v in runs.values()}) == 1)
    return {
        "repeated": len(repeated),
        "identical": same,
        "identical_share": round(same / len(repeated), 3) if repeated else None,
    }


def variety(rows: list[dict]) -> dict:
    """Repeated moments and the share said in identical words, overall and per scenario."""
    out: dict = {}
    for name, moment in (
        ("same_lines_before", _moment_before),
        ("same_trainee_line", _moment_trainee),
    ):
        per = {
            sid: _identical([r for r in rows if r["scenario"] == sid], moment)
            for sid in sorted({r["scenario"] for r in rows})
        }
        out[name] = {**_identical(rows, moment), "per_scenario": per}
    return out


def score(path: Path) -> dict:
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    labelled = [r for r in rows if r.get("label") in ("sensible", "odd")]
    by_scenario: dict[str, Counter] = defaultdict(Counter)
    by_source: dict[str, Counter] = defaultdict(Counter)
    for r in labelled:
        by_scenario[r["scenario"]][r["label"]] += 1
        by_source[r["source"]][r["label"]] += 1

    def share(c: Counter) -> dict:
        n = c["sensible"] + c["odd"]
        return {"lines": n, "sensible": round(c["sensible"] / n, 3) if n else None}

    model = sum(1 for r in labelled if r["source"].startswith(("model", "retry")))
    out = {
        "lines": len(labelled),
        "unlabelled": len(rows) - len(labelled),
        "sensible": share(Counter(r["label"] for r in labelled)),
        "model_written_share": round(model / len(labelled), 3) if labelled else None,
        "per_scenario": {k: share(v) for k, v in sorted(by_scenario.items())},
        "per_source": {k: share(v) for k, v in sorted(by_source.items())},
        "variety": variety(rows),
    }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("play", help="play calls and write a review file")
    p.add_argument("--backend", default="local")
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--run-offset", type=int, default=0, help="numbering of runs starts after this")
    p.add_argument("--scenario", action="append")
    p.add_argument("--difficulty", action="append", choices=DIFFICULTIES)
    p.add_argument("--out", type=Path, required=True)
    s = sub.add_parser("score", help="shares of sensible lines in a labelled review file")
    s.add_argument("review", type=Path)
    args = parser.parse_args()
    if args.command == "play":
        rows = asyncio.run(play_all(args))
        with args.out.open("a", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"wrote {len(rows)} customer lines to {args.out}", file=sys.stderr)
    else:
        print(json.dumps(score(args.review), indent=1))


if __name__ == "__main__":
    main()
