"""Telegram's limits and failures, kept in one place around every Bot API call.

The limits are python-telegram-bot's AIORateLimiter (aiolimiter's leaky
bucket): 30 messages a second overall and 20 a minute per group; a 429 is
waited out and retried. Reactions acknowledge contributions; they are not
messages to the group and must not wait behind the group budget, or a burst
of 100 notes would be acknowledged over five minutes.

Timeouts, network errors and Telegram's 5xx are retried with exponential
backoff (0.5 s, doubling, at most ``MAX_BACKOFF`` between two tries) for as
long as ``OUTAGE_PATIENCE``: an outage of a minute or two delays what the bot
sends, and it all goes out when Telegram answers again; the state waits in
memory and on disk meanwhile. A ``BadRequest`` or ``Forbidden`` is an answer,
not a failure, and is never retried; nor is a file Telegram refuses as too
large (413). The waiting goes through ``sleep`` and ``clock``, which tests
replace to play a long outage in no time.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram._utils.types import JSONDict
from telegram.error import BadRequest, Forbidden, NetworkError
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)
OUTSIDE_GROUP_BUDGET = frozenset(
    {"setMessageReaction", "answerCallbackQuery", "getChatMember", "getChatAdministrators"}
)
FIRST_BACKOFF = 0.5
MAX_BACKOFF = 30.0
OUTAGE_PATIENCE = 600.0
"""Seconds a call keeps being retried through an outage before it fails."""
FINAL_ANSWERS = ("Too Large", "(413)")
"""Answers python-telegram-bot raises as ``NetworkError`` that no retry can change (413)."""


class TelegramLimits(AIORateLimiter):
    def __init__(self, *, limits: bool = True, backoff: float = FIRST_BACKOFF) -> None:
        if limits:
            super().__init__(max_retries=3)
        else:
            super().__init__(
                overall_max_rate=0, overall_time_period=0, group_max_rate=0,
                group_time_period=0, max_retries=3,
            )
        self.backoff = backoff
        self.network_retries = 0
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self.clock: Callable[[], float] = time.monotonic

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        if endpoint in OUTSIDE_GROUP_BUDGET:
            data = {key: value for key, value in data.items() if key != "chat_id"}
        delay = self.backoff
        give_up = self.clock() + OUTAGE_PATIENCE
        while True:
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except (BadRequest, Forbidden):
                raise
            except NetworkError as error:
                if self.clock() + delay > give_up or any(
                    a in error.message for a in FINAL_ANSWERS
                ):
                    raise
                self.network_retries += 1
                log.warning("%s failed (%s); retrying in %.1fs", endpoint, error.message, delay)
                await self.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF)
