"""Command menus per scope and language (setMyCommands): everyone's, and each role holder's own.

The lists for everyone: private chats, group members, group administrators.
A facilitator, note-taker or organizer gets a menu of their own in each session
chat (``BotCommandScopeChatMember``, which covers all its forum topics) and in
their private chat (``BotCommandScopeChat``). Telegram shows the most specific
scope *instead of* the lower ones, so each list is the union of everything the
person may do there; the lists of the session chats come from the move tables
(``bot.moves.menu``). Every menu is set for each language and once without one,
and a role holder's own menus go when the role ends or the person is forgotten.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeChatMember,
)
from telegram.error import TelegramError

from bot.moves import menu
from flows.roles import Role
from locales import DEFAULT_LANGUAGE, LANGUAGES, translator

log = logging.getLogger(__name__)
PRIVATE = ("start", "newevent", "events", "export", "profile", "privacy", "forgetme", "help")
RANK = (Role.ORGANIZER, Role.FACILITATOR, Role.NOTETAKER)
ROLE_MENUS: dict[Role, tuple[str, ...]] = {role: menu(role) for role in RANK}
"""A role holder's menu in a session chat: everything the role may do there, from the move
tables and the role matrix (``bot.moves.menu``), never a hand-kept list."""
MEMBERS = menu(Role.PARTICIPANT)
"""Everyone's menu in groups: what a participant may send there."""
ADMINS = menu(Role.ORGANIZER)
"""Administrators facilitate, and the organizer who links the chat is one before any role
menu is set there: everything."""
PANEL = ("panel", *PRIVATE, "minutes", "programme", "survey", "ready", "results", "organizer",
         "guide")
"""A role holder's private chat: the panel first, then what everyone has there, then the
minutes, the programme and the organizer's kit (the survey, the readiness check, sending the
results, co-organizers, the guide)."""
MENUS: tuple[tuple[BotCommandScope, tuple[str, ...]], ...] = (
    (BotCommandScopeAllPrivateChats(), PRIVATE),
    (BotCommandScopeAllGroupChats(), MEMBERS),
    (BotCommandScopeAllChatAdministrators(), ADMINS),
)


def commands(names: tuple[str, ...], language: str) -> list[BotCommand]:
    t = translator(language)
    return [BotCommand(name, t(f"menu.{name}")) for name in names]


async def set_in_every_language(bot: Bot, scope: BotCommandScope,
                                names: tuple[str, ...]) -> int:
    """One scope's menu in each language and once without one; return the calls made."""
    calls = 0
    for language in (*LANGUAGES, None):
        kwargs: dict[str, Any] = {"scope": scope}
        if language is not None:
            kwargs["language_code"] = language
        await bot.set_my_commands(commands(names, language or DEFAULT_LANGUAGE), **kwargs)
        calls += 1
    return calls


async def set_menus(bot: Bot) -> int:
    """Set every menu in both languages, plus the default (German); return the calls made."""
    calls = 0
    for scope, names in MENUS:
        calls += await set_in_every_language(bot, scope, names)
    return calls


def strongest(held: Iterable[Role]) -> Role | None:
    """The role whose menu a person gets (an organizer's includes a facilitator's)."""
    roles = set(held)
    return next((role for role in RANK if role in roles), None)


async def give_menu(bot: Bot, chat_id: int, user_id: int, held: Iterable[Role]) -> bool:
    """A role holder's menus: in the session chat, and the panel's in their private chat.

    Best effort: a menu that Telegram refuses (the bot left the group, the person
    never opened the private chat) leaves the lower lists in place.
    """
    role = strongest(held)
    if role is None:
        return False
    try:
        await set_in_every_language(bot, BotCommandScopeChatMember(chat_id, user_id),
                                    ROLE_MENUS[role])
    except TelegramError as error:
        log.info("no role menu in chat %s: %s", chat_id, error)
        return False
    try:
        await set_in_every_language(bot, BotCommandScopeChat(user_id), PANEL)
    except TelegramError as error:
        log.info("no panel menu in a private chat: %s", error)
    return True


async def take_menu(bot: Bot, chat_ids: Iterable[int], user_id: int, *,
                    private: bool = True) -> None:
    """A role ended: the person's own menus in these chats go, the lists for everyone show
    again; with ``private`` (no role left anywhere) the panel's menu in their private chat too."""
    scopes: list[BotCommandScope] = [BotCommandScopeChatMember(chat_id, user_id)
                                     for chat_id in sorted(set(chat_ids))]
    if private:
        scopes.append(BotCommandScopeChat(user_id))
    for scope in scopes:
        for language in (*LANGUAGES, None):
            try:
                await bot.delete_my_commands(scope=scope, language_code=language)
            except TelegramError as error:
                log.info("menu not removed: %s", error)
