"""Rounds 3 and 4 of the council end to end: proposals, the interests they address, stances,
amendments, and the result ``/close`` posts."""

from __future__ import annotations

import copy
from typing import Any

from bot.simulate import SimPerson, World
from tests.bot.test_council_groups import (
    EN,
    GROUPS,
    Room,
    T,
    follow_link,
    last_answer,
    open_council,
    state_interests,
)


async def in_round(world: World, number: int, *proposals: tuple[str, str]) -> Room:
    """A council in round 3 or 4; ``proposals`` are (group, text), made by its first member."""
    room = await open_council(world)
    await state_interests(room)
    await room.say(room.fatma, "/round")
    await room.say(room.fatma, "/round")
    for group, text in proposals:
        await room.say(room.first(group), f"/proposal {text}")
    if number == 4:
        await room.say(room.fatma, "/round")
    return room


def stance_button(room: Room, proposal: int, symbol: str) -> str:
    return f"{proposal} {symbol}"


async def agree(room: Room, people: list[SimPerson], proposal: int = 1) -> None:
    for person in people:
        await person.press(room.live(), stance_button(room, proposal, "✅"))


async def test_the_author_marks_the_interests_a_proposal_addresses(world: World) -> None:
    room = await in_round(world, 3, ("Zivilgesellschaft", "Gewerbehof mit Park am Kanal"))
    made = T("council.proposed", proposal=1, text="Gewerbehof mit Park am Kanal")
    assert room.texts()[-2] == made
    marking = room.last_message_with(T("council.mark_prompt", proposal=1))
    greta = room.first("Zivilgesellschaft")
    await greta.press(marking, "☐ 1.")
    await greta.press(marking, "☐ 3.")
    await greta.press(marking, "☑ 1.")
    proposal = T("council.live_proposal", number=1, text="Gewerbehof mit Park am Kanal", version=1)
    assert f"{proposal} {T('council.live_addresses', interests='3')}" in room.live_text()
    await room.first("Politik").press(marking, "☐ 2.")
    assert last_answer(world)["text"] == EN("council.not_your_proposal", proposal=1)


async def test_proposals_belong_to_round_three(world: World) -> None:
    room = await open_council(world, per_group=1)
    await room.say(room.first("Wirtschaft"), "/proposal Ein Gewerbehof")
    assert room.last_text() == T("council.not_now", round=1)
    await room.say(room.fatma, "/round")
    await room.say(room.fatma, "/round")
    await room.say(room.first("Wirtschaft"), "/proposal")
    assert room.last_text() == T("council.proposal_empty")


async def test_a_group_stance_is_its_majority_a_tie_counting_as_the_more_critical(
    world: World,
) -> None:
    room = await in_round(world, 4, ("Wirtschaft", "Gewerbehof mit Park am Kanal"))
    verwaltung = room.members["Verwaltung"]
    await agree(room, verwaltung[:2])
    for person in room.members["Politik"][:1]:
        await agree(room, [person])
    assert "Verwaltung ✅ · Politik ✅ · Zivilgesellschaft – · Wirtschaft –" in room.live_text()
    needs = T("council.need_stance", numbers="1")
    missing = T("council.missing_group", group="Zivilgesellschaft", needs=needs)
    assert T("council.live_missing", items=missing) in room.live_text()
    emma = room.members["Politik"][1]
    await emma.say(None, "/start")
    await emma.press(room.live(), "1 ✋")
    assert last_answer(world)["text"] == T("council.asked_privately")
    assert world.api.texts(emma.id)[-1] == T("council.ask_objection", proposal=1,
                                             text="Gewerbehof mit Park am Kanal")
    await emma.say(None, "Der Park ist nicht finanziert")
    assert world.api.texts(emma.id)[-1] == T("council.stance_saved")
    assert "Verwaltung ✅ · Politik ✋" in room.live_text()


async def test_a_named_speaker_decides_the_groups_stance(world: World) -> None:
    room = await in_round(world, 4, ("Wirtschaft", "Gewerbehof mit Park am Kanal"))
    greta, hanna, ivo = room.members["Zivilgesellschaft"]
    await room.say(ivo, "/speaker")
    await agree(room, [ivo])
    for person in (greta, hanna):
        await person.say(None, "/start")
        await person.press(room.live(), "1 ✋")
        await person.say(None, "Zu wenig Grün")
    assert "Zivilgesellschaft ✅" in room.live_text()


async def test_concerns_are_asked_for_privately_and_keep_the_agreement(world: World) -> None:
    room = await in_round(world, 4, ("Wirtschaft", "Gewerbehof mit Park am Kanal"))
    for group in GROUPS:
        await agree(room, room.members[group][1:])
    aylin = room.first("Verwaltung")
    await aylin.say(None, "/start")
    await aylin.press(room.live(), "1 ⚠️")
    assert world.api.texts(aylin.id)[-1] == T("council.ask_concern", proposal=1,
                                              text="Gewerbehof mit Park am Kanal")
    await aylin.say(None, "Der Lärmschutz muss geklärt werden")
    await room.say(room.fatma, "/close")
    assert room.agreed(1, "Gewerbehof mit Park am Kanal")


