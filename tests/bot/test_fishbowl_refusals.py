"""Bad input in a fishbowl: each gets a clear answer in the person's language, changes nothing."""

from __future__ import annotations

from bot.simulate import World
from flows import fishbowl as fb
from tests.bot.test_fishbowl_room import (
    JOIN,
    NO_FREE_CHAIR,
    TOPIC,
    Room,
    T,
    open_room,
    seat_rapporteurs,
)

STEER_ONLY = T("not_allowed.steer")
RECORD_ONLY = T("not_allowed.record")


async def opened(world: World, *, people: int = 6, chairs: int = 5) -> Room:
    room = await open_room(world, people=people)
    await room.say(room.fatma, f"/fishbowl {chairs} Stühle {TOPIC}")
    return room


async def test_queueing_twice_or_while_seated_is_refused(world: World) -> None:
    room = await opened(world)
    ws1, _, _ = await seat_rapporteurs(room)
    await room.say(room.people[3], "/join")
    before = await room.state()
    await room.say(room.people[3], "/join")
    assert room.last_text() == T("fishbowl.already_queued", position=1)
    await room.say(ws1, "/join")
    assert room.last_text() == T("fishbowl.queue_while_seated")
    await ws1.press(room.live(), JOIN)
    assert room.hints()[-1] == T("fishbowl.queue_while_seated")
    assert await room.state() == before


async def test_next_with_an_empty_queue_or_no_free_chair_is_refused(world: World) -> None:
    room = await opened(world, chairs=4)
    await seat_rapporteurs(room)
    await room.say(room.fatma, "/next")
    assert room.last_text() == T("fishbowl.queue_empty")
    await room.say(room.people[3], "/join")
    await room.say(room.people[4], "/join")
    await room.say(room.fatma, "/next")
    before = await room.state()
    await room.say(room.fatma, "/next")
    assert room.last_text() == NO_FREE_CHAIR
    assert await room.state() == before


async def test_seating_someone_twice_or_more_than_the_chairs_allow_is_refused(
    world: World,
) -> None:
    room = await opened(world, chairs=3)
    ws1, ws2 = room.people[:2]
    await room.say(room.fatma, "/seat WS1", reply_to=room.hello[ws1.id])
    await room.say(room.fatma, "/seat WS1", reply_to=room.hello[ws1.id])
    assert room.last_text() == T("fishbowl.already_seated")
    await room.say(room.fatma, f"/seat @{ws2.username}")
    await room.say(room.fatma, "/seat", reply_to=room.hello[room.people[2].id])
    assert room.last_text() == T("fishbowl.circle_full", max=2)
    assert [seat.user_id for seat in fb.occupants(await room.state())] == [ws1.id, ws2.id]


async def test_seat_without_a_person_or_with_an_unknown_username_explains_how(
    world: World,
) -> None:
    room = await opened(world)
    await room.say(room.fatma, "/seat WS1")
    assert room.last_text() == T("fishbowl.seat_how")
    await room.say(room.fatma, "/seat @niemand WS1")
    assert room.last_text() == T("core.unknown_username", username="@niemand", command="seat")
    await room.say(room.fatma, "/seat WS1", reply_to=room.live())
    assert room.last_text() == T("fishbowl.seat_how")
    assert (await room.state()).seats == ()


async def test_a_speaking_clock_for_someone_not_seated_is_refused(world: World) -> None:
    room = await opened(world)
    await seat_rapporteurs(room)
    await room.say(room.nils, "/speaks", reply_to=room.hello[room.people[4].id])
    assert room.last_text() == T("fishbowl.speaker_not_seated")
    await room.say(room.nils, "/speaks")
    assert room.last_text() == T("fishbowl.speaks_how")
    assert (await room.state()).turns == ()


async def test_steering_and_recording_by_participants_is_refused(world: World) -> None:
    room = await opened(world)
    await seat_rapporteurs(room)
    anna = room.people[4]
    await room.say(anna, "/join")
    before = await room.state()
    for command in ("/fishbowl 5 Noch eine", "/seat WS9", "/next", "/close"):
        await room.say(anna, command, reply_to=room.hello[anna.id])
        assert room.last_text() == STEER_ONLY
    await room.say(anna, "/speaks", reply_to=room.hello[room.people[0].id])
    assert room.last_text() == RECORD_ONLY
    await anna.press(room.live(), "🎙 P0")
    assert room.hints()[-1] == RECORD_ONLY
    await anna.press(room.live(), T("fishbowl.button_order_first_time_first"))
    assert room.hints()[-1] == STEER_ONLY
    assert await room.state() == before


