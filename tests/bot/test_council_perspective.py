"""Round 2 of the council end to end: each group restates another's interests, the owners rate.

With four groups, Verwaltung restates Politik, Politik restates
Zivilgesellschaft, Zivilgesellschaft restates Wirtschaft and Wirtschaft
restates Verwaltung. Interests 1 to 4 belong to the groups in that order;
Politik also states interest 5.
"""

from __future__ import annotations

from bot.simulate import World
from tests.bot.test_council_groups import (
    Room,
    button_url,
    follow_link,
    last_answer,
    open_council,
    state_interests,
)


async def in_round_two(world: World) -> Room:
    room = await open_council(world)
    await state_interests(room)
    await room.say(room.members["Politik"][1], "/interest Bezahlbares Wohnen weil Mieten steigen")
    await room.say(room.fatma, "/round")
    return room


async def test_round_two_shows_each_group_whose_interests_it_restates_and_what_is_missing(
    world: World,
) -> None:
    room = await in_round_two(world)
    text = room.live_text()
    assert "Runde 2 von 4: Perspektivwechsel" in text
    verwaltung = text.split("👥 1. Verwaltung")[1].split("👥 2.")[0]
    assert "↪ gibt die Interessen von Politik wieder:" in verwaltung
    assert "2. Eine Entscheidung vor der Wahl\n      … Wiedergabe fehlt noch" in verwaltung
    assert "5. Bezahlbares Wohnen" in verwaltung
    assert "Es fehlt noch: Verwaltung (Wiedergabe von 2, 5); Politik (Wiedergabe von 3)" in text


async def test_a_restatement_is_shown_and_the_original_group_rates_it_with_buttons(
    world: World,
) -> None:
    room = await in_round_two(world)
    await room.say(room.members["Wirtschaft"][2], "/restate 1 Ihr braucht Einnahmen für die Stadt")
    prompt = room.last_message_with("Perspektivwechsel zu Interesse 1")
    assert prompt["text"] == (
        "Perspektivwechsel zu Interesse 1 der Gruppe Verwaltung:\n"
        "„Flächen für Gewerbe sichern“ – weil die Gewerbesteuer den Haushalt trägt\n"
        "Wirtschaft gibt es so wieder:\n„Ihr braucht Einnahmen für die Stadt“\n"
        "Verwaltung: Fühlt ihr euch verstanden?"
    )
    assert "„Ihr braucht Einnahmen für die Stadt“ – noch nicht bewertet" in room.live_text()
    assert "Verwaltung (Wiedergabe von 2, 5, Bewertung von 1)" in room.live_text()
    chiara = room.members["Verwaltung"][2]
    await chiara.press(prompt, "✅ verstanden")
    assert last_answer(world)["text"] == "Bewertung notiert."
    assert "„Ihr braucht Einnahmen für die Stadt“ – ✅ verstanden" in room.live_text()
    assert "Bewertung von 1" not in room.live_text()


async def test_a_group_can_reword_its_restatement_until_it_is_rated(world: World) -> None:
    room = await in_round_two(world)
    lena = room.members["Wirtschaft"][2]
    await room.say(lena, "/restate 1 Ihr wollt Geld")
    await room.say(lena, "/restate 1 Ihr braucht Einnahmen, um Schulen zu bauen")
    assert "„Ihr braucht Einnahmen, um Schulen zu bauen“" in room.live_text()
    await room.first("Verwaltung").press(
        room.last_message_with("Perspektivwechsel zu Interesse 1"), "teilweise"
    )
    await room.say(lena, "/restate 1 Noch einmal anders")
    assert room.last_text() == "Diese Wiedergabe wurde schon bewertet und bleibt so."


async def test_restating_ones_own_or_an_unassigned_groups_interest_is_refused(
    world: World,
) -> None:
    room = await in_round_two(world)
    aylin = room.first("Verwaltung")
    await room.say(aylin, "/restate 1 Wir wollen Flächen")
    assert room.last_text().startswith("Die eigenen Interessen gibt eine andere Gruppe wieder")
    await room.say(aylin, "/restate 3 Ihr wollt einen Park")
    assert room.last_text() == "Deine Gruppe gibt die Interessen der Gruppe Politik wieder."
    await room.say(aylin, "/restate Ihr wollt einen Park")
    assert room.last_text().startswith("So geht's: /restate <Nummer des Interesses>")
    assert "Verwaltung (Wiedergabe von 2, 5)" in room.live_text()


async def test_only_the_original_group_rates_and_a_second_equal_tap_changes_nothing(
    world: World,
) -> None:
    room = await in_round_two(world)
    await room.say(room.first("Verwaltung"), "/restate 2 Ihr wollt vor der Wahl liefern")
    prompt = room.last_message_with("Perspektivwechsel zu Interesse 2")
    await room.members["Verwaltung"][1].press(prompt, "✅ verstanden")
    assert last_answer(world)["show_alert"] is True
    assert last_answer(world)["text"] == (
        "Bewerten kann nur die Gruppe Politik, deren Interesse wiedergegeben wurde."
    )
    dmitri = room.first("Politik")
    await dmitri.press(prompt, "✅ verstanden")
    assert last_answer(world)["text"] == "Rating noted."
    await dmitri.press(prompt, "✅ verstanden")
    assert last_answer(world)["text"] == "Your rating is already noted like that."


