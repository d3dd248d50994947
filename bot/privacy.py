"""/privacy, /forgetme, deleting an event, and the daily retention clean-up (GDPR)."""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import time as clock
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, BaseHandler, CallbackContext, CommandHandler, filters

from bot.handling import NEW, answered_press, private_who
from bot.menus import take_menu
from bot.routing import Buttons, Dialogs, Starts
from bot.services import Ctx, role_in, services
from bot.sharing import take_timer, timer_fired
from flows import roles
from flows.base import FlowError
from flows.session import DeleteEvent
from service import forgetting
from storage import inbox, leases, people, privacy
from storage import rounds as stored
from storage.db import Tx
from storage.records import Event, iso, utcnow

log = logging.getLogger(__name__)
App = Application[Any, Any, Any, Any, Any, Any]


async def privacy_command(update: Update, context: Ctx) -> None:
    """What is stored, why, and for how long."""
    who = await private_who(update, context)
    if who is None or update.effective_message is None:
        return
    days = services(context).settings.retention_days
    await update.effective_message.reply_text(who.t("privacy.statement", days=days) + "\n\n"
                                              + who.t("people.privacy_more") + "\n\n"
                                              + who.t("kit.privacy_more"))


async def forgetme(update: Update, context: Ctx) -> None:
    """Offer to delete the profile, with the choice what happens to the person's words."""
    who = await private_who(update, context)
    if who is None or update.effective_message is None:
        return
    signer = services(context).signer
    uid = who.user_id
    markup = InlineKeyboardMarkup(
        [
            [signer.button(uid, who.t("privacy.erase_all"), "forget", "erase")],
            [signer.button(uid, who.t("privacy.keep_anonymous"), "forget", "anon")],
            [signer.button(uid, who.t("core.cancel"), "forget", "no")],
        ]
    )
    await update.effective_message.reply_text(who.t("privacy.forget_ask"), reply_markup=markup)


async def forget_choice(update: Update, context: Ctx, args: list[str]) -> None:
    who = await answered_press(update, context)
    if who is None or not args or args[0] not in ("erase", "anon", "no"):
        return
    if args[0] == "no":
        await context.bot.send_message(who.user_id, who.t("core.cancelled"))
        return
    await forget_everywhere(context, who.user_id, erase=args[0] == "erase")
    await context.bot.send_message(who.user_id, who.t(f"privacy.forgotten_{args[0]}"))


def without_private_sources(state_json: str, user_id: int) -> str:
    """Sources of messages from the person's private chat carry their id ("<id>:<message>").

    They are kept so that a repeated update changes nothing; for a forgotten
    person each becomes "forgotten:<random>": still unique, no longer theirs.
    """
    return re.sub(rf'"{user_id}:\d+"', lambda _: f'"forgotten:{secrets.token_hex(8)}"',
                  state_json)


async def forget_everywhere(context: Ctx, user_id: int, *, erase: bool) -> int:
    """Remove a person from every round, the log and the profile tables; return rounds changed."""
    svc = services(context)
    changed, open_ids, menus = await forgetting.forget_everywhere(
        svc.rounds, user_id, erase=erase,
        clean=lambda state_json: without_private_sources(state_json, user_id))
    svc.forget_senders({user_id})
    if menus:
        await take_menu(context.bot, menus, user_id)
    for round_id in open_ids:
        svc.live.mark_dirty(context, round_id)
    log.info("a person was forgotten (%s); %d rounds changed", "erased" if erase else
             "anonymized", changed)
    return changed


async def may_delete(context: Ctx, tx: Tx, event: Event, user_id: int) -> bool:
    """Whether the person's role in the event allows deleting it (the one role matrix decides)."""
    try:
        roles.require(DeleteEvent(actor=user_id, event_id=event.id),
                      await role_in(context, tx, event, None, user_id))
    except FlowError:  # a question here, not a move: no means no delete button
        return False
    return True


