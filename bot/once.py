"""Exactly once: an update Telegram delivers again (after a restart, say) is handled once.

Before any handler, an update whose id was already handled is dropped; after
all handlers, its id is recorded, in memory and in the database (with the journal's next
transaction, see ``storage.journal``). At start-up
the recorded ids are read back, so a redelivery after a restart is dropped
too, without a database read per update. A crash between handling and
recording lets the update through once more; contributions are protected
against that as well, by their unique source (chat and message) in the
round log.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, BaseHandler, TypeHandler

from bot.services import Ctx, services
from storage import dialogs

FIRST_GROUP = -2
LAST_GROUP = 99
SEEN = "seen_update_ids"


async def load_seen(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Read the ids handled before the restart."""
    async with app.bot_data["services"].db.transaction() as tx:
        app.bot_data[SEEN] = await dialogs.seen_update_ids(tx)


async def drop_if_seen(update: Update, context: Ctx) -> None:
    if update.update_id in context.application.bot_data.setdefault(SEEN, set()):
        raise ApplicationHandlerStop


async def remember(update: Update, context: Ctx) -> None:
    """Recorded with the journal's next transaction: a contribution the update brought is
    stored in the same one, or an earlier one."""
    context.application.bot_data.setdefault(SEEN, set()).add(update.update_id)
    services(context).journal.remember_update(update.update_id)


def first_handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [TypeHandler(Update, drop_if_seen)]


def last_handlers() -> list[BaseHandler[Any, Any, Any]]:
    return [TypeHandler(Update, remember)]
