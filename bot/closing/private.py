"""The closing round's buttons and its private dialogue.

A rating is a tap on 1 to 5 (on the live message, or privately after the
answers); every press carries its callback id as the source. "Answer
privately" answers with the deep link ``closing_<round>``: there the bot first
asks about quoting the answers the person gave by reply while it could not
write to them, then asks the question(s) in turn (each message an answer to
the current one) and, if the round has a rating, offers it.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType

from bot.closing.commands import FORMAT, take_answer
from bot.closing.view import KIND, PRIVATE, RATE
from bot.documentation import ask_author
from bot.handling import member_of, source_of
from bot.rounds import act, round_by_id
from bot.routing import Buttons, Dialogs, Starts
from bot.services import Ctx, Who, services, who_in_session
from flows import closing as cl
from flows import roles
from flows.base import FlowError
from storage import dialogs
from storage import documentation as docs
from storage.records import Session

DIALOG = "clans"
PRIVATE_RATE = "clpr"
ENDED = frozenset({"closing.not_now", "closing.none_open", "core.round_closed"})
"""Refusals after which the private dialogue has nothing more to take."""


def number(args: list[str], index: int = 0) -> int:
    """A number the bot packed into a button (a rating may be any the bot signed)."""
    if len(args) <= index or not args[index].lstrip("-").isdecimal():
        raise FlowError("core.stale_button")
    return int(args[index])


async def presser(update: Update, context: Ctx, session: Session) -> Who:
    """Who pressed: in the session's chat as its member, privately with their role there."""
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        who = await who_in_session(update, context)
        if who is None or who.session is None or who.session.id != session.id:
            raise FlowError("core.not_a_session")
        return who
    found = await member_of(update, context, session)
    if found is None:
        raise FlowError("core.stale_button")
    return found


async def rate(update: Update, context: Ctx, args: list[str]) -> None:
    """A tap on 1 to 5: the presser's rating (another value replaces it)."""
    query = update.callback_query
    assert query is not None
    round_id, value = number(args), number(args, 1)
    _, _, session = await round_by_id(context, round_id, FORMAT)
    who = await presser(update, context, session)
    await act(context, session, cl.Rate(actor=who.user_id, value=value), who.role, kind=KIND,
              round_id=round_id, source=f"cb:{query.id}")
    await query.answer(who.t("closing.rated", value=value))


async def answer_privately(update: Update, context: Ctx, args: list[str]) -> None:
    """The live message's "answer privately": the deep link (the press makes them known)."""
    query = update.callback_query
    assert query is not None
    who = await who_in_session(update, context)
    if who is None or who.session is None:
        raise FlowError("core.not_a_session")
    round_id = number(args)
    await round_by_id(context, round_id, FORMAT)
    await query.answer(url=services(context).deep_link(f"closing_{round_id}"))


def rating_markup(context: Ctx, who: Who, round_id: int) -> InlineKeyboardMarkup:
    signer = services(context).signer
    return InlineKeyboardMarkup([[signer.button(who.user_id, str(value), PRIVATE_RATE,
                                                round_id, value) for value in cl.RATINGS]])


async def start_answering(update: Update, context: Ctx, rest: str) -> None:
    """``/start closing_<round>``: the quotes still to agree to, then the first question."""
    message = update.effective_message
    assert message is not None
    round_id = number([rest])
    _, state, session = await round_by_id(context, round_id, FORMAT)
    who = await presser(update, context, session)
    roles.require(cl.GiveAnswer, who.role)
    await ask_unasked(context, who, session, state)
    cl.check(state, cl.GiveAnswer)
    data: dict[str, Any] = {"round": round_id, "question": 1}
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, DIALOG, data)
    await message.reply_text(prompt(who, state, 1))


async def ask_unasked(context: Ctx, who: Who, session: Session, state: cl.ClosingState) -> None:
    """Ask again about the person's answers by reply whose quoting is still open (the bot
    could not write to them then)."""
    mine = {answer.source for answer in state.answers if answer.author == who.user_id}
    async with services(context).db.transaction() as tx:
        quotes = await docs.quotes_of_session(tx, session.id)
    for quote in quotes:
        if (quote.author_id == who.user_id and quote.consent == "pending"
                and f"{quote.chat_id}:{quote.message_id}" in mine):
            await ask_author(context, quote, session, in_group=False)


def prompt(who: Who, state: cl.ClosingState, question: int) -> str:
    if len(state.questions) == 1:
        return who.t("closing.private_prompt", question=state.questions[0])
    return who.t("closing.private_prompt_numbered", number=question,
                 question=state.questions[question - 1])


async def private_answer(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    """A message in the private chat: an answer to the current question; then the next one,
    or the rating."""
    message = update.effective_message
    assert isinstance(message, Message)
    round_id, question = int(data["round"]), int(data["question"])
    _, state, session = await round_by_id(context, round_id, FORMAT)
    who = await member_of(update, context, session)
    if who is None:
        return
    try:
        event = cl.parse_answer(message.text or "", who.user_id, questions=len(state.questions),
                                question=question, source=source_of(message), sent=message.date)
        step = await take_answer(update, context, who, session, message, event, round_id)
    except FlowError as error:
        if error.key in ENDED:  # a round that ended ends the dialogue too; then refused
            async with services(context).db.transaction() as tx:
                await dialogs.end_dialog(tx, who.user_id, who.user_id)
        raise  # answered where every refusal is (bot.handling.refusing)
    if step is None:
        return  # a repeated update: its answer was stored and asked about before
    state = step.state
    if question < len(state.questions):
        async with services(context).db.transaction() as tx:
            await dialogs.start_dialog(tx, who.user_id, who.user_id, DIALOG,
                                       {**data, "question": question + 1})
        await message.reply_text(who.t("closing.private_noted") + "\n\n"
                                 + prompt(who, state, question + 1))
    elif state.rating and cl.rating_of(state, who.user_id) is None:
        await message.reply_text(who.t("closing.private_noted") + "\n\n"
                                 + who.t("closing.private_rate"),
                                 reply_markup=rating_markup(context, who, round_id))
    else:
        await message.reply_text(who.t("closing.private_noted_last"))


BUTTONS: Buttons = (
    (RATE, rate),
    (PRIVATE_RATE, rate),
    (PRIVATE, answer_privately),
)
STARTS: Starts = (("closing", start_answering),)
DIALOGS: Dialogs = ((DIALOG, private_answer),)
