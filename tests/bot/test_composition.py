"""The composition's source and the note authors, set under /events: a registration list sent
as a CSV file, counts typed in, back to the participants; authors on or off."""

from __future__ import annotations

from typing import Any

from bot.drafting import DraftOptions, export_files
from bot.simulate import SimPerson, World
from locales import translator
from storage import people
from tests.bot.helpers import Workshop, workshop
from tests.bot.test_documentation import database
from tests.service.test_composition import reference_list

t = translator("de")


async def settings_of(world: World, organizer: SimPerson, label: str) -> dict[str, Any]:
    """Press the event's button ``label`` under /events; return the message it brings."""
    await organizer.say(None, "/events")
    await organizer.press(world.api.sent("sendMessage", organizer.id)[-1], label)
    return world.last_bot_message(world.api.sent("sendMessage", organizer.id)[-1])


async def send_list(world: World, organizer: SimPerson, data: bytes,
                    name: str = "anmeldung.csv") -> None:
    world.api.files["REGLIST"] = data
    await organizer.send(None, {"document": {
        "file_id": "REGLIST", "file_unique_id": "uREGLIST", "file_name": name,
        "mime_type": "text/csv", "file_size": len(data)}})


async def composition_lines(world: World, shop: Workshop) -> list[str]:
    files = await export_files(world.settings.database, shop.code, None, ("md",),
                               DraftOptions(charts=False))
    text = files[0].data.decode()
    return text.split("## Zusammensetzung der Teilnehmerschaft\n", 1)[1].split("\n## ")[0] \
        .strip().splitlines()


async def test_a_registration_list_sent_as_csv_counts_with_the_references_shares(
    world: World,
) -> None:
    shop = await workshop(world)
    olga = shop.organizer
    screen = await settings_of(world, olga, "Zusammensetzung")
    assert screen["text"].startswith(t("composition.source_participants",
                                       title="Kommunalkonferenz"))
    await olga.press(screen, t("composition.use_import"))
    assert world.api.texts(olga.id)[-1] == t("composition.ask_composition_file")
    await olga.say(None, "hier kommt sie")
    assert world.api.texts(olga.id)[-1] == t("composition.ask_composition_file")
    await send_list(world, olga, reference_list(";").encode("cp1252"))
    answer = world.api.texts(olga.id)[-1]
    assert answer.startswith(t("composition.counted", count=79) + "\n"
                             + t("composition.column", column="Bereich"))
    assert t("composition.guessed", value="Landesebene (Ministerium, Behörde)",
             sector=t("sector.state")) in answer
    lines = await composition_lines(world, shop)
    assert [line.split(" | ")[2] for line in lines[2:8]] == [
        "61 % |", "8 % |", "4 % |", "22 % |", "3 % |", "4 % |"]
    assert lines[-1] == "*" + t("people.composition_from_import", file="anmeldung.csv") + "*"


async def test_a_list_without_a_sector_column_is_refused_and_nothing_changes(
    world: World,
) -> None:
    shop = await workshop(world)
    olga = shop.organizer
    await olga.press(await settings_of(world, olga, "Zusammensetzung"),
                     t("composition.use_import"))
    await send_list(world, olga, b"Name,Stadt\nA,Kassel\n")
    assert world.api.texts(olga.id)[-1] == t("composition.no_sector_column",
                                             columns="Name, Stadt")
    async with database(world).transaction() as tx:
        event = await people.get_event(tx, 1)
    assert event is not None and event.composition_source == "participants"


async def test_typed_counts_are_used_until_the_organizer_counts_the_participants_again(
    world: World,
) -> None:
    shop = await workshop(world)
    olga = shop.organizer
    screen = await settings_of(world, olga, "Zusammensetzung")
    await olga.press(screen, t("composition.use_typed"))
    await olga.say(None, "Kommune 48, Verwaltung 6")
    answer = world.api.texts(olga.id)[-1]
    assert t("composition.unmatched", values="„Verwaltung“ (6)") in answer
    lines = await composition_lines(world, shop)
    assert "| Verwaltung | 6 | 11 % |" in lines
    assert lines[-1] == "*" + t("people.composition_from_typed") + "*"
    again = world.last_bot_message(world.api.sent("sendMessage", olga.id)[-1])
    await olga.press(again, t("composition.use_participants"))
    lines = await composition_lines(world, shop)
    assert lines[-1] == "*" + t("people.composition_from_participants") + "*"


async def test_a_file_nobody_asked_for_is_explained(world: World) -> None:
    olga = world.person("Olga", "de")
    await olga.say(None, "/start")
    await send_list(world, olga, b"Bereich\nKommune\n")
    assert world.api.texts(olga.id)[-1] == t("composition.file_unexpected")


async def test_note_authors_are_switched_on_and_off_per_event(world: World) -> None:
    shop = await workshop(world)
    olga = shop.organizer
    screen = await settings_of(world, olga, "Namen an Notizen")
    assert t("composition.authors_0") in screen["text"]
    await olga.press(screen, t("composition.authors_1"))
    async with database(world).transaction() as tx:
        on = await people.get_event(tx, 1)
    await olga.press(screen, t("composition.authors_0"))
    async with database(world).transaction() as tx:
        off = await people.get_event(tx, 1)
    assert on is not None and on.note_authors
    assert off is not None and not off.note_authors
    mia = world.person("Mia", "de")
    await mia.press_data(screen, screen["reply_markup"]["inline_keyboard"][0][1]["callback_data"])
    async with database(world).transaction() as tx:
        still = await people.get_event(tx, 1)
    assert still is not None and not still.note_authors
