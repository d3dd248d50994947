"""Who people are, end to end: the organization after consent, speakers chosen from people and
asked privately, guests typed in and confirmed by an organizer, all as the draft names them."""

from __future__ import annotations

from bot.simulate import SimPerson, World
from locales import translator
from storage import contributors, people
from tests.bot.helpers import Workshop, appoint_facilitator, workshop
from tests.bot.test_documentation import (
    database,
    documents,
    draft_markdown,
    session_with_facilitator,
)

t = translator("de")


async def register(world: World, shop: Workshop, person: SimPerson, *, organization: str | None,
                   function: str | None = None, consent: bool = True) -> None:
    """Registration through the deep link, answering every question."""
    await person.say(shop.group, "Hallo")
    await person.say(None, "/start reg_1")
    await person.say(None, person.first_name + " Beispiel")
    await person.press(world.api.sent("sendMessage", person.id)[-1], t("sector.municipal"))
    await person.press(world.api.sent("sendMessage", person.id)[-1],
                       t("profile.consent_yes" if consent else "profile.consent_no"))
    if not consent:
        return
    asked = world.api.sent("sendMessage", person.id)[-1]
    assert asked.params["text"] == t("people.ask_organization")
    if organization is None:
        await person.press(asked, t("people.no_organization"))
        return
    await person.say(None, organization)
    asked = world.api.sent("sendMessage", person.id)[-1]
    assert asked.params["text"] == t("people.ask_function")
    if function is None:
        await person.press(asked, t("people.no_function"))
    else:
        await person.say(None, function)


async def test_registration_asks_the_organization_after_consent_and_the_function_may_be_skipped(
    world: World,
) -> None:
    shop = await workshop(world)
    uli, ute, mia = (world.person(n, "de") for n in ("Uli", "Ute", "Mia"))
    await register(world, shop, uli, organization="Stadt Nürnberg")
    await register(world, shop, ute, organization="Stadt München", function="AG-Sprecherin")
    await register(world, shop, mia, organization=None, consent=False)
    async with database(world).transaction() as tx:
        found = await people.people_by_id(tx, [uli.id, ute.id, mia.id])
    assert (found[uli.id].organization, found[uli.id].function) == ("Stadt Nürnberg", None)
    assert (found[ute.id].organization, found[ute.id].function) == ("Stadt München",
                                                                     "AG-Sprecherin")
    assert (found[mia.id].organization, found[mia.id].consent_name) == (None, False)
    assert world.api.texts(ute.id)[-1].startswith(t("profile.registered"))
    assert "Organisation: Stadt München\nFunktion: AG-Sprecherin" in world.api.texts(ute.id)[-1]


async def test_profile_changes_and_removes_the_organization_and_function(world: World) -> None:
    anna = world.person("Anna", "de")
    await anna.say(None, "/profile")
    shown = world.api.sent("sendMessage", anna.id)[-1]
    await anna.press(shown, t("people.change_organization"))
    await anna.say(None, "  ")
    assert world.api.texts(anna.id)[-1] == t("people.organization_missing")
    await anna.say(None, "Stadt  Kassel")
    await anna.press(shown, t("people.change_function"))
    await anna.say(None, "Leitung")
    await anna.press(shown, t("people.change_function"))
    await anna.press(world.api.sent("sendMessage", anna.id)[-1], t("people.no_function"))
    assert world.api.texts(anna.id)[-1] == t("profile.saved")
    async with database(world).transaction() as tx:
        found = await people.get_person(tx, anna.id)
    assert found is not None and (found.organization, found.function) == ("Stadt Kassel", None)


async def test_a_speaker_named_by_reply_is_asked_privately_and_appears_as_they_agreed(
    world: World,
) -> None:
    shop = await workshop(world)
    uli = world.person("Uli", "de")
    await register(world, shop, uli, organization="Stadt Nürnberg")
    hello = await uli.say(shop.group, "Ich gebe den Impuls.")
    await shop.organizer.say(shop.group, "/session impuls", reply_to=hello)
    question = world.api.sent("sendMessage", uli.id)[-1]
    assert question.params["text"].startswith(t("speakers.ask", part="Impuls",
                                                 session="Werkstatt 2",
                                                 name="Uli Beispiel (Stadt Nürnberg)"))
    await uli.press(question, t("speakers.answer_named"))
    await shop.organizer.say(shop.group, "/endsession")
    markdown = draft_markdown(documents(world, shop.organizer))
    assert "**Impuls:** Uli Beispiel (Stadt Nürnberg)" in markdown


