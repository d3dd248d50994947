"""A quiet group for questions from the floor and the closing round: whole rounds counted.

The budget comes from the rules of a quiet group: the opening posts the live
message (and pins it, the pin notice counted), its yes/no went to the
facilitator privately; questions, answers, votes and ratings are reactions and
edits of the live message; steering happens privately; the end is one message.
"""

from __future__ import annotations

import pytest

from bot.offline import BOT_ID
from bot.simulate import World
from tests.bot.budget import budget
from tests.bot.floor import floor, t

OPENING = 2
"""The live message and the notice of its pin."""
RESULT = 1
"""The ranking (or the rating's spread) at the end, in one message."""
WHOLE_ROUND = OPENING + RESULT
NAMES = ("Anna", "Bernd", "Chiara", "Dana", "Emil", "Franka")


@pytest.mark.parametrize("forum", [False, True], ids=["group", "forum topic"])
async def test_a_whole_round_of_questions_posts_the_live_message_and_the_ranking(
    world: World, forum: bool,
) -> None:
    here = await floor(world, forum=forum, names=NAMES)
    world.api.chat_admins[here.chat_id].add(BOT_ID)
    with budget(world.api, here.chat_id, WHOLE_ROUND, "a round of questions") as spent:
        await here.say(here.fatma, "/questions Podium: Dritte Orte")
        await here.fatma.press(here.private(here.fatma), t("questions.anonymity_yes"))
        for number, name in enumerate(NAMES, start=1):
            if number % 2:
                await here.say(here[name], f"Frage {number}?", reply_to=here.live("❓"))
            else:
                await here.say(here[name], f"/ask Frage {number}?")
        for name in NAMES:
            await here[name].press(here.live("❓"), "👍 1")  # Anna's own is refused in a popup
            await here[name].press(here.live("❓"), "👍 2")
        await here.follow(here.fatma, here.live("❓"), "Alle Fragen")
        await here.fatma.press(here.private(here.fatma), "✅ 2")
        await here.fatma.press(here.private(here.fatma), "🙈 6")
        await here.fatma.press(here.private(here.fatma), "⇄ 3")
        await here.fatma.press(here.private(here.fatma), "→ 1")
        await here.say(here.fatma, "/close")
    assert spent.spent == WHOLE_ROUND
    assert here.room.last_text().splitlines()[1] == t("questions.closed", count=4)


@pytest.mark.parametrize("forum", [False, True], ids=["group", "forum topic"])
async def test_a_whole_closing_round_posts_the_live_message_and_the_spread(
    world: World, forum: bool,
) -> None:
    here = await floor(world, forum=forum, names=NAMES)
    world.api.chat_admins[here.chat_id].add(BOT_ID)
    for name in NAMES[:3]:  # half the room opened the private chat, half did not
        await here[name].say(None, "/start")
    with budget(world.api, here.chat_id, WHOLE_ROUND, "a closing round") as spent:
        await here.say(here.fatma, "/closing 5m")
        await here.fatma.press(here.private(here.fatma), t("closing.rating_yes"))
        for value, name in enumerate(NAMES, start=0):
            await here.say(here[name], f"Das nehme ich mit: {name}", reply_to=here.live("💬"))
            await here[name].press(here.live("💬"), str(value % 5 + 1))
        await here.say(here.fatma, "/close")
    assert spent.spent == WHOLE_ROUND
    assert here.room.last_text().startswith(f"💬 {t('closing.closed', count=6)}")
