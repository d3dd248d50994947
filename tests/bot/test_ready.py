"""Checking readiness before the day, end to end: ``/ready`` names exactly the sessions without
a facilitator, the role holders who never opened the private chat and the groups where the bot
lacks a right; after they are fixed, "Neu prüfen" edits the same message to "Alles bereit";
anyone but an organizer is refused."""

from __future__ import annotations

from typing import Any

from bot.offline import BOT_ID
from bot.simulate import SimPerson, World
from tests.bot.helpers import Workshop, appoint_facilitator, workshop
from tests.bot.kit import labels, last_to, services, t


def lines(*parts: str) -> str:
    return "\n".join(parts)


async def event_with_two_sessions(world: World) -> tuple[Workshop, Any, SimPerson, SimPerson]:
    """Werkstatt 2 with Fatma (facilitator) and Nora (note-taker, who never opened the private
    chat); Werkstatt 3 without a facilitator, where the bot may not pin."""
    shop = await workshop(world)
    second = world.group("Werkstatt 3")
    await shop.organizer.say(second, f"/start {shop.code}")
    for group in (shop.group, second):
        world.api.chat_admins[group.id].add(BOT_ID)
    world.api.rights[(second.id, BOT_ID)] = {"can_pin_messages": False}
    fatma = world.person("Fatma")
    await fatma.say(None, "/start")
    await appoint_facilitator(shop, fatma)
    nora = world.person("Nora")
    hello = await nora.say(shop.group, "Ich schreibe mit.")
    await shop.organizer.say(shop.group, "/notetaker", reply_to=hello)
    return shop, second, fatma, nora


async def test_ready_names_what_is_missing_and_says_all_ready_once_it_is_fixed(
    world: World,
) -> None:
    shop, second, fatma, nora = await event_with_two_sessions(world)
    olga = shop.organizer
    await olga.say(None, "/ready")
    answer = last_to(world, olga)
    assert answer.params["text"] == "\n\n".join((
        t("ready.title", title="Kommunalkonferenz"),
        lines(t("ready.session", title="Werkstatt 2"),
              t("ready.facilitators", names="Fatma"),
              t("ready.notetakers", names=t("ready.unreachable", name="Nora")),
              t("ready.bot_ready")),
        lines(t("ready.session", title="Werkstatt 3"),
              t("ready.no_facilitator"),
              t("ready.no_notetaker"),
              t("ready.bot_lacks", rights=t("ready.right_pin"))),
        t("ready.open", count=3),
    ))
    message = world.last_bot_message(answer)
    assert labels(message) == [t("ready.recheck")]

    await nora.say(None, "/start")
    await fatma.say(second, "Ich moderiere hier auch.")
    del world.api.rights[(second.id, BOT_ID)]
    sent = len(world.api.sent("sendMessage", olga.id))
    await olga.press(message, t("ready.recheck"))
    again = world.api.messages[(olga.id, message["message_id"])]["text"]
    assert again.endswith(t("ready.all_ready"))
    assert t("ready.facilitators", names="Fatma") + "\n" + t("ready.no_notetaker") in again
    assert t("ready.unreachable", name="Nora") not in again
    assert len(world.api.sent("sendMessage", olga.id)) == sent  # edited in place


async def test_a_role_holder_seen_in_no_group_and_a_group_the_bot_does_not_administer(
    world: World,
) -> None:
    shop = await workshop(world)
    otto = world.person("Otto", "de", "otto")
    await otto.say(None, "/start")
    await shop.organizer.say(shop.group, "/facilitator @otto")
    world.api.started.discard(otto.id)  # he blocked the bot since
    await shop.organizer.say(None, "/ready")
    text = last_to(world, shop.organizer).params["text"]
    assert t("ready.no_facilitator") in text
    assert t("ready.bot_not_admin") in text
    assert t("ready.unreachable_elsewhere", names="Otto") in text
    assert text.endswith(t("ready.open", count=3))


async def test_events_has_the_button_and_a_facilitator_is_refused(world: World) -> None:
    shop, _, fatma, _ = await event_with_two_sessions(world)
    olga = shop.organizer
    await olga.say(None, "/events")
    await olga.press(last_to(world, olga), t("ready.button", code=shop.code))
    assert last_to(world, olga).params["text"].startswith(
        t("ready.title", title="Kommunalkonferenz"))

    await fatma.say(None, "/ready")
    assert world.api.texts(fatma.id)[-1] == t("kit.no_events")
    some = world.last_bot_message(world.api.sent("sendMessage", fatma.id)[-1])
    for action in ("rdev", "rdnew"):
        await fatma.press_data(some, services(world).signer.pack(fatma.id, action, 1))
        assert world.api.sent("answerCallbackQuery")[-1].params["text"] == t(
            "not_allowed.organize")
        assert not any(t("ready.title", title="Kommunalkonferenz") in text
                       for text in world.api.texts(fatma.id))
