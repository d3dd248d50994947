"""A stand-in format for the round service's tests: a tally that people bump until it is stopped.

Small on purpose, so that the tests need none of the real formats (and no Telegram).
"""

from __future__ import annotations

from datetime import datetime
from types import MappingProxyType

from flows import roles
from flows.base import Event, FlowError, Step, Value
from service.formats import RoundFormat


class Tally(Value):
    count: int = 0
    is_open: bool = True
    last_at: datetime | None = None
    """When the newest move happened, as the service's clock said."""


class StartTally(Event):
    pass


class Bump(Event):
    pass


class StopTally(Event):
    pass


class TallyFormat(RoundFormat[Tally]):
    kind = "tally"
    state_type = Tally
    permissions = MappingProxyType(
        {StartTally: roles.STEER, Bump: roles.TAKE_PART, StopTally: roles.STEER})

    def apply(self, state: Tally | None, event: Event, now: datetime) -> Step[Tally]:
        if state is None:
            return Step(state=Tally(last_at=now))
        if isinstance(event, Bump):
            return Step(state=state.model_copy(update={"count": state.count + 1, "last_at": now}))
        if isinstance(event, StopTally):
            return Step(state=state.model_copy(update={"is_open": False, "last_at": now}))
        raise FlowError("tally.unknown")

    def is_open(self, state: Tally) -> bool:
        return state.is_open

    def close_event(self, actor: int) -> Event:
        return StopTally(actor=actor)

    def extend_event(self, actor: int, minutes: float) -> Event:
        return StopTally(actor=actor)
