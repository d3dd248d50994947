"""``/help`` in a session: what this person can do now, from the move tables, told privately."""

from __future__ import annotations

from bot.moves import possible_now
from bot.simulate import World
from flows.roles import Role
from tests.bot.test_pinboard import board_state, opened, room


async def test_help_follows_the_phase_and_goes_to_the_facilitator_privately(world: World) -> None:
    here = await opened(world)
    await here.fatma.say(None, "/start")
    group_before = len(world.api.texts(here.chat.id))
    await here.say(here.fatma, "/help")
    collecting = world.api.texts(here.fatma.id)[-1]
    assert "Jetzt, in der laufenden Runde, können Sie:" in collecting
    assert "/cluster – " in collecting and "/note – " in collecting
    await here.say(here.fatma, "/cluster")
    await here.say(here.fatma, "/help")
    grouping = world.api.texts(here.fatma.id)[-1]
    assert "/vote – " in grouping and "/note – " not in grouping
    assert len(world.api.texts(here.chat.id)) == group_before + 1  # only the /cluster notice


async def test_a_participant_is_offered_only_what_they_may_send(world: World) -> None:
    here = await opened(world)
    state = await board_state(world)
    assert possible_now("pinboard", state, Role.PARTICIPANT) == ("note", "undo")
    anna = world.person("Anna", "de", "anna")
    await here.say(anna, "/help")
    told = world.api.texts(here.chat.id)[-1]  # never opened the private chat: a passing reply
    assert "/note – " in told and "/cluster" not in told.split("\n\n")[1]


async def test_without_an_open_round_help_names_the_formats_to_start(world: World) -> None:
    here = await room(world)
    await here.say(here.fatma, "/help")
    told = world.api.texts(here.chat.id)[-1]
    assert "Gerade läuft keine Runde" in told and "/fishbowl – " in told