async def delete_event_ask(update: Update, context: Ctx, args: list[str]) -> None:
    """First tap on "delete": ask once more, naming the event."""
    who = await answered_press(update, context)
    if who is None or not args or not args[0].isdigit():
        return
    async with services(context).db.transaction() as tx:
        event = await people.get_event(tx, int(args[0]))
        allowed = event is not None and await may_delete(context, tx, event, who.user_id)
    if event is None or not allowed:
        await context.bot.send_message(who.user_id, who.t("not_allowed.organize"))
        return
    signer = services(context).signer
    markup = InlineKeyboardMarkup(
        [
            [signer.button(who.user_id, who.t("privacy.delete_confirm"), "delyes", event.id)],
            [signer.button(who.user_id, who.t("core.cancel"), "forget", "no")],
        ]
    )
    await context.bot.send_message(
        who.user_id, who.t("privacy.delete_ask", title=event.title), reply_markup=markup
    )


async def delete_event_confirmed(update: Update, context: Ctx, args: list[str]) -> None:
    who = await answered_press(update, context)
    if who is None or not args or not args[0].isdigit():
        return
    svc = services(context)
    async with svc.db.transaction() as tx:
        event = await people.get_event(tx, int(args[0]))
        allowed = event is not None and await may_delete(context, tx, event, who.user_id)
    if event is None:
        return
    if not allowed:
        await context.bot.send_message(who.user_id, who.t("not_allowed.organize"))
        return
    async with svc.exclusive(), svc.db.transaction() as tx:
        session_ids = {session.id for session in await people.sessions_of(tx, event.id)}
        open_ids = [
            r.id for r in await stored.all_open_rounds(tx) if r.session_id in session_ids
        ]
        ended = await delete_with_roles(tx, event.id)
    for round_id in open_ids:
        svc.timers.arm(round_id, None)
    await take_menus(context, ended)
    await context.bot.send_message(who.user_id, who.t("privacy.deleted", title=event.title))


@dataclass(frozen=True)
class EndedRoles:
    """The role holders of a deleted event: their menus in its chats go, and in their private
    chat for those who hold no role anywhere else."""

    chats: frozenset[int]
    holders: frozenset[int]
    left_with_none: frozenset[int]


async def delete_with_roles(tx: Tx, event_id: int) -> EndedRoles:
    """Delete an event (``storage.privacy.delete_event``) and say whose roles ended where."""
    chats = frozenset(session.chat_id for session in await people.sessions_of(tx, event_id))
    holders = frozenset({uid for role in ("organizer", "facilitator", "notetaker")
                         for uid in await people.people_with_role(tx, event_id, role)})
    await privacy.delete_event(tx, event_id)
    none_left = frozenset({uid for uid in holders if not await people.role_chats(tx, uid)})
    return EndedRoles(chats, holders, none_left)


async def take_menus(context: CallbackContext[Any, Any, Any, Any], ended: EndedRoles) -> None:
    """The roles ended with the event, and their menus."""
    for user_id in sorted(ended.holders):
        await take_menu(context.bot, ended.chats, user_id,
                        private=user_id in ended.left_with_none)


async def clean_up(context: CallbackContext[Any, Any, Any, Any]) -> None:
    """The daily job: delete events older than the retention period (once a day, in one of
    several processes on one database)."""
    svc = services(context)
    today = f"timer:retention:{utcnow().date().isoformat()}"
    if await take_timer(svc.shared, today) != 0:
        return
    async with svc.exclusive(), svc.db.transaction() as tx:
        expired = await privacy.expired_events(tx, svc.settings.retention_days)
        ended = [await delete_with_roles(tx, event_id) for event_id in expired]
        await inbox.prune(tx, iso(utcnow() - timedelta(days=2)))
        await leases.prune(tx, iso(await leases.server_time(tx)))
    await timer_fired(svc.shared, today)
    for roles_ended in ended:
        await take_menus(context, roles_ended)
    if expired:
        log.info("retention: deleted %d events", len(expired))


def schedule_clean_up(app: App) -> None:
    assert app.job_queue is not None
    app.job_queue.run_daily(clean_up, clock(hour=3, minute=30), name="retention")
    app.job_queue.run_once(clean_up, 60, name="retention-at-start")


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("privacy", privacy_command, private & NEW),
        CommandHandler("forgetme", forgetme, private & NEW),
    ]


BUTTONS: Buttons = (
    ("forget", forget_choice),
    ("delevent", delete_event_ask),
    ("delyes", delete_event_confirmed),
)
STARTS: Starts = ()
DIALOGS: Dialogs = ()
