"""Asking for the words behind a move: an interest's reason, corrections, concerns, objections.

An interest stated in the group without "weil", "denn" or "because" gets its
reason in a second step: the bot asks privately, or, for someone who never
opened the private chat, by a question in the group that they answer by
replying to it (the question goes once the reason is in). A rating of "partly"
or "not understood" invites a correction; a concern or an objection needs its
reason. The bot asks privately right after the tap in the session, or, for
someone who never opened a private chat, through the deep link the tap
answered with (``/start cocor_…``, ``/start coreason_…``).
"""

from __future__ import annotations

from typing import Any

from telegram import ForceReply, Message, Update

from bot.council.common import (
    KIND,
    RETRY_KEYS,
    Council,
    ask_in_private,
    council_dialog,
    council_for,
    interest_event,
    numbers_in,
    reply,
    submit,
)
from bot.council.live import RATING_CODES, STANCE_CODES
from bot.handling import ReplyToMarked, replied, session_command, source_of
from bot.messaging import acknowledge, safe_delete
from bot.rounds import act
from bot.routing import Dialogs, Starts
from bot.services import Ctx, Who, services
from flows.base import FlowError
from flows.council import (
    RateRestatement,
    StanceKind,
    StateInterest,
    TakeStance,
    may_rate,
    may_take_stance,
    member_group,
    split_reason,
)
from flows.council.parse import clean_text
from storage import dialogs

ASKED_WHY = {"c": StanceKind.CONCERNS, "o": StanceKind.OBJECT}
"""The stances that need words, by the code their button carries."""
MARK = "🏛"
"""The council's messages in the session start with this, its question for a reason too."""
WHY_HERE = "council_why"
"""The dialogue of a reason asked for in the group, answered by replying to the question."""


# --- round 1: an interest's reason, in a second step ---------------------------------------


async def ask_interest_reason(
    context: Ctx, here: Council, message: Message, text: str, source: str
) -> None:
    """``/interest`` without a reason: ask for it privately, else by a question in the group.

    The interest waits in the dialogue with its message as source; nothing is stored
    until the reason is in, and a move the person may not make is refused before asking.
    """
    who = here.who
    here.admit(StateInterest)
    member_group(here.state, who.user_id)
    data = {"round": here.round_id, "text": clean_text(text, "council.interest_empty"),
            "source": source}
    question = who.t("council.ask_reason", interest=data["text"])
    if await ask_in_private(context, who, "council_interest", data, question):
        return
    prompt = await message.reply_text(who.t("council.ask_reason_here", interest=data["text"]),
                                      reply_markup=ForceReply(selective=True))
    data["prompt"] = prompt.message_id
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, message.chat_id, WHY_HERE, data,
                                   thread_id=here.session.thread_id)


