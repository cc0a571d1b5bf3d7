"""How long the app's own engine (xllamacpp) takes to embed a trainee line with the bundled model.

llama.cpp's embedding mode, as the app would call it: mean pooling and last-token pooling, one
engine thread by default, the lines of the dev split sent `--per-request` at a time (a request
with several inputs is read as that many sequences, `--parallel` of them in one batch). Prints
per-line times and the load average, and, when `bench/sentence_vectors.py` has cached the same
lines, how close the engine's vectors are to its `norm` layer pooled the same way (cosine), so the
quality figures measured on those vectors stand for what the engine would give. Then the same
lines read with computing stopped after the final norm (no output layer), for the ratio.

    python bench/embedding_speed.py [--lines 100] [--threads 1] [--per-request 1] [--parallel 1]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import Any

import numpy as np
from figures import nearest_rank
from sentence_vectors import TAP_NAMES, vectors_for

from roleplay.detectors.corpus import bundled_split
from roleplay.llm.model_file import ensure_model


def engine(pooling: str, threads: int, parallel: int) -> Any:
    """xllamacpp's server engine on the bundled model, in embedding mode."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(ensure_model(print))
    params.n_ctx = 512 * parallel
    params.n_parallel = parallel
    params.embedding = True
    params.pooling_type = getattr(
        xllamacpp.llama_pooling_type, f"LLAMA_POOLING_TYPE_{pooling.upper()}"
    )
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.verbosity = -1
    return xllamacpp.Server(params)


def embed(server: Any, lines: list[str]) -> np.ndarray:
    """One request: the lines' vectors as the engine returns them (unit length)."""
    result = server.handle_embeddings({"input": lines})
    if not isinstance(result, dict) or "data" not in result:
        raise RuntimeError(f"the engine did not embed: {result}")
    return np.array([d["embedding"] for d in sorted(result["data"], key=lambda d: d["index"])])


def _stopped_after_norm(lines: list[str], threads: int) -> dict[str, Any]:
    """The same lines read by llama.cpp with computing stopped once the final norm is known
    (bench/sentence_vectors.py's reader): what embedding mode costs without the output layer,
    which the engine computes for every token of an embedded line."""
    from sentence_vectors import Reader

    reader = Reader(ensure_model(print), threads)
    bos = reader.tokens("", bos=True)
    reader.states(bos + reader.tokens(lines[0]))
    load_before = os.getloadavg()[0]
    per_line = []
    for line in lines:
        tokens = bos + reader.tokens(line)
        start = time.perf_counter()
        reader.states(tokens)
        per_line.append(time.perf_counter() - start)
    ordered = sorted(per_line)
    return {
        "ms_a_line_median": round(nearest_rank(ordered, 0.5) * 1e3, 1),
        "ms_a_line_p90": round(nearest_rank(ordered, 0.9) * 1e3, 1),
        "ms_a_line_mean": round(float(np.mean(per_line)) * 1e3, 1),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--per-request", type=int, default=1)
    parser.add_argument("--parallel", type=int, default=1)
    args = parser.parse_args()
    examples = bundled_split("dev")[: args.lines]
    lines = [ex.line for ex in examples]
    results: dict[str, Any] = {"threads": args.threads, "lines": len(lines)}
    for pooling in ("mean", "last"):
        server = engine(pooling, args.threads, args.parallel)
        embed(server, lines[:2])  # first request pays for setting up buffers
        load_before = os.getloadavg()[0]
        got, per_line = [], []
        for i in range(0, len(lines), args.per_request):
            chunk = lines[i : i + args.per_request]
            start = time.perf_counter()
            got.append(embed(server, chunk))
            per_line += [(time.perf_counter() - start) / len(chunk)] * len(chunk)
        vectors = np.concatenate(got)
        ordered = sorted(per_line)
        figures: dict[str, Any] = {
            "ms_a_line_median": round(nearest_rank(ordered, 0.5) * 1e3, 1),
            "ms_a_line_p90": round(nearest_rank(ordered, 0.9) * 1e3, 1),
            "ms_a_line_mean": round(float(np.mean(per_line)) * 1e3, 1),
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        }
        try:
            views, n_alone, bos = vectors_for(examples)
        except SystemExit:
            views = {}
        if views:
            norm = TAP_NAMES.index("norm")
            if pooling == "mean":  # llama.cpp's mean includes <bos>, the same for every line
                n = n_alone[:, None].astype(np.float32)
                mine = (views["alone_mean"][:, norm] * n + bos[norm]) / (n + 1)
            else:
                mine = views["alone_last"][:, norm]
            mine = mine / np.linalg.norm(mine, axis=1, keepdims=True)
            cos = (mine * vectors).sum(axis=1)
            figures["cosine_to_cached_norm_median"] = round(float(np.median(cos)), 4)
            figures["n_tokens_median"] = int(np.median(n_alone))
        results[pooling] = figures
        print(pooling, figures, flush=True)
        del server
    results["stopped_after_norm"] = _stopped_after_norm(lines, args.threads)
    print("stopped after the final norm", results["stopped_after_norm"], flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
