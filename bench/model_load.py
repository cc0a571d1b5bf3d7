"""How long loading the embedded model keeps the whole app still, with llama.cpp's options.

xllamacpp's engine constructor keeps Python's lock (the GIL) until the model is in memory, so
no thread of the app runs meanwhile: the screen cannot draw and plain mode cannot print. A
ticker thread that wakes every 10 ms measures that stall (`longest_stall_s`); it matches the load
time. Each load is followed by one short reply (`first_token_s`), to see that an option that
makes the load faster does not move the cost to the first reply.

Variants, interleaved round by round so a busy machine weighs on each alike:
- `fit_on` (the load before this bench): llama.cpp fits the context to free device memory,
  with a trial load first;
- `fit_off` (the app now): no fitting (the context size is set, and the CPU has no device
  memory to fit);
- `fit_off_no_warmup`: also without llama.cpp's warm-up run.

    PYTHONPATH=. python bench/model_load.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from typing import Any

from roleplay.llm.model_file import ensure_model

PROMPT = "A customer phones about a late card.\n\nAgent: Hello, how can I help?\nCustomer:"
VARIANTS = {
    "fit_on": {"fit_params": True},
    "fit_off": {"fit_params": False},
    "fit_off_no_warmup": {"fit_params": False, "warmup": False},
}


class Ticker:
    """A thread that notes the longest gap between its 10 ms wake-ups (the GIL held)."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        last = time.perf_counter()
        while not self._stop.is_set():
            time.sleep(0.01)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last)
            last = now

    def __enter__(self) -> Ticker:
        self._thread.start()
        time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def load_once(path: str, options: dict[str, Any]) -> dict[str, float]:
    """Load the model with `options`, ask for one token, release it; seconds for each."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = path
    params.n_ctx = 2048
    params.n_parallel = 1
    params.verbosity = -1
    for name, value in options.items():
        setattr(params, name, value)
    with Ticker() as ticker:
        began = time.perf_counter()
        engine = xllamacpp.Server(params)
        loaded = time.perf_counter() - began
    first: list[float] = []

    def receive(chunk: dict[str, Any]) -> bool:
        first.append(time.perf_counter())
        return True

    asked = time.perf_counter()
    request = {"prompt": PROMPT, "max_tokens": 4, "stream": True, "temperature": 0.0}
    engine.handle_completions(request, receive)
    began = time.perf_counter()
    del engine
    released = time.perf_counter() - began
    return {
        "load_s": loaded,
        "longest_stall_s": ticker.longest,
        "first_token_s": first[0] - asked,
        "release_s": released,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    path = str(ensure_model(lambda message: print(message, file=sys.stderr)))
    load_start = round(os.getloadavg()[0], 2)
    rows: dict[str, list[dict[str, float]]] = {name: [] for name in VARIANTS}
    for _ in range(args.rounds):
        for name, options in VARIANTS.items():
            rows[name].append(load_once(path, options))
    result: dict[str, Any] = {"benchmark": "model_load", "rounds": args.rounds, "variants": {}}
    for name, got in rows.items():
        result["variants"][name] = {
            figure: {
                "median": round(statistics.median(r[figure] for r in got), 3),
                "max": round(max(r[figure] for r in got), 3),
            }
            for figure in got[0]
        }
    base = result["variants"]["fit_on"]["load_s"]["median"]
    result["load_median_vs_fit_on"] = {
        name: round(v["load_s"]["median"] / base, 2) for name, v in result["variants"].items()
    }
    result["cpu_count"] = os.cpu_count()
    result["load_average_1m"] = {"start": load_start, "end": round(os.getloadavg()[0], 2)}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
