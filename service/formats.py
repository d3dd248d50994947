"""A format's pure part: what the round service needs to carry out a move on one of its rounds.

The flow's state model and ``apply``, whether a state is still open, its
deadline, how it is stored and read back, and the timers derived from it.
How a round looks in a chat (live messages, buttons) belongs to an adapter,
which extends this class (``bot.formats.Format``).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Generic, TypeVar

from flows.access import Matrix
from flows.base import SYSTEM, Event, Step, TimerExpired, TimerWarning, Value
from storage.records import RoundRecord

StateT = TypeVar("StateT", bound=Value)


@dataclass(frozen=True)
class Reminder:
    """A format's own timer: apply ``event`` to the round at ``at``; ``key`` names it."""

    key: str
    at: datetime
    event: Event


class RoundFormat(ABC, Generic[StateT]):
    """One workshop format as the round service sees it: no chat, no rendering."""

    kind: str
    state_type: type[StateT]
    permissions: Matrix = MappingProxyType({})
    """Who may send the format's events when its flow is not one of ``flows.roles.MATRIX``'s
    (none of the workshop's own formats; a stand-in format in a test)."""

    @abstractmethod
    def apply(self, state: StateT | None, event: Event, now: datetime) -> Step[StateT]: ...

    @abstractmethod
    def is_open(self, state: StateT) -> bool:
        """Whether the round still takes part in the session (not closed)."""

    def dump(self, round_id: int, state: StateT) -> str:
        """The state as stored; formats with long lists reuse the JSON of unchanged items."""
        return state.model_dump_json()

    def parse(self, record: RoundRecord) -> StateT:
        return record.state(self.state_type)

    def deadline(self, state: StateT) -> datetime | None:
        value = getattr(state, "deadline", None)
        return value if isinstance(value, datetime) else None

    def people_in(self, state: StateT) -> set[int]:
        """User ids the round's view names (their profiles are loaded to show it)."""
        return set()

    @abstractmethod
    def close_event(self, actor: int) -> Event: ...

    @abstractmethod
    def extend_event(self, actor: int, minutes: float) -> Event: ...

    def forget(self, state: StateT, user_id: int, erase: bool) -> StateT:
        return state

    def reminders(self, state: StateT) -> Sequence[Reminder]:
        """Timers of the format's own, derived from the state (re-armed after each step)."""
        return ()

    def timer_events(self, deadline: datetime) -> tuple[Event, Event]:
        """The warning and the expiry a round's deadline brings."""
        return (TimerWarning(actor=SYSTEM, deadline=deadline),
                TimerExpired(actor=SYSTEM, deadline=deadline))
