"""Which of one's events a private command of the kit is about: one, or a choice of them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

from telegram import InlineKeyboardMarkup, Message, Update

from bot.handling import answered_press, private_who
from bot.routing import ButtonFn
from bot.services import Ctx, Who, services
from flows import roles
from flows.base import FlowError
from service.surveys import event_role
from storage import people
from storage.records import Event


async def one_or_choice(context: Ctx, who: Who, message: Message, action: str) -> Event | None:
    """The one event the person organizes; with several, buttons (``action|<event>``) to choose
    and ``None``; with none, a sentence saying how to make one, and ``None``."""
    async with services(context).db.transaction() as tx:
        mine = await people.events_organized_by(tx, who.user_id)
    if len(mine) == 1:
        return mine[0]
    if not mine:
        await message.reply_text(who.t("kit.no_events"))
        return None
    signer = services(context).signer
    rows = [[signer.button(who.user_id, event.title[:60], action, event.id)] for event in mine]
    await message.reply_text(who.t("kit.which_event"), reply_markup=InlineKeyboardMarkup(rows))
    return None


async def organized(context: Ctx, who: Who, event_id: int | str, move: type) -> Event:
    """The event, if the person's role in it may make ``move``; the matrix's refusal otherwise."""
    if isinstance(event_id, str) and not event_id.isdecimal():
        raise FlowError("core.stale_button")
    async with services(context).db.transaction() as tx:
        event = await people.get_event(tx, int(event_id))
        role = await event_role(tx, event.id, who.user_id) if event else roles.Role.OUTSIDER
    roles.require(move, role)
    if event is None:
        raise FlowError("documentation.gone")
    return event


T = TypeVar("T")


async def typed_for_event(
    update: Update, context: Ctx, data: dict[str, Any], parse: Callable[[str], T], move: type
) -> tuple[Who, Message, T, Event] | None:
    """What an organizer typed in a private dialog about ``data["event"]``, read by ``parse``,
    with the event if their role in it may make ``move``; ``None`` for a message without text."""
    who = await private_who(update, context)
    message = update.effective_message
    if who is None or message is None or not message.text:
        return None
    parsed = parse(message.text)
    event = await organized(context, who, int(data["event"]), move)
    return who, message, parsed, event


Screen = Callable[[Ctx, Who, Event], Awaitable[None]]
"""What a private command shows for the event it is about."""


def event_command(action: str, move: type, screen: Screen
                  ) -> tuple[Callable[[Update, Ctx], Coroutine[Any, Any, None]], ButtonFn]:
    """A private command about one of one's events, and the button (``action``) that chooses
    the event when there are several; both show ``screen`` to whoever may make ``move``."""
    async def command(update: Update, context: Ctx) -> None:
        who = await private_who(update, context)
        message = update.effective_message
        if who is None or message is None:
            return
        event = await one_or_choice(context, who, message, action)
        if event is not None:
            await screen(context, who, await organized(context, who, event.id, move))

    async def chosen(update: Update, context: Ctx, args: list[str]) -> None:
        who = await answered_press(update, context)
        if who is None or not args:
            raise FlowError("core.stale_button")
        await screen(context, who, await organized(context, who, args[0], move))

    return command, chosen
