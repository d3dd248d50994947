"""Reading the fishbowl's commands: ``/fishbowl [chairs] [seat time] topic``, ``/seat``, ``/point``.

These are format rules (how many chairs, what a seat label may be), so they
live with the flow; the adapter resolves who is meant (reply or @username).
"""

from __future__ import annotations

from flows.base import FlowError, parse_duration
from flows.fishbowl.model import (
    DEFAULT_CHAIRS,
    AddOwnPoint,
    AddPoint,
    OpenFishbowl,
    SeatPerson,
    check_chairs,
    check_label,
    check_point,
    check_topic,
)


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
    """``/fishbowl 5 4m Was nehmen wir aus den Werkstätten mit?`` -> chairs, seat time, topic."""
    rest = _without_command(text, "fishbowl")
    chairs = DEFAULT_CHAIRS
    first, after = _split_first(rest)
    if first.isascii() and first.isdigit():
        chairs = check_chairs(int(first))
        rest = after
        first, after = _split_first(rest)
    seat_minutes = parse_duration(first) if first else None
    if seat_minutes is not None:
        rest = after
    return OpenFishbowl(
        actor=actor, topic=check_topic(rest), chairs=chairs, seat_minutes=seat_minutes
    )


def parse_seat(text: str, actor: int, user_id: int) -> SeatPerson:
    """``/seat @someone WS1`` or ``/seat WS1`` in reply: the label is what follows the person."""
    rest = _without_command(text, "seat")
    words = [word for word in rest.split() if not word.startswith("@")]
    return SeatPerson(actor=actor, user_id=user_id, label=check_label(" ".join(words)))


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
