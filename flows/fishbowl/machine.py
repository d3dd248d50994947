"""The fishbowl: an inner circle with one empty chair, a queue for it, timed seats, a protocol.

The rules, in plain words:

- A facilitator opens a fishbowl on a topic with 3 to 9 chairs (default 5), an
  optional seat time and an optional overall duration. One chair is always kept
  empty, so the facilitator can seat at most ``chairs - 1`` people directly
  (the first occupants, e.g. rapporteurs labelled "WS1"); nobody sits twice.
- The facilitator may mark a seated person's seat as fixed (a rapporteur, a
  panellist; also when seating them) and free it again. A fixed seat's person
  is never asked to leave.
- Anyone may queue for the empty chair, once, and not while seated; they may
  leave the queue. The queue is first come, first served, or, if the
  facilitator switches it, "first-time speakers first": people who have not yet
  sat move ahead of those who have, each group in the order they joined.
- ``/next`` (facilitator) seats the first in the queue. It is refused when
  nobody waits or no chair is free. If the newcomer took the last free chair,
  the circle must free one again: the one seated longest on a seat that is not
  fixed is asked by name to leave, in the same announcement; if every other
  seat is fixed, ``/next`` is refused. Until someone leaves there is no free chair.
  If someone already chose to leave, their chair was free and nobody is asked.
- A seated person may leave at any time; the chair becomes the empty chair. If
  someone else leaves while a person was asked to leave, that person may stay.
- With a seat time, the adapter arms a reminder for every occupant; when it
  fires the person is reminded and the facilitator decides what happens.
- The facilitator or a note-taker taps a seated person to start their speaking
  clock; the next tap on them stops it; a tap on another seated person stops the
  running clock and starts theirs. Leaving the circle stops one's clock.
- Note-takers and the facilitator add key points for whoever holds the floor:
  the person whose clock runs, or without a running clock the person seated
  most recently (the note-taker may then name another seated person with a
  button), or a named person's latest turn; the speaker may add points to their
  own running turn. The clock is optional: without it, points land on untimed
  turns, and the protocol lists them without times.
- ``/close`` (any time) or the end of the overall duration closes the fishbowl:
  seats and clocks stop and a summary is announced. Nothing changes afterwards.

Every seat period and every speaking turn keeps its times, so the draft can list
the order of seats and the speaking time per person (``report``).
"""

from __future__ import annotations

from datetime import datetime
from math import ceil

