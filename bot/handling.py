"""What every format's handlers share: who acts where, which message is answered, sources."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from functools import wraps
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.ext import BaseHandler, filters

from bot.messaging import refuse, tell_privately
from bot.services import (
    Ctx,
    Who,
    address_here,
    belongs_to,
    identify,
    private_address,
    role_in,
    services,
    who_in_session,
)
from flows.base import FlowError
from locales import Translator, pick_language, translator
from storage import people
from storage.records import Session

Command = Callable[[Update, Ctx, Who, Message], Awaitable[None]]
Handler = Callable[[Update, Ctx], Coroutine[Any, Any, None]]
AnyHandler = BaseHandler[Any, Any, Any]
NOT_TEXT = (~filters.TEXT & ~filters.COMMAND & ~filters.StatusUpdate.ALL
            & ~filters.CaptionRegex(r"(?i)^\s*#doku"))
"""Stickers, voice, files, photos (not the ``#doku`` photos the documentation keeps)."""

class ReplyToMarked(filters.MessageFilter):
    """A reply to one of the bot's messages that start with a format's mark ("📌", "🏛")."""

    def __init__(self, mark: str, name: str) -> None:
        super().__init__(name=name)
        self.mark = mark

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(
            replied is not None
            and replied.from_user is not None
            and replied.from_user.is_bot
            and (replied.text or "").startswith(self.mark)
        )


NEW = filters.UpdateType.MESSAGE
"""Commands act on new messages only: editing a command must not run it again."""


def session_command(command: Command) -> Handler:
    """Find who sends the command where (a refusal is answered by ``refusing``)."""

    @wraps(command)
    async def handler(update: Update, context: Ctx) -> None:
        who = await who_in_session(update, context)
        message = update.effective_message
        if who is None or message is None:
            return
        if who.session is None:
            raise FlowError("core.not_a_session")
        await command(update, context, who, message)

    return handler


def refusing(handler: AnyHandler) -> AnyHandler:
    """The handler, with every refusal (``FlowError``) it raises answered in the person's
    language: the one place where a refusal becomes a reply (``build_application`` applies it)."""
    callback = handler.callback

    @wraps(callback)
    async def answered(update: object, context: Ctx) -> Any:
        belongs_to(None)  # found afresh for each update (``member_of``)
        try:
            return await callback(update, context)
        except FlowError as error:
            if isinstance(update, Update):
                await refuse(update, context, await language_of(update, context), error)
            return None
        finally:
            belongs_to(None)

    handler.callback = answered
    return handler


async def language_of(update: Update, context: Ctx) -> Translator:
    """The sender's language (their profile's, else what their Telegram app says), addressed as
    the event of this chat chose: Sie or du in an event's session, in a private chat as the
    person's event (``private_address``), Sie anywhere else."""
    svc = services(context)
    async with svc.db.transaction() as tx:
        person = await identify(update, context, tx)
    user = update.effective_user
    language = person.language if person else pick_language(user.language_code if user else None)
    return translator(language, await address_here(svc, update))


async def private_who(update: Update, context: Ctx) -> Who | None:
    """The sender of a private update, in their language and addressed as their event chose
    (``private_address``), with no session of their own."""
    svc = services(context)
    async with svc.db.transaction() as tx:
        person = await identify(update, context, tx)
        if person is None:
            return None
        address = await private_address(svc, person.user_id, tx)
    return Who(person, translator(person.language, address))


async def private_text(update: Update, context: Ctx) -> tuple[Who, str] | None:
    """The sender of a private text (a dialogue's answer) and what they typed; ``None`` for
    anything that is no text."""
    who = await private_who(update, context)
    message = update.effective_message
    if who is None or message is None or not message.text:
        return None
    return who, message.text


async def answered_press(update: Update, context: Ctx) -> Who | None:
    """The person pressing a private button, after the press is answered (the spinner stops)."""
    who = await private_who(update, context)
    assert update.callback_query is not None
    await update.callback_query.answer()
    return who


async def pressed_in_session(update: Update, context: Ctx) -> tuple[CallbackQuery, Who, Session]:
    """A button in a session's group: the press, the presser as a member, and the session."""
    query = update.callback_query
    who = await who_in_session(update, context)
    assert query is not None
    if who is None or who.session is None:
        raise FlowError("core.not_a_session")
    return query, who, who.session


async def member_of(update: Update, context: Ctx, session: Session) -> Who | None:
    """The sender of a private update as a member of ``session``, with their role there."""
    svc = services(context)
    await svc.learn_admins(context.application, session.chat_id)  # also right after a restart
    async with svc.db.transaction() as tx:
        person = await identify(update, context, tx)
        event = await people.get_event(tx, session.event_id)
        if person is None or event is None:
            return None
        role = await role_in(context, tx, event, session, person.user_id)
    belongs_to(event)
    return Who(person, translator(person.language, event.address), session, event, role)


def source_of(message: Message) -> str:
    """The message as a source ("chat:message"): Telegram delivering it twice changes nothing."""
    return f"{message.chat_id}:{message.message_id}"


def replied(message: Message) -> Message | None:
    """The message this one answers; in a forum topic the topic's opening message is none."""
    answered = message.reply_to_message
    if answered is None or answered.forum_topic_created is not None:
        return None
    if message.is_topic_message and answered.message_id == message.message_thread_id:
        return None
    return answered


class ReplyToMark(filters.MessageFilter):
    """A reply to a message of the bot's that starts with a format's mark (its live message)."""

    def __init__(self, mark: str, name: str) -> None:
        super().__init__(name=name)
        self.mark = mark

    def filter(self, message: Message) -> bool:
        answered = message.reply_to_message
        return bool(answered is not None and answered.from_user is not None
                    and answered.from_user.is_bot and (answered.text or "").startswith(self.mark))


async def text_expected(update: Update, context: Ctx) -> None:
    """Something that is not text where the bot waits for text (a reply to a live message)."""
    who = await who_in_session(update, context)
    if who is not None and update.effective_message is not None:
        await tell_privately(context, update, who.t("core.text_expected"))
