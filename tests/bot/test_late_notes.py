"""A note counts by when it was sent: one the flood queue held past the board's close is taken."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.inbox import processor
from bot.simulate import SimPerson, World
from flows.pinboard import Phase, result
from tests.bot.test_flood import board, flooding_world
from tests.bot.test_inbox import note
from tests.bot.test_pinboard import Room, T, board_state, opened, texts_of_notes
from tests.bot.test_pinboard_private import open_private_chat

EARLIER = 5
"""Seconds before the close that the held messages were sent."""


def sent_earlier(payload: dict[str, Any]) -> dict[str, Any]:
    payload["message"]["date"] -= EARLIER
    return payload


async def drain(world: World, clock: Any) -> None:
    """Let the held messages through: their authors' windows free up."""
    assert world.app is not None
    for _ in range(3):
        await clock.advance(60)
    await processor(world.app).flood.idle()
    await world.settle()


async def test_a_note_held_by_the_flood_queue_past_the_close_is_in_the_result(
    tmp_path: Path,
) -> None:
    world, clock = await flooding_world(tmp_path)
    try:
        here = await board(world, 1)
        anna, ben = world.person("Anna", "de"), world.person("Ben", "de")
        await clock.advance(60)  # the facilitator's setting up is out of the window
        for number in range(3):
            payload = sent_earlier(note(world, anna, here.chat, f"/note 2 Notiz {number}"))
            await world.deliver(payload, settle=False)
        await world.settle()
        assert await texts_of_notes(world) == [(2, "Notiz 0")]  # two wait for Anna's window
        await here.say(here.fatma, "/close")
        assert T("pinboard.closed", title="Dritte Orte", notes=1) in here.last_text()
        await here.say(ben, "/note 2 Nach dem Schluss")  # sent after the close: refused
        assert here.last_text() == T("pinboard.none_open")

        await drain(world, clock)
        state = await board_state(world)
        assert state.phase == Phase.CLOSED
        assert [n.text for n in result(state)[1].notes] == ["Notiz 0", "Notiz 1", "Notiz 2"]
        assert len(here.reactions()) == 3  # each of Anna's notes acknowledged
    finally:
        await world.stop()


async def reply_earlier(world: World, here: Room, person: SimPerson, text: str) -> None:
    """A reply to the live board without a number, sent before the close, held by the queue."""
    message = world.message(person, here.chat, reply_to=here.board())
    message["text"] = text
    message["date"] -= EARLIER
    await world.deliver({"message": message}, settle=False)


async def test_a_note_without_number_held_past_the_close_goes_to_the_one_question(
    tmp_path: Path,
) -> None:
    world, clock = await flooding_world(tmp_path)
    try:
        here = await opened(world, "/pinboard Dritte Orte\nWas sind Dritte Orte?")
        assert world.app is not None
        processor(world.app).flood.limit = 1
        anna, ben = world.person("Anna", "de"), world.person("Ben", "de")
        await clock.advance(60)  # the facilitator's setting up is out of the window
        for number in range(3):
            await reply_earlier(world, here, anna, f"Ohne Nummer {number}")
        await world.settle()
        assert await texts_of_notes(world) == [(1, "Ohne Nummer 0")]
        await here.say(here.fatma, "/close")
        await here.say(ben, "Nach dem Schluss", reply_to=here.board())  # sent late: refused
        assert here.last_text() == T("pinboard.none_open")

        await drain(world, clock)
        state = await board_state(world)
        assert state.phase == Phase.CLOSED
        assert [n.text for n in result(state)[0].notes] == [
            "Ohne Nummer 0", "Ohne Nummer 1", "Ohne Nummer 2"]
        assert len(here.reactions()) == 3
    finally:
        await world.stop()


async def test_a_note_without_number_held_past_the_close_is_taken_to_the_chosen_question(
    tmp_path: Path,
) -> None:
    world, clock = await flooding_world(tmp_path)
    try:
        here = await board(world, 1)
        anna, ben = world.person("Anna", "de"), world.person("Ben", "de")
        await clock.advance(60)  # the facilitator's setting up is out of the window
        await here.say(anna, "/note 1 Mit Nummer", settle=False)
        await reply_earlier(world, here, anna, "Träger kann jeder sein")  # waits for her window
        await world.settle()
        await here.say(here.fatma, "/close")
        await here.say(ben, "Zu spät ohne Nummer", reply_to=here.board())  # no choice offered
        assert here.last_text() == T("pinboard.none_open")

        await drain(world, clock)
        choices = [m for m in map(world.last_bot_message, world.api.sent("sendMessage",
                                                                           here.chat.id))
                   if m["text"] == T("pinboard.which_question", count=3)]
        assert len(choices) == 1  # Anna's, not Ben's
        await anna.press(choices[0], "2. Wer trägt")
        state = await board_state(world)
        assert state.phase == Phase.CLOSED
        assert [n.text for n in result(state)[1].notes] == ["Träger kann jeder sein"]
        late = next(n for n in state.notes if n.text == "Träger kann jeder sein")
        assert late.author == anna.id
        assert len(here.reactions()) == 2
    finally:
        await world.stop()


async def private_note(world: World, person: SimPerson, text: str) -> dict[str, Any]:
    message = world.message(person, person.private)
    message["text"] = text
    message["date"] -= EARLIER
    await world.deliver({"message": message}, settle=False)
    return message


async def test_a_private_note_held_past_the_close_is_taken_and_answered(tmp_path: Path) -> None:
    world, clock = await flooding_world(tmp_path)
    try:
        here = await board(world, 1)
        cem = world.person("Cem", "de")
        await clock.advance(60)  # the facilitator's setting up is out of the window
        await open_private_chat(here, cem)  # his one message of the minute
        await cem.press(world.api.sent("sendMessage", cem.id)[-1], "2. Wer trägt")
        await private_note(world, cem, "Privat geschrieben")
        await private_note(world, cem, "Noch eine, wartet")
        await world.settle()
        await here.say(here.fatma, "/close")
        await drain(world, clock)
        state = await board_state(world)
        assert [n.text for n in state.notes if n.author == cem.id] == [
            "Privat geschrieben", "Noch eine, wartet"]
        answers = [T("pinboard.private_noted", number=2, numbers=n) for n in (1, 2)]
        assert [t for t in world.api.texts(cem.id) if t in answers] == answers
    finally:
        await world.stop()
