"""The panel as rooms use it: fixed seats, key points without a clock, reminding the missing
groups, ending the session with a confirmation; all through the real Application."""

from __future__ import annotations

from bot.simulate import World
from flows import fishbowl as fb
from locales import translator
from storage import rounds as stored
from tests.bot.test_panel import live, room_with_panel

T = translator("de")


async def fishbowl_state(world: World) -> fb.FishbowlState:
    async with world.app.bot_data["services"].db.transaction() as tx:  # type: ignore[union-attr]
        record = await stored.get_round(tx, 1)
    assert record is not None
    return fb.FishbowlState.model_validate_json(record.state_json)


async def test_a_seat_is_fixed_and_freed_from_the_panel_and_the_live_message_shows_it(
    world: World,
) -> None:
    room, panel, (anna, _, _) = await room_with_panel(world)
    await panel.tap("Fishbowl")
    await panel.type("Was nehmen wir mit?")
    await panel.tap("ohne Zeitlimit")
    fishbowl = live(world, room, "🐟")
    await anna.press(fishbowl, "Stuhl")
    await panel.tap("🔄")
    await panel.tap("Nächste Person: Anna")
    posted = len(world.api.sent("sendMessage", room.chat.id))
    await panel.tap(T("panel.fix", name="Anna"))
    assert T("panel.unfix", name="Anna") in panel.labels()
    assert "📌 fester Platz" in str(live(world, room, "🐟")["text"])
    assert len(world.api.sent("sendMessage", room.chat.id)) == posted, "the live message is edited"
    assert [s.fixed for s in fb.occupants(await fishbowl_state(world))] == [True]
    await panel.tap(T("panel.unfix", name="Anna"))
    assert T("panel.fix", name="Anna") in panel.labels()
    assert [s.fixed for s in fb.occupants(await fishbowl_state(world))] == [False]


async def test_a_key_point_without_a_clock_goes_to_the_last_seated_or_the_one_named(
    world: World,
) -> None:
    room, panel, (anna, bernd, _) = await room_with_panel(world)
    await panel.tap("Fishbowl")
    await panel.type("Was nehmen wir mit?")
    await panel.tap("ohne Zeitlimit")
    fishbowl = live(world, room, "🐟")
    for person in (anna, bernd):
        await person.press(fishbowl, "Stuhl")
    await panel.tap("🔄")
    await panel.tap("Nächste Person: Anna")
    await panel.tap("Nächste Person: Bernd")
    await room.say(room.fatma, "/point Mehr Grün im Quartier")
    state = await fishbowl_state(world)
    assert [(t.user_id, t.timed, [p.text for p in t.points]) for t in state.turns] == [
        (bernd.id, False, ["Mehr Grün im Quartier"])
    ]
    offer = [c for c in world.api.sent("sendMessage", room.fatma.id)
             if "Kernpunkt notiert für Bernd" in str(c.params.get("text", ""))]
    assert offer, "the note-taker is offered the other seated people"
    await room.fatma.press(offer[-1], "Anna")
    state = await fishbowl_state(world)
    assert [(t.user_id, [p.text for p in t.points]) for t in state.turns] == [
        (anna.id, ["Mehr Grün im Quartier"])
    ]
    await panel.tap("Beenden")
    assert fb.speaking_seconds(await fishbowl_state(world)) == {}


async def test_the_panel_reminds_the_missing_groups_privately(world: World) -> None:
    room, panel, (anna, bernd, _) = await room_with_panel(world)
    await bernd.say(None, "/start")
    await panel.tap("Entwicklungsbeirat")
    await panel.type("Wie nutzen wir den alten Bahnhof?")
    await panel.type("Verwaltung\nPolitik")
    await panel.tap("15 Min.")
    council = live(world, room, "🏛")
    await anna.press(council, "Verwaltung")
    await bernd.press(council, "Politik")
    await room.say(anna, "/interest Flächen sichern weil Gewerbesteuer")
    await panel.tap("🔄")
    posted = len(world.api.sent("sendMessage", room.chat.id))
    await panel.tap(T("panel.remind_missing"))
    reminders = [c for c in world.api.sent("sendMessage", bernd.id)
                 if "Erinnerung" in str(c.params.get("text", ""))]
    assert len(reminders) == 1 and "„Politik“" in str(reminders[0].params["text"])
    assert not [c for c in world.api.sent("sendMessage", anna.id)
                if "Erinnerung" in str(c.params.get("text", ""))]
    assert len(world.api.sent("sendMessage", room.chat.id)) == posted, "nothing in the group"


async def test_the_session_ends_from_the_panel_after_a_confirmation(world: World) -> None:
    room, panel, _ = await room_with_panel(world)
    await panel.tap(T("panel.end_session"))
    assert panel_text_now(world, room.fatma.id) == T("panel.end_confirm", session="Werkstatt 2")
    await room.fatma.press(last_private(world, room.fatma.id), "Nein, zurück")
    assert not world.api.sent("sendDocument", room.fatma.id)
    await panel.tap(T("panel.end_session"))
    await room.fatma.press(last_private(world, room.fatma.id), "Ja, beenden")
    assert world.api.sent("sendDocument", room.fatma.id), "the draft went to the facilitator"
    assert any("beendet" in text for text in world.api.texts(room.chat.id))


def last_private(world: World, user_id: int) -> dict[str, object]:
    """The latest private message to the person, as it shows now (edited in place)."""
    call = world.api.sent("sendMessage", user_id)[-1]
    return world.last_bot_message(call)


def panel_text_now(world: World, user_id: int) -> str:
    return str(last_private(world, user_id)["text"])
