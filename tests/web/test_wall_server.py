"""The web side as ``werkstatt run`` serves it: uvicorn in the bot's loop, over a real socket.

The event stream sends the screen again after a note is stored; the bot's
shutdown ends open streams within the server's grace; uvicorn never takes the
process's signals.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx2 as httpx
import pytest

from bot.simulate import World
from bot.webside import WebCompanion
from tests.bot.helpers import SessionRoom
from tests.web.helpers import ask_for_wall, people
from web.server import STOP_GRACE

OPEN = "/pinboard Dritte Orte\nWas sind Dritte Orte?"


async def events(response: httpx.Response) -> AsyncIterator[tuple[str, str]]:
    """The stream's events as (name, data); comments (keep-alive pings) are skipped."""
    name, data = "message", list[str]()
    async for line in response.aiter_lines():
        if line == "":
            if data:
                yield name, "\n".join(data)
            name, data = "message", []
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))


@asynccontextmanager
async def watching(companion: WebCompanion, token: str
                   ) -> AsyncIterator[tuple[str, AsyncIterator[tuple[str, str]]]]:
    """A wall's event stream, opened: its first screen, and the events after it."""
    async with (httpx.AsyncClient(base_url=companion.base, timeout=10) as client,
                client.stream("GET", f"/wall/{token}/events") as response):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = events(response)
        name, first = await anext(stream)
        assert name == "wall"
        yield first, stream


async def test_the_link_names_the_port_the_server_got(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    world, companion, room, token = served
    assert companion.server.port > 0
    caption = str(world.api.sent("sendPhoto", room.fatma.id)[-1].params["caption"])
    assert f"http://127.0.0.1:{companion.server.port}/wall/{token}" in caption
    async with httpx.AsyncClient(base_url=companion.base) as client:
        page = await client.get(f"/wall/{token}")
        missing = await client.get("/wall/" + "A" * 22)
    assert page.status_code == 200 and "Werkstatt 2" in page.text
    assert missing.status_code == 404


async def test_the_stream_sends_the_screen_again_once_a_note_is_stored(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    _world, companion, room, token = served
    anna, = await people(room, "Anna")
    await room.say(room.fatma, OPEN)
    async with watching(companion, token) as (first, stream):
        assert "Was sind Dritte Orte?" in first
        assert "Bibliothek am Markt" not in first
        await room.say(anna, "/note 1 Bibliothek am Markt")
        async with asyncio.timeout(1.0):
            name, second = await anext(stream)
        assert name == "wall" and "Bibliothek am Markt" in second


async def test_a_revoked_link_ends_its_stream_with_gone(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    _world, companion, room, token = served
    async with watching(companion, token) as (_, stream):
        await ask_for_wall(room, "new")
        async with asyncio.timeout(1.0):
            name, data = await anext(stream)
        assert name == "gone" and "/wall" in data
        with pytest.raises(StopAsyncIteration):
            await anext(stream)


async def test_stopping_the_bot_ends_open_streams_within_the_grace(
    served: tuple[World, WebCompanion, SessionRoom, str],
) -> None:
    _world, companion, _room, token = served
    async with watching(companion, token) as (_, stream):
        loop = asyncio.get_running_loop()
        started = loop.time()
        stopping = asyncio.create_task(companion.stop())
        with pytest.raises(StopAsyncIteration):
            async with asyncio.timeout(STOP_GRACE):
                await anext(stream)
        await stopping
        assert loop.time() - started < STOP_GRACE
    assert not companion.running
