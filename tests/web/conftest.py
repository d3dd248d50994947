"""The wall over HTTP with Starlette's test client, and the bot in the client's own loop.

The test client runs the application in an event loop of its own (a portal);
the simulated Telegram and the bot run in that very loop (``Projector.run``), so
the wall reads the database the bot writes, as in ``werkstatt run``.
"""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pytest
from starlette.testclient import TestClient

from bot.simulate import SimPerson, World
from bot.webside import WebCompanion
from tests.bot.helpers import SessionRoom
from tests.conftest import offline_settings
from tests.web.helpers import ask_for_wall, wall_room
from web.app import WebSide

T = TypeVar("T")


@dataclass
class Projector:
    client: TestClient
    world: World
    room: SessionRoom
    side: WebSide
    token: str

    def run(self, step: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        """Run a coroutine function in the loop the bot and the wall share."""
        assert self.client.portal is not None
        return self.client.portal.call(partial(step, *args, **kwargs))

    def say(self, person: SimPerson, text: str) -> None:
        self.run(self.room.say, person, text)

    def page(self, token: str | None = None) -> str:
        response = self.client.get(f"/wall/{token or self.token}")
        assert response.status_code == 200
        return response.text


@pytest.fixture
def projector(tmp_path: Path) -> Iterator[Projector]:
    settings = offline_settings(tmp_path)
    world = World(settings)
    companion = WebCompanion(settings)  # attached to the bot, its server not started
    side = companion.side
    with TestClient(side.asgi) as client:
        assert client.portal is not None
        client.portal.call(world.start)
        try:
            room = client.portal.call(wall_room, world)
            assert world.app is not None
            client.portal.call(companion.attach, world.app)
            token = client.portal.call(ask_for_wall, room)
            yield Projector(client, world, room, side, token)
        finally:
            side.close()
            client.portal.call(world.stop)


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[World, WebCompanion, SessionRoom, str]]:
    """The bot with its web side on a free port, as ``werkstatt run`` serves it, and a wall's
    token; stopping the bot stops the web side, and no signal handler is left changed."""
    settings = offline_settings(tmp_path, web_port=0)
    world = World(settings)
    companion = WebCompanion(settings)
    before = signal.getsignal(signal.SIGTERM)
    await world.start()
    assert world.app is not None
    world.app.bot_data["companions"] = [companion]
    await companion.start(world.app)
    for sig in (signal.SIGINT, signal.SIGTERM):  # uvicorn's handle_exit would be bound to it
        assert getattr(signal.getsignal(sig), "__self__", None) is not companion.server
    try:
        room = await wall_room(world)
        token = await ask_for_wall(room)
        yield world, companion, room, token
    finally:
        await world.stop()  # its settle stops the companion first
    assert signal.getsignal(signal.SIGTERM) == before
    assert not companion.running
