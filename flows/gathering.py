"""What a round that gathers contributions until it closes shares: one open phase, a timer, an end.

Questions from the floor and the closing round work alike around their own
contributions: they open, take contributions while *open*, may get a timer
(``/extend``) whose last minute is announced and whose end closes them, and
close with ``/close``. A contribution sent while the round was open counts
even when it is handled after the close (it waited in a queue); Telegram dates
messages in whole seconds, so one sent in the very second of the close counts
as late. A timer that fires for a deadline the round no longer has changes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from math import ceil
from typing import Any, TypeVar

from flows import access as roles
from flows.base import (
    Announce,
    Event,
    FlowError,
    Step,
    TimerExpired,
    TimerWarning,
    Value,
    extended,
)
from flows.machine import Move, phases

MAX_MINUTES = 24 * 60


class Phase(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class GatheringState(Value):
    """The part of the state every gathering round has."""

    phase: Phase
    opened_by: int
    opened_at: datetime
    closed_at: datetime | None = None
    deadline: datetime | None = None


S = TypeVar("S", bound=GatheringState)


def check_minutes(minutes: float | None) -> float | None:
    if minutes is not None and not 0 < minutes <= MAX_MINUTES:
        raise FlowError("core.duration_out_of_range")
    return minutes


def sent_while_open(state: GatheringState, sent: datetime | None) -> bool:
    """A contribution handled after the close that was sent before it: it still counts."""
    return (sent is not None and state.closed_at is not None
            and sent < state.closed_at.replace(microsecond=0))


def extend(state: S, minutes: float, now: datetime, key: str) -> Step[S]:
    """A timer, or a longer one; the announcement says by how many minutes."""
    checked = check_minutes(minutes)
    assert checked is not None
    new = state.model_copy(update={"deadline": extended(state.deadline, now, checked)})
    params: dict[str, str | int] = {"minutes": max(1, ceil(checked))}
    return Step(state=new, effects=(Announce(key=key, params=params),))


def is_current(state: GatheringState, timer: TimerWarning | TimerExpired) -> bool:
    """Whether a timer is the open round's current one (an old one changes nothing)."""
    return timer.deadline == state.deadline and state.phase is Phase.OPEN


def warn(state: S, timer: TimerWarning, announce: Announce) -> Step[S]:
    """One minute left: ``announce``, if the timer is still the round's."""
    return Step(state=state, effects=(announce,) if is_current(state, timer) else ())


def closed(state: S, now: datetime) -> S:
    """The round closed now: no timer any more."""
    return state.model_copy(update={"phase": Phase.CLOSED, "closed_at": now, "deadline": None})


def steering(
    extend_type: type[Event], close_type: type[Event], prefix: str,
    close_with: Callable[[S, datetime, str], Step[S]],
    warning_params: Callable[[S], dict[str, str | int]] = lambda state: {},
) -> dict[type[Event], Move[S, Phase]]:
    """The rows every gathering round's table has: ``/extend`` and ``/close`` by those who
    steer while it is open, the timer's last minute and its end (which closes an open round).
    The announcements are ``<prefix>.extended``, ``.one_minute_left``, ``.time_up`` and
    ``.closed``; ``close_with(state, now, key)`` closes with the format's own summary."""
    def extend_move(state: S, event: Any, now: datetime) -> Step[S]:
        return extend(state, event.minutes, now, f"{prefix}.extended")

    def warning(state: S, event: TimerWarning, now: datetime) -> Step[S]:
        return warn(state, event, Announce(key=f"{prefix}.one_minute_left",
                                           params=warning_params(state)))

    def expired(state: S, event: TimerExpired, now: datetime) -> Step[S]:
        if not is_current(state, event):
            return Step(state=state)
        return close_with(state, now, f"{prefix}.time_up")

    def close(state: S, event: Any, now: datetime) -> Step[S]:
        return close_with(state, now, f"{prefix}.closed")

    everywhere = frozenset(Phase)
    return {
        extend_type: Move(extend_move, phases(Phase.OPEN), roles.STEER),
        close_type: Move(close, phases(Phase.OPEN), roles.STEER, to=Phase.CLOSED),
        TimerWarning: Move(warning, everywhere, frozenset()),
        TimerExpired: Move(expired, everywhere, frozenset(), to={Phase.OPEN: Phase.CLOSED}),
    }
