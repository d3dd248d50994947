"""A quiet group for the council and the fishbowl: whole rounds counted against their budget.

The budget comes from the rules of a quiet group: opening posts the live
message (and pins it, the pin notice counted); a council round change posts
one line; a fishbowl seat change edits the live message and posts only when
someone must act (asked to make room); the time is a notice; the result of a
round is one message.
"""

from __future__ import annotations

from bot.offline import BOT_ID
from bot.simulate import World
from flows import fishbowl as fb
from locales import translator
from tests.bot.budget import budget
from tests.bot.helpers import appoint_facilitator, workshop
from tests.bot.test_council_agreement import agree, in_round
from tests.bot.test_council_groups import GROUPS, OPEN, PEOPLE, Room, state_interests
from tests.bot.test_council_steering import fire
from tests.bot.test_fishbowl_room import JOIN, TOPIC, Clock, T, clock, open_room

__all__ = ["clock"]  # the fixture, used by name below

OPENING = 2
"""The live message and the notice of its pin."""
RESULT = 1
"""The result of a round, in one message."""
ROUND_CHANGES = 3
"""Four council rounds: three changes, one line each."""
COUNCIL_ROUND = OPENING + ROUND_CHANGES + RESULT
REQUESTS_TO_MAKE_ROOM = 2
"""In the fishbowl below six people take a seat and two leave; twice the circle fills up, and
the longest seated on a seat not fixed is asked to make room: the one seat change posted."""
TIME_NOTICES = 2
"""More time, and one minute left."""
FISHBOWL_ROUND = OPENING + REQUESTS_TO_MAKE_ROOM + TIME_NOTICES + RESULT


async def test_a_whole_council_round_posts_one_line_per_round_and_one_result(
    world: World,
) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma", "de", "fatma")
    await appoint_facilitator(shop, fatma)
    room = Room(world, shop, fatma, None)
    world.api.chat_admins[room.chat.id].add(BOT_ID)
    with budget(world.api, room.chat.id, COUNCIL_ROUND, "a council round") as spent:
        await room.say(fatma, OPEN)
        for group, names in PEOPLE.items():
            room.members[group] = []
            for name in names[:2]:
                person = world.person(name, "de", name.lower())
                await person.press(room.live(), group)
                room.members[group].append(person)
        await state_interests(room)
        for _ in range(3):
            await room.say(fatma, "/round")
        await room.say(fatma, "/close")
        await world.settle()
    assert spent.spent == COUNCIL_ROUND
    assert room.texts()[-1].startswith("Der Entwicklungsbeirat ist beendet.")
    assert "Beendet." in room.live_text()


async def test_the_councils_result_with_proposals_stances_and_objections_is_one_message(
    world: World,
) -> None:
    room = await in_round(
        world, 4, ("Wirtschaft", "Gewerbehof am Kanal"), ("Politik", "Wohnungen statt Hallen"))
    for group in GROUPS:
        await agree(room, room.members[group], proposal=1)
    jana = room.first("Wirtschaft")
    await jana.say(None, "/start")
    await jana.press(room.live(), "2 ✋")
    await jana.say(None, "Dann verlieren wir 300 Arbeitsplätze")
    with budget(world.api, room.chat.id, RESULT, "the council's result") as spent:
        await room.say(room.fatma, "/close")
    assert spent.spent == RESULT
    t = translator("de")
    result = room.last_text()
    assert result.startswith(t("council.closed", agreed=1, objections=1))
    assert room.agreed(1, "Gewerbehof am Kanal") and not room.agreed(2, "Wohnungen statt Hallen")
    assert "Wirtschaft ✋" in result
    assert result.endswith(t("council.result_objection", proposal=2, group="Wirtschaft",
                             member="Jana", reason="Dann verlieren wir 300 Arbeitsplätze"))


async def test_a_whole_fishbowl_posts_only_when_someone_must_make_room(
    world: World, clock: Clock,
) -> None:
    room = await open_room(world, people=8)
    ws1, ws2, ws3, *waiting = room.people
    world.api.chat_admins[room.chat.id].add(BOT_ID)
    await room.nils.say(None, "/start")  # the note-taker opened the private chat
    with budget(world.api, room.chat.id, FISHBOWL_ROUND, "a fishbowl") as spent:
        await room.say(room.fatma, f"/fishbowl 5 Stühle {TOPIC}")
        await room.say(room.fatma, "/seat WS1 fest", reply_to=room.hello[ws1.id])
        await room.say(room.fatma, f"/seat @{ws2.username} WS2 fest")
        await room.say(room.fatma, "/seat WS3", reply_to=room.hello[ws3.id])
        for index, person in enumerate(waiting):
            if index % 2:
                await room.say(person, "/join")
            else:
                await person.press(room.live(), JOIN)

        await room.nils.press(room.live(), "🎙 P0")  # the clock runs: the point is P0's
        clock.advance(60)
        await room.say(room.nils, "/point Strategie braucht klare Ziele")
        await room.nils.press(room.live(), "⏹ P0")
        await room.say(room.fatma, "/next")  # P3 takes a free chair
        clock.advance(30)
        await room.say(room.nils, "/point Verwaltung breit einbinden")  # no clock: P3, seated last
        offer = [c for c in world.api.sent("sendMessage", room.nils.id)
                 if "P3" in str(c.params.get("text", "")) and c.params.get("reply_markup")]
        await room.nils.press(offer[-1], "P1")  # it was P1 who said it

        await room.say(room.fatma, "/next")  # P4 takes the empty chair: P2 must make room
        await ws3.press(room.live(), T("fishbowl.button_leave_circle"))
        await room.say(room.fatma, "/next")  # P5 takes the empty chair: P3 must make room
        request = room.message_with(T("fishbowl.took_empty_chair_fixed", newcomer="P5",
                                      leaver="P3"))
        await room.fatma.press(request, T("fishbowl.button_unseat", name="P3"))
        await room.nils.press(room.live(), "🎙 P5")
        clock.advance(45)
        await room.say(room.nils, "Mehr Mut zu Experimenten", reply_to=room.live())

        await room.say(room.fatma, "/extend 10m")
        await fire(world, f"warn:{room.round_id()}")
        await room.say(room.fatma, "/close")
        await world.settle()
    assert spent.spent == FISHBOWL_ROUND

    state = await room.state()
    points = {turn.user_id: [p.text for p in turn.points] for turn in state.turns if turn.points}
    assert points == {ws1.id: ["Strategie braucht klare Ziele"],
                      ws2.id: ["Verwaltung breit einbinden"],
                      waiting[2].id: ["Mehr Mut zu Experimenten"]}
    assert fb.seat_order(state) == (ws1.id, ws2.id, ws3.id, *(p.id for p in waiting[:3]))
    t = translator("de")
    requests = [text for text in room.texts() if text.startswith("🪑")]
    assert requests == [t("fishbowl.took_empty_chair_fixed", newcomer="P4", leaver="P2"),
                        t("fishbowl.took_empty_chair_fixed", newcomer="P5", leaver="P3")]
    assert room.last_text().startswith(t("fishbowl.closed", topic=TOPIC, people=6, minutes=2))
