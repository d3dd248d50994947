"""Flood control: one person posting far more than a person plausibly can is slowed down.

A sliding window per person counts the messages the bot receives from them
(notes, commands, replies). Past ``flood_limit`` in a minute, further
messages are not handled until the window has room again; the person is told
once, politely, in their language. Button presses are not counted: they cost
the group nothing (their answers are not messages, the live message edits
are coalesced). Nobody else's contributions wait for this person.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from bot.services import Ctx, services
from locales import pick_language, translator

WINDOW = 60.0


class FloodGuard:
    def __init__(self) -> None:
        self._seen: defaultdict[int, deque[float]] = defaultdict(deque)
        self._warned: dict[int, float] = {}
        self.slowed = 0

    def allow(self, user_id: int, limit: int, now: float) -> bool:
        window = self._seen[user_id]
        while window and now - window[0] >= WINDOW:
            window.popleft()
        if len(window) >= limit:
            return False
        window.append(now)
        return True

    def should_warn(self, user_id: int, now: float) -> bool:
        warned = self._warned.get(user_id)
        if warned is not None and now - warned < WINDOW:
            return False
        self._warned[user_id] = now
        return True


GUARD_KEY = "flood_guard"


async def guard(update: Update, context: Ctx) -> None:
    message = update.effective_message
    user = update.effective_user
    if update.callback_query is not None or message is None or user is None or user.is_bot:
        return
    flood: FloodGuard = context.application.bot_data.setdefault(GUARD_KEY, FloodGuard())
    now = time.monotonic()
    if flood.allow(user.id, services(context).settings.flood_limit, now):
        return
    flood.slowed += 1
    if flood.should_warn(user.id, now):
        await message.reply_text(translator(pick_language(user.language_code))("privacy.slow_down"))
    raise ApplicationHandlerStop


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [TypeHandler(Update, guard)]
