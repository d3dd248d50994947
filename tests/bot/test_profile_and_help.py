"""Registration through the deep link, /profile, /help per role and language, command menus."""

from __future__ import annotations

from bot.menus import ADMINS, MEMBERS, PRIVATE
from bot.simulate import SimPerson, World
from locales import translator
from storage import people
from storage.records import Person
from tests.bot.helpers import appoint_facilitator, workshop


async def stored_person(world: World, person: SimPerson) -> Person:
    assert world.app is not None
    async with world.app.bot_data["services"].db.transaction() as tx:
        found = await people.get_person(tx, person.id)
    assert found is not None
    return found


async def test_registration_asks_name_sector_and_consent_one_at_a_time(world: World) -> None:
    shop = await workshop(world)
    greta = world.person("Greta", "de")
    await greta.say(shop.group, "Hallo")
    await greta.say(None, "/start reg_1")
    assert "Mit welchem Namen" in world.api.texts(greta.id)[-1]
    await greta.say(None, "Greta Gärtner")
    sectors = world.api.sent("sendMessage", greta.id)[-1]
    labels = [row[0]["text"] for row in sectors.params["reply_markup"]["inline_keyboard"]]
    assert labels == [
        "Kommunale Ebene (Gemeinde, Landkreis, Kommunalverband)",
        "Landesebene",
        "Bundesebene",
        "Zivilgesellschaftliche Organisationen",
        "Stiftungen",
        "Wissenschaft",
    ]
    await greta.press(sectors, "Stiftungen")
    consent = world.api.sent("sendMessage", greta.id)[-1]
    assert consent.params["text"] == translator("de")("profile.ask_consent")
    await greta.press(consent, "Ja, mit Namen")
    stored = await stored_person(world, greta)
    assert (stored.display_name, stored.sector, stored.consent_name, stored.registered) == (
        "Greta Gärtner", "foundation", True, True
    )


async def test_consent_to_be_named_defaults_to_no(world: World) -> None:
    hans = world.person("Hans", "de")
    await hans.say(None, "/start")
    stored = await stored_person(world, hans)
    assert stored.consent_name is False
    assert stored.registered is False


async def test_profile_shows_the_answers_and_changes_each_of_them(world: World) -> None:
    john = world.person("John", "en")
    await john.say(None, "/profile")
    shown = world.api.sent("sendMessage", john.id)[-1]
    assert "Name: John" in shown.params["text"]
    assert "In the documentation: No, without my name" in shown.params["text"]
    await john.press(shown, "Change name")
    await john.say(None, "John Smith")
    await john.press(shown, "Change sector")
    await john.press(world.api.sent("sendMessage", john.id)[-1], "Research")
    await john.press(shown, "Change consent")
    await john.press(world.api.sent("sendMessage", john.id)[-1], "Yes, with my name")
    await john.press(shown, "Deutsch")
    stored = await stored_person(world, john)
    assert (stored.display_name, stored.sector, stored.consent_name, stored.language) == (
        "John Smith", "research", True, "de"
    )
    assert world.api.texts(john.id)[-1] == "Gespeichert."


async def test_an_empty_name_is_refused_and_the_question_stays_open(world: World) -> None:
    anna = world.person("Anna", "de")
    await anna.say(None, "/start reg")
    await anna.say(None, "   ")
    assert world.api.texts(anna.id)[-1] == translator("de")("core.title_missing")
    await anna.say(None, "Anna A.")
    assert world.api.texts(anna.id)[-1] == translator("de")("profile.ask_sector")


async def test_stickers_where_text_is_expected_get_a_clear_answer(world: World) -> None:
    anna = world.person("Anna", "en")
    await anna.say(None, "/start reg")
    await anna.send(None, {"sticker": {
        "file_id": "s1", "file_unique_id": "us1", "width": 512, "height": 512,
        "is_animated": False, "is_video": False, "type": "regular",
    }})
    expected = "I can only take text here. Please write your answer as text."
    assert world.api.texts(anna.id)[-1] == expected


