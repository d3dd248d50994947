"""A note counts by when it was sent: one the flood queue held past the board's close is taken."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.inbox import processor
from bot.simulate import SimPerson, World
from flows.pinboard import Phase, result
from tests.bot.test_flood import board, flooding_world
from tests.bot.test_inbox import note
from tests.bot.test_pinboard import board_state, texts_of_notes
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
        assert "(1 Notiz" in here.last_text()
        await here.say(ben, "/note 2 Nach dem Schluss")  # sent after the close: refused
        assert here.last_text().startswith("Hier ist gerade keine Pinwand offen")

        await drain(world, clock)
        state = await board_state(world)
        assert state.phase == Phase.CLOSED
        assert [n.text for n in result(state)[1].notes] == ["Notiz 0", "Notiz 1", "Notiz 2"]
        assert len(here.reactions()) == 3  # each of Anna's notes acknowledged
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
        answers = [t for t in world.api.texts(cem.id) if t.startswith("✍ Angenommen")]
        assert len(answers) == 2
    finally:
        await world.stop()
