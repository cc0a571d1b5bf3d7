"""Contextual sentence vectors of trainee lines from the bundled Gemma 3 270M, through llama.cpp.

Static token vectors carry a token's form more than a line's meaning; the model's hidden states
after it has read the whole line (and the customer's line before it) are what a language model
actually knows about the line. This runs the bundled GGUF through llama.cpp (llama-cpp-python's
low-level API, embedding mode with no pooling, so every token's state comes back) and keeps, per
line, pooled states from several layers in two readings:

- **alone**: the trainee's line by itself (`<bos>` + line). `alone_mean` is the mean of the
  line's tokens (without `<bos>`; llama.cpp's own mean pooling adds the constant `<bos>` state,
  which `n_alone` lets a reader put back), `alone_last` the last token's state (llama.cpp's last
  pooling).
- **framed**: the customer's line and the trainee's in a short frame that ends by asking what the
  agent is doing (see `FRAME`). `line_mean` is the mean over the trainee's tokens read after the
  customer's, `customer_mean` the mean over the customer's, `prompt_last` the state of the frame's
  last token (the model about to say what the agent is doing).

Layers are tapped through llama.cpp's graph callback (`l_out-N` is the residual stream after block
N; `norm` is the final normalised state that embedding mode returns); computing stops there, so
the 262k-word output layer is never run. Vectors are cached under /tmp (never committed), keyed
by the text they came from, so a stopped run resumes.

    python bench/sentence_vectors.py [--threads 1] [--limit N] [--out PATH]
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import json
import os
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from roleplay.detectors.corpus import Example, bundled_split

LAYERS = (3, 6, 9, 12, 15, 17)
"""Blocks whose output is kept (Gemma 3 270M has 18, numbered 0-17), plus the final norm."""
TAPS = (*(f"l_out-{n}" for n in LAYERS), "result_embd_pooled")
TAP_NAMES = (*(f"L{n}" for n in LAYERS), "norm")
VIEWS = ("alone_mean", "alone_last", "line_mean", "customer_mean", "prompt_last")
FRAME = (
    'A customer rang a contact centre and said: "',
    '"\nThe call-centre agent replied: "',
    '"\nIn that reply, the agent',
)
"""The framed reading: before the customer's line, between the two lines, after the trainee's."""
NO_CUSTOMER = 'A customer rang a contact centre.\nThe call-centre agent said: "'
DEFAULT_OUT = Path("/tmp/gemma-sentence-vectors/vectors.npz")


def key_of(ex: Example) -> str:
    """What a cached vector is keyed by: the texts it was computed from and the frame."""
    text = "\x1f".join((ex.customer, ex.line, *FRAME, NO_CUSTOMER, ",".join(TAPS)))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


class Reader:
    """The bundled model loaded in llama.cpp, returning the tapped layers' states of a text."""

    def __init__(self, model_path: Path, threads: int, upto: str = TAPS[-1]) -> None:
        import llama_cpp as lc

        self.lc = lc
        lib = Path(lc.__file__).parent / "lib" / "libggml-base.so"
        ggml = ctypes.CDLL(str(lib))
        ggml.ggml_get_name.restype = ctypes.c_char_p
        ggml.ggml_get_name.argtypes = [ctypes.c_void_p]
        ggml.ggml_nelements.restype = ctypes.c_int64
        ggml.ggml_nelements.argtypes = [ctypes.c_void_p]
        ggml.ggml_nbytes.restype = ctypes.c_size_t
        ggml.ggml_nbytes.argtypes = [ctypes.c_void_p]
        ggml.ggml_backend_tensor_get.restype = None
        ggml.ggml_backend_tensor_get.argtypes = [
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_size_t,
        ]
        self.ggml = ggml
        self.captured: dict[str, np.ndarray] = {}
        self.taps = TAPS[: TAPS.index(upto) + 1]
        wanted = {t.encode() for t in self.taps}
        last = upto.encode()

        def tap(tensor: int, ask: bool, _user: int) -> bool:
            name = ggml.ggml_get_name(tensor)
            if ask:
                return name in wanted
            count = ggml.ggml_nelements(tensor)
            if ggml.ggml_nbytes(tensor) != count * 4:
                raise RuntimeError(f"{name!r} is not float32")
            out = np.empty(count, dtype=np.float32)
            ggml.ggml_backend_tensor_get(tensor, out.ctypes.data, 0, count * 4)
            self.captured[name.decode()] = out.reshape(-1, self.width)
            return name != last  # stop after the final norm: the output layer is not needed

        self._tap = lc.ggml_backend_sched_eval_callback(tap)  # kept alive for llama.cpp
        self._quiet = lc.llama_log_callback(lambda *_: None)  # kept alive as well
        lc.llama_log_set(self._quiet, ctypes.c_void_p())
        lc.llama_backend_init()
        self.model = lc.llama_model_load_from_file(
            str(model_path).encode(), lc.llama_model_default_params()
        )
        if not self.model:
            raise RuntimeError(f"llama.cpp could not load {model_path}")
        self.width = lc.llama_model_n_embd(self.model)
        params = lc.llama_context_default_params()
        params.n_ctx = 512
        params.n_batch = params.n_ubatch = 512
        params.n_threads = params.n_threads_batch = threads
        params.embeddings = True
        params.pooling_type = lc.LLAMA_POOLING_TYPE_NONE
        params.cb_eval = self._tap
        params.cb_eval_user_data = None
        self.ctx = lc.llama_init_from_model(self.model, params)
        self.vocab = lc.llama_model_get_vocab(self.model)
        self.batch = lc.llama_batch_init(512, 0, 1)

    def tokens(self, text: str, bos: bool = False) -> list[int]:
        """The model's tokens for a piece of text (with `<bos>` first when asked)."""
        raw = text.encode()
        buf = (self.lc.llama_token * (len(raw) + 8))()
        n = self.lc.llama_tokenize(self.vocab, raw, len(raw), buf, len(buf), bos, False)
        if n < 0:
            raise RuntimeError(f"cannot tokenise {text[:40]!r}")
        return list(buf[:n])

    def states(self, tokens: Sequence[int]) -> np.ndarray:
        """(taps, tokens, width): every tapped layer's state of every token, one fresh reading."""
        lc, batch = self.lc, self.batch
        if len(tokens) > 512:
            raise ValueError(f"{len(tokens)} tokens: longer than the 512 read at once")
        batch.n_tokens = len(tokens)
        for i, t in enumerate(tokens):
            batch.token[i] = t
            batch.pos[i] = i
            batch.n_seq_id[i] = 1
            batch.seq_id[i][0] = 0
            batch.logits[i] = 1
        lc.llama_memory_clear(lc.llama_get_memory(self.ctx), True)
        self.captured.clear()
        status = lc.llama_decode(self.ctx, batch)
        if status != 0:
            raise RuntimeError(f"llama_decode returned {status}")
        missing = [t for t in self.taps if t not in self.captured]
        if missing:
            raise RuntimeError(f"layers not captured: {missing}")
        skipped = np.full((len(tokens), self.width), np.nan, dtype=np.float32)
        return np.stack([self.captured.get(t, skipped) for t in TAPS])


