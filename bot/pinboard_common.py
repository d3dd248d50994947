"""What the pinboard's handlers share: finding the board, the person's role, sources, filters."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Message, ReactionTypeEmoji, Update
from telegram.error import BadRequest
from telegram.ext import filters

from bot.messaging import ACK_EMOJI, refuse
from bot.pinboard_render import MARK
from bot.services import Ctx, Who, identify, role_in, services, who_in_session
from flows.base import FlowError
from flows.pinboard import PinboardState
from locales import translator
from storage import people
from storage import rounds as stored
from storage.records import RoundRecord, Session

KIND = "pinboard"


def source_of(message: Message) -> str:
    """The Telegram message a note came from: a repeated update has the same source."""
    return f"{message.chat_id}:{message.message_id}"


def replied_message(message: Message) -> Message | None:
    """The message this one answers; in a forum topic the topic's opening message is none."""
    replied = message.reply_to_message
    if replied is None or replied.forum_topic_created is not None:
        return None
    if message.is_topic_message and replied.message_id == message.message_thread_id:
        return None
    return replied


class _ReplyToBoard(filters.MessageFilter):
    """A reply to one of the bot's pinboard messages (they all start with the pin)."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(
            replied is not None
            and replied.from_user is not None
            and replied.from_user.is_bot
            and (replied.text or "").startswith(MARK)
        )


REPLY_TO_BOARD = _ReplyToBoard(name="ReplyToBoard")
NOTE_COMMAND = filters.Regex(r"^/note(@\w+)?(\s|$)")


async def open_board(context: Ctx, session_id: int) -> tuple[RoundRecord, PinboardState]:
    """The session's open pinboard and its state; refused when none is open."""
    async with services(context).db.transaction() as tx:
        record = await stored.open_round(tx, session_id)
    if record is None or record.kind != KIND:
        raise FlowError("pinboard.none_open")
    return record, record.state(PinboardState)


async def board_by_id(context: Ctx, round_id: int) -> tuple[RoundRecord, PinboardState, Session]:
    """A pinboard named by a button or deep link, with its session; stale ids are refused."""
    async with services(context).db.transaction() as tx:
        record = await stored.get_round(tx, round_id)
        session = await people.get_session(tx, record.session_id) if record else None
    if record is None or session is None or record.kind != KIND:
        raise FlowError("core.stale_button")
    return record, record.state(PinboardState), session


def round_arg(args: list[str], index: int = 0) -> int:
    """A number packed into a button; anything else is a stale or forged button."""
    if len(args) <= index or not args[index].isdigit():
        raise FlowError("core.stale_button")
    return int(args[index])


async def member_of(update: Update, context: Ctx, session: Session) -> Who | None:
    """The sender of a private update as a member of ``session``, with their role there."""
    async with services(context).db.transaction() as tx:
        person = await identify(update, context, tx)
        event = await people.get_event(tx, session.event_id)
        if person is None or event is None:
            return None
        role = await role_in(context, tx, event, session, person.user_id)
    return Who(person, translator(person.language), session, event, role)


SessionFn = Callable[[Update, Ctx, Who, Session, Message], Awaitable[None]]


def in_session(fn: SessionFn) -> Callable[[Update, Ctx], Coroutine[Any, Any, None]]:
    """Run a group handler for the session of its chat or topic; refuse bad input kindly."""

    @functools.wraps(fn)
    async def run(update: Update, context: Ctx) -> None:
        who = await who_in_session(update, context)
        message = update.effective_message
        if who is None or message is None:
            return
        if who.session is None:
            await message.reply_text(who.t("core.not_a_session"))
            return
        try:
            await fn(update, context, who, who.session, message)
        except FlowError as error:
            await refuse(update, who.t, error)

    return run


async def react(context: Ctx, chat_id: int, message_id: int) -> None:
    """Acknowledge a note on a message that is not the update's own (after a button choice)."""
    try:
        await context.bot.set_message_reaction(chat_id, message_id,
                                               [ReactionTypeEmoji(ACK_EMOJI)])
    except BadRequest:
        return