async def test_a_partial_rating_invites_a_private_correction_that_the_live_message_shows(
    world: World,
) -> None:
    room = await in_round_two(world)
    await room.say(room.members["Politik"][2], "/restate 3 Ihr wollt mehr Bäume")
    emma = room.members["Zivilgesellschaft"][1]
    await emma.say(None, "/start")
    await emma.press(room.last_message_with("Perspektivwechsel zu Interesse 3"), "teilweise")
    assert last_answer(world)["text"].startswith("Bewertung notiert. Ich habe dir privat")
    assert world.api.texts(emma.id)[-1].startswith(
        "Du hast die Wiedergabe von Interesse 3 mit „🟡 teilweise“ bewertet."
    )
    await emma.say(None, "Es geht um einen Ort für alle, nicht nur um Bäume")
    assert world.api.texts(emma.id)[-1] == "Danke, deine Korrektur ist notiert."
    assert (
        "„Ihr wollt mehr Bäume“ – 🟡 teilweise (Korrektur: Es geht um einen Ort für alle"
        in room.live_text()
    )


async def test_someone_who_never_opened_a_private_chat_gets_a_link_for_the_correction(
    world: World,
) -> None:
    room = await in_round_two(world)
    await room.say(room.members["Zivilgesellschaft"][0], "/restate 4 Ihr wollt Ruhe")
    kemal = room.members["Wirtschaft"][1]
    await kemal.press(room.last_message_with("Perspektivwechsel zu Interesse 4"), "nicht verst")
    link = str(last_answer(world)["url"])
    assert link.endswith("?start=cocor_1_4")
    await follow_link(kemal, link)
    assert world.api.texts(kemal.id)[-1].startswith(
        "Du hast die Wiedergabe von Interesse 4 mit „❌ nicht verstanden“ bewertet."
    )
    await kemal.say(None, "Wir brauchen verlässliche Regeln für zehn Jahre")
    assert "(Korrektur: Wir brauchen verlässliche Regeln für zehn Jahre)" in room.live_text()


async def test_a_group_restates_privately_choosing_among_its_assigned_interests(
    world: World,
) -> None:
    room = await in_round_two(world)
    bernd = room.members["Verwaltung"][1]
    await follow_link(bernd, button_url(room.live(), "Wiedergabe privat"))
    choice = world.api.sent("sendMessage", bernd.id)[-1]
    assert choice.params["text"] == (
        "Deine Gruppe gibt die Interessen der Gruppe Politik wieder. Welches nimmst du dir vor?"
    )
    await bernd.press(choice, "5. Bezahlbares")
    assert world.api.texts(bernd.id)[-1].startswith("Interesse 5 der Gruppe Politik:")
    await bernd.say(None, "Ihr wollt, dass Familien hier wohnen bleiben können")
    assert world.api.texts(bernd.id)[-1].startswith("Danke, eure Wiedergabe ist notiert.")
    prompt = room.last_message_with("Perspektivwechsel zu Interesse 5")
    assert "Verwaltung gibt es so wieder:\n„Ihr wollt, dass Familien" in prompt["text"]
    assert "Verwaltung (Wiedergabe von 2)" in room.live_text()


async def test_a_single_assigned_interest_is_asked_for_at_once(world: World) -> None:
    room = await in_round_two(world)
    hanna = room.members["Zivilgesellschaft"][1]
    await follow_link(hanna, button_url(room.live(), "Wiedergabe privat"))
    assert world.api.texts(hanna.id)[-1].startswith(
        "Interesse 4 der Gruppe Wirtschaft:\n„Planungssicherheit“"
    )


async def test_the_private_restatement_link_needs_a_group_and_round_two(world: World) -> None:
    room = await in_round_two(world)
    link = button_url(room.live(), "Wiedergabe privat")
    otto = world.person("Otto", "de", "otto")
    await room.say(otto, "Hallo")
    await follow_link(otto, link)
    assert world.api.texts(otto.id)[-1] == "Wähle zuerst deine Gruppe."
    await room.say(room.fatma, "/round")
    ivo = room.members["Zivilgesellschaft"][2]
    await follow_link(ivo, link)
    assert world.api.texts(ivo.id)[-1] == "Das passt gerade nicht: wir sind in Runde 3."


async def test_once_everything_assigned_is_rated_the_private_link_says_nothing_is_left(
    world: World,
) -> None:
    room = await in_round_two(world)
    hanna = room.members["Zivilgesellschaft"][1]
    await room.say(hanna, "/restate 4 Ihr wollt Planungssicherheit")
    await room.first("Wirtschaft").press(
        room.last_message_with("Perspektivwechsel zu Interesse 4"), "✅ verstanden"
    )
    await follow_link(hanna, button_url(room.live(), "Wiedergabe privat"))
    assert world.api.texts(hanna.id)[-1] == (
        "Für deine Gruppe gibt es gerade nichts (mehr) wiederzugeben."
    )
