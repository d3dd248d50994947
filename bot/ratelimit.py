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

Several processes of one bot (on PostgreSQL) share these limits: ``share`` makes
every call count in windows kept in the database (``storage.sending``: sliding
windows of what every process sent, at the server's clock) instead of this
process's memory. The windows are ``MARGIN_MS`` longer than Telegram's, since a
message is counted when it is let go, a moment before Telegram counts it. Should
the database not answer, a call falls back to this process's own limits.
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

from storage.db import Database
from storage.errors import DATABASE_ERRORS
from storage.sending import Window, prune_sent, take_turn

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


MARGIN_MS = 1000
"""How much longer a shared window is than Telegram's (a group's; a tenth of it overall)."""
BOT_WINDOW = Window("bot", 30, 1000 + MARGIN_MS // 10)
"""Every message the bot sends: 30 a second."""
GROUP_MOST, GROUP_PERIOD_MS = 20, 60_000 + MARGIN_MS
"""Messages to one group: 20 a minute."""
SHARED_FAILURES: tuple[type[Exception], ...] = (*DATABASE_ERRORS, OSError, TimeoutError)
"""What a shared window that cannot be asked raises."""
PRUNE_EVERY = 500
"""Turns between two clean-ups of windows that fell silent."""


class SharedLimits:
    """Telegram's limits counted in the database, for every process of the bot together."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._turns = asyncio.Lock()
        """One turn at a time in this process (each a short transaction)."""
        self.taken = 0
        self.waited = 0.0
        """Seconds calls waited for a turn (tests and logs)."""

    async def turn(self, group: int | str | None) -> None:
        """Wait until a message (to ``group``, if it goes to one) may go, and count it."""
        windows = [BOT_WINDOW]
        if group is not None:
            windows.append(Window(str(group), GROUP_MOST, GROUP_PERIOD_MS))
        while True:
            async with self._turns, self.db.beside() as tx:
                wait = await take_turn(tx, windows)
                if wait == 0:
                    self.taken += 1
                    if self.taken % PRUNE_EVERY == 0:
                        await prune_sent(tx)
            if wait == 0:
                return
            self.waited += wait / 1000
            await asyncio.sleep(wait / 1000)


class TelegramLimits(AIORateLimiter):
    def __init__(self, *, limits: bool = True, backoff: float = FIRST_BACKOFF) -> None:
        self.limits = limits
        self.shared: SharedLimits | None = None
        """The limits of every process together, once ``share`` was told the database."""
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

    def share(self, db: Database | None) -> None:
        """Count in ``db`` with every other process of the bot (``None``: in memory again)."""
        self.shared = SharedLimits(db) if db is not None and self.limits else None

    async def _run_request(
        self,
        chat: bool,
        group: str | int | bool,
        allow_paid_broadcast: bool,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
    ) -> bool | JSONDict | list[JSONDict]:
        """As python-telegram-bot's, with the windows in the database once shared."""
        shared = self.shared
        if shared is None or allow_paid_broadcast or not chat:
            return await super()._run_request(chat, group, allow_paid_broadcast, callback,
                                              args, kwargs)
        try:
            await shared.turn(None if isinstance(group, bool) else group)
        except SHARED_FAILURES as error:
            log.warning("the shared limits did not answer (%s); counting here", error)
            return await super()._run_request(chat, group, allow_paid_broadcast, callback,
                                              args, kwargs)
        await self._retry_after_event.wait()  # a 429 waited out here holds every call
        return await callback(*args, **kwargs)

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
