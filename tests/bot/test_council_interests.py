"""Round 1 of the council end to end: interests with reasons, by command, by edit, in private.

An interest and its reason come in one message, joined by "weil", "denn" or
"because"; without one, the bot asks for the reason in a second step, privately
or (for someone who never opened the private chat) by a question in the group
that they answer by replying. The reason is shown as its author said it: their
connective or none, never a German "weil" glued to English words.
"""

from __future__ import annotations

from bot.simulate import World
from flows.council import CouncilState
from storage import people
from storage import rounds as stored
from tests.bot.test_council_groups import EN, Room, T, button_url, follow_link, open_council


async def room_state(room: Room) -> CouncilState:
    """The session's council as stored."""
    assert room.world.app is not None
    async with room.world.app.bot_data["services"].db.transaction() as tx:
        session = await people.session_at(tx, room.chat.id, room.thread or 0)
        assert session is not None
        record = await stored.last_round(tx, session.id, "council")
    assert record is not None
    return record.state(CouncilState)


def interest_line(number: int, text: str, reason: str) -> str:
    """An interest as the live message lists it."""
    return T("council.live_interest", number=number, text=text, reason=reason)


async def test_without_a_private_chat_the_reason_is_asked_for_by_a_reply_in_the_group(
    world: World,
) -> None:
    room = await open_council(world, per_group=2)
    aylin, bernd = room.members["Verwaltung"]
    command = await room.say(aylin, "/interest Flächen für Gewerbe sichern")
    question = world.api.sent("sendMessage", room.chat.id)[-1]
    assert question.params["text"] == T("council.ask_reason_here",
                                         interest="Flächen für Gewerbe sichern")
    assert question.params["reply_parameters"]["message_id"] == command["message_id"]
    assert question.params["reply_markup"] == {"force_reply": True, "selective": True}
    assert T("council.missing_group", group="Verwaltung", needs=T("council.need_interest")) in (
        room.live_text())  # nothing is stored before the reason is in

    asked = world.last_bot_message(question)
    await room.say(bernd, "Das weiß ich nicht", reply_to=asked)  # not his question
    assert "Flächen für Gewerbe sichern" not in room.live_text()
    answer = await room.say(aylin, "Die Gewerbesteuer trägt den Haushalt", reply_to=asked)
    assert interest_line(1, "Flächen für Gewerbe sichern",
                         "Die Gewerbesteuer trägt den Haushalt") in room.live_text()
    assert world.api.sent("setMessageReaction", room.chat.id)[-1].params["message_id"] == (
        answer["message_id"])
    assert (room.chat.id, asked["message_id"]) not in world.api.messages  # the question went

    dmitri = room.first("Politik")
    await room.say(dmitri, "/interest More housing")
    assert room.last_text() == EN("council.ask_reason_here", interest="More housing")


async def test_with_a_private_chat_the_reason_is_asked_for_there_and_the_group_stays_quiet(
    world: World,
) -> None:
    room = await open_council(world, per_group=2)
    bernd = room.members["Verwaltung"][1]
    await bernd.say(None, "/start")
    sent_before = len(world.api.sent("sendMessage", room.chat.id))
    command = await room.say(bernd, "/interest Kurze Wege")
    assert len(world.api.sent("sendMessage", room.chat.id)) == sent_before
    assert world.api.texts(bernd.id)[-1] == T("council.ask_reason", interest="Kurze Wege")
    await bernd.say(None, "weil viele hier arbeiten und draußen wohnen")
    assert world.api.texts(bernd.id)[-1] == T(
        "council.interest_saved", text="Kurze Wege",
        reason="weil viele hier arbeiten und draußen wohnen")
    assert interest_line(1, "Kurze Wege", "weil viele hier arbeiten und draußen wohnen") in (
        room.live_text())
    # the group message stays the interest's source: editing it edits the interest
    await bernd.edit(command, "/interest Kurze Wege für Pendler denn viele wohnen draußen")
    assert interest_line(1, "Kurze Wege für Pendler", "denn viele wohnen draußen") in (
        room.live_text())


