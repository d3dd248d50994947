"""A full or read-only disk: nothing acknowledged, an apology, and the bot recovers by itself.

The fault comes through ``Database.fault`` (called before every COMMIT), which
raises what SQLite raises on a full disk or a read-only file system; the
machine's disk is never filled.
"""

from __future__ import annotations

import sqlite3

import pytest

from bot.simulate import World
from tests.bot.test_pinboard import T, board_state, opened

FAULTS = ["database or disk is full", "attempt to write a readonly database"]


@pytest.mark.parametrize("message", FAULTS)
async def test_a_failing_disk_acknowledges_nothing_apologizes_and_the_bot_recovers(
    world: World, message: str,
) -> None:
    assert world.app is not None
    here = await opened(world)
    anna = world.person("Anna")
    await here.say(anna, "/note 1 Vorher")
    db = world.app.bot_data["services"].db

    def failing_disk() -> None:
        raise sqlite3.OperationalError(message)

    db.fault = failing_disk
    reactions = len(here.reactions())
    await here.say(anna, "/note 1 Während die Platte voll ist")
    assert len(here.reactions()) == reactions
    assert here.last_text().startswith("Entschuldigung")
    await here.say(here.fatma, "/close")  # a steering command: its own transaction
    assert here.last_text().startswith("Entschuldigung")
    ben = world.person("Ben", "en")
    await ben.say(None, "/start")  # a newcomer: the journal cannot store who he is
    assert world.api.texts(ben.id)[-1].startswith("Sorry, something went wrong")
    assert world.app.running

    db.fault = None
    await here.say(anna, "/note 2 Nachher")
    assert len(here.reactions()) == reactions + 1
    assert [note.text for note in (await board_state(world)).notes] == ["Vorher", "Nachher"]
    await ben.say(None, "/start")
    assert world.api.texts(ben.id)[-1].startswith("Hello Ben")
    await here.say(here.fatma, "/close")
    assert here.last_text().startswith(T("pinboard.closed", title="Dritte Orte", notes=2))


async def test_a_commit_that_fails_leaves_no_transaction_open(world: World) -> None:
    assert world.app is not None
    db = world.app.bot_data["services"].db

    def failing_disk() -> None:
        raise sqlite3.OperationalError("database or disk is full")

    db.fault = failing_disk
    with pytest.raises(sqlite3.OperationalError):
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO meta (key, value) VALUES ('probe', 'x')")
    if db.dialect == "sqlite":  # on PostgreSQL the connection went back to the pool
        assert not db.conn.in_transaction
    db.fault = None
    async with db.transaction() as tx:
        await tx.execute("INSERT INTO meta (key, value) VALUES ('probe', 'y')")
    async with db.read() as reader:
        row = await reader.one("SELECT value FROM meta WHERE key = 'probe'")
    assert row is not None and row["value"] == "y"
