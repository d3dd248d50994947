"""The simulated Telegram the measurements share: settings, updates, a workshop with a board.

Updates are built before a measurement starts (the same JSON for the bare echo
bot and for Werkstatt), so the timed part is the Application's own work: the
queue, the handlers, the database, the Bot API calls.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram import Bot, Update

from bot.offline import OfflineBotAPI
from bot.settings import Settings
from bot.simulate import SimChat, SimPerson, World, created_event_code
from storage import people
from storage import rounds as stored

_update_ids = itertools.count(50_000_000)
"""Far above bot.simulate's own counter, so both can feed one Application."""

BOARD_QUESTIONS = ("Was läuft gut?", "Was fehlt?", "Was probieren wir als Nächstes?")


def settings_for(folder: Path, name: str, **overrides: object) -> Settings:
    """Production settings (3 s live interval, rate limiter on) on a fresh file in ``folder``."""
    values: dict[str, object] = {
        "database": str(folder / f"{name}.sqlite3"),
        "telegram_token": None,
        "log_level": "WARNING",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def person_dict(user_id: int, first_name: str) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "de"}


def text_payload(
    api: OfflineBotAPI, chat: dict[str, Any], sender: dict[str, Any], text: str
) -> dict[str, Any]:
    """A group message as Telegram sends it; remembered, so it can be reacted to and replied to."""
    message: dict[str, Any] = {
        "message_id": api.next_message_id(chat["id"]),
        "date": int(time.time()),
        "chat": chat,
        "from": sender,
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [
            {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
        ]
    api.remember(message)
    return {"update_id": next(_update_ids), "message": message}


@dataclass
class Burst:
    """Updates ready to enqueue, and when each one entered the Application."""

    updates: list[Update]
    message_ids: list[int]
    entered: dict[int, float]
    questions: Counter[int]
    """How many notes go to each question (what the board must show afterwards)."""

    def __len__(self) -> int:
        return len(self.updates)


def note_burst(
    api: OfflineBotAPI,
    bot: Bot,
    chat: dict[str, Any],
    people: Sequence[dict[str, Any]],
    notes_each: int,
    *,
    tag: str = "",
) -> Burst:
    """``/note n text`` from everyone, round by round (everyone's first note, then the second …)."""
    updates: list[Update] = []
    ids: list[int] = []
    questions: Counter[int] = Counter()
    for round_number in range(notes_each):
        for index, sender in enumerate(people):
            question = 1 + (index + round_number) % len(BOARD_QUESTIONS)
            text = (
                f"/note {question} {tag}Idee {round_number + 1} von {sender['first_name']}:"
                " mehr Räume für Begegnung im Quartier"
            )
            payload = text_payload(api, chat, sender, text)
            updates.append(Update.de_json(payload, bot))
            ids.append(payload["message"]["message_id"])
            questions[question] += 1
    return Burst(updates, ids, {}, questions)


async def enqueue(queue: asyncio.Queue[object], burst: Burst, *, spread: float = 0.0) -> None:
    """Put the burst on the update queue, at once or spread evenly over ``spread`` seconds."""
    start = time.monotonic()
    count = len(burst)
    for index, (update, message_id) in enumerate(zip(burst.updates, burst.message_ids,
                                                     strict=True)):
        if spread:
            due = start + spread * index / count
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        burst.entered[message_id] = time.monotonic()
        queue.put_nowait(update)


@dataclass
class Room:
    """A started World with an event, a linked group session and a pinboard open in it."""

    world: World
    organizer: SimPerson
    group: SimChat
    people: list[dict[str, Any]]

    @property
    def chat(self) -> dict[str, Any]:
        return self.group.as_dict()

    async def board_id(self) -> int | None:
        """The live board's message id, as stored with the open round."""
        app = self.world.app
        assert app is not None
        svc = app.bot_data["services"]
        async with svc.db.transaction() as tx:
            session = await people.session_at(tx, self.group.id, 0)
            record = await stored.open_round(tx, session.id) if session else None
        return None if record is None else record.live_message_id

    def board_text(self, board_id: int | None) -> str:
        """What the group sees on the board now."""
        message = self.world.api.messages.get((self.group.id, board_id or 0), {})
        return str(message.get("text", ""))


async def handled(app: Any) -> None:
    """Until every queued update was handled and what it brought is stored and acknowledged."""
    await app.update_queue.join()
    await app.bot_data["services"].quiet()


async def open_room(world: World, participants: int, *, title: str = "Werkstatt 2") -> Room:
    """Start the bot, create an event privately, link a group, open a board with three questions."""
    await world.start()
    organizer = world.person("Olga", "de", "olga")
    await organizer.say(None, "/newevent")
    await organizer.say(None, "Kommunalkonferenz")
    await organizer.say(None, "5.–6. Mai 2023")
    await organizer.say(None, "Kassel")
    code = created_event_code(world.api, organizer.id)
    group = world.group(title)
    await organizer.say(group, f"/start {code}")
    questions = "\n".join(BOARD_QUESTIONS)
    await organizer.say(group, f"/pinboard Dritte Orte\n{questions}")
    people = [person_dict(2_000_000 + i, f"Person{i}") for i in range(participants)]
    return Room(world, organizer, group, people)


async def wait_until(condition: Any, limit: float, step: float = 0.02) -> float | None:
    """Seconds until ``condition()`` holds, or ``None`` after ``limit`` seconds."""
    start = time.monotonic()
    while True:
        if condition():
            return time.monotonic() - start
        if time.monotonic() - start > limit:
            return None
        await asyncio.sleep(step)
