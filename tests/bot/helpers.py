"""Building blocks for end-to-end tests: an event with a linked group, people in it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from bot.app import App, settle, setup, teardown
from bot.simulate import SimChat, SimPerson, World, created_event_code


@dataclass
class Workshop:
    world: World
    organizer: SimPerson
    code: str
    group: SimChat


@dataclass
class SessionRoom:
    """A session chat (a group, or a forum topic when ``thread`` is set) with its facilitator."""

    world: World
    shop: Workshop
    fatma: SimPerson
    thread: int | None

    @property
    def chat(self) -> SimChat:
        return self.shop.group

    async def say(
        self, person: SimPerson, text: str, reply_to: dict[str, Any] | None = None,
        *, settle: bool = True,
    ) -> dict[str, Any]:
        return await person.say(
            self.chat, text, thread=self.thread, reply_to=reply_to, settle=settle
        )

    def texts(self) -> list[str]:
        """What the bot posted in the session, in order."""
        return self.world.api.texts(self.chat.id)

    def last_text(self) -> str:
        return self.texts()[-1]


async def create_event(world: World, organizer: SimPerson, title: str = "Kommunalkonferenz") -> str:
    """Go through /newevent and return the event's code."""
    await organizer.say(None, "/newevent")
    await organizer.say(None, title)
    await organizer.say(None, "5.–6. Mai 2023")
    await organizer.say(None, "Kassel")
    return created_event_code(world.api, organizer.id)


async def workshop(world: World, *, forum: bool = False, language: str = "de") -> Workshop:
    """An event whose group (or forum topic) is linked as the session "Werkstatt 2"."""
    organizer = world.person("Olga", language, "olga")
    code = await create_event(world, organizer)
    group = world.group("Werkstatt 2", forum=forum)
    if forum:
        topic = world.topic(group, "Werkstatt 2", organizer)
        await organizer.say(group, f"/session {code} Werkstatt 2", thread=topic)
        group.topic = topic  # type: ignore[attr-defined]
    else:
        await organizer.say(group, f"/start {code}")
    return Workshop(world, organizer, code, group)


async def appoint_facilitator(shop: Workshop, person: SimPerson, thread: int | None = None) -> None:
    hello = await person.say(shop.group, "Hallo!", thread=thread)
    await shop.organizer.say(shop.group, "/facilitator", reply_to=hello, thread=thread)


@asynccontextmanager
async def running(app: App) -> AsyncIterator[None]:
    """The bot's own lifecycle around a block, in the order ``werkstatt run`` goes through
    it: what was queued is handled, then the bot stops, settles and shuts down."""
    await app.initialize()
    await setup(app)
    await app.start()
    try:
        yield
        await app.update_queue.join()
    finally:
        await app.stop()
        await settle(app)
        await app.shutdown()
        await teardown(app)
