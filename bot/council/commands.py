"""The development council (Kommunaler Entwicklungsbeirat) in Telegram: commands and the format.

Rules live in ``flows/council/``; this module reads commands, asks the flow's
parsers for events and hands them to ``act``. In groups under privacy mode the
bot sees only commands and presses, so everything has a command or a button:
people choose their group with buttons on the live message, state interests
with ``/interest … weil …`` (or ``denn``, ``because``; without a reason the bot
asks for it, ``bot/council/reasons.py``; editing the message edits the interest), restate
with ``/restate`` or privately, rate and take stances with buttons, and write
concerns, objections and corrections in a private dialogue
(``bot/council/private.py``). ``/round back`` goes back one round.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.core import appointee
from bot.council.common import KIND, open_council, post_rating_prompt, source_of
from bot.council.live import mark_keyboard, render, result_text
from bot.council.reasons import (
    REPLY_TO_COUNCIL,
    ask_interest_reason,
    drop_question,
    reason_reply,
)
from bot.handling import NOT_TEXT, private_who, session_command, text_expected
from bot.messaging import acknowledge
from bot.rounds import Format, LiveView, act, open_round
from bot.services import Ctx, Who, services
from flows.base import Announce, Event, FlowError, Step, has_visible_text
from flows.council import (
    AssignGroup,
    Close,
    CouncilState,
    EditInterest,
    Extend,
    NameSpeaker,
    Phase,
    apply,
    forget,
    group_of,
    interest_from,
    parse_amend,
    parse_group,
    parse_interest,
    parse_open,
    parse_proposal,
    parse_restate,
    parse_round_command,
    split_interest,
)
from flows.council.parse import strip_command

__all__ = ["FORMAT", "handlers"]


class CouncilFormat(Format[CouncilState]):
    """The council as a round of the bot: its flow, its live message, its handlers."""

    kind = KIND
    state_type = CouncilState
    quiet = frozenset({"council.opened"})
    """The opening is in the live message; the facilitator is told."""
    notices = frozenset({
        "council.round_restate", "council.round_proposals", "council.round_stances",
        "council.went_back", "council.extended", "council.time_warning", "council.time_up",
    })
    """A round change and the time: one short line, replacing the one before."""
    folded = frozenset({"council.result_agreed"})
    """The result shows every proposal with the groups' stances, the agreed ones marked."""

    def apply(self, state: CouncilState | None, event: Event, now: datetime) -> Step[CouncilState]:
        return apply(state, event, now)

    def is_open(self, state: CouncilState) -> bool:
        return state.phase is not Phase.CLOSED

    def people_in(self, state: CouncilState) -> set[int]:
        return {member for group in state.groups for member in group.members}

    def render_live(
        self, state: CouncilState, view: LiveView
    ) -> tuple[str, InlineKeyboardMarkup | None]:
        return render(state, view)

    def present(
        self, effect: Announce, state: CouncilState, view: LiveView
    ) -> tuple[str, InlineKeyboardMarkup | None] | None:
        """The close is posted with the proposals and each group's stance under it."""
        if effect.key != "council.closed":
            return None
        return result_text(state, view.t, view.t(effect.key, **effect.params)), None

    def close_event(self, actor: int) -> Event:
        return Close(actor=actor)

    def extend_event(self, actor: int, minutes: float) -> Event:
        return Extend(actor=actor, minutes=minutes)

    def forget(self, state: CouncilState, user_id: int, erase: bool) -> CouncilState:
        return forget(state, user_id, erase)

    def handlers(self) -> Sequence[BaseHandler[Any, Any, Any]]:
        return handlers()


FORMAT = CouncilFormat()
PRIVATE_HINTED = (
    "council",
    "assign",
    "speaker",
    "interest",
    "restate",
    "round",
    "proposal",
    "amend",
)
"""Commands that only work in a session chat; sent privately they get a hint where to go."""

async def steer(
    update: Update, context: Ctx, who: Who, event: Event, message: Message
) -> Step[Any]:
    """Act on the session's council with the message as source, then acknowledge with a reaction."""
    assert who.session is not None
    step = await act(context, who.session, event, who.role, kind=KIND, source=source_of(message))
    await acknowledge(update, context, who.t)
    return step


