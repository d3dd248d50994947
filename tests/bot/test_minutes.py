"""The minutes end to end: /minutes in the session chat and privately, edited at any time,
in every draft as the summary with who reported, and what a draft lacks at /endsession."""

from __future__ import annotations

from bot.simulate import SimPerson, World
from locales import translator
from storage import minutes
from tests.bot.helpers import Workshop, workshop
from tests.bot.test_documentation import (
    database,
    documents,
    draft_markdown,
    session_with_facilitator,
)

t = translator("de")


async def notetaker(world: World, shop: Workshop, name: str = "Nina") -> SimPerson:
    """A note-taker who opened the private chat and may be named."""
    nina = world.person(name, "de", name.lower())
    await nina.say(None, "/profile")
    await nina.press(world.api.sent("sendMessage", nina.id)[-1], t("profile.change_consent"))
    await nina.press(world.api.sent("sendMessage", nina.id)[-1], t("profile.consent_yes"))
    await nina.say(None, "Stadt Kassel")
    await nina.press(world.api.sent("sendMessage", nina.id)[-1], t("people.no_function"))
    hello = await nina.say(shop.group, "Hallo")
    await shop.organizer.say(shop.group, "/notetaker", reply_to=hello)
    return nina


async def stored_text(world: World) -> str | None:
    async with database(world).transaction() as tx:
        found = await minutes.get_minutes(tx, 1)
    return found.text if found else None


async def test_minutes_in_the_session_chat_append_and_only_those_who_record_write_them(
    world: World,
) -> None:
    shop = await workshop(world)
    nina = await notetaker(world, shop)
    await nina.say(shop.group, "/minutes Kommunen finden es schwierig,\nmit Unternehmen zu reden.")
    await nina.say(shop.group, "/minutes Anreize schaffen.")
    assert world.api.sent("setMessageReaction", shop.group.id)
    mia = world.person("Mia", "de")
    await mia.say(None, "/start")
    await mia.say(shop.group, "/minutes Meine Meinung")
    assert world.api.texts(mia.id)[-1] == t("not_allowed.record")
    assert await stored_text(world) == ("Kommunen finden es schwierig,\nmit Unternehmen zu reden."
                                        "\n\nAnreize schaffen.")


async def test_privately_the_summary_is_shown_replaced_appended_and_cleared(world: World) -> None:
    shop = await workshop(world)
    nina = await notetaker(world, shop)
    await nina.say(shop.group, "/minutes Alter Text")
    await nina.say(None, "/minutes")
    screen = world.api.sent("sendMessage", nina.id)[-1]
    assert "Alter Text" in screen.params["text"]
    await nina.press(screen, t("minutes.replace"))
    await nina.say(None, "Neuer Text")
    await nina.say(None, "- ein Punkt\n- noch einer")
    assert world.api.texts(nina.id)[-1] == t("minutes.saved", count=36)
    assert await stored_text(world) == "Neuer Text\n\n- ein Punkt\n- noch einer"
    await nina.press(world.api.sent("sendMessage", nina.id)[-1], t("minutes.done"))
    await nina.say(None, "nichts mehr")
    assert world.api.texts(nina.id)[-1] == t("core.no_dialog")
    await nina.press(screen, t("minutes.clear"))
    await nina.press(screen, t("minutes.clear_yes"))
    assert await stored_text(world) is None
    assert world.last_bot_message(screen)["text"].startswith(t("minutes.cleared"))


async def test_every_draft_uses_the_latest_summary_with_who_reported_it(world: World) -> None:
    shop = await workshop(world)
    nina = await notetaker(world, shop)
    await nina.say(shop.group, "/minutes Erste Fassung")
    await shop.organizer.say(shop.group, "/endsession")
    first = draft_markdown(documents(world, shop.organizer))
    assert "### Impuls & Diskussionsergebnisse – Zusammenfassung" in first
    assert "*\\[Bericht von Nina (Stadt Kassel)\\]*" in first
    assert "Erste Fassung" in first
    await nina.say(None, "/minutes")
    await nina.press(world.api.sent("sendMessage", nina.id)[-1], t("minutes.replace"))
    await nina.say(None, "Zweite Fassung")
    await shop.organizer.say(None, "/start draft_1")
    latest = draft_markdown(documents(world, shop.organizer)[2:])
    assert "Zweite Fassung" in latest and "Erste Fassung" not in latest


async def test_endsession_tells_the_facilitator_what_the_draft_lacks_with_buttons(
    world: World,
) -> None:
    shop, fatma = await session_with_facilitator(world)
    await fatma.say(shop.group, "/session moderation Fatma (Stadt Kassel)")
    await fatma.say(shop.group, "/endsession")
    reminder = world.api.sent("sendMessage", fatma.id)[-1]
    assert reminder.params["text"] == t(
        "minutes.missing", session="Werkstatt 2",
        pieces=f"{t('minutes.piece_minutes')}, {t('minutes.piece_impulse')}")
    await fatma.press(reminder, t("minutes.add_impulse"))
    assert world.api.texts(fatma.id)[-1].startswith(t("speakers.pick_impulse",
                                                      session="Werkstatt 2"))
    await fatma.press(reminder, t("minutes.add_minutes"))
    await fatma.say(None, "Nachgetragen nach dem Ende.")
    assert await stored_text(world) == "Nachgetragen nach dem Ende."


async def test_a_complete_session_gets_no_reminder(world: World) -> None:
    shop = await workshop(world)
    olga = shop.organizer
    await olga.say(shop.group, "/session impuls Uli (Stadt Nürnberg)")
    await olga.say(shop.group, "/session moderation Ute (Stadt München)")
    await olga.say(shop.group, "/minutes Alles gesagt.")
    before = len(world.api.texts(olga.id))
    await olga.say(shop.group, "/endsession")
    assert not any(text.startswith("Dem Entwurf") for text in world.api.texts(olga.id)[before:])


async def test_the_panel_opens_the_summary_and_the_speakers(world: World) -> None:
    shop = await workshop(world)
    olga = shop.organizer
    await olga.say(None, "/panel")
    panel = world.api.sent("sendMessage", olga.id)[-1]
    await olga.press(panel, t("minutes.panel_minutes"))
    assert world.api.texts(olga.id)[-1].startswith(t("minutes.screen", session="Werkstatt 2"))
    await olga.press(panel, t("minutes.panel_podium"))
    assert world.api.texts(olga.id)[-1].startswith(t("speakers.pick_podium",
                                                     session="Werkstatt 2"))
