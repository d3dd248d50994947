"""An event's programme (agenda): days, times, titles and kinds, linked to its sessions.

The reference is ordered by its programme: "TAG 1" with welcome, workshops,
keynote and a fishbowl, "TAG 2" with workshops and a closing podium. The
organizer enters it privately, step by step or as one line each:

    1 09:30 Begrüßung Grußworte der Bürgermeisterin
    Tag 2, 13:00, Werkstatt, Kooperationen und Netzwerke neu denken

(the day, an optional time, the kind, the title). An entry may be linked to
one of the event's sessions; the draft follows the programme day by day, in
time order, and sessions not on it come after. Breaks are on the programme
but not in the draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from flows.access import ORGANIZE, Matrix
from flows.base import Event, FlowError, Value, has_visible_text

Kind = Literal["welcome", "keynote", "podium", "workshop", "break", "closing"]
KINDS: tuple[Kind, ...] = ("welcome", "keynote", "podium", "workshop", "break", "closing")
KIND_WORDS: dict[str, Kind] = {
    **dict.fromkeys(("begrüßung", "begruessung", "begrüssung", "grußwort", "grußworte",
                     "eröffnung", "welcome", "opening"), "welcome"),
    **dict.fromkeys(("keynote", "vortrag", "talk", "impulsvortrag"), "keynote"),
    **dict.fromkeys(("podium", "podiumsgespräch", "panel", "fishbowl", "diskussion"), "podium"),
    **dict.fromkeys(("werkstatt", "workshop", "ws", "arbeitsgruppe", "session"), "workshop"),
    **dict.fromkeys(("pause", "mittagspause", "kaffeepause", "break", "lunch"), "break"),
    **dict.fromkeys(("abschluss", "schlussrunde", "closing", "verabschiedung"), "closing"),
}
"""Words an organizer may type for each kind, German or English, in lower case."""
MAX_DAYS = 9
MAX_ENTRIES = 60
MAX_TITLE = 200


class EditProgramme(Event):
    """Add, change or delete an entry of the event's programme."""

    event_id: int


PERMISSIONS: Matrix = {EditProgramme: ORGANIZE}
"""Only organizers shape the programme."""


class Entry(Value):
    """One part of the programme; ``session_id`` links it to the session documenting it."""

    id: int = 0
    day: int
    time: str | None = None
    """"09:30"; ``None`` for an entry without a time."""
    title: str
    kind: Kind
    session_id: int | None = None


class Line(Value):
    """An entry as typed in one line, before it is stored."""

    day: int
    time: str | None
    kind: Kind
    title: str


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?:\s*uhr)?$", re.IGNORECASE)


def parse_time(text: str) -> str:
    """"9:30", "09.30", "9 Uhr", "14:00 Uhr" → "09:30", "09:00", "14:00"."""
    match = _TIME.match(text.strip())
    if match is None:
        raise FlowError("programme.time_unclear")
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 23 or minutes > 59:
        raise FlowError("programme.time_unclear")
    return f"{hours:02d}:{minutes:02d}"


def parse_day(text: str) -> int:
    """"1", "Tag 2", "Day 3", "T2" → the day's number (1 to 9)."""
    match = re.fullmatch(r"(?:tag|day|t|d)?\s*(\d{1,2})\.?", text.strip(), re.IGNORECASE)
    if match is None or not 1 <= int(match.group(1)) <= MAX_DAYS:
        raise FlowError("programme.day_unclear", max=MAX_DAYS)
    return int(match.group(1))


def parse_kind(text: str) -> Kind:
    found = KIND_WORDS.get(text.strip().rstrip(":,;").lower())
    if found is None:
        raise FlowError("programme.kind_unclear")
    return found


def clean_title(text: str) -> str:
    title = " ".join(text.split())
    if not has_visible_text(title):
        raise FlowError("programme.title_missing")
    if len(title) > MAX_TITLE:
        raise FlowError("programme.title_too_long", max=MAX_TITLE)
    return title


_LINE = re.compile(
    r"^\s*(?P<day>(?:tag|day|t|d)?\s*\d{1,2}\.?)\s*[,;]?\s+"
    r"(?:(?P<time>\d{1,2}(?:[:.]\d{2})?)(?:\s*[-–]\s*\d{1,2}(?:[:.]\d{2})?)?(?:\s*uhr)?"
    r"\s*[,;]?\s+)?"
    r"(?P<kind>[^\s,;:]+)(?:\s*[,;:]?\s+(?P<title>.+?))?\s*$",
    re.IGNORECASE,
)


def parse_line(text: str) -> Line:
    """One entry in one line: day, optional time, kind, title (commas optional; a break
    needs no title)."""
    match = _LINE.match(" ".join(text.split()))
    if match is None:
        raise FlowError("programme.line_unclear")
    time = parse_time(match.group("time")) if match.group("time") else None
    kind = parse_kind(match.group("kind"))
    return Line(day=parse_day(match.group("day")), time=time, kind=kind,
                title=entry_title(match.group("title") or "", kind))


def entry_title(text: str, kind: Kind) -> str:
    """The title of an entry: required, except for a break (which may go without)."""
    if kind == "break" and not has_visible_text(text):
        return ""
    return clean_title(text)


def in_order(entries: Iterable[Entry]) -> list[Entry]:
    """Day by day; within a day by time, entries without a time after, each in the order
    they were entered."""
    return sorted(entries, key=lambda e: (e.day, e.time is None, e.time or "", e.id))


def by_day(entries: Iterable[Entry]) -> list[tuple[int, list[Entry]]]:
    """The entries in order, grouped by day."""
    days: dict[int, list[Entry]] = {}
    for entry in in_order(entries):
        days.setdefault(entry.day, []).append(entry)
    return list(days.items())


def check_room(count: int) -> None:
    """A programme holds at most ``MAX_ENTRIES`` entries."""
    if count >= MAX_ENTRIES:
        raise FlowError("programme.full", max=MAX_ENTRIES)
