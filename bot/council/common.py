"""What the council's handlers share: the round behind a command, button or link, and who acts.

Buttons and deep links name a round by its id; private chats have no session
of their own, so the person's role is looked up in the round's session. Before
the bot asks someone to type the words for a move, ``admit`` asks the role
matrix and the flow's move table whether the move fits now, and the flow's own
query (``may_restate``, ``may_rate`` …) whether this person may make it, so
nobody writes a text that is then refused.
Private dialogues hand their answer to the flow with ``submit`` and keep
waiting only after a refusal the person can fix by writing again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import Forbidden

from bot import handling
from bot.core import cancel_markup
from bot.council.live import rating_prompt
from bot.messaging import send_to_session
from bot.rounds import act
from bot.routing import DialogFn
from bot.services import Ctx, Who, identify, role_in, services
from flows import council, roles
from flows.base import Event, FlowError, Step
from flows.council import CouncilState, EditInterest, StateInterest
from flows.council.parse import Said
from locales import translator
from storage import dialogs, people
from storage import rounds as stored
from storage.records import Session

KIND = "council"
RETRY_KEYS = frozenset(
    {
        "council.text_too_long",
        "council.interest_empty",
        "council.interest_needs_reason",
        "council.restatement_empty",
        "council.concern_needs_reason",
        "council.objection_needs_reason",
        "council.restatement_unchanged",
        "council.interest_unchanged",
    }
)
"""Refusals after which a private dialogue keeps waiting for a better answer."""


@dataclass(frozen=True)
class Council:
    """One council round as a handler sees it: where it runs, its state, and who is acting."""

    who: Who
    session: Session
    round_id: int
    state: CouncilState

    def admit(self, event_type: type[Event]) -> None:
        """Refuse, in the flow's words, a move this person may not make or that does not fit now."""
        roles.require(event_type, self.who.role)
        council.check(self.state, event_type)


def source_of(message: Message) -> str:
    """The message as a source ("chat:message"); an edit is a new source of its own."""
    source = handling.source_of(message)
    if message.edit_date is not None:
        source += f":e{int(message.edit_date.timestamp())}"
    return source


async def open_council(context: Ctx, who: Who) -> Council:
    """The council open in the person's session; refused where none runs."""
    if who.session is None:
        raise FlowError("core.not_a_session")
    async with services(context).db.transaction() as tx:
        record = await stored.open_round(tx, who.session.id)
    if record is None or record.kind != KIND:
        raise FlowError("council.none_open")
    return Council(who, who.session, record.id, record.state(CouncilState))


async def council_for(update: Update, context: Ctx, round_id: int) -> Council:
    """The council a deep link or private button names, with the person's role in its session."""
    async with services(context).db.transaction() as tx:
        person = await identify(update, context, tx)
        record, session = await stored.get_round_and_session(tx, round_id)
        event = await people.get_event(tx, session.event_id) if session else None
    if person is None or record is None or record.kind != KIND or session is None or not event:
        raise FlowError("council.none_open")
    async with services(context).db.transaction() as tx:
        role = await role_in(context, tx, event, session, person.user_id)
    who = Who(person, translator(person.language, event.address), session, event, role)
    return Council(who, session, record.id, record.state(CouncilState))


def interest_event(actor: int, data: dict[str, Any], said: Said) -> Event:
    """A new interest, or a reworded one when the dialogue edits interest ``data["edit"]``.

    An interest whose reason was asked for after a ``/interest`` in the group keeps that
    message as its source, so editing the message later still edits the interest.
    """
    if "edit" in data:
        return EditInterest(actor=actor, interest=int(data["edit"]), text=said.text,
                            reason=said.reason, connective=said.connective)
    source = data.get("source")
    return StateInterest(actor=actor, text=said.text, reason=said.reason,
                         connective=said.connective,
                         source=str(source) if source is not None else None)


def number(args: list[str], index: int) -> int:
    """A number a signed button carries; a malformed one is a stale button."""
    if len(args) <= index or not args[index].isdecimal():
        raise FlowError("core.stale_button")
    return int(args[index])


async def ask_in_private(
    context: Ctx,
    who: Who,
    kind: str,
    data: dict[str, Any],
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> bool:
    """Start a private dialogue and ask its question; ``False`` if the person never started me.

    The question carries a button to cancel unless ``markup`` brings buttons of its own.
    """
    async with services(context).db.transaction() as tx:
        await dialogs.start_dialog(tx, who.user_id, who.user_id, kind, data)
    buttons = cancel_markup(who, context) if markup is None else markup
    try:
        await context.bot.send_message(who.user_id, text, reply_markup=buttons)
    except Forbidden:
        async with services(context).db.transaction() as tx:
            await dialogs.end_dialog(tx, who.user_id, who.user_id)
        return False
    return True


async def end_dialog(context: Ctx, who: Who) -> None:
    async with services(context).db.transaction() as tx:
        await dialogs.end_dialog(tx, who.user_id, who.user_id)


async def post_rating_prompt(context: Ctx, here: Council, state: CouncilState, number: int) -> None:
    """Show the session a restatement with buttons for the original group to rate it."""
    restatement = next((r for r in state.restatements if r.interest == number), None)
    if restatement is None or here.who.event is None:
        return
    t = translator(here.who.event.language, here.who.event.address)
    signer = services(context).signer
    text, markup = rating_prompt(state, restatement, t, signer, here.session.chat_id, here.round_id)
    await send_to_session(context, here.session, text, markup)


def numbers_in(rest: str, count: int) -> list[int]:
    """The numbers a deep link carries ("12_3"); anything else is a link that was not ours."""
    parts = rest.split("_")
    if len(parts) < count or not all(p.isdecimal() for p in parts[:count]):
        raise FlowError("core.stale_button")
    return [int(p) for p in parts[:count]]


Answer = Callable[[Update, Ctx, Council, dict[str, Any], str], Awaitable[None]]


def council_dialog(answer: Answer) -> DialogFn:
    """A private dialogue's step: the typed answer, with the council the dialogue belongs to."""

    @wraps(answer)
    async def handler(update: Update, context: Ctx, data: dict[str, Any]) -> None:
        message = update.effective_message
        if message is None or not message.text:
            return
        here = await council_for(update, context, int(data["round"]))
        await answer(update, context, here, data, message.text)

    return handler


async def submit(update: Update, context: Ctx, here: Council, event: Event) -> Step[Any]:
    """Carry a private answer to the flow; keep asking only after a refusal the person can fix."""
    message = update.effective_message
    assert message is not None
    try:
        step = await act(
            context,
            here.session,
            event,
            here.who.role,
            kind=KIND,
            round_id=here.round_id,
            source=source_of(message),
        )
    except FlowError as error:  # a refusal the person cannot fix ends the dialogue
        if error.key not in RETRY_KEYS:
            await end_dialog(context, here.who)
        raise
    await end_dialog(context, here.who)
    return step


async def reply(update: Update, text: str) -> Message | None:
    message = update.effective_message
    return await message.reply_text(text) if message is not None else None
