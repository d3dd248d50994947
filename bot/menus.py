"""Command menus per scope and language (setMyCommands): private, group members, administrators."""

from __future__ import annotations

from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
)

from locales import DEFAULT_LANGUAGE, LANGUAGES, translator

PRIVATE = ("start", "newevent", "events", "export", "profile", "privacy", "forgetme", "help")
MEMBERS = ("note", "undo", "join", "interest", "proposal", "quote", "help")
ADMINS = (
    "session", "facilitator", "notetaker", "endsession", "pinboard", "cluster", "vote",
    "fishbowl", "seat", "next", "speaks", "point", "council", "assign", "round", "amend",
    "extend", "close", "hide", "photo", "note", "quote", "help",
)
MENUS: tuple[tuple[BotCommandScope, tuple[str, ...]], ...] = (
    (BotCommandScopeAllPrivateChats(), PRIVATE),
    (BotCommandScopeAllGroupChats(), MEMBERS),
    (BotCommandScopeAllChatAdministrators(), ADMINS),
)


def commands(names: tuple[str, ...], language: str) -> list[BotCommand]:
    t = translator(language)
    return [BotCommand(name, t(f"menu.{name}")) for name in names]


async def set_menus(bot: Bot) -> int:
    """Set every menu in both languages, plus the default (German); return the calls made."""
    calls = 0
    for scope, names in MENUS:
        for language in (*LANGUAGES, None):
            kwargs: dict[str, Any] = {"scope": scope}
            if language is not None:
                kwargs["language_code"] = language
            await bot.set_my_commands(commands(names, language or DEFAULT_LANGUAGE), **kwargs)
            calls += 1
    return calls
