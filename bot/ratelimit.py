"""Telegram's limits, kept by python-telegram-bot's AIORateLimiter (aiolimiter's leaky bucket).

Reactions acknowledge contributions; they are not messages to the group and
must not wait behind the 20-a-minute group budget, or a burst of 100 notes
would be acknowledged over five minutes; they pass without waiting. Every
other call with a chat waits for both budgets. A 429 is waited out and
retried up to three times.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram._utils.types import JSONDict
from telegram.ext import AIORateLimiter

OUTSIDE_GROUP_BUDGET = frozenset({"setMessageReaction", "answerCallbackQuery", "getChatMember"})


class TelegramLimits(AIORateLimiter):
    def __init__(self) -> None:
        super().__init__(max_retries=3)

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
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
