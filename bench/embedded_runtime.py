"""Speed of the embedded model on each llama.cpp runtime we could ship, side by side.

Each runtime runs in a fresh process that loads the bundled model, reads a call-sized prompt,
then generates a fixed number of tokens. Runtimes alternate round by round so both see the
same machine load. Prints one JSON object: load time, prompt tokens/s and generated tokens/s
(medians over the rounds) per runtime. A runtime that is not installed is reported as such.

    python bench/embedded_runtime.py [--rounds 3] [--tokens 96]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROMPT = (
    "A phone call to a broadband company. The customer, Dev, is furious: the TV box has shown "
    "'activation pending' for three days and he has been on hold for forty minutes.\n\n"
    + "Agent: I'm sorry you've been waiting so long. Can you tell me what the box says?\n"
    "Customer: It says activation pending, same as it has for three days.\n"
    * 6
    + "Agent: I can resend the activation now and stay on the line while it comes through.\n"
    "Customer:"
)

WORKERS = {
    "xllamacpp": """
import sys, time, json
import xllamacpp
start = time.perf_counter()
p = xllamacpp.CommonParams(); p.model.path = sys.argv[1]; p.n_ctx = 2048
p.n_parallel = 1; p.cpuparams.n_threads = int(sys.argv[3]); p.verbosity = -1
server = xllamacpp.Server(p)
load = time.perf_counter() - start
r = server.handle_completions({"prompt": sys.argv[2], "max_tokens": int(sys.argv[4]),
    "temperature": 0.8, "seed": 1, "ignore_eos": True, "cache_prompt": False})
t = r["timings"]
print(json.dumps({"load_s": load, "prompt_tps": t["prompt_per_second"],
    "gen_tps": t["predicted_per_second"], "generated": t["predicted_n"]}))
""",
    "llama-cpp-python": """
import sys, time, json
from llama_cpp import Llama
start = time.perf_counter()
llm = Llama(model_path=sys.argv[1], n_ctx=2048, n_threads=int(sys.argv[3]), verbose=False)
load = time.perf_counter() - start
tokens = llm.tokenize(sys.argv[2].encode())
start = time.perf_counter(); llm.eval(tokens); prompt_s = time.perf_counter() - start
n = int(sys.argv[4]); start = time.perf_counter()
for _ in range(n):
    llm.eval([llm.sample(temp=0.8)])
gen_s = time.perf_counter() - start
print(json.dumps({"load_s": load, "prompt_tps": len(tokens) / prompt_s,
    "gen_tps": n / gen_s, "generated": n}))
""",
}


def run_once(runtime: str, model: Path, tokens: int, threads: int) -> dict[str, float] | str:
    """One fresh process of `runtime`; its figures, or why it could not run."""
    done = subprocess.run(
        [sys.executable, "-c", WORKERS[runtime], str(model), PROMPT, str(threads), str(tokens)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return f"failed: {last}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=96)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    from roleplay.llm.model_file import ensure_model

    model = ensure_model(lambda _: None)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in WORKERS}
    failures: dict[str, str] = {}
    started = time.perf_counter()
    for _ in range(args.rounds):
        for runtime in WORKERS:
            if runtime in failures:
                continue
            result = run_once(runtime, model, args.tokens, args.threads)
            if isinstance(result, str):
                failures[runtime] = result
            else:
                runs[runtime].append(result)
    report: dict[str, object] = {"rounds": args.rounds, "tokens": args.tokens}
    for runtime, results in runs.items():
        if runtime in failures:
            report[runtime] = failures[runtime]
            continue
        report[runtime] = {
            key: round(statistics.median(r[key] for r in results), 2)
            for key in ("load_s", "prompt_tps", "gen_tps")
        }
    report["wall_s"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
