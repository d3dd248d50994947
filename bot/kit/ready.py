"""``/ready``: before the day, an organizer sees privately whether the event is ready.

One message, per session: its facilitators and note-takers (the event's role
holders the bot has seen in that session's group), marked where they have not
opened the private chat; whether the bot administers the group with the rights
it needs (``flows.kit.RIGHTS``). Then the role holders out of reach who were
seen in no group, and a verdict: all ready, or how many points are open. "Neu
prüfen" asks again and edits the message in place.

How the bot knows who opened the private chat: it asks Telegram, which refuses
(403) a chat action to someone who never started the bot or blocked it; to
everyone else it shows "typing…" for a moment, and nothing is sent. The bot's
rights come from ``getChatMember`` for its own id in each group.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import ChatMemberAdministrator, ChatMemberOwner, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.error import Forbidden, TelegramError

from bot.handling import answered_press
from bot.kit.events import event_command, organized
from bot.messaging import name_of
from bot.screens import show
from bot.services import Ctx, Who, services
from flows import kit as rules
from flows.access import Role
from storage import people
from storage.records import Event, Person, Session

log = logging.getLogger(__name__)
RECHECK = "rdnew"
"""The button that checks again and edits the message in place."""
TELEGRAM_RIGHTS = {"pin": "can_pin_messages", "delete": "can_delete_messages",
                   "invite": "can_invite_users"}
"""Each right the bot needs (``flows.kit.RIGHTS``) as Telegram's administrator rights name it."""


@dataclass(frozen=True)
class SessionCheck:
    session: Session
    facilitators: list[Person]
    notetakers: list[Person]


async def reachable(context: Ctx, user_id: int) -> bool:
    """Whether the bot may write to the person privately (they opened the private chat)."""
    try:
        await context.bot.send_chat_action(user_id, ChatAction.TYPING)
    except Forbidden:
        return False
    except TelegramError as error:
        log.info("no chat action for a role holder: %s", error)
        return False
    return True


async def missing_rights(context: Ctx, chat_id: int) -> tuple[str, ...] | None:
    """The rights the bot lacks in the group; ``None`` when it is no administrator there."""
    try:
        member = await context.bot.get_chat_member(chat_id, context.bot.id)
    except TelegramError as error:
        log.info("the bot's rights in a group are unknown: %s", error)
        return None
    if isinstance(member, ChatMemberOwner):
        return ()
    if not isinstance(member, ChatMemberAdministrator):
        return None
    return tuple(right for right in rules.RIGHTS
                 if not getattr(member, TELEGRAM_RIGHTS[right], False))


async def readiness(context: Ctx, who: Who, event: Event) -> str:
    """The readiness message for the event, in the organizer's language."""
    t = who.t
    async with services(context).db.transaction() as tx:
        sessions = [s for s in await people.sessions_of(tx, event.id) if s.ended_at is None]
        holders = {role: await people.people_with_role(tx, event.id, role)
                   for role in (Role.FACILITATOR, Role.NOTETAKER)}
        found = await people.people_by_id(
            tx, sorted({user for users in holders.values() for user in users}))
        checks = []
        for session in sessions:
            present = {role: [found[user] for user in users if user in found
                              and await people.is_member(tx, session.id, user)]
                       for role, users in holders.items()}
            checks.append(SessionCheck(session, present[Role.FACILITATOR],
                                       present[Role.NOTETAKER]))
    if not checks:
        return "\n\n".join((t("ready.title", title=event.title),
                            t("ready.no_sessions", code=event.code)))
    out_of_reach = {user for user in found if not await reachable(context, user)}
    rights = {chat: await missing_rights(context, chat)
              for chat in dict.fromkeys(check.session.chat_id for check in checks)}

    def names(persons: list[Person]) -> str:
        return ", ".join(t("ready.unreachable", name=name_of(person))
                         if person.user_id in out_of_reach else name_of(person)
                         for person in persons)

    parts = [t("ready.title", title=event.title)]
    for check in checks:
        lacking = rights[check.session.chat_id]
        lines = [
            t("ready.session", title=check.session.title),
            t("ready.facilitators", names=names(check.facilitators)) if check.facilitators
            else t("ready.no_facilitator"),
            t("ready.notetakers", names=names(check.notetakers)) if check.notetakers
            else t("ready.no_notetaker"),
            t("ready.bot_not_admin") if lacking is None
            else t("ready.bot_lacks", rights=", ".join(t(f"ready.right_{r}") for r in lacking))
            if lacking else t("ready.bot_ready"),
        ]
        parts.append("\n".join(lines))
    seen = {p.user_id for c in checks for p in (*c.facilitators, *c.notetakers)}
    elsewhere = [found[user] for user in sorted(out_of_reach - seen)]
    if elsewhere:
        parts.append(t("ready.unreachable_elsewhere",
                       names=", ".join(name_of(person) for person in elsewhere)))
    count = rules.open_points(
        without_facilitator=sum(1 for check in checks if not check.facilitators),
        groups_lacking=sum(1 for lacking in rights.values() if lacking != ()),
        unreachable=len(out_of_reach))
    parts.append(t("ready.all_ready") if count == 0 else t("ready.open", count=count))
    return "\n\n".join(parts)


def recheck_markup(context: Ctx, who: Who, event: Event) -> InlineKeyboardMarkup:
    signer = services(context).signer
    return InlineKeyboardMarkup(
        [[signer.button(who.user_id, who.t("ready.recheck"), RECHECK, event.id)]])


async def show_readiness(context: Ctx, who: Who, event: Event,
                         message: object = None) -> None:
    text = await readiness(context, who, event)
    await show(context, who.user_id, message, text, recheck_markup(context, who, event))


async def recheck(update: Update, context: Ctx, args: list[str]) -> None:
    """"Neu prüfen": the same check again, edited into the message pressed on."""
    who = await answered_press(update, context)
    query = update.callback_query
    if who is None or not args or query is None:
        return
    event = await organized(context, who, args[0], rules.CheckReadiness)
    await show_readiness(context, who, event, query.message)


ready_command, ready_event = event_command("rdev", rules.CheckReadiness, show_readiness)
"""``/ready`` privately (and the button of ``/events``): the readiness of one of one's events."""