def read_one(
    reader: Reader, ex: Example, alone: bool = True
) -> tuple[dict[str, np.ndarray], int, int, float, float]:
    """The five pooled views of one example, the line's and the frame's token counts, and the
    two readings' times."""
    line = reader.tokens(ex.line)
    start = time.perf_counter()
    if alone:
        by_itself = reader.states(reader.tokens("", bos=True) + line)[:, 1:]
    else:  # not read: NaN, so a variant that needs it cannot use it by mistake
        by_itself = np.full((len(TAPS), len(line), 1), np.nan, dtype=np.float32)
    t_alone = time.perf_counter() - start
    if ex.customer:
        head = reader.tokens(FRAME[0], bos=True)
        customer = reader.tokens(ex.customer)
        middle = reader.tokens(FRAME[1])
    else:
        head, customer, middle = reader.tokens(NO_CUSTOMER, bos=True), [], []
    tail = reader.tokens(FRAME[2])
    sequence = head + customer + middle + line + tail
    start = time.perf_counter()
    framed = reader.states(sequence)
    t_framed = time.perf_counter() - start
    at = len(head)
    said = framed[:, at : at + len(customer)]
    at += len(customer) + len(middle)
    mine = framed[:, at : at + len(line)]
    views = {
        "alone_mean": np.broadcast_to(by_itself.mean(axis=1), mine[:, 0].shape),
        "alone_last": np.broadcast_to(by_itself[:, -1], mine[:, 0].shape),
        "line_mean": mine.mean(axis=1),
        "customer_mean": said.mean(axis=1) if len(customer) else np.zeros_like(mine[:, 0]),
        "prompt_last": framed[:, -1],
    }
    return views, len(line), len(sequence), t_alone, t_framed


def corpus() -> list[Example]:
    """The examples to embed: dev, then train's sets in an order fixed by a hash of their ids,
    so a run stopped early has embedded a fair sample of train's sets."""
    train = sorted(
        bundled_split("train"), key=lambda ex: hashlib.sha256(ex.set_id.encode()).hexdigest()
    )
    return bundled_split("dev") + train


