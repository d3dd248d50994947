"""Telegram's limits hold for every process of one bot together (PostgreSQL): two processes that
send into one group keep to twenty messages a minute between them, and to thirty a second over
all chats, counted by the offline Bot API that answers 429 past either; each alone would not.

Each "process" is a bot with its own rate limiter and its own connection to the database."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, AsyncExitStack

import pytest
from telegram.ext import ExtBot

from bot.app import OFFLINE_TOKEN
from bot.offline import OfflineBotAPI
from bot.ratelimit import TelegramLimits
from storage.db import Database, Tx
from tests.databases import SERVER_FOR_TESTS, require_server

GROUP = -1001234567890
Bot = ExtBot[int]


@pytest.fixture
async def database() -> AsyncIterator[str]:
    require_server()
    url = SERVER_FOR_TESTS.fresh()
    yield url
    SERVER_FOR_TESTS.drop(url)


async def processes(stack: AsyncExitStack, api: OfflineBotAPI, url: str | None,
                    count: int = 2) -> list[tuple[Bot, TelegramLimits]]:
    """Bots on one offline Bot API, each with its own limits; sharing them in the database at
    ``url`` (or each counting alone)."""
    bots = []
    for _ in range(count):
        limits = TelegramLimits()
        if url is not None:
            db = Database(url)
            await db.open()
            stack.push_async_callback(db.close)
            limits.share(db)
        bot: Bot = ExtBot(OFFLINE_TOKEN, request=api, rate_limiter=limits)
        await bot.initialize()
        stack.push_async_callback(bot.shutdown)
        bots.append((bot, limits))
    return bots


def busiest_minute(times: list[float]) -> int:
    """The most messages within any 60 seconds."""
    times = sorted(times)
    return max(sum(1 for later in times[index:] if later - first < 60.0)
               for index, first in enumerate(times))


def group_api() -> OfflineBotAPI:
    api = OfflineBotAPI(enforce_limits=True)
    api.add_chat(GROUP, "supergroup", "Werkstatt")
    return api


@pytest.mark.slow
async def test_two_processes_send_forty_messages_to_a_group_twenty_a_minute_without_a_429(
    database: str,
) -> None:
    api = group_api()
    async with AsyncExitStack() as stack:
        bots = await processes(stack, api, database)
        started = time.monotonic()
        await asyncio.gather(*(bots[number % 2][0].send_message(GROUP, f"Nachricht {number}")
                               for number in range(40)))
        took = time.monotonic() - started
    sent = [call for call in api.calls if call.method == "sendMessage"]
    assert len(sent) == 40 and all(call.status == 200 for call in sent)
    assert api.too_many_answers == 0
    assert busiest_minute([call.at for call in sent]) == 20
    assert 60.0 <= took < 70.0  # the second twenty waited for the first minute, no longer
    assert [limits.shared.taken if limits.shared else 0 for _, limits in bots] == [20, 20]


async def test_two_processes_counting_alone_would_exceed_a_groups_limit(database: str) -> None:
    api = group_api()
    async with AsyncExitStack() as stack:
        bots = await processes(stack, api, None)
        sending = [asyncio.ensure_future(bots[number % 2][0].send_message(GROUP, f"{number}"))
                   for number in range(40)]
        await asyncio.wait(sending, timeout=3)  # each lets its twenty go at once, then waits
        for task in sending:
            task.cancel()
        await asyncio.gather(*sending, return_exceptions=True)
    assert api.too_many_answers >= 1
    assert len([call for call in api.calls
                if call.method == "sendMessage" and call.status == 200]) == 20


async def test_two_processes_send_thirty_messages_a_second_together(database: str) -> None:
    api = OfflineBotAPI(enforce_limits=True)
    people = range(5001, 5081)
    api.started.update(people)
    for person in people:
        api.add_chat(person, "private")
    async with AsyncExitStack() as stack:
        bots = await processes(stack, api, database)
        await asyncio.gather(*(bot.send_message(person, "Hallo")
                               for (bot, _), person in zip(itertools.cycle(bots), people,
                                                           strict=False)))
    sent = sorted(call.at for call in api.calls if call.method == "sendMessage")
    assert len(sent) == 80 and api.too_many_answers == 0
    assert max(sum(1 for later in sent[index:] if later - first < 1.0)
               for index, first in enumerate(sent)) <= 30


async def test_a_process_whose_database_does_not_answer_counts_alone_and_still_sends(
    database: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = group_api()
    async with AsyncExitStack() as stack:
        [(bot, limits)] = await processes(stack, api, database, count=1)
        assert limits.shared is not None

        def gone() -> AbstractAsyncContextManager[Tx]:
            raise ConnectionRefusedError("the server is gone")

        monkeypatch.setattr(limits.shared.db, "beside", gone)
        await asyncio.gather(*(bot.send_message(GROUP, f"{number}") for number in range(5)))
    assert len([call for call in api.calls if call.method == "sendMessage"]) == 5
    assert limits.shared.taken == 0
