"""Durations as people write them: ``15m``, ``15 Min.``, ``15min``, ``1,5 h``, ``90s``, ``1 hour``.

One reader for every command that takes a time. A duration is a number with a
unit, glued to it or apart (``15min``, ``15 Minuten``), in German or English,
with a decimal comma or point (``1,5 h``); parts add up (``1h30m``,
``1 Std. 30 Min.``). A number without a unit is a duration only where the
command takes nothing else there (``/extend 5``); elsewhere it is content:
``/pinboard 2 Tage Konferenz`` is a board titled "2 Tage Konferenz". Zero,
negative durations and durations longer than a day are refused, because they
are typing mistakes (and a huge one would overflow a date).
"""

from __future__ import annotations

import re
from decimal import Decimal

from flows.base import FlowError

MAX_MINUTES = 24 * 60
"""The longest timer a command may set: a workshop round never runs for more than a day."""
OUT_OF_RANGE = "core.duration_out_of_range"
"""The refusal of a duration that was read but is zero, negative or longer than a day."""

_UNIT_SECONDS: dict[str, int] = {
    **dict.fromkeys(("s", "sek", "sec", "secs", "sekunde", "sekunden", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minuten", "minutes"), 60),
    **dict.fromkeys(("h", "std", "stunde", "stunden", "hr", "hrs", "hour", "hours"), 3600),
}
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_UNIT = re.compile(r"[ \t]*([^\W\d_]+)\.?")
_SIGN = re.compile(r"[-−][ \t]*(?=[0-9])")
"""A minus sign (hyphen or U+2212; a dash "–" is punctuation in German, not a sign)."""
_GLUED = re.compile(r"[0-9][\w.,]*")
_DIGITS = frozenset("0123456789")


def take_duration(text: str, *, bare: bool = False) -> tuple[float, str] | None:
    """The minutes of a duration at the start of ``text`` and the text after it.

    ``None`` if the text starts with anything else: a word, a number followed by
    a word that is no unit, or (unless ``bare``) a number without a unit.
    """
    text = text.lstrip()
    sign = _SIGN.match(text)
    seconds, end = _read(text, sign.end() if sign else 0, bare=bare)
    if end is None:
        return None
    if sign is not None or not 0 < seconds <= MAX_MINUTES * 60:
        raise FlowError(OUT_OF_RANGE)
    whole = round(seconds)
    if whole == 0:
        raise FlowError(OUT_OF_RANGE)
    return whole / 60, text[end:].lstrip()


def parse_duration(text: str) -> float | None:
    """The whole ``text`` as a duration in minutes (a bare number counts); else ``None``."""
    taken = take_duration(text, bare=True)
    return taken[0] if taken is not None and not taken[1] else None


def unreadable(word: str) -> bool:
    """Whether ``word`` is a number glued to letters that are no unit (``10x``): a typo."""
    return (
        _GLUED.fullmatch(word) is not None
        and any(char.isalpha() for char in word)
        and take_duration(word) is None
    )


def _read(text: str, start: int, *, bare: bool) -> tuple[Decimal, int | None]:
    """Seconds of the number-and-unit parts from ``start``, and where they end (``None``: none)."""
    total, end, position = Decimal(0), None, start
    while number := _NUMBER.match(text, position):
        value = Decimal(number.group().replace(",", "."))
        unit = _UNIT.match(text, number.end())
        glued = unit is not None and unit.start(1) == number.end()
        factor = _UNIT_SECONDS.get(unit.group(1).lower()) if unit is not None else None
        if unit is not None and factor is not None and _ends_part(text, unit.end()):
            total += value * factor
            end = position = unit.end()
            if text[position : position + 1] in _DIGITS:
                continue  # glued parts such as "1h30m"
            position = len(text) - len(text[position:].lstrip(" \t"))
            continue
        if end is not None:
            # A glued chain must be units all the way ("1h30" is not read as 60 minutes).
            return (total, None) if text[end : end + 1] in _DIGITS else (total, end)
        if bare and not glued and _ends_part(text, number.end()):
            return value * 60, number.end()
        return total, None
    return total, end


def _ends_part(text: str, end: int) -> bool:
    """A part ends at the end of the text, before white space or before the next glued part."""
    return end == len(text) or text[end].isspace() or text[end] in _DIGITS
