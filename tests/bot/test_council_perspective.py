"""Round 2 of the council end to end: each group restates another's interests, the owners rate.

With four groups, Verwaltung restates Politik, Politik restates
Zivilgesellschaft, Zivilgesellschaft restates Wirtschaft and Wirtschaft
restates Verwaltung. Interests 1 to 4 belong to the groups in that order;
Politik also states interest 5.
"""

from __future__ import annotations

from bot.simulate import World
from tests.bot.test_council_groups import (
    EN,
    Room,
    T,
    button_url,
    follow_link,
    last_answer,
    open_council,
    rate_prompt,
    state_interests,
)

PRIVATE = T("council.button_private_restate")
UNDERSTOOD, PARTLY = T("council.rating_understood"), T("council.rating_partly")
NOT_UNDERSTOOD = T("council.rating_not_understood")


def missing(group: str, *needs: str) -> str:
    return T("council.missing_group", group=group, needs=", ".join(needs))


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
    assert T("council.live_round", round=2, name=T("council.phase_restate")) in text
    verwaltung = text.split("👥 1. Verwaltung")[1].split("👥 2.")[0]
    assert T("council.live_restates", group="Politik") in verwaltung
    assert "2. Eine Entscheidung vor der Wahl\n      " + T("council.live_restatement_missing") in (
        verwaltung)
    assert "5. Bezahlbares Wohnen" in verwaltung
    items = "; ".join((missing("Verwaltung", T("council.need_restate", numbers="2, 5")),
                       missing("Politik", T("council.need_restate", numbers="3"))))
    assert T("council.live_missing", items=items) in text


async def test_a_restatement_is_shown_and_the_original_group_rates_it_with_buttons(
    world: World,
) -> None:
    room = await in_round_two(world)
    await room.say(room.members["Wirtschaft"][2], "/restate 1 Ihr braucht Einnahmen für die Stadt")
    prompt = room.last_message_with(rate_prompt(1, "Verwaltung"))
    assert prompt["text"] == T(
        "council.rate_prompt", interest=1, group="Verwaltung", by="Wirtschaft",
        original="Flächen für Gewerbe sichern", reason="weil die Gewerbesteuer den Haushalt trägt",
        text="Ihr braucht Einnahmen für die Stadt")
    restated = "Ihr braucht Einnahmen für die Stadt"
    shown = T("council.live_restatement", text=restated, rating=T("council.live_not_rated"))
    assert shown in room.live_text()
    assert missing("Verwaltung", T("council.need_restate", numbers="2, 5"),
                   T("council.need_rate", numbers="1")) in room.live_text()
    chiara = room.members["Verwaltung"][2]
    await chiara.press(prompt, UNDERSTOOD)
    assert last_answer(world)["text"] == T("council.rated")
    assert T("council.live_restatement", text=restated, rating=UNDERSTOOD) in room.live_text()
    assert T("council.need_rate", numbers="1") not in room.live_text()


async def test_a_group_can_reword_its_restatement_until_it_is_rated(world: World) -> None:
    room = await in_round_two(world)
    lena = room.members["Wirtschaft"][2]
    await room.say(lena, "/restate 1 Ihr wollt Geld")
    await room.say(lena, "/restate 1 Ihr braucht Einnahmen, um Schulen zu bauen")
    assert "„Ihr braucht Einnahmen, um Schulen zu bauen“" in room.live_text()
    await room.first("Verwaltung").press(room.last_message_with(rate_prompt(1, "Verwaltung")),
                                         PARTLY)
    await room.say(lena, "/restate 1 Noch einmal anders")
    assert room.last_text() == T("council.restatement_rated")


async def test_restating_ones_own_or_an_unassigned_groups_interest_is_refused(
    world: World,
) -> None:
    room = await in_round_two(world)
    aylin = room.first("Verwaltung")
    await room.say(aylin, "/restate 1 Wir wollen Flächen")
    assert room.last_text() == T("council.own_group")
    await room.say(aylin, "/restate 3 Ihr wollt einen Park")
    assert room.last_text() == T("council.not_assigned", group="Politik")
    await room.say(aylin, "/restate Ihr wollt einen Park")
    assert room.last_text() == T("council.restate_usage")
    assert missing("Verwaltung", T("council.need_restate", numbers="2, 5")) in room.live_text()


async def test_only_the_original_group_rates_and_a_second_equal_tap_changes_nothing(
    world: World,
) -> None:
    room = await in_round_two(world)
    await room.say(room.first("Verwaltung"), "/restate 2 Ihr wollt vor der Wahl liefern")
    prompt = room.last_message_with(rate_prompt(2, "Politik"))
    await room.members["Verwaltung"][1].press(prompt, UNDERSTOOD)
    assert last_answer(world)["show_alert"] is True
    assert last_answer(world)["text"] == T("council.rate_not_your_group", group="Politik")
    dmitri = room.first("Politik")
    await dmitri.press(prompt, UNDERSTOOD)
    assert last_answer(world)["text"] == EN("council.rated")
    await dmitri.press(prompt, UNDERSTOOD)
    assert last_answer(world)["text"] == EN("council.rating_unchanged")


