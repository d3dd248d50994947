"""Updates of one chat are handled in order; different chats at the same time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import Chat, Message, Update, User

from bot.services import ChatOrderedProcessor


def update_in(chat_id: int, update_id: int) -> Update:
    user = User(1, "A", False)
    chat = Chat(chat_id, "group")
    message = Message(update_id, datetime.now(UTC), chat, from_user=user, text="x")
    return Update(update_id, message=message)


async def test_one_chat_in_order_other_chats_alongside() -> None:
    processor = ChatOrderedProcessor()
    log: list[str] = []
    slow_started = asyncio.Event()
    release = asyncio.Event()

    async def slow() -> None:
        log.append("a1 start")
        slow_started.set()
        await release.wait()
        log.append("a1 end")

    async def quick(name: str) -> None:
        log.append(name)

    first = asyncio.create_task(processor.process_update(update_in(-1, 1), slow()))
    await slow_started.wait()
    second = asyncio.create_task(processor.process_update(update_in(-1, 2), quick("a2")))
    other = asyncio.create_task(processor.process_update(update_in(-2, 3), quick("b1")))
    await other
    assert log == ["a1 start", "b1"]
    release.set()
    await asyncio.gather(first, second)
    assert log == ["a1 start", "b1", "a1 end", "a2"]
