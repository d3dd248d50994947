"""The dot-vote: ``/vote 3 [max 1] [10m]``, buttons in the group, and a private ballot.

``/vote`` posts the board again as the vote message, with a button per
option; a tap places one dot, ``↩`` takes back one's latest dot, so dots can
be moved until the vote closes. The private ballot (reached through a deep
link from the vote message) shows one's own dots with a ``−`` per option.
Every press carries its callback id as the source: Telegram delivering the
same press twice changes nothing. The flow refuses late votes, dots beyond
the budget or the cap, and double taps.
"""

from __future__ import annotations

from math import ceil

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.handling import private_who
from bot.messaging import clip, refuse
from bot.pinboard.common import KIND, board_by_id, board_member, in_session, open_board, round_arg
from bot.pinboard.render import (
    LABEL_WIDTH,
    MAX_VOTE_BUTTONS,
    header,
    labelled_options,
    option_title,
    short,
    vote_rules,
)
from bot.rounds import act
from bot.routing import ROUTER
from bot.services import Ctx, Who, services, who_in_session
from flows import pinboard, roles
from flows.base import FlowError
from flows.pinboard import (
    PinboardState,
    ShowTallies,
    Unvote,
    Vote,
    dots_left,
    dots_of,
    parse_vote,
)
from storage.records import Session


@in_session
async def vote_command(
    update: Update, context: Ctx, who: Who, session: Session, message: Message
) -> None:
    """Start the dot-vote: the live message gets the vote's buttons, a notice tells the room."""
    event = parse_vote(message.text or "", who.user_id)
    record, _ = await open_board(context, session.id)
    await act(context, session, event, who.role, kind=KIND, round_id=record.id)


async def presser(update: Update, context: Ctx) -> tuple[Who, Session]:
    who = await who_in_session(update, context)
    if who is None or who.session is None:
        raise FlowError("core.not_a_session")
    return who, who.session


def option_arg(args: list[str]) -> str:
    """The option a vote button names; the flow refuses one that does not exist."""
    return args[1] if len(args) > 1 else ""


def label_of(state: PinboardState, option: str) -> str:
    """"2.1 Kosten": the option's label and a short title, for the answer to a press."""
    return next((f"{label} {short(option_title(o), LABEL_WIDTH)}"
                 for label, o in labelled_options(state) if o.key == option), option)


async def place_dot(update: Update, context: Ctx, who: Who, session: Session,
                    round_id: int, option: str) -> PinboardState:
    query = update.callback_query
    assert query is not None
    source = f"cb:{query.id}"
    step = await act(context, session, Vote(actor=who.user_id, option=option, source=source),
                     who.role, kind=KIND, round_id=round_id, source=source)
    state: PinboardState = step.state
    await query.answer(who.t("pinboard.dot_placed", label=label_of(state, option),
                             left=dots_left(state, who.user_id)))
    return state


async def take_back(update: Update, context: Ctx, who: Who, session: Session,
                    round_id: int, option: str) -> PinboardState:
    query = update.callback_query
    assert query is not None
    step = await act(context, session, Unvote(actor=who.user_id, option=option), who.role,
                     kind=KIND, round_id=round_id, source=f"cb:{query.id}")
    state: PinboardState = step.state
    await query.answer(who.t("pinboard.dot_taken", label=label_of(state, option),
                             left=dots_left(state, who.user_id)))
    return state


@ROUTER.button("pbv")
async def vote_button(update: Update, context: Ctx, args: list[str]) -> None:
    """A dot on the option of this button, from the vote message in the group."""
    who, session = await presser(update, context)
    await place_dot(update, context, who, session, round_arg(args), option_arg(args))


@ROUTER.button("pbu")
async def unvote_button(update: Update, context: Ctx, args: list[str]) -> None:
    """Take back the presser's latest dot, to place it elsewhere."""
    who, session = await presser(update, context)
    round_id = round_arg(args)
    _, state, _ = await board_by_id(context, round_id)
    option = pinboard.latest_dot(state, who.user_id)
    await take_back(update, context, who, session, round_id, option)


@ROUTER.button("pbtal")
async def show_tallies(update: Update, context: Ctx, args: list[str]) -> None:
    """The facilitator shows the tallies before the close."""
    who, session = await presser(update, context)
    query = update.callback_query
    assert query is not None
    await act(context, session, ShowTallies(actor=who.user_id), who.role, kind=KIND,
              round_id=round_arg(args))
    await query.answer()


@ROUTER.button("pbvp")
async def vote_privately(update: Update, context: Ctx, args: list[str]) -> None:
    """Open the private ballot (the press also makes the presser known in the session)."""
    await presser(update, context)
    query = update.callback_query
    assert query is not None
    round_id = round_arg(args)
    await query.answer(url=services(context).deep_link(f"pinvote_{round_id}"))


