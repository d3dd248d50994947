"""The programme end to end: entered privately as lines or step by step, changed and deleted,
and the whole event's draft ordered by it."""

from __future__ import annotations

from bot.drafting import DraftOptions, export_files
from bot.simulate import World
from flows.programme import Entry
from locales import translator
from storage import programme
from tests.bot.helpers import workshop
from tests.bot.test_documentation import database

t = translator("de")


async def entries(world: World) -> list[Entry]:
    async with database(world).transaction() as tx:
        return await programme.programme_of(tx, 1)


async def test_lines_typed_while_the_programme_is_shown_become_entries(world: World) -> None:
    shop = await workshop(world)
    olga = shop.organizer
    await olga.say(None, "/programme")
    assert world.api.texts(olga.id)[-1].startswith(t("programme.title",
                                                     title="Kommunalkonferenz"))
    await olga.say(None, "1 09:30 Begrüßung Grußworte der Bürgermeisterin\n"
                         "Tag 2, 14:00, Werkstatt, Kooperationen neu denken\n"
                         "1 12:30 Mittagessen mit allen")
    shown = world.api.texts(olga.id)[-1]
    assert shown.startswith(t("programme.added", count=2))
    assert "„1 12:30 Mittagessen mit allen“" in shown
    assert [(e.day, e.time, e.kind, e.title) for e in await entries(world)] == [
        (1, "09:30", "welcome", "Grußworte der Bürgermeisterin"),
        (2, "14:00", "workshop", "Kooperationen neu denken"),
    ]
    await olga.say(None, "/programme 1 12:30 Pause")
    assert (await entries(world))[-1].kind == "break"


async def test_an_entry_is_added_step_by_step_and_linked_to_a_session(world: World) -> None:
    shop = await workshop(world)
    olga = shop.organizer
    await olga.say(None, "/programme")
    screen = world.api.sent("sendMessage", olga.id)[-1]
    await olga.press(screen, t("programme.add"))
    assert world.last_bot_message(screen)["text"] == t("programme.ask_day")
    await olga.press(screen, t("programme.day", number=1))
    await olga.say(None, "11 Uhr")
    kinds = world.api.sent("sendMessage", olga.id)[-1]
    assert kinds.params["text"] == t("programme.ask_kind")
    await olga.press(kinds, t("programme.kind_workshop"))
    await olga.say(None, "  ")
    assert world.api.texts(olga.id)[-1] == t("programme.title_missing")
    await olga.say(None, "Dritte Orte")
    question = world.api.sent("sendMessage", olga.id)[-1]
    assert question.params["text"] == t("programme.ask_session")
    await olga.press(question, "Werkstatt 2")
    assert [(e.day, e.time, e.kind, e.title, e.session_id) for e in await entries(world)] == [
        (1, "11:00", "workshop", "Dritte Orte", 1)]


async def test_an_entry_is_changed_part_by_part_and_deleted(world: World) -> None:
    shop = await workshop(world)
    olga = shop.organizer
    await olga.say(None, "/programme 1 10:00 Keynote Transformation")
    screen = world.api.sent("sendMessage", olga.id)[-1]
    await olga.press(screen, "✏️ 1 · 10:00")
    await olga.press(screen, t("programme.change_time"))
    await olga.press(screen, t("programme.no_time"))
    await olga.press(screen, t("programme.change_day"))
    await olga.press(screen, t("programme.day", number=2))
    await olga.press(screen, t("programme.change_kind"))
    await olga.press(screen, t("programme.kind_closing"))
    assert [(e.day, e.time, e.kind) for e in await entries(world)] == [(2, None, "closing")]
    await olga.press(screen, t("programme.delete"))
    assert await entries(world) == []
    assert world.last_bot_message(screen)["text"].startswith(t("programme.deleted", entry=(
        "– " + t("programme.kind_closing") + ": Transformation")))


async def test_only_organizers_enter_a_programme(world: World) -> None:
    shop = await workshop(world)
    mia = world.person("Mia", "de")
    await mia.say(shop.group, "Hallo")
    await mia.say(None, "/programme")
    assert world.api.texts(mia.id)[-1] == t("programme.no_events")
    await shop.organizer.say(None, "/programme")
    screen = world.last_bot_message(world.api.sent("sendMessage", shop.organizer.id)[-1])
    forged = screen["reply_markup"]["inline_keyboard"][-2][0]["callback_data"]
    await mia.press_data(screen, forged)
    assert world.api.sent("answerCallbackQuery")[-1].params["text"] == t("not_allowed.organize")
    assert await entries(world) == []


async def test_the_whole_events_draft_follows_the_programme(world: World) -> None:
    shop = await workshop(world)
    olga = shop.organizer
    await olga.say(None, "/programme 1 09:30 Begrüßung Grußworte")
    await olga.say(None, "1 14:00 Keynote Transformation der Kommunen")
    screen = world.api.sent("sendMessage", olga.id)[-1]
    await olga.press(screen, t("programme.add"))
    await olga.press(screen, t("programme.day", number=1))
    await olga.press(screen, t("programme.no_time"))
    await olga.press(screen, t("programme.kind_workshop"))
    await olga.say(None, "Dritte Orte")
    await olga.press(world.api.sent("sendMessage", olga.id)[-1], "Werkstatt 2")
    files = await export_files(world.settings.database, shop.code, None, ("md",),
                               DraftOptions(charts=False))
    headings = [line for line in files[0].data.decode().splitlines()
                if line.startswith(("## ", "### "))]
    assert headings[2:] == ["## TAG 1", "### Grußworte", "### Transformation der Kommunen",
                            "### Werkstatt 2", "## Dank", "## Impressum"]