@session_command
async def council(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/council [10m] Question`` and one group per line; ``/council`` alone explains how."""
    assert who.session is not None
    text = message.text or ""
    if not strip_command(text, "council").strip():
        await message.reply_text(who.t("council.help"))
        return
    await open_round(context, who.session, FORMAT, parse_open(text, who.user_id), who.role)


@session_command
async def assign(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/assign <group>`` as a reply to someone's message (or ``/assign @name <group>``)."""
    here = await open_council(context, who)
    target = await appointee(update, context)
    args = list(context.args or [])
    if args and args[0].startswith("@"):
        args = args[1:]
    if target is None:
        raise FlowError("council.assign_how")
    group = parse_group(here.state.groups, " ".join(args))
    await steer(
        update,
        context,
        who,
        AssignGroup(actor=who.user_id, member=target.user_id, group=group),
        message,
    )


@session_command
async def speaker(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/speaker`` names yourself (again: steps down); as a reply it names that member."""
    here = await open_council(context, who)
    group = group_of(here.state, who.user_id)
    if group is None:
        raise FlowError("council.join_first")
    target = await appointee(update, context)
    chosen: int | None = target.user_id if target is not None else who.user_id
    if target is None and here.state.groups[group].speaker == who.user_id:
        chosen = None
    await steer(
        update, context, who, NameSpeaker(actor=who.user_id, group=group, speaker=chosen), message
    )


@session_command
async def interest(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/interest <interest> weil <reason>``; without a reason the bot asks for it in a
    second step; editing that message edits the interest."""
    first = f"{message.chat_id}:{message.message_id}"
    said = split_interest(strip_command(message.text or "", "interest"))
    if message.edit_date is not None:
        here = await open_council(context, who)
        stated = interest_from(here.state, first)
        if stated is not None:
            edited = EditInterest(
                actor=who.user_id,
                interest=stated.number,
                text=said.text,
                reason=said.reason,
                connective=said.connective,
                source=source_of(message),
            )
            await steer(update, context, who, edited, message)
            return
    if not said.connective and not has_visible_text(said.reason):
        # No "weil" at all: the reason is asked for. "weil" and nothing after it is refused
        # with the hint how to write both (parse_interest), as any empty text is.
        await ask_interest_reason(context, await open_council(context, who), message, said.text,
                                  first)
        return
    await steer(update, context, who, parse_interest(message.text or "", who.user_id, first),
                message)
    if message.edit_date is not None:  # the reason came by editing: the question is answered
        await drop_question(context, who, first)


@session_command
async def restate(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/restate <n> <words>``: the group's own words for interest n; the owners then rate it."""
    here = await open_council(context, who)
    event = parse_restate(message.text or "", who.user_id, source_of(message))
    step = await steer(update, context, who, event, message)
    await post_rating_prompt(context, here, step.state, event.interest)


@session_command
async def round_command(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/round [10m]`` moves on (with a timer); ``/round back`` goes back one round."""
    await steer(update, context, who, parse_round_command(message.text or "", who.user_id), message)


@session_command
async def proposal(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/proposal <text>``; its author then marks the interests it addresses with buttons."""
    here = await open_council(context, who)
    source = source_of(message)
    step = await steer(
        update, context, who, parse_proposal(message.text or "", who.user_id, source), message
    )
    state: CouncilState = step.state
    made = next((p for p in state.proposals if p.current.source == source), None)
    if made is None or not state.interests:
        return
    markup = mark_keyboard(
        state, made, services(context).signer, here.session.chat_id, here.round_id
    )
    await message.reply_text(
        who.t("council.mark_prompt", proposal=made.number), reply_markup=markup
    )


@session_command
async def amend(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/amend <n> <text>``: a new version of proposal n, put to the groups again."""
    await steer(
        update,
        context,
        who,
        parse_amend(message.text or "", who.user_id, source_of(message)),
        message,
    )


async def in_private(update: Update, context: Ctx) -> None:
    """Council commands belong in the session chat; privately the council message's buttons help."""
    message = update.effective_message
    who = await private_who(update, context)
    if message is not None and who is not None:
        await message.reply_text(who.t("council.in_session_only"))


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """The council's commands in groups and forum topics; edits count only for interests."""
    private = filters.ChatType.PRIVATE & ~filters.UpdateType.EDITED_MESSAGE
    groups = ~filters.ChatType.PRIVATE
    new = groups & ~filters.UpdateType.EDITED_MESSAGE
    return [
        CommandHandler("council", council, new),
        CommandHandler("assign", assign, new),
        CommandHandler("speaker", speaker, new),
        CommandHandler("interest", interest, groups),
        CommandHandler("restate", restate, groups),
        CommandHandler("round", round_command, new),
        CommandHandler("proposal", proposal, new),
        CommandHandler("amend", amend, new),
        CommandHandler(PRIVATE_HINTED, in_private, private),
        MessageHandler(new & filters.TEXT & ~filters.COMMAND & REPLY_TO_COUNCIL, reason_reply),
        MessageHandler(new & NOT_TEXT & REPLY_TO_COUNCIL, text_expected),
    ]
