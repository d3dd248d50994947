"""Results back to the people, end to end: /results sends the final documentation (or a note
with a link) privately to everyone registered or taking part who asked for it, once, within
Telegram's limits; the API calls are counted."""

from __future__ import annotations

from pathlib import Path

from bot.offline import OfflineBotAPI
from bot.simulate import SimPerson, World
from locales import translator
from storage import kit, people
from tests.bot.helpers import Workshop, workshop
from tests.bot.kit import last_to, services, t
from tests.conftest import offline_settings


async def wanting(world: World, shop: Workshop, person: SimPerson, *, wants: bool,
                  registered: bool = True) -> None:
    """The person as registration leaves them: registered for the event, with their answer."""
    await person.say(None, "/start")
    async with services(world).db.transaction() as tx:
        event = await people.event_by_code(tx, shop.code)
        assert event is not None
        if registered:
            await kit.register(tx, event.id, person.id)
        await kit.set_wants_results(tx, person.id, wants)


def sent_to(world: World, method: str, people_: list[SimPerson], since: int) -> dict[int, int]:
    """How many calls of ``method`` went to each person since call number ``since``."""
    ids = {p.id for p in people_}
    counts: dict[int, int] = {}
    for call in world.api.calls[since:]:
        if call.method == method and call.chat_id in ids:
            counts[call.chat_id] = counts.get(call.chat_id, 0) + 1
    return counts


async def test_the_documentation_goes_once_to_those_who_asked_and_the_others_are_counted(
    world: World,
) -> None:
    shop = await workshop(world)
    anna, bernd, cem, dora, emil = (world.person(n) for n in ("Anna", "Bernd", "Cem", "Dora",
                                                                "Emil"))
    await wanting(world, shop, anna, wants=True)
    await bernd.say(shop.group, "Hallo")  # took part, not registered
    await wanting(world, shop, bernd, wants=True, registered=False)
    await wanting(world, shop, cem, wants=False)
    await wanting(world, shop, dora, wants=True)
    world.api.started.discard(dora.id)  # she blocked the bot since
    await wanting(world, shop, emil, wants=True, registered=False)  # not part of this event
    olga = shop.organizer
    await olga.say(None, "/results")
    screen = last_to(world, olga)
    assert screen.params["text"] == t("kit.results_screen", title="Kommunalkonferenz", count=3,
                                      sent=0)
    everyone = [anna, bernd, cem, dora, emil]
    before = len(world.api.calls)
    await olga.press(screen, t("kit.results_send_file"))
    documents = sent_to(world, "sendDocument", everyone, before)
    assert documents == {anna.id: 1, bernd.id: 1, dora.id: 1}  # Dora's was refused (403)
    tried = [c for c in world.api.calls[before:] if c.method == "sendDocument"]
    assert [bool(c.files) for c in tried] == [True, False, False]  # uploaded once, then by id
    assert tried[0].status == 200 and tried[2].status == 403
    assert sent_to(world, "sendMessage", everyone, before) == {}
    report = world.api.message(olga.id, int(world.api.sent("sendMessage", olga.id)[-1]
                                            .result["message_id"]))
    assert report["text"] == (t("kit.results_done", count=2, title="Kommunalkonferenz") + "\n"
                              + t("kit.results_unreachable", count=1))
    before = len(world.api.calls)
    await olga.press(screen, t("kit.results_send_file"))
    assert sent_to(world, "sendDocument", everyone, before) == {dora.id: 1}


async def test_a_short_note_with_a_link_goes_instead_of_the_file(world: World) -> None:
    shop = await workshop(world)
    anna = world.person("Anna", language="en")
    await wanting(world, shop, anna, wants=True)
    olga = shop.organizer
    await olga.say(None, "/results")
    await olga.press(last_to(world, olga), t("kit.results_send_note"))
    await olga.say(None, "   ")
    assert world.api.texts(olga.id)[-1] == t("kit.note_empty")
    await olga.say(None, "Alles zum Nachlesen: https://example.org/doku")
    ready = last_to(world, olga)
    assert ready.params["text"] == t("kit.results_note_ready", count=1)
    before = len(world.api.calls)
    await olga.press(ready, t("kit.results_send_now", count=1))
    to_anna = [c.params["text"] for c in world.api.calls[before:]
               if c.method == "sendMessage" and c.chat_id == anna.id]
    assert to_anna == [translator("en")("kit.results_note_intro", title="Kommunalkonferenz")
                       + "\n\nAlles zum Nachlesen: https://example.org/doku"]
    assert not [c for c in world.api.calls[before:] if c.method == "sendDocument"]


async def test_only_organizers_send_the_results(world: World) -> None:
    shop = await workshop(world)
    anna = world.person("Anna")
    await wanting(world, shop, anna, wants=True)
    await anna.say(None, "/results")
    assert world.api.texts(anna.id)[-1] == t("kit.no_events")
    forged = services(world).signer.pack(anna.id, "rsgo", 1, "f")
    some = world.last_bot_message(last_to(world, anna))
    await anna.press_data(some, forged)
    assert world.api.sent("answerCallbackQuery")[-1].params["text"] == t("not_allowed.organize")
    assert not world.api.sent("sendDocument", anna.id)


async def test_forty_recipients_are_each_sent_it_once_within_telegrams_limits(
    tmp_path: Path,
) -> None:
    world = World(offline_settings(tmp_path, rate_limit=True),
                  api=OfflineBotAPI(enforce_limits=True))
    await world.start()
    try:
        shop = await workshop(world)
        async with services(world).db.transaction() as tx:
            event = await people.event_by_code(tx, shop.code)
            assert event is not None
            for user_id in range(5000, 5040):
                await people.see_person(tx, user_id, f"P{user_id}", None, "de")
                await kit.register(tx, event.id, user_id)
                await kit.set_wants_results(tx, user_id, True)
                world.api.started.add(user_id)
        olga = shop.organizer
        await olga.say(None, "/results")
        await olga.press(last_to(world, olga), t("kit.results_send_file"))
        calls = world.api.sent("sendDocument")
        delivered = sorted(c.chat_id for c in calls if c.status == 200 and c.chat_id)
        assert delivered == list(range(5000, 5040))  # each once: a 429 is waited out, not lost
        assert len(calls) == 40 + world.api.too_many_answers
        assert world.api.too_many_answers <= 2  # the limiter keeps to about 30 a second
    finally:
        await world.stop()
