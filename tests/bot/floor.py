"""Building blocks for the end-to-end tests of questions from the floor and the closing round."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.offline import Call
from bot.simulate import SimPerson, World
from flows import closing, questions
from locales import translator
from storage import rounds as stored
from tests.bot.helpers import SessionRoom, appoint_facilitator, workshop

t = translator("de")


@dataclass
class Floor:
    """A session chat (a group, or a forum topic) with Fatma facilitating and people in it."""

    world: World
    room: SessionRoom
    people: dict[str, SimPerson] = field(default_factory=dict)

    @property
    def fatma(self) -> SimPerson:
        return self.room.fatma

    @property
    def chat_id(self) -> int:
        return self.room.chat.id

    def __getitem__(self, name: str) -> SimPerson:
        return self.people[name]

    async def say(self, person: SimPerson, text: str,
                  reply_to: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self.room.say(person, text, reply_to=reply_to)

    def live(self, mark: str) -> dict[str, Any]:
        """The round's live message as it is now: the latest bot message starting with
        ``mark`` that has buttons."""
        calls = [c for c in self.world.api.sent("sendMessage", self.chat_id)
                 if str(c.params.get("text", "")).startswith(mark) and c.params.get("reply_markup")]
        return self.world.last_bot_message(calls[-1])

    def labels(self, message: dict[str, Any]) -> list[str]:
        markup = message.get("reply_markup") or {}
        return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]

    def private(self, person: SimPerson) -> Call:
        """The latest message the bot sent the person privately."""
        return self.world.api.sent("sendMessage", person.id)[-1]

    def answers(self) -> list[str]:
        """The popups the bot answered button presses with, in order."""
        return [str(c.params.get("text")) for c in self.world.api.sent("answerCallbackQuery")
                if c.params.get("text")]

    async def follow(self, person: SimPerson, message: dict[str, Any], label: str) -> str:
        """Press a button that answers with a deep link, and follow it in the private chat."""
        await person.press(message, label)
        link = str(self.world.api.sent("answerCallbackQuery")[-1].params["url"])
        payload = link.split("?start=")[1]
        await person.say(None, f"/start {payload}")
        return payload

    async def state(self, kind: type[Any], round_id: int = 1) -> Any:
        svc = self.world.app.bot_data["services"]  # type: ignore[union-attr]
        await svc.quiet()
        async with svc.db.transaction() as tx:
            record = await stored.get_round(tx, round_id)
        assert record is not None
        return record.state(kind)

    async def questions(self, round_id: int = 1) -> questions.QuestionsState:
        found: questions.QuestionsState = await self.state(questions.QuestionsState, round_id)
        return found

    async def closing(self, round_id: int = 1) -> closing.ClosingState:
        found: closing.ClosingState = await self.state(closing.ClosingState, round_id)
        return found


async def floor(world: World, *, forum: bool = False, private: bool = True,
                names: tuple[str, ...] = ("Anna", "Bernd", "Chiara")) -> Floor:
    """An event's session with Fatma as its facilitator (who opened the private chat, unless
    ``private`` is false) and people who said hello there."""
    shop = await workshop(world, forum=forum)
    fatma = world.person("Fatma", "de", "fatma")
    thread = getattr(shop.group, "topic", None)
    if private:
        await fatma.say(None, "/start")
    await appoint_facilitator(shop, fatma, thread=thread)
    room = SessionRoom(world, shop, fatma, thread)
    here = Floor(world, room)
    for name in names:
        person = world.person(name, "de", name.lower())
        await room.say(person, "Hallo!")
        here.people[name] = person
    return here
