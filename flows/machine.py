"""One machine for every format: a move table per format, and the one ``apply`` that reads it.

In the spirit of h11's ``_state.py``, a format writes its rules of play as data.
Each row of its move table says, for one event type: the function that carries
the move out, the phases it is legal in, the roles that may send it, the phase
it leads to where that is fixed, and whether the event's ``source`` names it
once and for all (a contribution: the same message or press twice is a
duplicate). ``Machine.apply`` is the same for every format:

- no round yet: only the opening event starts one; a second opening is refused;
- a keyed event whose source the round has taken already is a duplicate
  (``FlowError("duplicate")``, silent for the adapter), before anything else;
- an event the table does not name, or names for other phases, is refused with
  the format's "not now" — unless the row says the event was made in time (a
  contribution sent while its phase held, that waited in a queue until after it);
- otherwise the handler runs and returns a ``Step``.

The queries ``legal`` and ``check`` answer "is this move allowed now?" from the
same table, so an adapter never builds a dummy event to ask; ``permissions``
feeds the one role matrix (``flows.roles.MATRIX``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from flows.access import Role
from flows.base import Event, FlowError, Step, TimerExpired, TimerWarning, Value

StateT = TypeVar("StateT", bound=Value)
PhaseT = TypeVar("PhaseT", bound=StrEnum)
Handler = Callable[[StateT, Any, datetime], Step[StateT]]

TIMERS: tuple[type[Event], ...] = (TimerWarning, TimerExpired)
"""The events the adapter's timers send: nobody may send them by hand."""


@dataclass(frozen=True, slots=True)
class Move(Generic[StateT, PhaseT]):
    """One row of a move table: how, when and by whom an event type is played."""

    handler: Handler[StateT]
    phases: frozenset[PhaseT]
    roles: frozenset[Role]
    to: PhaseT | Mapping[PhaseT, PhaseT] | None = None
    """The phase after the move: one for every phase, one per phase, or ``None`` (it stays).

    For a timer the phase changes only when the timer is the round's current one.
    """
    keyed: bool = False
    """The event's ``source`` names it: a source the round took before is a duplicate."""
    in_time: Callable[[StateT, Any], bool] | None = None
    """Whether an event that arrives outside ``phases`` was sent while the round was in one of
    them (it waited, in a queue or across a restart): it is then still taken."""

    def target(self, phase: PhaseT) -> PhaseT | None:
        """Where the move leads from ``phase``; ``None`` if it stays there."""
        if self.to is None or isinstance(self.to, StrEnum):
            return self.to
        return self.to.get(phase)


@dataclass(frozen=True, slots=True)
class Opening(Generic[StateT, PhaseT]):
    """The event that starts a round, who may send it, and the phase a round starts in."""

    event: type[Event]
    handler: Callable[[Any, datetime], Step[StateT]]
    roles: frozenset[Role]
    start: PhaseT


def never_seen(state: Any, source: str) -> bool:
    """For formats whose handlers keep no sources: nothing counts as taken."""
    return False


@dataclass(frozen=True)
class Machine(Generic[StateT, PhaseT]):
    """A format's whole table and the refusals in its own words; ``apply`` is shared."""

    name: str
    phase_type: type[PhaseT]
    opening: Opening[StateT, PhaseT]
    moves: Mapping[type[Event], Move[StateT, PhaseT]]
    phase_of: Callable[[StateT], PhaseT]
    not_open: Callable[[], FlowError]
    """The refusal of a move before the round was opened."""
    already_open: Callable[[StateT], FlowError]
    """The refusal of a second opening."""
    not_now: Callable[[StateT], FlowError]
    """The refusal of a move the table does not allow in the state's phase."""
    seen: Callable[[StateT, str], bool] = never_seen
    """Whether the round took this source already (checked for keyed moves only)."""
    remember: Callable[[StateT, Step[StateT], str], Step[StateT]] | None = None
    """Keeps a keyed move's source in (or beside) the new state, if the handler does not."""
    _legal: dict[type[Event], frozenset[PhaseT]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        legal = {event_type: move.phases for event_type, move in self.moves.items()}
        object.__setattr__(self, "_legal", legal)

    def apply(self, state: StateT | None, event: Event, now: datetime) -> Step[StateT]:
        """Apply one event; an illegal move raises ``FlowError`` and changes nothing."""
        if state is None:
            if type(event) is not self.opening.event:
                raise self.not_open()
            return self.opening.handler(event, now)
        move = self.moves.get(type(event))
        if move is None:
            if type(event) is self.opening.event:
                raise self.already_open(state)
            raise self.not_now(state)
        source: str | None = getattr(event, "source", None) if move.keyed else None
        if source is not None and self.seen(state, source):
            raise FlowError("duplicate")
        if self.phase_of(state) not in move.phases and not (
                move.in_time is not None and move.in_time(state, event)):
            raise self.not_now(state)
        step = move.handler(state, event, now)
        if source is None or self.remember is None:
            return step
        return self.remember(state, step, source)

    def legal(self, state: StateT, event_type: type[Event]) -> bool:
        """Whether the table allows ``event_type`` in the state's phase."""
        return self.phase_of(state) in self._legal.get(event_type, ())

    def check(self, state: StateT, event_type: type[Event]) -> None:
        """Refuse, as ``apply`` would, a move the table does not allow in the state's phase."""
        if not self.legal(state, event_type):
            raise self.not_now(state)

    def permissions(self) -> dict[type, frozenset[Role]]:
        """Who may send each event of the format, for the role matrix."""
        matrix: dict[type, frozenset[Role]] = {self.opening.event: self.opening.roles}
        matrix.update((event_type, move.roles) for event_type, move in self.moves.items())
        return matrix

    def transitions(self) -> Iterator[tuple[PhaseT, type[Event], PhaseT | None]]:
        """Every (phase, event type, next phase or ``None`` for staying) the table allows."""
        for phase in self.phase_type:
            for event_type, move in self.moves.items():
                if phase in move.phases:
                    yield phase, event_type, move.target(phase)


def phases(*names: PhaseT) -> frozenset[PhaseT]:
    """A set of phases, to write a table row briefly."""
    return frozenset(names)


