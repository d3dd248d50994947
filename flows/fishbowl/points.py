"""Key points of the fishbowl protocol, and forgetting a person (GDPR)."""

from __future__ import annotations

from datetime import datetime

from flows.base import FORGOTTEN, FlowError
from flows.fishbowl.model import FishbowlState, KeyPoint, Seat, Turn, check_point
from flows.fishbowl.report import free_chairs


def _target_turn(state: FishbowlState, speaker: int | None) -> int:
    """The turn a point goes to: the latest one (running, if any), or the speaker's latest."""
    for index in range(len(state.turns) - 1, -1, -1):
        if speaker is None or state.turns[index].user_id == speaker:
            return index
    if speaker is None:
        raise FlowError("fishbowl.no_turn_yet")
    raise FlowError("fishbowl.no_turn_for_speaker")


def add_point(
    state: FishbowlState,
    text: str,
    author: int,
    speaker: int | None,
    source: str | None,
    now: datetime,
) -> FishbowlState:
    """Add a key point to a turn (a repeated source was refused before, by the move table)."""
    text = check_point(text)
    index = _target_turn(state, speaker)
    turn = state.turns[index]
    point = KeyPoint(text=text, author=author, at=now, source=source)
    updated = turn.model_copy(update={"points": (*turn.points, point)})
    turns = (*state.turns[:index], updated, *state.turns[index + 1 :])
    return state.model_copy(update={"turns": turns})


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