async def test_a_note_taker_may_record_but_not_steer(world: World) -> None:
    room = await opened(world)
    await seat_rapporteurs(room)
    await room.say(room.nils, "/next")
    assert room.last_text() == STEER_ONLY
    await room.nils.press(room.live(), "🎙 P0")
    assert fb.current_speaker(await room.state()) == room.people[0].id


async def test_forged_and_stale_buttons_change_nothing(world: World) -> None:
    room = await opened(world)
    await seat_rapporteurs(room)
    live = room.live()
    join_old_round = room.button_data("🙋")
    await room.people[4].press_data(live, f"fbj|{room.round_id()}|AAAAAAAA")
    assert room.hints()[-1] == T("core.stale_button")
    assert (await room.state()).queue == ()
    await room.say(room.fatma, "/close")
    await room.say(room.fatma, f"/fishbowl 5 Stühle {TOPIC}")
    await room.people[4].press_data(live, join_old_round)
    assert room.hints()[-1] == T("core.round_closed")
    assert (await room.state()).queue == ()


async def test_double_taps_and_repeated_updates_change_nothing(world: World) -> None:
    room = await opened(world)
    await seat_rapporteurs(room)
    live = room.live()
    start_p0 = room.button_data("🎙 P0")
    await room.nils.press_data(live, start_p0)
    await room.nils.press_data(live, start_p0)  # a double tap: the same button twice
    assert room.hints()[-1] == T("fishbowl.already_speaking")
    assert fb.current_speaker(await room.state()) == room.people[0].id
    joined = await room.say(room.people[4], "/join")
    assert room.world.app is not None
    before = await room.state()
    replies = len(room.texts())
    await room.world.deliver({"message": joined})  # Telegram sends the same message again
    assert await room.state() == before
    assert len(room.texts()) == replies


async def test_bad_openings_are_explained(world: World) -> None:
    room = await open_room(world, people=1)
    await room.say(room.fatma, "/fishbowl 12 Stühle Thema")
    assert room.last_text() == T("fishbowl.chairs_out_of_range", min=3, max=9)
    await room.say(room.fatma, "/fishbowl 5 4m")
    assert room.last_text() == T("fishbowl.no_topic")
    await room.say(room.fatma, f"/fishbowl 5 Stühle {TOPIC}")
    await room.say(room.fatma, f"/fishbowl 5 Stühle {TOPIC}")
    assert room.last_text() == T("core.round_already_open")


async def test_points_without_a_turn_or_text_and_fishbowl_moves_without_one_are_explained(
    world: World,
) -> None:
    room = await open_room(world, people=4)
    await room.say(room.people[0], "/join")
    assert room.last_text() == T("fishbowl.none_open")
    await room.say(room.fatma, f"/fishbowl 5 Stühle {TOPIC}")
    await room.say(room.nils, "/point Ziele")  # nobody in the circle yet, nobody spoke
    assert room.last_text() == T("fishbowl.no_turn_yet")
    ws1, _, _ = await seat_rapporteurs(room)
    await room.nils.press(room.live(), "🎙 P0")
    await room.say(room.nils, "/point")
    assert room.last_text() == T("fishbowl.empty_point")
    await room.say(room.people[3], "/point Ich finde auch")
    assert room.last_text() == T("fishbowl.not_speaking")
    await room.say(room.people[3], "Stimmt!", reply_to=room.live())
    assert room.last_text() == T("fishbowl.not_speaking")
    assert all(not turn.points for turn in (await room.state()).turns)
    assert ws1.id == (await room.state()).turns[0].user_id


async def test_a_fishbowl_command_outside_a_session_says_so(world: World) -> None:
    stranger = world.person("Sam", "en", "sam")
    elsewhere = world.group("Not linked")
    await stranger.say(elsewhere, "/join")
    assert world.api.texts(elsewhere.id)[-1].startswith("This chat is not")
