"""A choice before a round opens: asked privately, so the group stays quiet.

``/questions`` asks whether private questions may be anonymous, ``/closing``
whether people also rate (yes or no), ``/fishbowl`` without chairs for the
chairs and the seat time (a row of values each): the command's words wait as
the facilitator's dialogue in the session chat (a restart loses nothing) and
the choice goes to the facilitator's private chat, with buttons. Someone who
never opened the private chat gets it as a reply in the group instead, which
goes once chosen. The tap opens the round (or asks the next question, in the
same message); only the person who sent the command can make it.
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
from locales import Translator
from storage import dialogs, people
from storage.records import Session


@dataclass(frozen=True)
class Choice:
    """One format's question before it opens: its button action, dialogue and texts."""

    action: str
    dialog: str
    question: str
    """The catalogue key of the question (it gets the dialogue's values as parameters)."""
    yes: str = ""
    no: str = ""
    picks: tuple[tuple[str, int], ...] = ()
    """Instead of yes and no, one row of buttons: (catalogue key, value), the key given the
    value as ``count`` (``3 Min.``)."""

    def rows(self, t: Translator) -> list[list[tuple[str, int]]]:
        """The buttons as (label, value), in rows."""
        if self.picks:
            return [[(self.label(t, value), value) for _, value in self.picks]]
        return [[(t(self.yes), 1)], [(t(self.no), 0)]]

    def label(self, t: Translator, value: int) -> str:
        """What the button of ``value`` says."""
        if not self.picks:
            return t(self.yes if value else self.no)
        return next(t(key, count=given) for key, given in self.picks if given == value)

    def offers(self, value: int) -> bool:
        return any(given == value for _, given in self.picks) if self.picks else value in (0, 1)


def markup(context: Ctx, chat_id: int, choice: Choice, who: Who,
           session: Session) -> InlineKeyboardMarkup:
    signer = services(context).signer
    return InlineKeyboardMarkup([
        [signer.button(chat_id, label, choice.action, session.id, value) for label, value in row]
        for row in choice.rows(who.t)
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
    """The presser's yes or no and the command's values; anyone else's press is refused."""
    who, session, data, value = await picked(update, context, args, choice)
    return who, session, data, value == 1


async def picked(update: Update, context: Ctx, args: list[str],
                 choice: Choice) -> tuple[Who, Session, dict[str, Any], int]:
    """The presser's answer (the button's value) and the command's values (the dialogue's,
    which says which question it is at); anyone else's press is refused."""
    if (len(args) < 2 or not args[0].isdecimal() or not args[1].isdecimal()
            or not choice.offers(int(args[1]))):
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
    return who, session, found[1], int(args[1])


async def ask_next(update: Update, context: Ctx, who: Who, session: Session, choice: Choice,
                   data: dict[str, Any], answer: str) -> None:
    """The next question of the same dialogue, in the message that asked the last one (which
    keeps the answer given)."""
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, session.chat_id, choice.dialog, data,
                                   thread_id=session.thread_id)
    message = await pressed(update)
    if message is None:
        return
    text = f"{message.text or ''}\n\n→ {answer}\n\n{who.t(choice.question, **data)}"
    await message.edit_text(
        text, reply_markup=markup(context, message.chat.id, choice, who, session))


async def settled(update: Update, context: Ctx, who: Who, session: Session, choice: Choice,
                  yes: int) -> None:
    """The round opened: the dialogue ends; the question goes (in the group) or shows the
    answer given (privately)."""
    async with services(context).db.transaction() as tx:
        await dialogs.end_dialog(tx, who.user_id, session.chat_id, thread_id=session.thread_id)
    message = await pressed(update)
    if message is None:
        return
    if message.chat.type == ChatType.PRIVATE:
        await message.edit_text(f"{message.text or ''}\n\n→ {choice.label(who.t, int(yes))}")
    else:
        await safe_delete(context, message.chat.id, message.message_id)


async def pressed(update: Update) -> Message | None:
    """Answer the press (the spinner stops); the message its button is on, if still known."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    return query.message if isinstance(query.message, Message) else None
