"""The server says when the shared model endpoint is saturated, and when it keeps up again."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from client import served, sign_in, sign_out

from roleplay.serve.health import EndpointHealth, Probe, probe_openai


def _fixed(*answers: Probe):
    queue = list(answers)

    async def probe() -> Probe:
        return queue.pop(0)

    return probe


async def test_late_first_tokens_are_saturation_and_the_log_says_so_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, "roleplay.serve")
    health = EndpointHealth(
        "http://models:8000/v1", _fixed(Probe(0.4), Probe(9.0), Probe(12.0), Probe(0.5)), slow_s=4
    )
    await health.check()
    assert not health.saturated and health.notice() == ""
    await health.check()
    await health.check()
    assert health.saturated and "busy" in health.notice()
    assert "saturated, first token in 12.0 s" in health.describe()
    await health.check()
    assert not health.saturated
    said = [r.getMessage() for r in caplog.records]
    assert sum("is saturated" in m for m in said) == 1
    assert sum("keeps up again" in m for m in said) == 1


async def _endpoint(status: int, delay_s: float = 0.0) -> TestServer:
    async def completions(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(delay_s)
        if status != 200:
            return web.json_response({"error": {"message": "busy"}}, status=status)
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        chunk = '{"id":"x","object":"text_completion","created":0,"model":"m",'
        chunk += '"choices":[{"index":0,"text":"Hi","finish_reason":null}]}'
        await response.write(f"data: {chunk}\n\ndata: [DONE]\n\n".encode())
        return response

    app = web.Application()
    app.router.add_post("/v1/completions", completions)
    server = TestServer(app)
    await server.start_server()
    return server


async def test_probe_times_a_real_streamed_completion() -> None:
    server = await _endpoint(200, delay_s=0.3)
    try:
        probe = await probe_openai(str(server.make_url("/v1")), "key", "m")
    finally:
        await server.close()
    assert probe.problem == "" and probe.first_token_s is not None
    assert probe.first_token_s >= 0.3


async def test_an_endpoint_answering_429_is_saturated() -> None:
    server = await _endpoint(429)
    url = str(server.make_url("/v1"))
    try:
        health = EndpointHealth(url, lambda: probe_openai(url, "key", "m"))
        await health.check()
    finally:
        await server.close()
    assert health.saturated and "HTTP 429" in health.describe()


async def test_everyone_sees_the_notice_and_the_lead_sees_the_figures(team: Path) -> None:
    health = EndpointHealth("http://models/v1", _fixed(Probe(30.0)), slow_s=4)
    await health.check()
    async with served(team) as (server, client):
        server.health = health
        await sign_in(client, "ana")
        home = await (await client.get("/")).text()
        assert 'id="saturated"' in home and "slow to answer" in home
        await sign_out(client)
        await sign_in(client, "lee")
        status = await (await client.get("/status")).text()
        assert "saturated, first token in 30.0 s" in status
