"""What the private screens of speakers, minutes, programme and composition share: a screen
edited in place (or sent anew), and the sender as a member of the session a button names."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.handling import member_of
from bot.messaging import clip
from bot.services import Ctx, Who, services
from flows.base import FlowError
from storage import people
from storage.records import Session


async def show(context: Ctx, user_id: int, message: object, text: str,
               markup: InlineKeyboardMarkup) -> None:
    """Edit ``message`` (a screen the person pressed on) in place; without one, or where it
    cannot be edited, send the screen anew."""
    if isinstance(message, Message):
        try:
            await message.edit_text(clip(text), reply_markup=markup)
            return
        except BadRequest as error:
            if "not modified" in error.message:
                return
    await context.bot.send_message(user_id, clip(text), reply_markup=markup)


async def in_session(update: Update, context: Ctx, session_id: int) -> tuple[Who, Session]:
    """The sender as a member of the session (with their role there); a session that is gone
    makes the button or dialogue stale."""
    async with services(context).db.transaction() as tx:
        session = await people.get_session(tx, session_id)
    who = await member_of(update, context, session) if session is not None else None
    if session is None or who is None:
        raise FlowError("core.stale_button")
    return who, session