async def test_denn_and_because_work_like_weil_and_keep_the_authors_word(world: World) -> None:
    room = await open_council(world, per_group=1)
    sent_before = len(world.api.sent("sendMessage", room.chat.id))
    command = await room.say(room.first("Politik"), "/interest Decide soon because voters wait")
    await room.say(room.first("Verwaltung"), "/interest Flächen sichern, denn sie tragen Jobs")
    text = room.live_text()
    politics = "2. Politik (1): Dmitri\n   "
    assert politics + interest_line(1, "Decide soon", "because voters wait") in text
    assert interest_line(2, "Flächen sichern", "denn sie tragen Jobs") in text
    assert "– weil" not in text
    reactions = world.api.sent("setMessageReaction", room.chat.id)
    assert reactions[-2].params["message_id"] == command["message_id"]
    assert len(world.api.sent("sendMessage", room.chat.id)) == sent_before


async def test_a_group_states_several_interests_and_edits_one_by_editing_its_message(
    world: World,
) -> None:
    room = await open_council(world, per_group=2)
    aylin, bernd = room.members["Verwaltung"]
    first = await room.say(aylin, "/interest Flächen sichern weil Gewerbesteuer")
    await room.say(bernd, "/interest Kurze Wege weil Pendler")
    await aylin.edit(first, "/interest Flächen für Handwerk sichern weil Gewerbesteuer und Jobs")
    text = room.live_text()
    assert interest_line(1, "Flächen für Handwerk sichern", "weil Gewerbesteuer und Jobs") in text
    assert interest_line(2, "Kurze Wege", "weil Pendler") in text
    assert interest_line(1, "Flächen sichern", "weil Gewerbesteuer") + "\n" not in text


async def test_a_reason_added_by_editing_the_message_answers_the_question(world: World) -> None:
    room = await open_council(world, per_group=1)
    aylin = room.first("Verwaltung")
    first = await room.say(aylin, "/interest Flächen sichern")
    asked = world.last_bot_message(world.api.sent("sendMessage", room.chat.id)[-1])
    await aylin.edit(first, "/interest Flächen sichern weil Gewerbesteuer")
    assert interest_line(1, "Flächen sichern", "weil Gewerbesteuer") in room.live_text()
    assert (room.chat.id, asked["message_id"]) not in world.api.messages
    await room.say(aylin, "Noch ein Grund", reply_to=asked)  # the question is closed
    assert len((await room_state(room)).interests) == 1


async def test_editing_an_interest_after_round_one_is_refused_and_keeps_it(world: World) -> None:
    room = await open_council(world, per_group=1)
    aylin = room.first("Verwaltung")
    first = await room.say(aylin, "/interest Flächen sichern weil Gewerbesteuer")
    await room.say(room.fatma, "/round")
    await aylin.edit(first, "/interest Alles anders weil neu")
    assert room.last_text() == T("council.not_now", round=2)
    assert "1. Flächen sichern" in room.live_text()
    assert "Alles anders" not in room.live_text()


async def test_the_private_dialogue_asks_for_the_interest_and_then_for_its_reason(
    world: World,
) -> None:
    room = await open_council(world, per_group=2)
    bernd = room.members["Verwaltung"][1]
    await follow_link(bernd, button_url(room.live(), T("council.button_private_interest")))
    assert world.api.texts(bernd.id)[-1] == T("council.ask_interest", group="Verwaltung")
    await bernd.say(None, "Kurze Wege für Pendler")
    assert world.api.texts(bernd.id)[-1] == T("council.ask_reason",
                                              interest="Kurze Wege für Pendler")
    await bernd.say(None, "Viele arbeiten hier und wohnen draußen")
    assert world.api.texts(bernd.id)[-1] == T(
        "council.interest_saved", text="Kurze Wege für Pendler",
        reason="Viele arbeiten hier und wohnen draußen")  # no "weil" the author did not write
    assert interest_line(1, "Kurze Wege für Pendler",
                         "Viele arbeiten hier und wohnen draußen") in room.live_text()
    await bernd.say(None, "Noch etwas?")
    assert world.api.texts(bernd.id)[-1] == T("core.no_dialog")


async def test_the_private_dialogue_takes_interest_and_reason_in_one_answer(
    world: World,
) -> None:
    room = await open_council(world, per_group=1)
    dmitri = room.first("Politik")
    await follow_link(dmitri, button_url(room.live(), T("council.button_private_interest")))
    assert world.api.texts(dmitri.id)[-1] == EN("council.ask_interest", group="Politik")
    await dmitri.say(None, "A decision before the election because voters expect clarity")
    assert world.api.texts(dmitri.id)[-1] == EN(
        "council.interest_saved", text="A decision before the election",
        reason="because voters expect clarity")
    assert interest_line(1, "A decision before the election", "because voters expect clarity") in (
        room.live_text())  # the German live message keeps his English word


