"""The fishbowl's buttons, and how a reply to one of its messages finds the turn it is about.

Every button is signed (``LiveView.button_data``) and names its round, so a
forged press is refused before it arrives here and a press on a closed round
is refused by ``act``. Double taps change nothing: a second "queue" or
"leave" tap is refused by the flow, and a speaker button says whether it
starts or stops the clock, so tapping it twice does not undo the first tap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import filters

from bot.fishbowl.view import (
    ACTIONS,
    JOIN,
    LEAVE_CIRCLE,
    LEAVE_QUEUE,
    ORDER,
    SEAT_MARK,
    SPEAK,
    UNSEAT,
)
from bot.handling import member_of
from bot.messaging import send_private
from bot.rounds import act
from bot.routing import Buttons
from bot.services import Ctx, Who, services, who_in_session
from flows import fishbowl as fb
from flows.base import Event, FlowError, Step
from storage import people
from storage import rounds as stored

KIND = "fishbowl"
ASSIGN = "fba"
"""A name under "key point noted for …" in the note-taker's private chat: it was theirs."""


def number(args: list[str], index: int) -> int:
    """An argument the bot signed; a malformed one can only come from an old version."""
    try:
        return int(args[index])
    except (IndexError, ValueError):
        raise FlowError("core.stale_button") from None


async def press(
    update: Update, context: Ctx, args: list[str], event_of: Callable[[Who], Event]
) -> tuple[Step[Any], Who]:
    """Apply the event a button stands for to the round it names, as the person who tapped."""
    query = update.callback_query
    assert query is not None
    who = await who_in_session(update, context)
    if who is None or who.session is None:
        raise FlowError("core.not_a_session")
    event = event_of(who)
    step = await act(context, who.session, event, who.role, kind=KIND,
                     round_id=number(args, 0), source=f"cb:{query.id}")
    return step, who


async def answer(update: Update, text: str | None = None) -> None:
    assert update.callback_query is not None
    await update.callback_query.answer(text)


async def want_the_empty_chair(update: Update, context: Ctx, args: list[str]) -> None:
    step, who = await press(update, context, args, lambda who: fb.JoinQueue(actor=who.user_id))
    position = fb.queue_order(step.state).index(who.user_id) + 1
    await answer(update, who.t("fishbowl.queued", position=position))


async def leave_the_queue(update: Update, context: Ctx, args: list[str]) -> None:
    _, who = await press(update, context, args, lambda who: fb.LeaveQueue(actor=who.user_id))
    await answer(update, who.t("fishbowl.left_queue"))


async def leave_the_circle(update: Update, context: Ctx, args: list[str]) -> None:
    await press(update, context, args, lambda who: fb.LeaveCircle(actor=who.user_id))
    await answer(update)


async def tap_the_speaker(update: Update, context: Ctx, args: list[str]) -> None:
    speaker, start = number(args, 1), number(args, 2) == 1

    def event_of(who: Who) -> Event:
        return fb.Speaks(actor=who.user_id, user_id=speaker, start=start)

    _, who = await press(update, context, args, event_of)
    await answer(update, who.t("fishbowl.clock_started" if start else "fishbowl.clock_stopped"))


async def switch_the_queue_order(update: Update, context: Ctx, args: list[str]) -> None:
    try:
        order = fb.QueueOrder(args[1])
    except (IndexError, ValueError):
        raise FlowError("core.stale_button") from None
    await press(update, context, args, lambda who: fb.SetQueueOrder(actor=who.user_id, order=order))
    await answer(update)


async def record_that_someone_stood_up(update: Update, context: Ctx, args: list[str]) -> None:
    person = number(args, 1)
    await press(update, context, args, lambda who: fb.Unseat(actor=who.user_id, user_id=person))
    await answer(update)


# --- whose key point it was, named by the note-taker ----------------------------------------


async def offer_other_speakers(context: Ctx, who: Who, state: fb.FishbowlState,
                               message_id: int) -> None:
    """Without a running clock a point goes to the person seated last; the note-taker (privately,
    if they opened the chat) gets the other seated people's names to move it with a tap."""
    holder = fb.floor_holder(state)
    if fb.current_speaker(state) is not None or holder is None or who.session is None:
        return
    others = [seat.user_id for seat in fb.occupants(state) if seat.user_id != holder]
    if not others:
        return
    svc = services(context)
    async with svc.db.read() as tx:
        persons = await people.people_by_id(tx, [holder, *others])
        record = await stored.open_round(tx, who.session.id)
    if record is None:
        return
    names = {uid: person.name for uid, person in persons.items()}
    row = [svc.signer.button(who.user_id, names.get(uid, "?"), ASSIGN, record.id, message_id, uid)
           for uid in others]
    markup = InlineKeyboardMarkup([row[i : i + 2] for i in range(0, len(row), 2)])
    await send_private(context, who.user_id, who.t("fishbowl.point_for",
                       name=names.get(holder, "?")), markup)


