"""Private notes: the board's button opens a private chat where people pick a question and write."""

from __future__ import annotations

from bot.simulate import SimPerson, World
from tests.bot.test_pinboard import (
    QUESTIONS,
    Room,
    T,
    board_state,
    opened,
    question_line,
    texts_of_notes,
)


async def open_private_chat(here: Room, person: SimPerson) -> str:
    """Press "write privately" on the board and follow the deep link it answers with."""
    await person.press(here.board(), T("pinboard.button_private"))
    link = str(here.world.api.sent("answerCallbackQuery")[-1].params["url"])
    payload = link.split("?start=")[1]
    await person.say(None, f"/start {payload}")
    return payload


async def test_the_board_button_leads_to_a_private_chat_where_notes_go_to_the_chosen_question(
    world: World,
) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    assert await open_private_chat(here, anna) == "pin_1"
    picker = world.api.sent("sendMessage", anna.id)[-1]
    assert picker.params["text"] == T("pinboard.private_pick", title="Dritte Orte")
    await anna.press(picker, "3. Was müssen")
    assert QUESTIONS[2] in world.api.messages[(anna.id, picker.result["message_id"])]["text"]
    await anna.say(None, "Öffentlichkeitsarbeit\nErmöglichung durch Haltung")
    assert world.api.texts(anna.id)[-1] == T("pinboard.private_noted", number=3, numbers="1, 2")
    await anna.say(None, "2 Hausmeister bleibt wie geschrieben")
    assert await texts_of_notes(world) == [
        (3, "Öffentlichkeitsarbeit"), (3, "Ermöglichung durch Haltung"),
        (3, "2 Hausmeister bleibt wie geschrieben")]
    assert question_line(3, 3) in here.board()["text"]


async def test_a_private_note_is_anonymous_only_on_a_board_that_allows_it(world: World) -> None:
    here = await opened(world, "/pinboard anonym 10m Dritte Orte\n" + "\n".join(QUESTIONS))
    assert T("pinboard.live_anonymous") in here.board()["text"]
    anna = world.person("Anna")
    await open_private_chat(here, anna)
    await anna.press(world.api.sent("sendMessage", anna.id)[-1], "2. Wer trägt")
    prompt = world.api.sent("sendMessage", anna.id)[-1]
    await anna.press(prompt, T("pinboard.private_anonymous_off"))
    await anna.say(None, "Hausmeister & Versicherung")
    note = (await board_state(world)).notes[0]
    assert (note.anonymous, note.author, note.question) == (True, anna.id, 2)


async def test_without_anonymity_allowed_the_private_prompt_has_no_anonymous_switch(
    world: World,
) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    await open_private_chat(here, anna)
    await anna.press(world.api.sent("sendMessage", anna.id)[-1], "1. Was sind")
    prompt = world.api.messages[(anna.id, world.api.sent("sendMessage", anna.id)[-1]
                                 .result["message_id"])]
    labels = [b["text"] for row in prompt["reply_markup"]["inline_keyboard"] for b in row]
    assert T("pinboard.private_anonymous_off") not in labels
    assert T("pinboard.private_anonymous_on") not in labels
    await anna.say(None, "Soziale Knotenpunkte")
    assert (await board_state(world)).notes[0].anonymous is False


async def test_editing_a_private_message_changes_its_note_and_undo_works_privately(
    world: World,
) -> None:
    here = await opened(world, "/pinboard Dritte Orte\nWas sind Dritte Orte?")
    anna = world.person("Anna")
    await open_private_chat(here, anna)
    assert world.api.texts(anna.id)[-1] == T("pinboard.private_prompt", number=1,
                                             question="Was sind Dritte Orte?")
    first = await anna.say(None, "Ohne Konsumzwang")
    await anna.say(None, "Tippfehler")
    await anna.edit(first, "Ohne Konsumzwang und offen")
    assert world.api.texts(anna.id)[-1] == T("pinboard.private_edited")
    await anna.say(None, "/undo")
    assert world.api.texts(anna.id)[-1] == T("pinboard.undone", number=2)
    assert await texts_of_notes(world) == [(1, "Ohne Konsumzwang und offen")]


async def test_someone_outside_the_session_cannot_write_through_a_forwarded_link(
    world: World,
) -> None:
    await opened(world)
    stranger = world.person("Stefan")
    await stranger.say(None, "/start pin_1")
    assert world.api.texts(stranger.id)[-1] == T("not_allowed.take_part")
    assert await texts_of_notes(world) == []


async def test_after_the_collection_the_private_chat_says_so_and_takes_nothing(
    world: World,
) -> None:
    here = await opened(world, "/pinboard Dritte Orte\nWas sind Dritte Orte?")
    anna = world.person("Anna")
    await open_private_chat(here, anna)
    await here.say(here.fatma, "/cluster")
    await anna.say(None, "Zu spät")
    assert world.api.texts(anna.id)[-1] == T("pinboard.not_now")
    await anna.say(None, "Noch später")
    assert world.api.texts(anna.id)[-1] == T("core.no_dialog")
    assert await texts_of_notes(world) == []
