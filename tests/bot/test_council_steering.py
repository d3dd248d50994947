"""Steering the council end to end: timers, going back, a forum topic with a restart in the middle,
who may steer, forged and repeated input, and what the group chat is spared."""

from __future__ import annotations

import copy
from pathlib import Path

from bot.offline import OfflineBotAPI
from bot.simulate import World
from tests.bot.test_council_groups import (
    EN,
    GROUPS,
    LIVE,
    OPEN,
    T,
    last_answer,
    open_council,
    rate_prompt,
    state_interests,
)
from tests.conftest import offline_settings


async def fire(world: World, name: str) -> None:
    """Let a round's timer go off now, as the job queue would at its time."""
    assert world.app is not None and world.app.job_queue is not None
    (job,) = world.app.job_queue.get_jobs_by_name(name)
    job.schedule_removal()
    await job.run(world.app)
    await world.settle()


def armed(world: World, name: str) -> bool:
    assert world.app is not None and world.app.job_queue is not None
    return bool(world.app.job_queue.get_jobs_by_name(name))


async def test_a_round_timer_warns_a_minute_before_and_then_moves_on(world: World) -> None:
    room = await open_council(world, per_group=1)
    await room.say(room.fatma, "/round 10m")
    round_two = T("council.live_round", round=2, name=T("council.phase_restate"))
    assert f"{round_two} · {T('council.live_timer', minutes=10)}" in room.live_text()
    await fire(world, "warn:1")
    assert room.last_text() == T("council.time_warning", round=2)
    await fire(world, "deadline:1")
    assert room.last_text() == (  # one notice, replacing the warning
        T("council.time_up", round=2) + "\n\n" + T("council.round_proposals", round=3))
    round_three = T("council.live_round", round=3, name=T("council.phase_proposals"))
    assert round_three + "\n" in room.live_text()
    assert not armed(world, "deadline:1")


async def test_extending_adds_time_and_the_last_rounds_timer_closes_the_council(
    world: World,
) -> None:
    room = await open_council(world, per_group=1)
    for _ in range(3):
        await room.say(room.fatma, "/round")
    await room.say(room.fatma, "/extend 5m")
    assert room.last_text() == T("council.extended", minutes=5)
    assert T("council.live_timer", minutes=5) in room.live_text()
    await fire(world, "deadline:1")
    assert room.last_text().startswith(  # the result, in one message
        T("council.time_up", round=4) + "\n\n" + T("council.closed", agreed=0, objections=0))
    assert T("council.live_closed") in room.live_text()


async def test_the_facilitator_goes_back_one_round_while_nothing_was_handed_in(
    world: World,
) -> None:
    room = await open_council(world, per_group=1)
    await state_interests(room)
    await room.say(room.fatma, "/round")
    await room.say(room.fatma, "/round back")
    assert room.last_text() == T("council.went_back", round=1)
    await room.say(room.first("Wirtschaft"), "/interest Schnelle Genehmigungen weil Zeit Geld ist")
    assert "5. Schnelle Genehmigungen" in room.live_text()
    await room.say(room.fatma, "/round")
    await room.say(room.first("Verwaltung"), "/restate 2 Ihr wollt vor der Wahl liefern")
    await room.say(room.fatma, "/round zurück")
    assert room.last_text() == T("council.cannot_go_back", round=2)
    assert T("council.live_round", round=2, name=T("council.phase_restate")) in room.live_text()


async def test_only_facilitators_steer_and_everyone_is_told_in_their_language(
    world: World,
) -> None:
    room = await open_council(world, per_group=1)
    dmitri, aylin = room.first("Politik"), room.first("Verwaltung")
    for command in ("/round", "/round back", "/close", "/extend 5m"):
        await room.say(dmitri, command)
        assert room.last_text() == EN("not_allowed.steer")
    await room.say(aylin, OPEN)
    assert room.last_text().startswith(T("not_allowed.steer"))
    assert T("council.live_round", round=1, name=T("council.phase_interests")) in room.live_text()


