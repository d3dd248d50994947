"""Durations as people write them, end to end: the parsing traps of issue 14 in a real group."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.simulate import World
from locales import translator
from tests.bot.helpers import appoint_facilitator
from tests.bot.test_fishbowl_room import Room, open_room
from tests.bot.test_pinboard import QUESTIONS, T, board_state, header, room

OUT_OF_RANGE_DE = translator("de")("core.duration_out_of_range")


async def test_a_board_opened_with_15_min_has_a_timer_and_the_title_without_min(
    world: World,
) -> None:
    here = await room(world)
    await here.say(here.fatma, "/pinboard 15 Min Dritte Orte\n" + "\n".join(QUESTIONS))
    state = await board_state(world)
    assert state.title == "Dritte Orte"
    assert state.deadline is not None
    text = here.board()["text"]
    assert text.startswith(header("Dritte Orte"))
    assert T("pinboard.live_time_left", minutes=15) in text


async def test_a_board_about_a_two_day_conference_has_that_title_and_no_timer(
    world: World,
) -> None:
    here = await room(world)
    await here.say(here.fatma, "/pinboard 2 Tage Konferenz\nWas nehmen wir mit?")
    state = await board_state(world)
    assert (state.title, state.deadline) == ("2 Tage Konferenz", None)
    assert here.board()["text"].startswith(header("2 Tage Konferenz"))


async def test_extend_reads_15min_and_5_minuten_alike(world: World) -> None:
    here = await room(world)
    await here.say(here.fatma, "/pinboard 10m Dritte Orte\nWas?")
    opened = (await board_state(world)).deadline
    assert opened is not None
    await here.say(here.fatma, "/extend 15min")
    await here.say(here.fatma, "/extend 5 Minuten")
    assert (await board_state(world)).deadline == opened + timedelta(minutes=20)


async def test_an_unreasonable_extension_is_refused_in_the_persons_language(world: World) -> None:
    here = await room(world)
    await here.say(here.fatma, "/pinboard 10m Dritte Orte\nWas?")
    opened = (await board_state(world)).deadline
    await here.say(here.fatma, "/extend 0")
    assert here.last_text() == OUT_OF_RANGE_DE
    john = world.person("John", "en", "john")
    await appoint_facilitator(here.shop, john)
    await here.say(john, "/extend -5 min")
    assert here.last_text() == translator("en")("core.duration_out_of_range")
    await here.say(john, "/extend 2 days")
    assert here.last_text() == translator("en")("core.duration_unclear")
    assert (await board_state(world)).deadline == opened


async def test_a_fishbowl_about_places_has_that_topic_and_is_asked_for_its_chairs(
    world: World,
) -> None:
    here = await open_room(world, people=1)
    await here.say(here.fatma, "/fishbowl 3 Orte gibt es überall")
    assert here.last_text() == T("fishbowl.ask_chairs", topic="3 Orte gibt es überall")
    await answer_the_fishbowl_s_questions(here, seat_time_asked=True)
    state = await here.state()
    assert (state.topic, state.chairs, state.seat_minutes) == ("3 Orte gibt es überall", 5, None)
    assert here.live_text().startswith("🐟 Fishbowl: 3 Orte gibt es überall")


async def answer_the_fishbowl_s_questions(here: Room, *, seat_time_asked: bool) -> None:
    """Fatma (who never opened the private chat) answers in the group: five chairs, and no
    seat time where she is asked for one."""
    question = here.world.api.sent("sendMessage", here.chat.id)[-1]
    await here.fatma.press(question, T("fishbowl.pick_chairs", count=5))
    if seat_time_asked:
        await here.fatma.press(question, T("fishbowl.pick_no_seat_time"))


async def test_a_fishbowl_takes_chairs_and_seat_time_by_their_units(world: World) -> None:
    here = await open_room(world, people=1)
    await here.say(here.fatma, "/fishbowl 4 Stühle 1,5 Min. Was nehmen wir mit?")
    state = await here.state()
    assert (state.topic, state.chairs, state.seat_minutes) == ("Was nehmen wir mit?", 4, 1.5)
    await here.say(here.fatma, "/close")
    await here.say(here.fatma, "/fishbowl 25 Std. Was nehmen wir mit?")
    assert here.last_text() == OUT_OF_RANGE_DE


# --- every way people write a duration, through the real bot -------------------------------

OPENINGS = [
    ("/pinboard 15 Min Dritte Orte", "Dritte Orte", 15),
    ("/pinboard 15 Min. Dritte Orte", "Dritte Orte", 15),
    ("/pinboard 15min Dritte Orte", "Dritte Orte", 15),
    ("/pinboard 1 Std. Dritte Orte", "Dritte Orte", 60),
    ("/pinboard 1,5 h Dritte Orte", "Dritte Orte", 90),
    ("/pinboard 2 Tage Konferenz", "2 Tage Konferenz", None),
    ("/pinboard 10 Dritte Orte", "10 Dritte Orte", None),  # a bare number belongs to the title
]


@pytest.mark.parametrize(("command", "title", "minutes"), OPENINGS)
async def test_a_board_reads_its_timer_and_keeps_every_other_word_in_its_title(
    world: World, command: str, title: str, minutes: int | None
) -> None:
    here = await room(world)
    await here.say(here.fatma, f"{command}\nWas?")
    state = await board_state(world)
    assert state.title == title
    timer = None if state.deadline is None else state.deadline - state.opened_at
    assert timer == (None if minutes is None else timedelta(minutes=minutes))


EXTENSIONS = [
    ("15m", 15), ("15 min", 15), ("15 Min.", 15), ("15min", 15), ("15 Minuten", 15),
    ("1h", 60), ("1 Std.", 60), ("1,5 h", 90), ("90s", 1.5), ("5", 5),
]


@pytest.mark.parametrize(("written", "minutes"), EXTENSIONS)
async def test_extend_reads_every_way_a_duration_is_written(
    world: World, written: str, minutes: float
) -> None:
    here = await room(world)
    await here.say(here.fatma, "/pinboard 10m Dritte Orte\nWas?")
    opened = (await board_state(world)).deadline
    assert opened is not None
    await here.say(here.fatma, f"/extend {written}")
    assert (await board_state(world)).deadline == opened + timedelta(minutes=minutes)


FISHBOWLS = [
    ("/fishbowl 3 Orte gibt es überall", "3 Orte gibt es überall", None, None),
    ("/fishbowl 4 Stühle 1,5 Min. Was nehmen wir mit?", "Was nehmen wir mit?", 4, 1.5),
    ("/fishbowl Stühle=4 Sitzzeit=3 Was nehmen wir mit?", "Was nehmen wir mit?", 4, 3),
    ("/fishbowl 5 4m Was nehmen wir mit?", "Was nehmen wir mit?", 5, 4),
    ("/fishbowl 90s Kurz und knapp", "Kurz und knapp", None, 1.5),
    ("/fishbowl 2 Tage Konferenz", "2 Tage Konferenz", None, None),
]
"""Without chairs (``None``) the bot asks; the answers are five chairs and no seat time."""


@pytest.mark.parametrize(("command", "topic", "chairs", "seat_minutes"), FISHBOWLS)
async def test_a_fishbowl_takes_chairs_and_seat_time_only_when_named_or_with_a_unit(
    world: World, command: str, topic: str, chairs: int | None, seat_minutes: float | None
) -> None:
    here = await open_room(world, people=1)
    await here.say(here.fatma, command)
    if chairs is None:
        assert here.last_text() == T("fishbowl.ask_chairs", topic=topic)
        await answer_the_fishbowl_s_questions(here, seat_time_asked=seat_minutes is None)
    state = await here.state()
    assert (state.topic, state.chairs, state.seat_minutes) == (topic, chairs or 5, seat_minutes)
