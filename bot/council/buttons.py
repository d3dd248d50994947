"""The council's buttons in the session: choose a group, rate a restatement, mark, take a stance.

Every press arrives signed (``bot.routing``) with the round id first. A press
counts once (its callback id is the source), a stale one is refused by
``act`` or the flow. Concerns, objections and corrections need words, so the
bot asks for them privately; for someone who never opened a private chat, the
press answers with a link that opens it (``/start co…``).
"""

from __future__ import annotations

from telegram import CallbackQuery, Update

from bot.council.common import KIND, Council, ask_in_private, council_for, number
from bot.council.live import RATING_CODES, STANCE_CODES, mark_keyboard
from bot.rounds import act
from bot.routing import Buttons
from bot.services import Ctx, Who, services, who_in_session
from flows.base import Event, FlowError, Step
from flows.council import (
    CouncilState,
    JoinGroup,
    MarkInterest,
    RateRestatement,
    Rating,
    StanceKind,
    TakeStance,
    may_take_stance,
)
from flows.council.tables import find_proposal


async def press(
    update: Update, context: Ctx, round_id: int, event: Event
) -> tuple[Who, Step[CouncilState]]:
    """Act on the round a button belongs to, once per press."""
    query = update.callback_query
    who = await who_in_session(update, context)
    if query is None or who is None or who.session is None:
        raise FlowError("core.not_a_session")
    step = await act(
        context,
        who.session,
        event,
        who.role,
        kind=KIND,
        round_id=round_id,
        source=f"cb:{query.id}",
    )
    return who, step


def query_of(update: Update) -> CallbackQuery:
    assert update.callback_query is not None
    return update.callback_query


async def join_group(update: Update, context: Ctx, args: list[str]) -> None:
    """A person chooses their group on the live message."""
    user = update.effective_user
    assert user is not None
    group = number(args, 1)
    who, step = await press(update, context, number(args, 0), JoinGroup(actor=user.id, group=group))
    await query_of(update).answer(who.t("council.joined", group=step.state.groups[group].name))


async def rate_restatement(update: Update, context: Ctx, args: list[str]) -> None:
    """The original group rates a restatement; a partial or failed one invites a correction."""
    user = update.effective_user
    rating = RATING_CODES.get(args[2]) if len(args) > 2 else None
    if user is None or rating is None:
        raise FlowError("core.stale_button")
    round_id, interest = number(args, 0), number(args, 1)
    event = RateRestatement(actor=user.id, interest=interest, rating=rating)
    who, _ = await press(update, context, round_id, event)
    query = query_of(update)
    if rating is Rating.UNDERSTOOD:
        await query.answer(who.t("council.rated"))
        return
    text = who.t(
        "council.ask_correction", interest=interest, rating=who.t(f"council.rating_{rating.value}")
    )
    data = {"round": round_id, "interest": interest, "rating": args[2]}
    if await ask_in_private(context, who, "council_correct", data, text):
        await query.answer(who.t("council.rated_asked"))
    else:
        await query.answer(url=services(context).deep_link(f"cocor_{round_id}_{interest}"))


async def mark_interest(update: Update, context: Ctx, args: list[str]) -> None:
    """The proposal's author ticks (or unticks) an interest it addresses."""
    user = update.effective_user
    assert user is not None
    round_id, proposal = number(args, 0), number(args, 1)
    event = MarkInterest(
        actor=user.id, proposal=proposal, interest=number(args, 2), addressed=number(args, 3) == 1
    )
    who, step = await press(update, context, round_id, event)
    query = query_of(update)
    made = find_proposal(step.state, proposal)
    if made is not None and query.message is not None:
        markup = mark_keyboard(
            step.state, made, services(context).signer, query.message.chat.id, round_id
        )
        await query.edit_message_reply_markup(markup)
    await query.answer(who.t("council.marked"))


async def take_stance(update: Update, context: Ctx, args: list[str]) -> None:
    """Agree at once; for concerns or an objection, ask privately for the reason first."""
    user = update.effective_user
    kind = STANCE_CODES.get(args[3]) if len(args) > 3 else None
    if user is None or kind is None:
        raise FlowError("core.stale_button")
    round_id, proposal, version = number(args, 0), number(args, 1), number(args, 2)
    if kind is StanceKind.AGREE:
        event = TakeStance(actor=user.id, proposal=proposal, kind=kind, version=version)
        who, _ = await press(update, context, round_id, event)
        await query_of(update).answer(who.t("council.stance_saved"))
        return
    here = await council_for(update, context, round_id)
    here.admit(TakeStance)
    may_take_stance(here.state, user.id, proposal, version)
    await ask_for_reason(update, context, here, proposal, args[3])


async def ask_for_reason(
    update: Update, context: Ctx, here: Council, proposal: int, code: str
) -> None:
    """Ask privately why (concern or objection); without a private chat, link to one."""
    who, query = here.who, query_of(update)
    made = find_proposal(here.state, proposal)
    assert made is not None
    version = made.current.version
    key = (
        "council.ask_concern"
        if STANCE_CODES[code] is StanceKind.CONCERNS
        else ("council.ask_objection")
    )
    text = who.t(key, proposal=proposal, text=made.current.text)
    data = {"round": here.round_id, "proposal": proposal, "version": version, "kind": code}
    if await ask_in_private(context, who, "council_reason", data, text):
        await query.answer(who.t("council.asked_privately"))
        return
    link = f"coreason_{here.round_id}_{proposal}_{version}_{code}"
    await query.answer(url=services(context).deep_link(link))


BUTTONS: Buttons = (
    ("coj", join_group),
    ("cor", rate_restatement),
    ("com", mark_interest),
    ("cos", take_stance),
)
