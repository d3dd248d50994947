"""A whole room at once: twenty people in a group or a forum topic, a burst, and a restart."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.offline import OfflineBotAPI
from bot.simulate import World
from flows.pinboard import Phase
from tests.bot.test_pinboard import QUESTIONS, Room, T, board_state, header, opened, question_line
from tests.conftest import offline_settings

# Notes of the reference's "Dritte Orte" pinboard (kommunalkonferenz-kassel-2023.txt).
REFERENCE: dict[int, list[str]] = {
    1: ["Zivilgesellschaftlich geprägt", "Selbst geschaffen und für „alle“ zugänglich",
        "Oldenburg 90er Jahre -> Orte der Kommunikation", "Kann auch themengebunden sein",
        "Ohne Konsumzwang", "Nicht kommerziell", "Stadtteilbibliotheken in München + Gespräche",
        "Soziale Knotenpunkte", "„Alle“ Altersgruppen", "Urban vs. ländlich"],
    2: ["Träger kann jeder sein", "Hausmeister & Versicherung => typisch deutsch"],
    3: ["Verantwortlichkeiten in Verwaltung definieren (Querschnittsaufgabe)",
        "Ermöglichung durch Haltung", "Öffentlichkeitsarbeit",
        "Anlasslose Vernetzung aller Fachplanungen", "Harte E-Förderung <-> weiche E-Förderung",
        "Zugänge schaffen", "Zufallsbegegnung", "Selbstwirksamkeit ermöglichen"],
}


@pytest.mark.parametrize("forum", [False, True], ids=["group", "forum topic"])
async def test_twenty_participants_run_a_whole_board(world: World, forum: bool) -> None:
    here = await opened(world, forum=forum)
    people = [world.person(f"Person {n}") for n in range(20)]
    notes = [(q, text) for q, texts in REFERENCE.items() for text in texts]
    for index, (question, text) in enumerate(notes):
        author = people[index % len(people)]
        if index % 3 == 0:
            await here.say(author, f"/note {question} {text}")
        else:
            await here.say(author, f"{question} {text}", reply_to=here.board())
    assert len(here.reactions()) == len(notes)
    assert question_line(1, 10) in here.board()["text"]
    await here.say(here.fatma, "/cluster")
    await here.say(here.fatma, "/cluster Kommerz: 5 6")
    await here.say(here.fatma, "/vote 2")
    vote = here.board()
    for person in people:
        await person.press(vote, "1.5 Kommerz")
        await person.press(vote, "2.2 Hausmeister")
    await here.say(here.fatma, "/close")
    result = here.last_text()
    assert "  ●20 Kommerz: Ohne Konsumzwang | Nicht kommerziell" in result
    assert "2. Wer trägt die Kosten?\n  ●20 Hausmeister & Versicherung => typisch deutsch" in result
    if forum:
        sent = world.api.sent(chat_id=here.chat.id)
        assert all(call.params.get("message_thread_id") == here.thread for call in sent
                   if call.method == "sendMessage")
    state = await board_state(world)
    assert (len(state.notes), len(state.dots), state.phase) == (len(notes), 40, Phase.CLOSED)


async def test_a_burst_of_a_hundred_notes_costs_the_group_a_handful_of_edits_and_no_429(
    tmp_path: Path,
) -> None:
    api = OfflineBotAPI(enforce_limits=True)
    world = World(offline_settings(tmp_path, live_interval=3.0, rate_limit=True), api=api)
    await world.start()
    try:
        here = await opened(world)
        board = here.board()
        people = [world.person(f"Person {n}") for n in range(80)]
        sends_before = len(api.sent("sendMessage", here.chat.id))
        for wave in range(10):
            for n in range(10):
                author = people[(wave * 10 + n) % len(people)]
                await here.say(author, f"{n % 3 + 1} Notiz {wave}-{n}", reply_to=board,
                               settle=False)
            await asyncio.sleep(0.3)
        await world.settle(live=False)
        await world.settle()
        edits = api.sent("editMessageText", here.chat.id)
        assert len((await board_state(world)).notes) == 100
        assert len(here.reactions()) == 100
        assert 1 <= len(edits) <= 5
        assert len(api.sent("sendMessage", here.chat.id)) == sends_before
        assert api.too_many_answers == 0
        assert question_line(1, 40) in here.board()["text"]
    finally:
        await world.stop()


async def test_the_deadline_fires_after_a_restart_and_the_notes_survive(world: World) -> None:
    here = await opened(world)
    await here.say(world.person("Anna"), "/note 2 Hausmeister & Versicherung")
    await world.restart()
    assert world.app is not None and world.app.job_queue is not None
    jobs = world.app.job_queue.get_jobs_by_name("deadline:1")
    assert len(jobs) == 1
    await jobs[0].run(world.app)
    await world.settle()
    assert here.last_text() == T("pinboard.collection_ended", notes=1)
    state = await board_state(world)
    assert state.phase == Phase.CLUSTERING
    assert [note.text for note in state.notes] == ["Hausmeister & Versicherung"]
    assert here.board()["text"].startswith(header("Dritte Orte", "clustering"))


async def test_a_restart_in_the_middle_of_the_vote_keeps_every_dot(world: World) -> None:
    here: Room = await opened(world, "/pinboard Dritte Orte\n" + QUESTIONS[1])
    anna = world.person("Anna")
    await here.say(anna, "Träger kann jeder sein", reply_to=here.board())
    await here.say(here.fatma, "/vote 1")
    await anna.press(here.board(), "1.1")
    await world.restart()
    await here.fatma.say(here.chat, "/close")
    assert "●1 Träger kann jeder sein" in here.last_text()


async def test_a_minute_before_the_end_everyone_is_warned_in_the_forum_topic(
    world: World,
) -> None:
    here = await opened(world, forum=True)
    assert world.app is not None and world.app.job_queue is not None
    (warning,) = world.app.job_queue.get_jobs_by_name("warn:1")
    await warning.run(world.app)
    await world.settle()
    assert here.last_text() == T("pinboard.collection_ends_soon", title="Dritte Orte")
    warned = world.api.sent("sendMessage", here.chat.id)[-1]
    assert warned.params["message_thread_id"] == here.thread
    assert (await board_state(world)).phase == Phase.COLLECTING
