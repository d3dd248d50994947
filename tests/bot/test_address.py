"""An event's address reaches every message to a person: refusals and help in its chats speak
as the event chose (Sie or du); outside an event the bot says Sie."""

from __future__ import annotations

import pytest

from bot.simulate import World
from locales import translator
from tests.bot.helpers import Workshop
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


async def test_outside_an_event_the_bot_says_sie(world: World) -> None:
    here = await addressed_room(world, "du")
    await here.fatma.say(None, "/help")
    t = translator("de")
    assert world.api.texts(here.fatma.id)[-1].startswith(
        t("help.title", role=t("role.participant")))
    await here.fatma.say(None, "Hallo?")
    assert world.api.texts(here.fatma.id)[-1] == t("core.no_dialog")
