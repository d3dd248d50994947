"""The durable inbox: an update is on disk before Telegram is told it arrived, and handled once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.inbox import InboxUnwritable
from bot.simulate import SimChat, SimPerson, World
from locales import translator
from tests.conftest import offline_settings
from tests.databases import allow_writes, refuse_writes, run_sql

HELP = translator("de")("help.title", role=translator("de")("role.participant"))


def note(world: World, person: SimPerson, chat: SimChat, text: str) -> dict[str, Any]:
    """A message as Telegram would hand it to ``getUpdates`` (not yet seen by the bot)."""
    message = world.message(person, chat)
    message["text"] = text
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0,
                                "length": len(text.split()[0])}]
    return {"message": message}


async def poll(world: World, offset: int) -> int:
    """One round of python-telegram-bot's polling: fetch, queue, and the next offset."""
    assert world.app is not None
    updates = await world.app.bot.get_updates(offset=offset, timeout=0)
    for update in updates:
        await world.app.update_queue.put(update)
    return updates[-1].update_id + 1 if updates else offset


def inbox_rows(path: str) -> list[tuple[int, bool, bool]]:
    """(update id, content kept, handled) of every row, read from the file itself."""
    rows = run_sql(path, "SELECT update_id, payload IS NOT NULL, handled_at IS NOT NULL"
                         " FROM inbox ORDER BY update_id")
    return [(int(a), bool(b), bool(c)) for a, b, c in rows]


async def test_a_batch_is_stored_before_the_bot_sees_it_and_handled_after_a_restart_first(
    tmp_path: Path,
) -> None:
    world = World(offline_settings(tmp_path))
    await world.start()
    anna = world.person("Anna", "de")
    world.api.started.add(anna.id)
    first = world.api.push_update(note(world, anna, anna.private, "/help"))
    second = world.api.push_update(note(world, anna, anna.private, "/start"))
    assert world.app is not None
    fetched = await world.app.bot.get_updates(offset=0, timeout=0)  # fetched, never queued
    assert [u.update_id for u in fetched] == [first["update_id"], second["update_id"]]
    assert inbox_rows(world.settings.database) == [
        (first["update_id"], True, False), (second["update_id"], True, False)]
    await world.stop()  # the crash: the batch never reached a handler

    await world.start()
    await world.settle()
    texts = world.api.texts(anna.id)
    assert texts[0].startswith(HELP)  # /help first, as Telegram sent it
    assert texts[1].startswith("Hallo Anna!")
    assert inbox_rows(world.settings.database) == [
        (first["update_id"], False, True), (second["update_id"], False, True)]
    # Telegram sends the unconfirmed batch again: nothing is handled twice, and the offset
    # that confirms it lets the handled rows go.
    offset = await poll(world, 0)
    await world.settle()
    assert len(world.api.texts(anna.id)) == 2
    await poll(world, offset)
    assert inbox_rows(world.settings.database) == []
    await world.stop()


async def test_a_batch_the_inbox_cannot_keep_is_not_confirmed_and_comes_again(
    tmp_path: Path,
) -> None:
    world = World(offline_settings(tmp_path))
    await world.start()
    anna = world.person("Anna", "de")
    world.api.started.add(anna.id)
    world.api.push_update(note(world, anna, anna.private, "/help"))
    # The fault seam: the database itself refuses the write, as on a full disk.
    refuse_writes(world.settings.database, "inbox")
    assert world.app is not None
    with pytest.raises(InboxUnwritable):
        await poll(world, 0)
    assert len(world.api.pending) == 1  # not confirmed: Telegram keeps it
    allow_writes(world.settings.database, "inbox")
    await poll(world, 0)
    await world.settle()
    assert world.api.texts(anna.id)[-1].startswith(HELP)
    await world.stop()


async def test_every_way_an_update_ends_marks_it_handled(world: World) -> None:
    stranger = world.person("Stefan", "de")
    world.api.started.add(stranger.id)
    group = world.group("Irgendwo")
    ids = [world.api.push_update(note(world, stranger, group, text))["update_id"]
           for text in ("/note 1 Nirgends", "Nur geplaudert", "/help")]
    await poll(world, 0)
    await world.settle()
    assert inbox_rows(world.settings.database) == [(i, False, True) for i in ids]


async def test_a_batch_is_kept_as_telegram_sent_it(tmp_path: Path) -> None:
    world = World(offline_settings(tmp_path))
    await world.start()
    anna = world.person("Anna", "de")
    world.api.started.add(anna.id)
    sent = world.api.push_update(note(world, anna, anna.private, "/help Grüße"))
    assert world.app is not None
    [fetched] = await world.app.bot.get_updates(offset=0, timeout=0)
    [(payload,)] = run_sql(world.settings.database, "SELECT payload FROM inbox")
    assert json.loads(payload) == sent  # the very JSON Telegram sent, not a copy rebuilt
    assert "Grüße" in payload  # as text, not escaped
    assert fetched.to_dict()["message"]["text"] == "/help Grüße"
    await world.stop()


async def test_the_senders_of_a_batch_are_read_together_as_it_arrives(tmp_path: Path) -> None:
    """Thirty newcomers' notes in one batch: their senders are read in one go, ahead of the
    chat's order, and every note is taken and acknowledged once."""
    from tests.bot.test_pinboard import opened

    world = World(offline_settings(tmp_path))
    await world.start()
    try:
        here = await opened(world)
        assert world.app is not None
        svc = world.app.bot_data["services"]
        newcomers = [world.person(f"Gast {n}", "de") for n in range(30)]
        for person in newcomers:
            world.api.push_update(note(world, person, here.chat, f"/note 1 Idee von {person.id}"))
        reads = svc.sender_reads.reads
        await poll(world, 0)
        await world.settle()
        assert svc.sender_reads.reads - reads <= 2  # read ahead as one batch (the place first)
        assert len(here.reactions()) == 30
        rows = run_sql(world.settings.database,
                       "SELECT COUNT(*) FROM round_log WHERE event LIKE 'AddNotes%'")
        assert rows[0][0] == 30
    finally:
        await world.stop()
