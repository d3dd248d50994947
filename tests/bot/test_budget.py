"""A quiet group: what a whole round adds to the group, counted as new messages against a budget.

Counted from the offline Bot API's calls (``tests.bot.budget``): every new
message, the pin notice and later-deleted notices included; edits and
reactions are not.
"""

from __future__ import annotations

from bot.offline import BOT_ID
from bot.simulate import World
from tests.bot.budget import budget, count_new
from tests.bot.test_pinboard import OPEN, T, room

PINBOARD_ROUND = 5
"""Open, 20 notes, clustering, vote and close of a pinboard."""


async def test_a_whole_pinboard_round_adds_at_most_five_messages_with_the_pin(
    world: World,
) -> None:
    here = await room(world)
    world.api.chat_admins[here.chat.id].add(BOT_ID)
    with budget(world.api, here.chat.id, PINBOARD_ROUND, "a pinboard round") as spent:
        await here.say(here.fatma, OPEN)
        board = here.board()
        assert world.api.pinned[here.chat.id] == board["message_id"]
        pin = world.api.sent("pinChatMessage")[-1]
        assert pin.params["disable_notification"] is True
        for number in range(20):
            writer = world.person(f"Teilnehmerin {number}")
            await here.say(writer, f"{number % 3 + 1} Idee Nummer {number}", reply_to=board)
        await here.say(here.fatma, "/cluster")
        await here.say(here.fatma, "/vote 3")
        await here.say(here.fatma, "/close")
        await world.settle()
    assert spent.spent == PINBOARD_ROUND
    assert here.last_text().startswith(T("pinboard.closed", title="Dritte Orte", notes=20))
    assert len(world.api.pins) == 1


async def test_without_the_right_to_pin_the_bot_does_without_and_spends_less(
    world: World,
) -> None:
    here = await room(world)
    since = len(world.api.calls)
    await here.say(here.fatma, OPEN)
    assert world.api.sent("pinChatMessage") == [] and world.api.pins == []
    assert count_new(world.api, here.chat.id, since) == 1


async def test_phase_notices_replace_each_other_and_nothing_people_wrote_is_deleted(
    world: World,
) -> None:
    here = await room(world)
    await here.say(here.fatma, OPEN)
    note = await here.say(world.person("Anna"), "1 Ohne Konsumzwang", reply_to=here.board())
    await here.say(here.fatma, "/cluster")
    notice = world.api.sent("sendMessage", here.chat.id)[-1].result["message_id"]
    await here.say(here.fatma, "/vote 3")
    deleted = [int(c.params["message_id"]) for c in world.api.sent("deleteMessage", here.chat.id)]
    assert deleted == [notice]
    assert note["message_id"] not in deleted
    assert (here.chat.id, note["message_id"]) in world.api.messages


async def test_the_first_notice_after_a_restart_still_replaces_the_one_before(
    world: World,
) -> None:
    here = await room(world)
    await here.say(here.fatma, OPEN)
    await here.say(world.person("Anna"), "1 Ohne Konsumzwang", reply_to=here.board())
    await here.say(here.fatma, "/cluster")
    notice = world.api.sent("sendMessage", here.chat.id)[-1].result["message_id"]
    await world.restart()
    await here.say(here.fatma, "/vote 3")
    deleted = [int(c.params["message_id"]) for c in world.api.sent("deleteMessage", here.chat.id)]
    assert deleted == [notice]
