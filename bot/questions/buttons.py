"""The buttons of questions from the floor: votes on the live message, the private list.

A 👍 on the live message toggles the presser's vote (the message is the same
for everyone); on the private list each button knows whether the person voted
already, so a double tap does not undo the first. Every press carries its
callback id as the source: Telegram delivering it twice changes nothing.
Facilitators mark answered, hide and merge from the same list. The buttons
"ask privately" and "all questions" answer with a deep link, so the press
also makes the person known in the session.
"""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.handling import member_of, pressed_in_session
from bot.questions.commands import FORMAT
from bot.questions.view import (
    ALL,
    ASK,
    KIND,
    LIST_ANSWERED,
    LIST_HIDE,
    LIST_INTO,
    LIST_MERGE,
    LIST_PAGE,
    LIST_VOTE,
    VOTE,
    merge_choice,
    private_list,
)
from bot.rounds import act, round_by_id
from bot.routing import ButtonFn, Buttons, Starts
from bot.services import Ctx, Who, services
from flows import questions as qs
from flows import roles
from flows.base import Event, FlowError
from storage import people
from storage.records import Session


def number(args: list[str], index: int = 0) -> int:
    """A number the bot packed into a button; anything else is a stale or forged button."""
    if len(args) <= index or not args[index].isdecimal():
        raise FlowError("core.stale_button")
    return int(args[index])


async def asker(update: Update, context: Ctx, round_id: int
                ) -> tuple[Who, Session, qs.QuestionsState]:
    """The person pressing (or following a link) as a member of the round's session."""
    _, state, session = await round_by_id(context, round_id, FORMAT)
    who = await member_of(update, context, session)
    if who is None:
        raise FlowError("core.stale_button")
    return who, session, state


# --- the live message -----------------------------------------------------------------------


async def vote_on_live(update: Update, context: Ctx, args: list[str]) -> None:
    """👍 on the live message: the presser's vote for that question, or its withdrawal."""
    query, who, session = await pressed_in_session(update, context)
    wanted = number(args, 1)
    event = qs.Upvote(actor=who.user_id, number=wanted)
    step = await act(context, session, event, who.role, kind=KIND, round_id=number(args),
                     source=f"cb:{query.id}")
    await query.answer(said_of_vote(who, step.state, wanted))


def said_of_vote(who: Who, state: qs.QuestionsState, wanted: int) -> str:
    question = qs.final(state, wanted)
    voted = who.user_id in question.voters
    key = "questions.vote_counted" if voted else "questions.vote_taken_back"
    return who.t(key, number=question.number, votes=question.votes)


async def link(update: Update, context: Ctx, args: list[str], prefix: str) -> None:
    """Answer the press with a deep link into the private chat (it makes the presser known)."""
    query, _, _ = await pressed_in_session(update, context)
    round_id = number(args)
    _, state, _ = await round_by_id(context, round_id, FORMAT)
    if prefix == "qask":
        qs.check(state, qs.AskQuestion)
    await query.answer(url=services(context).deep_link(f"{prefix}_{round_id}"))


async def ask_privately(update: Update, context: Ctx, args: list[str]) -> None:
    await link(update, context, args, "qask")


async def all_questions(update: Update, context: Ctx, args: list[str]) -> None:
    await link(update, context, args, "qlist")


# --- the private list -----------------------------------------------------------------------


async def names_in(context: Ctx, state: qs.QuestionsState) -> dict[int, str]:
    async with services(context).db.read() as tx:
        persons = await people.people_by_id(tx, sorted(FORMAT.people_in(state)))
    return {uid: person.name for uid, person in persons.items()}


async def list_of(context: Ctx, who: Who, round_id: int, state: qs.QuestionsState,
                  page: int = 0) -> tuple[str, InlineKeyboardMarkup]:
    steer = who.role in roles.STEER and qs.legal(state, qs.MarkAnswered)
    return private_list(state, who.t, await names_in(context, state), services(context).signer,
                        who.user_id, round_id, steer=steer, page=page)


