"""Co-organizers end to end: /organizer by reply or @username, in a group and a forum topic and
privately; every organizer may export, change and delete the event; leaving the Orga-Team."""

from __future__ import annotations

from typing import Any

import pytest

from bot.simulate import SimPerson, World
from storage import people
from tests.bot.helpers import Workshop, appoint_facilitator, workshop
from tests.bot.kit import alert, last_to, services, t


def member(chat_id: int, user_id: int) -> dict[str, Any]:
    return {"type": "chat_member", "chat_id": chat_id, "user_id": user_id}


async def organizes(world: World, person: SimPerson) -> list[str]:
    async with services(world).db.transaction() as tx:
        return [e.code for e in await people.events_organized_by(tx, person.id)]


async def made_organizer(world: World, shop: Workshop, bea: SimPerson, *, forum: bool,
                         by: str) -> None:
    thread = shop.group.topic if forum else None  # type: ignore[attr-defined]
    hello = await bea.say(shop.group, "Hallo zusammen", thread=thread)
    if by == "reply":
        await shop.organizer.say(shop.group, "/organizer", reply_to=hello, thread=thread)
    else:
        await shop.organizer.say(shop.group, "/organizer @bea", thread=thread)


@pytest.mark.parametrize("forum", [False, True], ids=["group", "forum topic"])
@pytest.mark.parametrize("by", ["reply", "username"])
async def test_an_organizer_makes_someone_a_co_organizer_who_may_then_do_all_an_organizer_may(
    world: World, forum: bool, by: str,
) -> None:
    shop = await workshop(world, forum=forum)
    bea = world.person("Bea", username="bea")
    await made_organizer(world, shop, bea, forum=forum, by=by)
    answer = world.api.texts(shop.group.id)[-1]
    assert answer == t("kit.appointed_organizer", name="Bea", event="Kommunalkonferenz")
    assert await organizes(world, bea) == [shop.code]
    assert {"organizer", "qr", "facilitator"} <= set(world.api.menu(member(shop.group.id,
                                                                            bea.id)))
    await bea.say(None, "/export")
    assert "Kommunalkonferenz" in str(last_to(world, bea).params["reply_markup"])
    await bea.say(None, "/events")
    events = last_to(world, bea)
    await bea.press(events, t("core.delete_event", code=shop.code))
    await bea.press(last_to(world, bea), t("privacy.delete_confirm"))
    assert world.api.texts(bea.id)[-1] == t("privacy.deleted", title="Kommunalkonferenz")
    assert await organizes(world, shop.organizer) == []


async def test_appointing_again_says_so_and_a_facilitator_may_not_appoint_organizers(
    world: World,
) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma", username="fatma")
    await appoint_facilitator(shop, fatma)
    bea = world.person("Bea", username="bea")
    hello = await bea.say(shop.group, "Hallo")
    await fatma.say(shop.group, "/organizer", reply_to=hello)
    assert world.api.texts(fatma.id)[-1] == t("not_allowed.organize")
    assert await organizes(world, bea) == []
    await shop.organizer.say(shop.group, "/organizer", reply_to=hello)
    await shop.organizer.say(shop.group, "/organizer", reply_to=hello)
    assert world.api.texts(shop.group.id)[-1] == t("kit.already_organizer", name="Bea",
                                                   event="Kommunalkonferenz")


async def test_privately_an_organizer_names_someone_and_chooses_the_event(world: World) -> None:
    shop = await workshop(world)
    bea = world.person("Bea", username="bea")
    await bea.say(shop.group, "Hallo")
    await shop.organizer.say(None, "/organizer @nobody")
    assert world.api.texts(shop.organizer.id)[-1] == t(
        "core.unknown_username", command="organizer", username="@nobody")
    await shop.organizer.say(None, "/organizer @bea")
    await shop.organizer.press(last_to(world, shop.organizer), "Kommunalkonferenz")
    assert await organizes(world, bea) == [shop.code]


async def test_an_organizer_leaves_while_another_remains_and_the_last_one_cannot(
    world: World,
) -> None:
    shop = await workshop(world)
    olga = shop.organizer
    await olga.say(None, "/organizer")
    listing = last_to(world, olga)
    await olga.press(listing, t("kit.leave_button", title="Kommunalkonferenz"))
    assert alert(world) == t("kit.last_organizer")
    assert await organizes(world, olga) == [shop.code]
    bea = world.person("Bea", username="bea")
    await made_organizer(world, shop, bea, forum=False, by="reply")
    await olga.press(listing, t("kit.leave_button", title="Kommunalkonferenz"))
    assert world.api.texts(olga.id)[-1] == t("kit.left", title="Kommunalkonferenz")
    assert await organizes(world, olga) == []
    assert world.api.menu(member(shop.group.id, olga.id)) == []
    await olga.say(None, "/export")
    assert world.api.texts(olga.id)[-1] == t("documentation.export_none")
