"""Exactly once: an update Telegram delivers again (after a restart, say) is handled once.

Before any handler, an update whose id was already handled is dropped; after
all handlers, its id is recorded. A crash between handling and recording
lets the update through once more; contributions are protected against that
too, by their unique source (chat and message) in the round log.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from bot.services import Ctx, services
from storage import dialogs

FIRST_GROUP = -2
LAST_GROUP = 99


async def drop_if_seen(update: Update, context: Ctx) -> None:
    async with services(context).db.transaction() as tx:
        seen = await dialogs.update_seen(tx, update.update_id)
    if seen:
        raise ApplicationHandlerStop


async def remember(update: Update, context: Ctx) -> None:
    async with services(context).db.transaction() as tx:
        await dialogs.first_time_update(tx, update.update_id)


def first_handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [TypeHandler(Update, drop_if_seen)]


def last_handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [TypeHandler(Update, remember)]