async def test_an_interest_is_reworked_privately_by_choosing_it_from_the_list(
    world: World,
) -> None:
    room = await open_council(world, per_group=1)
    aylin = room.first("Verwaltung")
    await room.say(aylin, "/interest Flächen sichern weil Gewerbesteuer")
    await follow_link(aylin, button_url(room.live(), T("council.button_private_interest")))
    await aylin.press(world.api.sent("sendMessage", aylin.id)[-1], "✏️ 1.")
    assert world.api.texts(aylin.id)[-1] == T("council.ask_interest_edit", number=1)
    await aylin.say(None, "Flächen für Handwerk sichern")
    await aylin.say(None, "Weil es Gewerbesteuer und Ausbildungsplätze bringt")
    assert interest_line(1, "Flächen für Handwerk sichern",
                         "weil es Gewerbesteuer und Ausbildungsplätze bringt") in room.live_text()


async def test_someone_without_a_group_is_asked_to_choose_one_before_the_dialogue(
    world: World,
) -> None:
    room = await open_council(world, per_group=1)
    otto = world.person("Otto", "de", "otto")
    await room.say(otto, "Hallo")
    await follow_link(otto, button_url(room.live(), T("council.button_private_interest")))
    assert world.api.texts(otto.id)[-1] == T("council.join_first")
    await room.say(otto, "/interest Ruhe im Viertel")  # nor is he asked for a reason
    assert world.api.texts(otto.id)[-1] == T("council.join_first")


async def test_a_private_dialogue_survives_a_restart_between_interest_and_reason(
    world: World,
) -> None:
    room = await open_council(world, per_group=1)
    jana = room.first("Wirtschaft")
    await follow_link(jana, button_url(room.live(), T("council.button_private_interest")))
    await jana.say(None, "Planungssicherheit")
    await world.restart()
    await jana.say(None, "Investitionen binden zehn Jahre")
    assert world.api.texts(jana.id)[-1] == T("council.interest_saved", text="Planungssicherheit",
                                             reason="Investitionen binden zehn Jahre")
    assert interest_line(1, "Planungssicherheit", "Investitionen binden zehn Jahre") in (
        room.live_text())


async def test_a_question_in_the_group_survives_a_restart(world: World) -> None:
    room = await open_council(world, per_group=1)
    jana = room.first("Wirtschaft")
    await room.say(jana, "/interest Planungssicherheit")
    asked = world.last_bot_message(world.api.sent("sendMessage", room.chat.id)[-1])
    await world.restart()
    await room.say(jana, "Investitionen binden zehn Jahre", reply_to=asked)
    assert interest_line(1, "Planungssicherheit", "Investitionen binden zehn Jahre") in (
        room.live_text())


async def test_a_deep_link_to_a_council_that_does_not_exist_is_refused(world: World) -> None:
    anna = world.person("Anna", "de", "anna")
    await anna.say(None, "/start coint_999")
    assert world.api.texts(anna.id)[-1] == T("council.none_open")
    await anna.say(None, "/start coint_abc")
    assert world.api.texts(anna.id)[-1] == T("core.stale_button")


async def test_a_private_answer_with_only_a_reason_is_asked_for_again(world: World) -> None:
    room = await open_council(world, per_group=1)
    aylin = room.first("Verwaltung")
    await follow_link(aylin, button_url(room.live(), T("council.button_private_interest")))
    await aylin.say(None, "weil die Gewerbesteuer den Haushalt trägt")
    assert world.api.texts(aylin.id)[-1] == T("council.interest_empty")
    await aylin.say(None, "Flächen sichern weil die Gewerbesteuer den Haushalt trägt")
    assert interest_line(1, "Flächen sichern", "weil die Gewerbesteuer den Haushalt trägt") in (
        room.live_text())


async def test_weil_with_nothing_after_it_is_refused_with_how_to_write_both(world: World) -> None:
    room = await open_council(world, per_group=1)
    await room.say(room.first("Verwaltung"), "/interest Flächen sichern weil")
    assert room.last_text() == T("council.interest_needs_reason")
    assert (await room_state(room)).interests == ()
