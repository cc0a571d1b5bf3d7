"""Kill plain calls at random moments and count what was said against what is on disk.

    python bench/kill_calls.py --trials 1000 [--jobs 3] [--seed 1] [--keep DIR]

Each trial runs `roleplay call SCENARIO --plain --backend scripted` as a real process on a
bundled scenario (`--jobs` at once), types trainee lines as soon as the customer has answered
(good and poor lines from the bundled self-play files), and sends SIGKILL at a random moment
of the call (up to `--horizon` seconds after its first output line, so start-up time on a busy
machine does not decide the moment). A customer line counts as printed once it reached our end
of the pipe; a trainee line counts as acknowledged once the customer's reply to it was printed.
Afterwards every printed customer line and every
acknowledged trainee line must be in the transcript, every transcript must be readable, and
`debrief` (every call) and `report` (the whole set) must work. Prints one JSON object; the
target is `lost: 0`, `unreadable_files: 0`, `debrief_failures: 0`, `report_ok: true`.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import roleplay
from roleplay.scenarios.loader import load_library
from roleplay.transcript import TranscriptError, read_transcript
from roleplay.workspace import bundled_library_dir

CALL = (sys.executable, "-m", "roleplay", "call")
NAMES = (
    "Sam Reid",
    "Very Long " + "Name " * 45,
    "Zoë Ålund",
    "Priya N",
    "O'Brien-Smith",
    "李 雷",
    "Ana Maria de la Cruz",
)


LINES: dict[str, list[str]] = {}


@dataclass
class Trial:
    """What one call printed before it was killed (or ended)."""

    opening: int
    customer: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    new_line: threading.Condition = field(default_factory=threading.Condition)
    started: threading.Event = field(default_factory=threading.Event)
    finished: bool = False

    def acknowledged(self) -> list[str]:
        """Trainee lines the customer had answered on screen when the process died."""
        answered = max(0, len(self.customer) - self.opening)
        return self.sent[:answered]


def _lines() -> dict[str, list[str]]:
    """Trainee lines per scenario: its good and poor self-play lines, shuffled per trial."""
    out = {}
    for path in sorted((bundled_library_dir() / "selfplay").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[path.stem] = [" ".join(str(x).split()) for k in ("good", "poor") for x in data[k]]
    return out


@functools.cache
def _cast(scenario: str) -> tuple[int, str]:
    """How many opening lines the bundled scenario has, and its customer's name."""
    library = bundled_library_dir()
    cast = load_library(library / "scenarios", library / "personas").cast(scenario)
    return len(cast.scenario.opening), cast.persona.name


def _read(process: subprocess.Popen[str], trial: Trial, name: str) -> None:
    prefix = f"{name}: "
    for line in process.stdout:  # type: ignore[union-attr]
        trial.started.set()
        if line.startswith(prefix):
            with trial.new_line:
                trial.customer.append(line[len(prefix) :].rstrip("\n"))
                trial.new_line.notify_all()
    with trial.new_line:
        trial.finished = True
        trial.new_line.notify_all()
    trial.started.set()


def _drive(process: subprocess.Popen[str], trial: Trial, lines: list[str]) -> None:
    """Type each line once the customer has answered the one before, then /end."""
    try:
        for count, line in enumerate([*lines, "/end"]):
            with trial.new_line:
                while len(trial.customer) < trial.opening + count and not trial.finished:
                    trial.new_line.wait(5)
                if trial.finished:
                    return
                if line != "/end":
                    trial.sent.append(line)
            process.stdin.write(line + "\n")  # type: ignore[union-attr]
            process.stdin.flush()  # type: ignore[union-attr]
    except (BrokenPipeError, OSError, ValueError):
        return


