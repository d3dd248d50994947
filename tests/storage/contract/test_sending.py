"""Telegram's limits counted in the database (every process of a bot together), and the notices
processes send each other: sliding windows that take a message while they have room and say how
long to wait when full, at the server's clock; a channel where one is shared."""

from __future__ import annotations

import asyncio

from storage.db import Channel, Database
from storage.sending import PRUNE_AFTER, Window, prune_sent, server_now, take_turn
from tests.storage.contract.coverage import covers

GROUP = Window("-1001", 3, 60_000)
BOT = Window("bot", 5, 1_000)


async def turn(db: Database, *windows: Window) -> int:
    async with db.beside() as tx:
        return await take_turn(tx, windows)


@covers(take_turn, Database.beside)
async def test_a_window_takes_as_many_as_it_holds_then_says_how_long_to_wait(
    backend: Database,
) -> None:
    assert [await turn(backend, GROUP, BOT) for _ in range(3)] == [0, 0, 0]
    wait = await turn(backend, GROUP, BOT)
    assert 58_000 < wait <= 60_000
    assert await turn(backend, Window("-1002", 3, 60_000), BOT) == 0  # another group has room
    assert await turn(backend, BOT) == 0
    assert 0 < await turn(backend, BOT) <= 1_000  # five a second for the bot, all groups together
    async with backend.read() as tx:
        rows = await tx.all("SELECT chat, count(*) AS sent FROM sent_messages GROUP BY chat"
                            " ORDER BY chat")
    assert [(row["chat"], row["sent"]) for row in rows] == [("-1001", 3), ("-1002", 1),
                                                             ("bot", 5)]


@covers(server_now, prune_sent)
async def test_a_window_forgets_what_left_it(backend: Database) -> None:
    short = Window("-1003", 2, 200)
    assert [await turn(backend, short) for _ in range(2)] == [0, 0]
    wait = await turn(backend, short)
    assert 0 < wait <= 200
    await asyncio.sleep(wait / 1000 + 0.05)
    assert await turn(backend, short) == 0
    async with backend.transaction() as tx:
        now = await server_now(tx)
        await tx.execute("INSERT INTO sent_messages (chat, at) VALUES ('-1004', ?)",
                         (now - PRUNE_AFTER - 1,))
        assert await prune_sent(tx) == 1
        generation = backend.generation
    assert backend.generation == generation  # counting messages is no change of who is who


@covers(Database.channel, Channel.listen, Channel.send, Channel.close)
async def test_a_shared_database_carries_notices_to_every_listener(backend: Database) -> None:
    channel = backend.channel("werkstatt_test")
    if backend.dialect == "sqlite":
        assert channel is None  # a SQLite file is one bot's: nobody to tell
        return
    assert channel is not None
    other = Database(backend.path)
    await other.open()
    listening = other.channel("werkstatt_test")
    assert listening is not None
    heard: list[str] = []
    got = asyncio.Event()

    def hear(text: str) -> None:
        heard.append(text)
        got.set()

    await listening.listen(hear, lambda: None)
    try:
        await channel.send("12 7,8")
        async with asyncio.timeout(2):
            await got.wait()
        assert heard == ["12 7,8"]
    finally:
        await listening.close()
        await other.close()
