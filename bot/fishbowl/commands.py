"""The fishbowl in a group or forum topic: /fishbowl, /seat, /join, /next, /speaks, /point.

Handlers stay thin: they find who is meant (a reply or an @username), let the
flow parse the command, ``act``, and acknowledge with a reaction. Under
privacy mode the bot sees only commands and replies to its own messages, so
key points come as ``/point text`` (for whoever holds the floor, or the person
named or replied to) or as a reply to the live message. The group stays
quiet: a seat change edits the live message and posts nothing, unless someone
must act (asked to leave the chair); time notices replace each other. The live
message's buttons are in ``bot.fishbowl.buttons``; what the messages look like
is in ``bot.fishbowl.view``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.fishbowl import asking
from bot.fishbowl import buttons as fishbowl_buttons
from bot.fishbowl import view as fishbowl_view
from bot.handling import NOT_TEXT, replied, session_command, source_of, text_expected
from bot.messaging import acknowledge
from bot.rounds import Format, LiveView, act, open_round
from bot.services import Ctx, Who, services
from bot.timers import Reminder
from flows import fishbowl as fb
from flows import roles
from flows.base import FORGOTTEN, SYSTEM, Announce, Event, FlowError, Step
from locales import pick_language
from storage import people
from storage.records import Person

KIND = fishbowl_buttons.KIND


class FishbowlFormat(Format[fb.FishbowlState]):
    """Carries events to ``flows.fishbowl`` and shows its state; the rules stay in the flow."""

    kind = KIND
    state_type = fb.FishbowlState
    quiet = frozenset({
        "fishbowl.opened", "fishbowl.opened_with_seat_time", "fishbowl.seated",
        "fishbowl.seated_with_label", "fishbowl.took_free_chair", "fishbowl.left_circle",
        "fishbowl.order_fifo", "fishbowl.order_first_time_first",
    })
    """The opening, seat changes and the queue's order are in the live message: only the
    person who made the move is told."""
    notices = frozenset({
        "fishbowl.took_empty_chair", "fishbowl.took_empty_chair_fixed", "fishbowl.may_stay",
        "fishbowl.seat_time_up", "fishbowl.extended", "fishbowl.one_minute_left",
    })
    """Lines someone must act on (make room, stay, the seat time is up) and the time: each
    replaces the one before."""

    def apply(
        self, state: fb.FishbowlState | None, event: Event, now: datetime
    ) -> Step[fb.FishbowlState]:
        return fb.apply(state, event, now)

    def is_open(self, state: fb.FishbowlState) -> bool:
        return state.phase is fb.Phase.OPEN

    def people_in(self, state: fb.FishbowlState) -> set[int]:
        ids = {seat.user_id for seat in state.seats} | {entry.user_id for entry in state.queue}
        return (ids | {state.facilitator}) - {FORGOTTEN}

    def render_live(
        self, state: fb.FishbowlState, view: LiveView
    ) -> tuple[str, InlineKeyboardMarkup | None]:
        return fishbowl_view.render_live(state, view)

    def present(
        self, effect: Announce, state: fb.FishbowlState, view: LiveView
    ) -> tuple[str, InlineKeyboardMarkup | None] | None:
        return fishbowl_view.present(effect, state, view)

    def close_event(self, actor: int) -> Event:
        return fb.Close(actor=actor)

    def extend_event(self, actor: int, minutes: float) -> Event:
        return fb.Extend(actor=actor, minutes=minutes)

    def forget(self, state: fb.FishbowlState, user_id: int, erase: bool) -> fb.FishbowlState:
        return fb.forget(state, user_id, erase)

    def reminders(self, state: fb.FishbowlState) -> Sequence[Reminder]:
        """One seat-time reminder per occupant not yet reminded, named after the seat period."""
        since = {seat.user_id: seat.start for seat in fb.occupants(state)}
        return tuple(
            Reminder(
                key=f"seat:{uid}:{since[uid].isoformat()}",
                at=due,
                event=fb.SeatTimeUp(actor=SYSTEM, user_id=uid, since=since[uid]),
            )
            for uid, due in fb.seat_time_due(state)
        )


FORMAT = FishbowlFormat()

# --- what every command shares -------------------------------------------------------------

def may(event_type: type[Event], who: Who) -> None:
    """Refuse a steering command before reading it: a participant learns who may, not the syntax."""
    roles.require(event_type, who.role)


async def person_meant(context: Ctx, message: Message, command: str) -> Person | None:
    """The person a command is about: the author of the replied message, or ``@username``."""
    answered = replied(message)
    author = answered.from_user if answered is not None else None
    words = (message.text or "").split()
    named = words[1] if len(words) > 1 and words[1].startswith("@") else None
    async with services(context).db.transaction() as tx:
        if author is not None and not author.is_bot:
            return await people.see_person(
                tx, author.id, author.full_name, author.username,
                pick_language(author.language_code),
            )
        found = await people.find_by_username(tx, named) if named else None
    if named is not None and found is None:
        raise FlowError("core.unknown_username", username=named, command=command)
    return found


# --- the commands --------------------------------------------------------------------------


@session_command
async def fishbowl(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/fishbowl 5 Stühle 4 Min. Topic``: open a fishbowl with chairs, seat time and topic;
    without chairs, ask for them (and the seat time) first."""
    assert who.session is not None
    may(fb.OpenFishbowl, who)
    topic, chairs, seat_minutes = fb.read_open(message.text or "")
    if chairs is None:
        await asking.ask(update, context, who, message, topic, seat_minutes)
        return
    event = fb.OpenFishbowl(actor=who.user_id, topic=topic, chairs=chairs,
                            seat_minutes=seat_minutes)
    await open_round(context, who.session, FORMAT, event, who.role)


