"""The pinboard in a group: opening a board, adding, changing and withdrawing notes.

The helpers at the top are shared by the other ``test_pinboard_*`` modules:
a session with a facilitator (in a plain group or a forum topic), the board's
current live message, and the stored flow state.
"""

from __future__ import annotations

import re
from typing import Any

from bot.offline import Call
from bot.simulate import World
from flows.pinboard import PinboardState
from locales import translator
from storage import rounds as stored
from tests.bot.helpers import SessionRoom, appoint_facilitator, workshop

T = translator("de")
"""The texts people in these rooms read (German, addressed with Sie)."""
QUESTIONS = ("Was sind Dritte Orte?", "Wer trägt die Kosten?", "Was müssen wir als Kommune machen?")
OPEN = "/pinboard 10m Dritte Orte\n" + "\n".join(QUESTIONS)
_HEAD, _, _TAIL = T("pinboard.live_header", title="\0", phase="").partition("\0")
LIVE = re.compile(re.escape(_HEAD) + r"[^\n]*" + re.escape(_TAIL))


def header(title: str, phase: str = "collecting") -> str:
    """The first line of a live board."""
    return T("pinboard.live_header", title=title, phase=T(f"pinboard.phase.{phase}"))


def question_line(number: int, notes: int) -> str:
    """A question of the live board with its count of notes."""
    return T("pinboard.live_question", number=number, question=QUESTIONS[number - 1],
             count=T("pinboard.count", count=notes))


class Room(SessionRoom):
    """A session chat with a pinboard."""

    def last_message(self) -> dict[str, Any]:
        return self.world.last_bot_message(self.world.api.sent("sendMessage", self.chat.id)[-1])

    def board(self) -> dict[str, Any]:
        """The live board as it shows now (the latest one posted)."""
        calls = self.world.api.sent("sendMessage", self.chat.id)
        call = next(c for c in reversed(calls) if LIVE.match(str(c.params["text"])))
        return self.world.last_bot_message(call)

    def answers(self) -> list[str]:
        """What button presses were answered (the small notes Telegram shows)."""
        return [str(c.params.get("text", "")) for c in self.world.api.sent("answerCallbackQuery")]

    def reactions(self) -> list[Call]:
        return self.world.api.sent("setMessageReaction", self.chat.id)


async def room(world: World, *, forum: bool = False) -> Room:
    shop = await workshop(world, forum=forum)
    thread: int | None = shop.group.topic if forum else None  # type: ignore[attr-defined]
    fatma = world.person("Fatma", "de", "fatma")
    await appoint_facilitator(shop, fatma, thread=thread)
    return Room(world, shop, fatma, thread)


async def opened(world: World, text: str = OPEN, *, forum: bool = False) -> Room:
    here = await room(world, forum=forum)
    await here.say(here.fatma, text)
    return here


async def board_state(world: World, round_id: int = 1) -> PinboardState:
    assert world.app is not None
    async with world.app.bot_data["services"].db.transaction() as tx:
        record = await stored.get_round(tx, round_id)
    assert record is not None
    return record.state(PinboardState)


async def texts_of_notes(world: World) -> list[tuple[int, str]]:
    """(question, text) of every visible note, in order of arrival."""
    state = await board_state(world)
    return [(note.question, note.text) for note in state.notes if not note.hidden]


# --- opening ----------------------------------------------------------------------------------