from flows import access as roles
from flows.base import (
    Announce,
    FlowError,
    Step,
    TimerExpired,
    TimerWarning,
    deadline_after,
    extended,
)
from flows.fishbowl.model import (
    DEFAULT_CHAIRS,
    MAX_CHAIRS,
    MIN_CHAIRS,
    AddOwnPoint,
    AddPoint,
    AssignPoint,
    Close,
    Extend,
    FishbowlState,
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
    check_chairs,
    check_label,
    check_minutes,
    check_topic,
)
from flows.fishbowl.parse import parse_open, parse_point, parse_seat, read_open
from flows.fishbowl.points import add_point, assign_point, floor_holder, forget, has_point_from
from flows.fishbowl.report import (
    FishbowlSummary,
    current_speaker,
    free_chairs,
    is_seated,
    occupants,
    queue_order,
    running_turn,
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
from flows.machine import Machine, Move, Opening, phases

__all__ = [
    "DEFAULT_CHAIRS", "MACHINE", "MAX_CHAIRS", "MIN_CHAIRS", "AddOwnPoint", "AddPoint",
    "AssignPoint", "Close", "Extend", "FishbowlState", "FishbowlSummary", "FixSeat",
    "JoinQueue", "KeyPoint", "LeaveCircle", "LeaveQueue", "OpenFishbowl", "Phase", "QueueEntry",
    "QueueOrder", "Seat", "SeatNext", "SeatPerson", "SeatTimeUp", "SetQueueOrder", "Speaks",
    "Turn", "Unseat", "apply", "check", "current_speaker", "floor_holder", "forget",
    "free_chairs", "is_seated", "legal", "occupants", "parse_open", "parse_point", "parse_seat",
    "queue_order", "read_open", "seat_order", "seat_seconds", "seat_time_due", "seat_time_up",
    "shares", "speaking_seconds", "summary", "tap_starts", "totals_by",
]  # fmt: skip

# --- opening, timers, closing ------------------------------------------------------------


def open_fishbowl(event: OpenFishbowl, now: datetime) -> Step[FishbowlState]:
    state = FishbowlState(
        phase=Phase.OPEN,
        topic=check_topic(event.topic),
        chairs=check_chairs(event.chairs),
        seat_minutes=check_minutes(event.seat_minutes),
        facilitator=event.actor,
        opened_at=now,
        deadline=deadline_after(now, check_minutes(event.minutes)),
    )
    params: dict[str, str | int] = {"topic": state.topic, "chairs": state.chairs}
    if state.seat_minutes is None:
        return Step(state=state, effects=(Announce(key="fishbowl.opened", params=params),))
    params["seat_minutes"] = _whole_minutes(state.seat_minutes)
    return Step(
        state=state, effects=(Announce(key="fishbowl.opened_with_seat_time", params=params),)
    )


def _whole_minutes(minutes: float) -> int:
    return max(1, ceil(minutes))


def extend(state: FishbowlState, event: Extend, now: datetime) -> Step[FishbowlState]:
    minutes = check_minutes(event.minutes)
    assert minutes is not None
    new = state.model_copy(update={"deadline": extended(state.deadline, now, minutes)})
    return Step(
        state=new,
        effects=(Announce(key="fishbowl.extended", params={"minutes": _whole_minutes(minutes)}),),
    )


def timer_warning(state: FishbowlState, event: TimerWarning, now: datetime) -> Step[FishbowlState]:
    if event.deadline != state.deadline:
        return Step(state=state)
    return Step(
        state=state,
        effects=(Announce(key="fishbowl.one_minute_left", params={"topic": state.topic}),),
    )


def timer_expired(state: FishbowlState, event: TimerExpired, now: datetime) -> Step[FishbowlState]:
    if event.deadline != state.deadline:
        return Step(state=state)
    return _close(state, now, "fishbowl.time_up")


def close(state: FishbowlState, event: Close, now: datetime) -> Step[FishbowlState]:
    return _close(state, now, "fishbowl.closed")


def _close(state: FishbowlState, now: datetime, key: str) -> Step[FishbowlState]:
    new = state.model_copy(
        update={
            "phase": Phase.CLOSED,
            "closed_at": now,
            "deadline": None,
            "queue": (),
            "asked_to_leave": None,
            "seats": tuple(_end_seat(seat, now) for seat in state.seats),
            "turns": _stop_clock(state.turns, now),
        }
    )
    total = sum(speaking_seconds(new).values())
    params: dict[str, str | int] = {
        "topic": new.topic,
        "people": len(seat_order(new)),
        "minutes": round(total / 60),
    }
    return Step(state=new, effects=(Announce(key=key, params=params),))


def _end_seat(seat: Seat, now: datetime) -> Seat:
    return seat if seat.end is not None else seat.model_copy(update={"end": now})


def _stop_clock(turns: tuple[Turn, ...], now: datetime) -> tuple[Turn, ...]:
    if turns and turns[-1].end is None:
        return (*turns[:-1], turns[-1].model_copy(update={"end": now}))
    return turns


# --- the circle --------------------------------------------------------------------------


def seat_person(state: FishbowlState, event: SeatPerson, now: datetime) -> Step[FishbowlState]:
    if is_seated(state, event.user_id):
        raise FlowError("fishbowl.already_seated")
    if len(occupants(state)) >= state.chairs - 1:
        raise FlowError("fishbowl.circle_full", max=state.chairs - 1)
    label = check_label(event.label)
    new = _sit_down(state, event.user_id, now, label, fixed=event.fixed)
    people = {"person": event.user_id}
    if label is None:
        return Step(state=new, effects=(Announce(key="fishbowl.seated", people=people),))
    said = Announce(key="fishbowl.seated_with_label", params={"label": label}, people=people)
    return Step(state=new, effects=(said,))


def _sit_down(
    state: FishbowlState, user_id: int, now: datetime, label: str | None, *, fixed: bool = False
) -> FishbowlState:
    seat = Seat(user_id=user_id, start=now, label=label, fixed=fixed)
    return state.model_copy(
        update={
            "seats": (*state.seats, seat),
            "queue": tuple(entry for entry in state.queue if entry.user_id != user_id),
        }
    )


def seat_next(state: FishbowlState, event: SeatNext, now: datetime) -> Step[FishbowlState]:
    waiting = queue_order(state)
    if not waiting:
        raise FlowError("fishbowl.queue_empty")
    if free_chairs(state) < 1:
        raise FlowError("fishbowl.no_free_chair")
    newcomer = waiting[0]
    movable = [seat.user_id for seat in occupants(state) if not seat.fixed]
    if free_chairs(state) == 1 and not movable:
        raise FlowError("fishbowl.all_seats_fixed")
    new = _sit_down(state, newcomer, now, None)
    if free_chairs(new) > 0:
        return Step(
            state=new,
            effects=(Announce(key="fishbowl.took_free_chair", people={"newcomer": newcomer}),),
        )
    leaver = movable[0]  # seated longest on a seat not fixed: periods are kept in order
    new = new.model_copy(update={"asked_to_leave": leaver})
    people = {"newcomer": newcomer, "leaver": leaver}
    longest = occupants(state)[0].user_id
    key = "fishbowl.took_empty_chair" if longest == leaver else "fishbowl.took_empty_chair_fixed"
    return Step(state=new, effects=(Announce(key=key, people=people),))


def leave_circle(state: FishbowlState, event: LeaveCircle, now: datetime) -> Step[FishbowlState]:
    return _stand_up(state, event.actor, now, "fishbowl.not_seated")


def unseat(state: FishbowlState, event: Unseat, now: datetime) -> Step[FishbowlState]:
    return _stand_up(state, event.user_id, now, "fishbowl.person_not_seated")


def _stand_up(
    state: FishbowlState, user_id: int, now: datetime, refusal: str
) -> Step[FishbowlState]:
    if not is_seated(state, user_id):
        raise FlowError(refusal)
    seats = tuple(_end_seat(seat, now) if seat.user_id == user_id else seat for seat in state.seats)
    turns = _stop_clock(state.turns, now) if current_speaker(state) == user_id else state.turns
    effects = [Announce(key="fishbowl.left_circle", people={"person": user_id})]
    asked = state.asked_to_leave
    if asked is not None and asked != user_id:
        effects.append(Announce(key="fishbowl.may_stay", people={"person": asked}))
    new = state.model_copy(update={"seats": seats, "turns": turns, "asked_to_leave": None})
    return Step(state=new, effects=tuple(effects))


def fix_seat(state: FishbowlState, event: FixSeat, now: datetime) -> Step[FishbowlState]:
    """Mark a seat fixed or free it; the live message shows it, nothing is posted."""
    seat = next((s for s in occupants(state) if s.user_id == event.user_id), None)
    if seat is None:
        raise FlowError("fishbowl.fix_not_seated")
    if seat.fixed is event.fixed:
        raise FlowError("fishbowl.already_fixed" if event.fixed else "fishbowl.not_fixed")
    if event.fixed and state.asked_to_leave == event.user_id:
        raise FlowError("fishbowl.fix_asked_to_leave")
    seats = tuple(s.model_copy(update={"fixed": event.fixed}) if s is seat else s
                  for s in state.seats)
    return Step(state=state.model_copy(update={"seats": seats}))


def seat_time_is_up(state: FishbowlState, event: SeatTimeUp, now: datetime) -> Step[FishbowlState]:
    seat = next(
        (s for s in occupants(state) if s.user_id == event.user_id and s.start == event.since),
        None,
    )
    if seat is None or seat.reminded or state.seat_minutes is None:
        return Step(state=state)  # stale: that seat period ended, or the reminder was already sent
    seats = tuple(s.model_copy(update={"reminded": True}) if s is seat else s for s in state.seats)
    params: dict[str, str | int] = {"minutes": _whole_minutes(state.seat_minutes)}
    announce = Announce(
        key="fishbowl.seat_time_up",
        params=params,
        people={"person": seat.user_id, "facilitator": state.facilitator},
    )
    return Step(state=state.model_copy(update={"seats": seats}), effects=(announce,))


# --- the queue ---------------------------------------------------------------------------


def join_queue(state: FishbowlState, event: JoinQueue, now: datetime) -> Step[FishbowlState]:
    if is_seated(state, event.actor):
        raise FlowError("fishbowl.queue_while_seated")
    if any(entry.user_id == event.actor for entry in state.queue):
        raise FlowError("fishbowl.already_queued", position=_position(state, event.actor))
    queue = (*state.queue, QueueEntry(user_id=event.actor, since=now))
    return Step(state=state.model_copy(update={"queue": queue}))


def _position(state: FishbowlState, user_id: int) -> int:
    return queue_order(state).index(user_id) + 1


def leave_queue(state: FishbowlState, event: LeaveQueue, now: datetime) -> Step[FishbowlState]:
    if not any(entry.user_id == event.actor for entry in state.queue):
        raise FlowError("fishbowl.not_queued")
    queue = tuple(entry for entry in state.queue if entry.user_id != event.actor)
    return Step(state=state.model_copy(update={"queue": queue}))


def set_queue_order(
    state: FishbowlState, event: SetQueueOrder, now: datetime
) -> Step[FishbowlState]:
    if event.order is state.order:
        raise FlowError("fishbowl.order_unchanged")
    new = state.model_copy(update={"order": event.order})
    return Step(state=new, effects=(Announce(key=f"fishbowl.order_{event.order.value}"),))


# --- the speaking clock and key points ---------------------------------------------------


def speaks(state: FishbowlState, event: Speaks, now: datetime) -> Step[FishbowlState]:
    if not is_seated(state, event.user_id):
        raise FlowError("fishbowl.speaker_not_seated")
    running = current_speaker(state)
    if event.start is True and running == event.user_id:
        raise FlowError("fishbowl.already_speaking")
    if event.start is False and running != event.user_id:
        raise FlowError("fishbowl.not_speaking_now")
    turns = _stop_clock(state.turns, now)
    if running != event.user_id:
        turns = (*turns, Turn(user_id=event.user_id, start=now))
    return Step(state=state.model_copy(update={"turns": turns}))


def add_key_point(state: FishbowlState, event: AddPoint, now: datetime) -> Step[FishbowlState]:
    return Step(state=add_point(state, event.text, event.actor, event.speaker, event.source, now))


def reassign_point(state: FishbowlState, event: AssignPoint, now: datetime) -> Step[FishbowlState]:
    return Step(state=assign_point(state, event.point, event.user_id, now))


def add_own_point(state: FishbowlState, event: AddOwnPoint, now: datetime) -> Step[FishbowlState]:
    turn = running_turn(state)
    if turn is None or turn.user_id != event.actor:
        raise FlowError("fishbowl.not_speaking")
    return Step(state=add_point(state, event.text, event.actor, event.actor, event.source, now))


OPEN, CLOSED = Phase
ANY = frozenset(Phase)
MACHINE: Machine[FishbowlState, Phase] = Machine(
    name="fishbowl",
    phase_type=Phase,
    opening=Opening(OpenFishbowl, open_fishbowl, roles.STEER, start=OPEN),
    moves={
        SeatPerson: Move(seat_person, phases(OPEN), roles.STEER),
        Unseat: Move(unseat, phases(OPEN), roles.STEER),
        FixSeat: Move(fix_seat, phases(OPEN), roles.STEER),
        SetQueueOrder: Move(set_queue_order, phases(OPEN), roles.STEER),
        SeatNext: Move(seat_next, phases(OPEN), roles.STEER),
        Extend: Move(extend, phases(OPEN), roles.STEER),
        Close: Move(close, phases(OPEN), roles.STEER, to=CLOSED),
        Speaks: Move(speaks, phases(OPEN), roles.RECORD),
        AddPoint: Move(add_key_point, phases(OPEN), roles.RECORD, keyed=True),
        AssignPoint: Move(reassign_point, phases(OPEN), roles.RECORD),
        JoinQueue: Move(join_queue, phases(OPEN), roles.TAKE_PART),
        LeaveQueue: Move(leave_queue, phases(OPEN), roles.TAKE_PART),
        LeaveCircle: Move(leave_circle, phases(OPEN), roles.TAKE_PART),
        AddOwnPoint: Move(add_own_point, phases(OPEN), roles.TAKE_PART, keyed=True),
        SeatTimeUp: Move(seat_time_is_up, ANY, frozenset()),  # stale once closed: ignored
        TimerWarning: Move(timer_warning, ANY, frozenset()),
        TimerExpired: Move(timer_expired, ANY, frozenset(), to={OPEN: CLOSED}),
    },
    phase_of=lambda state: state.phase,
    not_open=lambda: FlowError("fishbowl.not_open"),
    already_open=lambda state: FlowError("fishbowl.already_open"),
    not_now=lambda state: FlowError("fishbowl.not_now", phase=state.phase.value),
    seen=has_point_from,
)
"""The fishbowl's moves: which event, in which phase, by whom, to which phase."""
apply = MACHINE.apply
legal = MACHINE.legal
check = MACHINE.check
