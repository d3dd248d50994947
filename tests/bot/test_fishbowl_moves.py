"""The fishbowl's smaller moves end to end: clocks, key points, leaving, a quiet live message."""

from __future__ import annotations

from pathlib import Path

from bot.offline import OfflineBotAPI
from bot.simulate import World
from flows import fishbowl as fb
from locales import translator
from tests.bot.test_fishbowl_room import (
    JOIN,
    TOPIC,
    Clock,
    T,
    before_time,
    clock,
    open_room,
    seat_rapporteurs,
)
from tests.conftest import offline_settings

__all__ = ["clock"]  # the fixture, used by name below


async def test_a_burst_of_fifteen_queueing_costs_one_edit_and_no_group_message(
    tmp_path: Path,
) -> None:
    world = World(offline_settings(tmp_path, live_interval=3.0),
                  api=OfflineBotAPI(enforce_limits=True))
    await world.start()
    try:
        room = await open_room(world)
        await room.say(room.fatma, f"/fishbowl 5 Stühle {TOPIC}")
        messages = len(world.api.sent("sendMessage", room.chat.id))
        edits = len(world.api.sent("editMessageText", room.chat.id))
        for person in room.people:
            await room.say(person, "/join", settle=False)
        await world.settle()
        assert len(world.api.sent("editMessageText", room.chat.id)) == edits + 1
        assert len(world.api.sent("sendMessage", room.chat.id)) == messages
        assert len(world.api.sent("setMessageReaction", room.chat.id)) == 15
        assert "15. P14" in room.live_text()
        assert world.api.too_many_answers == 0
    finally:
        await world.stop()


async def test_the_speakers_own_point_and_a_reply_with_speaks_start_and_stop_clocks(
    world: World, clock: Clock
) -> None:
    room = await open_room(world, people=4)
    await room.say(room.fatma, f"/fishbowl 5 Stühle {TOPIC}")
    ws1, ws2, _ = await seat_rapporteurs(room)
    await room.say(room.nils, "/speaks", reply_to=room.hello[ws1.id])
    clock.advance(30)
    await room.say(ws1, "/point Wir brauchen eine Kommunalstrategie")
    await room.say(room.fatma, f"/speaks @{ws2.username}")
    clock.advance(45)
    await room.say(room.fatma, "/speaks", reply_to=room.hello[ws2.id])
    state = await room.state()
    assert [(t.user_id, t.end is not None) for t in state.turns] == [(ws1.id, True), (ws2.id, True)]
    assert fb.speaking_seconds(state) == {ws1.id: 30, ws2.id: 45}
    assert state.turns[0].points[0].text == "Wir brauchen eine Kommunalstrategie"
    assert len(world.api.sent("setMessageReaction", room.chat.id)) == 4


async def test_a_named_point_goes_to_that_persons_latest_turn(world: World) -> None:
    room = await open_room(world, people=4)
    await room.say(room.fatma, f"/fishbowl 5 Stühle {TOPIC}")
    ws1, ws2, _ = await seat_rapporteurs(room)
    await room.nils.press(room.live(), "🎙 P0")
    await room.nils.press(room.live(), "🎙 P1")
    await room.say(room.nils, f"/point @{ws1.username} Betroffene beteiligen")
    await room.say(room.nils, "Wertschätzung und Augenhöhe", reply_to=room.hello[ws1.id])
    await room.say(room.nils, "/point Transparenz", reply_to=room.hello[ws1.id])
    await room.say(room.nils, "/point Rolle der Politik")
    state = await room.state()
    assert [p.text for p in state.turns[0].points] == ["Betroffene beteiligen", "Transparenz"]
    assert [p.text for p in state.turns[1].points] == ["Rolle der Politik"]
    assert ws2.id == state.turns[1].user_id


async def test_a_reply_to_the_request_to_make_room_goes_to_the_newcomer_or_the_floor(
    world: World,
) -> None:
    room = await open_room(world, people=4)
    await room.say(room.fatma, f"/fishbowl 4 Stühle {TOPIC}")
    await seat_rapporteurs(room)
    await room.say(room.people[3], "/join")
    await room.say(room.fatma, "/next")
    request = room.message_with(T("fishbowl.took_empty_chair", newcomer="P3", leaver="P0"))
    await room.say(room.nils, "Neue Perspektive von außen", reply_to=request)
    await room.nils.press(room.live(), "🎙 P2")
    without_buttons = dict(request)  # Telegram may leave a replied message's buttons out
    without_buttons.pop("reply_markup")
    await room.say(room.nils, "Hürden gemeinsam abbauen", reply_to=without_buttons)
    state = await room.state()
    newcomer = next(turn for turn in state.turns if turn.user_id == room.people[3].id)
    assert [p.text for p in newcomer.points] == ["Neue Perspektive von außen"]
    assert state.turns[-1].points[0].text == "Hürden gemeinsam abbauen"
    assert state.turns[-1].user_id == room.people[2].id


