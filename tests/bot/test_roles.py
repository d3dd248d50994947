"""Organizers appoint facilitators and note-takers; others are told who may."""

from __future__ import annotations

from bot.simulate import World
from tests.bot.helpers import appoint_facilitator, workshop


async def test_organizer_appoints_a_facilitator_by_replying_to_their_message(
    world: World,
) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma", "de", "fatma")
    await appoint_facilitator(shop, fatma)
    expected = "Fatma moderiert jetzt bei „Kommunalkonferenz“ mit."
    assert world.api.texts(shop.group.id)[-1] == expected
    await fatma.say(shop.group, "/session")
    assert "Moderation: Fatma" in world.api.texts(shop.group.id)[-1]


async def test_organizer_appoints_a_notetaker_by_username_once_seen(world: World) -> None:
    shop = await workshop(world)
    nils = world.person("Nils", "de", "Nils_Protokoll")
    await shop.organizer.say(shop.group, "/notetaker @nils_protokoll")
    assert "noch nicht gesehen" in world.api.texts(shop.group.id)[-1]
    await nils.say(shop.group, "/help")
    await shop.organizer.say(shop.group, "/notetaker @nils_protokoll")
    expected = "Nils schreibt jetzt bei „Kommunalkonferenz“ Protokoll."
    assert world.api.texts(shop.group.id)[-1] == expected
    await shop.organizer.say(shop.group, "/notetaker @nils_protokoll")
    assert "schon Protokoll" in world.api.texts(shop.group.id)[-1]


async def test_a_participant_who_tries_to_appoint_is_told_who_may_in_their_language(
    world: World,
) -> None:
    shop = await workshop(world)
    john = world.person("John", "en", "john")
    anna = world.person("Anna", "de", "anna")
    await anna.say(shop.group, "/help")
    await john.say(shop.group, "/facilitator @anna")
    assert world.api.texts(shop.group.id)[-1] == "Only the organizers of this event can do that."
    await anna.say(shop.group, "/facilitator @john")
    assert world.api.texts(shop.group.id)[-1] == "Das darf nur das Orga-Team dieser Veranstaltung."


async def test_in_a_forum_topic_the_topic_opener_is_not_mistaken_for_the_person_replied_to(
    world: World,
) -> None:
    shop = await workshop(world, forum=True)
    topic = shop.group.topic  # type: ignore[attr-defined]
    fatma = world.person("Fatma", "de", "fatma")
    await fatma.say(shop.group, "Hallo", thread=topic)
    await shop.organizer.say(shop.group, "/facilitator @fatma", thread=topic)
    assert "Fatma moderiert jetzt" in world.api.texts(shop.group.id)[-1]


async def test_group_administrators_are_facilitators_of_the_groups_sessions(world: World) -> None:
    shop = await workshop(world)
    admin = world.person("Adele", "de")
    world.api.chat_admins[shop.group.id].add(admin.id)
    await admin.say(shop.group, "/help")
    assert "(Moderation)" in world.api.texts(shop.group.id)[-1]
    plain = world.person("Paul", "de")
    await plain.say(shop.group, "/help")
    assert "(Teilnehmende)" in world.api.texts(shop.group.id)[-1]