async def test_help_differs_by_role_and_language(world: World) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma", "de")
    await appoint_facilitator(shop, fatma)
    john = world.person("John", "en")
    await fatma.say(shop.group, "/help")
    facilitator_help = world.api.texts(shop.group.id)[-1]
    await john.say(shop.group, "/help")
    participant_help = world.api.texts(shop.group.id)[-1]
    await shop.organizer.say(None, "/help")
    organizer_help = world.api.texts(shop.organizer.id)[-1]
    t = translator("de")
    assert facilitator_help.startswith(t("help.title", role=t("role.facilitator")))
    assert "/pinboard" in facilitator_help
    assert participant_help.startswith("What you can do here (participant)")
    assert "/pinboard" not in participant_help
    assert "/newevent" in organizer_help and "/session" in organizer_help


async def test_command_menus_are_set_per_scope_and_language(world: World) -> None:
    calls = world.api.sent("setMyCommands")
    seen = {(c.params["scope"]["type"], c.params.get("language_code")) for c in calls}
    scopes = {"all_private_chats", "all_group_chats", "all_chat_administrators"}
    assert seen == {(scope, lang) for scope in scopes for lang in ("de", "en", None)}
    by_scope = {
        (c.params["scope"]["type"], c.params.get("language_code")): c.params["commands"]
        for c in calls
    }
    assert [c["command"] for c in by_scope[("all_private_chats", "en")]] == list(PRIVATE)
    assert [c["command"] for c in by_scope[("all_group_chats", "de")]] == list(MEMBERS)
    assert [c["command"] for c in by_scope[("all_chat_administrators", None)]] == list(ADMINS)
    english = {c["command"]: c["description"] for c in by_scope[("all_private_chats", "en")]}
    german = {c["command"]: c["description"] for c in by_scope[("all_private_chats", "de")]}
    assert english["newevent"] == "Create an event"
    assert german["newevent"] == "Veranstaltung anlegen"


async def test_a_forged_button_changes_nothing_and_gets_a_short_answer(world: World) -> None:
    john = world.person("John", "en")
    await john.say(None, "/profile")
    shown = world.api.sent("sendMessage", john.id)[-1]
    await john.press_data(world.last_bot_message(shown), "plang|de|AAAAAAAA")
    answer = world.api.sent("answerCallbackQuery")[-1]
    assert answer.params["text"] == "This button is no longer valid. Nothing was changed."
    assert (await stored_person(world, john)).language == "en"


async def test_an_organizer_replaces_the_sector_list_from_events(world: World) -> None:
    shop = await workshop(world)
    olga = shop.organizer
    await olga.say(None, "/events")
    await olga.press(world.api.sent("sendMessage", olga.id)[-1], "Bereiche")
    assert "Bisher:\nKommunale Ebene" in world.api.texts(olga.id)[-1]
    await olga.say(None, "Nur eine Zeile")
    t = translator("de")
    assert world.api.texts(olga.id)[-1] == t("core.sectors_count", min=2, max=12)
    await olga.say(None, "Verwaltung\nPolitik\nBürgerschaft\nWirtschaft")
    assert world.api.texts(olga.id)[-1] == t("core.sectors_saved", count=4)
    ida = world.person("Ida", "de")
    await ida.say(shop.group, "Hallo")
    await ida.say(None, "/start reg_1")
    await ida.say(None, "Ida")
    sectors = world.api.sent("sendMessage", ida.id)[-1]
    labels = [row[0]["text"] for row in sectors.params["reply_markup"]["inline_keyboard"]]
    assert labels == ["Verwaltung", "Politik", "Bürgerschaft", "Wirtschaft"]


async def test_changing_the_sector_in_profile_uses_the_events_own_list(world: World) -> None:
    shop = await workshop(world)
    olga = shop.organizer
    await olga.say(None, "/events")
    await olga.press(world.api.sent("sendMessage", olga.id)[-1], "Bereiche")
    await olga.say(None, "Alpha\nBeta\nGamma")
    ida = world.person("Ida", "de")
    await ida.say(shop.group, "/help")
    await ida.say(None, "/profile")
    await ida.press(world.api.sent("sendMessage", ida.id)[-1], "Bereich ändern")
    await ida.press(world.api.sent("sendMessage", ida.id)[-1], "Beta")
    assert (await stored_person(world, ida)).sector == "Beta"


async def test_an_edited_command_does_not_run_again(world: World) -> None:
    olga = world.person("Olga", "de")
    sent = await olga.say(None, "/help")
    before = len(world.api.texts(olga.id))
    await olga.edit(sent, "/help ")
    assert len(world.api.texts(olga.id)) == before