async def test_a_speaker_chosen_from_the_list_who_declines_is_not_named(world: World) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma", "de", "fatma")
    await fatma.say(None, "/start")
    await appoint_facilitator(shop, fatma)
    nora = world.person("Nora", "de", "nora")
    await register(world, shop, nora, organization="Stadt Kassel")
    await fatma.say(shop.group, "/session moderation")
    listed = world.api.sent("sendMessage", fatma.id)[-1]
    assert listed.params["text"].startswith(t("speakers.pick_moderation", session="Werkstatt 2"))
    await fatma.press(listed, "Nora Beispiel")
    question = world.api.sent("sendMessage", nora.id)[-1]
    await nora.press(question, t("speakers.answer_declined"))
    await fatma.press(listed, "• " + t("speakers.part_moderation"))
    updated = world.last_bot_message(listed)
    assert t("speakers.consent_declined", name="Nora Beispiel") in updated["text"]
    await fatma.say(shop.group, "/endsession")
    markdown = draft_markdown(documents(world, fatma))
    assert "Nora" not in markdown and "Stadt Kassel" not in markdown
    assert "**Moderation:** eine teilnehmende Person (Kommune)" in markdown


async def test_a_speaker_who_never_opened_the_private_chat_is_asked_after_the_groups_button(
    world: World,
) -> None:
    shop = await workshop(world)
    carl = world.person("Carl", "de", "carl")
    await carl.say(shop.group, "Hallo")
    await shop.organizer.say(shop.group, "/session podium @carl")
    notice = world.last_bot_message(world.api.sent("sendMessage", shop.group.id)[-1])
    assert notice["text"] == t("speakers.blocked", name="Carl", part="Podium")
    link = notice["reply_markup"]["inline_keyboard"][0][0]["url"]
    await carl.say(None, "/start " + link.split("?start=")[1])
    await carl.press(world.api.sent("sendMessage", carl.id)[-1], t("speakers.answer_named"))
    async with database(world).transaction() as tx:
        chosen = await contributors.contributors_of(tx, 1)
    assert [(c.role, c.user_id, c.consent) for c in chosen] == [("podium", carl.id, "named")]


async def test_an_organizer_types_a_guest_in_and_confirms_they_agreed(world: World) -> None:
    shop = await workshop(world)
    olga = shop.organizer
    await olga.say(shop.group, "/session podium Dr. Lilian Schwalb (BBE | Geschäftsführerin)")
    confirm = world.api.sent("sendMessage", olga.id)[-1]
    assert "Dr. Lilian Schwalb (BBE | Geschäftsführerin)" in confirm.params["text"]
    await olga.press(confirm, t("speakers.guest_agreed"))
    await olga.say(shop.group, "/session impuls")
    listed = world.api.sent("sendMessage", olga.id)[-1]
    await olga.press(listed, t("speakers.guest_button"))
    await olga.say(None, "Prof.in Dr. Gesine Schwan (Governance Platform)")
    await olga.press(world.api.sent("sendMessage", olga.id)[-1], t("core.cancel"))
    await olga.say(shop.group, "/endsession")
    markdown = draft_markdown(documents(world, olga))
    assert "**Podium:** Dr. Lilian Schwalb (BBE | Geschäftsführerin)" in markdown
    assert "Schwan" not in markdown


async def test_only_organizers_type_guests_in_and_only_steering_people_choose_speakers(
    world: World,
) -> None:
    shop, fatma = await session_with_facilitator(world)
    await fatma.say(shop.group, "/session podium Gast (Verein)")
    assert world.api.texts(fatma.id)[-1] == t("not_allowed.organize")
    await fatma.say(shop.group, "/session impuls")
    listed = world.api.sent("sendMessage", fatma.id)[-1]
    assert listed.params["text"].startswith(t("speakers.pick_impulse", session="Werkstatt 2"))
    assert t("speakers.guest_button") not in str(listed.params["reply_markup"])
    mia = world.person("Mia", "de")
    await mia.say(None, "/start")
    await mia.say(shop.group, "/session impuls")
    assert world.api.texts(mia.id)[-1] == t("not_allowed.steer")


async def test_taking_a_speaker_back_removes_them_from_the_draft(world: World) -> None:
    shop = await workshop(world)
    olga = shop.organizer
    uli = world.person("Uli", "de", "uli")
    await register(world, shop, uli, organization="Stadt Nürnberg")
    await olga.say(shop.group, "/session impuls @uli")
    await olga.say(shop.group, "/session impuls")
    listed = world.api.sent("sendMessage", olga.id)[-1]
    await olga.press(listed, "✕ ")
    async with database(world).transaction() as tx:
        chosen = await contributors.contributors_of(tx, 1)
    assert chosen == []
