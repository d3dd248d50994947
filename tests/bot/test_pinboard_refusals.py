"""Bad input on a pinboard: a clear answer in the person's language, and nothing changes."""

from __future__ import annotations

import pytest

from bot.simulate import World
from locales import translator
from tests.bot.test_pinboard import LIVE, QUESTIONS, T, board_state, opened, room


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("2", T("pinboard.note_empty")),
        ("2 " + "x" * 1001, T("pinboard.note_too_long", length=1001, max=1000)),
        ("5 Eine fünfte Frage", T("pinboard.unknown_question", number=5, count=3)),
        ("1 " + "\n".join(f"Zeile {n}" for n in range(21)), T("pinboard.too_many_lines", max=20)),
    ],
)
async def test_an_unusable_note_is_refused_with_the_reason(
    world: World, text: str, answer: str
) -> None:
    here = await opened(world)
    before = await board_state(world)
    await here.say(world.person("Anna"), text, reply_to=here.board())
    assert here.last_text() == answer
    assert await board_state(world) == before


async def test_a_note_without_an_open_board_or_after_the_collection_is_refused(
    world: World,
) -> None:
    here = await room(world)
    anna = world.person("Anna")
    await here.say(anna, "/note 1 Zu früh")
    assert here.last_text() == T("pinboard.none_open")
    await here.say(here.fatma, "/pinboard Dritte Orte\n" + "\n".join(QUESTIONS))
    await here.say(here.fatma, "/cluster")
    before = await board_state(world)
    await here.say(anna, "/note 1 Zu spät")
    assert here.last_text() == T("pinboard.not_now")
    await here.say(anna, "1 Auch zu spät", reply_to=here.board())
    assert here.last_text() == T("pinboard.not_now")
    assert await board_state(world) == before


@pytest.mark.parametrize(
    "command", ["/cluster", "/vote 3", "/close", "/extend 5m", "/hide 1", "/restore 1",
                "/pinboard Meine Pinwand\nFrage?"],
)
async def test_steering_commands_from_participants_are_refused(world: World, command: str) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    await here.say(anna, "/note 1 Ohne Konsumzwang")
    before = await board_state(world)
    await here.say(anna, command)
    assert here.last_text() == T("not_allowed.steer")
    assert await board_state(world) == before


async def test_a_participant_cannot_start_the_step_by_step_setup(world: World) -> None:
    here = await room(world)
    await here.say(world.person("Anna"), "/pinboard")
    assert here.last_text() == T("not_allowed.steer")


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("/pinboard Zu viel\n" + "\n".join(f"Frage {n}?" for n in range(13)),
         T("pinboard.too_many_questions", max=12)),
        ("/pinboard 10x Dritte Orte\nFrage?", T("pinboard.bad_duration")),
        ("/pinboard 10m\nFrage?", T("pinboard.title_missing")),
        ("/pinboard Dritte Orte", T("pinboard.no_questions", max=12)),
    ],
)
async def test_a_board_that_cannot_be_opened_is_refused_with_the_reason(
    world: World, text: str, answer: str
) -> None:
    here = await room(world)
    await here.say(here.fatma, text)
    assert here.last_text() == answer
    assert world.api.sent("editMessageText", here.chat.id) == []
    assert not any(LIVE.match(text) for text in here.texts())


async def test_an_unclear_extension_is_refused_and_a_clear_one_lengthens_the_timer(
    world: World,
) -> None:
    here = await opened(world)
    before = await board_state(world)
    await here.say(here.fatma, "/extend bald")
    assert await board_state(world) == before
    await here.say(here.fatma, "/extend 5m")
    after = await board_state(world)
    assert before.deadline is not None and after.deadline is not None
    assert (after.deadline - before.deadline).total_seconds() == 300
    assert T("pinboard.extended", minutes=5, left=15) in here.texts()


async def test_forged_or_copied_button_data_is_refused_and_changes_nothing(world: World) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    await here.say(anna, "/note 1 Ohne Konsumzwang")
    await here.say(here.fatma, "/vote 3")
    before = await board_state(world)
    vote = here.board()
    await anna.press_data(vote, "pbv|1|n1|AAAAAAAA")
    assert here.answers()[-1] == T("core.stale_button")
    real = vote["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    other = await room(world)
    await anna.press_data(other.last_message(), real)
    assert here.answers()[-1] == T("core.stale_button")
    assert await board_state(world) == before


async def test_a_double_tap_on_a_vote_button_counts_one_dot(world: World) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    await here.say(anna, "/note 1 Ohne Konsumzwang")
    await here.say(here.fatma, "/vote 3")
    vote = here.board()
    await anna.press(vote, "1.1")
    await anna.press(vote, "1.1")
    assert here.answers()[-1] == T("pinboard.vote_unchanged", dots=1)
    assert len((await board_state(world)).dots) == 1


async def test_refusals_speak_the_persons_language(world: World) -> None:
    here = await opened(world)
    john = world.person("John", "en")
    await here.say(john, "7 Something", reply_to=here.board())
    english = translator("en")
    assert here.last_text() == english("pinboard.unknown_question", number=7, count=3)
    assert here.last_text().startswith("There is no guiding question 7")
    await here.say(john, "/cluster")
    assert here.last_text() == english("not_allowed.steer")


async def test_pinboard_commands_outside_a_session_say_how_to_link_the_chat(world: World) -> None:
    stray = world.group("Irgendeine Gruppe")
    anna = world.person("Anna")
    await anna.say(stray, "/note 1 Hallo")
    assert world.api.texts(stray.id)[-1] == T("core.not_a_session")