async def it_was_someone_else(update: Update, context: Ctx, args: list[str]) -> None:
    """The note-taker's tap on a name: the key point from that message goes to this person."""
    query = update.callback_query
    assert query is not None
    round_id, message_id, person = number(args, 0), number(args, 1), number(args, 2)
    svc = services(context)
    async with svc.db.transaction() as tx:
        _, session = await stored.get_round_and_session(tx, round_id)
    who = await member_of(update, context, session) if session is not None else None
    if session is None or who is None:
        raise FlowError("core.stale_button")
    event = fb.AssignPoint(actor=who.user_id, point=f"{session.chat_id}:{message_id}",
                           user_id=person)
    await act(context, session, event, who.role, kind=KIND, round_id=round_id)
    async with svc.db.read() as tx:
        persons = await people.people_by_id(tx, [person])
    shown = persons[person].name if person in persons else "?"
    await answer(update, who.t("fishbowl.point_moved", name=shown))


# --- replies to the fishbowl's messages ----------------------------------------------------


@dataclass(frozen=True)
class ReplyTarget:
    """What a reply to a bot message is about: its round and (the request to make room) whose
    turn: the newcomer's."""

    round_id: int | None = None
    speaker: int | None = None


def _signed_buttons(context: Ctx, message: Message) -> list[tuple[str, list[str]]]:
    """The fishbowl buttons on a bot message, as (action, args), with verified signatures."""
    found: list[tuple[str, list[str]]] = []
    markup = message.reply_markup
    signer = services(context).signer
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            data = button.callback_data
            unpacked = signer.unpack(message.chat.id, data) if isinstance(data, str) else None
            if unpacked is not None and unpacked[0] in ACTIONS:
                found.append(unpacked)
    return found


def reply_target(context: Ctx, message: Message | None) -> ReplyTarget:
    """The round and speaker a reply means; without the bot's buttons: the open round, latest turn.

    The request to make room's first button is the newcomer's speaker button.
    """
    if message is None or message.from_user is None or not message.from_user.is_bot:
        return ReplyTarget()
    buttons = _signed_buttons(context, message)
    if not buttons:
        return ReplyTarget()
    action, args = buttons[0]
    round_id = int(args[0]) if args and args[0].isdigit() else None
    speaker = int(args[1]) if action == SPEAK and len(args) > 1 and args[1].isdigit() else None
    return ReplyTarget(round_id, speaker)


def speaker_of(context: Ctx, message: Message | None) -> int | None:
    """The newcomer of a replied-to request to make room, if it is one."""
    return reply_target(context, message).speaker


class _ReplyToFishbowl(filters.MessageFilter):
    """A reply to the live message of an open fishbowl or to a request to make room.

    Both carry fishbowl buttons; replies to other bot messages (a closed
    fishbowl's summary, say) are left to other handlers.
    """

    def filter(self, message: Message) -> bool:
        answered = message.reply_to_message
        if answered is None or answered.from_user is None or not answered.from_user.is_bot:
            return False
        if (answered.text or "").startswith(SEAT_MARK):
            return True  # a request to make room, even if Telegram left its buttons out
        markup = answered.reply_markup
        return any(
            isinstance(button.callback_data, str)
            and button.callback_data.split("|", 1)[0] in ACTIONS
            for row in (markup.inline_keyboard if markup else ())
            for button in row
        )


REPLY_TO_FISHBOWL = _ReplyToFishbowl(name="ReplyToFishbowl")


BUTTONS: Buttons = (
    (JOIN, want_the_empty_chair),
    (LEAVE_QUEUE, leave_the_queue),
    (LEAVE_CIRCLE, leave_the_circle),
    (SPEAK, tap_the_speaker),
    (ORDER, switch_the_queue_order),
    (UNSEAT, record_that_someone_stood_up),
    (ASSIGN, it_was_someone_else),
)