async def test_forged_buttons_and_repeated_updates_change_nothing(world: World) -> None:
    room = await open_council(world, per_group=1)
    aylin = room.first("Verwaltung")
    await aylin.press_data(room.live(), "coj|1|3|AAAAAAAA")
    assert last_answer(world)["text"] == T("core.stale_button")
    await aylin.press(room.live(), "Verwaltung")
    assert last_answer(world)["text"] == T("council.already_in_group", group="Verwaltung")
    message = world.message(aylin, room.chat)
    message["text"] = "/interest Flächen sichern weil Gewerbesteuer"
    message["entities"] = [{"type": "bot_command", "offset": 0, "length": 9}]
    payload = {"update_id": 990001, "message": message}
    await world.deliver_again(payload)
    await world.deliver_again(payload)
    await world.deliver({"message": message})
    assert room.live_text().count("Flächen sichern") == 1
    assert "2. Flächen sichern" not in room.live_text()
    assert len(world.api.sent("setMessageReaction", room.chat.id)) == 1


async def test_a_press_on_a_button_of_a_closed_council_is_refused(world: World) -> None:
    room = await open_council(world, per_group=1)
    old = copy.deepcopy(room.live())
    await room.say(room.fatma, "/close")
    await room.say(room.fatma, OPEN)
    join_wirtschaft = old["reply_markup"]["inline_keyboard"][1][1]["callback_data"]
    await room.first("Politik").press_data(old, join_wirtschaft)
    assert last_answer(world)["text"] == EN("core.round_closed")
    assert f"👥 4. Wirtschaft (0): {T('council.live_nobody')}" in room.live_text()


async def test_council_commands_where_no_council_runs_say_so(world: World) -> None:
    room = await open_council(world, per_group=1)
    await room.say(room.fatma, "/close")
    await room.say(room.first("Verwaltung"), "/interest Flächen weil Steuern")
    assert room.last_text() == T("council.none_open")
    plain = world.group("Plauderecke")
    await room.first("Verwaltung").say(plain, "/interest Flächen weil Steuern")
    assert world.api.texts(plain.id)[-1] == T("core.not_a_session")


async def test_in_a_forum_topic_the_council_survives_a_restart_with_its_timer(
    world: World,
) -> None:
    room = await open_council(world, forum=True)
    topic = room.thread
    await state_interests(room)
    await room.say(room.fatma, "/round 10m")
    await room.say(room.members["Wirtschaft"][1], "/restate 1 Ihr braucht Einnahmen")
    await world.restart()
    assert armed(world, "deadline:1") and armed(world, "warn:1")
    timers = (T("council.live_timer", minutes=10), T("council.live_timer", minutes=9))
    assert any(timer in room.live_text() for timer in timers)
    understood = T("council.rating_understood")
    await room.members["Verwaltung"][2].press(room.last_message_with(rate_prompt(1, "Verwaltung")),
                                              understood)
    shown = T("council.live_restatement", text="Ihr braucht Einnahmen", rating=understood)
    assert shown in room.live_text()
    await fire(world, "deadline:1")
    await room.say(room.first("Zivilgesellschaft"), "/proposal Gewerbehof mit Park am Kanal")
    await room.say(room.fatma, "/round")
    for group in GROUPS:
        for person in room.members[group]:
            await person.press(room.live(), "1 ✅")
    await room.say(room.fatma, "/close")
    assert room.agreed(1, "Gewerbehof mit Park am Kanal")
    to_group = world.api.sent("sendMessage", room.chat.id)
    assert to_group and all(c.params.get("message_thread_id") == topic for c in to_group)
    lives = [c for c in to_group if str(c.params["text"]).startswith(LIVE)]
    assert len(lives) == 1


async def test_a_burst_of_interests_costs_the_group_reactions_and_one_edit(
    tmp_path: Path,
) -> None:
    world = World(offline_settings(tmp_path, live_interval=3.0), api=OfflineBotAPI())
    await world.start()
    try:
        room = await open_council(world)
        sent = len(world.api.sent("sendMessage", room.chat.id))
        edits = len(world.api.sent("editMessageText", room.chat.id))
        for group in GROUPS:
            for n, person in enumerate(room.members[group]):
                await person.say(room.chat, f"/interest Anliegen {n} weil Grund {n}", settle=False)
        await world.settle()
        assert len(world.api.sent("setMessageReaction", room.chat.id)) == 12
        assert len(world.api.sent("sendMessage", room.chat.id)) == sent
        assert len(world.api.sent("editMessageText", room.chat.id)) - edits <= 2
        assert room.live_text().count("Anliegen") == 12
    finally:
        await world.stop()
