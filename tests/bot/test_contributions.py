"""Notes through the journal: stored together, acknowledged only once stored, never overwritten.

A note is applied to the board's newest state at once and joins the journal
(``storage.journal``); the reaction follows the commit. These tests check the
promises around that: a reaction means the note is on disk, a failed commit
is apologized for, steering commands and private notes see every note before
them, forgetting a person is not undone by notes that were still waiting,
and a role given to someone counts from their very next message.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest
from telegram.ext import CallbackContext

import bot.messaging
import bot.pinboard.notes
import bot.services
from bot.offline import Call
from bot.privacy import forget_everywhere
from bot.services import Services
from bot.simulate import SimPerson, World
from storage.db import is_server
from storage.journal import Journal
from tests.bot.test_pinboard import Room, T, board_state, opened, question_line
from tests.bot.test_pinboard_private import open_private_chat
from tests.databases import run_sql


async def crowd(world: World, count: int) -> tuple[Room, list[SimPerson]]:
    """A group with an open board, and ``count`` people who have not written yet."""
    return await opened(world), [world.person(f"Person {n}") for n in range(count)]


def services_of(world: World) -> Services:
    assert world.app is not None
    svc: Services = world.app.bot_data["services"]
    return svc


def stored_sources(database: str) -> set[str]:
    """What another connection to the file sees as committed (the log's message sources)."""
    return {row[0] for row in run_sql(
        database, "SELECT source FROM round_log WHERE source IS NOT NULL")}


async def test_a_burst_is_stored_in_few_transactions_and_each_reaction_follows_its_commit(
    world: World,
) -> None:
    here, people = await crowd(world, 30)
    for person in people:  # everyone known, so the burst below reads nothing but its board
        await here.say(person, f"/note 1 Hallo von {person.first_name}")
    unstored_when_acknowledged: list[int] = []

    def check(call: Call) -> None:
        if call.method == "setMessageReaction" and call.chat_id == here.chat.id:
            source = f"{here.chat.id}:{call.params['message_id']}"
            if source not in stored_sources(world.settings.database):
                unstored_when_acknowledged.append(int(call.params["message_id"]))

    world.api.listeners.append(check)
    before = services_of(world).journal.transactions
    for round_number in range(4):
        for person in people:
            await here.say(person, f"/note 2 Idee {round_number} von {person.first_name}",
                           settle=False)
    await world.settle()

    assert unstored_when_acknowledged == []
    assert len(here.reactions()) == 30 + 120
    assert services_of(world).journal.transactions - before <= 20  # 120 notes, a few commits
    state = await board_state(world)
    assert len(state.notes) == 150
    assert [note.number for note in state.notes] == list(range(1, 151))
    assert question_line(2, 120) in here.board()["text"]


async def test_a_note_whose_commit_fails_gets_an_apology_and_no_reaction(world: World) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    await here.say(anna, "/note 1 Erste Notiz")
    # The board vanishes behind the bot's back (as if the disk lost it): the next commit fails.
    database = world.settings.database
    keys_off = ("SET session_replication_role = replica;" if is_server(database)
                else "PRAGMA foreign_keys = OFF;")
    run_sql(database, f"{keys_off} DELETE FROM rounds WHERE id = 1;")
    reactions = len(here.reactions())
    await here.say(anna, "/note 1 Zweite Notiz")

    assert len(here.reactions()) == reactions
    assert "Entschuldigung" in here.last_text()
    await here.say(anna, "/note 1 Dritte Notiz")  # read again: there is no board any more
    assert here.last_text() == T("pinboard.none_open")


async def test_a_steering_command_right_behind_a_burst_sees_every_note(world: World) -> None:
    here, people = await crowd(world, 10)
    for n, person in enumerate(people * 3):
        await here.say(person, f"/note {n % 3 + 1} Notiz {n}", settle=False)
    await here.say(here.fatma, "/cluster")

    assert "30 Notiz 29" in here.board()["text"]  # the last note, numbered 30, is on the board
    state = await board_state(world)
    assert len(state.notes) == 30
    assert state.phase.value == "clustering"


async def test_private_notes_and_a_group_burst_on_one_board_all_land(world: World) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    await open_private_chat(here, anna)
    await anna.press(world.api.sent("sendMessage", anna.id)[-1], "1. Was sind")
    people = [world.person(f"Person {n}") for n in range(15)]
    for n, person in enumerate(people * 2):
        await here.say(person, f"/note 2 Gruppe {n}", settle=False)
        if n % 5 == 0:
            await anna.say(None, f"Privat {n}", settle=False)
    await world.settle()

    texts = sorted(note.text for note in (await board_state(world)).notes)
    wanted = [f"Gruppe {n}" for n in range(30)] + [f"Privat {n}" for n in range(0, 30, 5)]
    assert texts == sorted(wanted)


def log_bodies(world: World) -> list[str]:
    return [row[0] for row in run_sql(world.settings.database,
                                       "SELECT event FROM round_log ORDER BY id")]


async def test_notes_waiting_in_the_journal_are_stored_first_and_then_forgotten(
    world: World,
) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    await here.say(anna, "/note 1 Schon gespeichert")
    svc = services_of(world)
    assert world.app is not None
    context: CallbackContext[Any, Any, Any, Any] = CallbackContext(world.app)
    async with svc.db.transaction():  # the disk is busy: Anna's next notes wait in the journal
        for n in range(3):
            await here.say(anna, f"/note 2 Wartet {n}", settle=False)
        await world.app.update_queue.join()
        forgetting = asyncio.create_task(forget_everywhere(context, anna.id, erase=True))
        await asyncio.sleep(0.05)
        assert not forgetting.done()
    await forgetting
    await world.settle()

    assert [note.text for note in (await board_state(world)).notes] == []
    assert not any("Wartet" in body or "Schon gespeichert" in body for body in log_bodies(world))


async def test_a_board_read_before_forgetting_is_not_written_back_after_it(world: World) -> None:
    here = await opened(world)
    anna, bert = world.person("Anna"), world.person("Bert")
    await here.say(anna, "/note 1 Von Anna")
    await here.say(bert, "/note 1 Von Bert")
    svc = services_of(world)
    assert world.app is not None
    context: CallbackContext[Any, Any, Any, Any] = CallbackContext(world.app)
    async with svc.db.transaction():  # forgetting starts and waits for the disk ...
        forgetting = asyncio.create_task(forget_everywhere(context, anna.id, erase=True))
        await asyncio.sleep(0.02)
        # ... while Bert writes on: his note must build on the board without Anna's.
        await here.say(bert, "/note 2 Danach von Bert", settle=False)
        await asyncio.sleep(0.05)
    await forgetting
    await world.settle()

    texts = [note.text for note in (await board_state(world)).notes]
    assert texts == ["Von Bert", "Danach von Bert"]
    assert not any("Von Anna" in body for body in log_bodies(world))


async def test_a_burst_by_known_people_looks_nobody_up_and_a_new_role_counts_at_once(
    world: World, monkeypatch: pytest.MonkeyPatch,
) -> None:
    here, people = await crowd(world, 10)
    for person in people:
        await here.say(person, "/note 1 Hallo")
    lookups: list[int] = []
    look_up = bot.services._look_up

    async def counted(update: Any, context: Any, key: Any, shown: Any) -> Any:
        lookups.append(key[2])
        return await look_up(update, context, key, shown)

    monkeypatch.setattr(bot.services, "_look_up", counted)
    for person in people * 3:
        await here.say(person, "/note 2 Noch eine", settle=False)
    await world.settle()
    assert lookups == []

    anna = people[0]
    await here.say(anna, "/cluster")
    assert "Moderation" in here.last_text() or "darf" in here.last_text()
    refused = here.last_text()
    hello = await here.say(anna, "Hallo!")
    await here.shop.organizer.say(here.chat, "/facilitator", reply_to=hello)
    await here.say(anna, "/cluster")
    assert here.last_text() != refused
    assert (await board_state(world)).phase.value == "clustering"


async def test_a_restart_right_after_a_burst_stores_and_acknowledges_every_note(
    world: World,
) -> None:
    here: Room = await opened(world)
    people = [world.person(f"Person {n}") for n in range(20)]
    for person in people:
        await here.say(person, f"/note 3 Vor dem Neustart {person.first_name}", settle=False)
    await world.restart()
    assert len((await board_state(world)).notes) == len(here.reactions()) == 20


@pytest.mark.filterwarnings(  # python-telegram-bot's own: it hands queued updates to tasks
    "ignore:Tasks created via `Application.create_task` while the application is not running")
async def test_notes_still_queued_at_shutdown_are_acknowledged_before_the_connection_closes(
    world: World, monkeypatch: pytest.MonkeyPatch,
) -> None:
    here, people = await crowd(world, 5)
    for person in people:
        await here.say(person, f"/note 1 Kurz vor Schluss {person.first_name}", settle=False)
    calls_at_close: list[int] = []

    async def closing() -> None:
        calls_at_close.append(len(world.api.calls))

    monkeypatch.setattr(world.api, "shutdown", closing)
    acknowledge = bot.messaging.acknowledge  # what bot.pinboard.notes calls

    async def slow_acknowledge(*args: Any) -> None:  # a slow network: reactions take a while
        await asyncio.sleep(0.2)
        await acknowledge(*args)

    monkeypatch.setattr(bot.pinboard.notes, "acknowledge", slow_acknowledge)
    app = world.app
    assert app is not None
    await app.stop()  # as run_polling does: stop, post_stop, shutdown, post_shutdown
    assert app.post_stop is not None and app.post_shutdown is not None
    await app.post_stop(app)
    await app.shutdown()
    await app.post_shutdown(app)
    world.app = None

    reactions = [index for index, call in enumerate(world.api.calls)
                 if call.method == "setMessageReaction" and call.chat_id == here.chat.id]
    assert len(reactions) == 5
    assert calls_at_close and max(reactions) < calls_at_close[0]


async def test_an_edit_right_behind_its_note_finds_the_note_still_on_its_way_to_the_disk(
    world: World, monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    await here.say(anna, "/note 1 Erste")
    commit = Journal._commit

    async def slow_commit(journal: Journal, *args: Any) -> bool:  # a slow disk
        await asyncio.sleep(0.05)
        return await commit(journal, *args)

    monkeypatch.setattr(Journal, "_commit", slow_commit)
    note = await here.say(anna, "/note 1 Tippfeler", settle=False)
    await anna.edit(note, "/note 1 Tippfehler")

    texts = [n.text for n in (await board_state(world)).notes if n.author == anna.id]
    assert texts == ["Erste", "Tippfehler"]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
async def test_notes_edits_withdrawals_and_private_notes_in_any_order_end_as_sent(
    world: World, seed: int, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Random interleavings of what a room does to a board, on a disk of uneven speed and
    with a restart in between: the board ends exactly as the messages say, and every group
    note was acknowledged."""
    rng = random.Random(seed)
    commit = Journal._commit

    async def uneven_commit(journal: Journal, *args: Any) -> bool:
        await asyncio.sleep(rng.choice((0, 0, 0.005, 0.02)))
        return await commit(journal, *args)

    monkeypatch.setattr(Journal, "_commit", uneven_commit)
    here, people = await crowd(world, 8)
    anna = world.person("Anna")  # writes privately, through the board's button
    await open_private_chat(here, anna)
    await anna.press(world.api.sent("sendMessage", anna.id)[-1], "3. Was müssen")
    notes: dict[int, tuple[int, str]] = {}  # group message id -> (author, text), still standing
    stacks: dict[int, list[int]] = {person.id: [] for person in people}
    sent: list[int] = []
    private: list[str] = []
    for step in range(70):
        roll = rng.random()
        person = rng.choice(people)
        if roll < 0.55:
            text = f"Notiz {seed}-{step}"
            message = await here.say(person, f"/note {rng.randint(1, 3)} {text}", settle=False)
            notes[message["message_id"]] = (person.id, text)
            stacks[person.id].append(message["message_id"])
            sent.append(message["message_id"])
        elif roll < 0.7:
            private.append(f"Privat {seed}-{step}")
            await anna.say(None, private[-1], settle=False)
        elif roll < 0.82 and stacks[person.id]:
            await here.say(person, "/undo", settle=False)
            notes.pop(stacks[person.id].pop())
        elif roll < 0.95 and notes:
            message_id = rng.choice(list(notes))
            author, _ = notes[message_id]
            text = f"Geändert {seed}-{step}"
            original = world.api.messages[(here.chat.id, message_id)]
            question = str(original["text"]).split()[1]
            await next(p for p in people if p.id == author).edit(
                original, f"/note {question} {text}")
            notes[message_id] = (author, text)
        elif step > 30 and roll >= 0.97:
            await world.restart()
    await world.settle()

    state = await board_state(world)
    standing = sorted(note.text for note in state.notes)
    assert standing == sorted([text for _, text in notes.values()] + private)
    acknowledged = {int(call.params["message_id"]) for call in here.reactions()}
    assert set(sent) <= acknowledged
    assert {f"{here.chat.id}:{message_id}" for message_id in sent} <= stored_sources(
        world.settings.database)
