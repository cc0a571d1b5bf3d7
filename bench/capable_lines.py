"""Do the line checks leave a capable model alone? Share of its lines said unchanged.

No capable model is reachable from here, so the replies come from a fixture written as a strong
chat model would answer each bundled scenario's good and poor trainee lines
(`tests/data/capable/replies.json`). A small OpenAI-compatible server on 127.0.0.1 streams them;
the real `OpenAIBackend` (chat API) talks to it over HTTP, and each call goes through
`CallSession` with its checks. A line counts as unchanged when the customer said exactly the
fixture's words: no check failed, no fact was appended, no authored line replaced it.

The fixture was written by a person who knew the whole scenario; five of its lines, which told a
hidden fact before the director released it, were cut back, since a real model is never shown
an unreleased fact (one more such line remains, in parent-in-hospital, and is counted as changed).

    python bench/capable_lines.py
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from roleplay.config import OpenAISettings
from roleplay.llm.openai_backend import OpenAIBackend
from roleplay.selfplay.lines import hold_command, trainee_script
from roleplay.sim.session import CallSession
from roleplay.workspace import bundled_library_dir, find_workspace

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "data" / "capable" / "replies.json"


class Replies:
    """The fixture replies of the call being played, picked by how many trainee lines came."""

    lines: list[str] = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        turn = sum(1 for m in body.get("messages", []) if m.get("role") == "user") - 1
        text = Replies.lines[turn] if 0 <= turn < len(Replies.lines) else "Right."
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for i, word in enumerate(text.split(" ")):
            chunk = {
                "id": "fixture",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": "fixture",
                "choices": [{"index": 0, "delta": {"content": (" " if i else "") + word}}],
            }
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        done = {
            "id": "fixture",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "fixture",
            "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
        }
        self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())


async def play_all(port: int) -> dict[str, object]:
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    workspace = find_workspace()
    library, _ = workspace.playable_library()
    folders = [bundled_library_dir() / "selfplay"]
    settings = OpenAISettings(base_url=f"http://127.0.0.1:{port}/v1", api_key="x", model="fixture")
    total = unchanged = 0
    changed: list[str] = []
    per_scenario: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for scenario_id, kinds in sorted(fixture.items()):
            cast = library.cast(scenario_id)
            s_total = s_same = 0
            for kind, replies in kinds.items():
                script = trainee_script(kind, scenario_id, folders)
                assert script is not None
                Replies.lines = replies
                backend = OpenAIBackend(settings)
                session = CallSession(cast, backend, transcripts=Path(tmp), voice="auto")
                await session.start()
                for line in script.lines:
                    if hold_command(line) is not None or session.ended:
                        continue
                    async for _ in session.reply_to(line):
                        pass
                    turn = session.turns[-1]
                    if turn.source == "end":
                        continue
                    n = sum(1 for t in session.turns if t.speaker == "trainee") - 1
                    s_total += 1
                    if n < len(replies) and turn.text == replies[n].strip():
                        s_same += 1
                    else:
                        why = "; ".join(turn.checks) or "fact appended or authored line"
                        changed.append(
                            f"{scenario_id}/{kind}: {turn.source} ({why}): {turn.text[:80]}"
                        )
                await session.aclose()
            per_scenario[scenario_id] = f"{s_same}/{s_total}"
            total += s_total
            unchanged += s_same
    return {
        "lines": total,
        "unchanged": unchanged,
        "unchanged_share": round(unchanged / total, 3) if total else None,
        "per_scenario": per_scenario,
        "changed": changed,
    }


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = asyncio.run(play_all(server.server_address[1]))
    finally:
        server.shutdown()
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
