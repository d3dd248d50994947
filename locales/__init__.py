"""The translation catalogue: gettext PO files, German first and English, one file per area.

``locales/<lang>/<area>.po`` holds messages keyed by a stable id (``msgid``,
e.g. ``pinboard.note_too_long``) with the text as ``msgstr``; placeholders use
``str.format`` syntax. Babel reads the files; the bot and the drafts ask a
``Translator`` for a language, show times of day with ``clock`` and numbers with
``decimal``.

A message that counts something has plural forms: its ``msgid_plural`` names
the placeholder that carries the number (``msgid_plural "count"``), and the
translator picks ``msgstr[0]`` or ``msgstr[1]`` by that number, so callers just
pass ``count=3`` and never choose a form themselves.

German has two ways to address people: ``Sie`` (``locales/de``, the default
and the only one outside an event) and ``du`` (``locales/de_du``, which holds
only the messages that address the reader and falls back to ``locales/de``).
An event chooses its address; English is the same for both.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
ADDRESSES = ("sie", "du")
DEFAULT_ADDRESS = "sie"
"""Sie unless an event chose du: a mayor and a professor are addressed as the reference does."""
INFORMAL = "de_du"
"""The catalogue of the German messages in du; every other message comes from ``de``."""

Text = str | tuple[str, ...]
"""A message: one text, or its plural forms in the catalogue's order."""


def pick_language(code: str | None, fallback: str = DEFAULT_LANGUAGE) -> str:
    """German or English from a Telegram language code; every other language gets the fallback."""
    if code:
        base = code.split("-")[0].split("_")[0].lower()
        if base in LANGUAGES:
            return base
    return fallback if fallback in LANGUAGES else DEFAULT_LANGUAGE


def pick_address(address: str | None) -> str:
    """``sie`` or ``du``; anything unknown is addressed formally."""
    return address if address in ADDRESSES else DEFAULT_ADDRESS


@cache
def forms(folder_name: str) -> dict[str, Text]:
    """Every message of one catalogue folder (``de``, ``de_du``, ``en``), from all its PO files."""
    messages: dict[str, Text] = {}
    folder = resources.files("locales").joinpath(folder_name)
    language = folder_name.split("_")[0]
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".po"):
            continue
        with entry.open("rb") as handle:
            for message in read_po(handle, locale=language):
                if isinstance(message.id, str) and message.id:
                    messages[message.id] = str(message.string or "")
                elif isinstance(message.id, tuple) and message.id[0]:
                    strings = message.string if isinstance(message.string, tuple) else ()
                    messages[str(message.id[0])] = (str(message.id[1]),
                                                    *(str(s or "") for s in strings))
    return messages


@cache
def catalogue(language: str, address: str = DEFAULT_ADDRESS) -> dict[str, Text]:
    """Every message of one language in one address: a plural message is its counting
    placeholder followed by its forms."""
    messages = dict(forms(language))
    if language == "de" and pick_address(address) == "du":
        messages.update(forms(INFORMAL))
    return messages


def plural_index(language: str, count: float) -> int:
    """Which plural form a number takes (German and English: the first for one, else the second)."""
    return 0 if Locale.parse(language).plural_form(count) == "one" else 1


class Translator:
    """Texts in one language and, for German, one address (Sie or du)."""

    def __init__(self, language: str, address: str = DEFAULT_ADDRESS) -> None:
        self.language = pick_language(language)
        self.address = pick_address(address)
        self._messages = catalogue(self.language, self.address)

    def __call__(self, key: str, **params: Any) -> str:
        text = self._messages.get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
        if isinstance(text, tuple):
            counter, *plurals = text
            number = params.get(counter, 1)
            index = plural_index(self.language, number if isinstance(number, int | float) else 1)
            text = plurals[min(index, len(plurals) - 1)]
        return text.format(**params) if params else text

    def has(self, key: str) -> bool:
        return bool(self._messages.get(key))


@cache
def translator(language: str, address: str = DEFAULT_ADDRESS) -> Translator:
    """The (shared) translator for a language and, for German, the event's address."""
    return Translator(language, address)


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


def decimal(value: float, language: str, digits: int = 1) -> str:
    """A number as the language writes it, with ``digits`` decimals: ``3,5`` and ``4,0`` in
    German, ``3.5`` in English (a mean rating, say)."""
    pattern = "0." + "0" * digits if digits > 0 else "0"
    return str(format_decimal(round(value, digits), format=pattern,
                              locale=pick_language(language)))
