"""The closing round (Blitzlicht) in a group or forum topic: ``/closing``, answers by reply.

``/closing`` asks its facilitator privately whether people also rate
(``bot.choosing``) and opens on the answer. An answer is a reply to the live
message (with the question's number in front when there are two); it is
taken with the message as its source, acknowledged with a reaction, and its
author is asked privately, the way ``/quote`` asks, whether and how it may
appear in the documentation (``bot.documentation.ask_author``). Someone who
never opened the private chat is not asked in the group (it stays quiet): the
live message's "answer privately" asks them once they open it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot import choosing
from bot.closing.view import KIND, MARK, present, render_live
from bot.documentation import ask_author
from bot.handling import NOT_TEXT, ReplyToMark, session_command, source_of, text_expected
from bot.messaging import acknowledge
from bot.once import replayed
from bot.rounds import Format, LiveView, act_in_time, open_round
from bot.services import Ctx, Who, services
from flows import closing as cl
from flows import roles
from flows.base import Announce, Event, FlowError, Step
from storage import documentation as docs
from storage import rounds as stored
from storage.records import Session


class ClosingFormat(Format[cl.ClosingState]):
    """Carries events to ``flows.closing`` and shows its state; the rules stay in the flow."""

    kind = KIND
    state_type = cl.ClosingState
    quiet = frozenset({"closing.opened", "closing.extended"})
    """The opening and a new end time are in the live message; the facilitator is told."""
    notices = frozenset({"closing.one_minute_left"})

    def apply(self, state: cl.ClosingState | None, event: Event, now: datetime
              ) -> Step[cl.ClosingState]:
        return cl.apply(state, event, now)

    def is_open(self, state: cl.ClosingState) -> bool:
        return state.phase is cl.Phase.OPEN

    def render_live(self, state: cl.ClosingState, view: LiveView
                    ) -> tuple[str, InlineKeyboardMarkup | None]:
        return render_live(state, view)

    def present(self, effect: Announce, state: cl.ClosingState, view: LiveView
                ) -> tuple[str, InlineKeyboardMarkup | None] | None:
        return present(effect, state, view)

    def close_event(self, actor: int) -> Event:
        return cl.Close(actor=actor)

    def extend_event(self, actor: int, minutes: float) -> Event:
        return cl.Extend(actor=actor, minutes=minutes)

    def forget(self, state: cl.ClosingState, user_id: int, erase: bool) -> cl.ClosingState:
        return cl.forget(state, user_id, erase)


FORMAT = ClosingFormat()
CHOICE = choosing.Choice(action="clopen", dialog="clopen", question="closing.ask_rating",
                         yes="closing.rating_yes", no="closing.rating_no")


@session_command
async def closing(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/closing [10m] [question]`` (a second question on the next line): ask about the
    rating, then open."""
    assert who.session is not None
    roles.require(cl.OpenClosing, who.role)
    await services(context).rounds.none_open(who.session.id)
    event = cl.parse_open(message.text or "", who.user_id,
                          default_question=who.event_t("closing.default_question"))
    await choosing.ask(update, context, who, message, CHOICE,
                       {"questions": list(event.questions), "minutes": event.minutes,
                        "question": event.questions[0]})


async def rating_chosen(update: Update, context: Ctx, args: list[str]) -> None:
    """The facilitator's yes or no: the round opens with it."""
    who, session, data, yes = await choosing.chosen(update, context, args, CHOICE)
    minutes = data.get("minutes")
    event = cl.OpenClosing(actor=who.user_id, questions=tuple(data["questions"]), rating=yes,
                           minutes=float(minutes) if minutes else None)
    await open_round(context, session, FORMAT, event, who.role)
    await choosing.settled(update, context, who, session, CHOICE, yes)


@session_command
async def reply_answer(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """A reply to the live message: an answer (numbered, when the round has two questions)."""
    assert who.session is not None
    svc = services(context)
    async with svc.db.transaction() as tx:
        record = await stored.open_round(tx, who.session.id)
        record = record if record is not None else await stored.last_round(
            tx, who.session.id, KIND)
    if record is None or record.kind != KIND:
        raise FlowError("closing.none_open")
    state = svc.states.parse(FORMAT, record)
    source = source_of(message)
    event = cl.parse_answer(message.text or "", who.user_id, questions=len(state.questions),
                            source=source, sent=message.date)
    await take_answer(update, context, who, who.session, message, event)
    await acknowledge(update, context, who.t)


async def take_answer(update: Update, context: Ctx, who: Who, session: Session,
                      message: Message, event: cl.GiveAnswer,
                      round_id: int | None = None) -> Step[cl.ClosingState] | None:
    """The answer to its round, then its author asked about quoting it; a repeated update
    that was stored before only asks again (once) what a crash may have left unasked."""
    source = source_of(message)
    try:
        step = await act_in_time(context, session, event, who.role, kind=KIND, source=source,
                                 sent=event.sent, round_id=round_id)
    except FlowError as error:
        if error.key != "duplicate" or not replayed(update):
            raise
        await offer_quote(context, who, session, message, event.text)
        return None
    await offer_quote(context, who, session, message, event.text)
    return step


async def offer_quote(context: Ctx, who: Who, session: Session, message: Message,
                      text: str) -> None:
    """The answer as a quote waiting for its author's consent, asked as ``/quote`` asks
    (privately only: the group stays quiet)."""
    async with services(context).db.transaction() as tx:
        record, new = await docs.mark_quote(tx, session.id, message.chat_id, message.message_id,
                                            who.user_id, text, who.user_id)
    if new:
        await ask_author(context, record, session, in_group=False)


REPLY_TO_CLOSING = ReplyToMark(MARK, "ReplyToClosing")


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """The command and replies in groups and forum topics (new messages only)."""
    new = ~filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    return [
        CommandHandler("closing", closing, new),
        MessageHandler(new & filters.TEXT & ~filters.COMMAND & REPLY_TO_CLOSING, reply_answer),
        MessageHandler(new & NOT_TEXT & REPLY_TO_CLOSING, text_expected),
    ]
