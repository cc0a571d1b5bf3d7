"""The call as one ordered sequence of turns and events, as they happened.

A read transcript keeps turns and events in separate lists. Hold etiquette needs them
interleaved (which line came before the hold, which came after the resume), and timestamps
alone cannot order records written within the same millisecond. The file's own line order is
the truth, so it is used whenever the file is there; otherwise timestamps decide.
"""

from __future__ import annotations

import json
from pathlib import Path

from roleplay.transcript import Event, Transcript, Turn

Step = Turn | Event


def _file_order(path: Path) -> list[tuple[str, int]] | None:
    """(kind, key) per record in file order: turns keyed by id, events by their index."""
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    order: list[tuple[str, int]] = []
    events = 0
    for line in raw.splitlines():
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        if data.get("type") == "turn" and isinstance(data.get("id"), int):
            order.append(("turn", data["id"]))
        elif data.get("type") == "event":
            order.append(("event", events))
            events += 1
    return order


def timeline(transcript: Transcript) -> list[Step]:
    """Every turn and event of the call in the order they happened."""
    if transcript.path is not None:
        order = _file_order(transcript.path)
        if order is not None:
            turns = {t.id: t for t in transcript.turns}
            events = transcript.events
            steps: list[Step] = []
            for kind, key in order:
                if kind == "turn" and key in turns:
                    steps.append(turns.pop(key))
                elif kind == "event" and key < len(events):
                    steps.append(events[key])
            used_events = sum(1 for s in steps if isinstance(s, Event))
            if not turns and used_events == len(events):
                return steps
    keyed: list[tuple[str, int, int, Step]] = []
    for i, turn in enumerate(transcript.turns):
        keyed.append((turn.started_at, 0, i, turn))
    for i, event in enumerate(transcript.events):
        keyed.append((event.at, 1, i, event))
    keyed.sort(key=lambda k: (k[0], k[1], k[2]))
    return [k[3] for k in keyed]
