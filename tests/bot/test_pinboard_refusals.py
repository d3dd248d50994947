"""Bad input on a pinboard: a clear answer in the person's language, and nothing changes."""

from __future__ import annotations

import pytest

from bot.simulate import World
from locales import translator
from tests.bot.test_pinboard import QUESTIONS, board_state, opened, room


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("2", "Deine Notiz ist leer"),
        ("2 " + "x" * 1001, "zu lang (1001 Zeichen, höchstens 1000)"),
        ("5 Eine fünfte Frage", "Eine Frage 5 gibt es nicht – die Pinwand hat die Fragen 1 bis 3."),
        ("1 " + "\n".join(f"Zeile {n}" for n in range(21)), "Höchstens 20 Notizen auf einmal"),
    ],
)
async def test_an_unusable_note_is_refused_with_the_reason(
    world: World, text: str, answer: str
) -> None:
    here = await opened(world)
    before = await board_state(world)
    await here.say(world.person("Anna"), text, reply_to=here.board())
    assert answer in here.last_text()
    assert await board_state(world) == before


async def test_a_note_without_an_open_board_or_after_the_collection_is_refused(
    world: World,
) -> None:
    here = await room(world)
    anna = world.person("Anna")
    await here.say(anna, "/note 1 Zu früh")
    assert here.last_text() == (
        "Hier ist gerade keine Pinwand offen. Die Moderation öffnet eine mit /pinboard.")
    await here.say(here.fatma, "/pinboard Dritte Orte\n" + "\n".join(QUESTIONS))
    await here.say(here.fatma, "/cluster")
    before = await board_state(world)
    await here.say(anna, "/note 1 Zu spät")
    assert "Notizen nur beim Sammeln" in here.last_text()
    await here.say(anna, "1 Auch zu spät", reply_to=here.board())
    assert "Notizen nur beim Sammeln" in here.last_text()
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
    assert here.last_text() == translator("de")("not_allowed.steer")
    assert await board_state(world) == before


async def test_a_participant_cannot_start_the_step_by_step_setup(world: World) -> None:
    here = await room(world)
    await here.say(world.person("Anna"), "/pinboard")
    assert here.last_text() == translator("de")("not_allowed.steer")


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("/pinboard Zu viel\n" + "\n".join(f"Frage {n}?" for n in range(13)),
         "Höchstens 12 Leitfragen pro Pinwand."),
        ("/pinboard 10x Dritte Orte\nFrage?", "Die Dauer verstehe ich nicht"),
        ("/pinboard 10m\nFrage?", "Die Pinwand braucht einen Titel"),
        ("/pinboard Dritte Orte", "jede Leitfrage in eine eigene Zeile"),
    ],
)
async def test_a_board_that_cannot_be_opened_is_refused_with_the_reason(
    world: World, text: str, answer: str
) -> None:
    here = await room(world)
    await here.say(here.fatma, text)
    assert answer in here.last_text()
    assert world.api.sent("editMessageText", here.chat.id) == []
    assert not any(t.startswith("📌 Pinwand") for t in here.texts())


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
    assert "⏱ 5 Minuten mehr – noch 15 Minuten." in here.texts()


async def test_forged_or_copied_button_data_is_refused_and_changes_nothing(world: World) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    await here.say(anna, "/note 1 Ohne Konsumzwang")
    await here.say(here.fatma, "/vote 3")
    before = await board_state(world)
    vote = here.board()
    await anna.press_data(vote, "pbv|1|n1|AAAAAAAA")
    assert here.answers()[-1] == translator("de")("core.stale_button")
    real = vote["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    other = await room(world)
    await anna.press_data(other.last_message(), real)
    assert here.answers()[-1] == translator("de")("core.stale_button")
    assert await board_state(world) == before


async def test_a_double_tap_on_a_vote_button_counts_one_dot(world: World) -> None:
    here = await opened(world)
    anna = world.person("Anna")
    await here.say(anna, "/note 1 Ohne Konsumzwang")
    await here.say(here.fatma, "/vote 3")
    vote = here.board()
    await anna.press(vote, "1.1")
    await anna.press(vote, "1.1")
    assert "Schon gezählt" in here.answers()[-1]
    assert len((await board_state(world)).dots) == 1


async def test_refusals_speak_the_persons_language(world: World) -> None:
    here = await opened(world)
    john = world.person("John", "en")
    await here.say(john, "7 Something", reply_to=here.board())
    assert here.last_text() == "There is no question 7 – the pinboard has questions 1 to 3."
    await here.say(john, "/cluster")
    assert here.last_text() == "Only the facilitators and organizers of this event can do that."


async def test_pinboard_commands_outside_a_session_say_how_to_link_the_chat(world: World) -> None:
    stray = world.group("Irgendeine Gruppe")
    anna = world.person("Anna")
    await anna.say(stray, "/note 1 Hallo")
    assert "noch keine Sitzung" in world.api.texts(stray.id)[-1]
