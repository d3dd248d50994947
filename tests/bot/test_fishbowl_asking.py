"""``/fishbowl`` without chairs asks the facilitator for the chairs and the seat time (privately,
or in the group when they never opened the private chat) and opens on their taps."""

from __future__ import annotations

from bot.offline import Call
from bot.simulate import World
from locales import translator
from tests.bot.budget import count_new
from tests.bot.test_fishbowl_room import Room, open_room

T = translator("de")
TOPIC = "Zukunft der Innenstadt"
CHAIRS = T("fishbowl.ask_chairs", topic=TOPIC)


def asked(room: Room, chat_id: int) -> Call:
    """The bot's latest message in ``chat_id`` (the question)."""
    return room.world.api.sent("sendMessage", chat_id)[-1]


async def test_the_facilitator_is_asked_privately_and_the_taps_open_the_fishbowl(
        world: World) -> None:
    room = await open_room(world, people=3)
    await room.fatma.say(None, "/start")
    before = count_new(world.api, room.chat.id)
    await room.say(room.fatma, f"/fishbowl {TOPIC}")
    question = asked(room, room.fatma.id)
    assert question.params["text"] == CHAIRS
    assert count_new(world.api, room.chat.id) == before  # nothing in the group yet
    await room.fatma.press(question, T("fishbowl.pick_chairs", count=4))
    assert world.last_bot_message(question)["text"].endswith(T("fishbowl.ask_seat_time"))
    await room.fatma.press(question, T("fishbowl.pick_seat_time", count=5))
    state = await room.state()
    assert (state.topic, state.chairs, state.seat_minutes) == (TOPIC, 4, 5)
    assert world.last_bot_message(question)["text"].endswith(
        "→ " + T("fishbowl.pick_seat_time", count=5))
    assert count_new(world.api, room.chat.id) == before + 1  # the live message only


async def test_a_seat_time_given_is_not_asked_again_and_no_seat_time_is_a_choice(
        world: World) -> None:
    room = await open_room(world, people=3)
    await room.fatma.say(None, "/start")
    await room.say(room.fatma, f"/fishbowl 4 Min. {TOPIC}")
    await room.fatma.press(asked(room, room.fatma.id), T("fishbowl.pick_chairs", count=6))
    state = await room.state()
    assert (state.chairs, state.seat_minutes) == (6, 4)
    await room.say(room.fatma, "/close")
    await room.say(room.fatma, f"/fishbowl {TOPIC}")
    question = asked(room, room.fatma.id)
    await room.fatma.press(question, T("fishbowl.pick_chairs", count=3))
    await room.fatma.press(question, T("fishbowl.pick_no_seat_time"))
    state = await room.state()
    assert (state.chairs, state.seat_minutes, state.phase) == (3, None, "open")


async def test_without_the_private_chat_only_the_facilitator_answers_in_the_group(
        world: World) -> None:
    room = await open_room(world, people=3)
    before = count_new(world.api, room.chat.id)
    await room.say(room.fatma, f"/fishbowl {TOPIC}")
    question = asked(room, room.chat.id)
    assert question.params["text"] == CHAIRS
    await room.people[0].press(question, T("fishbowl.pick_chairs", count=5))
    assert room.hints()[-1] == T("choice.not_yours")
    await room.fatma.press(question, T("fishbowl.pick_chairs", count=5))
    await room.people[0].press(question, T("fishbowl.pick_seat_time", count=8))
    assert room.hints()[-1] == T("choice.not_yours")
    await room.fatma.press(question, T("fishbowl.pick_seat_time", count=8))
    state = await room.state()
    assert (state.topic, state.chairs, state.seat_minutes) == (TOPIC, 5, 8)
    assert (room.chat.id, question.result["message_id"]) not in world.api.messages
    assert count_new(world.api, room.chat.id) - before == 2  # the question (gone), the live one


async def test_an_old_question_s_button_opens_nothing_twice(world: World) -> None:
    room = await open_room(world, people=3)
    await room.fatma.say(None, "/start")
    await room.say(room.fatma, f"/fishbowl {TOPIC}")
    question = asked(room, room.fatma.id)
    chairs = world.last_bot_message(question)["reply_markup"]["inline_keyboard"][0][0]
    await room.fatma.press(question, T("fishbowl.pick_chairs", count=4))
    await room.fatma.press_data(world.last_bot_message(question), chairs["callback_data"])
    assert room.hints()[-1] == T("core.stale_button")
    assert world.last_bot_message(question)["text"].endswith(T("fishbowl.ask_seat_time"))
    assert not any(str(call.params["text"]).startswith(T("fishbowl.live_title", topic=TOPIC))
                   for call in world.api.sent("sendMessage", room.chat.id))
