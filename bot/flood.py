"""Flood control: one person posting far more than a person plausibly can is slowed, not silenced.

A sliding window per person counts the messages the bot takes from them
(notes, commands, replies, edits). Past ``flood_limit`` in a minute, their
further messages wait, in the order they came, in a queue of their own (at
most ``QUEUE_BOUND``), and are handled one by one as the window frees. They
wait outside the per-chat ordering, so nobody else's messages wait for this
person, and they stay unhandled in the inbox meanwhile, so a crash keeps
them. The person is told once per window that they are being slowed down;
only a message beyond the queue's bound is refused, with an answer that says
which one was not taken. Button presses are not counted: they cost the group
nothing (their answers are not messages, the live message edits are coalesced).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Update
from telegram.error import TelegramError

from locales import DEFAULT_ADDRESS, pick_language, translator

log = logging.getLogger(__name__)
WINDOW = 60.0
QUEUE_BOUND = 100
"""Messages of one person that may wait; beyond it a message is refused (and they are told)."""
SNIPPET = 60
"""Characters of a refused message quoted back to its author."""


class Clock:
    """Monotonic seconds and a way to wait for them; tests pass one they move themselves."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class Verdict(enum.Enum):
    TAKE = "take"
    WAIT = "wait"
    REFUSE = "refuse"


@dataclass
class Held:
    """A message waiting for its author's window: run it, or (at shutdown) let it go."""

    run: Callable[[], Awaitable[None]]
    drop: Callable[[], None]


def counted(update: Update) -> int | None:
    """The person whose window a message counts against (``None``: not counted)."""
    message = update.effective_message
    user = update.effective_user
    if update.callback_query is not None or message is None or user is None or user.is_bot:
        return None
    return user.id


class FloodGate:
    """Per person: the times of the messages taken in the last minute, and those waiting."""

    def __init__(self, limit: int, clock: Clock | None = None, bound: int = QUEUE_BOUND) -> None:
        self.limit = limit
        self.clock = clock or Clock()
        self.bound = bound
        self._taken: defaultdict[int, deque[float]] = defaultdict(deque)
        self._warned: dict[int, float] = {}
        self._waiting: dict[int, deque[Held]] = {}
        self._drainers: dict[int, asyncio.Task[None]] = {}
        self._sleeping: set[int] = set()
        self._stopping = False
        self.slowed = 0
        """Messages that had to wait."""
        self.refused = 0
        """Messages refused beyond the queue's bound."""

    def admit(self, user_id: int) -> Verdict:
        """Take the message now, let it wait behind the person's others, or refuse it."""
        waiting = self._waiting.get(user_id)
        if waiting is None and self._has_room(user_id):
            self._taken[user_id].append(self.clock.now())
            return Verdict.TAKE
        if waiting is not None and len(waiting) >= self.bound:
            self.refused += 1
            return Verdict.REFUSE
        self.slowed += 1
        return Verdict.WAIT

    def hold(self, user_id: int, held: Held) -> None:
        """Queue a message admitted to ``WAIT``; it runs once the window has room."""
        if self._stopping:
            held.drop()
            return
        self._waiting.setdefault(user_id, deque()).append(held)
        if user_id not in self._drainers:
            self._drainers[user_id] = asyncio.get_running_loop().create_task(
                self._drain(user_id), name=f"flood:{user_id}")

    def should_warn(self, user_id: int) -> bool:
        """Once per window and person: the first message that has to wait."""
        now = self.clock.now()
        warned = self._warned.get(user_id)
        if warned is not None and now - warned < WINDOW:
            return False
        self._warned[user_id] = now
        return True

    def waiting(self, user_id: int) -> int:
        return len(self._waiting.get(user_id, ()))

    async def idle(self) -> None:
        """Wait until no message waits (for tests, which move the clock meanwhile)."""
        while self._drainers:
            await asyncio.wait(list(self._drainers.values()))

    async def stop(self) -> None:
        """Stop waiting: what runs ends, what waits is let go (it stays in the inbox)."""
        self._stopping = True
        for user_id, task in list(self._drainers.items()):
            if user_id in self._sleeping:
                task.cancel()
        for task in list(self._drainers.values()):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for queue in self._waiting.values():
            for held in queue:
                held.drop()
        self._waiting.clear()

    def _has_room(self, user_id: int) -> bool:
        window = self._taken[user_id]
        now = self.clock.now()
        while window and now - window[0] >= WINDOW:
            window.popleft()
        if not window:
            del self._taken[user_id]
        return len(window) < self.limit

    async def _drain(self, user_id: int) -> None:
        queue = self._waiting[user_id]
        try:
            while queue and not self._stopping:
                while not self._has_room(user_id):
                    self._sleeping.add(user_id)
                    try:
                        await self.clock.sleep(self._taken[user_id][0] + WINDOW - self.clock.now())
                    finally:
                        self._sleeping.discard(user_id)
                held = queue.popleft()
                self._taken[user_id].append(self.clock.now())
                try:
                    await held.run()
                except Exception:  # the processor handles errors; nothing may stop the queue
                    log.exception("a message that waited failed")
        finally:
            del self._drainers[user_id]
            if not queue:
                self._waiting.pop(user_id, None)


async def tell_slowed(update: Update, limit: int, address: str = DEFAULT_ADDRESS) -> None:
    """Once per window: the person's messages now wait, none is lost."""
    await _reply(update, address, "core.flood_slowed", limit=str(limit))


async def tell_not_taken(update: Update, address: str = DEFAULT_ADDRESS) -> None:
    """A message beyond the queue's bound: say which one was not taken."""
    message = update.effective_message
    text = (message.text or message.caption or "") if message is not None else ""
    snippet = text if len(text) <= SNIPPET else text[:SNIPPET - 1] + "…"
    await _reply(update, address, "core.flood_not_taken", snippet=snippet or "…")


async def _reply(update: Update, address: str, key: str, **params: str) -> None:
    """Answer the writer in their app's language, addressed as the chat's event chose."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    try:
        t = translator(pick_language(user.language_code), address)
        await message.reply_text(t(key, **params))
    except TelegramError as error:
        log.warning("could not tell a fast writer (%s)", error)
