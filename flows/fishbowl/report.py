"""Read-only questions about a fishbowl: who sits, who waits, who speaks, and the totals.

The live message, the seat-time timers and the documentation draft use these;
``apply`` uses them too, so that the rules and the display agree.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from datetime import datetime, timedelta
from typing import TypeVar

from flows.base import Value
from flows.fishbowl.model import FishbowlState, QueueOrder, Seat, Turn

K = TypeVar("K", bound=Hashable)


def occupants(state: FishbowlState) -> tuple[Seat, ...]:
    """The seat periods still running, longest seated first."""
    return tuple(seat for seat in state.seats if seat.end is None)


def is_seated(state: FishbowlState, user_id: int) -> bool:
    return any(seat.user_id == user_id for seat in occupants(state))


def free_chairs(state: FishbowlState) -> int:
    """Chairs nobody sits on, the empty chair included."""
    return state.chairs - len(occupants(state))


def has_sat(state: FishbowlState, user_id: int) -> bool:
    return any(seat.user_id == user_id for seat in state.seats)


def queue_order(state: FishbowlState) -> tuple[int, ...]:
    """Who gets the empty chair next, first to last, under the chosen fairness option."""
    waiting = tuple(entry.user_id for entry in state.queue)
    if state.order is QueueOrder.FIFO:
        return waiting
    first_timers = tuple(uid for uid in waiting if not has_sat(state, uid))
    return first_timers + tuple(uid for uid in waiting if has_sat(state, uid))


def running_turn(state: FishbowlState) -> Turn | None:
    if state.turns and state.turns[-1].end is None:
        return state.turns[-1]
    return None


def current_speaker(state: FishbowlState) -> int | None:
    turn = running_turn(state)
    return None if turn is None else turn.user_id


def tap_starts(state: FishbowlState, user_id: int) -> bool:
    """Whether a tap on this person starts their speaking clock (a tap on the speaker stops it)."""
    return current_speaker(state) != user_id


# --- seat time ---------------------------------------------------------------------------


def seat_time_due(state: FishbowlState) -> tuple[tuple[int, datetime], ...]:
    """(person, when their seat time is up) for every occupant not yet reminded.

    The adapter arms one timer per entry and applies ``SeatTimeUp`` when it fires.
    """
    if state.seat_minutes is None:
        return ()
    length = timedelta(minutes=state.seat_minutes)
    return tuple(
        (seat.user_id, seat.start + length) for seat in occupants(state) if not seat.reminded
    )


def seat_time_up(state: FishbowlState, now: datetime) -> tuple[int, ...]:
    """The occupants whose seat time is up at ``now`` and who were not reminded yet."""
    return tuple(uid for uid, due in seat_time_due(state) if due <= now)


# --- totals ------------------------------------------------------------------------------


def _seconds(start: datetime, end: datetime | None, now: datetime | None) -> int:
    stop = end if end is not None else now
    return 0 if stop is None else max(0, round((stop - start).total_seconds()))


def speaking_seconds(state: FishbowlState, now: datetime | None = None) -> dict[int, int]:
    """Speaking seconds per person, in order of first turn; a running turn counts up to ``now``."""
    totals: dict[int, int] = {}
    for turn in (turn for turn in state.turns if turn.timed):
        totals[turn.user_id] = totals.get(turn.user_id, 0) + _seconds(turn.start, turn.end, now)
    return totals


def seat_seconds(state: FishbowlState, now: datetime | None = None) -> dict[int, int]:
    """Seconds in the inner circle per person, in order of first seat."""
    totals: dict[int, int] = {}
    for seat in state.seats:
        totals[seat.user_id] = totals.get(seat.user_id, 0) + _seconds(seat.start, seat.end, now)
    return totals


def seat_order(state: FishbowlState) -> tuple[int, ...]:
    """Everyone who sat in the inner circle, once each, in the order they first sat down."""
    return tuple(dict.fromkeys(seat.user_id for seat in state.seats))


def totals_by(per_person: Mapping[int, int], group_of: Callable[[int], K]) -> dict[K, int]:
    """Sum per-person totals by group (the adapter maps people to sectors)."""
    totals: dict[K, int] = {}
    for user_id, amount in per_person.items():
        key = group_of(user_id)
        totals[key] = totals.get(key, 0) + amount
    return totals


def shares(totals: Mapping[K, int]) -> dict[K, float]:
    """Each total's share of the sum (0.0 to 1.0); all zero if nothing was counted."""
    whole = sum(totals.values())
    return {key: (amount / whole if whole else 0.0) for key, amount in totals.items()}


class FishbowlSummary(Value):
    """What the closing message and the draft need, without names or rendering."""

    topic: str
    seat_order: tuple[int, ...]
    seats: tuple[Seat, ...]
    speaking_seconds: tuple[tuple[int, int], ...]
    """(person, seconds), in the order of their first turn."""
    total_speaking_seconds: int


def summary(state: FishbowlState, now: datetime | None = None) -> FishbowlSummary:
    speaking = speaking_seconds(state, now)
    return FishbowlSummary(
        topic=state.topic,
        seat_order=seat_order(state),
        seats=state.seats,
        speaking_seconds=tuple(speaking.items()),
        total_speaking_seconds=sum(speaking.values()),
    )
