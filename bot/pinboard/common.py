"""What the pinboard's handlers share: finding the board, the replies it reads, reactions."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

from telegram import Message, ReactionTypeEmoji, Update
from telegram.error import BadRequest
from telegram.ext import filters

from bot.handling import Handler, ReplyToMarked, member_of, session_command
from bot.messaging import ACK_EMOJI
from bot.pinboard.render import MARK
from bot.services import Ctx, Who, services
from flows.base import FlowError
from flows.pinboard import PinboardState
from storage import rounds as stored
from storage.records import RoundRecord, Session

KIND = "pinboard"


REPLY_TO_BOARD = ReplyToMarked(MARK, "ReplyToBoard")
"""A reply to one of the bot's pinboard messages (they all start with the pin)."""
NOTE_COMMAND = filters.Regex(r"^/note(@\w+)?(\s|$)")


async def open_board(context: Ctx, session_id: int) -> tuple[RoundRecord, PinboardState]:
    """The session's open pinboard and its state; refused when none is open.

    Notes still on their way to the disk count: an edit or ``/hide`` right after
    the note it is about must find it.
    """
    svc = services(context)
    await svc.journal.settle(session_id)
    async with svc.db.transaction() as tx:
        record = await stored.open_round(tx, session_id)
    if record is None or record.kind != KIND:
        raise FlowError("pinboard.none_open")
    return record, svc.states.parse(svc.formats[KIND], record)


async def board_by_id(context: Ctx, round_id: int) -> tuple[RoundRecord, PinboardState, Session]:
    """A pinboard named by a button or deep link, with its session; stale ids are refused."""
    svc = services(context)
    async with svc.db.transaction() as tx:
        record, session = await stored.get_round_and_session(tx, round_id)
    if record is None or session is None or record.kind != KIND:
        raise FlowError("core.stale_button")
    if await svc.journal.settle(session.id):  # notes were on their way: read it again
        async with svc.db.transaction() as tx:
            record = await stored.get_round(tx, round_id)
        assert record is not None
    return record, svc.states.parse(svc.formats[KIND], record), session


async def board_member(update: Update, context: Ctx, round_id: int
                       ) -> tuple[Who, Session, PinboardState]:
    """A board named by a button or deep link, with the sender as a member of its session."""
    _, state, session = await board_by_id(context, round_id)
    who = await member_of(update, context, session)
    if who is None:
        raise FlowError("core.stale_button")
    return who, session, state


def round_arg(args: list[str], index: int = 0) -> int:
    """A number packed into a button; anything else is a stale or forged button."""
    if len(args) <= index or not args[index].isdecimal():
        raise FlowError("core.stale_button")
    return int(args[index])


SessionFn = Callable[[Update, Ctx, Who, Session, Message], Awaitable[None]]


def in_session(fn: SessionFn) -> Handler:
    """Run a group handler for the session of its chat or topic; refuse bad input kindly."""

    @functools.wraps(fn)
    async def run(update: Update, context: Ctx, who: Who, message: Message) -> None:
        assert who.session is not None
        await fn(update, context, who, who.session, message)

    return session_command(run)


async def react(context: Ctx, chat_id: int, message_id: int) -> None:
    """Acknowledge a note on a message that is not the update's own (after a button choice)."""
    try:
        await context.bot.set_message_reaction(chat_id, message_id,
                                               [ReactionTypeEmoji(ACK_EMOJI)])
    except BadRequest:
        return
