"""/privacy explains, /forgetme deletes, organizers delete events, old events expire."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram.ext import Job

from bot.drafting import load_draft
from bot.privacy import clean_up
from bot.simulate import SimPerson, World
from drafts import build_document, render_markdown
from locales import translator
from storage import people
from storage.records import iso, utcnow
from tests.bot.helpers import appoint_facilitator, workshop
from tests.bot.test_pinboard import board_state, opened


async def test_privacy_says_what_is_stored_why_and_for_how_long(world: World) -> None:
    john = world.person("John", "en")
    await john.say(None, "/privacy")
    text = world.api.texts(john.id)[-1]
    assert "What Werkstatt stores and why" in text
    assert "365 days" in text
    assert "/forgetme" in text


async def test_forgetme_deletes_the_profile_roles_and_memberships(world: World) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma", "de", "fatma")
    await appoint_facilitator(shop, fatma)
    await fatma.say(None, "/forgetme")
    await fatma.press(world.api.sent("sendMessage", fatma.id)[-1], "Alles löschen")
    assert world.api.texts(fatma.id)[-1] == translator("de")("privacy.forgotten_erase")
    assert world.app is not None
    async with world.app.bot_data["services"].db.transaction() as tx:
        assert await people.get_person(tx, fatma.id) is None
        assert await tx.all("SELECT * FROM roles WHERE user_id = ?", (fatma.id,)) == []
        assert await tx.all("SELECT * FROM session_members WHERE user_id = ?", (fatma.id,)) == []


async def test_forgetme_can_be_cancelled_and_nothing_is_deleted(world: World) -> None:
    anna = world.person("Anna", "de")
    await anna.say(None, "/forgetme")
    await anna.press(world.api.sent("sendMessage", anna.id)[-1], "Abbrechen")
    assert world.api.texts(anna.id)[-1] == "Abgebrochen. Es wurde nichts gespeichert."
    assert world.app is not None
    async with world.app.bot_data["services"].db.transaction() as tx:
        assert await people.get_person(tx, anna.id) is not None


async def test_an_organizer_deletes_an_event_with_all_its_data_after_confirming(
    world: World,
) -> None:
    shop = await workshop(world)
    await shop.organizer.say(None, "/events")
    await shop.organizer.press(world.api.sent("sendMessage", shop.organizer.id)[-1], "löschen")
    await shop.organizer.press(world.api.sent("sendMessage", shop.organizer.id)[-1], "endgültig")
    assert "ist mit allen Daten gelöscht" in world.api.texts(shop.organizer.id)[-1]
    assert world.app is not None
    async with world.app.bot_data["services"].db.transaction() as tx:
        assert await people.event_by_code(tx, shop.code) is None
        assert await tx.all("SELECT * FROM sessions") == []


async def test_someone_else_cannot_delete_the_event_even_with_a_copied_button(
    world: World,
) -> None:
    shop = await workshop(world)
    await shop.organizer.say(None, "/events")
    listing = world.last_bot_message(world.api.sent("sendMessage", shop.organizer.id)[-1])
    data = listing["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    mallory = world.person("Mallory", "en")
    await mallory.say(None, "/start")
    forged = dict(listing, chat={"id": mallory.id, "type": "private", "first_name": "M"})
    await mallory.press_data(forged, data)
    assert world.api.sent("answerCallbackQuery")[-1].params["text"] == (
        "This button is no longer valid. Nothing was changed."
    )
    assert world.app is not None
    async with world.app.bot_data["services"].db.transaction() as tx:
        assert await people.event_by_code(tx, shop.code) is not None


async def test_the_daily_job_deletes_events_past_the_retention_period(world: World) -> None:
    shop = await workshop(world)
    assert world.app is not None
    db = world.app.bot_data["services"].db
    async with db.transaction() as tx:
        await tx.execute("UPDATE events SET created_at = ?", (iso(utcnow() - timedelta(days=400)),))
        fresh = await people.create_event(tx, "Neu", "morgen", "hier", "de", shop.organizer.id)
    scope = {"type": "chat_member", "chat_id": shop.group.id, "user_id": shop.organizer.id}
    assert world.api.menu(scope, "de")
    await Job(clean_up, name="retention").run(world.app)
    async with db.transaction() as tx:
        assert await people.event_by_code(tx, shop.code) is None
        assert await people.event_by_code(tx, fresh.code) is not None
    assert world.api.menu(scope, "de") == [], "the roles ended with the event, and their menu"


async def draft_markdown(world: World, code: str) -> str:
    assert world.app is not None
    async with world.app.bot_data["services"].db.transaction() as tx:
        event = await people.event_by_code(tx, code)
        assert event is not None
        draft = await load_draft(tx, event)
    return render_markdown(build_document(draft))


async def register(world: World, person: SimPerson, *, consent: bool) -> None:
    await person.say(None, "/start reg_1")
    await person.press_at(world.api.sent("sendMessage", person.id)[-1], 0)
    await person.press_at(world.api.sent("sendMessage", person.id)[-1], 3)
    await person.press_at(world.api.sent("sendMessage", person.id)[-1], 0 if consent else 1)


@pytest.mark.parametrize("erase", [True, False])
async def test_later_drafts_reflect_a_person_who_asked_to_be_forgotten(
    world: World, erase: bool
) -> None:
    here = await opened(world)
    vera = world.person("Quirina", "de", "quirina")
    await here.say(vera, "/note 1 Ein Ort ohne Konsumzwang")
    await register(world, vera, consent=True)
    await here.say(here.fatma, "/note 2 Die Kommune trägt die Kosten")
    before = await draft_markdown(world, here.shop.code)
    assert "Ein Ort ohne Konsumzwang" in before
    await vera.say(None, "/forgetme")
    await vera.press_at(world.api.sent("sendMessage", vera.id)[-1], 0 if erase else 1)
    after = await draft_markdown(world, here.shop.code)
    assert "Quirina" not in after
    assert ("Ein Ort ohne Konsumzwang" in after) is not erase
    assert "Die Kommune trägt die Kosten" in after
    state = await board_state(world)
    assert vera.id not in {note.author for note in state.notes}


async def test_forgetting_removes_the_persons_id_from_private_sources(world: World) -> None:
    here = await opened(world)
    writer = world.person("Quirin", "de", "quirin")
    await here.say(writer, "/help")
    await writer.say(None, "/start pin_1")
    await writer.press_at(world.api.sent("sendMessage", writer.id)[-1], 0)
    await writer.say(None, "Privat geschrieben")
    assert world.app is not None
    db = world.app.bot_data["services"].db
    async with db.transaction() as tx:
        before = await tx.all("SELECT source FROM round_log WHERE source LIKE ?",
                              (f"{writer.id}:%",))
    assert before, "the private note was logged with its private source"
    await writer.say(None, "/forgetme")
    await writer.press_at(world.api.sent("sendMessage", writer.id)[-1], 1)
    async with db.transaction() as tx:
        logged = await tx.all("SELECT source FROM round_log")
        rounds = await tx.all("SELECT state FROM rounds")
    assert not any(str(row["source"]).startswith(f"{writer.id}:") for row in logged)
    assert all(f'"{writer.id}:' not in row["state"] for row in rounds)
    assert "Privat geschrieben" in [note.text for note in (await board_state(world)).notes]