@session_command
async def reason_reply(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """A reply in the group to the bot's question for an interest's reason (others: nothing)."""
    assert who.session is not None
    answered, thread = replied(message), who.session.thread_id
    db = services(context).db
    async with db.transaction() as tx:
        found = await dialogs.get_dialog(tx, who.user_id, message.chat_id, thread_id=thread)
    if (found is None or found[0] != WHY_HERE or answered is None
            or found[1].get("prompt") != answered.message_id):
        return
    data = found[1]
    here = await council_for(update, context, int(data["round"]))
    said = split_reason(message.text or "")._replace(text=str(data["text"]))
    try:
        await act(context, here.session, interest_event(who.user_id, data, said), here.who.role,
                  kind=KIND, round_id=here.round_id, source=source_of(message))
    except FlowError as error:  # a reason the person can fix keeps the question open
        if error.key not in RETRY_KEYS:
            async with db.transaction() as tx:
                await dialogs.end_dialog(tx, who.user_id, message.chat_id, thread_id=thread)
        raise
    async with db.transaction() as tx:
        await dialogs.end_dialog(tx, who.user_id, message.chat_id, thread_id=thread)
    await acknowledge(update, context, who.t)
    await safe_delete(context, message.chat_id, answered.message_id)


async def drop_question(context: Ctx, who: Who, source: str) -> None:
    """The reason for the interest of message ``source`` came another way (by editing that
    message): the question asked for it, privately or in the group, is no longer open."""
    assert who.session is not None
    chat, thread = who.session.chat_id, who.session.thread_id
    async with services(context).db.transaction() as tx:
        here = await dialogs.get_dialog(tx, who.user_id, chat, thread_id=thread)
        private = await dialogs.get_dialog(tx, who.user_id, who.user_id)
        if here is not None and here[0] == WHY_HERE and here[1].get("source") == source:
            await dialogs.end_dialog(tx, who.user_id, chat, thread_id=thread)
        else:
            here = None
        if private is not None and private[0] == "council_interest" and (
                private[1].get("source") == source):
            await dialogs.end_dialog(tx, who.user_id, who.user_id)
    if here is not None and isinstance(here[1].get("prompt"), int):
        await safe_delete(context, chat, here[1]["prompt"])


REPLY_TO_COUNCIL = ReplyToMarked(MARK, "ReplyToCouncil")
"""A reply to one of the bot's council messages (they start with the council's mark)."""


# --- round 2: corrections ------------------------------------------------------------------


async def start_correction(update: Update, context: Ctx, rest: str) -> None:
    """``/start cocor_<round>_<interest>``: the correction to a rating given in the session."""
    round_id, interest = numbers_in(rest, 2)
    here = await council_for(update, context, round_id)
    rated = next((r for r in here.state.restatements if r.interest == interest), None)
    if rated is None or rated.rating is None:
        raise FlowError("council.no_restatement")
    here.admit(RateRestatement)
    may_rate(here.state, here.who.user_id, interest)
    code = next(c for c, r in RATING_CODES.items() if r is rated.rating)
    text = here.who.t(
        "council.ask_correction",
        interest=interest,
        rating=here.who.t(f"council.rating_{rated.rating.value}"),
    )
    data = {"round": round_id, "interest": interest, "rating": code}
    await ask_in_private(context, here.who, "council_correct", data, text)


@council_dialog
async def correction_answer(
    update: Update, context: Ctx, here: Council, data: dict[str, Any], text: str
) -> None:
    event = RateRestatement(
        actor=here.who.user_id,
        interest=int(data["interest"]),
        rating=RATING_CODES[str(data["rating"])],
        correction=text,
    )
    await submit(update, context, here, event)
    await reply(update, here.who.t("council.correction_saved"))


# --- round 4: concerns and objections ----------------------------------------------------------


async def start_reason(update: Update, context: Ctx, rest: str) -> None:
    """``/start coreason_<round>_<proposal>_<version>_<c|o>``: why the concern or objection."""
    round_id, proposal, version = numbers_in(rest, 3)
    code = rest.split("_")[-1]
    kind = ASKED_WHY.get(code)
    if kind is None:
        raise FlowError("core.stale_button")
    here = await council_for(update, context, round_id)
    here.admit(TakeStance)
    may_take_stance(here.state, here.who.user_id, proposal, version)
    made = next(p for p in here.state.proposals if p.number == proposal)
    key = "council.ask_objection" if code == "o" else "council.ask_concern"
    text = here.who.t(key, proposal=proposal, text=made.current.text)
    data = {"round": round_id, "proposal": proposal, "version": version, "kind": code}
    await ask_in_private(context, here.who, "council_reason", data, text)


@council_dialog
async def reason_answer(
    update: Update, context: Ctx, here: Council, data: dict[str, Any], text: str
) -> None:
    event = TakeStance(
        actor=here.who.user_id,
        proposal=int(data["proposal"]),
        kind=STANCE_CODES[str(data["kind"])],
        reason=text,
        version=int(data["version"]),
    )
    await submit(update, context, here, event)
    await reply(update, here.who.t("council.stance_saved"))


STARTS: Starts = (
    ("cocor", start_correction),
    ("coreason", start_reason),
)
DIALOGS: Dialogs = (
    ("council_correct", correction_answer),
    ("council_reason", reason_answer),
)
