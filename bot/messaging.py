"""Sending for a session: to its chat and topic, privately with a fallback, and acknowledgements."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReactionTypeEmoji,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import JobQueue

from bot.once import replayed
from bot.services import App, Ctx, Services, services
from bot.sharing import take_timer, timer_fired
from flows.base import Announce, FlowError
from locales import Translator, translator
from storage import notices, passing, people
from storage.guests import is_guest
from storage.records import Person, Session, utcnow

log = logging.getLogger(__name__)
ACK_EMOJI = "✍"
MAX_TEXT = 4096


def thread_kwargs(session: Session) -> dict[str, Any]:
    """Send into the session's forum topic; a plain group has none."""
    return {"message_thread_id": session.thread_id} if session.thread_id else {}


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """Keep a message within Telegram's limit, cut at a line where possible, marked with "…"."""
    if len(text) <= limit:
        return text
    head = text[: limit - 2]
    cut = head.rfind("\n")
    return (head[:cut] if cut > limit // 2 else head) + "\n…"


async def send_to_session(
    context: Ctx, session: Session, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message:
    sent: Message = await context.bot.send_message(
        session.chat_id, clip(text), reply_markup=markup, **thread_kwargs(session)
    )
    return sent


async def send_private(
    context: Ctx,
    user_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    fallback: Session | None = None,
    fallback_text: str | None = None,
) -> bool:
    """Write to a person privately; if they never started the bot, invite them in the session."""
    try:
        await context.bot.send_message(user_id, clip(text), reply_markup=markup)
        return True
    except Forbidden:
        if fallback is None:
            return False
        svc = services(context)
        async with svc.db.transaction() as tx:
            event = await people.get_event(tx, fallback.event_id)
            person = await people.get_person(tx, user_id)
        t = translator(*(event.language, event.address) if event else (svc.settings.language,))
        button = InlineKeyboardButton(t("core.open_private"), url=svc.deep_link("hello"))
        await send_to_session(
            context,
            fallback,
            fallback_text or t("core.private_blocked", name=name_of(person)),
            InlineKeyboardMarkup([[button]]),
        )
        return False


async def acknowledge(update: Update, context: Ctx, t: Translator, key: str = "core.noted") -> None:
    """A reaction on the person's message in a group; a short confirmation in a private chat."""
    message = update.effective_message
    if message is None:
        return
    if message.chat.type == ChatType.PRIVATE:
        await message.reply_text(t(key))
        return
    try:
        await context.bot.set_message_reaction(
            message.chat_id, message.message_id, [ReactionTypeEmoji(ACK_EMOJI)]
        )
    except BadRequest as error:
        log.info("reaction refused (%s); acknowledging by reply", error.message)
        await message.reply_text(t(key))


async def refuse(update: Update, context: Ctx, t: Translator, error: FlowError) -> None:
    """Tell the person, in their language and privately, why nothing happened."""
    if error.key == "duplicate":
        if update.callback_query is not None:
            await update.callback_query.answer(t("duplicate"))
        elif (update.message is not None and update.message.chat.type != ChatType.PRIVATE
              and replayed(update)):
            # Stored before a crash that took its reaction with it (the inbox handed it over
            # again): the reaction again, which changes nothing where it is already.
            await update.message.set_reaction(ACK_EMOJI)
        return
    key = f"not_allowed.{error.params.get('who')}" if error.key == "not_allowed" else error.key
    text = t(key, **error.params)
    query = update.callback_query
    if query is not None:
        try:
            await query.answer(clip(text, 200), show_alert=True)
        except BadRequest:
            # The press was answered already (a handler acknowledged it before it was
            # refused): say it in a message instead, to the person who pressed.
            await tell_privately(context, update, text)
        return
    await tell_privately(context, update, text)


async def tell_privately(context: Ctx, update: Update, text: str) -> None:
    """A refusal, hint or help for one person: in their private chat, where nobody else reads it.

    Someone who never opened the private chat (Telegram answers 403) gets it as a
    reply in the group that is deleted after ``PASSING_SECONDS``; what they wrote stays.
    """
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    if message.chat.type == ChatType.PRIVATE:
        await message.reply_text(clip(text))
        return
    try:
        await context.bot.send_message(user.id, clip(text))
        return
    except Forbidden:
        pass
    if update.callback_query is None:
        sent = await message.reply_text(clip(text))
    else:
        sent = await context.bot.send_message(message.chat.id, clip(text),
                                              **answer_thread(message))
    await pass_away(context, sent)


PASSING_SECONDS = 30
"""How long a refusal meant for one person stays in the group when it could not go privately."""


async def pass_away(context: Ctx, message: Message) -> None:
    """Delete the bot's own ``message`` after ``PASSING_SECONDS``: stored, then a JobQueue job,
    so a restart in between still deletes it (``rearm_passing``)."""
    due = utcnow() + timedelta(seconds=PASSING_SECONDS)
    async with services(context).db.transaction() as tx:
        await passing.keep_passing(tx, message.chat_id, message.message_id, due)
    arm_passing(context.job_queue, passing.Passing(message.chat_id, message.message_id, due))


def arm_passing(queue: JobQueue[Any] | None, reply: passing.Passing) -> None:
    """The job that deletes one passing reply when it is due (at once if that is past)."""
    if queue is None:
        return
    delay = max(0.0, (reply.due - utcnow()).total_seconds())
    queue.run_once(delete_passing, delay, data=(reply.chat_id, reply.message_id),
                   name=f"passing:{reply.chat_id}:{reply.message_id}")


async def rearm_passing(app: App) -> int:
    """At start-up: the jobs of the passing replies a stop or crash left in the group."""
    svc: Services = app.bot_data["services"]
    async with svc.db.transaction() as tx:
        waiting = await passing.all_passing(tx)
    for reply in waiting:
        arm_passing(app.job_queue, reply)
    return len(waiting)


async def delete_passing(context: Ctx) -> None:
    """The job of ``pass_away``: the passing message goes, and with it what was kept of it.

    Every process on a shared database arms it again at start-up; the one that takes its
    lease first deletes it (``bot.sharing.take_timer``), another looks again only if that one
    dies before it is done."""
    assert context.job is not None
    chat_id, message_id = cast(tuple[int, int], context.job.data)
    svc = services(context)
    name = f"timer:passing:{chat_id}:{message_id}"
    wait = await take_timer(svc.shared, name)
    if wait is None:
        return  # deleted by another process
    if wait > 0:
        arm_passing(context.job_queue,
                    passing.Passing(chat_id, message_id, utcnow() + timedelta(seconds=wait)))
        return
    await safe_delete(context, chat_id, message_id)
    async with svc.db.transaction() as tx:
        await passing.passed(tx, chat_id, message_id)
    await timer_fired(svc.shared, name)


def answer_thread(message: Any) -> dict[str, Any]:
    """Stay in the forum topic of the message the person pressed."""
    thread = getattr(message, "message_thread_id", None)
    topic = getattr(message, "is_topic_message", False)
    return {"message_thread_id": thread} if thread and topic else {}


Presenter = Callable[[Announce], tuple[str, InlineKeyboardMarkup | None] | None]
"""Shows one announcement a format's own way (text and buttons), or ``None`` for the plain text."""


def name_of(person: Person | None) -> str:
    return person.name if person is not None else "?"


async def announce(
    context: Ctx,
    svc: Services,
    session: Session,
    effects: tuple[Announce, ...],
    *,
    present: Presenter | None = None,
    actor: int | None = None,
    quiet: frozenset[str] = frozenset(),
    notices: frozenset[str] = frozenset(),
    folded: frozenset[str] = frozenset(),
) -> None:
    """Carry out a flow's announcements, naming people as they appear in the chat.

    ``present`` may show a session announcement its own way (with buttons, say).
    A ``quiet`` one is shown by the live message already: only the ``actor`` is
    told, privately, if they opened the private chat. A ``folded`` one is shown
    inside another announcement of the same step (a result's lines in the
    result). What is left for the group is one message per step (``post_together``);
    it is a notice, replacing the session's previous one, when every part is one.
    """
    if not effects:
        return
    ids = sorted({uid for effect in effects for uid in effect.people.values()})
    async with svc.db.transaction() as tx:
        event = await people.get_event(tx, session.event_id)
        persons = await people.people_by_id(tx, ids)
    group_t = translator(
        *(event.language, event.address) if event else (svc.settings.language,))
    parts: list[Part] = []
    for effect in effects:
        names: Mapping[str, str] = {
            slot: name_of(persons.get(uid)) for slot, uid in effect.people.items()
        }
        if effect.to is None and effect.key in folded:
            continue
        if effect.to is None and effect.key in quiet:
            if actor is not None and actor > 0:
                await send_private(context, actor, group_t(effect.key, **effect.params, **names))
            continue
        if effect.to is None:
            shown = present(effect) if present is not None else None
            text, markup = shown or (group_t(effect.key, **effect.params, **names), None)
            parts.append(Part(text, markup, effect.key in notices))
            continue
        if is_guest(effect.to):
            continue  # someone taking part from a browser: their page shows it
        person = persons.get(effect.to)
        t = translator(person.language, group_t.address) if person else group_t
        await send_private(
            context, effect.to, t(effect.key, **effect.params, **names), fallback=session
        )
    await post_together(context, session, parts)


@dataclass(frozen=True)
class Part:
    """One announcement of a step as the group would see it."""

    text: str
    markup: InlineKeyboardMarkup | None
    notice: bool


async def post_together(context: Ctx, session: Session, parts: list[Part]) -> None:
    """A step's announcements as one group message: a notice if every part is one.

    Buttons of two parts cannot share a message (each names its own person or
    round); then each part is posted on its own.
    """
    if not parts:
        return
    if sum(part.markup is not None for part in parts) > 1:
        for part in parts:
            await post(context, session, part)
        return
    markup = next((part.markup for part in parts if part.markup is not None), None)
    text = "\n\n".join(part.text for part in parts)
    await post(context, session, Part(text, markup, all(part.notice for part in parts)))


async def post(context: Ctx, session: Session, part: Part) -> None:
    if part.notice:
        await post_notice(context, session, part.text, part.markup)
    else:
        await send_to_session(context, session, part.text, part.markup)


async def post_notice(context: Ctx, session: Session, text: str,
                      markup: InlineKeyboardMarkup | None = None) -> Message:
    """Post a short line people must notice and delete the one before it (the bot's own).

    The current notice is stored with the session, so the first notice after a
    restart still replaces the one posted before it.
    """
    db = services(context).db
    sent = await send_to_session(context, session, text, markup)
    async with db.transaction() as tx:
        previous = await notices.get_notice(tx, session.id)
        await notices.set_notice(tx, session.id, sent.message_id)
    if previous is not None:
        await safe_delete(context, session.chat_id, previous)
    return sent


async def safe_delete(context: Ctx, chat_id: int, message_id: int) -> None:
    try:
        await context.bot.delete_message(chat_id, message_id)
    except TelegramError as error:
        log.debug("could not delete message: %s", error)