async def test_the_person_asked_to_leave_is_recorded_as_gone_by_the_facilitators_tap(
    world: World,
) -> None:
    room = await open_room(world, people=6)
    await room.say(room.fatma, f"/fishbowl 4 Stühle {TOPIC}")
    ws1, _, _ = await seat_rapporteurs(room)
    await room.say(room.people[3], "/join")
    await room.say(room.fatma, "/next")
    asked = T("fishbowl.took_empty_chair", newcomer="P3", leaver="P0")
    assert room.last_text() == asked
    assert T("fishbowl.live_asked_to_leave") in room.live_text()
    posted = len(room.texts())
    await room.fatma.press(room.message_with(asked), T("fishbowl.button_unseat", name="P0"))
    assert len(room.texts()) == posted, "the live message shows it"
    assert T("fishbowl.live_empty_chair") in room.live_text()
    state = await room.state()
    assert not fb.is_seated(state, ws1.id) and state.asked_to_leave is None


async def test_someone_else_leaving_lets_the_asked_person_stay(world: World) -> None:
    room = await open_room(world, people=6)
    await room.say(room.fatma, f"/fishbowl 4 Stühle {TOPIC}")
    _, _, ws3 = await seat_rapporteurs(room)
    await room.say(room.people[3], "/join")
    await room.say(room.fatma, "/next")
    request = room.message_with(T("fishbowl.took_empty_chair", newcomer="P3", leaver="P0"))
    await ws3.press(room.live(), T("fishbowl.button_leave_circle"))
    assert room.last_text() == T("fishbowl.may_stay", person="P0")
    deleted = [c.params["message_id"] for c in world.api.sent("deleteMessage", room.chat.id)]
    assert request["message_id"] in deleted, "the request to make room is replaced"


async def test_leaving_the_queue_by_button_updates_the_positions(world: World) -> None:
    room = await open_room(world, people=6)
    await room.say(room.fatma, f"/fishbowl 5 Stühle {TOPIC}")
    for person in room.people[:3]:
        await person.press(room.live(), JOIN)
    await room.people[0].press(room.live(), T("fishbowl.button_leave_queue"))
    assert room.hints()[-1] == T("fishbowl.left_queue")
    assert "1. P1\n2. P2" in room.live_text()


async def test_an_overall_duration_by_extend_closes_the_fishbowl_with_its_summary(
    world: World,
) -> None:
    room = await open_room(world, people=4)
    await room.say(room.fatma, f"/fishbowl 5 Stühle {TOPIC}")
    await seat_rapporteurs(room)
    await room.say(room.fatma, "/extend 20m")
    assert room.last_text() == T("fishbowl.extended", minutes=20)
    assert before_time("fishbowl.live_until") in room.live_text()
    app = world.app
    assert app is not None and app.job_queue is not None
    expiry = [j for j in app.job_queue.jobs() if (j.name or "").startswith("deadline:")]
    await expiry[0].run(app)
    await world.settle()
    assert room.last_text().startswith(T("fishbowl.time_up", topic=TOPIC, people=3, minutes=0))
    order = T("fishbowl.summary_order", names="P0 (WS1), P1 (WS2), P2 (WS3)")
    assert order in room.last_text()
    assert room.live_text().startswith(T("fishbowl.live_closed", topic=TOPIC))
    assert not [j for j in app.job_queue.jobs() if (j.name or "").startswith("remind:")]


async def test_english_speaking_groups_see_the_fishbowl_in_english(world: World) -> None:
    room = await open_room(world, people=3)
    john = world.person("John", "en", "john")
    await room.say(john, "Hi")
    await room.say(room.fatma, f"/fishbowl 3 2m {TOPIC}")
    english = translator("en")
    await john.press(room.live(), "🙋")
    assert room.hints()[-1] == english("fishbowl.queued", position=1)
    await john.press(room.live(), "🙋")
    assert room.hints()[-1] == english("fishbowl.already_queued", position=1)


async def test_a_thank_you_in_reply_to_the_closed_fishbowl_is_left_alone(world: World) -> None:
    room = await open_room(world, people=4)
    await room.say(room.fatma, f"/fishbowl 5 Stühle {TOPIC}")
    await seat_rapporteurs(room)
    live = room.live()
    await room.say(room.fatma, "/close")
    replies = len(room.texts())
    await room.say(room.people[3], "Danke für die Runde!", reply_to=live)
    assert len(room.texts()) == replies


async def test_rapporteurs_seated_with_fest_are_never_asked_to_make_room(world: World) -> None:
    room = await open_room(world, people=7)
    await room.say(room.fatma, f"/fishbowl 4 Stühle {TOPIC}")
    ws1, ws2, *others = room.people[:7]
    await room.say(room.fatma, "/seat WS1 fest", reply_to=room.hello[ws1.id])
    await room.say(room.fatma, f"/seat @{ws2.username} WS2 fest")
    assert room.live_text().count("📌 fester Platz") == 2
    for person in others:
        await room.say(person, "/join")
    await room.say(room.fatma, "/next")  # a free chair: nobody must make room
    asked = []
    for turn in range(3):
        await room.say(room.fatma, "/next")
        state = await room.state()
        assert state.asked_to_leave is not None
        asked.append(state.asked_to_leave)
        await room.fatma.press(room.message_with("nimmt den freien Stuhl."), "ist aufgestanden")
        if turn == 1:  # the rapporteur of WS1 goes back to the room's rhythm
            await room.say(room.fatma, "/seat lösen", reply_to=room.hello[ws1.id])
            assert room.live_text().count("📌 fester Platz") == 1
    assert asked == [others[0].id, others[1].id, ws1.id], "a freed seat is asked again"
    assert ws2.id not in [seat.user_id for seat in state.seats if seat.end is not None]
