"""Co-organizers: ``/organizer`` makes someone one, and an organizer may leave the role.

In a session chat, ``/organizer`` answers a message (its author becomes an
organizer of the event) or names an ``@username``, as ``/facilitator`` does.
Privately, ``/organizer @username`` asks which of one's events (if there are
several), and ``/organizer`` alone lists them, each with a button to leave the
Orga-Team; the last organizer cannot leave (``flows.kit.check_leaving``). Every
organizer may do what the event's creator may: the role matrix knows only the
role, not who created the event.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType

from bot.core import appointee
from bot.handling import answered_press, private_who
from bot.kit.events import organized
from bot.menus import give_menu, take_menu
from bot.services import Ctx, services, who_in_session
from flows import kit as rules
from flows import roles
from flows.base import FlowError
from flows.roles import Role
from locales import Translator
from storage import kit, people
from storage.records import Event, Person


async def organizer(update: Update, context: Ctx) -> None:
    """``/organizer`` in a session chat (a reply or @username), or privately."""
    chat = update.effective_chat
    message = update.effective_message
    if chat is None or message is None:
        return
    if chat.type == ChatType.PRIVATE:
        await organizer_privately(update, context, message)
        return
    who = await who_in_session(update, context)
    if who is None:
        return
    if who.event is None:
        raise FlowError("core.not_a_session")
    target = await appointee(update, context)
    if target is None:
        named = context.args[0] if context.args and context.args[0].startswith("@") else None
        key = "core.unknown_username" if named else "core.appoint_how"
        await message.reply_text(who.t(key, command="organizer", username=named or ""))
        return
    roles.require(rules.AppointOrganizer(actor=who.user_id, target=target.user_id), who.role)
    await appoint(context, who.event, target, message, who.event_t)


async def appoint(context: Ctx, event: Event, target: Person, answer: Message,
                  t: Translator) -> None:
    """The person becomes an organizer; their menus follow in the event's chats."""
    async with services(context).db.transaction() as tx:
        new = await people.grant_role(tx, event.id, target.user_id, "organizer")
        held = await people.roles_of(tx, event.id, target.user_id)
        chats = {session.chat_id for session in await people.sessions_of(tx, event.id)}
    for chat_id in sorted(chats):
        await give_menu(context.bot, chat_id, target.user_id, map(Role, held))
    key = "kit.appointed_organizer" if new else "kit.already_organizer"
    await answer.reply_text(t(key, name=target.name, event=event.title))


async def organizer_privately(update: Update, context: Ctx, message: Message) -> None:
    """``/organizer @username``: which event; ``/organizer`` alone: the events, to leave one."""
    who = await private_who(update, context)
    if who is None:
        return
    svc = services(context)
    async with svc.db.transaction() as tx:
        mine = await people.events_organized_by(tx, who.user_id)
        named = (await people.find_by_username(tx, context.args[0])
                 if context.args and context.args[0].startswith("@") else None)
    if not mine:
        await message.reply_text(who.t("kit.no_events"))
        return
    signer = svc.signer
    if context.args and named is None:
        await message.reply_text(who.t("core.unknown_username", command="organizer",
                                       username=context.args[0]))
        return
    if named is not None:
        rows = [[signer.button(who.user_id, event.title[:60], "orgadd", event.id, named.user_id)]
                for event in mine]
        await message.reply_text(who.t("kit.organizer_which", name=named.name),
                                 reply_markup=InlineKeyboardMarkup(rows))
        return
    rows = [[signer.button(who.user_id, who.t("kit.leave_button", title=event.title[:40]),
                           "orgleave", event.id)] for event in mine]
    await message.reply_text(who.t("kit.organizers_how"), reply_markup=InlineKeyboardMarkup(rows))


async def add_pressed(update: Update, context: Ctx, args: list[str]) -> None:
    """The event chosen for ``/organizer @username``."""
    who = await answered_press(update, context)
    query = update.callback_query
    if who is None or query is None or len(args) != 2 or not args[1].isdecimal():
        raise FlowError("core.stale_button")
    event = await organized(context, who, args[0], rules.AppointOrganizer)
    async with services(context).db.transaction() as tx:
        target = await people.get_person(tx, int(args[1]))
    if target is None or not isinstance(query.message, Message):
        raise FlowError("core.stale_button")
    await appoint(context, event, target, query.message, who.t)


async def leave_pressed(update: Update, context: Ctx, args: list[str]) -> None:
    """Leave the Orga-Team of an event, unless one would leave it without an organizer."""
    who = await answered_press(update, context)
    if who is None:
        return
    if not args:
        raise FlowError("core.stale_button")
    event = await organized(context, who, args[0], rules.LeaveOrganizers)
    async with services(context).db.transaction() as tx:
        rules.check_leaving(len(await people.people_with_role(tx, event.id, "organizer")))
        await kit.leave_role(tx, event.id, who.user_id, "organizer")
        held = await people.roles_of(tx, event.id, who.user_id)
        chats = {session.chat_id for session in await people.sessions_of(tx, event.id)}
        elsewhere = bool(await people.role_chats(tx, who.user_id)) or bool(
            await people.events_organized_by(tx, who.user_id))
    if held:
        for chat_id in sorted(chats):
            await give_menu(context.bot, chat_id, who.user_id, map(Role, held))
    else:
        await take_menu(context.bot, chats, who.user_id, private=not elsewhere)
    await context.bot.send_message(who.user_id, who.t("kit.left", title=event.title))
