"""Telegram's limits and failures, kept in one place around every Bot API call.

The limits are python-telegram-bot's AIORateLimiter (aiolimiter's leaky
bucket): 30 messages a second overall and 20 a minute per group; a 429 is
waited out and retried. Reactions acknowledge contributions; they are not
messages to the group and must not wait behind the group budget, or a burst
of 100 notes would be acknowledged over five minutes.

Timeouts and network errors are retried with exponential backoff. A
``BadRequest`` or ``Forbidden`` is an answer, not a failure, and is never
retried; nor is a file Telegram refuses as too large (413).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram._utils.types import JSONDict
from telegram.error import BadRequest, Forbidden, NetworkError
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)
OUTSIDE_GROUP_BUDGET = frozenset(
    {"setMessageReaction", "answerCallbackQuery", "getChatMember", "getChatAdministrators"}
)
NETWORK_RETRIES = 3
FIRST_BACKOFF = 0.5
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
        for attempt in range(NETWORK_RETRIES + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except (BadRequest, Forbidden):
                raise
            except NetworkError as error:
                if attempt == NETWORK_RETRIES or any(a in error.message for a in FINAL_ANSWERS):
                    raise
                self.network_retries += 1
                log.warning("%s failed (%s); retrying in %.1fs", endpoint, error.message, delay)
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")
