"""Grouping: ``/cluster`` starts it and shows the numbered notes; suggestions to accept.

The facilitator groups with ``Kosten: 3 5 7`` (as ``/cluster Kosten: 3 5 7``
or as a reply to the board), renames, moves and ungroups with the short
commands ``flows.pinboard.parse_cluster_command`` reads. Suggestions come from
``flows.pinboard.similarity``; a suggestion button carries a digest of its notes, so a
suggestion that changed since it was shown is refused as stale instead of
grouping something the facilitator did not see.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update

from bot.buttons import ButtonSigner
from bot.messaging import acknowledge, clip, post_notice
from bot.pinboard.common import KIND, board_by_id, in_session, open_board, round_arg
from bot.pinboard.render import short
from bot.rounds import act
from bot.routing import Buttons
from bot.services import Ctx, Who, services, who_in_session
from flows import pinboard, roles
from flows.base import FlowError
from flows.pinboard import (
    AcceptSuggestion,
    PinboardState,
    StartClustering,
    parse_cluster_command,
)
from flows.pinboard.parse import strip_command
from flows.pinboard.results import find_note
from flows.pinboard.similarity import Suggestion, suggest_clusters
from locales import Translator
from storage.records import Session

MAX_SUGGESTIONS = 20


def digest(suggestion: Suggestion) -> str:
    """A short fingerprint of a suggestion's question and notes, for its button."""
    return suggestion.digest()


@in_session
async def cluster_command(
    update: Update, context: Ctx, who: Who, session: Session, message: Message
) -> None:
    """``/cluster`` ends collecting (or shows the view again); with text, it groups."""
    text = message.text or ""
    record, state = await open_board(context, session.id)
    if strip_command(text).strip():
        event = parse_cluster_command(text, who.user_id)
        await act(context, session, event, who.role, kind=KIND, round_id=record.id)
        await acknowledge(update, context, who.t)
        return
    if pinboard.legal(state, StartClustering):
        # The live message turns into the grouping view; the notice carries the suggestions.
        await act(context, session, StartClustering(actor=who.user_id), who.role,
                  kind=KIND, round_id=record.id)
        return
    # clustering already: the suggestions again, for those who may cluster
    pinboard.check(state, AcceptSuggestion)
    roles.require(StartClustering, who.role)
    await post_suggestions(context, who, session, record.id, state)


async def post_suggestions(
    context: Ctx, who: Who, session: Session, round_id: int, state: PinboardState
) -> None:
    """As the session's notice: the suggestions posted before go."""
    text, markup = suggestions_message(context, who, session, round_id, state)
    await post_notice(context, session, text, markup)


def suggestions_message(
    context: Ctx, who: Who, session: Session, round_id: int, state: PinboardState
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The suggestions as lines with their notes, and a button to accept each."""
    return suggestion_board(who.t, services(context).signer, session.chat_id, round_id, state)


def suggestion_board(t: Translator, signer: ButtonSigner, chat_id: int, round_id: int,
                     state: PinboardState) -> tuple[str, InlineKeyboardMarkup | None]:
    """The suggestions in the session's chat, each with its button to accept it."""
    found = suggest_clusters(state)[:MAX_SUGGESTIONS]
    if not found:
        return t("pinboard.suggestions_none"), None
    lines = [t("pinboard.suggestions_intro")]
    rows = []
    for suggestion in found:
        notes = [note for n in suggestion.notes if (note := find_note(state, n)) is not None]
        listed = " · ".join(f"{note.number} {short(note.text, 30)}" for note in notes)
        lines.append(t("pinboard.suggestion_line", number=suggestion.question,
                           name=suggestion.name, notes=listed))
        label = t("pinboard.button_accept", name=short(suggestion.name, 20),
                      notes=" ".join(map(str, suggestion.notes)))
        rows.append([signer.button(chat_id, short(label, 60), "pbsug", round_id,
                                   suggestion.question, digest(suggestion))])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def session_presser(update: Update, context: Ctx) -> tuple[Who, Session]:
    who = await who_in_session(update, context)
    if who is None or who.session is None:
        raise FlowError("core.not_a_session")
    return who, who.session


async def accept_suggestion(update: Update, context: Ctx, args: list[str]) -> None:
    """Take the suggestion shown on the button, if it still is what it was."""
    query = update.callback_query
    assert query is not None
    who, session = await session_presser(update, context)
    round_id, question = round_arg(args), round_arg(args, 1)
    _, state, _ = await board_by_id(context, round_id)
    wanted = args[2] if len(args) > 2 else ""
    match = next((s for s in suggest_clusters(state)
                  if s.question == question and digest(s) == wanted), None)
    if match is None:
        raise FlowError("pinboard.suggestion_stale")
    step = await act(context, session, match.accept(who.user_id), who.role, kind=KIND,
                     round_id=round_id)
    await query.answer(who.t("pinboard.suggestion_taken", name=match.name))
    text, markup = suggestions_message(context, who, session, round_id, step.state)
    await query.edit_message_text(clip(text), reply_markup=markup)


async def show_suggestions(update: Update, context: Ctx, args: list[str]) -> None:
    """The board's button: post the current suggestions (for the facilitator)."""
    query = update.callback_query
    assert query is not None
    who, session = await session_presser(update, context)
    roles.require(StartClustering, who.role)
    _, state, _ = await board_by_id(context, round_arg(args))
    pinboard.check(state, AcceptSuggestion)
    await query.answer()
    await post_suggestions(context, who, session, round_arg(args), state)


BUTTONS: Buttons = (
    ("pbsug", accept_suggestion),
    ("pbsugs", show_suggestions),
)
