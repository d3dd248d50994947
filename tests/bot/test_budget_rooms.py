"""A quiet group for the council: a whole round counted against its budget.

The budget comes from the rules of a quiet group: opening posts the live
message (and pins it, the pin notice counted); a council round change posts
one line; the result of a round is one message.
"""

from __future__ import annotations

from bot.offline import BOT_ID
from bot.simulate import World
from tests.bot.budget import budget
from tests.bot.helpers import appoint_facilitator, workshop
from tests.bot.test_council_groups import OPEN, PEOPLE, Room, state_interests

OPENING = 2
"""The live message and the notice of its pin."""
RESULT = 1
"""The result of a round, in one message."""
ROUND_CHANGES = 3
"""Four council rounds: three changes, one line each."""
COUNCIL_ROUND = OPENING + ROUND_CHANGES + RESULT


async def test_a_whole_council_round_posts_one_line_per_round_and_one_result(
    world: World,
) -> None:
    shop = await workshop(world)
    fatma = world.person("Fatma", "de", "fatma")
    await appoint_facilitator(shop, fatma)
    room = Room(world, shop, fatma, None)
    world.api.chat_admins[room.chat.id].add(BOT_ID)
    with budget(world.api, room.chat.id, COUNCIL_ROUND, "a council round") as spent:
        await room.say(fatma, OPEN)
        for group, names in PEOPLE.items():
            room.members[group] = []
            for name in names[:2]:
                person = world.person(name, "de", name.lower())
                await person.press(room.live(), group)
                room.members[group].append(person)
        await state_interests(room)
        for _ in range(3):
            await room.say(fatma, "/round")
        await room.say(fatma, "/close")
        await world.settle()
    assert spent.spent == COUNCIL_ROUND
    assert room.texts()[-1].startswith("Der Entwicklungsbeirat ist beendet.")
    assert "Beendet." in room.live_text()
