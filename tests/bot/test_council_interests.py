"""Round 1 of the council end to end: interests with reasons, by command, by edit, in private."""

from __future__ import annotations

from bot.simulate import World
from locales import translator
from tests.bot.test_council_groups import button_url, follow_link, open_council


async def test_an_interest_without_a_reason_is_refused_with_why_the_reason_matters(
    world: World,
) -> None:
    room = await open_council(world, per_group=2)
    await room.say(room.first("Verwaltung"), "/interest Flächen für Gewerbe sichern")
    assert room.last_text().startswith("Bitte nenne auch den Grund: /interest <Interesse> weil")
    assert "Erst mit Begründung können die anderen Gruppen" in room.last_text()
    await room.say(room.first("Politik"), "/interest More housing")
    assert room.last_text().startswith("Please give the reason too")
    assert "Verwaltung (Interessen); Politik (Interessen)" in room.live_text()


async def test_because_works_like_weil_and_the_interest_is_acknowledged_with_a_reaction(
    world: World,
) -> None:
    room = await open_council(world, per_group=1)
    sent_before = len(world.api.sent("sendMessage", room.chat.id))
    command = await room.say(room.first("Politik"), "/interest Decide soon because voters wait")
    assert "2. Politik (1): Dmitri\n   1. Decide soon – weil voters wait" in room.live_text()
    reaction = world.api.sent("setMessageReaction", room.chat.id)[-1]
    assert reaction.params["message_id"] == command["message_id"]
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
    assert "1. Flächen für Handwerk sichern – weil Gewerbesteuer und Jobs" in text
    assert "2. Kurze Wege – weil Pendler" in text
    assert "Flächen sichern – weil Gewerbesteuer\n" not in text


async def test_an_interest_refused_for_its_missing_reason_counts_once_its_message_is_edited(
    world: World,
) -> None:
    room = await open_council(world, per_group=1)
    aylin = room.first("Verwaltung")
    first = await room.say(aylin, "/interest Flächen sichern")
    await aylin.edit(first, "/interest Flächen sichern weil Gewerbesteuer")
    assert "1. Flächen sichern – weil Gewerbesteuer" in room.live_text()


async def test_editing_an_interest_after_round_one_is_refused_and_keeps_it(world: World) -> None:
    room = await open_council(world, per_group=1)
    aylin = room.first("Verwaltung")
    first = await room.say(aylin, "/interest Flächen sichern weil Gewerbesteuer")
    await room.say(room.fatma, "/round")
    await aylin.edit(first, "/interest Alles anders weil neu")
    assert room.last_text() == "Das passt gerade nicht: wir sind in Runde 2."
    assert "1. Flächen sichern" in room.live_text()
    assert "Alles anders" not in room.live_text()


async def test_the_private_dialogue_asks_for_the_interest_and_then_for_its_reason(
    world: World,
) -> None:
    room = await open_council(world, per_group=2)
    bernd = room.members["Verwaltung"][1]
    await follow_link(bernd, button_url(room.live(), "Interesse privat"))
    assert world.api.texts(bernd.id)[-1].startswith(
        "Welches Interesse vertritt deine Gruppe Verwaltung?"
    )
    await bernd.say(None, "Kurze Wege für Pendler")
    assert world.api.texts(bernd.id)[-1] == (
        "Und warum ist euch „Kurze Wege für Pendler“ wichtig? Schreib mir den Grund."
    )
    await bernd.say(None, "Viele arbeiten hier und wohnen draußen")
    assert world.api.texts(bernd.id)[-1] == (
        "Notiert: Kurze Wege für Pendler – weil Viele arbeiten hier und wohnen draußen"
    )
    assert "1. Kurze Wege für Pendler – weil Viele arbeiten hier" in room.live_text()
    await bernd.say(None, "Noch etwas?")
    assert world.api.texts(bernd.id)[-1] == translator("de")("core.no_dialog")


async def test_the_private_dialogue_takes_interest_and_reason_in_one_answer(
    world: World,
) -> None:
    room = await open_council(world, per_group=1)
    dmitri = room.first("Politik")
    await follow_link(dmitri, button_url(room.live(), "Interesse privat"))
    assert world.api.texts(dmitri.id)[-1].startswith("Which interest does your group Politik")
    await dmitri.say(None, "A decision before the election because voters expect clarity")
    assert world.api.texts(dmitri.id)[-1] == (
        "Noted: A decision before the election – because voters expect clarity"
    )


async def test_an_interest_is_reworked_privately_by_choosing_it_from_the_list(
    world: World,
) -> None:
    room = await open_council(world, per_group=1)
    aylin = room.first("Verwaltung")
    await room.say(aylin, "/interest Flächen sichern weil Gewerbesteuer")
    await follow_link(aylin, button_url(room.live(), "Interesse privat"))
    await aylin.press(world.api.sent("sendMessage", aylin.id)[-1], "✏️ 1.")
    assert world.api.texts(aylin.id)[-1].startswith("Wie lautet Interesse 1 jetzt?")
    await aylin.say(None, "Flächen für Handwerk sichern")
    await aylin.say(None, "Gewerbesteuer und Ausbildungsplätze")
    assert "1. Flächen für Handwerk sichern – weil Gewerbesteuer und Ausbildungsplätze" in (
        room.live_text()
    )


async def test_someone_without_a_group_is_asked_to_choose_one_before_the_dialogue(
    world: World,
) -> None:
    room = await open_council(world, per_group=1)
    otto = world.person("Otto", "de", "otto")
    await room.say(otto, "Hallo")
    await follow_link(otto, button_url(room.live(), "Interesse privat"))
    assert world.api.texts(otto.id)[-1] == "Wähle zuerst deine Gruppe."


async def test_a_private_dialogue_survives_a_restart_between_interest_and_reason(
    world: World,
) -> None:
    room = await open_council(world, per_group=1)
    jana = room.first("Wirtschaft")
    await follow_link(jana, button_url(room.live(), "Interesse privat"))
    await jana.say(None, "Planungssicherheit")
    await world.restart()
    await jana.say(None, "Investitionen binden zehn Jahre")
    assert world.api.texts(jana.id)[-1] == (
        "Notiert: Planungssicherheit – weil Investitionen binden zehn Jahre"
    )
    assert "1. Planungssicherheit – weil Investitionen binden zehn Jahre" in room.live_text()


async def test_a_deep_link_to_a_council_that_does_not_exist_is_refused(world: World) -> None:
    anna = world.person("Anna", "de", "anna")
    await anna.say(None, "/start coint_999")
    assert world.api.texts(anna.id)[-1] == (
        "In dieser Sitzung läuft gerade kein Entwicklungsbeirat."
    )
    await anna.say(None, "/start coint_abc")
    assert world.api.texts(anna.id)[-1] == translator("de")("core.stale_button")


async def test_a_private_answer_with_only_a_reason_is_asked_for_again(world: World) -> None:
    room = await open_council(world, per_group=1)
    aylin = room.first("Verwaltung")
    await follow_link(aylin, button_url(room.live(), "Interesse privat"))
    await aylin.say(None, "weil die Gewerbesteuer den Haushalt trägt")
    assert world.api.texts(aylin.id)[-1] == "Bitte schreib dein Interesse vor das „weil“."
    await aylin.say(None, "Flächen sichern weil die Gewerbesteuer den Haushalt trägt")
    assert "1. Flächen sichern – weil die Gewerbesteuer den Haushalt trägt" in room.live_text()
