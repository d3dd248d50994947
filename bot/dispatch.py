"""The dispatchers: signed buttons, private dialogue answers, any-round commands, errors."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Message, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.handling import NEW, language_of, session_command
from bot.messaging import refuse
from bot.rounds import act
from bot.routing import router
from bot.services import Ctx, Who, identify, private_address, services
from flows.base import FlowError
from flows.durations import parse_duration
from locales import pick_language, translator
from storage import dialogs
from storage import rounds as stored

log = logging.getLogger(__name__)


async def button(update: Update, context: Ctx) -> None:
    """Verify a button press's signature and hand it to the action that registered for it."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    user = update.effective_user
    chat_id = query.message.chat.id if query.message is not None else (user.id if user else 0)
    unpacked = services(context).signer.unpack(chat_id, query.data)
    route = router(context).buttons.get(unpacked[0]) if unpacked else None
    if unpacked is None or route is None:
        await refuse(update, context, await language_of(update, context),
                     FlowError("core.stale_button"))
        return
    await route(update, context, unpacked[1])


async def private_text(update: Update, context: Ctx) -> None:
    """A private message that is no command answers the open dialogue, if there is one."""
    message = update.effective_message
    if message is None:
        return
    svc = services(context)
    async with svc.db.transaction() as tx:
        person = await identify(update, context, tx)
        if person is None:
            return
        found = await dialogs.get_dialog(tx, person.user_id, message.chat_id)
        address = await private_address(svc, person.user_id, tx)
    t = translator(person.language, address)
    route = router(context).dialogs.get(found[0]) if found else None
    if found is None or route is None:
        await message.reply_text(t("core.no_dialog"))
        return
    await route(update, context, found[1])


async def private_other(update: Update, context: Ctx) -> None:
    """Stickers, voice, files where the bot waits for text: say what it expects."""
    message = update.effective_message
    if message is None:
        return
    await message.reply_text((await language_of(update, context))("core.text_expected"))


@session_command
async def close(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/close`` ends the session's open round, whatever its format."""
    await steer_open_round(context, who, "close")


@session_command
async def extend(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/extend 5m`` (``5 Minuten``, ``15min``, ``5``) gives the open round more time."""
    await steer_open_round(context, who, "extend")


async def steer_open_round(context: Ctx, who: Who, what: str) -> None:
    assert who.session is not None
    svc = services(context)
    async with svc.db.transaction() as tx:
        record = await stored.open_round(tx, who.session.id)
    if record is None:
        raise FlowError("core.no_round")
    fmt = svc.formats[record.kind]
    if what == "close":
        event = fmt.close_event(who.user_id)
    else:
        minutes = parse_duration(" ".join(context.args or ()))
        if minutes is None:
            raise FlowError("core.duration_unclear")
        event = fmt.extend_event(who.user_id, minutes)
    await act(context, who.session, event, who.role, round_id=record.id)


async def on_error(update: object, context: Ctx) -> None:
    """Log what no handler caught and apologize to the person in their language."""
    log.error("update not handled", exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        t = await language_of(update, context)
    except Exception:  # the database is what failed, perhaps: apologize in the app's language
        user = update.effective_user
        t = translator(pick_language(user.language_code if user else None))
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(t("core.sorry"), show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(t("core.sorry"))
    except Exception:  # the apology itself failed: nothing more to do than log
        log.warning("could not apologize for a failed update", exc_info=True)


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("close", close, ~private & NEW),
        CommandHandler("extend", extend, ~private & NEW),
        CallbackQueryHandler(button),
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, private_text),
        MessageHandler(
            private & ~filters.TEXT & ~filters.COMMAND & ~filters.StatusUpdate.ALL, private_other
        ),
    ]