def _one(
    number: int, seed: int, env: dict[str, str], cwd: Path, root: Path, args: argparse.Namespace
) -> tuple[Trial, bool, str, Path]:
    """One call, killed at a random moment; its transcripts go to their own folder under root."""
    rng = random.Random(f"{seed}-{number}")
    scenario = rng.choice(sorted(LINES))
    opening, customer = _cast(scenario)
    said = rng.sample(LINES[scenario], k=rng.randint(1, len(LINES[scenario])))
    trainee = rng.choice(NAMES)
    trial = Trial(opening=opening)
    folder = root / f"trial-{number:05d}"
    process = subprocess.Popen(
        [*CALL, scenario, "--plain", "--backend", "scripted", "--trainee", trainee],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**env, "ROLEPLAY_TRANSCRIPTS": str(folder)},
        cwd=cwd,
    )
    reader = threading.Thread(target=_read, args=(process, trial, customer))
    driver = threading.Thread(target=_drive, args=(process, trial, said))
    reader.start()
    driver.start()
    trial.started.wait(60)
    time.sleep(rng.uniform(0, args.horizon))
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
    _, err = process.communicate()
    reader.join()
    driver.join()
    return trial, killed, "" if killed or process.returncode == 0 else err, folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--horizon", type=float, default=1.0, help="Latest kill, in seconds.")
    parser.add_argument("--jobs", type=int, default=3, help="Calls running at once.")
    parser.add_argument("--keep", type=Path, help="Keep the transcripts here.")
    args = parser.parse_args(argv)

    base = Path(tempfile.mkdtemp(prefix="kill-calls-"))
    transcripts = args.keep or base / "transcripts"
    cwd = base / "cwd"
    cwd.mkdir()
    source = str(Path(roleplay.__file__).resolve().parents[1])
    env = {
        **os.environ,
        "PYTHONPATH": source + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "PYTHONUNBUFFERED": "1",
        "ROLEPLAY_TRANSCRIPTS": str(transcripts),
        "ROLEPLAY_CONFIG": str(base / "config.toml"),
    }
    LINES.update(_lines())
    for name in ("ROLEPLAY_HOME", "ROLEPLAY_BACKEND", "ROLEPLAY_TRAINEE", "ROLEPLAY_DIFFICULTY"):
        env.pop(name, None)
    counts = dict.fromkeys(
        (
            "trials",
            "killed_mid_call",
            "printed_customer_lines",
            "customer_lines_on_disk",
            "acknowledged_trainee_lines",
            "trainee_lines_on_disk",
            "lost",
            "no_file",
            "unreadable_files",
            "call_errors",
            "debrief_failures",
        ),
        0,
    )
    problems: list[str] = []
    known: list[Path] = []
    start = time.perf_counter()
    try:
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            trials = pool.map(
                lambda n: _one(n, args.seed, env, cwd, transcripts, args), range(args.trials)
            )
            for number, (trial, killed, error, folder) in enumerate(trials):
                counts["trials"] += 1
                counts["killed_mid_call"] += killed
                if error:
                    counts["call_errors"] += 1
                    problems.append(f"trial {number}: {error.strip().splitlines()[-1]}")
                made = sorted(folder.rglob("*.jsonl"))
                known += made
                printed, acked = trial.customer, trial.acknowledged()
                counts["printed_customer_lines"] += len(printed)
                counts["acknowledged_trainee_lines"] += len(acked)
                if not made:
                    counts["no_file"] += 1
                    counts["lost"] += len(printed) + len(acked)
                    continue
                try:
                    call = read_transcript(made[0])
                except TranscriptError as exc:
                    counts["unreadable_files"] += 1
                    counts["lost"] += len(printed) + len(acked)
                    problems.append(f"trial {number}: {exc}")
                    continue
                disk_customer = [t.text for t in call.turns if t.speaker == "customer"]
                disk_trainee = [t.text for t in call.trainee_turns()]
                kept_c = sum(a == b for a, b in zip(printed, disk_customer, strict=False))
                kept_t = sum(a == b for a, b in zip(acked, disk_trainee, strict=False))
                counts["customer_lines_on_disk"] += kept_c
                counts["trainee_lines_on_disk"] += kept_t
                counts["lost"] += len(printed) - kept_c + len(acked) - kept_t
        calls_s = time.perf_counter() - start

        os.environ.update({k: env[k] for k in ("ROLEPLAY_TRANSCRIPTS", "ROLEPLAY_CONFIG")})
        os.chdir(cwd)
        from roleplay.cli import main as roleplay_main

        for path in known:
            quiet = contextlib.redirect_stdout(io.StringIO())
            with quiet, contextlib.redirect_stderr(io.StringIO()):
                code = roleplay_main(["debrief", str(path), "--format", "json"])
            if code != 0:
                counts["debrief_failures"] += 1
                problems.append(f"debrief failed: {path.name}")
        report = subprocess.run(
            [sys.executable, "-m", "roleplay", "report", "--format", "json"],
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd,
        )
        reported = json.loads(report.stdout)["team"]["calls"] if report.returncode == 0 else None
        print(
            json.dumps(
                {
                    **counts,
                    "transcripts": len(known),
                    "report_ok": report.returncode == 0 and reported == len(known),
                    "report_calls": reported,
                    "report_warnings": report.stderr.count("warning:"),
                    "calls_s": round(calls_s, 1),
                    "problems": problems[:10],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
        else:
            shutil.rmtree(cwd, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
