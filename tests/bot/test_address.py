"""An event's address reaches every message to a person: refusals and help in its chats speak
as the event chose (Sie or du); outside an event the bot says Sie."""

from __future__ import annotations

import pytest

from bot.simulate import SimPerson, World
from locales import translator
from tests.bot.helpers import Workshop
from tests.bot.test_hostile_input import NOT_TEXT
from tests.bot.test_pinboard import OPEN, Room, opened


async def choose_address(world: World, shop: Workshop, address: str) -> None:
    """The organizer sets the event's address from /events, as people do."""
    olga = shop.organizer
    await olga.say(None, "/events")
    await olga.press(world.api.sent("sendMessage", olga.id)[-1], "Anrede")
    choices = world.api.sent("sendMessage", olga.id)[-1]
    await olga.press(choices, translator("de")(f"core.address_{address}"))


async def addressed_room(world: World, address: str) -> Room:
    here = await opened(world)
    await choose_address(world, here.shop, address)
    await here.fatma.say(None, "/start")
    return here


@pytest.mark.parametrize("address", ["sie", "du"])
async def test_a_refusal_in_an_event_speaks_as_the_event_chose(world: World, address: str
                                                               ) -> None:
    here = await addressed_room(world, address)
    await here.say(here.fatma, OPEN)
    t = translator("de", address)
    assert world.api.texts(here.fatma.id)[-1] == t("core.round_already_open")
    assert t("core.round_already_open") != translator(
        "de", "du" if address == "sie" else "sie")("core.round_already_open")


@pytest.mark.parametrize("address", ["sie", "du"])
async def test_help_in_an_event_speaks_as_the_event_chose(world: World, address: str) -> None:
    here = await addressed_room(world, address)
    await here.say(here.fatma, "/help")
    t = translator("de", address)
    assert world.api.texts(here.fatma.id)[-1].startswith(
        t("help.title", role=t("role.facilitator")))


async def told_privately(world: World, person: SimPerson) -> list[str]:
    """What the bot answers a person privately to /help, a stray text and a sticker."""
    await person.say(None, "/help")
    await person.say(None, "Hallo?")
    await person.send(None, NOT_TEXT["sticker"])
    return world.api.texts(person.id)[-3:]


def addressed_as(told: list[str], address: str) -> bool:
    """The private answers (``told_privately``) speak with ``address``."""
    t = translator("de", address)
    return (told[0].startswith(t("help.title", role=t("role.participant")))
            and told[1:] == [t("core.no_dialog"), t("core.text_expected")])


@pytest.mark.parametrize("address", ["sie", "du"])
async def test_privately_a_participant_is_addressed_as_their_event_chose(
        world: World, address: str) -> None:
    here = await addressed_room(world, address)
    paul = world.person("Paul", "de", "paul")
    await here.say(paul, "Guten Morgen!")
    assert addressed_as(await told_privately(world, paul), address)


async def test_privately_a_facilitator_is_addressed_as_their_event_chose(world: World) -> None:
    here = await addressed_room(world, "du")
    assert addressed_as(await told_privately(world, here.fatma), "du")


async def test_outside_any_event_the_bot_says_sie(world: World) -> None:
    await addressed_room(world, "du")
    nina = world.person("Nina", "de", "nina")
    assert addressed_as(await told_privately(world, nina), "sie")


async def test_the_private_address_follows_a_new_session_and_a_changed_address(
        world: World) -> None:
    """Remembered per person, and forgotten when they join a session or the event changes."""
    here = await addressed_room(world, "du")
    paul = world.person("Paul", "de", "paul")
    await paul.say(None, "Hallo?")
    await here.say(paul, "Guten Morgen!")
    await paul.say(None, "Hallo?")
    await choose_address(world, here.shop, "sie")
    await paul.say(None, "Hallo?")
    assert world.api.texts(paul.id)[-3:] == [translator("de", address)("core.no_dialog")
                                            for address in ("sie", "du", "sie")]

