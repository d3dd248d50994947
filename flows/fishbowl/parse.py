"""Reading the fishbowl's commands: ``/fishbowl [chairs] [seat time] topic``, ``/seat``, ``/point``.

These are format rules (how many chairs, what a seat label may be), so they
live with the flow; the adapter resolves who is meant (reply or @username).
Chairs and seat time before the topic are named (``chairs=5``, ``Sitzzeit=4``)
or carry their unit (``5 Stühle``, ``4 Min.``); a bare number counts as chairs
only right before a seat time (``/fishbowl 5 4m Topic``), so
``/fishbowl 3 Orte gibt es überall`` is a topic.
"""

from __future__ import annotations

import re

from flows.base import FlowError, has_visible_text
from flows.durations import parse_duration, take_duration
from flows.fishbowl.model import (
    DEFAULT_CHAIRS,
    MAX_CHAIRS,
    MIN_CHAIRS,
    AddOwnPoint,
    AddPoint,
    FixSeat,
    OpenFishbowl,
    SeatPerson,
    check_chairs,
    check_label,
    check_point,
    check_topic,
)

_CHAIRS = frozenset({"stühle", "stuehle", "stuhl", "chairs", "chair"})
"""Words that name the chairs, after a number (``5 Stühle``) or before ``=`` (``chairs=5``)."""
_SEAT_TIME = frozenset({"sitzzeit", "zeit", "seat", "time", "min", "minuten", "minutes"})
"""Names of the seat time before ``=`` (``Sitzzeit=4``, ``seat=90s``)."""
_NAMED = re.compile(r"([^\W\d_]+)=(\S+)")


def _split_first(text: str) -> tuple[str, str]:
    """The first word and the rest (the rest keeps its line breaks)."""
    parts = text.strip().split(maxsplit=1)
    if not parts:
        return "", ""
    return parts[0], parts[1] if len(parts) > 1 else ""


def _without_command(text: str, command: str) -> str:
    """Drop a leading ``/command`` or ``/command@botname``; other text stays as it is."""
    first, rest = _split_first(text)
    name = first.split("@", 1)[0].lower()
    return rest if name == f"/{command}" else text.strip()


def parse_open(text: str, actor: int) -> OpenFishbowl:
    """``/fishbowl 5 Stühle 4 Min. Was nehmen wir mit?`` -> chairs, seat time, topic (any order)."""
    topic, chairs, seat_minutes = read_open(text)
    return OpenFishbowl(
        actor=actor,
        topic=topic,
        chairs=DEFAULT_CHAIRS if chairs is None else chairs,
        seat_minutes=seat_minutes,
    )


def read_open(text: str) -> tuple[str, int | None, float | None]:
    """The topic, and the chairs and seat time where the command gives them (else ``None``:
    the adapter may ask for what is missing)."""
    rest = _without_command(text, "fishbowl")
    chairs: int | None = None
    seat_minutes: float | None = None
    while True:
        if chairs is None and (found := _chairs(rest)) is not None:
            chairs, rest = found
        elif seat_minutes is None and (timed := _seat_time(rest)) is not None:
            seat_minutes, rest = timed
        else:
            break
    return check_topic(rest), chairs, seat_minutes


def _chairs(text: str) -> tuple[int, str] | None:
    """Chairs at the start: ``chairs=5``, ``5 Stühle``, or ``5`` before a seat time or nothing."""
    first, after = _split_first(text)
    named = _NAMED.fullmatch(first)
    if named is not None and named.group(1).lower() in _CHAIRS:
        if not named.group(2).isdecimal():
            raise FlowError("fishbowl.chairs_out_of_range", min=MIN_CHAIRS, max=MAX_CHAIRS)
        return check_chairs(int(named.group(2))), after
    if not (first.isascii() and first.isdecimal()):
        return None
    word, later = _split_first(after)
    if word.lower().rstrip(".,") in _CHAIRS:
        return check_chairs(int(first)), later
    if not has_visible_text(after) or take_duration(after) is not None:
        return check_chairs(int(first)), after
    return None


def _seat_time(text: str) -> tuple[float, str] | None:
    """A seat time at the start: ``Sitzzeit=4`` (a bare number counts there) or ``4 Min.``."""
    first, after = _split_first(text)
    named = _NAMED.fullmatch(first)
    if named is not None and named.group(1).lower() in _SEAT_TIME:
        minutes = parse_duration(named.group(2))
        if minutes is None:
            raise FlowError("fishbowl.bad_duration")
        return minutes, after
    return take_duration(text)


_FIX = frozenset({"fest", "fixed", "fix", "📌"})
"""A last word that seats someone on a fixed seat (``/seat WS1 fest``), or fixes a seated one."""
_UNFIX = frozenset({"lösen", "loesen", "unfix"})
"""The word that frees a fixed seat again (``/seat lösen``)."""


def parse_seat(text: str, actor: int, user_id: int) -> SeatPerson | FixSeat:
    """``/seat @someone WS1 [fest]`` or ``/seat WS1`` in reply: the label follows the person.

    ``/seat fest`` or ``/seat lösen`` alone fixes or frees a seated person's seat.
    """
    rest = _without_command(text, "seat")
    words = [word for word in rest.split() if not word.startswith("@")]
    last = words[-1].lower() if words else ""
    if len(words) == 1 and (last in _FIX or last in _UNFIX):
        return FixSeat(actor=actor, user_id=user_id, fixed=last in _FIX)
    fixed = last in _FIX
    label = check_label(" ".join(words[:-1] if fixed else words))
    return SeatPerson(actor=actor, user_id=user_id, label=label, fixed=fixed)


def parse_point(
    text: str,
    actor: int,
    *,
    recorder: bool,
    speaker: int | None = None,
    source: str | None = None,
) -> AddPoint | AddOwnPoint:
    """``/point text``: a recorder's point (for ``speaker`` or the latest turn), or a speaker's.

    ``recorder`` says whether the actor is a facilitator or note-taker; anyone
    else may only add to their own running turn.
    """
    body = check_point(_without_command(text, "point"))
    if recorder:
        return AddPoint(actor=actor, text=body, speaker=speaker, source=source)
    if speaker is not None and speaker != actor:
        raise FlowError("fishbowl.point_own_turn_only")
    return AddOwnPoint(actor=actor, text=body, source=source)