async def open_list(update: Update, context: Ctx, rest: str) -> None:
    """``/start qlist_<round>``: every question, to vote on (and, for facilitators, steer)."""
    message = update.effective_message
    assert message is not None
    round_id = number([rest])
    who, _, state = await asker(update, context, round_id)
    roles.require(qs.Upvote, who.role)
    text, markup = await list_of(context, who, round_id, state)
    await message.reply_text(text, reply_markup=markup)


async def show_page(update: Update, context: Ctx, who: Who, round_id: int,
                    state: qs.QuestionsState, page: int) -> None:
    """The list as it is now, in place of the one pressed."""
    query = update.callback_query
    assert query is not None
    text, markup = await list_of(context, who, round_id, state, page)
    if isinstance(query.message, Message):
        try:
            await query.message.edit_text(text, reply_markup=markup)
        except BadRequest as error:
            if "not modified" not in error.message:
                raise


async def on_list(update: Update, context: Ctx, args: list[str],
                  event_of: Callable[[int], Event], page: int) -> tuple[Who, qs.QuestionsState]:
    """Apply a press on the private list to its round as the presser, then show the list
    again."""
    query = update.callback_query
    assert query is not None
    round_id = number(args)
    who, session, _ = await asker(update, context, round_id)
    step = await act(context, session, event_of(who.user_id), who.role, kind=KIND,
                     round_id=round_id, source=f"cb:{query.id}")
    state: qs.QuestionsState = step.state
    await show_page(update, context, who, round_id, state, page)
    return who, state


async def vote_on_list(update: Update, context: Ctx, args: list[str]) -> None:
    """👍 or "take back" on the private list: the button knew the person's vote."""
    query = update.callback_query
    assert query is not None
    wanted, vote = number(args, 1), number(args, 2) == 1
    who, state = await on_list(
        update, context, args, lambda actor: qs.Upvote(actor=actor, number=wanted, vote=vote),
        number(args, 3))
    await query.answer(said_of_vote(who, state, wanted))


def flag_on_list(flag: Callable[[int, int, bool], Event]) -> ButtonFn:
    """A facilitator's tap on the private list that sets or clears a flag of a question
    (answered, hidden): the button carries the number and the value wanted."""
    async def tapped(update: Update, context: Ctx, args: list[str]) -> None:
        assert update.callback_query is not None
        wanted, value = number(args, 1), number(args, 2) == 1
        await on_list(update, context, args, lambda actor: flag(actor, wanted, value),
                      number(args, 3))
        await update.callback_query.answer()

    return tapped


answered_on_list = flag_on_list(
    lambda actor, wanted, value: qs.MarkAnswered(actor=actor, number=wanted, answered=value))
hide_on_list = flag_on_list(
    lambda actor, wanted, value: qs.HideQuestion(actor=actor, number=wanted, hidden=value))


async def merge_from_list(update: Update, context: Ctx, args: list[str]) -> None:
    """⇄ on a question: which question does this duplicate join?"""
    query = update.callback_query
    assert query is not None
    round_id = number(args)
    who, _, state = await asker(update, context, round_id)
    roles.require(qs.MergeQuestions, who.role)
    qs.check(state, qs.MergeQuestions)
    text, markup = merge_choice(state, who.t, services(context).signer, who.user_id, round_id,
                                number(args, 1), number(args, 2))
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def merge_into(update: Update, context: Ctx, args: list[str]) -> None:
    assert update.callback_query is not None
    duplicate, into = number(args, 1), number(args, 2)
    await on_list(update, context, args,
                  lambda actor: qs.MergeQuestions(actor=actor, number=duplicate, into=into), 0)
    await update.callback_query.answer()


async def turn_page(update: Update, context: Ctx, args: list[str]) -> None:
    assert update.callback_query is not None
    round_id = number(args)
    who, _, state = await asker(update, context, round_id)
    await update.callback_query.answer()
    await show_page(update, context, who, round_id, state, number(args, 1))


BUTTONS: Buttons = (
    (VOTE, vote_on_live),
    (ASK, ask_privately),
    (ALL, all_questions),
    (LIST_VOTE, vote_on_list),
    (LIST_ANSWERED, answered_on_list),
    (LIST_HIDE, hide_on_list),
    (LIST_MERGE, merge_from_list),
    (LIST_INTO, merge_into),
    (LIST_PAGE, turn_page),
)
STARTS: Starts = (
    ("qlist", open_list),
)
