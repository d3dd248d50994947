"""The fishbowl's values: its phases, what it stores, and the events that move it.

Rules live in ``flows.fishbowl``; this module only says what there is. Seat
periods and speaking turns keep their start and end times, because the
documentation draft lists the order of seats with times and the speaking time
per person.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flows.base import Event, FlowError, Value, has_visible_text

MIN_CHAIRS = 3
MAX_CHAIRS = 9
DEFAULT_CHAIRS = 5
MAX_TOPIC = 200
MAX_LABEL = 20
MAX_POINT = 1000
MAX_MINUTES = 24 * 60
"""The longest seat time or timer (longer ones are typing mistakes, and overflow dates)."""


class Phase(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class QueueOrder(StrEnum):
    FIFO = "fifo"
    """First come, first served."""
    FIRST_TIME_FIRST = "first_time_first"
    """People who have not yet sat in the circle move ahead of those who have."""


class QueueEntry(Value):
    user_id: int
    since: datetime


class Seat(Value):
    """One person's period in the inner circle; ``end`` is None while they sit."""

    user_id: int
    start: datetime
    end: datetime | None = None
    label: str | None = None
    reminded: bool = False
    """The seat-time reminder for this period was announced."""
    fixed: bool = False
    """A fixed seat (a rapporteur, a panellist): its person is never asked to leave."""


class KeyPoint(Value):
    text: str
    author: int
    at: datetime
    source: str | None = None


class Turn(Value):
    """One speaking period, timed by the speaking clock, with its key points."""

    user_id: int
    start: datetime
    end: datetime | None = None
    points: tuple[KeyPoint, ...] = ()
    timed: bool = True
    """False for a turn nobody timed: key points noted without a running clock."""


class FishbowlState(Value):
    phase: Phase
    topic: str
    chairs: int
    """All chairs of the inner circle, the empty chair included."""
    facilitator: int
    opened_at: datetime
    seat_minutes: float | None = None
    closed_at: datetime | None = None
    deadline: datetime | None = None
    order: QueueOrder = QueueOrder.FIFO
    queue: tuple[QueueEntry, ...] = ()
    """In the order people joined; ``flows.fishbowl.queue_order`` applies the fairness option."""
    seats: tuple[Seat, ...] = ()
    """Every seat period, in the order people sat down."""
    turns: tuple[Turn, ...] = ()
    """Every speaking turn, in order; at most the last one is running."""
    asked_to_leave: int | None = None
    """Who was asked to free a chair after the empty chair was taken."""


# --- events ---------------------------------------------------------------------------


class OpenFishbowl(Event):
    topic: str
    chairs: int = DEFAULT_CHAIRS
    seat_minutes: float | None = None
    minutes: float | None = None
    """Optional duration of the whole fishbowl."""


class SeatPerson(Event):
    """The facilitator seats someone directly (the first occupants, rapporteurs)."""

    user_id: int
    label: str | None = None
    fixed: bool = False
    """Seat them on a fixed seat (a rapporteur the facilitator keeps in the circle)."""


class FixSeat(Event):
    """The facilitator marks a seated person's seat as fixed, or frees it again (``fixed``)."""

    user_id: int
    fixed: bool = True


class JoinQueue(Event):
    """The actor wants the empty chair."""


class LeaveQueue(Event):
    """The actor no longer waits for the empty chair."""


class LeaveCircle(Event):
    """The actor stands up; their chair becomes the empty chair."""


class Unseat(Event):
    """The facilitator records that someone left the circle (e.g. the one asked to leave)."""

    user_id: int


class SetQueueOrder(Event):
    order: QueueOrder


class SeatNext(Event):
    """``/next``: the first in the queue takes the empty chair."""


class Speaks(Event):
    """A tap on a seated person's name: starts their speaking clock, or stops it if running.

    ``start`` says what the tap meant when the button was drawn (True: start,
    False: stop); a second tap on the same button then changes nothing instead of
    undoing the first. ``None`` toggles (``/speaks``).
    """

    user_id: int
    start: bool | None = None


class AddPoint(Event):
    """A note-taker or facilitator records a key point for whoever holds the floor.

    ``speaker`` None means the person whose clock runs, or else the person seated
    most recently; a named ``speaker`` gets it on their latest turn.
    """

    text: str
    speaker: int | None = None
    source: str | None = None


class AssignPoint(Event):
    """A note-taker names, with a button, whose key point it was (the point from ``point``)."""

    point: str
    """The ``source`` of the point, as its button carried it."""
    user_id: int


class AddOwnPoint(Event):
    """The current speaker records a key point of their own running turn."""

    text: str
    source: str | None = None


class SeatTimeUp(Event):
    """A seat's time is up (applied by the adapter's timer, as SYSTEM)."""

    user_id: int
    since: datetime
    """The start of the seat period the timer was armed for; other periods ignore it."""


class Extend(Event):
    minutes: float


class Close(Event):
    pass


# --- checks shared by parsing and apply ------------------------------------------------


def check_topic(topic: str) -> str:
    topic = topic.strip()
    if not has_visible_text(topic):
        raise FlowError("fishbowl.no_topic")
    if len(topic) > MAX_TOPIC:
        raise FlowError("fishbowl.topic_too_long", max=MAX_TOPIC)
    return topic


def check_chairs(chairs: int) -> int:
    if not MIN_CHAIRS <= chairs <= MAX_CHAIRS:
        raise FlowError("fishbowl.chairs_out_of_range", min=MIN_CHAIRS, max=MAX_CHAIRS)
    return chairs


def check_minutes(minutes: float | None) -> float | None:
    if minutes is not None and not 0 < minutes <= MAX_MINUTES:
        raise FlowError("fishbowl.bad_duration")
    return minutes


def check_label(label: str | None) -> str | None:
    if label is None:
        return None
    label = " ".join(label.split())
    if not has_visible_text(label):
        return None
    if len(label) > MAX_LABEL:
        raise FlowError("fishbowl.label_too_long", max=MAX_LABEL)
    return label


def check_point(text: str) -> str:
    text = text.strip()
    if not has_visible_text(text):
        raise FlowError("fishbowl.empty_point")
    if len(text) > MAX_POINT:
        raise FlowError("fishbowl.point_too_long", max=MAX_POINT)
    return text