@session_command
async def seat(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/seat WS1 [fest]`` in reply to someone, or ``/seat @username WS1``: seat a first occupant.

    ``/seat fest`` / ``/seat lösen`` on a seated person fixes or frees their seat.
    """
    assert who.session is not None
    may(fb.SeatPerson, who)
    target = await person_meant(context, message, "seat")
    if target is None:
        raise FlowError("fishbowl.seat_how")
    event = fb.parse_seat(message.text or "", who.user_id, target.user_id)
    await act(context, who.session, event, who.role, kind=KIND, source=source_of(message))


@session_command
async def join(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/join``: queue for the empty chair."""
    assert who.session is not None
    event = fb.JoinQueue(actor=who.user_id)
    await act(context, who.session, event, who.role, kind=KIND, source=source_of(message))
    await acknowledge(update, context, who.t)


@session_command
async def next_person(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/next``: the first in the queue takes the empty chair."""
    assert who.session is not None
    event = fb.SeatNext(actor=who.user_id)
    await act(context, who.session, event, who.role, kind=KIND, source=source_of(message))


@session_command
async def speaks(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/speaks`` in reply to a seated person (or the request to make room): their clock."""
    assert who.session is not None
    may(fb.Speaks, who)
    speaker = fishbowl_buttons.speaker_of(context, replied(message))
    if speaker is None:
        target = await person_meant(context, message, "speaks")
        speaker = target.user_id if target is not None else None
    if speaker is None:
        raise FlowError("fishbowl.speaks_how")
    event = fb.Speaks(actor=who.user_id, user_id=speaker)
    await act(context, who.session, event, who.role, kind=KIND, source=source_of(message))
    await acknowledge(update, context, who.t)


@session_command
async def point(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """``/point text``: a key point for the running (or latest) turn.

    ``/point @name text``, or ``/point text`` in reply to a person (or to the request to
    make room, for the newcomer), adds it to that person's latest turn.
    """
    text = message.text or ""
    meant = fishbowl_buttons.reply_target(context, replied(message))
    speaker = meant.speaker
    if meant.round_id is None:
        target = await person_meant(context, message, "point")
        speaker = target.user_id if target is not None else None
        words = text.split(maxsplit=2)
        if replied(message) is None and target is not None:
            text = words[2] if len(words) > 2 else ""
    await add_point(update, context, who, message, text, speaker, meant.round_id)


async def add_point(
    update: Update, context: Ctx, who: Who, message: Message, text: str, speaker: int | None,
    round_id: int | None = None,
) -> None:
    """Recorders add to any turn; anyone else only to their own running turn."""
    assert who.session is not None
    event = fb.parse_point(
        text, who.user_id, recorder=roles.may(who.role, fb.AddPoint), speaker=speaker,
        source=source_of(message),
    )
    step = await act(context, who.session, event, who.role, kind=KIND, round_id=round_id,
                     source=source_of(message))
    await acknowledge(update, context, who.t)
    if isinstance(event, fb.AddPoint) and speaker is None:
        await fishbowl_buttons.offer_other_speakers(context, who, step.state, message.message_id)


@session_command
async def reply_point(update: Update, context: Ctx, who: Who, message: Message) -> None:
    """A reply to the request to make room (the newcomer's turn) or the live message (whoever
    holds the floor)."""
    answered = replied(message)
    meant = fishbowl_buttons.reply_target(context, answered)
    await add_point(update, context, who, message, message.text or "", meant.speaker,
                    meant.round_id)


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """The fishbowl's commands and replies in groups and forum topics (not edits)."""
    new = ~filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    replies = new & filters.TEXT & ~filters.COMMAND & fishbowl_buttons.REPLY_TO_FISHBOWL
    return [
        CommandHandler("fishbowl", fishbowl, new),
        CommandHandler("seat", seat, new),
        CommandHandler("join", join, new),
        CommandHandler("next", next_person, new),
        CommandHandler("speaks", speaks, new),
        CommandHandler("point", point, new),
        MessageHandler(replies, reply_point),
        MessageHandler(new & NOT_TEXT & fishbowl_buttons.REPLY_TO_FISHBOWL, text_expected),
    ]
