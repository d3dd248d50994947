"""Key points of the fishbowl protocol, and forgetting a person (GDPR)."""

from __future__ import annotations

from datetime import datetime

from flows.base import FORGOTTEN, FlowError
from flows.fishbowl.model import FishbowlState, KeyPoint, Seat, Turn, check_point
from flows.fishbowl.report import (
    current_speaker,
    free_chairs,
    is_seated,
    occupants,
    running_turn,
)


def floor_holder(state: FishbowlState) -> int | None:
    """Who holds the floor: the person whose clock runs, else the person seated most recently."""
    speaker = current_speaker(state)
    if speaker is not None:
        return speaker
    seated = occupants(state)
    return seated[-1].user_id if seated else None


def _place(
    state: FishbowlState, speaker: int | None, now: datetime, *, latest: bool = True
) -> tuple[FishbowlState, int]:
    """The state with the turn a point goes to, and that turn's index.

    A named speaker: their latest turn (``latest``). Otherwise whoever holds the
    floor: the last turn if it is theirs (running or not), or a new untimed
    turn; with nobody seated, the latest turn. A seated person who never spoke
    gets an untimed turn too, so a round works without anyone starting a clock.
    """
    person = floor_holder(state) if speaker is None else speaker
    if person is None:
        if not state.turns:
            raise FlowError("fishbowl.no_turn_yet")
        return state, len(state.turns) - 1
    running = running_turn(state)
    if running is not None and running.user_id == person:
        return state, len(state.turns) - 1
    here = [i for i, turn in enumerate(state.turns) if turn.user_id == person]
    if here and (here[-1] == len(state.turns) - 1 or (speaker is not None and latest)):
        return state, here[-1]
    if speaker is not None and not is_seated(state, person):
        raise FlowError("fishbowl.no_turn_for_speaker")
    untimed = Turn(user_id=person, start=now, end=now, timed=False)
    at = len(state.turns) - (1 if running is not None else 0)
    turns = (*state.turns[:at], untimed, *state.turns[at:])  # a running turn stays the last
    return state.model_copy(update={"turns": turns}), at


def add_point(
    state: FishbowlState,
    text: str,
    author: int,
    speaker: int | None,
    source: str | None,
    now: datetime,
) -> FishbowlState:
    """Add a key point for whoever holds the floor or ``speaker`` (repeats were refused before)."""
    text = check_point(text)
    state, index = _place(state, speaker, now)
    return _with_point(state, index, KeyPoint(text=text, author=author, at=now, source=source))


def _with_point(state: FishbowlState, index: int, point: KeyPoint) -> FishbowlState:
    turn = state.turns[index]
    updated = turn.model_copy(update={"points": (*turn.points, point)})
    return state.model_copy(update={"turns": (*state.turns[:index], updated,
                                              *state.turns[index + 1:])})


def assign_point(state: FishbowlState, source: str, user_id: int, now: datetime) -> FishbowlState:
    """Move the point from ``source`` to a seated person (an untimed turn it leaves goes too)."""
    if not is_seated(state, user_id):
        raise FlowError("fishbowl.person_not_seated")
    found = next(((i, p) for i, turn in enumerate(state.turns) for p in turn.points
                  if p.source == source), None)
    if found is None:
        raise FlowError("fishbowl.point_gone")
    index, point = found
    if state.turns[index].user_id == user_id:
        return state
    left = state.turns[index].model_copy(
        update={"points": tuple(p for p in state.turns[index].points if p is not point)})
    kept = () if not left.timed and not left.points else (left,)
    state = state.model_copy(update={"turns": (*state.turns[:index], *kept,
                                               *state.turns[index + 1:])})
    state, target = _place(state, user_id, now, latest=False)
    return _with_point(state, target, point)


def has_point_from(state: FishbowlState, source: str) -> bool:
    """Whether a key point came from this message already (a repeated update)."""
    return any(point.source == source for turn in state.turns for point in turn.points)


def forget(state: FishbowlState, user_id: int, erase: bool) -> FishbowlState:
    """Erase a person's seats, turns and points, or keep them under ``FORGOTTEN``.

    Either way they leave the queue: waiting is not a contribution, and a
    forgotten person must not be seated later.
    """
    queue = tuple(entry for entry in state.queue if entry.user_id != user_id)
    facilitator = FORGOTTEN if state.facilitator == user_id else state.facilitator
    asked = None if state.asked_to_leave == user_id else state.asked_to_leave
    if erase:
        seats = tuple(seat for seat in state.seats if seat.user_id != user_id)
        turns = tuple(_without_points(t, user_id) for t in state.turns if t.user_id != user_id)
    else:
        # The person leaves the circle now: an open seat or a running clock of theirs
        # ends at the last moment the fishbowl knows, so no ghost keeps a chair.
        last = _last_moment(state)
        seats = tuple(_anonymous_seat(seat, user_id, last) for seat in state.seats)
        turns = tuple(_anonymous_turn(turn, user_id, last) for turn in state.turns)
    new = state.model_copy(
        update={
            "queue": queue,
            "facilitator": facilitator,
            "seats": seats,
            "turns": turns,
            "asked_to_leave": asked,
        }
    )
    if free_chairs(new) > 0:
        new = new.model_copy(update={"asked_to_leave": None})
    return new


def _without_points(turn: Turn, user_id: int) -> Turn:
    points = tuple(point for point in turn.points if point.author != user_id)
    return turn.model_copy(update={"points": points})


def _last_moment(state: FishbowlState) -> datetime | None:
    """The latest time the state records (seats, turns, points)."""
    moments = [m for seat in state.seats for m in (seat.start, seat.end) if m is not None]
    moments += [m for turn in state.turns for m in (turn.start, turn.end) if m is not None]
    moments += [point.at for turn in state.turns for point in turn.points]
    return max(moments, default=None)


def _anonymous_seat(seat: Seat, user_id: int, last: datetime | None) -> Seat:
    if seat.user_id != user_id:
        return seat
    end = seat.end if seat.end is not None else max(filter(None, (last, seat.start)))
    return seat.model_copy(update={"user_id": FORGOTTEN, "end": end})


def _anonymous_turn(turn: Turn, user_id: int, last: datetime | None) -> Turn:
    points = tuple(
        point.model_copy(update={"author": FORGOTTEN}) if point.author == user_id else point
        for point in turn.points
    )
    if turn.user_id != user_id:
        return turn.model_copy(update={"points": points})
    end = turn.end if turn.end is not None else max(filter(None, (last, turn.start)))
    return turn.model_copy(update={"user_id": FORGOTTEN, "points": points, "end": end})
