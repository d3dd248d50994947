"""The fishbowl: its rules as a pure state machine.

Where to look: ``machine.py`` has the rules in plain words, the move table and
``apply`` (seats, the queue, the empty chair, the end); ``model.py`` the state
and events; ``parse.py`` the commands as text; ``points.py`` the key points of
the protocol and forgetting a person; ``report.py`` the read-only questions
(who sits, who waits, who speaks, totals). Callers import from here.
"""

from __future__ import annotations

from flows.fishbowl.machine import (
    DEFAULT_CHAIRS,
    MACHINE,
    MAX_CHAIRS,
    MIN_CHAIRS,
    AddOwnPoint,
    AddPoint,
    AssignPoint,
    Close,
    Extend,
    FishbowlState,
    FishbowlSummary,
    FixSeat,
    JoinQueue,
    KeyPoint,
    LeaveCircle,
    LeaveQueue,
    OpenFishbowl,
    Phase,
    QueueEntry,
    QueueOrder,
    Seat,
    SeatNext,
    SeatPerson,
    SeatTimeUp,
    SetQueueOrder,
    Speaks,
    Turn,
    Unseat,
    apply,
    check,
    current_speaker,
    floor_holder,
    forget,
    free_chairs,
    is_seated,
    legal,
    occupants,
    parse_open,
    parse_point,
    parse_seat,
    queue_order,
    seat_order,
    seat_seconds,
    seat_time_due,
    seat_time_up,
    shares,
    speaking_seconds,
    summary,
    tap_starts,
    totals_by,
)

__all__ = [
    "DEFAULT_CHAIRS", "MACHINE", "MAX_CHAIRS", "MIN_CHAIRS", "AddOwnPoint", "AddPoint",
    "AssignPoint", "Close", "Extend", "FishbowlState", "FishbowlSummary", "FixSeat",
    "JoinQueue", "KeyPoint", "LeaveCircle", "LeaveQueue", "OpenFishbowl", "Phase", "QueueEntry",
    "QueueOrder", "Seat", "SeatNext", "SeatPerson", "SeatTimeUp", "SetQueueOrder", "Speaks",
    "Turn", "Unseat", "apply", "check", "current_speaker", "floor_holder", "forget",
    "free_chairs", "is_seated", "legal", "occupants", "parse_open", "parse_point", "parse_seat",
    "queue_order", "seat_order", "seat_seconds", "seat_time_due", "seat_time_up", "shares",
    "speaking_seconds", "summary", "tap_starts", "totals_by",
]
