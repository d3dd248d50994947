"""Two bot processes on one PostgreSQL database, as ``werkstatt run --webhook`` runs behind a load
balancer: a change stored through one reaches the walls the other serves within a second (also
after the listening connection was lost), and whatever one signs (wall and participation links,
guest cookies, Mini App session tokens, buttons) the other accepts.

Each "process" is a bot with its web side on a port of its own, both in the test's loop."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest

from bot.app import App
from bot.services import Services
from bot.simulate import SimPerson, World
from bot.webside import WebCompanion
from service.changes import Fanout
from service.keys import installation_key
from storage import rounds as stored
from storage.db import Database
from storage.postgres import PgChannel
from tests.bot.helpers import SessionRoom
from tests.conftest import offline_settings
from tests.databases import SERVER_FOR_TESTS, require_server
from tests.web.helpers import ask_for_wall, join_token, people, wall_room
from tests.web.test_miniapp import init_data
from tests.web.test_wall_server import OPEN, watching

REQUEST = re.compile(r'name="request" value="([A-Za-z0-9_-]+)"')


@dataclass
class Process:
    world: World
    web: WebCompanion

    @property
    def app(self) -> App:
        assert self.world.app is not None
        return self.world.app

    @property
    def services(self) -> Services:
        found: Services = self.app.bot_data["services"]
        return found

    @property
    def fanout(self) -> Fanout:
        found: Fanout = self.app.bot_data["fanout"]
        return found

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.web.base, timeout=10)


@pytest.fixture
async def two(tmp_path: Path) -> AsyncIterator[tuple[Process, Process]]:
    """Processes A and B on one fresh PostgreSQL database, each serving its web side."""
    require_server()
    url = SERVER_FOR_TESTS.fresh()
    started: list[Process] = []
    try:
        for name in ("a", "b"):
            settings = offline_settings(tmp_path / name, database=url, web_port=0)
            world = World(settings)
            await world.start()
            assert world.app is not None
            web = WebCompanion(settings)
            world.app.bot_data["companions"] = [web]
            started.append(Process(world, web))
            await web.start(world.app)
        yield started[0], started[1]
    finally:
        for process in reversed(started):
            await process.world.stop()
        SERVER_FOR_TESTS.drop(url)


async def a_board(a: Process) -> tuple[SessionRoom, str, SimPerson]:
    """A session with an open pinboard, made through A; the wall's token; Anna, who takes part."""
    room = await wall_room(a.world)
    token = await ask_for_wall(room)
    anna, = await people(room, "Anna")
    await room.say(room.fatma, OPEN)
    return room, token, anna


async def test_a_note_stored_through_one_process_reaches_the_wall_the_other_serves(
    two: tuple[Process, Process],
) -> None:
    a, b = two
    room, token, anna = await a_board(a)
    async with watching(b.web, token) as (first, stream):
        assert "Was sind Dritte Orte?" in first and "Bibliothek am Markt" not in first
        await room.say(anna, "/note 1 Bibliothek am Markt")
        async with asyncio.timeout(1.0):
            name, second = await anext(stream)
        assert name == "wall" and "Bibliothek am Markt" in second

        channel = b.fanout.channel
        assert isinstance(channel, PgChannel)
        async with b.services.db.read() as tx:  # the server ends B's listening connection
            await tx.all("SELECT pg_terminate_backend(?)", (channel.backend,))
        for _ in range(250):  # five seconds at most
            if channel.connections == 2:
                break
            await asyncio.sleep(0.02)
        assert channel.connections == 2
        await room.say(anna, "/note 1 Jugendzentrum")
        async with asyncio.timeout(1.0):
            while "Jugendzentrum" not in second:
                name, second = await anext(stream)
    assert a.fanout.sent > 0 and b.fanout.sent == 0  # B stored nothing and told nothing


async def test_what_one_process_signed_the_other_accepts(two: tuple[Process, Process]) -> None:
    a, b = two
    room, token, _anna = await a_board(a)
    joining = join_token(a.world, room.fatma.id)
    async with a.client() as at_a, b.client() as at_b:
        assert (await at_b.get(f"/wall/{token}")).status_code == 200  # a link A made
        assert (await at_b.get(f"/join/{joining}")).status_code == 200

        joined = await at_a.post(f"/join/{joining}", data={
            "name": "Ada", "sector": "research", "consent": "no"})
        assert joined.status_code == 303
        assert list(at_a.cookies.jar)
        at_b.cookies = httpx.Cookies(at_a.cookies)  # the browser, now sent to B
        page = await at_b.get(f"/join/{joining}")
        request = REQUEST.search(page.text)
        assert request is not None  # B knows the guest by A's cookie
        noted = await at_b.post(f"/join/{joining}/note", data={
            "question": "1", "text": "Die Stadtbibliothek", "request": request.group(1)})
        assert noted.status_code == 303

        exchanged = await at_a.post("/app/session", json={"initData": init_data(room.fatma)})
        assert exchanged.status_code == 200
        bearer = {"authorization": f"Bearer {exchanged.json()['token']}"}
        sessions = await at_b.get("/app/api/sessions", headers=bearer)
        assert sessions.status_code == 200 and sessions.json()

    async with b.services.db.read() as tx:
        [board] = await stored.all_open_rounds(tx)
    assert "Die Stadtbibliothek" in board.state_json
    data = a.services.signer.pack(room.chat.id, "pin", 7)
    assert b.services.signer.unpack(room.chat.id, data) == ("pin", ["7"])


async def test_processes_starting_together_make_one_key_of_each_kind() -> None:
    """The keys that sign cookies, tokens and buttons are made by whichever process asks first,
    once for all of them, however many ask at the same moment."""
    require_server()
    url = SERVER_FOR_TESTS.fresh()
    databases = [Database(url) for _ in range(4)]
    try:
        await asyncio.gather(*(database.open() for database in databases))
        for name in ("guest_secret", "app_secret", "button_secret"):
            made = await asyncio.gather(*(installation_key(database, name)
                                          for database in databases))
            assert len(set(made)) == 1 and len(made[0]) >= 32
    finally:
        for database in databases:
            await database.close()
        SERVER_FOR_TESTS.drop(url)