async def test_an_objection_without_a_reason_is_refused_and_the_question_stays(
    world: World,
) -> None:
    room = await in_round(world, 4, ("Wirtschaft", "Gewerbehof mit Park am Kanal"))
    farid = room.members["Politik"][2]
    await farid.press(room.live(), "1 ✋")
    link = str(last_answer(world)["url"])
    assert link.endswith("?start=coreason_1_1_1_o")
    await follow_link(farid, link)
    assert world.api.texts(farid.id)[-1] == T("council.ask_objection", proposal=1,
                                              text="Gewerbehof mit Park am Kanal")
    await farid.say(None, "   ")
    assert world.api.texts(farid.id)[-1] == T("council.objection_needs_reason")
    assert "Politik –" in room.live_text()
    await farid.say(None, "Die Halle ist denkmalgeschützt")
    assert world.api.texts(farid.id)[-1] == T("council.stance_saved")
    assert "Politik ✋" in room.live_text()


async def test_an_objection_leads_to_an_amendment_that_is_put_to_the_groups_again(
    world: World,
) -> None:
    room = await in_round(world, 4, ("Wirtschaft", "Gewerbehof mit Park am Kanal"))
    jana = room.first("Wirtschaft")
    await room.say(jana, "/amend 1 Gewerbehof mit Park, gefördert vom Land")
    assert room.last_text() == T("council.amend_needs_objection", proposal=1)
    for group in GROUPS:
        await agree(room, room.members[group])
    emma = room.members["Politik"][1]
    await emma.say(None, "/start")
    for person in room.members["Politik"]:
        await person.say(None, "/start")
        await person.press(room.live(), "1 ✋")
        await person.say(None, "Der Park ist nicht finanziert")
    assert "Politik ✋" in room.live_text()
    before: dict[str, Any] = copy.deepcopy(room.live())
    await room.say(jana, "/amend 1 Gewerbehof mit Park, gefördert vom Land")
    amended = "Gewerbehof mit Park, gefördert vom Land"
    assert room.texts()[-1] == T("council.amended", proposal=1, version=2, text=amended)
    assert T("council.live_proposal", number=1, text=amended, version=2) in room.live_text()
    assert "Verwaltung – · Politik – · Zivilgesellschaft – · Wirtschaft –" in room.live_text()
    old_agree = before["reply_markup"]["inline_keyboard"][2][0]["callback_data"]
    await room.first("Verwaltung").press_data(before, old_agree)
    assert last_answer(world)["text"] == T("council.version_changed", proposal=1, version=2)
    for group in GROUPS:
        await agree(room, room.members[group])
    await room.say(room.fatma, "/close")
    assert room.agreed(1, amended, version=2)


async def test_close_posts_the_agreed_proposals_and_the_open_objections_with_reasons(
    world: World,
) -> None:
    room = await in_round(
        world, 4, ("Wirtschaft", "Gewerbehof am Kanal"), ("Politik", "Wohnungen statt Hallen")
    )
    for group in GROUPS:
        await agree(room, room.members[group][:1], proposal=1)
    jana = room.first("Wirtschaft")
    await jana.say(None, "/start")
    await jana.press(room.live(), "2 ✋")
    await jana.say(None, "Dann verlieren wir 300 Arbeitsplätze")
    await room.say(room.fatma, "/close")
    result = room.last_text().split("\n\n")  # one message: the close, proposals, objections
    assert result[0] == T("council.closed", agreed=1, objections=1)
    assert room.agreed(1, "Gewerbehof am Kanal")
    assert not room.agreed(2, "Wohnungen statt Hallen")
    assert "Wirtschaft ✋" in result[1]
    assert result[2] == T("council.result_objection", proposal=2, group="Wirtschaft",
                          member="Jana", reason="Dann verlieren wir 300 Arbeitsplätze")
    proposals = T("council.live_proposals")
    first = T("council.live_proposal", number=1, text="Gewerbehof am Kanal", version=1)
    assert f"{proposals}\n{first}" in room.live_text()


async def test_stances_from_outside_every_group_or_after_the_close_change_nothing(
    world: World,
) -> None:
    room = await in_round(world, 4, ("Wirtschaft", "Gewerbehof am Kanal"))
    live = copy.deepcopy(room.live())
    otto = world.person("Otto", "en", "otto")
    await otto.press(live, "1 ✅")
    assert last_answer(world)["text"] == EN("council.join_first")
    aylin = room.first("Verwaltung")
    await aylin.press(live, "1 ✅")
    await aylin.press(live, "1 ✅")
    assert last_answer(world)["text"] == T("council.stance_unchanged")
    await room.say(room.fatma, "/close")
    await room.first("Politik").press_data(
        live, live["reply_markup"]["inline_keyboard"][2][0]["callback_data"]
    )
    assert last_answer(world)["text"] == EN("core.round_closed")
    assert "Verwaltung ✅ · Politik –" in room.live_text()


async def test_a_reason_link_for_agreeing_is_not_ours_and_is_refused(world: World) -> None:
    room = await in_round(world, 4, ("Wirtschaft", "Gewerbehof am Kanal"))
    aylin = room.first("Verwaltung")
    await follow_link(aylin, "https://t.me/bot?start=coreason_1_1_1_a")
    assert world.api.texts(aylin.id)[-1] == T("core.stale_button")
    assert "Verwaltung –" in room.live_text()
