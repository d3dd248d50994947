"""Asking privately: ``/start qask_<round>`` opens a dialogue where every message is a question.

The live message's button answers with the deep link, so the press also makes
the person known in the session. If the facilitator allowed it, a button makes
the person's private questions anonymous (and named again). A question counts
by when it was sent, as in the group; one the inbox hands over again after a
crash that was stored already gets its answer again.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.handling import member_of, source_of
from bot.once import replayed
from bot.questions.buttons import asker, number
from bot.questions.commands import FORMAT, add_question
from bot.rounds import round_by_id
from bot.routing import Buttons, Dialogs, Starts
from bot.services import Ctx, Who, services
from flows import questions as qs
from flows import roles
from flows.base import FlowError
from storage import dialogs

DIALOG = "qask"
ENDED = frozenset({"questions.not_now", "questions.none_open", "core.round_closed"})
"""Refusals after which the private dialogue has nothing more to take."""


async def asking(update: Update, context: Ctx, round_id: int) -> tuple[Who, qs.QuestionsState]:
    """The person as a member of the round's session, while it takes questions."""
    who, _, state = await asker(update, context, round_id)
    roles.require(qs.AskQuestion, who.role)
    qs.check(state, qs.AskQuestion)
    return who, state


def prompt(context: Ctx, who: Who, state: qs.QuestionsState,
           data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup]:
    """What to write, with the anonymity switch if the round allows it."""
    signer = services(context).signer
    rows: list[list[InlineKeyboardButton]] = []
    if state.anonymity_allowed:
        key = ("questions.private_anonymous_on" if data.get("anonymous")
               else "questions.private_anonymous_off")
        rows.append([signer.button(who.user_id, who.t(key), "qanon", data["round"])])
    rows.append([signer.button(who.user_id, who.t("core.cancel"), "cancel")])
    return who.t("questions.private_prompt", title=state.title), InlineKeyboardMarkup(rows)


async def remember(context: Ctx, who: Who, data: dict[str, Any]) -> None:
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, DIALOG, data)


async def start_asking(update: Update, context: Ctx, rest: str) -> None:
    """``/start qask_<round>``: from now on each message is a question."""
    message = update.effective_message
    assert message is not None
    round_id = number([rest])
    who, state = await asking(update, context, round_id)
    data: dict[str, Any] = {"round": round_id, "anonymous": False}
    await remember(context, who, data)
    text, markup = prompt(context, who, state, data)
    await message.reply_text(text, reply_markup=markup)


async def toggle_anonymous(update: Update, context: Ctx, args: list[str]) -> None:
    """Private questions from now on anonymous, or named again."""
    query = update.callback_query
    assert query is not None
    round_id = number(args)
    who, state = await asking(update, context, round_id)
    async with services(context).db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, who.user_id)
    if found is None or found[0] != DIALOG or found[1].get("round") != round_id:
        raise FlowError("core.stale_button")
    data = {**found[1], "anonymous": not found[1].get("anonymous") and state.anonymity_allowed}
    await remember(context, who, data)
    await query.answer()
    text, markup = prompt(context, who, state, data)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def private_question(update: Update, context: Ctx, data: dict[str, Any]) -> None:
    """A message in the private chat: a question to the round (anonymous if switched on)."""
    message = update.effective_message
    assert message is not None
    round_id = int(data["round"])
    _, _, session = await round_by_id(context, round_id, FORMAT)
    who = await member_of(update, context, session)
    if who is None:
        return
    source = source_of(message)
    try:
        event = qs.parse_ask(message.text or "", who.user_id, source=source, sent=message.date,
                             anonymous=bool(data.get("anonymous")))
        step = await add_question(context, who, session, event, source, round_id)
    except FlowError as error:
        if error.key == "duplicate" and replayed(update):
            # Stored before a crash that took its answer with it: the answer, once more.
            _, state, _ = await round_by_id(context, round_id, FORMAT)
            await tell_noted(message, who, state, source)
            return
        if error.key in ENDED:  # a round that ended ends the dialogue too; then refused
            async with services(context).db.transaction() as tx:
                await dialogs.end_dialog(tx, who.user_id, who.user_id)
        raise  # answered where every refusal is (bot.handling.refusing)
    await tell_noted(message, who, step.state, source)


async def tell_noted(message: Message, who: Who, state: qs.QuestionsState, source: str) -> None:
    """The private answer to a question: its number, and whether it is anonymous."""
    question = qs.asked_from(state, source)
    if question is None:
        return
    key = "questions.private_noted_anonymous" if question.anonymous else "questions.private_noted"
    await message.reply_text(who.t(key, number=question.number))


BUTTONS: Buttons = (("qanon", toggle_anonymous),)
STARTS: Starts = (("qask", start_asking),)
DIALOGS: Dialogs = ((DIALOG, private_question),)