async def test_a_partial_rating_invites_a_private_correction_that_the_live_message_shows(
    world: World,
) -> None:
    room = await in_round_two(world)
    await room.say(room.members["Politik"][2], "/restate 3 Ihr wollt mehr Bäume")
    emma = room.members["Zivilgesellschaft"][1]
    await emma.say(None, "/start")
    await emma.press(room.last_message_with(rate_prompt(3, "Zivilgesellschaft")), PARTLY)
    assert last_answer(world)["text"] == T("council.rated_asked")
    assert world.api.texts(emma.id)[-1] == T("council.ask_correction", interest=3, rating=PARTLY)
    correction = "Es geht um einen Ort für alle, nicht nur um Bäume"
    await emma.say(None, correction)
    assert world.api.texts(emma.id)[-1] == T("council.correction_saved")
    rated = T("council.live_restatement", text="Ihr wollt mehr Bäume", rating=PARTLY)
    assert rated + " " + T("council.live_correction", text=correction) in room.live_text()


async def test_someone_who_never_opened_a_private_chat_gets_a_link_for_the_correction(
    world: World,
) -> None:
    room = await in_round_two(world)
    await room.say(room.members["Zivilgesellschaft"][0], "/restate 4 Ihr wollt Ruhe")
    kemal = room.members["Wirtschaft"][1]
    await kemal.press(room.last_message_with(rate_prompt(4, "Wirtschaft")), NOT_UNDERSTOOD)
    link = str(last_answer(world)["url"])
    assert link.endswith("?start=cocor_1_4")
    await follow_link(kemal, link)
    assert world.api.texts(kemal.id)[-1] == T("council.ask_correction", interest=4,
                                              rating=NOT_UNDERSTOOD)
    said = "Wir brauchen verlässliche Regeln für zehn Jahre"
    await kemal.say(None, said)
    assert T("council.live_correction", text=said) in room.live_text()


async def test_a_group_restates_privately_choosing_among_its_assigned_interests(
    world: World,
) -> None:
    room = await in_round_two(world)
    bernd = room.members["Verwaltung"][1]
    await follow_link(bernd, button_url(room.live(), PRIVATE))
    choice = world.api.sent("sendMessage", bernd.id)[-1]
    assert choice.params["text"] == T("council.ask_restate_pick", group="Politik")
    await bernd.press(choice, "5. Bezahlbares")
    assert world.api.texts(bernd.id)[-1] == T(
        "council.ask_restate", number=5, group="Politik", text="Bezahlbares Wohnen",
        reason="weil Mieten steigen")
    restated = "Ihr wollt, dass Familien hier wohnen bleiben können"
    await bernd.say(None, restated)
    assert world.api.texts(bernd.id)[-1] == T("council.restatement_saved")
    prompt = room.last_message_with(rate_prompt(5, "Politik"))
    assert f"„{restated}“" in prompt["text"]
    assert missing("Verwaltung", T("council.need_restate", numbers="2")) in room.live_text()


async def test_a_single_assigned_interest_is_asked_for_at_once(world: World) -> None:
    room = await in_round_two(world)
    hanna = room.members["Zivilgesellschaft"][1]
    await follow_link(hanna, button_url(room.live(), PRIVATE))
    assert world.api.texts(hanna.id)[-1] == T(
        "council.ask_restate", number=4, group="Wirtschaft", text="Planungssicherheit",
        reason="weil Investitionen zehn Jahre binden")


async def test_the_private_restatement_link_needs_a_group_and_round_two(world: World) -> None:
    room = await in_round_two(world)
    link = button_url(room.live(), PRIVATE)
    otto = world.person("Otto", "de", "otto")
    await room.say(otto, "Hallo")
    await follow_link(otto, link)
    assert world.api.texts(otto.id)[-1] == T("council.join_first")
    await room.say(room.fatma, "/round")
    ivo = room.members["Zivilgesellschaft"][2]
    await follow_link(ivo, link)
    assert world.api.texts(ivo.id)[-1] == T("council.not_now", round=3)


async def test_once_everything_assigned_is_rated_the_private_link_says_nothing_is_left(
    world: World,
) -> None:
    room = await in_round_two(world)
    hanna = room.members["Zivilgesellschaft"][1]
    await room.say(hanna, "/restate 4 Ihr wollt Planungssicherheit")
    await room.first("Wirtschaft").press(room.last_message_with(rate_prompt(4, "Wirtschaft")),
                                         UNDERSTOOD)
    await follow_link(hanna, button_url(room.live(), PRIVATE))
    assert world.api.texts(hanna.id)[-1] == T("council.nothing_to_restate")
