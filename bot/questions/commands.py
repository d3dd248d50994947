"""Questions from the floor in a group or forum topic: ``/questions``, ``/ask``, replies.

Handlers stay thin: they let the flow parse, ``act`` with the message as the
source (Telegram delivering it twice asks nothing twice), and acknowledge with
a reaction. Under privacy mode the bot sees only commands and replies to its
own messages, so a question comes as ``/ask text`` or as a reply to the live
message. ``/questions`` asks its facilitator privately whether private
questions may be anonymous (``bot.choosing``) and opens on the answer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot import choosing
from bot.handling import NOT_TEXT, ReplyToMark, session_command, source_of, text_expected
from bot.messaging import acknowledge
from bot.questions.view import KIND, MARK, present, render_live
from bot.rounds import Format, LiveView, act_in_time, open_round
from bot.services import Ctx, Who, services
from flows import questions as qs
from flows import roles
from flows.base import FORGOTTEN, Announce, Event, Step
from storage.records import Session


class QuestionsFormat(Format[qs.QuestionsState]):
    """Carries events to ``flows.questions`` and shows its state; the rules stay in the flow."""

    kind = KIND
    state_type = qs.QuestionsState
    quiet = frozenset({"questions.opened", "questions.opened_anonymous", "questions.extended"})
    """The opening and a new end time are in the live message; the facilitator is told."""
    notices = frozenset({"questions.one_minute_left"})

    def apply(self, state: qs.QuestionsState | None, event: Event, now: datetime
              ) -> Step[qs.QuestionsState]:
        return qs.apply(state, event, now)

    def is_open(self, state: qs.QuestionsState) -> bool:
        return state.phase is qs.Phase.OPEN

    def people_in(self, state: qs.QuestionsState) -> set[int]:
        """Authors the room may see named: never an anonymous question's."""
        return {q.author for q in state.questions if not q.anonymous} - {FORGOTTEN}

    def render_live(self, state: qs.QuestionsState, view: LiveView
                    ) -> tuple[str, InlineKeyboardMarkup | None]:
        return render_live(state, view)

    def present(self, effect: Announce, state: qs.QuestionsState, view: LiveView
                ) -> tuple[str, InlineKeyboardMarkup | None] | None:
        return present(effect, state, view)

    def close_event(self, actor: int) -> Event:
        return qs.Close(actor=actor)

    def extend_event(self, actor: int, minutes: float) -> Event:
        return qs.Extend(actor=actor, minutes=minutes)

    def forget(self, state: qs.QuestionsState, user_id: int, erase: bool) -> qs.QuestionsState:
        return qs.forget(state, user_id, erase)


FORMAT = QuestionsFormat()
CHOICE = choosing.Choice(action="qopen", dialog="qopen", question="questions.ask_anonymity",
                         yes="questions.anonymity_yes", no="questions.anonymity_no")


@session_command
async def questions(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/questions [10m] [title]``: ask the facilitator about anonymity, then open."""
    assert who.session is not None
    roles.require(qs.OpenQuestions, who.role)
    await services(context).rounds.none_open(who.session.id)
    event = qs.parse_open(message.text or "", who.user_id,
                          default_title=who.event_t("questions.default_title"))
    await choosing.ask(update, context, who, message, CHOICE,
                       {"title": event.title, "minutes": event.minutes})


async def anonymity_chosen(update: Update, context: Ctx, args: list[str]) -> None:
    """The facilitator's yes or no: the round opens with it."""
    who, session, data, yes = await choosing.chosen(update, context, args, CHOICE)
    minutes = data.get("minutes")
    event = qs.OpenQuestions(actor=who.user_id, title=str(data["title"]), anonymity_allowed=yes,
                             minutes=float(minutes) if minutes else None)
    await open_round(context, session, FORMAT, event, who.role)
    await choosing.settled(update, context, who, session, CHOICE, yes)


@session_command
async def ask(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/ask text``: a question to the open round."""
    await take_question(update, context, who, message)


@session_command
async def reply_question(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """A reply to the live message: its text is a question."""
    await take_question(update, context, who, message)


async def take_question(update: Update, context: Ctx, who: Who, message: Message) -> None:
    assert who.session is not None
    source = source_of(message)
    event = qs.parse_ask(message.text or "", who.user_id, source=source, sent=message.date)
    await add_question(context, who, who.session, event, source)
    await acknowledge(update, context, who.t)


async def add_question(context: Ctx, who: Who, session: Session, event: qs.AskQuestion,
                       source: str, round_id: int | None = None) -> Step[qs.QuestionsState]:
    """The question to the open round (or the given one), or to the last one if it closed
    after the question was sent (the flow's rule)."""
    return await act_in_time(context, session, event, who.role, kind=KIND, source=source,
                             sent=event.sent, round_id=round_id)


REPLY_TO_QUESTIONS = ReplyToMark(MARK, "ReplyToQuestions")


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """The commands and replies in groups and forum topics (new messages only)."""
    new = ~filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    return [
        CommandHandler("questions", questions, new),
        CommandHandler("ask", ask, new),
        MessageHandler(new & filters.TEXT & ~filters.COMMAND & REPLY_TO_QUESTIONS,
                       reply_question),
        MessageHandler(new & NOT_TEXT & REPLY_TO_QUESTIONS, text_expected),
    ]