async def test_a_facilitator_opens_a_board_whose_live_message_shows_everything_needed(
    world: World,
) -> None:
    here = await room(world)
    await here.fatma.say(None, "/start")
    await here.say(here.fatma, OPEN)
    board = here.board()
    text = board["text"]
    assert text.startswith(header("Dritte Orte"))
    assert T("pinboard.live_time_left", minutes=10) in text
    for number in range(1, len(QUESTIONS) + 1):
        assert question_line(number, 0) in text
    assert T("pinboard.live_howto") in text and "/note 2" in text
    labels = [b["text"] for row in board["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == [T("pinboard.button_private"), T("profile.register_button"),
                      T("panel.steer_button")]
    register = board["reply_markup"]["inline_keyboard"][1][0]["url"]
    assert register.endswith("?start=reg_1")
    # the live message says it all in the group; the facilitator is told privately
    told = T("pinboard.opened_timed", title="Dritte Orte", questions=3, minutes=10)
    assert world.api.texts(here.fatma.id)[-1] == told
    assert told not in here.texts()


async def test_a_second_board_while_one_is_open_is_refused_with_the_way_to_close_the_first(
    world: World,
) -> None:
    here = await opened(world)
    await here.say(here.fatma, "/pinboard Noch eine\nFrage?")
    assert here.last_text() == translator("de")("core.round_already_open")
    await here.say(here.fatma, "/pinboard")
    assert here.last_text() == translator("de")("core.round_already_open")
    assert (await board_state(world)).title == "Dritte Orte"


async def test_pinboard_alone_asks_for_title_questions_and_duration_by_reply_prompts(
    world: World,
) -> None:
    here = await room(world)
    await here.say(here.fatma, "/pinboard")
    prompt = world.api.sent("sendMessage", here.chat.id)[-1]
    assert prompt.params["reply_markup"] == {"force_reply": True, "selective": True}
    await here.say(here.fatma, "Dritte Orte", reply_to=here.last_message())
    assert T("pinboard.setup_questions", title="Dritte Orte") in here.last_text()
    await here.say(here.fatma, "\n".join(QUESTIONS), reply_to=here.last_message())
    timing = here.last_message()
    assert timing["text"] == T("pinboard.setup_timing", title="Dritte Orte", questions=3)
    await here.fatma.press(timing, T("pinboard.setup_anonymous_off"))
    await here.fatma.press(timing, T("pinboard.setup_minutes", minutes=10))
    state = await board_state(world)
    assert (state.title, state.questions, state.anonymity_allowed) == ("Dritte Orte", QUESTIONS,
                                                                       True)
    assert state.deadline is not None
    assert T("pinboard.live_time_left", minutes=10) in here.board()["text"]


async def test_the_setup_dialogue_asks_again_when_an_answer_is_unusable(world: World) -> None:
    here = await room(world)
    await here.say(here.fatma, "/pinboard")
    await here.say(here.fatma, "Dritte Orte", reply_to=here.last_message())
    too_many = "\n".join(f"Frage {n}?" for n in range(1, 14))
    await here.say(here.fatma, too_many, reply_to=here.last_message())
    assert T("pinboard.too_many_questions", max=12) in here.last_text()
    await here.say(here.fatma, "Eine Frage?", reply_to=here.last_message())
    intruder = world.person("Ida")
    await here.say(intruder, "Hallo")
    await intruder.press(here.last_message(), T("pinboard.setup_no_timer"))
    assert here.answers()[-1] == T("pinboard.setup_not_yours")
    await here.fatma.press(here.last_message(), T("pinboard.setup_no_timer"))
    state = await board_state(world)
    assert state.questions == ("Eine Frage?",) and state.deadline is None


# --- notes in the group -----------------------------------------------------------------------


async def test_a_reply_with_a_number_adds_a_note_and_is_acknowledged_with_a_reaction(
    world: World,
) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    sent_before = len(world.api.sent("sendMessage", here.chat.id))
    note = await here.say(anna, "2 Hausmeister & Versicherung", reply_to=here.board())
    assert await texts_of_notes(world) == [(2, "Hausmeister & Versicherung")]
    assert here.reactions()[-1].params["message_id"] == note["message_id"]
    assert len(world.api.sent("sendMessage", here.chat.id)) == sent_before
    assert question_line(2, 1) in here.board()["text"]


async def test_one_message_with_several_lines_gives_several_notes(world: World) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    await here.say(anna, "1 Ohne Konsumzwang\nNicht kommerziell\n\nSoziale Knotenpunkte",
                   reply_to=here.board())
    assert await texts_of_notes(world) == [
        (1, "Ohne Konsumzwang"), (1, "Nicht kommerziell"), (1, "Soziale Knotenpunkte")]
    assert question_line(1, 3) in here.board()["text"]


async def test_a_reply_without_number_offers_the_questions_and_only_its_author_chooses(
    world: World,
) -> None:
    here = await opened(world)
    anna, ben = world.person("Anna"), world.person("Ben")
    note = await here.say(anna, "Träger kann jeder sein", reply_to=here.board())
    choice = here.last_message()
    assert choice["text"] == T("pinboard.which_question", count=3)
    assert await texts_of_notes(world) == []
    await here.say(ben, "Hallo")
    await ben.press(choice, "2. Wer trägt")
    assert here.answers()[-1] == T("pinboard.pick_not_yours")
    await anna.press(choice, "2. Wer trägt")
    assert await texts_of_notes(world) == [(2, "Träger kann jeder sein")]
    assert here.reactions()[-1].params["message_id"] == note["message_id"]
    assert (here.chat.id, choice["message_id"]) not in world.api.messages


async def test_on_a_board_with_one_question_a_reply_needs_no_number(world: World) -> None:
    here = await opened(world, "/pinboard Dritte Orte\nWas sind Dritte Orte?")
    assert T("pinboard.live_howto_single") in here.board()["text"]
    await here.say(world.person("Anna"), "Ohne Konsumzwang", reply_to=here.board())
    assert await texts_of_notes(world) == [(1, "Ohne Konsumzwang")]


async def test_note_command_adds_notes_without_replying(world: World) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    await here.say(anna, "/note 3 Öffentlichkeitsarbeit\nErmöglichung durch Haltung")
    assert await texts_of_notes(world) == [(3, "Öffentlichkeitsarbeit"),
                                           (3, "Ermöglichung durch Haltung")]


async def test_editing_the_message_that_carried_a_note_changes_the_note(world: World) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    note = await here.say(anna, "1 Ohne Konsumzwang", reply_to=here.board())
    command = await here.say(anna, "/note 2 Hausmeister")
    await anna.edit(note, "1 Ohne Konsumzwang!")
    await anna.edit(command, "/note 2 Hausmeister & Versicherung\nTräger kann jeder sein")
    assert await texts_of_notes(world) == [
        (1, "Ohne Konsumzwang!"), (2, "Hausmeister & Versicherung"), (2, "Träger kann jeder sein")]
    state = await board_state(world)
    assert [edit.text for edit in state.notes[0].edits] == ["Ohne Konsumzwang"]


async def test_undo_withdraws_the_authors_latest_note_and_confirms_privately(
    world: World,
) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    await anna.say(None, "/start")
    await here.say(anna, "/note 1 Ohne Konsumzwang")
    await here.say(anna, "/note 1 Tippfehler")
    await here.say(anna, "/undo")
    assert await texts_of_notes(world) == [(1, "Ohne Konsumzwang")]
    assert world.api.texts(anna.id)[-1] == T("pinboard.undone", number=2)
    assert question_line(1, 1) in here.board()["text"]


async def test_a_repeated_telegram_update_stores_the_note_once(world: World) -> None:
    here = await opened(world)
    note = await here.say(world.person("Anna"), "1 Ohne Konsumzwang", reply_to=here.board())
    await world.deliver_again({"update_id": 999_999, "message": note})
    assert await texts_of_notes(world) == [(1, "Ohne Konsumzwang")]


async def test_hidden_notes_stay_stored_and_are_left_out_until_restored(world: World) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    spam = await here.say(anna, "1 Werbung für meinen Laden", reply_to=here.board())
    await here.say(anna, "1 Ohne Konsumzwang", reply_to=here.board())
    await here.say(here.fatma, "/hide", reply_to=spam)
    assert here.last_text() == T("pinboard.hidden", numbers="1", count=1)
    assert await texts_of_notes(world) == [(1, "Ohne Konsumzwang")]
    assert len((await board_state(world)).notes) == 2
    assert question_line(1, 1) in here.board()["text"]
    await here.fatma.press(here.last_message(), T("pinboard.button_restore"))
    assert len(await texts_of_notes(world)) == 2
    await here.say(here.fatma, "/hide 1 2")
    assert here.last_text() == T("pinboard.hidden", numbers="1, 2", count=2)
    await here.say(here.fatma, "/restore 1 2")
    assert here.last_text() == T("pinboard.restored", numbers="1, 2", count=2)
    assert len(await texts_of_notes(world)) == 2


async def test_in_a_forum_a_setup_in_one_topic_and_a_choice_in_another_are_two_dialogues(
    world: World,
) -> None:
    here = await opened(world, forum=True)
    shop, fatma = here.shop, here.fatma
    other = world.topic(shop.group, "Werkstatt 3", shop.organizer)
    await shop.organizer.say(shop.group, f"/session {shop.code} Werkstatt 3", thread=other)
    there = Room(world, shop, fatma, other)

    await there.say(fatma, "/pinboard")  # a board set up step by step in the second topic ...
    title_prompt = there.last_message()
    await here.say(fatma, "Ohne Nummer", reply_to=here.board())  # ... a choice in the first
    choice = here.last_message()
    assert choice["text"] == T("pinboard.which_question", count=3)
    await there.say(fatma, "Zweite Pinwand", reply_to=title_prompt)
    assert T("pinboard.setup_questions", title="Zweite Pinwand") in there.last_text()
    await fatma.press(choice, "2. Wer trägt")

    assert await texts_of_notes(world) == [(2, "Ohne Nummer")]
    await there.say(fatma, "Was fehlt?", reply_to=there.last_message())
    await fatma.press(there.last_message(), T("pinboard.setup_no_timer"))
    assert (await board_state(world, 2)).title == "Zweite Pinwand"