def load(path: Path = DEFAULT_OUT) -> dict[str, Any]:
    """The cache: keys, token counts, the `<bos>` state alone (taps, width) and one
    (n, taps, width) float16 array per view."""
    if not path.exists():
        return {"keys": [], "n_alone": [], "bos": None, **{v: [] for v in VIEWS}}
    with np.load(path, allow_pickle=False) as data:
        out: dict[str, Any] = {
            "keys": [str(k) for k in data["keys"]],
            "n_alone": list(data["n_alone"]),
            "bos": data["bos"].astype(np.float32),
        }
        out.update({v: list(data[v]) for v in VIEWS})
    return out


def save(cache: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial.npz")
    np.savez(
        partial,
        keys=np.array(cache["keys"]),
        n_alone=np.array(cache["n_alone"], dtype=np.int32),
        bos=cache["bos"],
        **{v: np.stack(cache[v]).astype(np.float16) for v in VIEWS},
    )
    partial.replace(path)


def embedded(examples: Sequence[Example], path: Path = DEFAULT_OUT) -> list[bool]:
    """Which of `examples` the cache holds."""
    keys = set(load(path)["keys"])
    return [key_of(ex) in keys for ex in examples]


def vectors_for(
    examples: Sequence[Example], path: Path = DEFAULT_OUT
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Per view an (n, taps, width) float32 array for `examples` in order, the lines' token
    counts, and the `<bos>` state (what llama.cpp's mean pooling adds to every line's mean)."""
    cache = load(path)
    row = {k: i for i, k in enumerate(cache["keys"])}
    missing = [ex for ex in examples if key_of(ex) not in row]
    if missing:
        raise SystemExit(
            f"{len(missing)} lines are not embedded yet: run bench/sentence_vectors.py"
        )
    rows = [row[key_of(ex)] for ex in examples]
    views = {v: np.stack([cache[v][i] for i in rows]).astype(np.float32) for v in VIEWS}
    return views, np.array([cache["n_alone"][i] for i in rows]), cache["bos"]


def _chunks(items: list[Example], size: int) -> Iterator[list[Example]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="llama.cpp threads (default 1)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N lines")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--upto", default=TAPS[-1], choices=TAPS, help="stop after this layer (later ones: NaN)"
    )
    parser.add_argument(
        "--framed-only", action="store_true", help="skip the line-alone reading (its views: NaN)"
    )
    args = parser.parse_args()
    from roleplay.llm.model_file import ensure_model

    reader = Reader(ensure_model(print), args.threads, args.upto)
    cache = load(args.out)
    if cache["bos"] is None:
        cache["bos"] = reader.states(reader.tokens("", bos=True))[:, 0]
    done = set(cache["keys"])
    todo = [ex for ex in corpus()[: args.limit] if key_of(ex) not in done]
    print(f"{len(done)} cached, {len(todo)} to embed; load average {os.getloadavg()}", flush=True)
    times_alone: list[float] = []
    times_framed: list[float] = []
    tokens_alone = tokens_framed = 0
    wall = time.perf_counter()
    for chunk in _chunks(todo, 200):
        for ex in chunk:
            views, n, n_framed, t_alone, t_framed = read_one(reader, ex, not args.framed_only)
            cache["keys"].append(key_of(ex))
            cache["n_alone"].append(n)
            for v in VIEWS:
                cache[v].append(views[v])
            times_alone.append(t_alone)
            times_framed.append(t_framed)
            tokens_alone += n + 1
            tokens_framed += n_framed
        save(cache, args.out)
        print(
            f"{len(cache['keys'])} lines; last chunk alone"
            f" {np.median(times_alone[-200:]) * 1e3:.0f} ms, framed"
            f" {np.median(times_framed[-200:]) * 1e3:.0f} ms a line (median);"
            f" load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    if times_alone:
        figures = {
            "lines": len(times_alone),
            "threads": args.threads,
            "alone_ms_median": round(float(np.median(times_alone)) * 1e3, 1),
            "framed_ms_median": round(float(np.median(times_framed)) * 1e3, 1),
            "alone_ms_mean": round(float(np.mean(times_alone)) * 1e3, 1),
            "framed_ms_mean": round(float(np.mean(times_framed)) * 1e3, 1),
            "alone_tokens_per_s": round(tokens_alone / sum(times_alone)),
            "framed_tokens_per_s": round(tokens_framed / sum(times_framed)),
            "wall_s": round(time.perf_counter() - wall, 1),
            "load_average_end": os.getloadavg(),
        }
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
