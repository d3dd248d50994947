"""What every workshop format shares: frozen values, the one error type, effects and timers.

A flow is a module with a frozen state model, frozen event models and one
function ``apply(state, event, now) -> Step``. ``apply`` never does I/O: it
returns the new state and the effects the adapter must carry out
(announcements). An illegal move raises ``FlowError`` and changes nothing,
because states are frozen and a new state is only returned on success.

Timers are derived from state, not returned as effects: a round's state
carries ``deadline`` (or ``None``); the adapter stores it with the round and
arms a warning one minute before and the expiry at the deadline, also after a
restart. When they fire, the adapter applies ``TimerWarning`` or
``TimerExpired``; a timer that fires for a deadline the state no longer has
(it was extended or the round closed) is ignored by the flow.
"""

from __future__ import annotations

import unicodedata
import weakref
from collections import OrderedDict
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

WARNING_BEFORE = timedelta(minutes=1)
SYSTEM = 0
"""The actor id of the bot itself (timers)."""


class Value(BaseModel):
    """A frozen value: events, states and effects can't change after creation."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class FlowError(Exception):
    """An illegal move. ``key`` names the message in the catalogue; the state is unchanged."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params


class Announce(Value):
    """A message the adapter sends.

    ``key`` and ``params`` are looked up in the translation catalogue. ``people``
    maps placeholders to user ids; the adapter fills each with the person's
    name as that person consented to be shown. ``to`` is ``None`` for the
    session chat, or a user id for a private message to that person.
    """

    key: str
    params: dict[str, str | int] = {}
    people: dict[str, int] = {}
    to: int | None = None


StateT = TypeVar("StateT", bound=Value)
MemoT = TypeVar("MemoT")


class Memo(Generic[StateT, MemoT]):
    """Something derived from a state, kept for the last few state objects.

    A cache, never a source of truth: an entry counts only for the very object
    it was derived from (checked by weak reference, so a recycled ``id`` can't
    match), and a missing entry is simply derived again. A step that knows the
    new state's value cheaply (the old one plus the change) ``take``s the old
    entry, changes it, and keeps it for the new state.
    """

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._kept: OrderedDict[int, tuple[weakref.ref[StateT], MemoT]] = OrderedDict()

    def get(self, state: StateT) -> MemoT | None:
        kept = self._kept.get(id(state))
        return kept[1] if kept is not None and kept[0]() is state else None

    def take(self, state: StateT) -> MemoT | None:
        """The state's value, which from now on belongs to the caller (the entry is dropped)."""
        value = self.get(state)
        if value is not None:
            del self._kept[id(state)]
        return value

    def keep(self, state: StateT, value: MemoT) -> None:
        self._kept.pop(id(state), None)
        while len(self._kept) >= self._size:
            self._kept.popitem(last=False)
        self._kept[id(state)] = (weakref.ref(state), value)


class Step(Value, Generic[StateT]):
    """The outcome of applying one event: the new state and what to announce."""

    state: StateT
    effects: tuple[Announce, ...] = ()


class Event(Value):
    """Base of every event: who did it (a Telegram user id, ``SYSTEM`` for timers)."""

    actor: int


class TimerWarning(Event):
    """One minute before ``deadline``."""

    deadline: datetime


class TimerExpired(Event):
    """The round's ``deadline`` was reached."""

    deadline: datetime


def deadline_after(now: datetime, minutes: float | None) -> datetime | None:
    """The deadline ``minutes`` from ``now``, or none without a duration."""
    return None if minutes is None else now + timedelta(minutes=minutes)


def extended(deadline: datetime | None, now: datetime, minutes: float) -> datetime:
    """A deadline ``minutes`` later; a timer that ran out (or none) starts again from now."""
    start = now if deadline is None else max(deadline, now)
    return start + timedelta(minutes=minutes)


def short(text: str, width: int | None) -> str:
    """The text cut to ``width`` characters with an ellipsis (``None``: as it is)."""
    if width is None or len(text) <= width:
        return text
    return text[: max(0, width - 1)].rstrip() + "…"


def has_visible_text(text: str) -> bool:
    """True if ``text`` holds more than spaces, control, format (zero-width) or combining marks."""
    return any(unicodedata.category(char)[0] not in "CZM" for char in text)


FORGOTTEN = -1
"""The user id that replaces a person who asked to be forgotten but let their words stay."""
