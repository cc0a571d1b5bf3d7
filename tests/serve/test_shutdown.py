"""Stopping the server closes every open call as abandoned, with every finished turn on disk."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp
from live import live_server, screen_text
from team import NAMES, PASSWORDS


async def _wait_screen(socket: aiohttp.ClientWebSocketResponse, seen: list[str], word: str) -> None:
    """Read the app's output until `word` is on its screen."""
    async with asyncio.timeout(180):
        while word not in screen_text("".join(seen)):
            message = await socket.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                seen.append(message.data.decode("utf-8", "replace"))
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                raise AssertionError(f"the app closed before showing {word!r}")


def _records(transcripts: Path) -> list[dict]:
    files = sorted(transcripts.rglob("*.jsonl"))
    files = [f for f in files if NAMES["ana"].split()[0].lower() in f.name]
    if not files:
        return []
    lines = files[-1].read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


async def _take_part_of_a_call(url: str, transcripts: Path) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        signed = await http.post(
            f"{url}/signin",
            data={"login": "ana", "password": PASSWORDS["ana"]},
            headers={"Origin": url},
        )
        assert signed.status == 200  # the start page, after the redirect
        socket = await http.ws_connect(
            f"{url.replace('http', 'ws')}/ws/call?width=120&height=40", origin=url
        )
        seen: list[str] = []
        await _wait_screen(socket, seen, "Start call")
        await socket.send_json(["stdin", "\r"])  # the highlighted scenario
        line = "Hello, thank you for calling, my name is Ana. How can I help you today?"
        await asyncio.sleep(1.0)
        await socket.send_json(["stdin", line + "\r"])
        async with asyncio.timeout(180):
            while not any(
                r.get("type") == "turn" and r.get("speaker") == "customer" and r.get("id", 0) > 2
                for r in _records(transcripts)
            ):
                await asyncio.sleep(0.2)
        # The browser stays connected: the call is in progress when the server stops.
        return


def test_stopping_the_server_saves_open_calls_as_abandoned(team: Path, tmp_path: Path) -> None:
    with live_server(team, tmp_path / "serve.log") as server:
        asyncio.run(_take_part_of_a_call(server.url, team / "transcripts"))
        code = server.stop()
        log = server.log_text()
    assert code == 0, log
    records = _records(team / "transcripts")
    kinds = [r.get("type") for r in records]
    assert kinds[0] == "header" and kinds[-1] == "close", kinds
    assert records[0]["trainee"] == NAMES["ana"]
    assert records[-1]["end_reason"] == "abandoned"
    said = [r["text"] for r in records if r.get("type") == "turn" and r["speaker"] == "trainee"]
    assert said == ["Hello, thank you for calling, my name is Ana. How can I help you today?"]
    assert "closed 1 open app(s)" in log, log
