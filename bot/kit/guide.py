"""``/guide``: the one-page guide for facilitators, in the person's language.

The guide is ``docs/ANLEITUNG.md`` (German) and ``docs/GUIDE.md`` (English);
they ship with the bot (``bot/kit/guides`` links to those files) and are sent
privately as plain text, a message per few sections where the page is longer
than one Telegram message. ``/help`` points to it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from telegram import Update

from bot.handling import private_who
from bot.messaging import MAX_TEXT
from bot.services import Ctx

GUIDES = {"de": "ANLEITUNG.md", "en": "GUIDE.md"}


@cache
def guide_text(language: str) -> str:
    name = GUIDES.get(language, GUIDES["de"])
    return resources.files("bot.kit").joinpath("guides", name).read_text(encoding="utf-8")


def parts(text: str, limit: int = MAX_TEXT) -> list[str]:
    """The text in messages of at most ``limit`` characters, each cut before a heading."""
    messages: list[str] = []
    for number, block in enumerate(text.split("\n## ")):
        section = (block if number == 0 else "## " + block).strip()
        if messages and len(messages[-1]) + len(section) + 2 <= limit:
            messages[-1] += "\n\n" + section
        elif section:
            messages.append(section[:limit])
    return messages


async def guide(update: Update, context: Ctx) -> None:
    """The guide, privately."""
    who = await private_who(update, context)
    if who is None or update.effective_message is None:
        return
    for part in parts(guide_text(who.person.language)):
        await update.effective_message.reply_text(part)
