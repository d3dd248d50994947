"""A session with a facilitator who asked for the wall, and ways to look at the wall."""

from __future__ import annotations

import re
from typing import Any

from bot.simulate import SimPerson, World
from service.wall import WallService
from storage import rounds as stored
from tests.bot.helpers import SessionRoom, appoint_facilitator, workshop

LINK = re.compile(r"(https?://\S+/wall/([A-Za-z0-9_-]{22}))")
JOIN = re.compile(r"https?://\S+/join/([A-Za-z0-9_-]{22})")
INVITE = "https://t.me/+werkstatt2"


async def wall_room(world: World, *, started: bool = True) -> SessionRoom:
    """The session "Werkstatt 2" with Fatma as its facilitator (who opened the private chat)."""
    shop = await workshop(world)
    fatma = world.person("Fatma", "de", "fatma")
    await appoint_facilitator(shop, fatma)
    if started:
        await fatma.say(None, "/start")
    return SessionRoom(world, shop, fatma, None)


def links_sent(world: World, user_id: int) -> list[tuple[str, str]]:
    """Every wall link sent to the person as a photo's caption: (URL, token)."""
    found = []
    for call in world.api.sent("sendPhoto", user_id):
        if call.status != 200:
            continue
        match = LINK.search(str(call.params.get("caption", "")))
        assert match is not None
        found.append((match.group(1), match.group(2)))
    return found


def join_token(world: World, user_id: int) -> str:
    """The token of the link to take part, from the latest wall message sent to the person."""
    caption = str(world.api.sent("sendPhoto", user_id)[-1].params.get("caption", ""))
    found = JOIN.search(caption)
    assert found is not None
    return found.group(1)


async def ask_for_wall(room: SessionRoom, words: str = "") -> str:
    """The facilitator sends ``/wall`` (with the group's invite link known); the token."""
    room.world.api.chats[room.chat.id]["invite_link"] = INVITE
    await room.say(room.fatma, f"/wall {words}".strip())
    return links_sent(room.world, room.fatma.id)[-1][1]


def walls(world: World) -> WallService:
    assert world.app is not None
    return WallService(world.app.bot_data["services"].rounds)


async def live_message(room: SessionRoom) -> dict[str, Any]:
    """The open round's live message in the group, as it is now."""
    assert room.world.app is not None
    db = room.world.app.bot_data["services"].db
    async with db.transaction() as tx:
        record = (await stored.all_open_rounds(tx))[-1]
    assert record.live_message_id is not None
    return room.world.api.messages[(room.chat.id, record.live_message_id)]


async def people(room: SessionRoom, *names: str) -> list[SimPerson]:
    """Participants who said hello in the group (and so take part)."""
    found = [room.world.person(name, "de", name.lower()) for name in names]
    for person in found:
        await room.say(person, "Hallo!")
    return found
