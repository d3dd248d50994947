"""The council's private dialogues for interests (round 1) and restatements (round 2).

They start from a deep link (``/start coint_<round>`` …) or from a button in the
session, ask one question at a time, and keep their step in SQLite
(``storage.dialogs``), so a restart in the middle loses nothing. The answer is
carried to the flow by ``act``, exactly as a command in the group would be.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update

from bot.core import cancel_markup
from bot.council.common import (
    Council,
    ask_in_private,
    council_dialog,
    council_for,
    interest_event,
    number,
    numbers_in,
    post_rating_prompt,
    reply,
    submit,
)
from bot.council.live import short
from bot.routing import Buttons, Dialogs, Starts
from bot.services import Ctx, services
from flows.base import FlowError
from flows.council import (
    CouncilState,
    EditInterest,
    Interest,
    Restate,
    StateInterest,
    group_of,
    may_edit_interest,
    may_restate,
    member_group,
    open_restatements,
    split_interest,
    split_reason,
)
from flows.council.parse import Said, clean_text

# --- round 1: interests --------------------------------------------------------------------


async def start_interest(update: Update, context: Ctx, rest: str) -> None:
    """``/start coint_<round>``: ask for an interest; the group's interests can be reworked."""
    (round_id,) = numbers_in(rest, 1)
    here = await council_for(update, context, round_id)
    here.admit(StateInterest)
    group = member_group(here.state, here.who.user_id)
    own = [i for i in here.state.interests if i.group == group]
    signer, uid = services(context).signer, here.who.user_id
    rows = [
        [
            signer.button(
                uid,
                here.who.t("council.button_edit", number=i.number, text=short(i.text)),
                "coe",
                round_id,
                i.number,
            )
        ]
        for i in own
    ]
    rows += [list(row) for row in cancel_markup(here.who, context).inline_keyboard]
    text = here.who.t("council.ask_interest", group=here.state.groups[group].name)
    await ask_in_private(
        context, here.who, "council_interest", {"round": round_id}, text, InlineKeyboardMarkup(rows)
    )


async def edit_interest(update: Update, context: Ctx, args: list[str]) -> None:
    """Private: rework one of the group's interests (round 1 only)."""
    round_id, interest = number(args, 0), number(args, 1)
    here = await council_for(update, context, round_id)
    here.admit(EditInterest)
    may_edit_interest(here.state, here.who.user_id, interest)
    assert update.callback_query is not None
    await update.callback_query.answer()
    text = here.who.t("council.ask_interest_edit", number=interest)
    data = {"round": round_id, "edit": interest}
    await ask_in_private(context, here.who, "council_interest", data, text)


@council_dialog
async def interest_answer(
    update: Update, context: Ctx, here: Council, data: dict[str, Any], answer: str
) -> None:
    """The interest (perhaps with "weil …" already), then its reason in a second answer."""
    if "text" in data:
        reason = split_reason(answer)
        await save_interest(update, context, here, data, reason._replace(text=str(data["text"])))
        return
    said = split_interest(answer)
    if said.reason:
        await save_interest(update, context, here, data, said)
        return
    data["text"] = clean_text(said.text, "council.interest_empty")
    question = here.who.t("council.ask_reason", interest=data["text"])
    await ask_in_private(context, here.who, "council_interest", data, question)


async def save_interest(
    update: Update, context: Ctx, here: Council, data: dict[str, Any], said: Said
) -> None:
    await submit(update, context, here, interest_event(here.who.user_id, data, said))
    await reply(update, here.who.t("council.interest_saved", text=said.text,
                                   reason=said.reason_as_said))


# --- round 2: restatements and corrections ----------------------------------------------------


async def start_restate(update: Update, context: Ctx, rest: str) -> None:
    """``/start corst_<round>``: the interests the person's group restates, to choose one."""
    (round_id,) = numbers_in(rest, 1)
    here = await council_for(update, context, round_id)
    group = group_of(here.state, here.who.user_id)
    if group is None:
        raise FlowError("council.join_first")
    open_ones = open_restatements(here.state, group)
    if not open_ones:
        here.admit(Restate)
        raise FlowError("council.nothing_to_restate")
    if len(open_ones) == 1:
        await ask_restatement(context, here, open_ones[0])
        return
    signer, uid = services(context).signer, here.who.user_id
    rows = [
        [signer.button(uid, f"{i.number}. {short(i.text)}", "cop", round_id, i.number)]
        for i in open_ones
    ]
    here.admit(Restate)
    may_restate(here.state, uid, open_ones[0].number)
    text = here.who.t("council.ask_restate_pick", group=here.state.groups[open_ones[0].group].name)
    assert update.effective_message is not None
    await update.effective_message.reply_text(text, reply_markup=InlineKeyboardMarkup(rows))


async def pick_restatement(update: Update, context: Ctx, args: list[str]) -> None:
    """Private: the interest to restate was chosen."""
    here = await council_for(update, context, number(args, 0))
    interest = next((i for i in here.state.interests if i.number == number(args, 1)), None)
    if interest is None:
        raise FlowError("council.unknown_interest", interest=number(args, 1))
    assert update.callback_query is not None
    await update.callback_query.answer()
    await ask_restatement(context, here, interest)


async def ask_restatement(context: Ctx, here: Council, interest: Interest) -> None:
    here.admit(Restate)
    may_restate(here.state, here.who.user_id, interest.number)
    text = here.who.t(
        "council.ask_restate",
        number=interest.number,
        group=here.state.groups[interest.group].name,
        text=interest.text,
        reason=interest.reason_as_said,
    )
    data = {"round": here.round_id, "interest": interest.number}
    await ask_in_private(context, here.who, "council_restate", data, text)


@council_dialog
async def restate_answer(
    update: Update, context: Ctx, here: Council, data: dict[str, Any], text: str
) -> None:
    event = Restate(actor=here.who.user_id, interest=int(data["interest"]), text=text)
    step = await submit(update, context, here, event)
    await reply(update, here.who.t("council.restatement_saved"))
    state: CouncilState = step.state
    await post_rating_prompt(context, here, state, event.interest)


BUTTONS: Buttons = (
    ("coe", edit_interest),
    ("cop", pick_restatement),
)
STARTS: Starts = (
    ("coint", start_interest),
    ("corst", start_restate),
)
DIALOGS: Dialogs = (
    ("council_interest", interest_answer),
    ("council_restate", restate_answer),
)
