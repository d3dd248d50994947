"""The translation catalogue: gettext PO files, German first and English, one file per area.

``locales/<lang>/<area>.po`` holds messages keyed by a stable id (``msgid``,
e.g. ``pinboard.note_too_long``) with the text as ``msgstr``; placeholders use
``str.format`` syntax. Babel reads the files; the bot and the drafts ask a
``Translator`` for a language, and show times of day with ``clock``.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.messages.pofile import read_po

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"


def pick_language(code: str | None, fallback: str = DEFAULT_LANGUAGE) -> str:
    """German or English from a Telegram language code; every other language gets the fallback."""
    if code:
        base = code.split("-")[0].split("_")[0].lower()
        if base in LANGUAGES:
            return base
    return fallback if fallback in LANGUAGES else DEFAULT_LANGUAGE


@cache
def catalogue(language: str) -> dict[str, str]:
    """Every message of one language, from all its PO files."""
    messages: dict[str, str] = {}
    folder = resources.files("locales").joinpath(language)
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".po"):
            continue
        with entry.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if message.id and isinstance(message.id, str):
                    messages[message.id] = str(message.string or "")
    return messages


class Translator:
    """Texts in one language."""

    def __init__(self, language: str) -> None:
        self.language = pick_language(language)
        self._messages = catalogue(self.language)

    def __call__(self, key: str, **params: Any) -> str:
        text = self._messages.get(key)
        if not text:
            text = catalogue(DEFAULT_LANGUAGE).get(key) or key
        return text.format(**params) if params else text

    def has(self, key: str) -> bool:
        return bool(self._messages.get(key))


@cache
def translator(language: str) -> Translator:
    return Translator(language)


DEFAULT_ZONE = "Europe/Berlin"
"""The workshops happen in Germany unless the operator says otherwise."""


def known_zone(name: str) -> bool:
    """Whether ``name`` is a time zone this machine knows (``Europe/Berlin``)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder, "Europe"
        return False
    return True


def use_zone(name: str) -> None:
    """Show times in this zone from now on (the bot's setting; UTC if the machine lacks it)."""
    global LOCAL
    LOCAL = ZoneInfo(name) if known_zone(name) else None


LOCAL: ZoneInfo | None = ZoneInfo(DEFAULT_ZONE) if known_zone(DEFAULT_ZONE) else None


def clock(moment: datetime | None) -> str:
    """A time of day as people in the room read it, ``14:05``; ``…`` for one not yet known."""
    return "…" if moment is None else moment.astimezone(LOCAL).strftime("%H:%M")