# --- the private ballot ---------------------------------------------------------------------


BALLOT_PAGE = MAX_VOTE_BUTTONS // 3
"""Options on one page of the private ballot (two buttons each, within Telegram's keyboard)."""


def ballot(context: Ctx, who: Who, round_id: int, state: PinboardState,
           page: int = 0) -> tuple[str, InlineKeyboardMarkup]:
    """One person's own dots, with a button to add and one to take back per option.

    A board with many options is shown in pages, so every option can be voted on.
    """
    mine = dots_of(state, who.user_id)
    signer = services(context).signer
    options = labelled_options(state)
    pages = max(1, ceil(len(options) / BALLOT_PAGE))
    page = min(max(page, 0), pages - 1)
    lines = [header(state, who.t), vote_rules(state, who.t),
             who.t("pinboard.dots_left", left=dots_left(state, who.user_id))]
    rows: list[list[InlineKeyboardButton]] = []
    for label, option in options[page * BALLOT_PAGE:(page + 1) * BALLOT_PAGE]:
        dots = mine.get(option.key, 0)
        title = f"{label} {short(option_title(option), LABEL_WIDTH)}" + (" " + "●" * dots)
        lines.append(f"  {label} {short(option_title(option), 200)}"
                     + (f" · ●{dots}" if dots else ""))
        row = [signer.button(who.user_id, title.rstrip(), "pbpv", round_id, option.key, page)]
        if dots:
            row.append(signer.button(who.user_id, "−", "pbpu", round_id, option.key, page))
        rows.append(row)
    if pages > 1:
        turn = [signer.button(who.user_id, f"◀ {page}/{pages}", "pbpg", round_id, page - 1)
                ] if page > 0 else []
        if page < pages - 1:
            turn.append(signer.button(who.user_id, f"{page + 2}/{pages} ▶", "pbpg", round_id,
                                      page + 1))
        rows.append(turn)
    return clip("\n".join(lines)), InlineKeyboardMarkup(rows)


def page_arg(args: list[str]) -> int:
    """The ballot page a button was on (buttons from before pages existed: the first)."""
    return int(args[2]) if len(args) > 2 and args[2].isdecimal() else 0


async def private_voter(update: Update, context: Ctx,
                        round_id: int) -> tuple[Who, Session, PinboardState]:
    """The person as a member of the board's session; outsiders may look but not vote."""
    who, session, state = await board_member(update, context, round_id)
    pinboard.check(state, Vote)
    return who, session, state


@ROUTER.start("pinvote")
async def open_ballot(update: Update, context: Ctx, rest: str) -> None:
    """``/start pinvote_<round>``: the private ballot."""
    message = update.effective_message
    assert message is not None
    try:
        round_id = round_arg([rest])
        who, _, state = await private_voter(update, context, round_id)
        roles.require(Vote, who.role)
    except FlowError as error:
        await refuse_private(update, context, error)
        return
    text, markup = ballot(context, who, round_id, state)
    await message.reply_text(text, reply_markup=markup)


async def refuse_private(update: Update, context: Ctx, error: FlowError) -> None:
    """A refusal in a private chat where no session tells the person's role."""
    who = await private_who(update, context)
    if who is not None:
        await refuse(update, context, who.t, error)


@ROUTER.button("pbpv")
async def ballot_vote(update: Update, context: Ctx, args: list[str]) -> None:
    """A dot from the private ballot; the ballot shows the new count."""
    round_id = round_arg(args)
    who, session, _ = await private_voter(update, context, round_id)
    state = await place_dot(update, context, who, session, round_id, option_arg(args))
    await refresh_ballot(update, context, who, round_id, state, page_arg(args))


@ROUTER.button("pbpu")
async def ballot_unvote(update: Update, context: Ctx, args: list[str]) -> None:
    """Take one dot back on the private ballot."""
    round_id = round_arg(args)
    who, session, _ = await private_voter(update, context, round_id)
    state = await take_back(update, context, who, session, round_id, option_arg(args))
    await refresh_ballot(update, context, who, round_id, state, page_arg(args))


@ROUTER.button("pbpg")
async def ballot_page(update: Update, context: Ctx, args: list[str]) -> None:
    """Turn the private ballot to another page of options."""
    round_id = round_arg(args)
    who, _, state = await private_voter(update, context, round_id)
    assert update.callback_query is not None
    await update.callback_query.answer()
    await refresh_ballot(update, context, who, round_id, state, round_arg(args, 1))


async def refresh_ballot(update: Update, context: Ctx, who: Who, round_id: int,
                         state: PinboardState, page: int = 0) -> None:
    query = update.callback_query
    assert query is not None
    text, markup = ballot(context, who, round_id, state, page)
    await query.edit_message_text(text, reply_markup=markup)
