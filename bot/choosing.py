"""A yes/no choice before a round opens: asked privately, so the group stays quiet.

``/questions`` asks whether private questions may be anonymous, ``/closing``
whether people also rate: the command's words wait as the facilitator's
dialogue in the session chat (a restart loses nothing) and the choice goes to
the facilitator's private chat, with two buttons. Someone who never opened the
private chat gets it as a reply in the group instead, which goes once chosen.
The tap opens the round; only the person who sent the command can make it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.error import Forbidden

from bot.handling import member_of
from bot.messaging import acknowledge, safe_delete
from bot.services import Ctx, Who, services
from flows.base import FlowError
from storage import dialogs, people
from storage.records import Session


@dataclass(frozen=True)
class Choice:
    """One format's question before it opens: its button action, dialogue and texts."""

    action: str
    dialog: str
    question: str
    """The catalogue key of the question (it gets the dialogue's values as parameters)."""
    yes: str
    no: str


def markup(context: Ctx, chat_id: int, choice: Choice, who: Who,
           session: Session) -> InlineKeyboardMarkup:
    signer = services(context).signer
    return InlineKeyboardMarkup([
        [signer.button(chat_id, who.t(choice.yes), choice.action, session.id, 1)],
        [signer.button(chat_id, who.t(choice.no), choice.action, session.id, 0)],
    ])


async def ask(update: Update, context: Ctx, who: Who, message: Message, choice: Choice,
              data: dict[str, Any]) -> None:
    """Keep the command's values and ask the yes/no question, privately if possible."""
    session = who.session
    assert session is not None
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, session.chat_id, choice.dialog, data,
                                   thread_id=session.thread_id)
    text = who.t(choice.question, **data)
    try:
        await context.bot.send_message(
            who.user_id, text, reply_markup=markup(context, who.user_id, choice, who, session))
    except Forbidden:
        await message.reply_text(
            text, reply_markup=markup(context, session.chat_id, choice, who, session))
        return
    await acknowledge(update, context, who.t)


async def chosen(update: Update, context: Ctx, args: list[str],
                 choice: Choice) -> tuple[Who, Session, dict[str, Any], bool]:
    """The presser's answer and the command's values; anyone else's press is refused."""
    if len(args) < 2 or not args[0].isdecimal() or args[1] not in ("0", "1"):
        raise FlowError("core.stale_button")
    async with services(context).db.transaction() as tx:
        session = await people.get_session(tx, int(args[0]))
    who = await member_of(update, context, session) if session is not None else None
    if session is None or who is None:
        raise FlowError("core.stale_button")
    async with services(context).db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, session.chat_id,
                                         thread_id=session.thread_id)
    if found is None or found[0] != choice.dialog:
        raise FlowError("choice.not_yours")
    return who, session, found[1], args[1] == "1"


async def settled(update: Update, context: Ctx, who: Who, session: Session, choice: Choice,
                  yes: bool) -> None:
    """The round opened: the dialogue ends; the question goes (in the group) or shows the
    answer given (privately)."""
    async with services(context).db.transaction() as tx:
        await dialogs.end_dialog(tx, who.user_id, session.chat_id, thread_id=session.thread_id)
    query = update.callback_query
    assert query is not None
    await query.answer()
    message = query.message
    if not isinstance(message, Message):
        return
    if message.chat.type == ChatType.PRIVATE:
        answer = who.t(choice.yes if yes else choice.no)
        await message.edit_text(f"{message.text or ''}\n\n→ {answer}")
    else:
        await safe_delete(context, message.chat.id, message.message_id)
